"""`manage.py send_calendar_reminders [--date YYYY-MM-DD]`: e-mail coordinators about duties
due soon or late (cron-safe: each reminder is sent once, see `assessments.calendar`)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from assessments.calendar import send_duty_reminders


class Command(BaseCommand):
    help = "E-mail each partnership's coordinators about duties due in 30, 14, 7 or 1 days, or late."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="act as if today were this day (YYYY-MM-DD)")

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"--date “{options['date']}” is not a date: write YYYY-MM-DD.") from None
        sent = send_duty_reminders(today=today)
        self.stdout.write(f"{sent} calendar reminder(s) sent.")
