"""The assessment's PDF as a report file: asked for like the other reports and rendered by the
background worker (its page says "Being prepared", and offers a retry when a worker dies), and
kept fresh (reports/fresh.py): every reader gets the same document, so a copy whose HTML is the
same is given at once. An issued assessment's HTML is frozen, so its PDF is rendered once, in
the background when it is issued, and copied to each reader who asks.

Reports may not import this app, so it registers the kind (`reports.generation.renderer_register`)
and names the assessment by `ReportFile.subject_id`."""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction

from assessments.content import assessment_report_html, check_may_read
from assessments.models import StrategicAssessment
from reports.fresh import report_file_keep_fresh
from reports.generation import renderer_register
from reports.models import ReportFile
from reports.renderers import ReportHtml
from reports.services import report_file_request

KIND = ReportFile.Kind.ASSESSMENT


def assessment_of(report_file: ReportFile) -> StrategicAssessment:
    if report_file.subject_id is None:
        raise StrategicAssessment.DoesNotExist(f"Report file {report_file.pk} names no assessment.")
    return StrategicAssessment.objects.select_related("partnership", "reviewed_plan").get(
        pk=report_file.subject_id, partnership_id=report_file.partnership_id
    )


def _prepare(report_file: ReportFile, record_read: bool) -> ReportHtml:
    return assessment_report_html(assessment=assessment_of(report_file), user=report_file.requested_by)


def _may_open(report_file: ReportFile) -> bool:
    """A draft's PDF stays the coordinator's: a requester who is no longer one may not open it."""
    try:
        check_may_read(report_file.requested_by, assessment_of(report_file))
    except (PermissionDenied, StrategicAssessment.DoesNotExist):
        return False
    return True


def register() -> None:
    renderer_register(kind=KIND, preparer=_prepare, may_open=_may_open)


def assessment_pdf_request(*, assessment: StrategicAssessment, user: User) -> ReportFile:
    return report_file_request(
        kind=KIND,
        user=user,
        partnership=assessment.partnership,
        subject_id=assessment.pk,
        subject_title=assessment.title,
    )


def assessment_pdf_schedule(*, assessment: StrategicAssessment) -> None:
    """Once the issue is committed, render the frozen PDF in the background."""
    from assessments.tasks import assessment_pdf_keep_task

    if not assessment_pdf_keep_task.get_backend().supports_defer:
        return  # the immediate backend (tests) would render inside the request: asked for, it renders
    transaction.on_commit(lambda: assessment_pdf_keep_task.enqueue(assessment.pk))


def assessment_pdf_keep(*, assessment_id: int) -> int:
    """Render an issued assessment's PDF for the person who issued it, unless a copy of it is kept
    already. Returns how many files it rendered."""
    assessment = (
        StrategicAssessment.objects.select_related("partnership", "issued_by")
        .filter(pk=assessment_id)
        .first()
    )
    if assessment is None or assessment.is_draft or assessment.issued_by is None:
        return 0
    return report_file_keep_fresh(
        ReportFile(
            kind=KIND,
            partnership=assessment.partnership,
            subject_id=assessment.pk,
            subject_title=assessment.title,
            requested_by=assessment.issued_by,
        )
    )
