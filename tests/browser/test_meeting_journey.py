"""The coordinator runs a meeting from its page: builds the agenda (and reorders it with buttons
that need no script), records attendance and apologies, writes the minutes, adds an action and
changes its status; the board pack's contents follow the agenda; a viewer reads it all. axe
checks every page on the way."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from partners.models import Meeting
from tests.browser.conftest import assert_no_axe_violations, login
from tests.browser.test_reports import download_pdf


@pytest.fixture
def immediate_tasks(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"


def add_agenda_item(page: Page, title: str, presenter: str, prints: str) -> None:
    page.get_by_role("link", name="Add an agenda item").click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Presenter").fill(presenter)
    page.get_by_label("What it prints in the board pack").select_option(label=prints)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Agenda item saved.")).to_be_visible()


def test_coordinator_builds_a_meeting_and_its_board_pack_follows_the_agenda(
    page: Page, live_server, site, immediate_tasks, tmp_path
):
    Meeting.objects.create(
        partnership=site.partnership, plan=site.plan, date=datetime.date(2025, 7, 21), title="July board"
    )
    login(page, live_server, "coordinator")
    page.goto(live_server.url + reverse("meeting_list", args=["home"]))
    page.get_by_role("link", name="July board", exact=True).click()
    expect(page.get_by_role("heading", name="July board")).to_be_visible()
    assert_no_axe_violations(page)  # empty meeting

    page.get_by_role("link", name="Add an agenda item").click()
    expect(page.get_by_role("heading", name="Add an agenda item")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Title").fill("Performance summary")
    page.get_by_label("Presenter").fill("Community Safety Officer")
    page.get_by_label("What it prints in the board pack").select_option(label="The attached report section")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Choose the report section this item prints in the pack.").first).to_be_visible()
    assert_no_axe_violations(page)  # the error state
    page.get_by_label("What it prints in the board pack").select_option(
        label="Summary of the plan, with the chart"
    )
    page.get_by_role("button", name="Save").click()
    add_agenda_item(page, "Exceptions: rows off track", "Lead officers", "Exceptions: rows off track")
    add_agenda_item(page, "Welcome and apologies", "Chair", "Nothing printed (discussion only)")
    page.get_by_role("button", name="Move up Welcome and apologies").click()
    page.get_by_role("button", name="Move up Welcome and apologies").click()
    agenda = page.get_by_test_id("agenda").locator(":scope > li > strong")
    expect(agenda).to_have_text(
        ["Welcome and apologies", "Performance summary", "Exceptions: rows off track"]
    )
    page.get_by_role("link", name="Edit Exceptions: rows off track").click()
    assert_no_axe_violations(page)
    page.get_by_label("Presenter").fill("Lead officers of red rows")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("presented by Lead officers of red rows")).to_be_visible()

    page.get_by_role("link", name="Record who attended").click()
    expect(page.get_by_role("heading", name="Record attendance or apologies")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Person", exact=True).select_option(label="Insp Lena Lead (POL)")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Record apologies").click()
    expect(page.get_by_label("Apologies")).to_be_checked()
    page.get_by_label("Organisation", exact=True).select_option(label="FDC")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("present")).to_contain_text("Insp Lena Lead (Testshire Police)")
    expect(page.get_by_test_id("apologies")).to_contain_text("Fictional District Council")
    page.get_by_role("link", name="Edit Insp Lena Lead (Testshire Police)").click()
    assert_no_axe_violations(page)
    page.go_back()

    page.get_by_role("link", name="Write the minutes").click()
    expect(page.get_by_role("heading", name="Minutes: July board")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("2. Performance summary").fill("The board noted the summary.\n\n- Most rows green")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Most rows green")).to_be_visible()

    page.get_by_role("link", name="Add an action").click()
    expect(page.get_by_role("heading", name="Add an action")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Action", exact=True).fill("Bring a recovery plan for each red row")
    page.get_by_label("Owner").fill("Lead officers")
    page.get_by_label("Due by").fill("2025-10-13")
    page.get_by_label("Agreed under agenda item").select_option(label="Exceptions: rows off track")
    page.get_by_role("button", name="Save").click()
    actions = page.get_by_test_id("meeting-actions")
    expect(actions).to_contain_text("Bring a recovery plan for each red row")
    page.get_by_label("Status of Bring a recovery plan for each red row").select_option(label="In progress")
    page.get_by_role("button", name="Set the status of Bring a recovery plan for each red row").click()
    expect(actions.get_by_text("In progress", exact=True).first).to_be_visible()
    page.get_by_role("link", name="Edit action: Bring a recovery plan for each red row").click()
    assert_no_axe_violations(page)
    page.go_back()
    assert_no_axe_violations(page)  # the full meeting page
    page.get_by_role("link", name="Add an action").click()
    page.get_by_label("Action", exact=True).fill("Recorded by mistake")
    page.get_by_label("Owner").fill("Nobody")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Remove action: Recorded by mistake").click()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Yes, remove it").click()
    expect(page.get_by_text("The action “Recorded by mistake” removed.")).to_be_visible()
    expect(actions).not_to_contain_text("Nobody")

    # Removing an item asks first: its minutes would go with it.
    page.get_by_role("link", name="Remove Performance summary").click()
    expect(page.get_by_role("heading", name="Remove the agenda item “Performance summary”?")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="No, keep it").click()
    expect(page.get_by_text("Most rows green")).to_be_visible()

    page.get_by_role("button", name="Board pack (PDF) for July board").click()
    expect(page.get_by_role("heading", name="Your report is ready")).to_be_visible()
    text = " ".join(download_pdf(page, tmp_path, "Download july-board").split())
    positions = [
        text.index(f"{n}. {title}")
        for n, title in enumerate(
            ["Welcome and apologies", "Performance summary", "Exceptions: rows off track"], 1
        )
    ]
    assert positions == sorted(positions)
    assert "Lead officers of red rows" in text


def test_viewer_reads_the_meeting_with_no_edit_controls(page: Page, live_server, site):
    meeting = Meeting.objects.create(
        partnership=site.partnership, plan=site.plan, date=datetime.date(2025, 7, 21), title="July board"
    )
    meeting.agenda_items.create(position=1, title="Performance summary", minutes="<p>Noted.</p>")
    meeting.action_log.create(description="Report back", owner="Police")
    login(page, live_server, "viewer")
    page.goto(live_server.url + reverse("partnership_detail", args=["home"]))
    page.get_by_role("link", name="Meetings and board packs").click()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="July board", exact=True).click()
    expect(page.get_by_text("Noted.")).to_be_visible()
    expect(page.get_by_test_id("meeting-actions")).to_contain_text("Report back")
    expect(page.get_by_role("link", name="Add an agenda item")).to_have_count(0)
    expect(page.get_by_role("link", name="Remove Performance summary")).to_have_count(0)
    assert_no_axe_violations(page)
