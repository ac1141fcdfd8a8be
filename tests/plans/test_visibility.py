"""Councillors see what was agreed: viewers see accepted updates only (and submitted ones,
labelled "not yet reviewed", when the partnership publishes on submit); returned updates and
review comments reach only the row's leads and the coordinators. Checked on every surface a
viewer reaches: the timeline, search, the plan page, the dashboard and the exports."""

import csv
import io

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from partners.audience import Audience
from plans.models import ProgressUpdate
from plans.services import rows_refresh_current
from tests import factories

ACCEPTED, SUBMITTED, RETURNED = "Agreed narrative", "Unreviewed narrative", "Sent back narrative"
COMMENT = "Internal: please add figures"


@pytest.fixture
def updates(world):
    factories.ProgressUpdateFactory(row=world.row_a, narrative=ACCEPTED, period_quarter=1)
    factories.ProgressUpdateFactory(row=world.row_a, narrative=SUBMITTED, status="submitted")
    factories.ProgressUpdateFactory(
        row=world.row_b, narrative=RETURNED, status="returned", review_comment=COMMENT
    )
    factories.ProgressUpdateFactory(row=world.row_b, narrative="Private draft", status="draft")
    rows_refresh_current(row_ids=[world.row_a.pk, world.row_b.pk])
    return world


def narratives(world, username: str) -> set[str]:
    audience = Audience.of(world.users[username], world.partnership)
    return set(ProgressUpdate.objects.visible_to(audience).values_list("narrative", flat=True))


def page_text(client: Client, world, username: str, url: str) -> str:
    client.force_login(world.users[username])
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").get_text(" ")


def test_a_viewer_sees_accepted_updates_only(updates):
    assert narratives(updates, "viewer") == {ACCEPTED}


def test_a_lead_sees_their_own_rows_submitted_and_returned_updates_only(updates):
    assert narratives(updates, "lead") == {ACCEPTED, SUBMITTED}
    assert narratives(updates, "lead2") == {ACCEPTED, RETURNED}


def test_a_coordinator_sees_everything_but_drafts(updates):
    assert narratives(updates, "coordinator") == {ACCEPTED, SUBMITTED, RETURNED}


def test_publish_on_submit_shows_submitted_but_never_returned_updates(updates):
    updates.partnership.publish_on_submit = True
    updates.partnership.save()
    assert narratives(updates, "viewer") == {ACCEPTED, SUBMITTED}


def test_a_reader_without_login_sees_accepted_only_even_when_publishing_on_submit(updates):
    updates.partnership.publish_on_submit = True
    updates.partnership.save()
    audience = Audience.of(None, updates.partnership)
    assert set(ProgressUpdate.objects.visible_to(audience).values_list("narrative", flat=True)) == {ACCEPTED}


def action_url(world) -> str:
    return reverse("action_detail", args=["home", world.plan.pk, world.action.pk])


def test_the_timeline_hides_submitted_and_returned_updates_and_comments_from_a_viewer(client, updates):
    text = page_text(client, updates, "viewer", action_url(updates))
    assert ACCEPTED in text
    assert SUBMITTED not in text and RETURNED not in text and COMMENT not in text


def test_the_timeline_labels_submitted_updates_not_yet_reviewed_when_publishing_on_submit(client, updates):
    updates.partnership.publish_on_submit = True
    updates.partnership.save()
    client.force_login(updates.users["viewer"])
    soup = BeautifulSoup(client.get(action_url(updates)).content, "html.parser")
    item = next(li for li in soup.select(".csp-timeline__item") if SUBMITTED in li.get_text())
    assert item.select_one("[data-testid=not-reviewed]").get_text(strip=True) == "Not yet reviewed"
    assert RETURNED not in soup.get_text()


def test_the_rows_lead_sees_the_returned_update_and_its_comment_worded_apart_from_red(client, updates):
    client.force_login(updates.users["lead2"])
    soup = BeautifulSoup(client.get(action_url(updates)).content, "html.parser")
    item = next(li for li in soup.select(".csp-timeline__item") if RETURNED in li.get_text())
    assert COMMENT in item.get_text()
    assert item.select_one(".csp-round-status--returned").get_text(strip=True) == "Returned for changes"


def test_another_lead_never_sees_a_returned_update_or_its_comment(client, updates):
    text = page_text(client, updates, "lead", action_url(updates))
    assert RETURNED not in text and COMMENT not in text


@pytest.mark.parametrize("word", ["narrative"])
def test_search_finds_only_accepted_updates_for_a_viewer(client, updates, word):
    text = page_text(client, updates, "viewer", reverse("search", args=["home"]) + f"?q={word}")
    assert ACCEPTED in text
    assert SUBMITTED not in text and RETURNED not in text and "Private draft" not in text


def test_the_plan_page_and_dashboard_show_no_unreviewed_text_to_a_viewer(client, updates):
    for url in (
        reverse("plan_detail", args=["home", updates.plan.pk]),
        reverse("plan_dashboard", args=["home", updates.plan.pk]),
    ):
        text = page_text(client, updates, "viewer", url)
        assert SUBMITTED not in text and RETURNED not in text and COMMENT not in text


def test_the_csv_export_carries_accepted_text_only(client, updates):
    client.force_login(updates.users["viewer"])
    response = client.get(reverse("plan_csv", args=["home", updates.plan.pk]))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    cells = {cell for line in csv.reader(io.StringIO(body.decode("utf-8-sig"))) for cell in line}
    assert ACCEPTED in cells
    assert not {SUBMITTED, RETURNED, COMMENT} & cells
