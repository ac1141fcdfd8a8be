"""Report journeys in the browser: the coordinator downloads the delivery plan PDF from the plan
page and a board pack from the meetings page; axe checks every page on the way."""

import datetime
import io

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from partners.models import Meeting
from reports.models import ReportFile
from tests.browser.conftest import assert_no_axe_violations, login

# Every route of reports/urls.py, checked here (pages with axe; downloads by their content).
REPORT_ROUTES = {
    "plan_xlsx",
    "plan_csv",
    "delivery_plan_pdf",
    "report_file_detail",
    "report_file_download",
    "meeting_list",
    "meeting_create",
    "meeting_update",
    "board_pack_pdf",
    "scrutiny_list",
    "scrutiny_create",
    "scrutiny_update",
    "scrutiny_issue",
    "scrutiny_pdf",
}
IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def immediate_tasks(settings, tmp_path):
    settings.TASKS = IMMEDIATE_TASKS
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf_text(path) -> str:
    with open(path, "rb") as file:
        reader = PdfReader(io.BytesIO(file.read()))
    return " ".join(page.extract_text() for page in reader.pages)


def download_pdf(page: Page, tmp_path, name: str) -> str:
    with page.expect_download() as download_info:
        page.get_by_role("link", name=name).click()
    target = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(target)
    return pdf_text(target)


def test_coordinator_downloads_the_delivery_plan_pdf(
    page: Page, live_server, site, immediate_tasks, tmp_path
):
    login(page, live_server, "coordinator")
    page.goto(live_server.url + reverse("plan_detail", args=["home", site.plan.pk]))
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Delivery plan (PDF)").click()
    expect(page.get_by_role("heading", name="Your report is ready")).to_be_visible()
    assert_no_axe_violations(page)
    text = download_pdf(page, tmp_path, "Download home-delivery-plan")
    assert "Two of three advisers in post." in text
    assert ReportFile.objects.get().status == ReportFile.Status.DONE


def test_progress_page_while_waiting_passes_axe(page: Page, live_server, site):
    waiting = ReportFile.objects.create(
        kind=ReportFile.Kind.DELIVERY_PLAN,
        partnership=site.partnership,
        plan=site.plan,
        requested_by=site.users["viewer"],
    )
    login(page, live_server, "viewer")
    page.goto(live_server.url + reverse("report_file_detail", args=["home", waiting.pk]))
    expect(page.get_by_role("status")).to_contain_text("Waiting to start")
    assert_no_axe_violations(page)
    ReportFile.objects.filter(pk=waiting.pk).update(status=ReportFile.Status.FAILED)
    expect(page.get_by_role("heading", name="The report could not be prepared")).to_be_visible()
    assert_no_axe_violations(page)


def test_coordinator_adds_a_meeting_and_downloads_its_board_pack(
    page: Page, live_server, site, immediate_tasks, tmp_path
):
    Meeting.objects.create(
        partnership=site.partnership, plan=site.plan, date=datetime.date(2025, 7, 21), title="July board"
    )
    login(page, live_server, "coordinator")
    page.goto(live_server.url + reverse("partnership_detail", args=["home"]))
    page.get_by_role("link", name="Meetings and board packs").click()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Add a meeting").click()
    assert_no_axe_violations(page)
    page.get_by_label("Title").fill("October board")
    page.get_by_label("Date").fill("2025-10-20")
    page.get_by_label("Partnership board").check()
    page.get_by_label("Plan it reviews").select_option(label=site.plan.title)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name="October board (edit)")).to_be_visible()
    page.get_by_role("link", name="October board (edit)").click()
    assert_no_axe_violations(page)
    page.go_back()
    page.get_by_role("button", name="Board pack (PDF) for October board").click()
    expect(page.get_by_role("heading", name="Your report is ready")).to_be_visible()
    text = download_pdf(page, tmp_path, "Download october-board")
    assert "October board: board pack" in text
    assert "July board" in text  # changes are measured since the previous meeting


def test_coordinator_drafts_edits_and_issues_a_scrutiny_report(
    page: Page, live_server, site, immediate_tasks, tmp_path
):
    login(page, live_server, "coordinator")
    page.goto(live_server.url + reverse("partnership_detail", args=["home"]))
    page.get_by_role("link", name="Overview and Scrutiny reports").click()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Start a report").click()
    assert_no_axe_violations(page)
    page.get_by_label("Plan the report is about").select_option(label=site.plan.title)
    page.get_by_label("Committee date").fill("2026-11-30")
    page.get_by_label("Report title").fill("Annual CSP report")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Edit draft: Annual CSP report")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("You said - We did").fill("You said: Litter.\nWe did: Extra rounds.")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Issue Annual CSP report").click()
    expect(page.get_by_text("is issued")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="PDF of Annual CSP report").click()
    expect(page.get_by_role("heading", name="Your report is ready")).to_be_visible()
    text = download_pdf(page, tmp_path, "Download annual-csp-report")
    assert "You said - We did" in text and "Extra rounds." in text
