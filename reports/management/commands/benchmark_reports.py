"""Time the delivery plan PDF for the demo plan and for a generated 120-action plan.

For each, prints the whole render (queries, templates, WeasyPrint) and the time WeasyPrint alone
takes to lay out the same HTML again, so our own overhead is visible. The generated plan is
built in a transaction that is rolled back: nothing is left behind.
"""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from partners.models import Organisation, Partnership, Person
from plans.models import Action, Plan, ProgressUpdate, ProjectRow, Theme
from plans.services import rows_refresh_current
from reports.pdf import html_to_pdf
from reports.renderers import delivery_plan_report

NARRATIVE = (
    "Work continued as agreed at the last partnership meeting. Referrals rose against the same quarter "
    "last year and partners shared case studies with the analyst. A review of the approach is planned "
    "for the next quarter, with findings to be reported to the board."
)


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
        today = datetime.date.today()
        plan = Plan.objects.create(
            partnership=partnership,
            title="Benchmark plan",
            start_date=today,
            end_date=today.replace(year=today.year + 1),
        )
        org = Organisation.objects.filter(partnership=partnership).first()
        person = Person.objects.create(partnership=partnership, name="Benchmark Lead", organisation=org)
        statuses = list(partnership.rag_statuses.all())
        themes = [Theme.objects.create(plan=plan, number=str(n), title=f"Theme {n}") for n in range(1, 5)]
        for n in range(count):
            theme = themes[n % len(themes)]
            action = Action.objects.create(
                plan=plan,
                theme=theme,
                reference=f"{theme.number}.{n + 1}",
                title=f"Benchmark action {n + 1}",
                outcome="Fewer victims and more confidence in partners.",
            )
            for position in (1, 2) if n % 3 == 0 else (1,):
                row = ProjectRow.objects.create(
                    action=action,
                    position=position,
                    description=f"Project {position} of action {n + 1}",
                    target_text="Increase referrals by 5% on the 2023/24 baseline",
                )
                row.lead_people.add(person)
                ProgressUpdate.objects.create(
                    row=row,
                    period_year=today.year,
                    period_quarter=1,
                    update_date=today,
                    author_name="Benchmark",
                    narrative=NARRATIVE,
                    risk="Staff capacity.",
                    rag=statuses[n % len(statuses)] if statuses else None,
                    status=ProgressUpdate.Status.ACCEPTED,
                )
                rows_refresh_current(row_ids=[row.pk])
        return plan
