"""Generating a requested report file (in the background worker): render it with the renderer
registered for its kind and store the result, or record why it failed."""

import errno
import logging
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from reports.models import ReportFile
from reports.renderers import PdfReport, ReportHtml, board_pack_html, delivery_plan_html, html_digest
from reports.scrutiny import scrutiny_report_pdf

logger = logging.getLogger("csp.tasks")


def _subject[Subject](value: Subject | None, report_file: ReportFile) -> Subject:
    """What the report file is of (its kind says which field holds it)."""
    if value is None:
        raise ValueError(f"The {report_file.get_kind_display()} report file {report_file.pk} is of nothing.")
    return value


# The HTML each kind of report file would be printed from now, as its requester would get it;
# `record_read` false leaves a DHR section it holds unlogged (see reports/fresh.py). A kind here
# can be kept fresh: a copy whose HTML digest is the same is the same report.
Preparer = Callable[[ReportFile, bool], ReportHtml]
PREPARERS: dict[str, Preparer] = {
    ReportFile.Kind.DELIVERY_PLAN: lambda f, record_read: delivery_plan_html(
        plan=_subject(f.plan, f), user=f.requested_by
    ),
    ReportFile.Kind.BOARD_PACK: lambda f, record_read: board_pack_html(
        meeting=_subject(f.meeting, f), user=f.requested_by, record_read=record_read
    ),
}

# Which renderer makes each kind of report file, as its requester would see it. A new kind of
# report adds a line here (and a `ReportFile.Kind`), or, from an app above reports, registers
# itself with `renderer_register`.
RENDERERS: dict[str, Callable[[ReportFile], PdfReport]] = {
    ReportFile.Kind.DELIVERY_PLAN: lambda f: PREPARERS[f.kind](f, True).to_pdf(),
    ReportFile.Kind.BOARD_PACK: lambda f: PREPARERS[f.kind](f, True).to_pdf(),
    ReportFile.Kind.SCRUTINY: lambda f: scrutiny_report_pdf(report=f.scrutiny_report, user=f.requested_by),
}

# Whether a file's requester may still open it (beyond being a member of its partnership), for
# kinds whose subject lives above reports.
MayOpen = Callable[[ReportFile], bool]
OPEN_CHECKS: dict[str, MayOpen] = {}


def renderer_register(*, kind: str, preparer: Preparer, may_open: MayOpen) -> None:
    """For an app above reports (which reports may not import): how its kind of report file is
    prepared (and so rendered and kept fresh), and who may still open one. Called from the app's
    `ready()`."""
    PREPARERS[kind] = preparer
    RENDERERS[kind] = lambda f: preparer(f, True).to_pdf()
    OPEN_CHECKS[kind] = may_open


DISK_FULL = (
    "There was no room on the server to store the report. "
    "Try again later; if it fails again, tell your administrator."
)
RENDER_FAILED = "Something went wrong while preparing the report."


def report_file_failed(*, report_file: ReportFile, failure: str, error: str) -> ReportFile:
    """Record that the file will not be ready: `failure` for its requester, `error` for the
    administrator."""
    report_file.status = ReportFile.Status.FAILED
    report_file.failure = failure[:300]
    report_file.error = error[:2000]
    report_file.finished_at = timezone.now()
    report_file.save(update_fields=["status", "failure", "error", "finished_at"])
    return report_file


def report_file_generate(*, report_file: ReportFile) -> ReportFile:
    """Render the report as its requester sees it now and store it; a failure is recorded on the
    record (and shown on the progress page) rather than lost in a worker's log. Nothing is left
    half-written: a file whose record cannot be saved is deleted."""
    report_file.started_at = timezone.now()
    ReportFile.objects.filter(pk=report_file.pk).update(
        status=ReportFile.Status.RUNNING, started_at=report_file.started_at
    )
    try:
        report = RENDERERS[report_file.kind](report_file)
        report_file_store(report_file=report_file, report=report)
    except Exception as error:  # the person waiting must learn it failed, whatever the cause
        disk_full = isinstance(error, OSError) and error.errno == errno.ENOSPC
        report_file_failed(
            report_file=report_file,
            failure=DISK_FULL if disk_full else RENDER_FAILED,
            error=f"{type(error).__name__}: {error}",
        )
        logger.exception("report_failed", extra={"report_file_id": report_file.pk, "kind": report_file.kind})
        raise
    return report_file


def report_file_store(*, report_file: ReportFile, report: PdfReport) -> None:
    """Store the rendered file and mark the record done, or neither."""
    stored = ""
    try:
        with transaction.atomic():
            report_file.file.save(report.filename, ContentFile(report.content), save=False)
            stored = report_file.file.name or ""
            report_file.filename = report.filename
            report_file.content_type = "application/pdf"
            report_file.pages = report.pages
            report_file.html_digest = html_digest(report.html)
            report_file.status = ReportFile.Status.DONE
            report_file.finished_at = timezone.now()
            report_file.full_clean()
            report_file.save()
    except BaseException:
        if stored:
            report_file.file.storage.delete(stored)
        report_file.file.name = ""
        raise
