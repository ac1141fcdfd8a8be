"""Generated report files: kept for the retention period then removed (and regenerable); a
report whose worker died is noticed, failed with a message and retried with one click; a full
disk when storing the file fails it cleanly, leaving nothing half-written."""

import datetime
import errno

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reports import generation
from reports.models import ReportFile, ScrutinyReport
from reports.retention import STALLED, clean_up, report_files_remove_expired
from reports.tasks import generate_report_file_task

Status = ReportFile.Status


def report_file(world, *, status=Status.DONE, finished_days_ago=0, **fields) -> ReportFile:
    now = timezone.now()
    made = ReportFile(
        partnership=world.partnership,
        plan=world.plan,
        requested_by=world.users["coordinator"],
        status=status,
        filename="delivery-plan.pdf",
        content_type="application/pdf",
        finished_at=now - datetime.timedelta(days=finished_days_ago) if status == Status.DONE else None,
        **({"kind": ReportFile.Kind.DELIVERY_PLAN} | fields),
    )
    if status == Status.DONE:
        made.file.save("delivery-plan.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    made.save()
    return made


def page(client, world, made):
    client.force_login(world.users["coordinator"])
    response = client.get(reverse("report_file_detail", args=[world.partnership.slug, made.pk]))
    return BeautifulSoup(response.content, "html.parser")


def test_a_file_within_the_retention_period_is_kept(world, django_capture_on_commit_callbacks):
    made = report_file(world, finished_days_ago=29)
    with django_capture_on_commit_callbacks(execute=True):
        assert report_files_remove_expired() == 0
    assert made.file.storage.exists(made.file.name)


def test_an_older_file_is_deleted_and_its_page_offers_to_prepare_it_again(
    client, world, django_capture_on_commit_callbacks
):
    made = report_file(world, finished_days_ago=31)
    name = made.file.name
    with django_capture_on_commit_callbacks(execute=True):
        assert report_files_remove_expired() == 1
    made.refresh_from_db()
    assert (made.status, made.file.name) == (Status.EXPIRED, "")
    assert not made.file.storage.exists(name)
    soup = page(client, world, made)
    assert soup.find(attrs={"data-testid": "report-expired"}) is not None
    assert soup.find("button", string="Prepare it again") is not None
    download = reverse("report_file_download", args=[world.partnership.slug, made.pk])
    assert client.get(download).status_code == 404


def test_the_retention_period_is_a_setting(world, settings):
    settings.REPORT_FILE_RETENTION_DAYS = 5
    report_file(world, finished_days_ago=6)
    assert report_files_remove_expired() == 1


def test_preparing_it_again_queues_a_new_copy_of_the_same_report(
    client, world, django_capture_on_commit_callbacks
):
    made = report_file(world, status=Status.EXPIRED)
    client.force_login(world.users["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("report_file_again", args=[world.partnership.slug, made.pk]))
    again = ReportFile.objects.exclude(pk=made.pk).get()
    assert response["Location"] == reverse("report_file_detail", args=[world.partnership.slug, again.pk])
    assert (again.kind, again.plan, again.status) == (made.kind, made.plan, Status.QUEUED)
    assert DBTaskResult.objects.filter(task_path="reports.tasks.generate_report_file_task").count() == 1


def test_someone_else_cannot_prepare_my_report_again(client, world):
    made = report_file(world, status=Status.FAILED)
    client.force_login(world.users["viewer"])
    assert (
        client.post(reverse("report_file_again", args=[world.partnership.slug, made.pk])).status_code == 404
    )


def test_an_issued_scrutiny_reports_frozen_html_survives_the_clean_up(world):
    issued = ScrutinyReport.objects.create(
        partnership=world.partnership,
        plan=world.plan,
        meeting_date=datetime.date(2025, 6, 1),
        title="Annual report",
        status=ScrutinyReport.Status.ISSUED,
        snapshot_html="<p>As issued</p>",
    )
    report_file(world, finished_days_ago=400, scrutiny_report=issued, kind=ReportFile.Kind.SCRUTINY)
    clean_up(now=timezone.now() + datetime.timedelta(days=3650))
    assert ScrutinyReport.objects.get(pk=issued.pk).snapshot_html == "<p>As issued</p>"


def test_a_render_past_the_time_limit_is_failed_on_its_page_with_a_retry(client, world, settings):
    settings.REPORT_FILE_TIME_LIMIT = 60
    made = report_file(
        world, status=Status.RUNNING, started_at=timezone.now() - datetime.timedelta(seconds=61)
    )
    soup = page(client, world, made)
    assert STALLED in soup.find(attrs={"data-testid": "report-failure"}).get_text()
    assert soup.find("button", string="Try again") is not None
    assert ReportFile.objects.get(pk=made.pk).status == Status.FAILED


def test_a_render_within_the_time_limit_is_left_running(client, world, settings):
    settings.REPORT_FILE_TIME_LIMIT = 60
    made = report_file(
        world, status=Status.RUNNING, started_at=timezone.now() - datetime.timedelta(seconds=30)
    )
    page(client, world, made)
    assert ReportFile.objects.get(pk=made.pk).status == Status.RUNNING


def test_the_clean_up_command_fails_stalled_reports_and_prints_a_summary(world, settings, capsys):
    settings.REPORT_FILE_TIME_LIMIT = 60
    report_file(world, status=Status.RUNNING, started_at=timezone.now() - datetime.timedelta(hours=1))
    call_command("clean_up")
    assert capsys.readouterr().out.strip().splitlines()[-1] == (
        "Removed 0 stale upload(s) and 0 expired report file(s); marked 1 stalled report(s) failed."
    )
    assert ReportFile.objects.get().status == Status.FAILED


def test_the_clean_up_task_queues_its_next_run(world):
    from reports.tasks import clean_up_task

    clean_up_task.call()
    queued = DBTaskResult.objects.get(task_path="reports.tasks.clean_up_task", status="READY")
    assert queued.run_after > timezone.now()


def test_a_full_disk_fails_the_report_with_a_clear_message_and_keeps_no_file(
    client, world, monkeypatch, tmp_path
):
    made = report_file(world, status=Status.QUEUED)
    monkeypatch.setitem(
        generation.RENDERERS,
        ReportFile.Kind.DELIVERY_PLAN,
        lambda f: generation.PdfReport(
            filename="plan.pdf", content=b"%PDF-1.7", pages=1, total_seconds=0, layout_seconds=0, html=""
        ),
    )

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", full)
    with pytest.raises(OSError):
        generate_report_file_task.call(made.pk)
    made.refresh_from_db()
    assert (made.status, made.file.name) == (Status.FAILED, "")
    assert made.failure == generation.DISK_FULL
    assert page(client, world, made).find("button", string="Try again") is not None
    assert list((tmp_path / "media").rglob("plan*.pdf")) == []
