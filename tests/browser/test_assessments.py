"""Strategic assessments and the partnership's year in the browser: axe on every page (and each
form's error state), and the two journeys of issue 17: composing a scanning row, and turning
recommended priorities into next year's draft plan."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from assessments.calendar import calendar_feed_reset
from assessments.models import Duty, EmergingIssue, RecommendedPriority, ScanningRow, StrategicAssessment
from assessments.report_files import assessment_pdf_keep
from assessments.services import assessment_create, assessment_issue
from indicators.models import Indicator, IndicatorValue, Population
from reports.models import ReportFile
from tests.browser.conftest import assert_no_axe_violations, login, logout

# Every route of assessments/urls.py, checked here (pages with axe; POST buttons and the feed by
# what they do).
ASSESSMENT_ROUTES = {
    "assessment_list",
    "assessment_create",
    "yearly_figures_upload",
    "assessment_detail",
    "assessment_update",
    "assessment_review_update",
    "scanning_row_create",
    "scanning_row_update",
    "scanning_row_delete",
    "emerging_issue_create",
    "emerging_issue_update",
    "emerging_issue_delete",
    "recommendation_delete",
    "recommendation_create",
    "recommendation_update",
    "recommendations_to_plan",
    "assessment_issue",
    "assessment_pdf",
    "calendar",
    "duty_create",
    "duty_update",
    "duty_delete",
    "duty_defaults",
    "calendar_feed_reset",
    "calendar_feed",
}


@pytest.fixture
def composed(site):
    indicator = Indicator.objects.create(
        partnership=site.partnership, name="Total recorded crime", unit="crimes", period_kind="year"
    )
    for i, year in enumerate(range(2016, 2026)):
        IndicatorValue.objects.create(
            indicator=indicator, period_start=datetime.date(year, 4, 1), value=Decimal(6000 - 100 * i)
        )
        Population.objects.create(partnership=site.partnership, year=year, population=100_000)
    IndicatorValue.objects.create(
        indicator=indicator, period_start=datetime.date(2025, 4, 1), area="Marshfield", value=Decimal(2800)
    )
    assessment = assessment_create(
        assessment=StrategicAssessment(
            partnership=site.partnership,
            year=2025,
            title="Strategic assessment 2025/26",
            assessment_date=datetime.date(2026, 1, 15),
            author="Ana Lyst",
            coverage="Home district",
            period_covered="April 2025 to March 2026",
            reviewed_plan=site.plan,
        ),
        user=site.users["coordinator"],
    )
    site.assessment = assessment
    site.indicator = indicator
    return site


def test_every_page_passes_axe_with_its_error_states(page: Page, live_server, composed):
    a = composed.assessment
    row = ScanningRow.objects.create(assessment=a, topic="Total crime", indicator=composed.indicator)
    issue = EmergingIssue.objects.create(assessment=a, title="Vapes", body="<p>Rising.</p>")
    recommendation = RecommendedPriority.objects.create(assessment=a, title="Scams")
    duty = Duty.objects.create(
        partnership=composed.partnership,
        kind=Duty.Kind.OTHER,
        title="A duty",
        due_date=datetime.date(2020, 1, 1),
    )
    reads = [
        ("assessment_list", []),
        ("assessment_detail", [a.pk]),
        ("assessment_issue", [a.pk]),
        ("calendar", []),
    ]
    forms = [
        ("assessment_create", []),
        ("assessment_update", [a.pk]),
        ("scanning_row_create", [a.pk]),
        ("scanning_row_update", [a.pk, row.pk]),
        ("emerging_issue_create", [a.pk]),
        ("emerging_issue_update", [a.pk, issue.pk]),
        ("recommendation_create", [a.pk]),
        ("recommendation_update", [a.pk, recommendation.pk]),
        ("duty_create", []),
        ("duty_update", [duty.pk]),
        ("duty_defaults", []),
        ("yearly_figures_upload", []),
    ]
    login(page, live_server, "coordinator")
    for route, args in reads:
        page.goto(live_server.url + reverse(route, args=["home", *args]))
        assert_no_axe_violations(page)
    for route, args in forms:
        page.goto(live_server.url + reverse(route, args=["home", *args]))
        assert_no_axe_violations(page)
        page.evaluate(
            """() => { for (const el of document.getElementById('main-form').elements) {
                if (['hidden', 'submit', 'button', 'checkbox', 'radio'].includes(el.type)) continue;
                if (el.tagName === 'SELECT') continue;
                el.value = ''; } }"""
        )
        page.locator("#main-form button[type=submit]").first.click()
        if route != "assessment_review_update":
            expect(page.locator(".govuk-error-summary")).to_be_visible()
            expect(page).to_have_title(re.compile(r"^Error: "))
        assert_no_axe_violations(page)
    page.goto(
        live_server.url + reverse("assessment_review_update", args=["home", a.pk, a.reviews.first().pk])
    )
    assert_no_axe_violations(page)
    page.goto(live_server.url + reverse("home"))
    expect(page.get_by_test_id("duties-late")).to_contain_text("A duty")
    assert_no_axe_violations(page)


def test_the_feed_reset_button_shows_an_address_that_works(page: Page, live_server, composed):
    login(page, live_server, "coordinator")
    page.goto(live_server.url + reverse("calendar", args=["home"]))
    page.get_by_role("button", name="Make a secret address").click()
    banner = page.locator(".govuk-notification-banner, .govuk-notification-banner--success").first
    address = re.search(r"http\S+\.ics", banner.inner_text())
    assert address
    assert_no_axe_violations(page)
    response = page.request.get(address[0])
    assert response.status == 200 and b"BEGIN:VCALENDAR" in response.body()
    calendar_feed_reset(partnership=composed.partnership)
    assert page.request.get(address[0]).status == 404


def test_coordinator_composes_a_scanning_row(page: Page, live_server, composed):
    login(page, live_server, "coordinator")
    page.goto(live_server.url + reverse("assessment_list", args=["home"]))
    page.get_by_role("link", name="Strategic assessment 2025/26").click()
    page.get_by_role("link", name="Add a scanning row").click()
    page.get_by_label("Topic").fill("Total crime")
    page.get_by_label("Indicator", exact=True).select_option(label="Total recorded crime")
    page.get_by_label("Key findings").fill("Falling for ten years.")
    page.get_by_label("1.1 Support victims").check()
    page.get_by_role("button", name="Save").click()
    cell = page.get_by_test_id("previous-12-months").first
    expect(cell).to_contain_text("5,100 crimes in 2025/26 (51 per 1,000 population): -100 (-1.9%)")
    expect(page.get_by_test_id("long-term-trend").first).to_contain_text("over 9 years, 2016/17 to 2025/26")
    page.get_by_role("link", name="Edit Total crime").click()
    page.get_by_label("Previous 12 months", exact=True).fill("Down a little on last year.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("previous-12-months").first).to_contain_text("Down a little on last year.")
    assert_no_axe_violations(page)


def test_coordinator_turns_recommendations_into_a_draft_plan(page: Page, live_server, composed):
    login(page, live_server, "coordinator")
    page.goto(live_server.url + reverse("assessment_detail", args=["home", composed.assessment.pk]))
    for title in ("Shoplifting", "Scams against older people"):
        page.get_by_role("link", name="Add a recommended priority").click()
        page.get_by_label("Priority").fill(title)
        page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Make these priorities themes of next year's plan").click()
    expect(page.get_by_role("heading", name="1. Shoplifting")).to_be_visible()
    expect(page.get_by_role("heading", name="2. Scams against older people")).to_be_visible()
    expect(page.get_by_test_id("recommended-by").first).to_contain_text("Strategic assessment 2025/26")
    assert_no_axe_violations(page)
    page.get_by_test_id("recommended-by").first.get_by_role("link").click()
    expect(page.get_by_role("link", name="theme 1 of Delivery plan 2026/27")).to_be_visible()


def test_the_pdf_is_prepared_on_its_page_then_an_issued_one_is_given_to_a_viewer_at_once(
    page: Page, live_server, composed, settings, tmp_path
):
    """The draft's PDF is prepared by the worker (here at once) and waits on its page; once issued,
    its frozen PDF is rendered once and a viewer who asks is given a copy without waiting."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    a = composed.assessment
    login(page, live_server, "coordinator")
    page.goto(live_server.url + reverse("assessment_detail", args=["home", a.pk]))
    page.get_by_role("button", name="Download the PDF").click()
    expect(page.get_by_role("heading", name="Your report is ready")).to_be_visible()
    assert_no_axe_violations(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"^Download strategic-assessment-")).click()
    target = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(target)
    assert "Strategic assessment 2025/26" in " ".join(p.extract_text() for p in PdfReader(target).pages)
    page.get_by_role("link", name="Back to Strategic assessment 2025/26").click()
    assessment_issue(assessment=a, user=composed.users["coordinator"])
    assert assessment_pdf_keep(assessment_id=a.pk) == 1
    logout(page)
    login(page, live_server, "viewer")
    page.goto(live_server.url + reverse("assessment_detail", args=["home", a.pk]))
    page.get_by_role("button", name="Download the PDF").click()
    expect(page.get_by_role("heading", name="Your report is ready")).to_be_visible()
    assert_no_axe_violations(page)
    given = ReportFile.objects.get(requested_by=composed.users["viewer"])
    kept = ReportFile.objects.filter(
        requested_by=composed.users["coordinator"], html_digest=given.html_digest
    )
    assert kept.count() == 1  # the issued copy the viewer's is a copy of
