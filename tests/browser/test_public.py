"""The public site in the browser: a coordinator publishes the plan, checks the preview, and a
resident reads it logged out, on a desktop and on a 320-pixel phone; an analyst makes an API
token on their account page. axe checks every page on the way.

`PUBLIC_ROUTES` names every route of public/urls.py and api/urls.py checked here (pages with
axe; the API's JSON and the public CSV and stylesheet by their content).
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from api.urls import urlpatterns as api_patterns
from public.urls import urlpatterns as public_patterns
from tests.api.test_permissions import route_names as api_route_names
from tests.browser.conftest import assert_no_axe_violations, login, logout

PUBLIC_ROUTES = {p.name for p in public_patterns} | api_route_names()
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots" / "public"
assert api_patterns  # the API's routes are counted through route_names


def no_horizontal_scroll(page: Page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def shoot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def published_site(site):
    site.action.outcome = "Victims are safer and feel heard."
    site.action.save()
    return site


def test_coordinator_publishes_and_a_resident_reads_the_plan(page: Page, live_server, published_site):
    site = published_site
    login(page, live_server, "coordinator")
    page.goto(live_server.url + reverse("plan_detail", args=["home", site.plan.pk]))
    page.get_by_role("link", name="Public page").click()
    expect(page.get_by_test_id("public-status")).to_contain_text("Not published")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Preview the page as the public sees it").click()
    expect(page.locator(".csp-preview-banner")).to_contain_text("not published yet")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="1.1 Support victims").click()
    expect(page.get_by_test_id("public-row").first).to_contain_text("Two of three advisers in post.")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Back to the publication settings").click()

    page.get_by_label("Publish this plan").check()
    page.get_by_label("Name lead officers").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("public-status")).to_contain_text("Published at")
    public_url = page.get_by_test_id("public-status").get_by_role("link").get_attribute("href")
    logout(page)

    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        response = page.goto(public_url)
        assert response.status == 200 and "public" in response.headers["cache-control"]
        expect(page.get_by_role("heading", level=1)).to_have_text("Home Delivery Plan")
        expect(page.get_by_role("button", name="Log out")).to_have_count(0)
        expect(page.locator(".csp-rag").first).to_have_css("background-color", re.compile(r"rgb"))
        assert no_horizontal_scroll(page), f"the plan page scrolls sideways at {width}px"
        shoot(page, f"plan-{width}")
        assert_no_axe_violations(page)

        page.get_by_role("link", name="1.1 Support victims").click()
        row = page.get_by_test_id("public-row").first
        expect(row).to_contain_text("Two of three advisers in post.")
        expect(row).to_contain_text("Testshire Police")
        expect(row).not_to_contain_text("Insp Lena Lead")
        expect(row).not_to_contain_text("Caseloads rise while posts are vacant.")  # risk: hidden
        assert no_horizontal_scroll(page), f"the action page scrolls sideways at {width}px"
        shoot(page, f"action-{width}")
        assert_no_axe_violations(page)

        page.get_by_role("link", name="Accessibility statement").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Accessibility statement")
        assert no_horizontal_scroll(page)
        shoot(page, f"accessibility-{width}")
        assert_no_axe_violations(page)

    csv = page.request.get(live_server.url + reverse("public_plan_csv", args=["home", site.plan.pk]))
    assert csv.headers["content-type"].startswith("text/csv")
    css = page.request.get(live_server.url + reverse("public_rag_css", args=["home"]))
    assert css.headers["content-type"].startswith("text/css")


def test_an_analyst_creates_uses_and_revokes_a_token(page: Page, live_server, site):
    login(page, live_server, "viewer")
    page.get_by_role("link", name=re.compile("your account")).click()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Create token").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("What is the token for?").fill("Power BI")
    page.get_by_label("90 days").check()
    page.get_by_role("button", name="Create token").click()
    raw = page.get_by_test_id("token-value").inner_text().strip()
    page.set_viewport_size({"width": 320, "height": 800})
    shoot(page, "account-320")
    assert no_horizontal_scroll(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    assert_no_axe_violations(page)

    headers = {"Authorization": f"Bearer {raw}"}
    for name in sorted(n for n in PUBLIC_ROUTES if n.startswith("api-") and n.endswith("-list")):
        response = page.request.get(live_server.url + reverse(name) + "?format=feed", headers=headers)
        assert response.status == 200 and isinstance(response.json(), list), name
    detail = page.request.get(
        live_server.url + reverse("api-plan-detail", args=[site.plan.pk]), headers=headers
    )
    assert detail.json()["title"] == "Home Delivery Plan"
    for name in ("api-theme", "api-action", "api-row", "api-target", "api-figure", "api-update"):
        assert (
            page.request.get(live_server.url + reverse(f"{name}-detail", args=[0]), headers=headers).status
            == 404
        )
    for name in ("api-indicator", "api-indicator-value"):
        assert (
            page.request.get(live_server.url + reverse(f"{name}-detail", args=[0]), headers=headers).status
            == 404
        )

    page.get_by_role("button", name="Revoke Power BI").click()
    expect(page.get_by_test_id("tokens")).to_contain_text("Revoked")
    assert_no_axe_violations(page)
    after = page.request.get(live_server.url + reverse("api-plan-list"), headers=headers)
    assert after.status == 401


def test_the_api_documentation(page: Page, live_server, site):
    page.goto(live_server.url + reverse("api_docs"))
    expect(page.get_by_role("heading", name="GET /api/v1/rows/", exact=True)).to_be_visible()
    assert_no_axe_violations(page)
    schema = page.request.get(live_server.url + reverse("api_schema"))
    assert schema.text().startswith("openapi: 3")
