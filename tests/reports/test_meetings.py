"""Meeting pages: the coordinator adds and edits meetings; bad input is named."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from partners.models import Meeting


@pytest.fixture
def coordinator_client(client, world):
    client.force_login(world.users["coordinator"])
    return client


def test_coordinator_adds_a_meeting(coordinator_client, world):
    response = coordinator_client.post(
        reverse("meeting_create", args=["home"]),
        {"title": "October board", "date": "2026-10-19", "kind": "board", "plan": world.plan.pk, "notes": ""},
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.partnership, meeting.plan, str(meeting.date)) == (
        world.partnership,
        world.plan,
        "2026-10-19",
    )


def test_another_partnerships_plan_cannot_be_chosen(coordinator_client, world):
    response = coordinator_client.post(
        reverse("meeting_create", args=["home"]),
        {"title": "October board", "date": "2026-10-19", "kind": "board", "plan": world.other_plan.pk},
    )
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find(class_="govuk-error-summary") is not None
    assert "plan" in soup.find(class_="govuk-error-summary").get_text().lower()
    assert not Meeting.objects.exists()


def test_missing_date_is_named(coordinator_client):
    response = coordinator_client.post(
        reverse("meeting_create", args=["home"]), {"title": "X", "kind": "board"}
    )
    summary = BeautifulSoup(response.content, "html.parser").find(class_="govuk-error-summary")
    assert "date" in summary.get_text().lower()


def test_list_shows_meetings_with_a_board_pack_button(coordinator_client, world):
    meeting = Meeting.objects.create(
        partnership=world.partnership, plan=world.plan, date="2026-07-20", title="July"
    )
    soup = BeautifulSoup(
        coordinator_client.get(reverse("meeting_list", args=["home"])).content, "html.parser"
    )
    form = soup.find("form", action=reverse("board_pack_pdf", args=["home", meeting.pk]))
    assert form.find("button").get_text(" ", strip=True).startswith("Board pack (PDF)")


def test_meeting_of_another_partnership_is_not_found(coordinator_client, world):
    other = Meeting.objects.create(partnership=world.other_partnership, date="2026-07-20", title="Theirs")
    assert coordinator_client.get(reverse("meeting_update", args=["home", other.pk])).status_code == 404


def test_editor_shows_the_saved_date_in_a_date_field(coordinator_client, world):
    meeting = Meeting.objects.create(partnership=world.partnership, date="2026-07-20", title="July")
    soup = BeautifulSoup(
        coordinator_client.get(reverse("meeting_update", args=["home", meeting.pk])).content, "html.parser"
    )
    assert soup.find("input", attrs={"name": "date"})["value"] == "2026-07-20"
