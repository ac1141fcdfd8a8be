"""axe-core (WCAG 2.2 AA rules) on every page a person uses, in each role and state.

The pages are listed by route name, and `test_every_named_route_is_checked` fails when a
route is added to csp_tracker/urls.py without a case here, so no page escapes axe.
"""

import datetime
import re
from collections.abc import Callable

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import Page, expect

from plans import services
from tests.browser.conftest import assert_no_axe_violations, login, logout
from tests.browser.test_assessments import ASSESSMENT_ROUTES  # checked in that module
from tests.browser.test_budget_journey import MONEY_ROUTES  # checked in that module
from tests.browser.test_dashboards import DASHBOARD_ROUTES  # checked in that module
from tests.browser.test_dhr import DHR_ROUTES  # checked in that module
from tests.browser.test_public import PUBLIC_ROUTES  # checked in that module
from tests.browser.test_reports import REPORT_ROUTES  # checked in that module
from tests.browser.test_two_factor import TRUST_ROUTES  # checked in that module

# --- the pages -------------------------------------------------------------------------

Args = Callable[[object], list]

READ_PAGES: dict[str, Args] = {
    "home": lambda w: [],
    "partnership_detail": lambda w: [w.partnership.slug],
    "plan_detail": lambda w: [w.partnership.slug, w.plan.pk],
    "action_detail": lambda w: [w.partnership.slug, w.plan.pk, w.action.pk],
    "action_history": lambda w: [w.partnership.slug, w.plan.pk, w.action.pk],
}

FORM_PAGES: dict[str, Args] = {
    "plan_create": lambda w: [w.partnership.slug],
    "plan_update": lambda w: [w.partnership.slug, w.plan.pk],
    "theme_create": lambda w: [w.partnership.slug, w.plan.pk],
    "theme_update": lambda w: [w.partnership.slug, w.plan.pk, w.action.theme_id],
    "action_create": lambda w: [w.partnership.slug, w.plan.pk],
    "action_update": lambda w: [w.partnership.slug, w.plan.pk, w.action.pk],
    "row_create": lambda w: [w.partnership.slug, w.plan.pk, w.action.pk],
    "row_update": lambda w: [w.partnership.slug, w.plan.pk, w.action.pk, w.row_a.pk],
    "outcome_create": lambda w: [w.partnership.slug, w.plan.pk, w.action.pk],
    "outcome_update": lambda w: [w.partnership.slug, w.plan.pk, w.action.pk, w.outcome.pk],
    "target_create": lambda w: [w.partnership.slug, w.plan.pk, w.action.pk, w.row_a.pk],
    "target_update": lambda w: [w.partnership.slug, w.plan.pk, w.action.pk, w.row_a.pk, w.target.pk],
    "organisation_create": lambda w: [w.partnership.slug],
    "organisation_update": lambda w: [w.partnership.slug, w.police.pk],
    "person_create": lambda w: [w.partnership.slug],
    "person_update": lambda w: [w.partnership.slug, w.lead_person.pk],
    "membership_edit": lambda w: [w.partnership.slug, w.lead_person.pk],
    "glossary_create": lambda w: [w.partnership.slug],
    "glossary_update": lambda w: [w.partnership.slug, w.term.pk],
}

# The form pages a lead officer also uses, for the row they lead (a narrower row form).
LEAD_FORM_PAGES = ["row_update", "target_create", "target_update"]

# Quarterly update pages, checked in their own tests below with an update round in place.
UPDATE_ROUTES = {"round_list", "round_detail", "round_close", "update_form", "update_review", "email_log"}
# Posted from the update form (autosave by its script, withdraw by a button); the form's states
# are checked with axe in tests/browser/test_update_form.py.
UPDATE_ROUTES |= {"update_autosave", "update_withdraw"}
# row_reopen is a POST-only button on the action page (checked there); it renders no page.
UPDATE_ROUTES |= {"row_reopen"}
UPDATE_ROUTES |= {"round_remind"}  # a POST-only button on the coordinator's home (checked there)

# Routes checked by the account tests below, and routes that are not HTML pages.
ACCOUNT_ROUTES = {
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "password_change",
    "password_change_done",
}
NOT_PAGES = {"rag_css"}  # a stylesheet; checked for its content type instead
# Import and carry-over pages: checked with axe in tests/browser/test_import_journey.py.
IMPORT_ROUTES = {"plan_import", "plan_import_preview", "plan_carry_over"}

ROLES = ["coordinator", "lead", "viewer"]


def page_url(live_server, route: str, world, query: str = "") -> str:
    args = {**READ_PAGES, **FORM_PAGES}[route](world)
    return live_server.url + reverse(route, args=args) + query


def submit_main_form_empty(page: Page) -> None:
    """Empty every field of the page's form, submit it (with its first button) and wait for the
    error state."""
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


# --- coverage ------------------------------------------------------------------------


def named_routes(patterns=None) -> set[str]:
    """Every route name in the URLconf, except the admin site's."""
    names = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                names |= named_routes(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(pattern.name)
    return names


def test_every_named_route_is_checked():
    checked = set(READ_PAGES) | set(FORM_PAGES) | UPDATE_ROUTES | ACCOUNT_ROUTES | NOT_PAGES | IMPORT_ROUTES
    checked |= DASHBOARD_ROUTES
    checked |= MONEY_ROUTES
    checked |= REPORT_ROUTES
    checked |= PUBLIC_ROUTES
    checked |= DHR_ROUTES
    checked |= ASSESSMENT_ROUTES
    checked |= TRUST_ROUTES
    routes = named_routes()
    assert routes - checked == set(), "routes with no accessibility check: add them to this module"
    assert checked - routes == set(), "checks for routes that no longer exist"


# --- pages in each role ----------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("route", "query"),
    [
        ("home", ""),
        ("partnership_detail", ""),
        ("plan_detail", ""),
        ("plan_detail", "?rag=amber"),
        ("plan_detail", "?theme={theme}&organisation={police}&no_status=true"),
        ("action_detail", ""),
        ("action_history", ""),
    ],
    ids=[
        "home",
        "partnership",
        "plan",
        "plan-filtered-rag",
        "plan-filtered-empty",
        "action",
        "action-history",
    ],
)
def test_page_in_role(page: Page, live_server, site, role, route, query):
    login(page, live_server, role)
    query = query.format(theme=site.action.theme_id, police=site.police.pk)
    response = page.goto(page_url(live_server, route, site, query))
    assert response.status == 200
    if route == "action_detail":
        expect(page.locator(".csp-timeline__item")).to_have_count(3)
    if route == "action_history":
        expect(page.get_by_test_id("change-history").locator("tbody tr").first).to_be_visible()
    if query.startswith("?rag="):
        expect(page.get_by_text("Showing 1 of 2 project rows.")).to_be_visible()
    if role == "lead" and route == "home":
        expect(page.get_by_test_id("my-actions")).to_contain_text("1.1 Support victims")
    assert_no_axe_violations(page)


@pytest.mark.parametrize(
    ("role", "route"),
    [("coordinator", route) for route in FORM_PAGES] + [("lead", route) for route in LEAD_FORM_PAGES],
)
def test_form_page_and_its_error_state(page: Page, live_server, site, role, route):
    login(page, live_server, role)
    response = page.goto(page_url(live_server, route, site))
    assert response.status == 200
    expect(page.locator("#main-form")).to_be_visible()
    assert_no_axe_violations(page)

    submit_main_form_empty(page)
    assert_no_axe_violations(page)


# --- quarterly updates -------------------------------------------------------------------


@pytest.fixture
def update_round(site):
    """An open Q3 round in which the lead has submitted row A's update; row B has none."""
    site.round = services.round_open(
        plan=site.plan,
        year=2025,
        quarter=3,
        due_date=datetime.date(2025, 12, 31),
        opened_by=site.users["coordinator"],
    )
    site.submitted = services.update_save(
        row=site.row_a,
        update_round=site.round,
        author=site.users["lead"],
        content=services.UpdateContent(narrative="All three advisers in post.", rag=site.rag("green")),
        expected_state=services.update_state_token(None),
        submit=True,
    )
    return site


def plan_url(live_server, site, route: str, *more) -> str:
    return live_server.url + reverse(route, args=[site.partnership.slug, site.plan.pk, *more])


def test_with_no_round_open(page: Page, live_server, site):
    login(page, live_server, "coordinator")
    page.goto(plan_url(live_server, site, "round_list"))
    expect(page.get_by_role("button", name="Open round")).to_be_visible()
    assert_no_axe_violations(page)
    submit_main_form_empty(page)
    assert_no_axe_violations(page)

    logout(page)
    login(page, live_server, "lead")
    page.goto(plan_url(live_server, site, "update_form", site.row_a.pk))
    expect(page.get_by_text("There is no open update round for this plan.")).to_be_visible()
    assert_no_axe_violations(page)


def test_round_tracking_closing_and_email_log(page: Page, live_server, update_round):
    site = update_round
    login(page, live_server, "coordinator")
    page.goto(plan_url(live_server, site, "round_list"))
    assert_no_axe_violations(page)  # with an open round
    page.goto(plan_url(live_server, site, "round_detail", site.round.pk))
    expect(page.get_by_test_id("round-rows")).to_contain_text("IDVA service")
    assert_no_axe_violations(page)
    page.goto(plan_url(live_server, site, "round_detail", site.round.pk) + "?show=outstanding")
    assert_no_axe_violations(page)

    page.goto(live_server.url + reverse("email_log", args=[site.partnership.slug]))
    assert_no_axe_violations(page)

    page.goto(plan_url(live_server, site, "round_detail", site.round.pk))
    page.get_by_role("button", name=re.compile(r"^Close round")).click()  # round_close
    expect(page).to_have_url(plan_url(live_server, site, "round_list"))
    expect(page.get_by_role("alert")).to_contain_text("is closed")
    assert_no_axe_violations(page)


def test_review_page_and_its_error_state(page: Page, live_server, update_round):
    site = update_round
    login(page, live_server, "coordinator")
    page.goto(plan_url(live_server, site, "update_review", site.submitted.pk))
    expect(page.get_by_role("button", name="Accept update")).to_be_visible()
    assert_no_axe_violations(page)
    submit_main_form_empty(page)  # return without a comment
    assert_no_axe_violations(page)


@pytest.mark.parametrize("role", ["lead2", "coordinator"])  # the row's lead, and on their behalf
def test_update_form_and_its_error_state(page: Page, live_server, update_round, role):
    site = update_round
    login(page, live_server, role)
    page.goto(plan_url(live_server, site, "update_form", site.row_b.pk))
    expect(page.get_by_role("button", name="Submit for review")).to_be_visible()
    assert_no_axe_violations(page)
    submit_main_form_empty(page)  # submitting needs a narrative and a status
    assert_no_axe_violations(page)


def test_update_form_awaiting_review(page: Page, live_server, update_round):
    login(page, live_server, "lead")
    page.goto(plan_url(live_server, update_round, "update_form", update_round.row_a.pk))
    expect(page.get_by_role("button", name="Submit for review")).to_have_count(0)
    assert_no_axe_violations(page)


# --- error pages -------------------------------------------------------------------------


def test_page_not_found(page: Page, live_server, site):
    login(page, live_server, "coordinator")
    response = page.goto(live_server.url + reverse("partnership_detail", args=["no-such-partnership"]))
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    assert_no_axe_violations(page)


def test_permission_denied(page: Page, live_server, site):
    login(page, live_server, "viewer")
    response = page.goto(page_url(live_server, "action_update", site))
    assert response.status == 403
    expect(page.get_by_role("heading", name="You cannot do that")).to_be_visible()
    assert_no_axe_violations(page)


# --- account pages -----------------------------------------------------------------------


def test_login_page_and_its_error_state(page: Page, live_server, site):
    response = page.goto(live_server.url + reverse("login"))
    assert response.status == 200
    assert_no_axe_violations(page)
    submit_main_form_empty(page)
    assert_no_axe_violations(page)


def test_after_logging_out(page: Page, live_server, site):
    login(page, live_server, "coordinator")
    logout(page)
    assert_no_axe_violations(page)


def test_password_reset_pages(page: Page, live_server, site):
    page.goto(live_server.url + reverse("password_reset"))
    assert_no_axe_violations(page)
    submit_main_form_empty(page)
    assert_no_axe_violations(page)

    page.get_by_label("Email").fill("coordinator@example.org")
    page.locator("#main-form button[type=submit]").click()
    expect(page).to_have_url(live_server.url + reverse("password_reset_done"))
    assert_no_axe_violations(page)

    user = site.users["coordinator"]
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    page.goto(live_server.url + reverse("password_reset_confirm", args=[uid, "bad-token"]))
    expect(page.get_by_text("This link has expired or was already used.")).to_be_visible()
    assert_no_axe_violations(page)

    token = default_token_generator.make_token(user)
    page.goto(live_server.url + reverse("password_reset_confirm", args=[uid, token]))
    expect(page.locator("#main-form")).to_be_visible()  # redirected to .../set-password/
    assert_no_axe_violations(page)
    submit_main_form_empty(page)
    assert_no_axe_violations(page)

    page.goto(live_server.url + reverse("password_reset_complete"))
    assert_no_axe_violations(page)


def test_password_change_pages(page: Page, live_server, site):
    login(page, live_server, "lead")
    page.goto(live_server.url + reverse("password_change"))
    assert_no_axe_violations(page)
    submit_main_form_empty(page)
    assert_no_axe_violations(page)
    page.goto(live_server.url + reverse("password_change_done"))
    assert_no_axe_violations(page)


def test_rag_stylesheet_is_css(page: Page, live_server, site):
    login(page, live_server, "viewer")
    response = page.request.get(live_server.url + reverse("rag_css"))
    assert response.ok
    assert response.headers["content-type"].startswith("text/css")
    assert f".csp-rag-{site.rag('red').pk}" in response.text()


# --- static files --------------------------------------------------------------------------


def test_pages_are_styled(page: Page, live_server, site):
    """The stylesheet and script load (manifest-hashed, served by WhiteNoise) and apply."""
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(live_server.url + reverse("login"))
    font = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert "arial" in font.lower()
    expect(page.locator("body")).to_have_class(re.compile(r"\bjs-enabled\b"))
    assert failed == []


def test_axe_helper_reports_violations(page: Page):
    """Guards the helper itself: a page with known faults must fail it."""
    page.set_content('<html lang="en"><body><main><img src="x.png"><button></button></main></body></html>')
    with pytest.raises(AssertionError) as failure:
        assert_no_axe_violations(page)
    assert "image-alt" in str(failure.value)
    assert "button-name" in str(failure.value)
