"""Time importing generated plans: a 200-row Word plan, and a 6,000-row CSV from upload through
preview to import (nothing is kept: each rolls back)."""

import csv
import datetime
import io
import tempfile
import time

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError
from django.core.paginator import Paginator
from django.db import transaction
from django.template.loader import render_to_string
from django.test import RequestFactory, override_settings

from partners.services import partnership_create
from plans.import_views import PREVIEW_ROWS
from plans.importing.preview import preview_lines
from plans.importing.services import plan_import, plan_import_parse, plan_import_preview
from plans.importing.uploads import upload_store

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


CSV_HEADER = [
    "Priority",
    "No.",
    "Action",
    "Project",
    "Target",
    "Lead officer & agency",
    "Timescale / when by",
    "Budget £ (new money)",
    "Progress (to be completed by lead officer each quarter)",
    "RAG status Q3",
]


def build_csv(rows: int) -> bytes:
    """A plan of `rows` project rows, two per action, with a theme column: about 80 bytes a row."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for n in range(rows):
        theme, action = n % 6 + 1, n // 2 + 1
        first = n % 2 == 0
        writer.writerow(
            [
                f"{theme}. Priority {theme}",
                f"{theme}.{action}" if first else "",
                f"Action {action} to reduce harm" if first else "",
                f"Project {n}: patrols",
                "Target 85%",
                LEADS[n % len(LEADS)],
                "31/03/2015" if first else "",
                "£2,000" if first else "",
                f"Q{n % 4 + 1} update: {n} contacts made.",
                ["Green", "Amber", "Red"][n % 3],
            ]
        )
    return out.getvalue().encode("utf-8")


class Stopwatch:
    """Wall-clock and CPU seconds per step. On a busy machine the CPU time of this process (which
    includes SQLite's work, not a PostgreSQL server's) is closer to what a quiet machine shows."""

    def __init__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def lap(self) -> str:
        wall, cpu = time.perf_counter(), time.process_time()
        text = f"{wall - self.wall:.2f} s (CPU {cpu - self.cpu:.2f} s)"
        self.wall, self.cpu = wall, cpu
        return text


class Command(BaseCommand):
    help = "Print how long importing a 200-row Word plan, and previewing and importing a 6,000-row CSV, take."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=200)
        parser.add_argument("--csv-rows", type=int, default=6000, help="0 to skip the CSV benchmark.")

    def handle(self, *args, rows: int, csv_rows: int, **options):
        self.docx(rows)
        if csv_rows:
            self.csv(csv_rows)

    def csv(self, rows: int) -> None:
        """Upload (parse once and keep), preview (from the kept plan, rendered page), import."""
        data = build_csv(rows)
        start, end = datetime.date(2014, 4, 1), datetime.date(2015, 3, 31)
        with (
            tempfile.TemporaryDirectory() as media,
            override_settings(MEDIA_ROOT=media),
            transaction.atomic(),
        ):
            partnership = partnership_create(name="Benchmark CSP", slug="benchmark-import-csp")
            watch, total = Stopwatch(), Stopwatch()
            upload = upload_store(
                partnership=partnership,
                data=data,
                name="plan.csv",
                plan=None,
                title="B",
                start=start,
                end=end,
            )
            if upload.error:
                raise CommandError(upload.error)
            uploaded = watch.lap()
            parsed = upload.parsed()
            result = plan_import_preview(partnership=partnership, parsed=parsed, **upload.target(partnership))
            page = Paginator(preview_lines(parsed, result), PREVIEW_ROWS).get_page(1)
            request = RequestFactory().get("/")
            request.user = AnonymousUser()
            render_to_string(
                "plans/import_preview.html",
                {"partnership": partnership, "entry": upload, "target": upload.target(partnership),
                 "parsed": parsed, "result": result, "kinds": [], "page": page},
                request=request,
            )  # fmt: skip
            previewed = watch.lap()
            to_page = total.lap()
            result = plan_import(
                partnership=partnership, parsed=upload.parsed(), user=None, **upload.target(partnership)
            )
            imported = watch.lap()
            transaction.set_rollback(True)
        self.stdout.write(
            f"{rows}-row CSV ({len(data) // 1024} KB): upload (parse once and keep) {uploaded}, "
            f"preview page {previewed}, upload to preview {to_page}, import {imported}; "
            f"{result.totals['rows']} rows, {result.totals['updates']} updates"
        )

    def docx(self, rows: int) -> None:
        data = build_docx(rows)
        with transaction.atomic():
            partnership = partnership_create(name="Benchmark CSP", slug="benchmark-import-csp")
            watch, total = Stopwatch(), Stopwatch()
            parsed = plan_import_parse(
                data=data,
                filename="benchmark.docx",
                plan_start=datetime.date(2014, 4, 1),
                year_start_month=partnership.year_start_month,
            )
            read = watch.lap()
            result = plan_import(
                partnership=partnership,
                parsed=parsed,
                user=None,
                title="Benchmark plan",
                start_date=datetime.date(2014, 4, 1),
                end_date=datetime.date(2015, 3, 31),
                source_name="benchmark.docx",
            )
            written, overall = watch.lap(), total.lap()
            transaction.set_rollback(True)
        self.stdout.write(
            f"{rows}-row DOCX ({len(data) // 1024} KB): read {read}, write {written}, total {overall}; "
            f"{result.totals['actions']} actions, {result.totals['rows']} rows, "
            f"{result.totals['updates']} updates"
        )
