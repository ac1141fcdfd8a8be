"""Restore the database and the stored files from an archive made by `manage.py backup`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from csp_tracker.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = "Replace the database and MEDIA_ROOT with a backup archive's contents (stop the site first)."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="An archive written by manage.py backup.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, archive: Path, yes: bool, **options):
        if not archive.is_file():
            raise CommandError(f"No such backup file: {archive}")
        if not yes and options.get("interactive", True):
            answer = input("This replaces the whole database and every stored file. Type 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled: nothing was changed.")
        try:
            summary = backup_restore(archive_path=archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {summary.records} records ({summary.engine}) and {summary.files} files "
            f"from {summary.path}."
        )
