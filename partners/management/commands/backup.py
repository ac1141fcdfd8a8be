"""Back up the database and the stored files into one archive (cron-safe; see README)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from csp_tracker.backups import BackupError, backup_create


class Command(BaseCommand):
    help = "Write the database (pg_dump -Fc, or SQLite's online backup) and MEDIA_ROOT into one .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", required=True, type=Path, help="The archive to write, e.g. backup.tar.gz."
        )

    def handle(self, *args, output: Path, **options):
        try:
            summary = backup_create(output=output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Backed up {summary.records} records ({summary.engine}) and {summary.files} files "
            f"to {summary.path}."
        )
