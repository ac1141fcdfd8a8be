"""Separation of duties for a DHR recommendation's update: the same rule as a plan row's update
(`reviews_update` in partners/rules.py), enforced by the service, recorded and shown as
"self-accepted" where the partnership allows self-review, and the review page tells the author why
it offers them nothing."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from dhr import services
from dhr.models import RecommendationUpdate
from partners.models import Membership
from tests import factories

Status = RecommendationUpdate.Status


def submitted(dhr, author):
    return services.recommendation_update_save(
        recommendation=dhr.recommendation,
        author=author,
        content=services.RecommendationContent(narrative="Training booked.", rag=dhr.green),
        expected_state="new",
        submit=True,
    )


@pytest.fixture
def green(world, dhr):
    dhr.green = world.rag("green")
    return dhr


def cleared_coordinator(world, username="deputy", can_see_dhr=True):
    user = factories.UserFactory(username=username)
    factories.MembershipFactory(
        user=user, partnership=world.partnership, role=Membership.Role.COORDINATOR, can_see_dhr=can_see_dhr
    )
    return user


def fresh(user):
    """The user as a new request would load them (role caches empty)."""
    return type(user).objects.get(pk=user.pk)


def review_url(world, update):
    return reverse("dhr_recommendation_review", args=[world.partnership.slug, update.pk])


def self_review_allowed(world):
    world.partnership.reviewer_not_author = False
    world.partnership.save(update_fields=["reviewer_not_author"])


def test_one_rule_serves_plan_and_dhr_updates(world, green):
    coordinator = world.users["coordinator"]
    update = submitted(green, coordinator)
    assert not coordinator.has_perm("dhr.review_update", update)
    assert fresh(cleared_coordinator(world)).has_perm("dhr.review_update", update)


def test_a_coordinator_cannot_accept_a_recommendation_update_they_wrote(world, green):
    coordinator = world.users["coordinator"]
    update = submitted(green, coordinator)
    with pytest.raises(services.UpdateLocked, match="someone else must review it"):
        services.recommendation_update_accept(update=update, reviewer=coordinator)
    assert RecommendationUpdate.objects.get(pk=update.pk).status == Status.SUBMITTED
    green.recommendation.refresh_from_db()
    assert green.recommendation.current_update is None


def test_a_coordinator_cannot_return_a_recommendation_update_they_wrote(world, green):
    coordinator = world.users["coordinator"]
    update = submitted(green, coordinator)
    with pytest.raises(services.UpdateLocked, match="someone else must review it"):
        services.recommendation_update_return(update=update, reviewer=coordinator, comment="Mine")
    assert RecommendationUpdate.objects.get(pk=update.pk).status == Status.SUBMITTED


def test_a_coordinator_without_the_grant_cannot_review_even_with_self_review_allowed(world, green):
    self_review_allowed(world)
    update = submitted(green, world.users["lead"])
    uncleared = cleared_coordinator(world, username="uncleared", can_see_dhr=False)
    with pytest.raises(services.UpdateLocked, match="access to Domestic Homicide Reviews"):
        services.recommendation_update_accept(update=update, reviewer=uncleared)
    assert RecommendationUpdate.objects.get(pk=update.pk).status == Status.SUBMITTED


def test_the_owner_cannot_review_their_own_update(world, green):
    update = submitted(green, world.users["lead"])
    with pytest.raises(services.UpdateLocked):
        services.recommendation_update_accept(update=update, reviewer=world.users["lead"])


def test_another_cleared_coordinator_accepts_and_it_is_not_self_accepted(world, green):
    update = submitted(green, world.users["coordinator"])
    accepted = services.recommendation_update_accept(update=update, reviewer=cleared_coordinator(world))
    assert (accepted.status, accepted.self_reviewed) == (Status.ACCEPTED, False)
    green.recommendation.refresh_from_db()
    assert green.recommendation.current_update_id == update.pk


def test_with_the_rule_off_a_self_acceptance_is_recorded(world, green):
    self_review_allowed(world)
    coordinator = world.users["coordinator"]
    update = submitted(green, coordinator)
    services.recommendation_update_accept(update=update, reviewer=coordinator)
    saved = RecommendationUpdate.objects.get(pk=update.pk)
    assert (saved.status, saved.self_reviewed) == (Status.ACCEPTED, True)


def test_a_coordinator_still_accepts_the_owners_update(world, green):
    update = submitted(green, world.users["lead"])
    accepted = services.recommendation_update_accept(update=update, reviewer=world.users["coordinator"])
    assert (accepted.status, accepted.self_reviewed) == (Status.ACCEPTED, False)


def test_the_review_page_offers_the_author_nothing_and_says_why(client, world, green):
    coordinator = world.users["coordinator"]
    update = submitted(green, coordinator)
    client.force_login(coordinator)
    page = BeautifulSoup(client.get(review_url(world, update)).content, "html.parser")
    assert "another coordinator" in page.find(attrs={"data-testid": "not-your-review"}).get_text()
    assert page.find("button", {"name": "accept"}) is None
    assert page.find("button", {"name": "return"}) is None


def test_posting_accept_as_the_author_is_refused_with_the_reason(client, world, green):
    coordinator = world.users["coordinator"]
    update = submitted(green, coordinator)
    client.force_login(coordinator)
    response = client.post(review_url(world, update), {"accept": "1"}, follow=True)
    errors = BeautifulSoup(response.content, "html.parser").get_text()
    assert "someone else must review it" in errors
    assert RecommendationUpdate.objects.get(pk=update.pk).status == Status.SUBMITTED


def test_another_coordinator_sees_the_buttons(client, world, green):
    update = submitted(green, world.users["coordinator"])
    client.force_login(cleared_coordinator(world))
    page = BeautifulSoup(client.get(review_url(world, update)).content, "html.parser")
    assert page.find("button", {"name": "accept"}) is not None
    assert page.find(attrs={"data-testid": "not-your-review"}) is None


def test_self_accepted_is_shown_on_the_review_page_and_the_recommendation(client, world, green):
    self_review_allowed(world)
    coordinator = world.users["coordinator"]
    update = submitted(green, coordinator)
    client.force_login(coordinator)
    assert client.post(review_url(world, update), {"accept": "1"}).status_code == 302
    review = BeautifulSoup(client.get(review_url(world, update)).content, "html.parser")
    assert review.find(attrs={"data-testid": "self-reviewed"}).get_text(strip=True) == "Self-accepted"
    detail = client.get(
        reverse("dhr_recommendation_detail", args=[world.partnership.slug, green.recommendation.pk])
    )
    tags = BeautifulSoup(detail.content, "html.parser").find_all(attrs={"data-testid": "self-reviewed"})
    assert [tag.get_text(strip=True) for tag in tags] == ["Self-accepted"]
