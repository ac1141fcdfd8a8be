from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from partners.models import Partnership
from plans.models import Action, Plan
from tests.plans.importing import corpus, files


@pytest.fixture
def plan_file(tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(corpus.word_numbered_headings())
    return path


def run(*args) -> str:
    out = StringIO()
    call_command("import_plan", *map(str, args), stdout=out, stderr=StringIO())
    return out.getvalue().strip().splitlines()[-1]


NEW_PLAN = ["--title", "Fenland 2014/15", "--start", "2014-04-01", "--end", "2015-03-31"]


def test_a_new_slug_creates_the_partnership_and_prints_the_summary_last(db, plan_file):
    line = run(plan_file, "--partnership", "fenland", "--partnership-name", "Fenland CSP", *NEW_PLAN)
    plan = Plan.objects.get(partnership__slug="fenland")
    assert (
        line == f"imported plan {plan.pk}: 3 themes, 4 actions, 6 rows, 7 people, 5 organisations, 6 updates"
    )
    assert plan.partnership.rag_statuses.count() == 3


def test_a_dry_run_prints_would_import_and_changes_nothing(db, plan_file):
    line = run(
        plan_file, "--partnership", "fenland", "--partnership-name", "Fenland CSP", *NEW_PLAN, "--dry-run"
    )
    assert line.startswith("would import new plan: 3 themes, 4 actions")
    assert not Partnership.objects.exists()


def test_reimport_into_the_plan_by_id_adds_nothing(world, plan_file):
    run(plan_file, "--partnership", "home", "--plan", world.plan.pk)
    count = Action.objects.count()
    line = run(plan_file, "--partnership", "home", "--plan", world.plan.pk)
    assert Action.objects.count() == count
    assert line.startswith(f"imported plan {world.plan.pk}: 3 themes")


def test_map_option_maps_an_unknown_header(world, tmp_path):
    rows = files.simple_rows()
    rows[0][5] = "Money available"
    path = tmp_path / "plan.csv"
    path.write_bytes(files.csv_bytes(rows))
    run(path, "--partnership", "home", "--plan", world.plan.pk, "--map", "Money available=budget")
    assert str(world.plan.actions.get(reference="1.1").budget) == "2000.00"


def test_a_broken_file_is_a_clear_command_error(world, tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="not a Word document"):
        run(path, "--partnership", "home", "--plan", world.plan.pk)


def test_a_new_plan_needs_its_title_and_dates(world, plan_file):
    with pytest.raises(CommandError, match="--title, --start and --end"):
        run(plan_file, "--partnership", "home")


def run_all(*args) -> list[str]:
    out = StringIO()
    call_command("import_plan", *map(str, args), stdout=out, stderr=StringIO())
    return out.getvalue().strip().splitlines()


@pytest.fixture
def unknown_column_file(tmp_path):
    rows = files.simple_rows()
    rows[0][5] = "Money available"
    path = tmp_path / "plan.csv"
    path.write_bytes(files.csv_bytes(rows))
    return path


def test_an_unknown_column_stops_the_import_naming_it_with_its_first_cells(world, unknown_column_file):
    before = Action.objects.count()
    with pytest.raises(CommandError) as raised:
        run(unknown_column_file, "--partnership", "home", "--plan", world.plan.pk)
    message = str(raised.value)
    assert "The CSV file, row 1: “Money available”; first cells: “£2,000”" in message
    assert "--map" in message and "--ignore-unknown" in message
    assert Action.objects.count() == before


def test_ignore_unknown_imports_without_the_unknown_column(world, unknown_column_file):
    line = run(unknown_column_file, "--partnership", "home", "--plan", world.plan.pk, "--ignore-unknown")
    assert line.startswith(f"imported plan {world.plan.pk}: 2 themes, 2 actions")
    assert world.plan.actions.get(reference="1.1").budget is None


def test_the_command_says_which_field_each_column_became_and_how_sure(world, tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(corpus.excel_theme_column())
    lines = run_all(path, "--partnership", "home", "--plan", world.plan.pk)
    assert (
        "Sheet “Action plan”, row 4: column “Progress (to be completed by lead officer each quarter)” → "
        "Progress narrative: exact name (“progress” once brackets and years are dropped)"
    ) in lines
    assert any(
        line.startswith("Sheet “Action plan”, row 4: column “Key activities / tasks 2020-21” → ")
        for line in lines
    )


def test_the_command_says_which_statuses_came_from_cell_colour(world, tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(corpus.word_shading_only())
    lines = run_all(path, "--partnership", "home", "--plan", world.plan.pk)
    assert "Table 1, row 2: status from cell colour #00B050 → Green" in lines
    assert "Table 1, row 3: status from cell colour #FFC000 → Amber" in lines
    assert (
        lines[-2] == "new updates: 6 with a narrative and a RAG, 0 with a narrative only, 0 with a RAG only"
    )
