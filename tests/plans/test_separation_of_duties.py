"""Separation of duties: an update is reviewed by someone other than its author, unless the
partnership turns the rule off; then a self-review is recorded and shown as "self-accepted"."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from partners.models import Membership
from plans import services
from plans.models import ProgressUpdate
from tests import factories

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


def submitted(world, update_round, *, author, row=None):
    return services.update_save(
        row=row or world.row_a,
        update_round=update_round,
        author=author,
        content=services.UpdateContent(narrative="Done this quarter", rag=world.rag("green")),
        expected_state="new",
        submit=True,
    )


def review_url(world, update):
    return reverse("update_review", args=[world.partnership.slug, world.plan.pk, update.pk])


def second_coordinator(world):
    user = factories.UserFactory(username="deputy")
    factories.MembershipFactory(user=user, partnership=world.partnership, role=Membership.Role.COORDINATOR)
    return user


def test_the_rule_is_on_by_default(world):
    assert world.partnership.reviewer_not_author is True


def test_a_coordinator_cannot_accept_an_update_they_wrote(world, open_round):
    coordinator = world.users["coordinator"]
    update = submitted(world, open_round, author=coordinator)
    with pytest.raises(services.UpdateLocked, match="someone else must review it"):
        services.update_accept(update=update, reviewer=coordinator)
    assert ProgressUpdate.objects.get(pk=update.pk).status == Status.SUBMITTED


def test_a_coordinator_cannot_return_an_update_they_wrote(world, open_round):
    coordinator = world.users["coordinator"]
    update = submitted(world, open_round, author=coordinator)
    with pytest.raises(services.UpdateLocked):
        services.update_return(update=update, reviewer=coordinator, comment="Mine")
    assert ProgressUpdate.objects.get(pk=update.pk).status == Status.SUBMITTED


def test_the_person_written_on_behalf_of_cannot_review_it(world, open_round):
    # The lead of row A is made a coordinator; another coordinator writes the update for them.
    Membership.objects.filter(user=world.users["lead"]).update(role=Membership.Role.COORDINATOR)
    update = submitted(world, open_round, author=world.users["coordinator"])
    assert update.on_behalf_of == world.lead_person
    lead = type(world.users["lead"]).objects.get(pk=world.users["lead"].pk)
    assert not lead.has_perm("plans.review_update", update)
    with pytest.raises(services.UpdateLocked):
        services.update_accept(update=update, reviewer=lead)


def test_another_coordinator_accepts_and_it_is_not_self_accepted(world, open_round):
    update = submitted(world, open_round, author=world.users["coordinator"])
    accepted = services.update_accept(update=update, reviewer=second_coordinator(world))
    assert accepted.status == Status.ACCEPTED
    assert accepted.self_reviewed is False


def test_with_the_rule_off_a_self_acceptance_is_recorded(world, open_round):
    world.partnership.reviewer_not_author = False
    world.partnership.save()
    coordinator = world.users["coordinator"]
    update = submitted(world, open_round, author=coordinator)
    accepted = services.update_accept(update=update, reviewer=coordinator)
    assert accepted.status == Status.ACCEPTED
    assert ProgressUpdate.objects.get(pk=update.pk).self_reviewed is True


def test_review_page_refuses_the_author_and_says_why(client, world, open_round):
    coordinator = world.users["coordinator"]
    update = submitted(world, open_round, author=coordinator)
    client.force_login(coordinator)
    page = BeautifulSoup(client.get(review_url(world, update)).content, "html.parser")
    assert page.find(attrs={"data-testid": "not-your-review"}) is not None
    assert page.find("button", {"name": "accept"}) is None
    response = client.post(review_url(world, update), {"accept": "1"}, follow=True)
    assert "someone else must review it" in BeautifulSoup(response.content, "html.parser").get_text()
    assert ProgressUpdate.objects.get(pk=update.pk).status == Status.SUBMITTED


def test_lead_officer_still_cannot_review(client, world, open_round):
    update = submitted(world, open_round, author=world.users["lead"])
    client.force_login(world.users["lead"])
    assert client.post(review_url(world, update), {"accept": "1"}).status_code == 403


def test_self_accepted_is_shown_on_the_review_page_and_the_action_timeline(client, world, open_round):
    world.partnership.reviewer_not_author = False
    world.partnership.save()
    coordinator = world.users["coordinator"]
    update = submitted(world, open_round, author=coordinator)
    client.force_login(coordinator)
    assert client.post(review_url(world, update), {"accept": "1"}).status_code == 302
    review = BeautifulSoup(client.get(review_url(world, update)).content, "html.parser")
    assert review.find(attrs={"data-testid": "self-reviewed"}).get_text(strip=True) == "Self-accepted"
    client.force_login(world.users["viewer"])
    action = client.get(
        reverse("action_detail", args=[world.partnership.slug, world.plan.pk, world.action.pk])
    )
    tags = BeautifulSoup(action.content, "html.parser").find_all(attrs={"data-testid": "self-reviewed"})
    assert [tag.get_text(strip=True) for tag in tags] == ["Self-accepted"]
