"""Writes for generated report files: request one, then generate it (in a background task)."""

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from partners.models import Meeting
from plans.models import Plan
from reports.models import ReportFile, ScrutinyReport


def report_file_request(
    *,
    kind: str,
    user: User,
    plan: Plan | None = None,
    meeting: Meeting | None = None,
    scrutiny_report: ScrutinyReport | None = None,
) -> ReportFile:
    """Record the request and queue its generation once the record is committed (so the worker,
    which may be another process, can see it)."""
    from reports.tasks import generate_report_file_task

    owner = plan or meeting or scrutiny_report
    report_file = ReportFile(
        kind=kind,
        partnership=owner.partnership,
        plan=plan,
        meeting=meeting,
        scrutiny_report=scrutiny_report,
        requested_by=user,
    )
    with transaction.atomic():
        report_file.full_clean()
        report_file.save()
        transaction.on_commit(lambda: generate_report_file_task.enqueue(report_file.pk))
    return report_file


def _render(report_file: ReportFile):
    from reports.board_pack import board_pack_report
    from reports.renderers import delivery_plan_report
    from reports.scrutiny import scrutiny_report_pdf

    user = report_file.requested_by
    if report_file.kind == ReportFile.Kind.DELIVERY_PLAN:
        return delivery_plan_report(plan=report_file.plan, user=user)
    if report_file.kind == ReportFile.Kind.SCRUTINY:
        return scrutiny_report_pdf(report=report_file.scrutiny_report, user=user)
    return board_pack_report(meeting=report_file.meeting, user=user)


def report_file_generate(*, report_file: ReportFile) -> ReportFile:
    """Render the report as its requester sees it now and store it; a failure is recorded on the
    record (and shown on the progress page) rather than lost in a worker's log."""
    ReportFile.objects.filter(pk=report_file.pk).update(status=ReportFile.Status.RUNNING)
    try:
        report = _render(report_file)
    except Exception as error:  # the person waiting must learn it failed, whatever the cause
        report_file.status = ReportFile.Status.FAILED
        report_file.error = f"{type(error).__name__}: {error}"[:2000]
        report_file.finished_at = timezone.now()
        report_file.save(update_fields=["status", "error", "finished_at"])
        raise
    with transaction.atomic():
        report_file.file.save(report.filename, ContentFile(report.content), save=False)
        report_file.filename = report.filename
        report_file.content_type = "application/pdf"
        report_file.pages = report.pages
        report_file.status = ReportFile.Status.DONE
        report_file.finished_at = timezone.now()
        report_file.full_clean()
        report_file.save()
    return report_file


def scrutiny_report_create(*, plan: Plan, user: User, **header) -> ScrutinyReport:
    """A draft with every section pre-filled from the plan, ready for the coordinator to edit."""
    from reports.scrutiny import prefilled_sections

    report = ScrutinyReport(partnership=plan.partnership, plan=plan, created_by=user, **header)
    for field, text in prefilled_sections(plan).items():
        setattr(report, field, text)
    with transaction.atomic():
        report.full_clean()
        report.save()
    return report


def scrutiny_report_issue(*, report: ScrutinyReport, user: User) -> ScrutinyReport:
    """Freeze the report: its HTML is stored as it renders now, so the PDF never changes after."""
    from partners.audience import Audience
    from reports.scrutiny import scrutiny_html

    if report.is_issued:
        raise ValueError("This report is already issued.")
    report.status = ScrutinyReport.Status.ISSUED
    report.issued_at = timezone.now()
    report.issued_by = user
    # Issued reports are read by every member, so the frozen copy holds no restricted content.
    report.snapshot_html = scrutiny_html(report, Audience.of(None, report.partnership), timezone.localdate())
    with transaction.atomic():
        report.full_clean()
        report.save()
    return report
