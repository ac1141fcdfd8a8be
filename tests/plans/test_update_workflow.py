"""The quarterly update: draft, submit, return with comment, resubmit, accept; history kept."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from plans import services
from plans.models import ProgressUpdate, UpdateRound

Status = ProgressUpdate.Status


@pytest.fixture
def open_round(world):
    return services.round_open(
        plan=world.plan,
        year=2025,
        quarter=3,
        due_date=datetime.date(2026, 1, 14),
        opened_by=world.users["coordinator"],
    )


def form_url(world, row):
    return reverse("update_form", args=[world.partnership.slug, world.plan.pk, row.pk])


def form_state(client, url) -> str:
    page = BeautifulSoup(client.get(url).content, "html.parser")
    return page.find("input", {"name": "state"})["value"]


def post_update(client, world, row, *, submit=False, **fields):
    url = form_url(world, row)
    data = {"state": form_state(client, url), "narrative": "", "risk": "", "rag_reason": ""} | fields
    data["submit" if submit else "save"] = "1"
    return client.post(url, data)


def test_lead_saves_a_draft_and_finds_the_text_again(client, world, open_round):
    client.force_login(world.users["lead"])
    response = post_update(client, world, world.row_a, narrative="Half written", rag=world.rag("green").pk)
    assert response.status_code == 302
    page = BeautifulSoup(client.get(form_url(world, world.row_a)).content, "html.parser")
    assert page.find("textarea", {"name": "narrative"}).text == "Half written"
    assert world.row_a.updates.get().status == Status.DRAFT


def test_draft_is_not_on_the_action_timeline(client, world, open_round):
    client.force_login(world.users["lead"])
    post_update(client, world, world.row_a, narrative="Secret draft text")
    client.force_login(world.users["viewer"])
    page = client.get(reverse("action_detail", args=["home", world.plan.pk, world.action.pk]))
    assert "Secret draft text" not in BeautifulSoup(page.content, "html.parser").get_text()


def test_submit_requires_narrative_and_rag_and_keeps_what_was_typed(client, world, open_round):
    client.force_login(world.users["lead"])
    response = post_update(client, world, world.row_a, submit=True, risk="Staff shortages")
    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    errors = page.select(".govuk-error-summary__list li")
    assert any("Write the progress" in e.get_text() for e in errors)
    assert any("Choose a RAG status" in e.get_text() for e in errors)
    assert page.find("textarea", {"name": "risk"}).text == "Staff shortages"
    assert not world.row_a.updates.exists()


@pytest.mark.parametrize("code", ["red", "amber"])
def test_red_or_amber_needs_a_reason(client, world, open_round, code):
    client.force_login(world.users["lead"])
    response = post_update(
        client, world, world.row_a, submit=True, narrative="Slipping", rag=world.rag(code).pk
    )
    assert response.status_code == 400
    assert "Give a reason" in BeautifulSoup(response.content, "html.parser").get_text()


def test_a_worse_status_than_last_time_needs_a_reason(client, world, open_round):
    amber = world.partnership.rag_statuses.get(code="amber")
    amber.needs_reason = False
    amber.save()
    ProgressUpdate.objects.create(
        row=world.row_a,
        period_year=2025,
        period_quarter=2,
        update_date=datetime.date(2025, 10, 1),
        author_name="Earlier",
        narrative="Fine",
        rag=world.rag("green"),
        status=Status.ACCEPTED,
    )
    client.force_login(world.users["lead"])
    response = post_update(client, world, world.row_a, submit=True, narrative="Worse", rag=amber.pk)
    assert response.status_code == 400
    assert "worse than last time (Green)" in BeautifulSoup(response.content, "html.parser").get_text()


def test_full_cycle_submit_return_resubmit_accept(client, world, open_round):
    lead, coordinator = world.users["lead"], world.users["coordinator"]
    client.force_login(lead)
    post_update(client, world, world.row_a, submit=True, narrative="First go", rag=world.rag("green").pk)
    first = world.row_a.updates.get()
    assert first.status == Status.SUBMITTED

    client.force_login(coordinator)
    review_url = reverse("update_review", args=["home", world.plan.pk, first.pk])
    client.post(review_url, {"return": "1", "comment": "Please add the referral figures"})
    first.refresh_from_db()
    assert first.status == Status.RETURNED and first.review_comment == "Please add the referral figures"

    client.force_login(lead)
    home = BeautifulSoup(client.get(reverse("home")).content, "html.parser")
    assert "Please add the referral figures" in home.get_text()
    post_update(
        client,
        world,
        world.row_a,
        submit=True,
        narrative="Second go: 42 referrals",
        rag=world.rag("green").pk,
    )
    second = world.row_a.updates.order_by("-version").first()
    assert (second.version, second.supersedes_id, second.status) == (2, first.pk, Status.SUBMITTED)

    client.force_login(coordinator)
    client.post(reverse("update_review", args=["home", world.plan.pk, second.pk]), {"accept": "1"})
    world.row_a.refresh_from_db()
    assert world.row_a.current_update_id == second.pk
    first.refresh_from_db()
    assert first.narrative == "First go"  # the returned version is kept as it was


def test_return_needs_a_comment(client, world, open_round):
    client.force_login(world.users["lead"])
    post_update(client, world, world.row_a, submit=True, narrative="Done", rag=world.rag("green").pk)
    update = world.row_a.updates.get()
    client.force_login(world.users["coordinator"])
    response = client.post(reverse("update_review", args=["home", world.plan.pk, update.pk]), {"return": "1"})
    assert response.status_code == 400
    update.refresh_from_db()
    assert update.status == Status.SUBMITTED


def test_submitted_update_cannot_be_changed_by_its_author(client, world, open_round):
    client.force_login(world.users["lead"])
    post_update(client, world, world.row_a, submit=True, narrative="Final", rag=world.rag("green").pk)
    page = BeautifulSoup(client.get(form_url(world, world.row_a)).content, "html.parser")
    assert page.find("textarea", {"name": "narrative"}) is None
    assert "Final" in page.select_one("[data-testid=submitted-update]").get_text()
    state = services.update_state_token(world.row_a.updates.get())
    response = client.post(
        form_url(world, world.row_a), {"state": state, "narrative": "Sneaky change", "save": "1"}
    )
    assert response.status_code == 409
    assert world.row_a.updates.get().narrative == "Final"


def test_correcting_an_accepted_update_makes_a_new_version(client, world, open_round):
    client.force_login(world.users["lead"])
    post_update(client, world, world.row_a, submit=True, narrative="Original", rag=world.rag("green").pk)
    accepted = services.update_accept(update=world.row_a.updates.get(), reviewer=world.users["coordinator"])
    post_update(client, world, world.row_a, narrative="Corrected", rag=world.rag("green").pk)
    accepted.refresh_from_db()
    assert accepted.narrative == "Original" and accepted.status == Status.ACCEPTED
    assert world.row_a.updates.filter(status=Status.DRAFT, version=2, narrative="Corrected").exists()


def test_coordinator_writes_on_behalf_of_the_lead(client, world, open_round):
    client.force_login(world.users["coordinator"])
    post_update(client, world, world.row_a, submit=True, narrative="Phoned in", rag=world.rag("green").pk)
    update = world.row_a.updates.get()
    assert update.author == world.users["coordinator"]
    assert update.on_behalf_of == world.lead_person


def test_another_lead_cannot_open_the_form(client, world, open_round):
    client.force_login(world.users["lead2"])
    assert client.get(form_url(world, world.row_a)).status_code == 403


def test_viewer_cannot_post_an_update(client, world, open_round):
    client.force_login(world.users["viewer"])
    response = client.post(form_url(world, world.row_a), {"state": "new", "narrative": "x", "save": "1"})
    assert response.status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_narrative_over_10000_characters_is_refused_with_a_message(client, world, open_round):
    client.force_login(world.users["lead"])
    response = post_update(client, world, world.row_a, narrative="x" * 10_001)
    assert response.status_code == 400
    message = "Progress this quarter must be 10,000 characters or fewer; you have 10,001."
    assert message in BeautifulSoup(response.content, "html.parser").get_text()
    assert not world.row_a.updates.exists()


def test_figures_and_outcome_statuses_are_saved_with_the_update(client, world, open_round):
    from tests.factories import TargetFactory

    target = TargetFactory(row=world.row_a, unit="%", target_value=85)
    outcome = world.action.expected_outcomes.create(number=1, text="Fewer repeat victims")
    client.force_login(world.users["lead"])
    post_update(
        client,
        world,
        world.row_a,
        narrative="Figures in",
        rag=world.rag("green").pk,
        **{
            f"figure_{target.pk}": "81.5",
            f"outcome_{outcome.pk}": world.rag("green").pk,
            f"outcome_note_{outcome.pk}": "On track",
        },
    )
    update = world.row_a.updates.get()
    assert str(update.figures.get().value) == "81.50"
    assert update.outcome_statuses.get().note == "On track"


def test_a_bad_figure_is_named_and_nothing_is_lost(client, world, open_round):
    from tests.factories import TargetFactory

    target = TargetFactory(row=world.row_a, unit="%")
    client.force_login(world.users["lead"])
    response = post_update(
        client, world, world.row_a, narrative="Keep me", **{f"figure_{target.pk}": "eighty"}
    )
    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    assert "Enter a number" in page.select_one(".govuk-error-summary").get_text()
    assert page.find("textarea", {"name": "narrative"}).text == "Keep me"


def test_no_open_round_means_no_form(client, world):
    client.force_login(world.users["lead"])
    page = BeautifulSoup(client.get(form_url(world, world.row_a)).content, "html.parser")
    assert "no open update round" in page.get_text()
    assert page.find("textarea", {"name": "narrative"}) is None


def test_only_one_round_open_per_plan(world, open_round):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.round_open(
            plan=world.plan,
            year=2025,
            quarter=4,
            due_date=datetime.date(2026, 4, 14),
            opened_by=world.users["coordinator"],
        )
    assert UpdateRound.objects.filter(plan=world.plan).count() == 1
