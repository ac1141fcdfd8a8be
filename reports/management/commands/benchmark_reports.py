"""Time the delivery plan PDF for the demo plan and for a generated 120-action plan.

For each, prints the whole render (queries, templates, WeasyPrint) and the time WeasyPrint alone
takes to lay out the same HTML again, so our own overhead is visible. The generated plan is
built in a transaction that is rolled back: nothing is left behind.
"""

import datetime
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from csp_tracker.periods import financial_year_of
from indicators.scale_data import START_MONTH, ScaleCounts, scale_plan_build, scale_world_of
from partners.models import Partnership
from plans.models import Plan
from reports.pdf import html_to_pdf
from reports.renderers import delivery_plan_report


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Benchmark PDF rendering: demo plan and a generated 120-action plan."

    def add_arguments(self, parser):
        parser.add_argument("--actions", type=int, default=120)
        parser.add_argument("--plan", type=int, help="The plan to time (default: the demo strategy).")

    def handle(self, *args, actions: int, plan: int | None, **options):
        demo = (
            Plan.objects.filter(pk=plan)
            if plan
            else Plan.objects.filter(partnership__slug="marshfield", status=Plan.Status.LIVE)
        )
        first = demo.select_related("partnership").order_by("pk").first()
        if first is None:
            raise CommandError("No plan to time: run `manage.py load_demo` first, or pass --plan ID.")
        lines = [self._time(f"plan {first.pk} ({first.title})", first)]
        try:
            with transaction.atomic():
                generated = self._generate(first.partnership, actions)
                lines.append(self._time(f"generated plan ({actions} actions)", generated))
                raise Rollback
        except Rollback:
            pass
        for line in lines:
            self.stdout.write(line)
        self.stdout.write(f"benchmarked {len(lines)} plans")

    def _time(self, label: str, plan: Plan) -> str:
        started = time.perf_counter()
        report = delivery_plan_report(plan=plan)
        total = time.perf_counter() - started
        layout_started = time.perf_counter()
        html_to_pdf(report.html)
        layout = time.perf_counter() - layout_started
        return (
            f"{label}: {report.pages} pages, total {total:.2f} s "
            f"(of which WeasyPrint {report.layout_seconds:.2f} s, "
            f"ours {total - report.layout_seconds:.2f} s); "
            f"WeasyPrint alone on the same HTML {layout:.2f} s"
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
