"""The councillor's summary on the plan dashboard and the roll-up's one-sentence explanation."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from plans.services import rows_refresh_current
from tests import factories


@pytest.fixture
def red_and_green(world):
    green, red = world.rag("green"), world.rag("red")
    factories.ProgressUpdateFactory(row=world.row_a, rag=green, period_quarter=1)
    factories.ProgressUpdateFactory(row=world.row_a, rag=red, period_quarter=2, rag_reason="", risk="")
    factories.ProgressUpdateFactory(row=world.row_b, rag=green, period_quarter=2)
    rows_refresh_current(row_ids=[world.row_a.pk, world.row_b.pk])
    return world


def soup_of(client, world, name: str) -> BeautifulSoup:
    client.force_login(world.users["viewer"])
    response = client.get(reverse(name, args=["home", world.plan.pk]))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_the_plan_page_explains_a_red_rollup_and_links_to_the_red_rows(client, red_and_green):
    explained = soup_of(client, red_and_green, "plan_detail").select_one("[data-testid=rollup-explained]")
    assert explained is not None
    text = " ".join(explained.get_text(" ").split())
    assert "worst status of any row: 1 of 2 rows is Red (1 Green)" in text
    link = explained.find("a")
    assert link is not None and link.get_text(strip=True) == "See the 1 Red row"
    assert link["href"].endswith("?rag=red#rows")


def test_the_dashboard_summary_says_what_is_off_track_changed_and_without_a_recovery_plan(
    client, red_and_green, settings
):
    summary = soup_of(client, red_and_green, "plan_dashboard").select_one("[data-testid=councillor-summary]")
    assert summary is not None
    points = [" ".join(li.get_text(" ").split()) for li in summary.select("li")]
    assert points[0].startswith("Off track: 1 project row of 2.")
    assert points[1].startswith("Overdue: nothing")
    assert any("got worse" in p for p in points) or any("no row changed" in p for p in points)
    assert points[-1] == "No plan to recover: 1 project row off track gives no reason or risk mitigation."
    assert summary.select_one("[data-testid=rollup-explained] a") is not None


def test_the_dashboard_summary_names_overdue_rows(client, red_and_green):
    from plans import services

    services.round_open(
        plan=red_and_green.plan,
        year=2025,
        quarter=3,
        due_date=datetime.date(2025, 12, 1),
        opened_by=red_and_green.users["coordinator"],
    )
    summary = soup_of(client, red_and_green, "plan_dashboard").select_one("[data-testid=councillor-summary]")
    assert summary is not None
    assert "Overdue: 2 project rows have not sent their" in summary.get_text(" ")
