import datetime
from decimal import Decimal

import pytest

from plans.importing.headers import field_for_header, match_header
from plans.importing.ir import Lead
from plans.importing.parsing import (
    parse_leads,
    parse_money,
    split_numbered,
    split_updates,
    status_meaning,
)


def quarter_end(n: int) -> datetime.date:
    return {1: datetime.date(2020, 6, 30), 4: datetime.date(2021, 3, 31)}[n]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Action Plan No", "reference"),
        ("No.", "reference"),
        ("Objectives / aims", "action"),
        ("Key Activities", "action"),
        ("Lead Officer and Organisation", "lead"),
        ("When by", "due"),
        ("TIMESCALE", "due"),
        ("Budget £", "budget"),
        ("Expected outcomes / outputs", "outcome"),
        ("Deliverables", "outcome"),
        ("Performance Measure", "outcome"),
        ("Action taken and progress", "narrative"),
        ("Progress narrative / Risk", "narrative"),
        ("status", "status"),
        ("Progress (RAG)", "status"),
    ],
)
def test_headers_are_recognised_whatever_their_case_and_punctuation(header, field):
    assert field_for_header(header) == field


def test_an_unknown_header_can_be_mapped_by_hand():
    assert field_for_header("Money available") is None
    assert field_for_header("money  available!", {"Money available": "budget"}) == "budget"


@pytest.mark.parametrize(
    ("text", "leads"),
    [
        ("Rob Mitchell FDC", [Lead("Rob Mitchell", "FDC")]),
        ("Aarron Locks FDC & Joe Keegan CCC", [Lead("Aarron Locks", "FDC"), Lead("Joe Keegan", "CCC")]),
        (
            "SBC Debbie Barker in conjunction with CCSU Sarah Taylor",
            [Lead("Debbie Barker", "SBC"), Lead("Sarah Taylor", "CCSU")],
        ),
        ("Police Insp Simon Tabert", [Lead("Insp Simon Tabert", "Police")]),
        ("Nicola Fenton P&CC", [Lead("Nicola Fenton", "P&CC")]),
        ("Alison Smith CCC Rob Mitchell FDC", [Lead("Alison Smith", "CCC"), Lead("Rob Mitchell", "FDC")]),
        ("Elaine Mathews", [Lead("Elaine Mathews", "")]),
        ("Amanda/DASV", [Lead("Amanda", ""), Lead("", "DASV")]),
        ("TBC", []),
    ],
)
def test_leads_become_people_and_organisations(text, leads):
    assert parse_leads(text) == leads


def test_a_lower_case_organisation_known_from_elsewhere_in_the_file_is_recognised():
    assert parse_leads("rob mitchell fdc", {"fdc"}) == [Lead("rob mitchell", "fdc")]


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("£2,000", Decimal("2000")),
        ("£12,000 post recruitment £2,000 cook and chat", Decimal("12000")),
        ("12000", Decimal("12000")),
        ("£1.5k", Decimal("1500.0")),
        ("Staff time", None),
    ],
)
def test_money_keeps_the_first_figure(text, amount):
    assert parse_money(text) == amount


@pytest.mark.parametrize(
    ("text", "meaning"),
    [
        ("Green", "green"),
        ("On track", "green"),
        ("amber", "amber"),
        ("RED", "red"),
        ("Complete", "complete"),
        ("Not started - at risk due to staff resource pressures", "not_started"),
        ("Purple", None),
    ],
)
def test_status_words_have_a_meaning(text, meaning):
    assert status_meaning(text) == meaning


def test_numbered_outcomes_are_split():
    assert split_numbered("1. Fewer victims 2. More reports") == [(1, "Fewer victims"), (2, "More reports")]
    assert split_numbered("Fewer victims by 2025.") == []


def test_a_narrative_with_update_for_dates_is_split_into_dated_updates():
    updates = split_updates("Update for 17/07/2020\nPlanned.\nUpdate for 22/10/2020\nDone.", quarter_end)
    assert [(u.date, u.text) for u in updates] == [
        (datetime.date(2020, 7, 17), "Planned."),
        (datetime.date(2020, 10, 22), "Done."),
    ]


def test_month_year_lines_date_their_updates():
    updates = split_updates("November 2021\nBooked.\nDecember 2021\nDelivered.", quarter_end)
    assert [u.date for u in updates] == [datetime.date(2021, 11, 1), datetime.date(2021, 12, 1)]


def test_a_q4_update_is_dated_at_the_end_of_the_quarter():
    (update,) = split_updates("Q4 update – 6,000 cheques returned.", quarter_end)
    assert update.date == datetime.date(2021, 3, 31)
    assert update.text == "6,000 cheques returned."


def test_a_narrative_without_dates_stays_one_undated_update():
    (update,) = split_updates("Twitter account developed November 2014 and more.", quarter_end)
    assert update.date is None


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Progress (to be completed by lead officer each quarter)", "narrative"),
        ("Key activities / tasks 2016-17", "project"),
        ("Timescale / when by", "due"),
        ("Lead officer & agency", "lead"),
        ("Budget £ (new money)", "budget"),
        ("RAG status Q3", "status"),
        ("Objectives / aims", "action"),
        ("Expected outcomes / outputs", "outcome"),
        ("No.", "reference"),
        ("Progress (RAG)", "status"),
    ],
)
def test_headers_with_instructions_and_years_are_recognised_by_meaning(header, field):
    assert field_for_header(header) == field


def test_a_header_plans_use_is_an_exact_match_and_a_scored_one_says_why():
    assert match_header("Lead Officer and Organisation", []).confidence == "exact name"
    scored = match_header("Responsible officer", [])
    assert (scored.field, scored.confidence) == ("lead", "likely")
    assert "responsible officer" in scored.reason


def test_when_the_words_fit_two_fields_the_cells_decide():
    dates = ["31/03/2021", "March 2021", "Q2"]
    leads = ["Rob Mitchell FDC", "Aarron Locks FDC & Joe Keegan CCC", "Si Kerss CCC"]
    assert match_header("Officer date", dates).field == "due"
    assert match_header("Officer date", leads).field == "lead"


def test_when_neither_words_cells_nor_position_decide_the_person_is_asked():
    match = match_header("Officer date", ["x", "y"], position=0.575)
    assert match.field is None
    assert set(match.candidates) == {"lead", "due"}


def test_an_unrecognised_column_keeps_its_first_cells_to_show():
    match = match_header("Money available", ["£2,000", "", "£500", "£1", "£7"])
    assert (match.field, match.samples) == (None, ["£2,000", "£500", "£1"])
