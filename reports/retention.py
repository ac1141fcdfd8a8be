"""What is kept, and for how long: the clean-up of uploads and generated report files.

- An import upload is deleted when the import is confirmed, cancelled or refused; any left by an
  abandoned preview goes after a day (`plans.importing.uploads.uploads_remove_stale`).
- A generated report file is kept `REPORT_FILE_RETENTION_DAYS` (30) days, then its file is
  deleted and its record marked expired; its page offers to prepare it again. An issued scrutiny
  report's frozen HTML (`ScrutinyReport.snapshot_html`) is the record itself and is never removed.
- A report still queued or running `REPORT_FILE_TIME_LIMIT` seconds after it began lost its worker
  (killed, or the machine restarted): it is marked failed so its requester can retry.

`clean_up` does all three; `manage.py clean_up` and the daily `clean_up_task` call it.
"""

import datetime
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from plans.importing.uploads import uploads_remove_stale
from reports.generation import report_file_failed
from reports.models import ReportFile

STALLED = (
    "The report stopped while it was being prepared (the server's background worker was "
    "interrupted), and nothing was kept."
)


@dataclass(frozen=True)
class CleanUp:
    uploads: int
    expired: int
    stalled: int

    def __str__(self) -> str:
        return (
            f"Removed {self.uploads} stale upload(s) and {self.expired} expired report file(s); "
            f"marked {self.stalled} stalled report(s) failed."
        )


def _stalled(now: datetime.datetime) -> Q:
    limit = now - datetime.timedelta(seconds=settings.REPORT_FILE_TIME_LIMIT)
    running = Q(status=ReportFile.Status.RUNNING, started_at__lt=limit)
    # Queued and never started: no worker has been there for a day (a busy queue is not stalled).
    queued = Q(status=ReportFile.Status.QUEUED, created_at__lt=now - datetime.timedelta(days=1))
    return running | queued


def report_file_check_stalled(*, report_file: ReportFile, now: datetime.datetime | None = None) -> ReportFile:
    """Mark this report failed if its worker has gone; the progress page asks on every visit."""
    now = now or timezone.now()
    if not report_file.is_finished and ReportFile.objects.filter(_stalled(now), pk=report_file.pk).exists():
        report_file_failed(report_file=report_file, failure=STALLED, error="Worker lost: time limit passed.")
    return report_file


def report_files_fail_stalled(*, now: datetime.datetime | None = None) -> int:
    now = now or timezone.now()
    return ReportFile.objects.filter(_stalled(now)).update(
        status=ReportFile.Status.FAILED,
        failure=STALLED,
        error="Worker lost: time limit passed.",
        finished_at=now,
    )


def report_files_remove_expired(*, now: datetime.datetime | None = None) -> int:
    """Delete the files of reports finished more than the retention period ago."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.REPORT_FILE_RETENTION_DAYS)
    finished = ReportFile.objects.filter(status=ReportFile.Status.DONE, finished_at__lt=cutoff)
    return report_files_expire(finished)


def report_files_expire(report_files: QuerySet[ReportFile]) -> int:
    """Delete these reports' files and mark them expired (their pages offer to prepare them
    again). Also used for a copy prepared ahead that a newer one replaced (reports/fresh.py)."""
    removed = 0
    for report_file in report_files:
        with transaction.atomic():
            name = report_file.file.name or ""
            report_file.status = ReportFile.Status.EXPIRED
            report_file.file.name = ""
            report_file.save(update_fields=["status", "file"])
            if name:
                # Deleted once the record says so: a failure here leaves a file, never a
                # record pointing at nothing.
                transaction.on_commit(partial(report_file.file.storage.delete, name))
        removed += 1
    return removed


def clean_up(*, now: datetime.datetime | None = None) -> CleanUp:
    now = now or timezone.now()
    return CleanUp(
        uploads=uploads_remove_stale(now=now),
        expired=report_files_remove_expired(now=now),
        stalled=report_files_fail_stalled(now=now),
    )
