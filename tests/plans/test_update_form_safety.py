"""The update form loses nothing and helps the lead officer: drafts without a reason, figures as
typed, a conflict resolved field by field, autosave, withdraw, and the help beside the form."""

import datetime
import json
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from partners.models import GlossaryTerm
from plans import services
from plans.models import ExpectedOutcome, ProgressUpdate
from tests import factories

Status = ProgressUpdate.Status


@pytest.fixture
def open_round(world):
    return services.round_open(
        plan=world.plan,
        year=2025,
        quarter=3,
        due_date=datetime.date.today() + datetime.timedelta(days=5),
        opened_by=world.users["coordinator"],
    )


@pytest.fixture
def target(world):
    return factories.TargetFactory(row=world.row_a, description="Referrals reviewed", unit="referrals")


def form_url(world) -> str:
    return reverse("update_form", args=["home", world.plan.pk, world.row_a.pk])


def autosave_url(world) -> str:
    return reverse("update_autosave", args=["home", world.plan.pk, world.row_a.pk])


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def state_of(client, world) -> str:
    return soup_of(client.get(form_url(world))).find("input", {"name": "state"})["value"]


def fields(**values) -> dict:
    return {"narrative": "", "risk": "", "rag_reason": ""} | values


# --- completeness is checked on submit only ------------------------------------------------------


def test_a_red_draft_saves_without_a_reason(client, world, open_round):
    client.force_login(world.users["lead"])
    data = fields(state=state_of(client, world), narrative="Half way", rag=world.rag("red").pk, save="1")
    assert client.post(form_url(world), data).status_code == 302
    draft = world.row_a.updates.get()
    assert (draft.status, draft.rag, draft.rag_reason) == (Status.DRAFT, world.rag("red"), "")


def test_submitting_red_without_a_reason_is_refused_beside_the_field(client, world, open_round):
    client.force_login(world.users["lead"])
    data = fields(state=state_of(client, world), narrative="Stalled", rag=world.rag("red").pk, submit="1")
    page = soup_of(client.post(form_url(world), data))
    errors = [e.get_text(" ", strip=True) for e in page.select("#id_rag_reason ~ *, .govuk-error-message")]
    assert any("Give a reason for the status Red" in e for e in errors)
    assert not world.row_a.updates.exists()


def test_the_service_refuses_a_submission_without_a_reason(world, open_round):
    content = services.UpdateContent(narrative="Stalled", rag=world.rag("red"))
    with pytest.raises(services.ValidationError) as error:
        services.update_save(
            row=world.row_a,
            update_round=open_round,
            author=world.users["lead"],
            content=content,
            expected_state="new",
            submit=True,
        )
    assert "rag_reason" in error.value.message_dict


# --- figures ----------------------------------------------------------------------------------


def test_a_figure_with_a_thousands_separator_is_saved_and_shown_back_plainly(
    client, world, open_round, target
):
    client.force_login(world.users["lead"])
    data = fields(state=state_of(client, world), narrative="x", save="1", **{f"figure_{target.pk}": "1,250"})
    client.post(form_url(world), data)
    assert world.row_a.updates.get().figures.get().value == Decimal("1250")
    shown = soup_of(client.get(form_url(world))).find("input", {"name": f"figure_{target.pk}"})["value"]
    assert shown == "1250"


def test_a_negative_count_is_refused_naming_the_field_and_keeping_the_text(client, world, open_round, target):
    client.force_login(world.users["lead"])
    data = fields(
        state=state_of(client, world), narrative="Keep me", save="1", **{f"figure_{target.pk}": "-4"}
    )
    page = soup_of(client.post(form_url(world), data))
    assert (
        "Referrals reviewed (referrals) cannot be negative."
        in page.select_one(".govuk-error-summary").get_text()
    )
    assert page.find("textarea", {"name": "narrative"}).text == "Keep me"


# --- conflicts --------------------------------------------------------------------------------


def save_as(world, open_round, user, **content) -> ProgressUpdate:
    latest = services.update_for_editing(row=world.row_a, update_round=open_round)
    return services.update_save(
        row=world.row_a,
        update_round=open_round,
        author=user,
        content=services.UpdateContent(**content),
        expected_state=services.update_state_token(latest),
        submit=False,
    )


@pytest.fixture
def conflict(client, world, open_round, target):
    """The lead opens the form on a draft; the coordinator saves a different narrative, risk,
    status and figure; the lead saves their own version of each."""
    save_as(world, open_round, world.users["lead"], narrative="Start")
    client.force_login(world.users["lead"])
    stale = state_of(client, world)
    save_as(
        world,
        open_round,
        world.users["coordinator"],
        narrative="Coordinator's words",
        risk="Coordinator's risk",
        rag=world.rag("green"),
        figures={target: Decimal("40")},
    )
    data = fields(
        state=stale,
        narrative="Lead's words",
        risk="Lead's risk",
        rag=world.rag("amber").pk,
        rag_reason="Short of staff",
        save="1",
        **{f"figure_{target.pk}": "42"},
    )
    return data, client.post(form_url(world), data)


def test_a_conflict_shows_every_field_that_differs_side_by_side(world, conflict, target):
    _data, response = conflict
    assert response.status_code == 409
    page = soup_of(response)
    legends = [legend.get_text(strip=True) for legend in page.select("#conflict-choices ~ div legend")]
    assert legends == [
        "Progress this quarter",
        "Risks and issues",
        "RAG status",
        "Reason for this status",
        "Referrals reviewed (referrals)",
    ]
    figure = page.select("[data-testid=difference]")[-1].get_text(" ", strip=True)
    assert "42" in figure and "40" in figure
    assert (
        "Coordinator saved this update"
        in page.select_one("#conflict-title ~ *, .govuk-notification-banner").get_text()
    )


def test_saving_after_a_conflict_needs_a_choice_for_each_field(client, world, conflict):
    data, response = conflict
    data = data | {"state": soup_of(response).find("input", {"name": "state"})["value"], "resolving": "1"}
    again = client.post(form_url(world), data | {"choose_narrative": "mine"})
    assert again.status_code == 409
    errors = [e.get_text(" ", strip=True) for e in soup_of(again).select(".govuk-error-message")]
    assert "Error: Choose which version of risks and issues to keep" in errors
    assert world.row_a.updates.get().narrative == "Coordinator's words"  # nothing overwritten


def test_each_choice_is_applied_when_saving_after_a_conflict(client, world, conflict, target):
    data, response = conflict
    choices = {
        "choose_narrative": "mine",
        "choose_risk": "theirs",
        "choose_rag": "mine",
        "choose_rag_reason": "mine",
        f"choose_figure_{target.pk}": "theirs",
    }
    state = soup_of(response).find("input", {"name": "state"})["value"]
    assert (
        client.post(form_url(world), data | {"state": state, "resolving": "1"} | choices).status_code == 302
    )
    saved = world.row_a.updates.get()
    assert (saved.narrative, saved.risk, saved.rag, saved.rag_reason) == (
        "Lead's words",
        "Coordinator's risk",
        world.rag("amber"),
        "Short of staff",
    )
    assert saved.figures.get().value == Decimal("40")


def test_a_conflict_with_your_own_other_tab_says_so(client, world, open_round):
    save_as(world, open_round, world.users["lead"], narrative="Start")
    client.force_login(world.users["lead"])
    stale = state_of(client, world)
    save_as(world, open_round, world.users["lead"], narrative="From my other tab")
    response = client.post(form_url(world), fields(state=stale, narrative="From this tab", save="1"))
    title = soup_of(response).select_one("#conflict-title").get_text(strip=True)
    assert title == "You saved this update elsewhere"


# --- autosave ---------------------------------------------------------------------------------


def test_autosave_saves_a_draft_and_answers_with_the_new_state(client, world, open_round):
    client.force_login(world.users["lead"])
    response = client.post(autosave_url(world), fields(state=state_of(client, world), narrative="Typing"))
    answer = json.loads(response.content)
    draft = world.row_a.updates.get()
    assert answer["saved"] and answer["state"] == services.update_state_token(draft)
    assert (draft.status, draft.narrative) == (Status.DRAFT, "Typing")


def test_autosave_never_submits(client, world, open_round):
    client.force_login(world.users["lead"])
    data = fields(state=state_of(client, world), narrative="Typing", rag=world.rag("green").pk, submit="1")
    client.post(autosave_url(world), data)
    assert world.row_a.updates.get().status == Status.DRAFT


def test_autosave_never_overwrites_someone_elses_save(client, world, open_round):
    save_as(world, open_round, world.users["lead"], narrative="Start")
    client.force_login(world.users["lead"])
    stale = state_of(client, world)
    save_as(world, open_round, world.users["coordinator"], narrative="Coordinator's words")
    response = client.post(autosave_url(world), fields(state=stale, narrative="Lead typing"))
    assert response.status_code == 409 and json.loads(response.content)["conflict"]
    assert world.row_a.updates.get().narrative == "Coordinator's words"


# --- withdraw ---------------------------------------------------------------------------------


def submitted(world, open_round) -> ProgressUpdate:
    return services.update_save(
        row=world.row_a,
        update_round=open_round,
        author=world.users["lead"],
        content=services.UpdateContent(narrative="Done", rag=world.rag("green")),
        expected_state="new",
        submit=True,
    )


def test_a_lead_withdraws_a_submitted_update_back_to_draft(client, world, open_round):
    update = submitted(world, open_round)
    client.force_login(world.users["lead"])
    client.post(reverse("update_withdraw", args=["home", world.plan.pk, update.pk]))
    update.refresh_from_db()
    assert (update.status, update.submitted_at) == (Status.DRAFT, None)
    assert soup_of(client.get(form_url(world))).find("textarea", {"name": "narrative"}).text == "Done"


def test_a_reviewed_update_cannot_be_withdrawn(client, world, open_round):
    update = services.update_accept(update=submitted(world, open_round), reviewer=world.users["coordinator"])
    client.force_login(world.users["lead"])
    response = client.post(reverse("update_withdraw", args=["home", world.plan.pk, update.pk]), follow=True)
    assert (
        "Only an update awaiting review can be withdrawn; this one is accepted."
        in soup_of(response).get_text()
    )
    update.refresh_from_db()
    assert update.status == Status.ACCEPTED


def test_the_submitted_update_offers_withdraw(client, world, open_round):
    submitted(world, open_round)
    client.force_login(world.users["lead"])
    page = soup_of(client.get(form_url(world)))
    assert page.find("button", string="Withdraw to draft")


# --- help beside the form, deadlines and My actions ------------------------------------------------


def test_the_form_shows_last_quarters_figure_acronyms_contacts_and_the_deadline(
    client, world, open_round, target
):
    earlier = factories.ProgressUpdateFactory(
        row=world.row_a, period_year=2025, period_quarter=2, status=Status.ACCEPTED, narrative="IDVA cases up"
    )
    earlier.figures.create(target=target, value=Decimal("38"))
    GlossaryTerm.objects.create(
        partnership=world.partnership, acronym="IDVA", meaning="Independent Domestic Violence Advocate"
    )
    GlossaryTerm.objects.create(
        partnership=world.partnership, acronym="PSPO", meaning="Public Spaces Protection Order"
    )
    world.lead_person.email = "lena@example.org"
    world.lead_person.save()
    client.force_login(world.users["lead"])
    page = soup_of(client.get(form_url(world)))
    assert (
        page.select_one("[data-testid=last-figure]").get_text(" ", strip=True)
        == "Last accepted: 38 referrals (Q2 2025/26)"
    )
    assert [dt.get_text(strip=True) for dt in page.select("[data-testid=form-glossary] dt")] == ["IDVA"]
    assert page.select_one("[data-testid=contacts]").find("a", href="mailto:lena@example.org")
    assert page.select_one("[data-testid=deadline]").get_text(" ", strip=True).startswith("Due in 5 days")


def test_my_actions_puts_returned_updates_first_and_shows_the_deadline(client, world, open_round):
    update = submitted(world, open_round)
    services.update_return(update=update, reviewer=world.users["coordinator"], comment="Add figures")
    world.row_b.lead_people.add(world.lead_person)
    client.force_login(world.users["lead"])
    page = soup_of(client.get(reverse("home")))
    headings = [h.get_text(strip=True) for h in page.select("[data-testid=my-actions] h2")]
    assert headings == ["Returned to you: change and submit again (1)", "Not started (1)"]
    assert page.select_one("[data-testid=deadline]").get_text(" ", strip=True).startswith("Due in 5 days")


def test_outcomes_differ_in_a_conflict_too(client, world, open_round):
    outcome = ExpectedOutcome.objects.create(action=world.action, number=1, text="Victims safer")
    save_as(world, open_round, world.users["lead"], narrative="Start")
    client.force_login(world.users["lead"])
    stale = state_of(client, world)
    save_as(
        world,
        open_round,
        world.users["coordinator"],
        narrative="Start",
        outcomes={outcome: (world.rag("green"), "")},
    )
    data = fields(state=stale, narrative="Start", save="1", **{f"outcome_{outcome.pk}": world.rag("red").pk})
    page = soup_of(client.post(form_url(world), data))
    difference = page.select_one("[data-testid=difference]").get_text(" ", strip=True)
    assert "Red" in difference and "Green" in difference
