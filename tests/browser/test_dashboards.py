"""Dashboards, indicators and search in a real browser: a scrutiny member's journey, and axe on
every page of the indicators app in its plain, filtered and error states."""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from indicators import urls as indicator_urls
from tests.browser.conftest import assert_no_axe_violations, login
from tests.indicators.factories import IndicatorFactory, IndicatorValueFactory

# Every route of the indicators app is checked here (test_accessibility counts them as checked).
DASHBOARD_ROUTES = {pattern.name for pattern in indicator_urls.urlpatterns}


@pytest.fixture
def indicator_site(site):
    indicator = IndicatorFactory(
        partnership=site.partnership,
        name="ASB incidents",
        theme=site.action.theme,
        baseline_value=300,
        baseline_period="2023/24",
        target_value=250,
    )
    quarter_starts = [datetime.date(2024, month, 1) for month in (4, 7, 10)] + [datetime.date(2025, 1, 1)]
    for index, start in enumerate(quarter_starts):
        for town, level in (("Marshfield", 150), ("Saltmarsh", 90), ("Cotterell", 40)):
            IndicatorValueFactory(indicator=indicator, period_start=start, area=town, value=level - 5 * index)
    yearly = IndicatorFactory(
        partnership=site.partnership,
        name="KSI casualties",
        period_kind="year",
        direction="lower",
        target_value=43,
    )
    for year, value in ((2022, 51), (2023, 0), (2024, 47)):
        IndicatorValueFactory(indicator=yearly, period_start=datetime.date(year, 4, 1), value=value)
    site.indicator = indicator
    site.indicator_value = indicator.values.first()
    return site


def submit_main_form_empty(page: Page) -> None:
    """Empty every field of the page's form and submit it (test_accessibility does the same)."""
    page.evaluate(
        """() => {
            for (const el of document.getElementById('main-form').elements) {
                if (['hidden', 'submit', 'button'].includes(el.type)) continue;
                if (el.type === 'checkbox' || el.type === 'radio') el.checked = false;
                else el.value = '';
            }
        }"""
    )
    page.locator("#main-form button[type=submit]").first.click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))


def url(live_server, name: str, *args) -> str:
    return live_server.url + reverse(name, args=args)


def test_viewer_lands_on_the_dashboard_filters_to_red_rows_and_reads_the_timeline(
    page: Page, live_server, indicator_site
):
    site = indicator_site
    login(page, live_server, "viewer")  # a viewer of one live plan lands on its dashboard
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    assert_no_axe_violations(page)

    page.get_by_label("Theme", exact=True).select_option(label="1. Domestic abuse")
    page.get_by_label("RAG status", exact=True).select_option(label="Red")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#rows")).to_have_text("Rows matching the filters")
    rows = page.get_by_test_id("dashboard-rows")
    expect(rows.locator("tbody tr")).to_have_count(1)
    expect(rows).to_contain_text("Awareness campaign")
    assert "rag=red" in page.url and f"theme={site.action.theme_id}" in page.url  # shareable
    assert_no_axe_violations(page)

    rows.get_by_role("link", name="1.1 Support victims").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("1.1 Support victims")
    expect(page.locator(".csp-timeline__item", has_text="Paused.")).to_be_visible()
    assert_no_axe_violations(page)


def test_chart_segment_drills_down_to_the_filtered_rows(page: Page, live_server, indicator_site):
    login(page, live_server, "viewer")
    page.goto(url(live_server, "plan_dashboard", "home", indicator_site.plan.pk))
    page.locator("svg a[aria-label='1. Domestic abuse: Amber, 1']").click()
    rows = page.get_by_test_id("dashboard-rows")
    expect(rows.locator("tbody tr")).to_have_count(1)
    expect(rows).to_contain_text("IDVA service")


@pytest.mark.parametrize(
    ("role", "name", "query"),
    [
        ("viewer", "plan_dashboard", "?quarter=2025-q1"),
        ("viewer", "plan_dashboard", "?rag=green&q=nothing-matches"),
        ("viewer", "indicator_dashboard", ""),
        ("viewer", "indicator_detail", ""),
        ("coordinator", "indicator_detail", ""),
        ("viewer", "search", "?q=funding"),
        ("viewer", "search", "?q=zebra"),
        ("viewer", "search", ""),
    ],
)
def test_read_page_has_no_axe_violations(page: Page, live_server, indicator_site, role, name, query):
    site = indicator_site
    args = {
        "plan_dashboard": ["home", site.plan.pk],
        "indicator_detail": ["home", site.indicator.pk],
    }.get(name, ["home"])
    login(page, live_server, role)
    response = page.goto(url(live_server, name, *args) + query)
    assert response.status == 200
    assert_no_axe_violations(page)


@pytest.mark.parametrize(
    "name",
    [
        "indicator_create",
        "indicator_update",
        "indicator_value_create",
        "indicator_value_update",
        "indicator_values_upload",
    ],
)
def test_management_form_and_its_error_state(page: Page, live_server, indicator_site, name):
    site = indicator_site
    args = {
        "indicator_create": ["home"],
        "indicator_value_update": ["home", site.indicator.pk, site.indicator_value.pk],
    }.get(name, ["home", site.indicator.pk])
    login(page, live_server, "coordinator")
    assert page.goto(url(live_server, name, *args)).status == 200
    assert_no_axe_violations(page)
    submit_main_form_empty(page)
    assert_no_axe_violations(page)


def test_upload_row_errors_are_listed(page: Page, live_server, indicator_site, tmp_path):
    csv_file = tmp_path / "values.csv"
    csv_file.write_text("period,area,value\nQ1 2025/26,Marshfield,lots\nspring,Saltmarsh,4\n")
    login(page, live_server, "coordinator")
    page.goto(url(live_server, "indicator_values_upload", "home", indicator_site.indicator.pk))
    page.get_by_label("CSV file").set_input_files(str(csv_file))
    page.get_by_role("button", name="Upload").click()
    errors = page.get_by_test_id("upload-errors")
    expect(errors).to_contain_text("Row 2, column value")
    expect(errors).to_contain_text("Row 3, column period")
    assert_no_axe_violations(page)
