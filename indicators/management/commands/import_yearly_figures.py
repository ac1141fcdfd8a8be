"""`manage.py import_yearly_figures FILE --partnership SLUG [--dry-run]`: ten years' figures."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indicators.services import CsvRejected
from indicators.yearly_import import yearly_figures_import
from partners.models import Partnership


class Command(BaseCommand):
    help = (
        "Import yearly indicator values and populations from a CSV with columns Indicator, Area and "
        "one per year (e.g. 2015/16 ... 2024/25). Any bad cell rejects the whole file."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--partnership", required=True, help="the partnership's slug")
        parser.add_argument("--dry-run", action="store_true", help="check the file, write nothing")

    def handle(self, *args, **options):
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            raise CommandError(f"No partnership has the slug “{options['partnership']}”.")
        try:
            content = Path(options["file"]).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error.strerror}.") from error
        try:
            result = yearly_figures_import(
                partnership=partnership, content=content, dry_run=options["dry_run"]
            )
        except CsvRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"Nothing imported: {len(rejected.errors)} problem(s) in {options['file']}."
            ) from None
        prefix = "Checked (nothing written): " if options["dry_run"] else ""
        self.stdout.write(prefix + result.summary)
