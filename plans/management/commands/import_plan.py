"""python manage.py import_plan FILE --partnership SLUG [--plan ID | --title T --start D --end D] ..."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from partners.models import Partnership
from partners.services import partnership_create
from plans.importing.headers import FIELD_LABELS
from plans.importing.ir import ImportedPlan, ImportFailed
from plans.importing.services import plan_import, plan_import_parse


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"“{text}” is not a date in the form YYYY-MM-DD.") from error


class Command(BaseCommand):
    help = "Import a plan from a Word (.docx), Excel (.xlsx) or CSV file."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--partnership", required=True, help="Slug; a new slug creates the partnership.")
        parser.add_argument(
            "--partnership-name", default="", help="Name of a partnership the import creates."
        )
        parser.add_argument("--plan", type=int, help="Import into this existing plan (re-import updates it).")
        parser.add_argument("--title")
        parser.add_argument("--start", type=_date)
        parser.add_argument("--end", type=_date)
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="HEADER=FIELD",
            help=f"Map an unrecognised header to a field: {', '.join(FIELD_LABELS)}.",
        )
        parser.add_argument(
            "--ignore-unknown",
            action="store_true",
            help="Import even though some columns are not recognised (they are left out).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be imported; write nothing."
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        mapping = self.mapping(options["map"])
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        plan = None
        if options["plan"]:
            if partnership is None:
                raise CommandError(f"No partnership with slug “{options['partnership']}”.")
            plan = partnership.plans.filter(pk=options["plan"]).first()
            if plan is None:
                raise CommandError(f"Partnership {partnership.slug} has no plan {options['plan']}.")
        elif not (options["title"] and options["start"] and options["end"]):
            raise CommandError("Give --plan ID, or --title, --start and --end for a new plan.")
        if partnership is None and not options["partnership_name"]:
            raise CommandError("A new partnership needs --partnership-name.")
        start = plan.start_date if plan else options["start"]
        try:
            parsed = plan_import_parse(
                data=path.read_bytes(),
                filename=path.name,
                mapping=mapping,
                plan_start=start,
                year_start_month=(
                    partnership.year_start_month
                    if partnership
                    else Partnership._meta.get_field("year_start_month").default
                ),
            )
            for warning in parsed.warnings:
                self.stderr.write(f"warning: {warning}")
            self.report_columns(parsed)
            self.check_unknown(parsed, options["ignore_unknown"])
            # One transaction for the new partnership and the plan; a dry run rolls both back.
            with transaction.atomic():
                if partnership is None:
                    partnership = partnership_create(
                        name=options["partnership_name"], slug=options["partnership"]
                    )
                result = plan_import(
                    partnership=partnership,
                    parsed=parsed,
                    user=None,
                    plan=plan,
                    title=options["title"] or "",
                    start_date=options["start"],
                    end_date=options["end"],
                    source_name=path.name,
                    dry_run=options["dry_run"],
                )
                if options["dry_run"]:
                    transaction.set_rollback(True)
        except ImportFailed as error:
            raise CommandError(str(error)) from error
        for item in result.colour_rags:
            self.stdout.write(f"{item.location}: status from cell colour {item.colour} → {item.status}")
        kinds = ", ".join(f"{count} {words}" for words, count in result.update_kind_lines)
        self.stdout.write(f"new updates: {kinds}")
        self.stdout.write(result.summary())

    def report_columns(self, parsed: ImportedPlan) -> None:
        """Which field each column became and how sure the match is."""
        for column in parsed.columns:
            if column.recognised:
                how = f"{column.confidence} ({column.reason})"
                self.stdout.write(f"{column.where}: column “{column.header}” → {column.label}: {how}")
            else:
                self.stdout.write(
                    f"{column.where}: column “{column.header}” → not recognised ({column.reason})"
                )

    def check_unknown(self, parsed: ImportedPlan, ignore_unknown: bool) -> None:
        unknown = [column for column in parsed.columns if not column.recognised]
        if not unknown or ignore_unknown:
            return
        lines = []
        for column in unknown:
            could = f" (it could be {' or '.join(column.candidates)})" if len(column.candidates) > 1 else ""
            first = ", ".join(f"“{sample}”" for sample in column.samples) or "no cells"
            lines.append(f"  {column.where}: “{column.header}”{could}; first cells: {first}")
        raise CommandError(
            "These columns are not recognised, so their contents would be lost:\n"
            + "\n".join(lines)
            + '\nSay what each holds with --map "Header=field" (fields: '
            + ", ".join(FIELD_LABELS)
            + "), or leave them out with --ignore-unknown."
        )

    def mapping(self, pairs: list[str]) -> dict[str, str]:
        mapping = {}
        for pair in pairs:
            header, _, field = pair.rpartition("=")
            if not header or field.strip() not in FIELD_LABELS:
                raise CommandError(
                    f"--map “{pair}”: give Header=field, field one of {', '.join(FIELD_LABELS)}."
                )
            mapping[header.strip()] = field.strip()
        return mapping
