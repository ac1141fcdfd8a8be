"""Rows whose status is the scale's complete status are not chased: not outstanding, not
reminded, not in the completeness figure, until the coordinator reopens them."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse

from partners.audience import Audience
from plans import services
from plans.notifications import send_reminders
from plans.outline import plan_outline
from plans.selectors import round_completeness, round_row_statuses, round_tracking
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


def tracking_by_row(update_round) -> dict:
    plan = update_round.plan
    outline = plan_outline(
        plan, Audience.of(plan.partnership.memberships.get(role="coordinator").user, plan.partnership)
    )
    return {line.pk: line for line in round_tracking(update_round, outline)}


def test_round_tracking_reads_the_outline_and_agrees_with_the_rows_own_lines(world, finished_row_a):
    """Round tracking builds its lines from the cached outline (issue 18); the rule of what is
    finished, outstanding and how each status is labelled is the same as the rows' own lines."""
    factories.ProgressUpdateFactory(
        row=world.row_b,
        round=finished_row_a,
        period_year=2025,
        period_quarter=3,
        status="submitted",
        rag=None,
    )

    def seen(line):
        return (line.status, line.status_label, line.is_finished, line.is_outstanding, line.lead_names,
                line.organisation_names)  # fmt: skip

    tracked, own = tracking_by_row(finished_row_a), lines_by_row(finished_row_a)
    assert list(tracked) == list(own)
    assert {pk: seen(line) for pk, line in tracked.items()} == {pk: seen(line) for pk, line in own.items()}
    assert seen(tracked[world.row_a.pk])[:4] == ("not_started", "Complete: not chased", True, False)
    assert seen(tracked[world.row_b.pk])[:4] == ("submitted", "Submitted", False, False)
    assert round_completeness(list(tracked.values()))[0] == round_completeness(list(own.values()))[0]

    world.row_a.reopened = True
    world.row_a.save()
    assert tracking_by_row(finished_row_a)[world.row_a.pk].is_outstanding  # the outline's version moved on


def test_round_tracking_page_lists_the_rows_from_the_outline(client, world, finished_row_a):
    client.force_login(world.users["coordinator"])
    response = client.get(reverse("round_detail", args=["home", world.plan.pk, finished_row_a.pk]))
    cells = [
        [cell.get_text(" ", strip=True) for cell in tr.find_all("td")]
        for tr in BeautifulSoup(response.content, "html.parser").select("[data-testid=round-rows] tbody tr")
    ]
    assert [c[:4] for c in cells] == [
        [world.action.reference, "IDVA service", "Insp Lena Lead", "POL"],
        [world.action.reference, "Awareness campaign", "Sam Second", "FDC"],
    ]
    assert cells[0][4] == "Complete: not chased" and cells[1][4] == "Not started"
