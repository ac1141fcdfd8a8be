"""A canary string in a review never reaches anyone without the partnership's DHR grant, on any
surface: every page of the URLconf (HTML, CSV, XLSX, files), search, the PDFs and the e-mails;
and it does reach a member with the grant where the register is shown.

The pages are generated from the route x role matrices of each app, so a new route is checked
here as soon as it has a case there.
"""

import datetime
import io
import zipfile

import pytest
from django.core import mail
from django.urls import reverse

from dhr import services
from partners.models import Meeting
from plans.notifications import send_reminders
from reports.renderers import board_pack_report, delivery_plan_report
from reports.scrutiny import scrutiny_report_pdf
from reports.services import scrutiny_report_create, scrutiny_report_issue
from tests.dhr.conftest import CANARY, build_dhr
from tests.dhr.test_permissions import ROUTES as DHR_ROUTES
from tests.dhr.test_permissions import dhr_url
from tests.indicators.test_permissions import MATRIX as INDICATOR_MATRIX
from tests.indicators.test_permissions import url_for as indicator_url
from tests.plans.test_permissions import MATRIX as PLAN_MATRIX
from tests.plans.test_permissions import objects  # noqa: F401  the fixture the plan URLs need
from tests.plans.test_permissions import url_for as plan_url
from tests.reports.conftest import pdf_text
from tests.reports.test_permissions import ROUTES as REPORT_ROUTES
from tests.reports.test_permissions import meeting_records_build
from tests.reports.test_permissions import url_for as report_url

UNCLEARED = ["viewer", "lead", "lead2", "outsider"]
CLEARED = ["coordinator", "dhr_viewer"]


@pytest.fixture
def surfaces(world, objects):  # noqa: F811
    dhr = build_dhr(world)
    meeting = Meeting.objects.create(
        partnership=world.partnership, plan=world.plan, date=datetime.date(2026, 7, 20), title="July board"
    )
    draft = scrutiny_report_create(
        plan=world.plan,
        user=world.users["coordinator"],
        meeting_date=datetime.date(2026, 11, 30),
        title="Draft",
    )
    objects.update(
        dhr=dhr, meeting=meeting, draft=draft, meeting_records=meeting_records_build(meeting, world)
    )
    return objects


def all_get_urls(world, built) -> dict[str, str]:
    urls = {name: plan_url(name, world, built) for name in PLAN_MATRIX}
    urls |= {name: indicator_url(name, world, built) for name in INDICATOR_MATRIX}
    urls |= {
        name: report_url(
            name, world, built["report_file"], built["meeting"], built["draft"], built["meeting_records"]
        )
        for name in REPORT_ROUTES
    }
    urls |= {name: dhr_url(name, world, _dhr_objects(world, built)) for name in DHR_ROUTES}
    urls["search"] += "?q=town"  # matches the review's area without echoing the canary
    return urls


def _dhr_objects(world, built):
    """The review, a submitted recommendation update and an evidence file, built once."""
    dhr = built["dhr"]
    if not hasattr(dhr, "attachment"):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from dhr.attachments import check_upload

        dhr.update = services.recommendation_update_save(
            recommendation=dhr.recommendation,
            author=world.users["lead"],
            content=services.RecommendationContent(narrative="Booked.", rag=world.rag("green")),
            expected_state="new",
            submit=True,
        )
        checked = check_upload(SimpleUploadedFile("note.pdf", b"%PDF-1.7 " + CANARY.encode()))
        dhr.attachment = services.attachment_add(
            parent=dhr.review, checked=checked, user=world.users["coordinator"]
        )
    return dhr


def body_text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:  # XLSX: every part of the workbook
            return " ".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    if content.startswith(b"%PDF") and b"/Page" in content:
        return pdf_text(content)
    return content.decode("utf-8", "replace")


@pytest.mark.parametrize("role", UNCLEARED)
def test_no_page_shows_the_canary_to_a_member_without_the_grant(client, world, surfaces, role):
    client.force_login(world.users[role])
    leaks = []
    for name, url in all_get_urls(world, surfaces).items():
        for path in (url, url.replace("/p/home/", "/p/other/")):
            response = client.get(path)
            if CANARY in body_text(response) or CANARY in response.get("Content-Disposition", ""):
                leaks.append(f"{name} {path} ({response.status_code})")
    assert leaks == []


@pytest.mark.parametrize("role", CLEARED)
def test_the_register_surfaces_show_the_canary_to_a_cleared_member(client, world, surfaces, role):
    client.force_login(world.users[role])
    urls = all_get_urls(world, surfaces)
    for name in ["dhr_register", "dhr_review_detail", "dhr_register_csv", "dhr_register_xlsx", "search"]:
        assert CANARY in body_text(client.get(urls[name])), name
    assert CANARY.encode() in b"".join(client.get(urls["attachment_download"]).streaming_content)


def test_the_canary_is_not_in_the_plan_dashboard_panel_for_a_viewer_but_is_for_the_coordinator(
    client, world, surfaces
):
    url = reverse("plan_dashboard", args=["home", world.plan.pk])
    client.force_login(world.users["viewer"])
    assert CANARY not in client.get(url).content.decode()
    client.force_login(world.users["coordinator"])
    assert CANARY in client.get(url).content.decode()


@pytest.mark.parametrize(("role", "shown"), [("viewer", False), ("lead", False), ("coordinator", True)])
def test_board_pack_pdf_has_the_dhr_section_only_for_a_cleared_reader(world, surfaces, role, shown):
    report = board_pack_report(meeting=surfaces["meeting"], user=world.users[role])
    text = pdf_text(report.content)
    assert (CANARY in text) is shown
    assert ("Domestic Homicide Reviews (restricted)" in text) is shown


@pytest.mark.parametrize("role", ["viewer", "lead", "coordinator", "dhr_viewer"])
def test_delivery_plan_pdf_never_has_the_register(world, surfaces, role):
    assert CANARY not in pdf_text(delivery_plan_report(plan=world.plan, user=world.users[role]).content)


def test_draft_scrutiny_report_has_the_section_for_the_cleared_coordinator(world, surfaces):
    text = pdf_text(scrutiny_report_pdf(report=surfaces["draft"], user=world.users["coordinator"]).content)
    assert CANARY in text


def test_issued_scrutiny_report_records_its_versions_and_serves_each_reader_theirs(world, surfaces):
    issued = scrutiny_report_issue(report=surfaces["draft"], user=world.users["coordinator"])
    assert issued.dhr_version == "both"
    assert CANARY not in issued.snapshot_html and CANARY in issued.restricted_snapshot_html
    for role, shown in [("viewer", False), ("lead", False), ("dhr_viewer", True)]:
        text = pdf_text(scrutiny_report_pdf(report=issued, user=world.users[role]).content)
        assert (CANARY in text) is shown, role
        assert ("DHR section Included" in text) is shown, role


def test_scrutiny_report_issued_by_an_uncleared_coordinator_is_without_the_section(world, surfaces):
    membership = world.users["coordinator"].memberships.get()
    membership.can_see_dhr = False
    membership.save()
    world.users["coordinator"].refresh_from_db()
    user = type(world.users["coordinator"]).objects.get(pk=world.users["coordinator"].pk)
    issued = scrutiny_report_issue(report=surfaces["draft"], user=user)
    assert issued.dhr_version == "without"
    assert issued.restricted_snapshot_html == ""


def test_reminder_emails_carry_nothing_of_the_register(world, surfaces):
    send_reminders(today=datetime.date(2025, 10, 14))
    assert mail.outbox, "the open round should have reminded someone"
    for message in mail.outbox:
        bodies = [message.body, message.subject] + [alt[0] for alt in getattr(message, "alternatives", [])]
        assert all(CANARY not in str(b) for b in bodies)
