"""Reports ready when asked: the open round's delivery plan and the next meeting's board pack are
kept rendered.

Rendering a 120-action delivery plan or board pack takes WeasyPrint several seconds, nearly all
of it layout, so the render itself is near its limit. Building the HTML it is printed from takes
a fraction of a second, and the PDF is a function of that HTML alone. So:

- At request time (`report_file_fresh`) the HTML is built as the requester would get it now and
  its digest compared with the digests of the copies kept (`ReportFile.html_digest`): the same
  digest is the same report, whoever it was rendered for, so the requester is given their own
  copy, or a copy of another reader's; otherwise it is rendered as before. This check is what
  keeps a copy honest: any change to what the report shows (the plan, its updates, the meeting's
  agenda, minutes, attendance or action log, the budget, indicators, the DHR register, the date,
  the reader's role or DHR grant) changes the HTML, and the copy is not served.
- In the background (`fresh_reports_render`), once changes that affect them have settled (no
  change for `FRESH_REPORTS_DEBOUNCE_SECONDS`), the reports are rendered again for one reader of
  each kind of audience (coordinator or not, cleared for DHR records or not): the open round's
  delivery plan of a live plan, and the board pack of the next meeting reviewing the plan. It
  only makes a current copy likely to be there.

A DHR section's read is logged when a reader is given the copy, not when it is prepared.
"""

import datetime
import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from dhr.reporting import dhr_section_read
from partners.audience import Audience
from partners.models import Meeting, Membership, Partnership
from plans.models import Plan
from plans.selectors import open_round, plan_changed_at
from reports.generation import PREPARERS, RENDER_FAILED, report_file_failed, report_file_store
from reports.models import ReportFile
from reports.renderers import PdfReport, ReportHtml
from reports.retention import report_files_expire

logger = logging.getLogger("csp.tasks")

FRESH_TASK_PATH = "reports.tasks.fresh_reports_task"


def debounce_seconds() -> int:
    return int(settings.FRESH_REPORTS_DEBOUNCE_SECONDS)


def _same_report(report_file: ReportFile) -> QuerySet[ReportFile]:
    """Finished files of the same report (kind and subject), for anyone."""
    subject: dict[str, Any] = {  # each may be None: the same None
        "plan_id": report_file.plan_id,
        "meeting_id": report_file.meeting_id,
        "scrutiny_report_id": report_file.scrutiny_report_id,
        "subject_id": report_file.subject_id,
    }
    return ReportFile.objects.filter(
        kind=report_file.kind,
        partnership_id=report_file.partnership_id,
        status=ReportFile.Status.DONE,
        **subject,
    ).order_by("-created_at", "-pk")


def _copies(report_file: ReportFile, digest: str) -> QuerySet[ReportFile]:
    """Finished files of the same report printed from the same HTML."""
    return _same_report(report_file).filter(html_digest=digest)


def _prepare(report_file: ReportFile) -> ReportHtml | None:
    """The HTML the (unsaved) request would be printed from now; None when its kind is not
    kept fresh, or when preparing fails (the render then fails on its page, as before)."""
    preparer = PREPARERS.get(report_file.kind)
    if preparer is None:
        return None
    try:
        return preparer(report_file, False)
    except Exception:  # the request still goes ahead: the worker records why it fails
        logger.exception("fresh_check_failed", extra={"kind": report_file.kind})
        return None


def report_file_fresh(*, report_file: ReportFile) -> ReportFile | None:
    """A finished file of the report the unsaved `report_file` asks for, exactly as its
    requester would get it now: their own copy, or a copy made for them of another reader's
    (the same HTML is the same PDF); None when there is no such copy."""
    prepared = _prepare(report_file)
    if prepared is None:
        return None
    copies = _copies(report_file, prepared.digest)
    served = copies.filter(requested_by_id=report_file.requested_by_id).first()
    if served is not None and served.prepared_ahead:  # now the reader's own: kept, as any request
        ReportFile.objects.filter(pk=served.pk).update(prepared_ahead=False)
        served.prepared_ahead = False
    if served is None:
        source = copies.first()
        if source is None:
            return None
        served = _copy_for(report_file, source, prepared)
        if served is None:
            return None
    if prepared.dhr is not None:
        dhr_section_read(
            partnership=report_file.partnership,
            user=report_file.requested_by,
            what=prepared.read_what,
            section=prepared.dhr,
        )
    return served


def _copy_for(report_file: ReportFile, source: ReportFile, prepared: ReportHtml) -> ReportFile | None:
    try:
        with source.file.open("rb") as kept:
            content = kept.read()
    except OSError:  # the kept file has gone (removed by hand): render as before
        logger.warning("fresh_copy_missing", extra={"report_file_id": source.pk})
        return None
    report_file.started_at = timezone.now()
    report = PdfReport(source.filename, content, source.pages or 0, 0.0, 0.0, prepared.html)
    report_file_store(report_file=report_file, report=report)
    return report_file


# --- in the background -----------------------------------------------------------------------


def fresh_reports_schedule(*, plan_id: int) -> None:
    """After a change that affects the plan's reports: render them again once changes have
    settled. One task waits per plan; each change moves it later (the debounce)."""
    from reports.tasks import fresh_reports_task

    if not fresh_reports_task.get_backend().supports_defer:
        return  # a backend that cannot wait (the immediate one, in tests): requests render as before

    def enqueue() -> None:  # once the change is committed (a rolled-back change schedules nothing)
        run_after = timezone.now() + datetime.timedelta(seconds=debounce_seconds())
        waiting = DBTaskResult.objects.filter(
            task_path=FRESH_TASK_PATH, status="READY", args_kwargs__args__0=plan_id
        )
        if not waiting.update(run_after=run_after):
            fresh_reports_task.using(run_after=run_after).enqueue(plan_id)

    transaction.on_commit(enqueue)


def fresh_reports_schedule_for(instance: Any) -> None:
    """Schedule the reports a changed record affects (see `plan_ids_of`)."""
    for plan_id in plan_ids_of(instance):
        fresh_reports_schedule(plan_id=plan_id)


def next_meeting(plan: Plan, today: datetime.date) -> Meeting | None:
    """The next meeting reviewing this plan: the board pack kept ready."""
    return (
        plan.meetings.filter(date__gte=today)
        .select_related("plan__partnership", "partnership")
        .order_by("date", "pk")
        .first()
    )


def fresh_readers(partnership: Partnership) -> list[User]:
    """One active member for each kind of audience a report differs by (coordinator or not,
    cleared for DHR records or not): coordinators first, then board members (viewers), then lead
    officers. Every other reader whose report is the same gets a copy of theirs."""
    memberships = (
        partnership.memberships.filter(user__is_active=True)
        .select_related("user")
        .annotate(
            rank=Case(
                When(role=Membership.Role.COORDINATOR, then=Value(0)),
                When(role=Membership.Role.VIEWER, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "pk")
    )
    readers: dict[tuple[bool, bool], User] = {}
    for membership in memberships:
        audience = Audience.of(membership.user, partnership)
        readers.setdefault((audience.is_coordinator, audience.sees_restricted), membership.user)
    return list(readers.values())


def fresh_reports_render(*, plan_id: int, now: datetime.datetime | None = None) -> int:
    """The background task's work: when the plan has been quiet for the debounce period, render
    its open round's delivery plan (a live plan) and its next meeting's board pack for each
    kind of reader, unless a current copy is there; else look again when it will have been.
    Returns how many files it rendered."""
    from reports.tasks import fresh_reports_task

    now = now or timezone.now()
    plan = Plan.objects.select_related("partnership").filter(pk=plan_id).first()
    if plan is None:
        return 0
    changed = plan_changed_at(plan)
    quiet_since = datetime.timedelta(seconds=debounce_seconds())
    if changed is not None and now - changed < quiet_since:
        fresh_reports_task.using(run_after=changed + quiet_since).enqueue(plan_id)
        return 0
    readers = fresh_readers(plan.partnership)
    wanted: list[ReportFile] = []
    if plan.status == Plan.Status.LIVE and open_round(plan) is not None:
        wanted += [
            ReportFile(
                kind=ReportFile.Kind.DELIVERY_PLAN, partnership=plan.partnership, plan=plan, requested_by=u
            )
            for u in readers
        ]
    meeting = next_meeting(plan, timezone.localdate(now))
    if meeting is not None:
        wanted += [
            ReportFile(
                kind=ReportFile.Kind.BOARD_PACK, partnership=plan.partnership, meeting=meeting, requested_by=u
            )
            for u in readers
        ]
    return sum(report_file_keep_fresh(report_file) for report_file in wanted)


def report_file_keep_fresh(report_file: ReportFile) -> int:
    """Render the report for its requester unless a copy of the same HTML is kept already; once
    kept, remove the copies of it prepared ahead for them before that nobody was given (each
    settled change would otherwise leave a PDF per reader until the retention period ends)."""
    prepared = _prepare(report_file)
    if prepared is None or _copies(report_file, prepared.digest).exists():
        return 0
    report_file.prepared_ahead = True
    report_file.status = ReportFile.Status.RUNNING
    report_file.started_at = timezone.now()
    report_file.full_clean()
    report_file.save()
    try:
        report_file_store(report_file=report_file, report=prepared.to_pdf())
    except Exception as error:  # one failure must not stop the other readers' copies
        report_file_failed(
            report_file=report_file, failure=RENDER_FAILED, error=f"{type(error).__name__}: {error}"
        )
        logger.exception("fresh_report_failed", extra={"report_file_id": report_file.pk})
        return 0
    replaced = _same_report(report_file).filter(requested_by_id=report_file.requested_by_id)
    report_files_expire(replaced.filter(prepared_ahead=True).exclude(pk=report_file.pk))
    return 1


def plan_ids_of(instance: Any) -> list[int]:
    """The plans whose kept reports a changed record may affect (a query or two at most): its
    plan for the plan's own records and money; for a meeting's records and the partnership's
    indicators, every plan an upcoming meeting of that partnership reviews (an earlier
    meeting's minutes and action log print in the next meeting's pack)."""
    from indicators.models import Indicator, IndicatorValue
    from partners.models import ResourceCommitment
    from plans.models import Action, Allocation, FundingSource, ProjectRow, Spend, Target, Theme
    from reports.models import ActionLogItem, AgendaItem, MeetingAttendance

    if isinstance(instance, Plan):
        return [instance.pk]
    if isinstance(instance, Theme | Action | FundingSource | Allocation | ResourceCommitment):
        return [instance.plan_id] if instance.plan_id else []
    if isinstance(instance, ProjectRow):
        return _present(Action.objects.filter(pk=instance.action_id).values_list("plan_id", flat=True))
    if isinstance(instance, Target):
        return _present(
            ProjectRow.objects.filter(pk=instance.row_id).values_list("action__plan_id", flat=True)
        )
    if isinstance(instance, Spend):
        return _present(
            Allocation.objects.filter(pk=instance.allocation_id).values_list("plan_id", flat=True)
        )
    partnership_id = None
    if isinstance(instance, Meeting | Indicator):
        partnership_id = instance.partnership_id
    elif isinstance(instance, AgendaItem | MeetingAttendance | ActionLogItem):
        partnership_id = (
            Meeting.objects.filter(pk=instance.meeting_id).values_list("partnership_id", flat=True).first()
        )
    elif isinstance(instance, IndicatorValue):
        partnership_id = (
            Indicator.objects.filter(pk=instance.indicator_id)
            .values_list("partnership_id", flat=True)
            .first()
        )
    if partnership_id is None:
        return []
    upcoming = Meeting.objects.filter(
        partnership_id=partnership_id, date__gte=timezone.localdate(), plan__isnull=False
    ).values_list("plan_id", flat=True)
    return sorted(set(upcoming))


def _present(ids: QuerySet) -> list[int]:
    return [plan_id for plan_id in ids[:1] if plan_id]
