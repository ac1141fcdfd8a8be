"""Plan exports: XLSX layout and RAG cells; CSV safe from formula injection."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from csp_tracker.cells import neutralise
from reports.spreadsheets import COLUMNS, RAG_COLUMN, plan_csv, plan_updates_csv, plan_xlsx
from tests.test_export_cells import HOSTILE, REVEALED


@pytest.fixture
def green_row_a(world):
    update = world.row_a.updates.create(
        period_year=2026,
        period_quarter=1,
        update_date="2026-06-30",
        author_name="Lena",
        narrative='=HYPERLINK("https://evil.example","click")',
        risk="-2+3",
        rag=world.rag("green"),
        status="accepted",
    )
    world.row_a.current_update = update
    world.row_a.save()
    return world


def csv_rows(export) -> list[list[str]]:
    return list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))


@pytest.mark.parametrize("value", ["=1+2", "+1", "-1", "@SUM(A1)"])
def test_formula_starts_are_neutralised(value):
    assert neutralise(value) == "'" + value


def test_plain_text_is_left_alone():
    assert neutralise("IDVA service") == "IDVA service"


def test_csv_has_one_line_per_project_row(world):
    export = plan_csv(plan=world.plan, user=world.users["viewer"])
    rows = csv_rows(export)
    assert rows[0] == [heading for heading, _ in COLUMNS]
    assert export.rows == len(rows) - 1 == 2


def test_csv_neutralises_a_narrative_that_looks_like_a_formula(green_row_a):
    rows = csv_rows(plan_csv(plan=green_row_a.plan, user=None))
    narrative = rows[0].index("Latest progress narrative")
    assert rows[1][narrative].startswith("'=HYPERLINK")
    assert rows[1][narrative + 1] == "'-2+3"


def test_csv_refuses_an_outsider(world):
    with pytest.raises(PermissionDenied):
        plan_csv(plan=world.plan, user=world.users["outsider"])


def test_xlsx_freezes_the_header_and_sets_widths(world):
    sheet = load_workbook(io.BytesIO(plan_xlsx(plan=world.plan).content))["Delivery plan"]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["D"].width == COLUMNS[3][1]


def test_xlsx_rag_cell_is_filled_and_labelled(green_row_a):
    green = green_row_a.rag("green")
    sheet = load_workbook(io.BytesIO(plan_xlsx(plan=green_row_a.plan).content))["Delivery plan"]
    cell = sheet.cell(row=2, column=RAG_COLUMN)
    assert cell.value == green.label
    assert cell.fill.fgColor.rgb.endswith(green.colour.lstrip("#").upper())


def test_xlsx_keeps_formula_like_text_as_text(green_row_a):
    sheet = load_workbook(io.BytesIO(plan_xlsx(plan=green_row_a.plan).content))["Delivery plan"]
    cell = sheet.cell(row=2, column=12)
    assert cell.data_type == "s"
    assert cell.value.startswith("=HYPERLINK")


def test_xlsx_has_a_rag_key_sheet_with_the_partnership_meanings(world):
    key = load_workbook(io.BytesIO(plan_xlsx(plan=world.plan).content))["RAG key"]
    meanings = {row[1] for row in key.iter_rows(min_row=2, values_only=True)}
    assert meanings == {s.meaning for s in world.partnership.rag_statuses.all()}


def test_xlsx_counts_its_rows(world):
    assert plan_xlsx(plan=world.plan).rows == 2


@pytest.fixture
def two_accepted_updates(world):
    first = world.row_a.updates.create(
        period_year=2026,
        period_quarter=1,
        update_date="2026-06-30",
        author_name="Lena",
        narrative="First quarter.",
        rag=world.rag("green"),
        status="accepted",
    )
    second = world.row_a.updates.create(
        period_year=2026,
        period_quarter=2,
        update_date="2026-09-30",
        author_name="Lena",
        narrative="Second quarter.",
        risk="Staff turnover",
        rag=world.rag("red"),
        rag_reason="Adviser left",
        status="accepted",
    )
    world.row_a.updates.create(
        period_year=2026, period_quarter=3, update_date="2026-12-30", author_name="Lena", narrative="Draft."
    )
    return first, second


def test_the_updates_sheet_holds_every_accepted_update(world, two_accepted_updates):
    export = plan_xlsx(plan=world.plan)
    sheet = load_workbook(io.BytesIO(export.content))["Updates"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Action reference", "Project", "Period", "Update date")
    narratives = [row[8] for row in rows[1:]]
    assert "First quarter." in narratives and "Second quarter." in narratives
    assert "Draft." not in narratives
    second = next(row for row in rows[1:] if row[8] == "Second quarter.")
    assert (second[6], second[7], second[9]) == ("Red", "Adviser left", "Staff turnover")


def test_the_updates_csv_has_the_sheets_columns(world, two_accepted_updates):
    rows = csv_rows(plan_updates_csv(plan=world.plan))
    sheet = load_workbook(io.BytesIO(plan_xlsx(plan=world.plan).content))["Updates"]
    assert tuple(rows[0]) == next(sheet.iter_rows(values_only=True))
    assert len(rows) - 1 == sheet.max_row - 1


@pytest.fixture
def hostile_row_a(world):
    """Row A's accepted update holds unsafe characters in its narrative and a formula as its risk."""
    update = world.row_a.updates.create(
        period_year=2026,
        period_quarter=1,
        update_date="2026-06-30",
        author_name="Lena",
        narrative=HOSTILE,
        risk="=1+1",
        rag=world.rag("green"),
        status="accepted",
    )
    world.row_a.current_update = update
    world.row_a.save()
    world.row_a.description = "Row \u202eA"
    world.row_a.save(update_fields=["description"])
    return world


def test_the_plan_csv_shows_unsafe_characters_as_codes(hostile_row_a):
    rows = csv_rows(plan_csv(plan=hostile_row_a.plan))
    narrative = rows[0].index("Latest progress narrative")
    assert (rows[1][narrative], rows[1][narrative + 1]) == (REVEALED, "'=1+1")
    assert rows[1][rows[0].index("Project")] == "Row [U+202E]A"


def test_the_updates_csv_shows_unsafe_characters_as_codes(hostile_row_a):
    rows = csv_rows(plan_updates_csv(plan=hostile_row_a.plan))
    line = dict(zip(rows[0], rows[1], strict=True))
    assert (line["Progress narrative"], line["Risk"], line["Project"]) == (REVEALED, "'=1+1", "Row [U+202E]A")


def test_every_xlsx_sheet_shows_unsafe_characters_as_codes_and_keeps_text_as_text(hostile_row_a):
    # Before cells were revealed, the bell and escape made openpyxl refuse to write the file at all.
    book = load_workbook(io.BytesIO(plan_xlsx(plan=hostile_row_a.plan).content))
    plan_sheet, updates = book["Delivery plan"], book["Updates"]
    assert plan_sheet.cell(row=2, column=12).value == REVEALED
    assert (plan_sheet.cell(row=2, column=13).value, plan_sheet.cell(row=2, column=13).data_type) == (
        "=1+1",
        "s",
    )
    assert plan_sheet.cell(row=2, column=7).value == "Row [U+202E]A"
    assert updates.cell(row=2, column=9).value == REVEALED
    text = " ".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value)
    assert "\u202e" not in text and "\x07" not in text and "\u200b" not in text


def test_the_budget_sheet_shows_unsafe_characters_as_codes(world):
    from plans.models import FundingSource

    FundingSource.objects.create(plan=world.plan, name="PCC \u202egrant", amount=100)
    sheet = load_workbook(io.BytesIO(plan_xlsx(plan=world.plan).content))["Budget"]
    names = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert "PCC [U+202E]grant" in names
