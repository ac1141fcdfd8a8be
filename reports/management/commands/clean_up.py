"""Remove stale import uploads and expired report files; fail reports whose worker died.

Safe to run as often as you like (cron: hourly). `--schedule` queues the self-repeating
background task instead, for an installation whose `db_worker` should do it.
"""

from django.core.management.base import BaseCommand

from reports.retention import clean_up
from reports.tasks import clean_up_schedule


class Command(BaseCommand):
    help = "Delete stale import uploads and expired report files; mark stalled reports failed."

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule", action="store_true", help="Also queue the hourly clean-up task for db_worker."
        )

    def handle(self, *args, **options):
        summary = clean_up()
        if options["schedule"]:
            clean_up_schedule()
        self.stdout.write(
            str(summary) + (" The hourly clean-up task is queued." if options["schedule"] else "")
        )
