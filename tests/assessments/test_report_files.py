"""The assessment's PDF is a report file (assessments/report_files.py): asked for, prepared by the
worker on its page, kept fresh; an issued assessment's PDF is rendered once and copied to every
reader who asks."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from assessments.report_files import assessment_pdf_keep, assessment_pdf_request
from assessments.services import assessment_details_save, assessment_issue
from partners.models import Membership
from reports import renderers
from reports.generation import report_file_generate
from reports.models import ReportFile
from reports.pdf import PdfResult

KIND = ReportFile.Kind.ASSESSMENT


@pytest.fixture(autouse=True)
def renders(monkeypatch, settings, tmp_path) -> list[str]:
    """WeasyPrint stands aside: each render is counted and makes a small PDF."""
    settings.MEDIA_ROOT = tmp_path / "media"
    made: list[str] = []

    def fake_pdf(html: str) -> PdfResult:
        made.append(html)
        return PdfResult(b"%PDF-1.7 assessment " + str(len(made)).encode(), 9, 0.0, [])

    monkeypatch.setattr(renderers, "html_to_pdf", fake_pdf)
    return made


def pdf_url(assessment) -> str:
    return reverse("assessment_pdf", args=["home", assessment.pk])


def test_asking_for_the_pdf_queues_it_and_shows_its_page(client, world, assessment):
    client.force_login(world.users["coordinator"])
    response = client.post(pdf_url(assessment))
    report_file = ReportFile.objects.get(kind=KIND)
    assert response["Location"] == reverse("report_file_detail", args=["home", report_file.pk])
    assert report_file.subject_id == assessment.pk
    assert report_file.status == ReportFile.Status.QUEUED
    page = BeautifulSoup(client.get(response["Location"]).content, "html.parser")
    assert page.select_one(".govuk-caption-l").get_text(strip=True) == assessment.title
    back = page.find("a", string=f"Back to {assessment.title}")
    assert back["href"] == reverse("assessment_detail", args=["home", assessment.pk])


def test_the_worker_renders_the_draft_as_it_stands(world, assessment, renders):
    report_file = assessment_pdf_request(assessment=assessment, user=world.users["coordinator"])
    report_file_generate(report_file=report_file)
    report_file.refresh_from_db()
    assert report_file.status == ReportFile.Status.DONE
    assert report_file.pages == 9
    assert assessment.title in renders[0]


def test_a_draft_unchanged_since_is_served_at_once(world, assessment, renders):
    user = world.users["coordinator"]
    copy = report_file_generate(report_file=assessment_pdf_request(assessment=assessment, user=user))
    assert assessment_pdf_request(assessment=assessment, user=user) == copy
    assert len(renders) == 1


def test_a_draft_changed_since_is_rendered_again(world, assessment):
    user = world.users["coordinator"]
    copy = report_file_generate(report_file=assessment_pdf_request(assessment=assessment, user=user))
    assessment.executive_summary = "<p>Violence is down.</p>"
    assessment_details_save(assessment=assessment)
    again = assessment_pdf_request(assessment=assessment, user=user)
    assert again != copy
    assert again.status == ReportFile.Status.QUEUED


def test_issuing_queues_the_frozen_pdf(world, assessment, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assessment_issue(assessment=assessment, user=world.users["coordinator"])
    task = DBTaskResult.objects.get(task_path="assessments.tasks.assessment_pdf_keep_task")
    assert task.args_kwargs["args"] == [assessment.pk]


def test_an_issued_assessment_is_rendered_once_and_every_member_gets_a_copy(
    client, world, assessment, renders
):
    assessment_issue(assessment=assessment, user=world.users["coordinator"])
    assert assessment_pdf_keep(assessment_id=assessment.pk) == 1
    assert assessment_pdf_keep(assessment_id=assessment.pk) == 0  # kept: not rendered twice
    for role in ("viewer", "lead", "lead2", "coordinator"):
        client.force_login(world.users[role])
        location = client.post(pdf_url(assessment))["Location"]
        report_file = ReportFile.objects.get(pk=int(location.rstrip("/").split("/")[-1]))
        assert report_file.status == ReportFile.Status.DONE
        assert report_file.requested_by == world.users[role]
        download = client.get(reverse("report_file_download", args=["home", report_file.pk]))
        assert b"".join(download.streaming_content).startswith(b"%PDF-1.7 assessment 1")
    assert len(renders) == 1


def test_a_draft_is_not_kept_by_the_issue_task(world, assessment, renders):
    assert assessment_pdf_keep(assessment_id=assessment.pk) == 0
    assert renders == []


def test_a_drafts_pdf_cannot_be_opened_by_its_requester_once_no_longer_a_coordinator(
    client, world, assessment
):
    user = world.users["coordinator"]
    report_file = report_file_generate(report_file=assessment_pdf_request(assessment=assessment, user=user))
    Membership.objects.filter(user=user, partnership=world.partnership).update(role=Membership.Role.VIEWER)
    client.force_login(user)
    assert client.get(reverse("report_file_download", args=["home", report_file.pk])).status_code == 404
    assert client.get(reverse("report_file_detail", args=["home", report_file.pk])).status_code == 404


def test_a_failed_assessment_pdf_is_prepared_again_with_one_click(client, world, assessment):
    user = world.users["coordinator"]
    failed = assessment_pdf_request(assessment=assessment, user=user)
    ReportFile.objects.filter(pk=failed.pk).update(status=ReportFile.Status.FAILED)
    client.force_login(user)
    response = client.post(reverse("report_file_again", args=["home", failed.pk]))
    again = ReportFile.objects.exclude(pk=failed.pk).get()
    assert response["Location"] == reverse("report_file_detail", args=["home", again.pk])
    assert (again.kind, again.subject_id, again.status) == (KIND, assessment.pk, ReportFile.Status.QUEUED)
