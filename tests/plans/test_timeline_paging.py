"""An action's timeline shows its newest updates first and offers older ones on request, so a
page of many years of carried-over history does not grow without bound."""

import datetime

from bs4 import BeautifulSoup
from django.urls import reverse

from plans.selectors import TIMELINE_PAGE
from tests import factories


def add_updates(world, count: int) -> None:
    for n in range(count):
        factories.ProgressUpdateFactory(
            row=world.row_a,
            period_year=2020 + n // 4,
            period_quarter=n % 4 + 1,
            update_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=30 * n),
            narrative=f"Update number {n}",
        )


def timeline_items(response) -> list:
    return BeautifulSoup(response.content, "html.parser").select(".csp-timeline__item")


def action_url(world) -> str:
    return reverse("action_detail", args=[world.partnership.slug, world.plan.pk, world.action.pk])


def test_the_timeline_shows_a_page_of_the_newest_updates_and_a_link_to_older_ones(client, world):
    add_updates(world, TIMELINE_PAGE + 5)
    client.force_login(world.users["viewer"])
    response = client.get(action_url(world))
    items = timeline_items(response)
    assert len(items) == TIMELINE_PAGE
    assert f"Update number {TIMELINE_PAGE + 4}" in items[0].get_text()
    more = BeautifulSoup(response.content, "html.parser").select_one("[data-testid=timeline-more]")
    assert more["href"] == f"?updates={2 * TIMELINE_PAGE}#timeline"


def test_following_the_link_shows_the_older_updates_too(client, world):
    add_updates(world, TIMELINE_PAGE + 5)
    client.force_login(world.users["viewer"])
    response = client.get(action_url(world) + f"?updates={2 * TIMELINE_PAGE}")
    assert len(timeline_items(response)) >= TIMELINE_PAGE + 5
    assert not BeautifulSoup(response.content, "html.parser").select("[data-testid=timeline-more]")


def test_a_short_timeline_has_no_link_and_a_bad_count_shows_the_first_page(client, world):
    add_updates(world, 3)
    client.force_login(world.users["viewer"])
    response = client.get(action_url(world) + "?updates=lots")
    assert response.status_code == 200
    assert not BeautifulSoup(response.content, "html.parser").select("[data-testid=timeline-more]")
