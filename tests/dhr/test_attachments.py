"""Evidence files: judged by their bytes, capped in size, stored under a random name, served as a
download only to those who may see their record."""

import io
import zipfile

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dhr import services
from dhr.attachments import Attachment, check_upload
from dhr.models import ReadLog
from tests import factories

PDF = b"%PDF-1.7\n%test\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 20
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\0" * 60


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def upload(client, url, name, data, description=""):
    return client.post(url, {"file": SimpleUploadedFile(name, data), "description": description})


def error_text(response) -> str:
    page = BeautifulSoup(response.content, "html.parser")
    return page.select_one(".govuk-error-summary").get_text(" ", strip=True)


@pytest.fixture
def action_upload_url(world):
    return reverse("attachment_upload", args=["home", "action", world.action.pk])


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("minutes.pdf", PDF, "application/pdf"),
        ("photo.png", PNG, "image/png"),
        (
            "plan.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_allowed_files_are_recognised_by_their_bytes(name, data, content_type):
    assert check_upload(SimpleUploadedFile(name, data)).kind.content_type == content_type


def test_a_pdf_named_as_a_picture_is_stored_as_a_pdf():
    checked = check_upload(SimpleUploadedFile("looks-like.png", PDF))
    assert (checked.kind.content_type, checked.name) == ("application/pdf", "looks-like.pdf")


def test_a_renamed_executable_is_refused_with_a_clear_message(client, world, action_upload_url):
    client.force_login(world.users["coordinator"])
    response = upload(client, action_upload_url, "report.pdf", EXE)
    assert response.status_code == 400
    assert "“report.pdf” is not a file type we accept" in error_text(response)
    assert Attachment.objects.count() == 0


def test_a_zip_that_is_not_an_office_document_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("evil.exe", EXE)
    with pytest.raises(ValidationError, match="not a file type we accept"):
        check_upload(SimpleUploadedFile("plan.docx", out.getvalue()))


def test_an_oversize_file_is_refused_with_its_size_and_the_cap(client, world, action_upload_url, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    client.force_login(world.users["coordinator"])
    response = upload(client, action_upload_url, "big.pdf", PDF + b"0" * (2 * 1024 * 1024))
    assert response.status_code == 400
    assert "“big.pdf” is 2.0 MB; files can be at most 1 MB." in error_text(response)
    assert Attachment.objects.count() == 0


def test_an_empty_file_is_refused(client, world, action_upload_url):
    client.force_login(world.users["coordinator"])
    response = upload(client, action_upload_url, "empty.pdf", b"")
    assert response.status_code == 200  # Django's own form check: the file field says it is empty
    assert "empty" in error_text(response).lower()


@pytest.mark.parametrize("name", ["../../etc/passwd.pdf", "..\\..\\boot.pdf", "a/b.pdf"])
def test_a_name_with_a_folder_path_is_refused(name):
    with pytest.raises(ValidationError, match="contains a folder path"):
        check_upload(_named(name, PDF))


def _named(name, data):
    upload = SimpleUploadedFile("x.pdf", data)
    upload._name = name  # as a raw multipart name would arrive before Django strips it
    return upload


def test_a_traversal_name_posted_through_the_form_cannot_leave_the_storage(
    client, world, action_upload_url, settings
):
    client.force_login(world.users["coordinator"])
    response = upload(client, action_upload_url, "../../../outside.pdf", PDF)
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.name == "outside.pdf"
    assert attachment.file.name.startswith(f"attachments/{world.partnership.pk}/")
    assert ".." not in attachment.file.name and "outside" not in attachment.file.name


def test_a_file_is_served_as_a_download_with_its_name_to_members(client, world, action_upload_url):
    client.force_login(world.users["coordinator"])
    upload(client, action_upload_url, "minutes.pdf", PDF)
    attachment = Attachment.objects.get()
    client.force_login(world.users["viewer"])
    response = client.get(reverse("attachment_download", args=["home", attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="minutes.pdf"' in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_an_action_file_is_listed_on_the_action_page(client, world, action_upload_url):
    client.force_login(world.users["coordinator"])
    upload(client, action_upload_url, "support-directory.pdf", PDF, "Support directory")
    client.force_login(world.users["viewer"])
    page = BeautifulSoup(
        client.get(reverse("action_detail", args=["home", world.plan.pk, world.action.pk])).content,
        "html.parser",
    )
    assert [a.get_text(strip=True) for a in page.select("[data-testid=attachments] a")] == [
        "support-directory.pdf"
    ]


def test_an_update_file_is_listed_on_its_timeline_entry(client, world):
    update = factories.ProgressUpdateFactory(row=world.row_a, rag=world.rag("green"))
    client.force_login(world.users["lead"])
    url = reverse("attachment_upload", args=["home", "update", update.pk])
    assert upload(client, url, "evidence.png", PNG).status_code == 302
    page = BeautifulSoup(
        client.get(reverse("action_detail", args=["home", world.plan.pk, world.action.pk])).content,
        "html.parser",
    )
    entry = page.select_one(".csp-timeline__item")
    assert entry.select_one("[data-testid=attachments] a").get_text(strip=True) == "evidence.png"


def test_a_lead_cannot_attach_to_another_leads_update(client, world):
    update = factories.ProgressUpdateFactory(row=world.row_b, rag=world.rag("green"))
    client.force_login(world.users["lead"])
    response = upload(client, reverse("attachment_upload", args=["home", "update", update.pk]), "e.pdf", PDF)
    assert response.status_code == 403
    assert Attachment.objects.count() == 0


def test_files_of_another_partnership_are_not_found(client, world):
    other_action = world.other_plan.actions.get()
    attachment = services.attachment_add(
        parent=other_action,
        checked=check_upload(SimpleUploadedFile("o.pdf", PDF)),
        user=world.users["outsider"],
    )
    client.force_login(world.users["coordinator"])
    assert client.get(reverse("attachment_download", args=["home", attachment.pk])).status_code == 404


def test_a_draft_updates_file_is_private_to_its_writers(client, world):
    from plans.models import ProgressUpdate

    draft = factories.ProgressUpdateFactory(row=world.row_a, status=ProgressUpdate.Status.DRAFT)
    attachment = services.attachment_add(
        parent=draft, checked=check_upload(SimpleUploadedFile("d.pdf", PDF)), user=world.users["lead"]
    )
    url = reverse("attachment_download", args=["home", attachment.pk])
    for role, status in [("lead", 200), ("coordinator", 200), ("viewer", 404), ("lead2", 404)]:
        client.force_login(world.users[role])
        assert client.get(url).status_code == status, role


def test_review_files_are_for_cleared_members_and_each_download_is_logged(client, world, dhr):
    attachment = services.attachment_add(
        parent=dhr.review,
        checked=check_upload(SimpleUploadedFile("imr.pdf", PDF)),
        user=world.users["coordinator"],
    )
    url = reverse("attachment_download", args=["home", attachment.pk])
    for role, status in [("viewer", 404), ("lead", 404), ("coordinator", 200), ("dhr_viewer", 200)]:
        client.force_login(world.users[role])
        assert client.get(url).status_code == status, role
    reads = ReadLog.objects.filter(channel=ReadLog.Channel.FILE)
    assert sorted(reads.values_list("user_name", flat=True)) == ["Coordinator", "Dhr_Viewer"]


def test_a_configured_scanner_that_cannot_be_reached_refuses_the_file(settings):
    settings.ATTACHMENT_CLAMD = "127.0.0.1:9"  # nothing listens on the discard port
    with pytest.raises(ValidationError, match="could not be checked for viruses"):
        check_upload(SimpleUploadedFile("m.pdf", PDF))


def test_without_a_scanner_files_are_marked_not_scanned():
    assert check_upload(SimpleUploadedFile("m.pdf", PDF)).scan == Attachment.Scan.NOT_SCANNED


def test_the_admin_page_says_whether_scanning_is_on(client, world, settings):
    admin = factories.UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    page = BeautifulSoup(client.get(reverse("admin:dhr_attachment_changelist")).content, "html.parser")
    assert "Virus scanning is OFF" in page.get_text()
    settings.ATTACHMENT_CLAMD = "clamd.internal:3310"
    page = BeautifulSoup(client.get(reverse("admin:dhr_attachment_changelist")).content, "html.parser")
    assert "Virus scanning is ON" in page.get_text()
