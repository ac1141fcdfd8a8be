import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from partners.audience import Audience
from plans import selectors
from plans.importing.carry_over import plan_carry_over
from plans.models import Action, ExpectedOutcome, Plan, ProgressUpdate
from tests import factories


@pytest.fixture
def finished(world):
    """A second action, finished (its row's current status is a complete one)."""
    blue = world.partnership.rag_statuses.create(
        code="blue", label="Blue", meaning="Complete", colour="#1d70b8", position=9, is_complete=True
    )
    action = factories.ActionFactory(plan=world.plan, theme=world.action.theme, reference="1.2", title="Done")
    row = factories.ProjectRowFactory(action=action, position=1)
    row.current_update = factories.ProgressUpdateFactory(row=row, rag=blue)
    row.save()
    return action


def carry(world, actions, renumber=None) -> Plan:
    return plan_carry_over(
        source_plan=world.plan,
        actions=actions,
        renumber=renumber or {},
        title="Next year",
        start=datetime.date(2026, 4, 1),
        end=datetime.date(2027, 3, 31),
        user=world.users["coordinator"],
    )


def test_carried_actions_keep_rows_targets_leads_and_outcomes(world):
    factories.TargetFactory(row=world.row_a, description="Cases reviewed")
    ExpectedOutcome.objects.create(
        action=world.action, number=1, text="Victims safer", status=world.rag("green")
    )
    plan = carry(world, [world.action])
    copy = plan.actions.get()
    assert plan.status == Plan.Status.DRAFT and plan.previous_plan == world.plan
    assert copy.carried_from == world.action
    assert [r.description for r in copy.rows.all()] == ["IDVA service", "Awareness campaign"]
    assert list(copy.rows.get(position=1).lead_people.all()) == [world.lead_person]
    assert list(copy.rows.get(position=1).targets.values_list("description", flat=True)) == ["Cases reviewed"]
    assert copy.expected_outcomes.get().status == world.rag("green")


def test_updates_are_not_copied_but_the_timeline_shows_them_with_their_plan(world, client):
    factories.ProgressUpdateFactory(row=world.row_a, narrative="Last year's news.")
    plan = carry(world, [world.action])
    copy = plan.actions.get()
    assert not ProgressUpdate.objects.filter(row__action=copy).exists()
    assert [
        u.narrative
        for u in selectors.action_timeline(copy, Audience.of(world.users["viewer"], world.partnership))
    ] == ["Last year's news."]
    client.force_login(world.users["viewer"])
    page = BeautifulSoup(
        client.get(reverse("action_detail", args=["home", plan.pk, copy.pk])).content, "html.parser"
    )
    assert (
        page.select_one("[data-testid=carried-history]").get_text(strip=True)
        == "Home Delivery Plan, action 1.1"
    )


def test_the_timeline_follows_a_chain_of_carry_overs(world):
    factories.ProgressUpdateFactory(row=world.row_a, narrative="Year one.")
    second = carry(world, [world.action]).actions.get()
    third = plan_carry_over(
        source_plan=second.plan,
        actions=[second],
        renumber={},
        title="Year three",
        start=datetime.date(2027, 4, 1),
        end=datetime.date(2028, 3, 31),
        user=None,
    ).actions.get()
    assert [
        u.narrative
        for u in selectors.action_timeline(third, Audience.of(world.users["viewer"], world.partnership))
    ] == ["Year one."]


def test_renumbered_actions_take_their_new_reference(world):
    plan = carry(world, [world.action], {world.action.pk: "2.1"})
    assert plan.actions.get().reference == "2.1"


def test_the_old_plan_is_unchanged(world):
    before = list(Action.objects.filter(plan=world.plan).values())
    carry(world, [world.action])
    assert list(Action.objects.filter(plan=world.plan).values()) == before


def test_the_page_preselects_unfinished_actions(client, world, finished):
    client.force_login(world.users["coordinator"])
    page = BeautifulSoup(
        client.get(reverse("plan_carry_over", args=["home", world.plan.pk])).content, "html.parser"
    )
    assert page.find("input", id=f"carry-{world.action.pk}").has_attr("checked")
    assert not page.find("input", id=f"carry-{finished.pk}").has_attr("checked")
    assert page.find("input", id=f"reference_{world.action.pk}")["value"] == "1.1"


def test_posting_the_page_creates_the_draft_plan_and_redirects_to_it(client, world, finished):
    client.force_login(world.users["coordinator"])
    data = {
        "title": "Plan 2026/27",
        "start_date": "2026-04-01",
        "end_date": "2027-03-31",
        "actions": [world.action.pk],
        f"reference_{world.action.pk}": "3.1",
    }
    response = client.post(reverse("plan_carry_over", args=["home", world.plan.pk]), data)
    plan = Plan.objects.get(title="Plan 2026/27")
    assert response["Location"] == reverse("plan_detail", args=["home", plan.pk])
    assert list(plan.actions.values_list("reference", flat=True)) == ["3.1"]


def test_posting_no_actions_is_an_error_and_creates_nothing(client, world):
    client.force_login(world.users["coordinator"])
    data = {"title": "Plan 2026/27", "start_date": "2026-04-01", "end_date": "2027-03-31"}
    response = client.post(reverse("plan_carry_over", args=["home", world.plan.pk]), data)
    page = BeautifulSoup(response.content, "html.parser")
    assert "Choose at least one action" in page.select_one(".govuk-error-summary").get_text()
    assert not Plan.objects.filter(title="Plan 2026/27").exists()


def test_a_viewer_cannot_post_a_carry_over(client, world):
    client.force_login(world.users["viewer"])
    data = {"title": "X", "start_date": "2026-04-01", "end_date": "2027-03-31", "actions": [world.action.pk]}
    assert client.post(reverse("plan_carry_over", args=["home", world.plan.pk]), data).status_code == 403
    assert not Plan.objects.filter(title="X").exists()


def test_the_plan_page_links_to_carry_over_for_the_coordinator(client, world):
    client.force_login(world.users["coordinator"])
    page = BeautifulSoup(
        client.get(reverse("plan_detail", args=["home", world.plan.pk])).content, "html.parser"
    )
    assert page.find("a", string="Carry actions over to a new plan") is not None
