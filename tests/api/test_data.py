"""What the API returns: filters, pages, the CSV/XLSX/feed formats with stable column names."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from api.services import token_create
from plans.models import TargetFigure
from tests import factories
from tests.api.conftest import bearer
from tests.test_export_cells import HOSTILE, REVEALED

ROW_COLUMNS = [
    "id", "plan", "action", "action_reference", "position", "description", "target_text", "milestone",
    "lead", "lead_organisations", "status", "status_label", "status_reason", "status_period",
    "status_date", "narrative", "risk", "current_update",
]  # fmt: skip


@pytest.fixture
def raw(world) -> str:
    return token_create(user=world.users["viewer"], name="analyst", days=30)[1]


@pytest.fixture
def statuses(world):
    """Row A is amber (Q2), row B red (Q1); row A has a figure for each quarter."""
    target = factories.TargetFactory(row=world.row_a, description="Referrals")
    for row, rag, quarter in ((world.row_a, "green", 1), (world.row_a, "amber", 2), (world.row_b, "red", 1)):
        update = factories.ProgressUpdateFactory(
            row=row, rag=world.rag(rag), period_quarter=quarter, rag_reason=f"{rag} reason"
        )
        row.current_update = update
        row.save(update_fields=["current_update"])
        if row == world.row_a:
            TargetFigure.objects.create(update=update, target=target, value=-5 + quarter)
    return target


def get(client, raw, name, query=""):
    response = client.get(reverse(name) + query, **bearer(raw))
    assert response.status_code == 200, response.content
    return response


def test_rows_carry_their_current_status_and_reason(client, world, raw, statuses):
    rows = {r["id"]: r for r in get(client, raw, "api-row-list", "?format=feed").json()}
    assert (rows[world.row_a.pk]["status"], rows[world.row_a.pk]["status_reason"]) == (
        "amber",
        "amber reason",
    )
    assert rows[world.row_a.pk]["status_period"] == "Q2 2025/26"


@pytest.mark.parametrize(("query", "expected"), [("?status=red", {"row_b"}), ("?status=none", set())])
def test_rows_filter_by_status(client, world, raw, statuses, query, expected):
    ids = {r["id"] for r in get(client, raw, "api-row-list", query + "&format=feed").json()}
    assert ids == {getattr(world, name).pk for name in expected}


def test_filters_by_partnership_and_plan(client, world, raw, statuses):
    assert get(client, raw, "api-row-list", "?partnership=other&format=feed").json() == []
    ids = {r["id"] for r in get(client, raw, "api-row-list", f"?plan={world.plan.pk}&format=feed").json()}
    assert ids == {world.row_a.pk, world.row_b.pk}


@pytest.mark.parametrize(
    ("period", "count"), [("2025", 2), ("2025-q1", 1), ("2025-Q2", 1), ("2024", 0), ("junk", 0)]
)
def test_figures_filter_by_period(client, world, raw, statuses, period, count):
    assert len(get(client, raw, "api-figure-list", f"?period={period}&format=feed").json()) == count


def test_updates_filter_by_status_and_period(client, world, raw, statuses):
    updates = get(client, raw, "api-update-list", "?status=green&period=2025-q1&format=feed").json()
    assert [(u["rag"], u["period"]) for u in updates] == [("green", "Q1 2025/26")]


def test_lists_are_paginated(client, world, raw, statuses):
    page = get(client, raw, "api-update-list", "?page_size=2").json()
    assert (page["count"], len(page["results"])) == (3, 2)
    assert page["next"].endswith("page=2&page_size=2")


def test_csv_has_the_json_field_names_as_columns(client, world, raw, statuses):
    response = get(client, raw, "api-row-list", "?format=csv")
    assert response["Content-Disposition"] == 'attachment; filename="api-row.csv"'
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0] == ROW_COLUMNS
    assert list(get(client, raw, "api-row-list").json()["results"][0]) == ROW_COLUMNS
    assert len(table) == 3


def test_an_empty_csv_still_has_its_columns(client, world, raw):
    table = list(
        csv.reader(
            io.StringIO(
                get(client, raw, "api-row-list", "?format=csv&status=none&plan=0").content.decode("utf-8-sig")
            )
        )
    )
    assert table == [ROW_COLUMNS]


def test_csv_numbers_stay_numbers_and_formulas_are_neutralised(client, world, raw, statuses):
    world.row_a.description = "=HYPERLINK(1)"
    world.row_a.save()
    rows = list(
        csv.DictReader(
            io.StringIO(get(client, raw, "api-row-list", "?format=csv").content.decode("utf-8-sig"))
        )
    )
    assert rows[0]["description"] == "'=HYPERLINK(1)"
    figures = list(
        csv.DictReader(
            io.StringIO(get(client, raw, "api-figure-list", "?format=csv").content.decode("utf-8-sig"))
        )
    )
    assert [f["value"] for f in figures] == ["-4.00", "-3.00"]


def test_xlsx_has_the_same_columns_and_typed_cells(client, world, raw, statuses):
    response = get(client, raw, "api-figure-list", "?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header == list(get(client, raw, "api-figure-list").json()["results"][0])
    values = [row[header.index("value")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert values == [-4, -3]


def test_the_feed_is_a_bare_array_of_every_record(client, world, raw, statuses):
    response = get(client, raw, "api-update-list", "?format=feed&page_size=1")
    assert response["Content-Type"].startswith("application/json")
    assert isinstance(response.json(), list) and len(response.json()) == 3


def test_the_schema_describes_every_dataset(client):
    response = client.get(reverse("api_schema") + "?format=json")
    paths = response.json()["paths"]
    for dataset in ("plans", "themes", "actions", "rows", "targets", "figures", "updates", "indicators"):
        assert f"/api/v1/{dataset}/" in paths
    assert "bearerAuth" in response.json()["components"]["securitySchemes"]


def test_the_docs_page_lists_the_endpoints_from_the_schema(client):
    from bs4 import BeautifulSoup

    page = BeautifulSoup(client.get(reverse("api_docs")).content, "html.parser")
    headings = {h.get_text(" ", strip=True) for h in page.find_all("h3")}
    assert "GET /api/v1/rows/" in headings
    assert page.find("script", src=lambda s: s and "http" in s) is None


def test_periods_are_named_in_the_partnerships_own_year(client, world, raw, statuses):
    world.partnership.year_start_month = 1
    world.partnership.save()
    rows = {r["id"]: r for r in get(client, raw, "api-row-list", "?format=feed").json()}
    figures = get(client, raw, "api-figure-list", "?format=feed").json()
    updates = get(client, raw, "api-update-list", "?format=feed").json()
    assert rows[world.row_a.pk]["status_period"] == "Q2 2025"
    assert {f["period"] for f in figures} == {"Q1 2025", "Q2 2025"}
    assert {u["period"] for u in updates} == {"Q1 2025", "Q2 2025"}


def test_csv_and_xlsx_show_unsafe_characters_as_codes(client, world, raw, statuses):
    world.row_a.description = HOSTILE
    world.row_a.save()
    rows = list(
        csv.DictReader(
            io.StringIO(get(client, raw, "api-row-list", "?format=csv").content.decode("utf-8-sig"))
        )
    )
    assert rows[0]["description"] == REVEALED
    sheet = load_workbook(io.BytesIO(get(client, raw, "api-row-list", "?format=xlsx").content)).active
    header = [cell.value for cell in sheet[1]]
    assert sheet.cell(row=2, column=header.index("description") + 1).value == REVEALED
