"""Time the import of a generated 200-row Word plan (nothing is kept: the import rolls back)."""

import datetime
import io
import time

from django.core.management.base import BaseCommand
from django.db import transaction

from partners.services import partnership_create
from plans.importing.services import plan_import, plan_import_parse

HEADER = ["Action Plan No", "Action", "Outcome", "Project", "Target", "Lead Officer and Organisation",
          "Budget £", "Progress narrative / Risk", "Progress (RAG)"]  # fmt: skip
LEADS = ["Rob Mitchell FDC", "Aarron Locks FDC & Joe Keegan CCC", "Police Insp Simon Tabert", "Si Kerss CCC"]


def build_docx(rows: int) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Benchmark partnership delivery plan")
    for theme in range(1, 5):
        document.add_paragraph(f"Theme {theme} – Generated theme {theme}")
    table = document.add_table(rows=1, cols=len(HEADER))
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = text
    for n in range(rows):
        theme, action = n % 4 + 1, n // 8 + 1
        first_row_of_action = n % 2 == 0
        cells = table.add_row().cells
        values = [
            f"{theme}.2.{action}" if first_row_of_action else "",
            f"Action {n} to reduce harm" if first_row_of_action else "",
            "1. Fewer incidents 2. More reports" if first_row_of_action else "",
            f"Project {n}: patrols and awareness",
            "Target 85%",
            LEADS[n % len(LEADS)],
            "£12,000 post recruitment £2,000 cook and chat" if first_row_of_action else "",
            "Update for 17/07/2014\nPlanned.\nUpdate for 22/10/2014\nDelivered to 57 people.",
            ["Green", "Amber", "Red", "Complete"][n % 4],
        ]
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class Command(BaseCommand):
    help = "Print how long importing a 200-row Word plan takes."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=200)

    def handle(self, *args, rows: int, **options):
        data = build_docx(rows)
        with transaction.atomic():
            partnership = partnership_create(name="Benchmark CSP", slug="benchmark-import-csp")
            started = time.perf_counter()
            parsed = plan_import_parse(
                data=data, filename="benchmark.docx", plan_start=datetime.date(2014, 4, 1)
            )
            parsed_at = time.perf_counter()
            result = plan_import(
                partnership=partnership,
                parsed=parsed,
                user=None,
                title="Benchmark plan",
                start_date=datetime.date(2014, 4, 1),
                end_date=datetime.date(2015, 3, 31),
                source_name="benchmark.docx",
            )
            finished = time.perf_counter()
            transaction.set_rollback(True)
        self.stdout.write(
            f"{rows}-row DOCX ({len(data) // 1024} KB): read {parsed_at - started:.2f} s, "
            f"write {finished - parsed_at:.2f} s, total {finished - started:.2f} s; "
            f"{result.totals['actions']} actions, {result.totals['rows']} rows, "
            f"{result.totals['updates']} updates"
        )
