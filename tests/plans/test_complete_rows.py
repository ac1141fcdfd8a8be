"""Rows whose status is the scale's complete status are not chased: not outstanding, not
reminded, not in the completeness figure, until the coordinator reopens them."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse

from plans import services
from plans.notifications import send_reminders
from plans.selectors import round_completeness, round_row_statuses
from tests import factories

DUE = datetime.date(2026, 1, 14)


@pytest.fixture
def finished_row_a(world):
    complete = world.partnership.rag_statuses.filter(is_complete=True).first()
    if complete is None:
        complete = world.partnership.rag_statuses.create(
            code="complete",
            label="Complete",
            meaning="Finished",
            colour="#1d70b8",
            position=9,
            is_complete=True,
        )
    factories.ProgressUpdateFactory(row=world.row_a, rag=complete, period_quarter=2)
    services.rows_refresh_current(row_ids=[world.row_a.pk])
    world.row_a.refresh_from_db()
    return services.round_open(
        plan=world.plan, year=2025, quarter=3, due_date=DUE, opened_by=world.users["coordinator"]
    )


def lines_by_row(update_round) -> dict:
    return {line.row.pk: line for line in round_row_statuses(update_round)}


def test_a_complete_row_is_not_outstanding(world, finished_row_a):
    lines = lines_by_row(finished_row_a)
    assert not lines[world.row_a.pk].is_outstanding
    assert lines[world.row_a.pk].status_label == "Complete: not chased"
    assert lines[world.row_b.pk].is_outstanding


def test_a_complete_row_counts_for_neither_side_of_completeness(world, finished_row_a):
    overall, _, _ = round_completeness(round_row_statuses(finished_row_a))
    assert (overall.done, overall.total) == (0, 1)


def test_a_complete_rows_lead_gets_no_reminder(world, finished_row_a):
    assert send_reminders(today=DUE - datetime.timedelta(days=7)) == 1
    assert [m.to[0] for m in mail.outbox] == [world.lead2_person.email]


def test_the_coordinator_reopens_a_complete_row_and_it_is_chased_again(client, world, finished_row_a):
    client.force_login(world.users["coordinator"])
    page = reverse("action_detail", args=["home", world.plan.pk, world.action.pk])
    soup = BeautifulSoup(client.get(page).content, "html.parser")
    assert soup.find("button", string="Reopen row 1 for updates")
    url = reverse("row_reopen", args=["home", world.plan.pk, world.action.pk, world.row_a.pk])
    assert client.post(url).status_code == 302
    assert lines_by_row(finished_row_a)[world.row_a.pk].is_outstanding
    assert send_reminders(today=DUE - datetime.timedelta(days=7)) == 2


def test_a_lead_cannot_reopen_a_row(client, world, finished_row_a):
    client.force_login(world.users["lead"])
    url = reverse("row_reopen", args=["home", world.plan.pk, world.action.pk, world.row_a.pk])
    assert client.post(url).status_code == 403
    world.row_a.refresh_from_db()
    assert not world.row_a.reopened
