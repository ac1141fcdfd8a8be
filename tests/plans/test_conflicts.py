"""Two people editing the same draft or row at once: the second save gets a conflict page with
both texts, and nothing is lost (optimistic locking)."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from plans import services
from plans.models import ProgressUpdate


@pytest.fixture
def open_round(world):
    return services.round_open(
        plan=world.plan,
        year=2025,
        quarter=3,
        due_date=datetime.date(2026, 1, 14),
        opened_by=world.users["coordinator"],
    )


def opened_state(client, url) -> str:
    page = BeautifulSoup(client.get(url).content, "html.parser")
    return page.find("input", {"name": "state"})["value"]


def test_second_save_of_the_same_draft_gets_a_conflict_page_with_both_texts(client, world, open_round):
    url = reverse("update_form", args=["home", world.plan.pk, world.row_a.pk])
    services.update_save(
        row=world.row_a,
        update_round=open_round,
        author=world.users["lead"],
        content=services.UpdateContent(narrative="Start"),
        expected_state="new",
        submit=False,
    )
    client.force_login(world.users["lead"])
    lead_state = opened_state(client, url)
    coordinator_draft = services.update_for_editing(row=world.row_a, update_round=open_round)
    services.update_save(
        row=world.row_a,
        update_round=open_round,
        author=world.users["coordinator"],
        content=services.UpdateContent(narrative="Coordinator's words"),
        expected_state=services.update_state_token(coordinator_draft),
        submit=False,
    )
    response = client.post(url, {"state": lead_state, "narrative": "Lead's words", "save": "1"})

    assert response.status_code == 409
    page = BeautifulSoup(response.content, "html.parser")
    assert "Coordinator's words" in page.select_one("[data-testid=their-text]").get_text()
    assert page.find("textarea", {"name": "narrative"}).text == "Lead's words"
    assert ProgressUpdate.objects.get().narrative == "Coordinator's words"


def test_saving_again_after_a_conflict_keeps_the_second_text(client, world, open_round):
    url = reverse("update_form", args=["home", world.plan.pk, world.row_a.pk])
    client.force_login(world.users["lead"])
    stale = opened_state(client, url)
    services.update_save(
        row=world.row_a,
        update_round=open_round,
        author=world.users["coordinator"],
        content=services.UpdateContent(narrative="First"),
        expected_state="new",
        submit=False,
    )
    conflict = client.post(url, {"state": stale, "narrative": "Second", "save": "1"})
    fresh_state = BeautifulSoup(conflict.content, "html.parser").find("input", {"name": "state"})["value"]
    assert client.post(url, {"state": fresh_state, "narrative": "Second", "save": "1"}).status_code == 302
    assert ProgressUpdate.objects.get().narrative == "Second"


def test_two_new_drafts_at_once_conflict_instead_of_duplicating(world, open_round):
    services.update_save(
        row=world.row_a,
        update_round=open_round,
        author=world.users["lead"],
        content=services.UpdateContent(narrative="One"),
        expected_state="new",
        submit=False,
    )
    with pytest.raises(services.EditConflict) as raised:
        services.update_save(
            row=world.row_a,
            update_round=open_round,
            author=world.users["coordinator"],
            content=services.UpdateContent(narrative="Two"),
            expected_state="new",
            submit=False,
        )
    assert raised.value.current.narrative == "One"
    assert ProgressUpdate.objects.count() == 1


def test_a_stale_draft_revision_cannot_overwrite(world, open_round):
    draft = services.update_save(
        row=world.row_a,
        update_round=open_round,
        author=world.users["lead"],
        content=services.UpdateContent(narrative="v1"),
        expected_state="new",
        submit=False,
    )
    stale = services.update_state_token(draft)
    services.update_save(
        row=world.row_a,
        update_round=open_round,
        author=world.users["lead"],
        content=services.UpdateContent(narrative="v2"),
        expected_state=stale,
        submit=False,
    )
    with pytest.raises(services.EditConflict):
        services.update_save(
            row=world.row_a,
            update_round=open_round,
            author=world.users["coordinator"],
            content=services.UpdateContent(narrative="stale"),
            expected_state=stale,
            submit=False,
        )
    assert ProgressUpdate.objects.get().narrative == "v2"


def row_form(client, url) -> dict:
    page = BeautifulSoup(client.get(url).content, "html.parser")
    form = page.find("form", id="main-form")
    data = {
        i["name"]: i.get("value", "") for i in form.find_all("input") if i.get("type") not in {"checkbox"}
    }
    data |= {t["name"]: t.text for t in form.find_all("textarea")}
    return data


def test_second_save_of_the_same_row_gets_a_conflict_page(client, world):
    url = reverse("row_update", args=["home", world.plan.pk, world.action.pk, world.row_a.pk])
    client.force_login(world.users["lead"])
    lead_data = row_form(client, url)
    client.force_login(world.users["coordinator"])
    coordinator_data = row_form(client, url) | {
        "milestone": "By March",
        "lead_people": [world.lead_person.pk],
    }
    assert client.post(url, coordinator_data).status_code == 302

    client.force_login(world.users["lead"])
    response = client.post(url, lead_data | {"milestone": "By June"})
    assert response.status_code == 409
    page = BeautifulSoup(response.content, "html.parser")
    assert "By March" in page.select_one("[data-testid=their-version]").get_text()
    assert page.find("input", {"name": "milestone"})["value"] == "By June"
    world.row_a.refresh_from_db()
    assert world.row_a.milestone == "By March"


def test_row_saves_normally_when_nobody_else_saved(client, world):
    url = reverse("row_update", args=["home", world.plan.pk, world.action.pk, world.row_a.pk])
    client.force_login(world.users["lead"])
    assert client.post(url, row_form(client, url) | {"milestone": "Quarterly"}).status_code == 302
    world.row_a.refresh_from_db()
    assert (world.row_a.milestone, world.row_a.revision) == ("Quarterly", 2)
