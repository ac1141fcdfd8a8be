"""Quarters are labelled in the partnership's own year: a January-start partnership's first
quarter of 2024 is "Q1 2024", an April-start one's is "Q1 2024/25", on every surface."""

import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from openpyxl import load_workbook

from partners.audience import Audience
from partners.models import Meeting
from plans import services
from reports.board_pack import board_pack_content
from reports.renderers import board_pack_report
from reports.spreadsheets import COLUMNS, plan_xlsx
from tests.reports.conftest import pdf_text

LABELS = {1: "Q1 2024", 4: "Q1 2024/25"}


@pytest.fixture(params=[1, 4], ids=["january-start", "april-start"])
def year_world(request, world):
    """The home partnership with its year starting in January or April, a 2024 plan, an open
    round for its first quarter and an accepted update for that quarter on row A."""
    start_month = request.param
    world.partnership.year_start_month = start_month
    world.partnership.save()
    world.plan.start_date = datetime.date(2024, start_month, 1)
    world.plan.end_date = datetime.date(2025, start_month, 1) - datetime.timedelta(days=1)
    world.plan.save()
    world.round = services.round_open(
        plan=world.plan,
        year=2024,
        quarter=1,
        due_date=world.plan.start_date + datetime.timedelta(days=100),
        opened_by=world.users["coordinator"],
    )
    content = services.UpdateContent(narrative="Quarter one went well.", rag=world.rag("green"))
    update = services.update_save(
        row=world.row_a,
        update_round=world.round,
        author=world.users["lead"],
        content=content,
        expected_state="new",
        submit=True,
    )
    services.update_accept(update=update, reviewer=world.users["coordinator"])
    world.expected_label = LABELS[start_month]
    return world


def page(client, user, name: str, *args) -> BeautifulSoup:
    client.force_login(user)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_round_form_offers_quarters_in_the_partnerships_year(client, year_world):
    year_world.round.status = "closed"
    year_world.round.save()
    soup = page(client, year_world.users["coordinator"], "round_list", "home", year_world.plan.pk)
    offered = [option.get_text() for option in soup.select("select[name=quarter] option")]
    quarter_two = {1: "Q2 2024", 4: "Q2 2024/25"}[year_world.partnership.year_start_month]
    assert quarter_two in offered


def test_round_page_names_the_round_in_the_partnerships_year(client, year_world):
    soup = page(
        client,
        year_world.users["coordinator"],
        "round_detail",
        "home",
        year_world.plan.pk,
        year_world.round.pk,
    )
    assert soup.h1.get_text(" ", strip=True).startswith(f"Round {year_world.expected_label}")


def test_my_actions_names_the_round_in_the_partnerships_year(client, year_world):
    soup = page(client, year_world.users["lead"], "home")
    assert f"{year_world.expected_label}, due" in soup.get_text(" ", strip=True)


def test_action_timeline_labels_the_update_in_the_partnerships_year(client, year_world):
    soup = page(
        client, year_world.users["viewer"], "action_detail", "home", year_world.plan.pk, year_world.action.pk
    )
    headings = [h.get_text(" ", strip=True) for h in soup.select("h3")]
    assert any(heading.startswith(year_world.expected_label + " ·") for heading in headings)


def test_xlsx_labels_the_latest_update_in_the_partnerships_year(year_world):
    export = plan_xlsx(plan=year_world.plan, user=year_world.users["viewer"])
    sheet = load_workbook(io.BytesIO(export.content)).worksheets[0]
    column = [name for name, _width in COLUMNS].index("Latest update period") + 1
    values = {sheet.cell(row=r, column=column).value for r in range(2, sheet.max_row + 1)}
    assert year_world.expected_label in values


def test_board_pack_heading_names_the_round_in_the_partnerships_year(year_world):
    meeting = Meeting.objects.create(
        partnership=year_world.partnership,
        plan=year_world.plan,
        date=year_world.round.due_date + datetime.timedelta(days=7),
        title="Board",
    )
    content = board_pack_content(meeting, Audience.of(year_world.users["coordinator"], meeting.partnership))
    assert content.round == year_world.round
    text = pdf_text(board_pack_report(meeting=meeting, user=year_world.users["coordinator"]).content)
    assert f"Update completeness for {year_world.expected_label}" in text
