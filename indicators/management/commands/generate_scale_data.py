"""`manage.py generate_scale_data`: fill an empty database with realistic data in bulk, to measure
the pages at the size of every partnership in a county or region over many years."""

import datetime
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from indicators.scale_data import SCALE_PASSWORD, scale_generate


class Command(BaseCommand):
    help = (
        "Generate partnerships × years × actions of reproducible data (users, memberships, plans, "
        "themes, actions with 1-3 rows, targets with figures, quarterly accepted updates with RAG, an "
        "open round, indicators with values, carried-over actions), then ANALYZE on PostgreSQL."
    )

    def add_arguments(self, parser):
        parser.add_argument("--partnerships", type=int, default=200)
        parser.add_argument("--years", type=int, default=5, help="Plans per partnership, one a year.")
        parser.add_argument("--actions", type=int, default=120, help="Actions per plan.")
        parser.add_argument("--seed", type=int, default=18)
        parser.add_argument("--today", type=datetime.date.fromisoformat, help="Default: today.")
        parser.add_argument("--no-history", action="store_true", help="Skip simple-history rows.")

    def handle(self, *args, partnerships, years, actions, seed, today, no_history, **options):
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("Refusing to generate scale data in production: it adds logins.")
        for name, value in (("--partnerships", partnerships), ("--years", years), ("--actions", actions)):
            if value < 1:
                raise CommandError(f"{name} must be 1 or more, not {value}.")
        started = time.perf_counter()
        try:
            counts, logins = scale_generate(
                partnerships=partnerships,
                years=years,
                actions=actions,
                seed=seed,
                today=today or datetime.date.today(),
                history=not no_history,
                progress=lambda line: self.stdout.write(line),
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        for username, role in logins:
            self.stdout.write(f"username: {username} password: {SCALE_PASSWORD} role: {role}")
        self.stdout.write(f"made {counts.summary()} in {time.perf_counter() - started:.0f} s (seed {seed})")
