import datetime

from django.core.management.base import BaseCommand

from plans.notifications import send_reminders


class Command(BaseCommand):
    help = (
        "E-mail lead officers with outstanding updates in open rounds (safe to run repeatedly, e.g. daily)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", type=datetime.date.fromisoformat, help="Pretend today is YYYY-MM-DD.")

    def handle(self, *args, date=None, **options):
        sent = send_reminders(today=date)
        self.stdout.write(f"sent {sent} reminder e-mail{'s' if sent != 1 else ''}")
