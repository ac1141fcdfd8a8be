"""Every shape of the corpus imports whole, exports to XLSX whole, and re-imports adding nothing."""

import io

import openpyxl
import pytest

from plans.models import ExpectedOutcome, Plan, ProgressUpdate, ProjectRow
from reports.spreadsheets import plan_xlsx
from tests.plans.importing import corpus, files
from tests.plans.importing.test_import_service import table_counts

SHAPES = {shape.name: shape for shape in corpus.SHAPES}


@pytest.fixture(params=list(SHAPES))
def shape(request) -> corpus.Shape:
    return SHAPES[request.param]


@pytest.fixture
def imported(world, import_file, shape) -> Plan:
    result = import_file(shape.build(), shape.filename)
    return Plan.objects.get(pk=result.plan_id)


def row_of(plan: Plan, action: corpus.Action, index: int) -> ProjectRow:
    return plan.actions.get(reference=action.reference).rows.get(position=index + 1)


def test_the_corpus_has_ten_differently_shaped_files():
    assert len({shape.build() for shape in corpus.SHAPES}) == len(corpus.SHAPES) >= 10


def test_every_theme_keeps_its_number_and_title(imported):
    assert list(imported.themes.values_list("number", "title")) == [(t.number, t.title) for t in corpus.PLAN]


def test_lead_agencies_and_indicators_are_read_from_the_text_around_the_tables(imported, shape):
    themes = imported.themes.select_related("lead_agency")
    found = [(t.lead_agency.short_name if t.lead_agency else None, t.indicator_lines) for t in themes]
    if shape.theme_details:
        assert found == [(t.lead_agency, t.indicators) for t in corpus.PLAN]
    else:  # the shape names none: none is invented
        assert found == [(None, [])] * len(corpus.PLAN)


def test_every_action_keeps_its_title_and_outcome(imported):
    for theme in corpus.PLAN:
        for action in theme.actions:
            saved = imported.actions.get(reference=action.reference)
            assert (saved.theme.number, saved.title) == (theme.number, action.title)
            if action.numbered:
                outcomes = ExpectedOutcome.objects.filter(action=saved).order_by("number")
                assert [(o.number, o.text) for o in outcomes] == action.numbered
            else:
                assert saved.outcome == action.outcome


def test_every_row_keeps_its_project_target_and_leads(imported):
    for _theme, action, _row in corpus.ROWS:
        for index, row in enumerate(action.rows):
            saved = row_of(imported, action, index)
            assert (saved.description, saved.target_text) == (row.project, row.target)
            people = {
                (p.name, p.organisation.short_name) for p in saved.lead_people.select_related("organisation")
            }
            assert people == row.leads


def test_every_narrative_arrives_as_an_accepted_update_with_the_row_status(imported, shape, world):
    for _theme, action, row in corpus.ROWS:
        saved = row_of(imported, action, action.rows.index(row))
        updates = ProgressUpdate.objects.filter(row=saved).order_by("update_date")
        expected = [corpus.EARLIER, row.narrative] if shape.dated else [row.narrative]
        assert [u.narrative for u in updates] == expected
        assert {u.status for u in updates} == {ProgressUpdate.Status.ACCEPTED}
        assert saved.current_rag == world.rag(row.status.lower())


def exported_rows(plan: Plan, user) -> list[dict]:
    workbook = openpyxl.load_workbook(io.BytesIO(plan_xlsx(plan=plan, user=user).content))
    sheet = workbook["Delivery plan"]
    header, *rows = [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_the_xlsx_export_holds_every_theme_narrative_lead_target_and_outcome(imported, world):
    exported = exported_rows(imported, world.users["coordinator"])
    assert len(exported) == len(corpus.ROWS)
    for line, (theme, action, row) in zip(exported, corpus.ROWS, strict=True):
        assert (line["Theme"], line["Theme title"], line["Action reference"]) == (
            theme.number,
            theme.title,
            action.reference,
        )
        assert (line["Project"], line["Target"], line["Latest progress narrative"]) == (
            row.project,
            row.target,
            row.narrative,
        )
        assert {name for name, _org in row.leads} <= set(
            line["Lead officer and organisation"].replace(";", ",").split(", ")
        )
        assert line["Outcome"] == action.outcome  # numbered outcomes one per line, as imported


def test_reimporting_the_file_or_its_xlsx_export_duplicates_nothing(imported, shape, world, import_file):
    before = table_counts()
    again = import_file(shape.build(), shape.filename, plan=imported)
    assert table_counts() == before
    assert again.created == dict.fromkeys(again.created, 0)
    exported = plan_xlsx(plan=imported, user=world.users["coordinator"]).content
    from_export = import_file(exported, "export.xlsx", plan=imported)
    assert table_counts() == before
    assert from_export.created == dict.fromkeys(from_export.created, 0)
    assert list(imported.themes.values_list("title", flat=True)) == [t.title for t in corpus.PLAN]


def test_a_status_without_a_narrative_survives_the_export_round_trip(world, import_file):
    rows = files.simple_rows()
    rows[3][7] = ""  # a RAG only
    plan = Plan.objects.get(pk=import_file(files.csv_bytes(rows), "plan.csv").plan_id)
    before = table_counts()
    exported = plan_xlsx(plan=plan, user=world.users["coordinator"]).content
    assert import_file(exported, "export.xlsx", plan=plan).created["updates"] == 0
    assert table_counts() == before


def test_the_xlsx_export_imports_into_a_new_plan_with_every_outcome(imported, world, import_file):
    exported = plan_xlsx(plan=imported, user=world.users["coordinator"]).content
    copy = Plan.objects.get(pk=import_file(exported, "export.xlsx").plan_id)
    assert copy.pk != imported.pk
    for theme in corpus.PLAN:
        for action in theme.actions:
            saved = copy.actions.get(reference=action.reference)
            outcomes = list(ExpectedOutcome.objects.filter(action=saved).values_list("number", "text"))
            if action.numbered:
                assert (outcomes, saved.outcome) == (action.numbered, "")
            else:
                assert (outcomes, saved.outcome) == ([], action.outcome)
