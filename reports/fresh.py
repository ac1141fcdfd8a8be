"""Reports ready when asked: the open round's delivery plan is kept rendered.

Rendering a 120-action delivery plan takes WeasyPrint several seconds, nearly all of it layout,
so the render itself is near its limit. Instead, once accepted updates or structure changes to
a live plan with an open round have settled (no change for `FRESH_REPORTS_DEBOUNCE_SECONDS`), a
background task renders it again for each of the partnership's coordinators (as each would
see it). A request is then answered with that copy while nothing has changed since it was
rendered (`plans.selectors.plan_changed_at`, the same day, the requester's role unchanged);
otherwise it is rendered as before. The check at request time is what keeps a copy honest; the
background render only makes a current copy likely to be there.
"""

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from partners.models import Membership
from plans.models import Plan
from plans.selectors import open_round, plan_changed_at
from reports.models import ReportFile


def debounce_seconds() -> int:
    return int(settings.FRESH_REPORTS_DEBOUNCE_SECONDS)


def report_file_fresh(*, kind: str, plan: Plan, user: User) -> ReportFile | None:
    """The requester's delivery plan file rendered today after the plan last changed, if any."""
    if kind != ReportFile.Kind.DELIVERY_PLAN:
        return None
    latest = (
        ReportFile.objects.filter(kind=kind, plan=plan, requested_by=user, status=ReportFile.Status.DONE)
        .order_by("-created_at", "-pk")
        .first()
    )
    if latest is None or timezone.localdate(latest.created_at) != timezone.localdate():
        return None
    changed = plan_changed_at(plan)
    if changed is not None and changed >= latest.created_at:
        return None
    role_changed = (
        Membership.history.filter(user_id=user.pk, partnership_id=plan.partnership_id)
        .filter(history_date__gte=latest.created_at)
        .exists()
    )
    return None if role_changed else latest


def fresh_reports_schedule(*, plan_id: int) -> None:
    """After a change to the plan: render again once changes have settled (one pending task per
    plan and cache; a duplicate finds the copy current and does nothing)."""
    from reports.tasks import fresh_reports_task

    if not fresh_reports_task.get_backend().supports_defer:
        return  # a backend that cannot wait (the immediate one, in tests): requests render as before

    def enqueue() -> None:  # once the change is committed (a rolled-back change schedules nothing)
        if cache.add(f"fresh-reports:{plan_id}", 1, timeout=debounce_seconds()):
            run_after = timezone.now() + datetime.timedelta(seconds=debounce_seconds())
            fresh_reports_task.using(run_after=run_after).enqueue(plan_id)

    transaction.on_commit(enqueue)


def fresh_reports_render(*, plan_id: int, now: datetime.datetime | None = None) -> int:
    """The background task's work: render the open round's delivery plan for each coordinator
    when the plan has been quiet for the debounce period; else look again when it will have
    been. Returns how many files it rendered."""
    from reports.generation import report_file_generate
    from reports.tasks import fresh_reports_task

    now = now or timezone.now()
    plan = Plan.objects.select_related("partnership").filter(pk=plan_id).first()
    if plan is None or plan.status != Plan.Status.LIVE or open_round(plan) is None:
        return 0
    changed = plan_changed_at(plan)
    quiet_since = datetime.timedelta(seconds=debounce_seconds())
    if changed is not None and now - changed < quiet_since:
        fresh_reports_task.using(run_after=changed + quiet_since).enqueue(plan_id)
        return 0
    coordinators = User.objects.filter(
        memberships__partnership=plan.partnership,
        memberships__role=Membership.Role.COORDINATOR,
        is_active=True,
    ).order_by("pk")
    rendered = 0
    for user in coordinators:
        if report_file_fresh(kind=ReportFile.Kind.DELIVERY_PLAN, plan=plan, user=user) is not None:
            continue
        report_file = ReportFile.objects.create(
            kind=ReportFile.Kind.DELIVERY_PLAN, partnership=plan.partnership, plan=plan, requested_by=user
        )
        report_file_generate(report_file=report_file)
        rendered += 1
    return rendered


def plan_id_of(instance: Any) -> int | None:
    """The plan a changed plan, theme, action, row or target belongs to (one query at most)."""
    from plans.models import Action, ProjectRow, Target, Theme

    if isinstance(instance, Plan):
        return instance.pk
    if isinstance(instance, Theme | Action):
        return instance.plan_id
    if isinstance(instance, ProjectRow):
        return Action.objects.filter(pk=instance.action_id).values_list("plan_id", flat=True).first()
    if isinstance(instance, Target):
        return ProjectRow.objects.filter(pk=instance.row_id).values_list("action__plan_id", flat=True).first()
    return None
