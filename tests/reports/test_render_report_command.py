"""`manage.py render_report`: writes the file and says what it wrote on its last line."""

import io

import pytest
from django.core.management import CommandError, call_command

from tests.reports.conftest import pdf_text


def run(*args) -> str:
    out = io.StringIO()
    call_command("render_report", *args, stdout=out)
    return out.getvalue().splitlines()[-1]


def test_delivery_plan_writes_a_pdf_and_counts_pages(world, tmp_path):
    output = tmp_path / "plan.pdf"
    last = run("delivery-plan", "--plan", str(world.plan.pk), "--output", str(output))
    assert last.startswith(f"wrote {output}: ") and last.endswith(" pages")
    assert "Support victims" in pdf_text(output.read_bytes())


@pytest.mark.parametrize("kind", ["plan-xlsx", "plan-csv"])
def test_spreadsheets_count_rows(world, tmp_path, kind):
    output = tmp_path / "plan.out"
    assert run(kind, "--plan", str(world.plan.pk), "--output", str(output)) == f"wrote {output}: 2 rows"


def test_as_a_user_renders_for_them(world, tmp_path):
    output = tmp_path / "plan.pdf"
    world.users["coordinator"].memberships.update(can_see_dhr=True)
    run("delivery-plan", "--plan", str(world.plan.pk), "--output", str(output), "--as", "coordinator")
    assert "Includes restricted DHR information" in pdf_text(output.read_bytes())


def test_as_an_outsider_is_refused(world, tmp_path):
    with pytest.raises(CommandError, match="may not see"):
        run(
            "delivery-plan",
            "--plan",
            str(world.plan.pk),
            "--output",
            str(tmp_path / "x.pdf"),
            "--as",
            "outsider",
        )


def test_unknown_plan_is_named(db, tmp_path):
    with pytest.raises(CommandError, match="no plan with id 999"):
        run("delivery-plan", "--plan", "999", "--output", str(tmp_path / "x.pdf"))


def test_board_pack_writes_a_pdf(world, tmp_path):
    from partners.models import Meeting

    meeting = Meeting.objects.create(
        partnership=world.partnership, plan=world.plan, date="2026-07-20", title="July"
    )
    output = tmp_path / "pack.pdf"
    last = run("board-pack", "--meeting", str(meeting.pk), "--output", str(output))
    assert last.startswith(f"wrote {output}: ") and last.endswith(" pages")
    assert "July Board pack" in pdf_text(output.read_bytes())


def test_board_pack_of_a_meeting_without_a_plan_is_refused(world, tmp_path):
    from partners.models import Meeting

    meeting = Meeting.objects.create(partnership=world.partnership, date="2026-07-20", title="July")
    with pytest.raises(CommandError, match="reviews no plan"):
        run("board-pack", "--meeting", str(meeting.pk), "--output", str(tmp_path / "x.pdf"))


def test_benchmark_times_both_plans_and_leaves_nothing_behind(world):
    from plans.models import Plan

    out = io.StringIO()
    call_command("benchmark_reports", "--plan", str(world.plan.pk), "--actions", "3", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[-1] == "benchmarked 2 plans"
    assert "WeasyPrint alone" in lines[0] and "generated plan (3 actions)" in lines[1]
    assert not Plan.objects.filter(title="Benchmark plan").exists()
