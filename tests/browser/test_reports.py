"""Report journeys in the browser: the coordinator downloads the delivery plan PDF from the plan
page and a board pack from the meetings page; axe checks every page on the way."""

import datetime
import io
import re

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
    "report_file_again",  # a POST-only button on the report's page (checked there)
    "meeting_list",
    "meeting_create",
    "meeting_update",
    "board_pack_pdf",
    "scrutiny_list",
    "scrutiny_create",
    "scrutiny_update",
    "scrutiny_issue",
    "scrutiny_pdf",
    "plan_updates_csv",
    "scrutiny_compose",
    "scrutiny_section_create",
    "scrutiny_section_update",
    "scrutiny_section_delete",
    "scrutiny_section_move",
    "scrutiny_table_create",
    "scrutiny_table_update",
    "scrutiny_papers",
    "scrutiny_new_version",
}
# A meeting's pages: checked with axe in tests/browser/test_meeting_journey.py.
REPORT_ROUTES |= {
    "meeting_detail",
    "agenda_item_create",
    "agenda_item_update",
    "agenda_item_move",
    "agenda_item_delete",
    "meeting_minutes",
    "attendance_create",
    "attendance_update",
    "attendance_delete",
    "action_log_create",
    "action_log_update",
    "action_log_status",
    "action_log_delete",
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
    expect(page.get_by_role("heading", name="October board")).to_be_visible()
    page.get_by_role("link", name="All meetings").click()
    page.get_by_role("link", name="Edit details of October board").click()
    assert_no_axe_violations(page)
    page.go_back()
    page.get_by_role("button", name="Board pack (PDF) for October board").click()
    expect(page.get_by_role("heading", name="Your report is ready")).to_be_visible()
    text = download_pdf(page, tmp_path, "Download october-board")
    assert "October board" in text and "Board pack" in text
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
    expect(page.get_by_role("heading", name="Compose: Annual CSP report")).to_be_visible()
    page.get_by_role("link", name="Edit the committee paper details").click()
    expect(page.get_by_role("heading", name="Edit draft: Annual CSP report")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("You said - We did").fill("You said: Litter.\nWe did: Extra rounds.")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Issue this report").click()
    page.get_by_role("button", name="Yes, issue the report").click()
    expect(page.get_by_text("is issued")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="PDF of Annual CSP report").click()
    expect(page.get_by_role("heading", name="Your report is ready")).to_be_visible()
    text = download_pdf(page, tmp_path, "Download annual-csp-report")
    assert "You said - We did" in text and "Extra rounds." in text


def test_coordinator_composes_a_section_a_statistics_table_and_papers_then_issues(
    page: Page, live_server, site, immediate_tasks, tmp_path
):
    login(page, live_server, "coordinator")
    page.goto(live_server.url + reverse("scrutiny_create", args=["home"]))
    page.get_by_label("Plan the report is about").select_option(label=site.plan.title)
    page.get_by_label("Committee date").fill("2027-02-07")
    page.get_by_label("Report title").fill("CSP inc. CCTV services")
    page.get_by_label("Agenda item number").fill("7")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Compose: CSP inc. CCTV services")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Add a section").click()
    expect(page.get_by_role("heading", name="Add a section")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Title").fill("CCTV performance report for 2021")
    page.get_by_label("Text").fill("The CCTV service kept its 24/7 service.\n\n- 85 arrests\n- 3,691 patrols")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("cell", name="CCTV performance report for 2021", exact=True)).to_be_visible()
    page.get_by_role("button", name="Up CCTV performance report for 2021").click()
    page.get_by_role("link", name="Remove CCTV performance report for 2021").click()
    expect(page.get_by_role("heading", name=re.compile("^Remove the section"))).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="No, keep it").click()

    page.get_by_role("link", name="Add a statistics table").click()
    assert_no_axe_violations(page)
    page.get_by_label("Title").fill("CCTV service performance overview")
    page.get_by_label("Column headings").fill("Total 2020 (Jan – Dec) | Total 2021 (Jan – Dec)")
    page.get_by_label("Measures, one per line").fill(
        "Incidents | incidents | neutral | 1,137 | 1,268\nCamera Patrols | patrols | higher | 6,501 | 4,919"
    )
    page.get_by_label("Print it in").select_option(label="CCTV performance report for 2021")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("CCTV service performance overview (2 measures, 2 columns)")).to_be_visible()
    page.get_by_role("link", name="Edit CCTV service performance overview").click()
    expect(page.get_by_label("Column headings")).to_have_value(
        "Total 2020 (Jan – Dec) | Total 2021 (Jan – Dec)"
    )
    assert_no_axe_violations(page)
    page.go_back()
    page.get_by_role("link", name="Edit CCTV performance report for 2021").click()
    expect(page.get_by_label("Title")).to_have_value("CCTV performance report for 2021")
    assert_no_axe_violations(page)
    page.go_back()

    page.get_by_role("link", name="Edit the background papers").click()
    expect(page.get_by_label("Background papers, one per line")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Background papers, one per line").fill(
        "Appendix A - Action plan 2021/22 | 2022-02-07 | https://example.org/plan.pdf"
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Appendix A - Action plan 2021/22, 7 February 2022")).to_be_visible()

    page.get_by_role("link", name="Issue this report").click()
    expect(page.get_by_role("heading", name="Issue CSP inc. CCTV services?")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Yes, issue the report").click()
    expect(page.get_by_text("is issued")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="PDF of CSP inc. CCTV services").click()
    expect(page.get_by_role("heading", name="Your report is ready")).to_be_visible()
    text = " ".join(download_pdf(page, tmp_path, "Download csp-inc-cctv-services").split())
    # added sixth, then moved up one: numbered 5, before the performance updates
    assert "5 CCTV performance report for 2021" in text and "6 Performance updates per priority" in text
    assert "+131 incidents" in text and "+11.5%" in text and "-1,582 patrols" in text
    assert "Appendix A - Action plan 2021/22" in text
    page.goto(live_server.url + reverse("scrutiny_list", args=["home"]))
    page.get_by_role("button", name="New version of CSP inc. CCTV services").click()
    expect(page.get_by_role("heading", name="Compose: CSP inc. CCTV services")).to_be_visible()
    expect(page.get_by_text("Draft, version 2")).to_be_visible()
    assert_no_axe_violations(page)
