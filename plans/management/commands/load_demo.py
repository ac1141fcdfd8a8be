"""`manage.py load_demo`: fictional demo partnerships with a plan, two years of updates, an open
round for the current quarter and logins."""

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from plans.demo_content import TRY_FIRST
from plans.demo_data import DEMO_PASSWORD, demo_load, demo_logins, demo_summary


class Command(BaseCommand):
    help = (
        "Load a fictional demo partnership (Marshfield) with a live strategy, two years of quarterly "
        "updates, an open round for the current quarter and one login per role, plus a second "
        "partnership (Eastbrook). Dates are worked out from today. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load the demo even in production, where it would add logins with a published password.",
        )

    def handle(self, *args, allow_production: bool = False, **options):
        if getattr(settings, "PRODUCTION", False) and not allow_production:
            raise CommandError(
                "Refusing to load demo data in production: it adds logins with a published password. "
                "Pass --allow-production if you really mean to."
            )
        demo_load()
        for username, role in demo_logins():
            self.stdout.write(f"username: {username} password: {DEMO_PASSWORD} role: {role}")
            if username in TRY_FIRST:
                self.stdout.write(f"  try first: {TRY_FIRST[username]}")
        for app_config in apps.get_app_configs():  # apps above plans add to the demo (e.g. publish it)
            for line in getattr(app_config, "demo_extend", list)():
                self.stdout.write(line)
        self.stdout.write(demo_summary())
