"""The pages of trust (issue 16, part B) in a real browser, with axe-core: a report whose worker
died (and its one-click retry), an expired report, a review its author may not make (a plan
row's update and a DHR recommendation's), a self-accepted update on the timeline, and a refused
import with its Cancel button."""

import datetime
import os

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from dhr import services as dhr_services
from partners.models import Membership
from plans import services
from reports.models import ReportFile
from tests import factories
from tests.browser.conftest import assert_no_axe_violations, login, logout
from tests.dhr.conftest import build_dhr

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("TRUST_SCREENSHOTS")  # a folder: save each page at 1280 and 320 px


def look(page: Page, name: str) -> None:
    assert_no_axe_violations(page)
    if SHOTS:
        for width in (1280, 320):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})


def test_a_report_whose_worker_died_fails_with_a_retry(page: Page, live_server, site, settings):
    settings.REPORT_FILE_TIME_LIMIT = 60
    stalled = ReportFile.objects.create(
        partnership=site.partnership,
        plan=site.plan,
        kind=ReportFile.Kind.DELIVERY_PLAN,
        requested_by=site.users["coordinator"],
        status=ReportFile.Status.RUNNING,
        started_at=timezone.now() - datetime.timedelta(minutes=5),
    )
    login(page, live_server, "coordinator")
    page.goto(live_server.url + reverse("report_file_detail", args=[site.partnership.slug, stalled.pk]))
    expect(page.get_by_test_id("report-failure")).to_contain_text("stopped while it was being prepared")
    look(page, "report-stalled")
    page.get_by_role("button", name="Try again").click()
    again = ReportFile.objects.exclude(pk=stalled.pk).get()
    expect(page).to_have_url(
        live_server.url + reverse("report_file_detail", args=[site.partnership.slug, again.pk])
    )


def test_an_expired_report_offers_to_prepare_it_again(page: Page, live_server, site):
    expired = ReportFile.objects.create(
        partnership=site.partnership,
        plan=site.plan,
        kind=ReportFile.Kind.DELIVERY_PLAN,
        requested_by=site.users["coordinator"],
        status=ReportFile.Status.EXPIRED,
    )
    login(page, live_server, "coordinator")
    page.goto(live_server.url + reverse("report_file_detail", args=[site.partnership.slug, expired.pk]))
    expect(page.get_by_role("button", name="Prepare it again")).to_be_visible()
    look(page, "report-expired")


def test_the_author_is_told_someone_else_must_review_and_self_accepted_shows(page: Page, live_server, site):
    update_round = services.round_open(
        plan=site.plan,
        year=2025,
        quarter=3,
        due_date=datetime.date(2026, 1, 14),
        opened_by=site.users["coordinator"],
    )
    update = services.update_save(
        row=site.row_b,
        update_round=update_round,
        author=site.users["coordinator"],
        content=services.UpdateContent(narrative="Written by the coordinator", rag=site.rag("green")),
        expected_state="new",
        submit=True,
    )
    login(page, live_server, "coordinator")
    url = live_server.url + reverse("update_review", args=[site.partnership.slug, site.plan.pk, update.pk])
    page.goto(url)
    expect(page.get_by_test_id("not-your-review")).to_be_visible()
    expect(page.get_by_role("button", name="Accept update")).to_have_count(0)
    look(page, "review-own-update")

    site.partnership.reviewer_not_author = False
    site.partnership.save()
    page.goto(url)
    page.get_by_role("button", name="Accept update").click()
    page.goto(
        live_server.url + reverse("action_detail", args=[site.partnership.slug, site.plan.pk, site.action.pk])
    )
    expect(page.get_by_test_id("self-reviewed")).to_have_text("Self-accepted")
    look(page, "timeline-self-accepted")


def test_a_refused_import_has_a_real_cancel_button(page: Page, live_server, site, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    login(page, live_server, "coordinator")
    page.goto(live_server.url + reverse("plan_import", args=[site.partnership.slug]))
    bad = tmp_path / "plan.docx"
    bad.write_bytes(b"MZ\x90\x00 an executable, not a plan")
    page.get_by_label("Plan file").set_input_files(str(bad))
    page.get_by_label("New plan title").fill("Fenland 2014/15")
    page.get_by_label("New plan starts").fill("2014-04-01")
    page.get_by_label("New plan ends").fill("2015-03-31")
    page.get_by_role("button", name="Preview the import").click()
    expect(page.get_by_test_id("import-error")).to_be_visible()
    look(page, "import-refused")
    page.get_by_role("button", name="Cancel the import").click()
    expect(page.get_by_role("alert")).to_contain_text("Import cancelled: nothing was saved.")
    assert not list((tmp_path / "media").rglob("*.docx"))


def test_a_dhr_update_its_author_may_not_review_is_accepted_by_another_coordinator(
    page: Page, live_server, site
):
    dhr = build_dhr(site)
    deputy = factories.UserFactory(username="deputy")
    factories.MembershipFactory(
        user=deputy, partnership=site.partnership, role=Membership.Role.COORDINATOR, can_see_dhr=True
    )
    update = dhr_services.recommendation_update_save(
        recommendation=dhr.recommendation,
        author=site.users["coordinator"],
        content=dhr_services.RecommendationContent(narrative="Typed in for the owner", rag=site.rag("green")),
        expected_state="new",
        submit=True,
    )
    review_url = live_server.url + reverse(
        "dhr_recommendation_review", args=[site.partnership.slug, update.pk]
    )
    login(page, live_server, "coordinator")
    page.goto(review_url)
    expect(page.get_by_test_id("not-your-review")).to_contain_text("another coordinator")
    expect(page.get_by_role("button", name="Accept update")).to_have_count(0)
    expect(page.get_by_role("button", name="Return to the owner")).to_have_count(0)
    look(page, "dhr-review-own-update")
    logout(page)

    login(page, live_server, "deputy")
    page.goto(review_url)
    expect(page.get_by_test_id("not-your-review")).to_have_count(0)
    look(page, "dhr-review-by-another")
    page.get_by_role("button", name="Accept update").click()
    expect(page.get_by_role("alert")).to_contain_text("accepted")
    expect(page.get_by_test_id("self-reviewed")).to_have_count(0)

    site.partnership.reviewer_not_author = False
    site.partnership.save()
    own = dhr_services.recommendation_update_save(
        recommendation=dhr.recommendation2,
        author=deputy,
        content=dhr_services.RecommendationContent(narrative="A one-coordinator week", rag=site.rag("green")),
        expected_state="new",
        submit=True,
    )
    page.goto(live_server.url + reverse("dhr_recommendation_review", args=[site.partnership.slug, own.pk]))
    page.get_by_role("button", name="Accept update").click()
    expect(page.get_by_test_id("self-reviewed")).to_have_text("Self-accepted")
    look(page, "dhr-recommendation-self-accepted")
