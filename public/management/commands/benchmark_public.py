"""Time the public pages and the API on a generated, published plan of 120 actions.

Each URL is requested through the whole Django stack (middleware, views, templates) `--runs`
times after a warm-up, and the command prints p50, p95 and the slowest time with the number of
queries. Public pages are timed twice: rendered in full (the page cache emptied before each
request: the first visitor after a change) and served from the page cache (everyone else).
The plan is built in a transaction that is rolled back: nothing is left behind.
"""

import datetime
import random
import statistics
import time

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from api.services import token_create
from csp_tracker.periods import financial_year_of
from indicators.scale_data import START_MONTH, ScaleCounts, scale_plan_build, scale_world_of
from partners.models import Membership, Partnership
from plans.models import Plan
from public.services import plan_publish


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Benchmark the public plan page, an action page, the public CSV and the API on a 120-action plan."

    def add_arguments(self, parser):
        parser.add_argument("--actions", type=int, default=120)
        parser.add_argument("--runs", type=int, default=40)
        parser.add_argument("--partnership", default="marshfield", help="Slug of a partnership to build in.")

    def handle(self, *args, actions: int, runs: int, partnership: str, **options):
        home = Partnership.objects.filter(slug=partnership).first()
        membership = Membership.objects.filter(partnership=home).select_related("user").first()
        if home is None or membership is None:
            raise CommandError(
                f"No partnership '{partnership}' with a member: run `manage.py load_demo` first."
            )
        lines = []
        try:
            with transaction.atomic():
                plan = self._generate(home, actions)
                plan_publish(plan=plan, show_risk=False)
                raw = token_create(user=membership.user, name="benchmark", days=1)[1]
                host = (settings.ALLOWED_HOSTS or ["localhost"])[0].lstrip(".")
                client = Client(HTTP_HOST=host)
                action = plan.actions.order_by("sort_key").first()
                slug = home.slug
                public = [
                    ("public plan page", reverse("public_plan", args=[slug, plan.pk])),
                    ("public action page", reverse("public_action", args=[slug, plan.pk, action.pk])),
                    ("public CSV", reverse("public_plan_csv", args=[slug, plan.pk])),
                ]
                for label, url in public:
                    lines.append(self._time(client, f"{label}, rendered", url, {}, runs, fresh=True))
                    lines.append(self._time(client, f"{label}, from the page cache", url, {}, runs))
                api = reverse("api-row-list") + f"?plan={plan.pk}"
                token = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
                lines.append(self._time(client, "API rows (a page of 100)", api, token, runs))
                raise Rollback
        except Rollback:
            pass
        for line in lines:
            self.stdout.write(line)
        self.stdout.write(
            f"benchmarked {len(lines)} URLs on a published plan of {actions} actions, {runs} runs each"
        )

    def _time(self, client: Client, label: str, url: str, headers: dict, runs: int, fresh=False) -> str:
        """`fresh`: the page cache is emptied before each request, so each is rendered in full."""
        response = client.get(url, **headers)  # warm-up
        if response.status_code != 200:
            raise CommandError(f"{label}: {url} answered {response.status_code}")
        timings = []
        connection.queries_log.clear()  # a full log (after building the plan) would count nothing
        if fresh:
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            client.get(url, **headers)
        queries = len(captured)  # now: the requests below may clear the log it reads
        for _ in range(runs):
            if fresh:
                cache.clear()
            started = time.perf_counter()
            client.get(url, **headers)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
        return (
            f"{label}: p50 {statistics.median(timings):.0f} ms, p95 {p95:.0f} ms, max {timings[-1]:.0f} ms, "
            f"{queries} queries, {len(response.content) // 1024} KB"
        )

    def _generate(self, partnership: Partnership, count: int) -> Plan:
        """A live plan of `count` actions for this year, built as `generate_scale_data` builds
        its plans (rows, leads, targets, figures, accepted updates for past quarters)."""
        return scale_plan_build(
            world=scale_world_of(partnership),
            year=financial_year_of(datetime.date.today(), START_MONTH),
            actions=count,
            today=datetime.date.today(),
            rng=random.Random(18),
            counts=ScaleCounts(),
            history=False,
        )
