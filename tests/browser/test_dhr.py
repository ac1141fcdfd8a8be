"""DHR journeys through the real pages, with axe on every page on the way: the coordinator records
a stage change; a recommendation's owner (without DHR access) updates it; every DHR route is
checked here (`DHR_ROUTES`, counted by test_accessibility.py)."""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from dhr import services
from dhr import urls as dhr_urls
from tests.browser.conftest import assert_no_axe_violations, login, logout
from tests.dhr.conftest import build_dhr

DHR_ROUTES = {pattern.name for pattern in dhr_urls.urlpatterns}
NOT_PAGES = {"dhr_register_csv", "dhr_register_xlsx", "attachment_download"}  # files: content type checked


@pytest.fixture
def dhr_site(site):
    site.dhr = build_dhr(site)
    return site


def url(live_server, name: str, *args) -> str:
    return live_server.url + reverse(name, args=["home", *args])


def submit_empty(page: Page, button: str = "Save") -> None:
    page.evaluate(
        """() => {
            for (const el of document.getElementById('main-form').elements) {
                if (['hidden', 'submit', 'button', 'file'].includes(el.type)) continue;
                if (el.type === 'checkbox' || el.type === 'radio') el.checked = false;
                else el.value = '';
            }
        }"""
    )
    page.locator("#main-form").get_by_role("button", name=button).click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_no_axe_violations(page)


def test_coordinator_records_a_stage_change(page: Page, live_server, dhr_site):
    review = dhr_site.dhr.review
    login(page, live_server, "coordinator")
    page.goto(live_server.url + reverse("partnership_detail", args=["home"]))
    page.get_by_role("link", name="DHR register").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Domestic Homicide Review register")
    expect(page.get_by_test_id("dhr-panel")).to_contain_text("Recommendations overdue")
    assert_no_axe_violations(page)

    page.get_by_role("link", name=f"DHR {review.reference}").click()
    expect(page.get_by_test_id("current-stage")).to_contain_text("Panel meetings")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Record a stage").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Record a stage: DHR {review.reference}")
    assert_no_axe_violations(page)
    page.get_by_label("Stage reached").select_option(label="Draft overview report")
    page.get_by_label("Date").fill(datetime.date.today().isoformat())
    page.get_by_label("Note (optional)").fill("Draft circulated to the panel")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("alert")).to_contain_text("Stage recorded: Draft overview report")
    expect(page.get_by_test_id("current-stage")).to_contain_text("Draft overview report")
    expect(page.get_by_test_id("stage-history")).to_contain_text("Draft circulated to the panel")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Record a stage").click()
    submit_empty(page)


def test_owner_updates_a_recommendation_and_the_coordinator_accepts_it(page: Page, live_server, dhr_site):
    recommendation = dhr_site.dhr.recommendation
    login(page, live_server, "lead")
    mine = page.get_by_test_id("my-recommendations")
    expect(mine).to_contain_text("coercive control")
    expect(mine).to_contain_text("Overdue")
    expect(page.locator("body")).not_to_contain_text(dhr_site.dhr.review.reference)
    assert_no_axe_violations(page)

    mine.get_by_role("link", name=re.compile("^Write update")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("recommendation 1")
    assert_no_axe_violations(page)
    submit_empty(page, "Submit for review")

    page.get_by_label("Progress on this recommendation").fill("All call handlers trained by March.")
    page.get_by_label("Green").check()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("alert")).to_contain_text("Update on recommendation 1 submitted for review.")
    expect(page.get_by_test_id("my-recommendations")).to_contain_text("Submitted")
    assert_no_axe_violations(page)

    page.goto(url(live_server, "dhr_recommendation_detail", recommendation.pk))
    expect(page.get_by_test_id("recommendation")).to_contain_text("30 June 2025")
    expect(page.locator("main")).not_to_contain_text(dhr_site.dhr.review.reference)
    assert_no_axe_violations(page)
    page.goto(url(live_server, "dhr_recommendation_update", recommendation.pk))
    expect(page.get_by_test_id("awaiting-review")).to_be_visible()
    assert_no_axe_violations(page)
    logout(page)

    login(page, live_server, "coordinator")
    page.goto(url(live_server, "dhr_recommendation_detail", recommendation.pk))
    page.get_by_role("link", name=re.compile("^Review")).click()
    expect(page.get_by_role("button", name="Accept update")).to_be_visible()
    assert_no_axe_violations(page)
    submit_empty(page, "Return to the owner")
    page.get_by_role("button", name="Accept update").click()
    expect(page.get_by_role("alert")).to_contain_text("accepted")
    expect(page.get_by_test_id("recommendation")).to_contain_text("Green")
    assert_no_axe_violations(page)


FORM_PAGES = {
    "dhr_review_create": lambda s: [],
    "dhr_review_update": lambda s: [s.dhr.review.pk],
    "dhr_review_progress": lambda s: [s.dhr.review.pk],
    "dhr_recommendation_create": lambda s: [s.dhr.review.pk],
    "dhr_recommendation_edit": lambda s: [s.dhr.recommendation.pk],
    "attachment_upload": lambda s: ["review", s.dhr.review.pk],
}
BUTTONS = {"dhr_review_progress": "Add progress update", "attachment_upload": "Attach file"}


@pytest.mark.parametrize("route", sorted(FORM_PAGES))
def test_dhr_form_page_and_its_error_state(page: Page, live_server, dhr_site, route):
    login(page, live_server, "coordinator")
    response = page.goto(url(live_server, route, *FORM_PAGES[route](dhr_site)))
    assert response.status == 200
    assert_no_axe_violations(page)
    submit_empty(page, BUTTONS.get(route, "Save"))


def test_read_log_and_the_cleared_viewers_pages(page: Page, live_server, dhr_site):
    login(page, live_server, "dhr_viewer")
    page.goto(url(live_server, "dhr_review_detail", dhr_site.dhr.review.pk))
    expect(page.get_by_role("link", name="Record a stage")).to_have_count(0)
    assert_no_axe_violations(page)
    logout(page)
    login(page, live_server, "coordinator")
    page.goto(url(live_server, "dhr_read_log"))
    expect(page.get_by_test_id("read-log")).to_contain_text("Dhr_Viewer")
    assert_no_axe_violations(page)


def test_files_and_exports_download_with_their_types(page: Page, live_server, dhr_site):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dhr.attachments import check_upload

    attachment = services.attachment_add(
        parent=dhr_site.dhr.review,
        checked=check_upload(SimpleUploadedFile("imr.pdf", b"%PDF-1.7 x")),
        user=dhr_site.users["coordinator"],
    )
    login(page, live_server, "coordinator")
    expected = {
        "dhr_register_csv": ([], "text/csv"),
        "dhr_register_xlsx": ([], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        "attachment_download": ([attachment.pk], "application/pdf"),
    }
    assert set(expected) == NOT_PAGES
    for name, (args, content_type) in expected.items():
        response = page.request.get(url(live_server, name, *args))
        assert response.ok, name
        assert response.headers["content-type"].startswith(content_type), name
        assert response.headers["content-disposition"].startswith("attachment"), name
    page.goto(url(live_server, "dhr_review_detail", dhr_site.dhr.review.pk))
    expect(page.get_by_test_id("attachments")).to_contain_text("imr.pdf")
    assert_no_axe_violations(page)


def test_the_not_found_page_for_someone_without_dhr_access(page: Page, live_server, dhr_site):
    login(page, live_server, "viewer")
    response = page.goto(url(live_server, "dhr_register"))
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    expect(page.get_by_role("link", name="DHR register")).to_have_count(0)
    assert_no_axe_violations(page)


CHECKED_HERE = (
    {"dhr_register", "dhr_review_detail", "dhr_stage_record", "dhr_recommendation_detail"}
    | {"dhr_recommendation_update", "dhr_recommendation_review", "dhr_read_log"}
    | set(FORM_PAGES)
    | NOT_PAGES
)


def test_every_dhr_route_is_checked_in_this_module():
    assert CHECKED_HERE == DHR_ROUTES
