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
