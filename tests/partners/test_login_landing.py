"""Scrutiny members land on the plan dashboard after logging in; others on My actions."""

from django.urls import reverse

from tests.factories import PASSWORD


def log_in(client, username: str, next_url: str = ""):
    url = reverse("login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"username": username, "password": PASSWORD})


def test_a_viewer_lands_on_the_dashboard_of_their_live_plan(client, world):
    response = log_in(client, "viewer")
    assert response.url == reverse("plan_dashboard", args=["home", world.plan.pk])


def test_a_lead_officer_lands_on_my_actions(client, world):
    assert log_in(client, "lead").url == reverse("home")


def test_a_viewer_sent_to_log_in_from_a_page_goes_back_to_it(client, world):
    target = reverse("action_detail", args=["home", world.plan.pk, world.action.pk])
    assert log_in(client, "viewer", target).url == target


def test_a_viewer_of_two_live_plans_lands_on_my_actions_to_choose(client, world):
    from tests.factories import PlanFactory

    PlanFactory(partnership=world.partnership, title="Second plan")
    assert log_in(client, "viewer").url == reverse("home")
