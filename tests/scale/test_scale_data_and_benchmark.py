"""`manage.py generate_scale_data` makes what the issue asks for, the same from the same seed, and
`manage.py benchmark` prints and writes a figure for every page it times (no timing is asserted:
the figures are for people to read)."""

import datetime
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction

from indicators.models import Indicator, IndicatorValue
from indicators.scale_data import SCALE_PASSWORD
from partners.models import Membership, Partnership
from plans.models import Action, Plan, ProgressUpdate, ProjectRow, Target, UpdateRound

TODAY = datetime.date(2026, 12, 1)  # Q3 of 2026/27


def generate(**sizes: int) -> str:
    out = io.StringIO()
    arguments = [f"--{name}={value}" for name, value in sizes.items()]
    call_command("generate_scale_data", *arguments, "--seed=7", f"--today={TODAY}", stdout=out)
    return out.getvalue()


def fingerprint() -> list:
    """What was made, without the ids (a sequence does not roll back)."""
    return [
        sorted(Partnership.objects.filter(slug__startswith="scale-").values_list("slug", flat=True)),
        list(Action.objects.order_by("plan__start_date", "plan__partnership__slug", "sort_key").values_list(
            "reference", "title"
        )),
        list(ProgressUpdate.objects.order_by(
            "row__action__plan__partnership__slug", "row__action__plan__start_date", "row__action__sort_key",
            "row__position", "period_year", "period_quarter", "status",
        ).values_list("status", "rag__code", "narrative")),
    ]  # fmt: skip


@pytest.fixture
def scale(db):
    output = generate(partnerships=2, years=2, actions=4)
    return output


def test_the_data_has_every_kind_of_record_the_pages_read(scale):
    assert "made 2 partnerships" in scale
    assert Plan.objects.filter(partnership__slug__startswith="scale-").count() == 4
    assert Action.objects.filter(plan__partnership__slug__startswith="scale-").count() == 16
    rows_per_action = {action.rows.count() for action in Action.objects.all()}
    assert rows_per_action <= {1, 2, 3}
    assert Target.objects.filter(row__action__plan__partnership__slug="scale-0001").exists()
    assert Membership.objects.filter(partnership__slug="scale-0001").values("role").distinct().count() >= 3
    # Every row of last year's plan has an accepted update with a RAG for each of its quarters.
    last_year = Plan.objects.get(partnership__slug="scale-0001", start_date=datetime.date(2025, 4, 1))
    for row in ProjectRow.objects.filter(action__plan=last_year):
        quarters = set(
            row.updates.filter(status=ProgressUpdate.Status.ACCEPTED, rag__isnull=False).values_list(
                "period_year", "period_quarter"
            )
        )
        assert quarters == {(2025, 1), (2025, 2), (2025, 3), (2025, 4)}, row
    # This year's plan has an open round for the current quarter and actions carried over.
    this_year = Plan.objects.get(partnership__slug="scale-0001", start_date=datetime.date(2026, 4, 1))
    assert UpdateRound.objects.get(plan=this_year, status="open").period(4).label == "Q3 2026/27"
    assert this_year.actions.filter(carried_from__plan=last_year).exists()
    assert IndicatorValue.objects.filter(
        indicator__in=Indicator.objects.filter(partnership=this_year.partnership)
    )
    # The logins it prints work with the password it prints.
    username = scale.split("username: ")[1].split()[0]
    assert get_user_model().objects.get(username=username).check_password(SCALE_PASSWORD)


def test_the_same_seed_makes_the_same_data(db):
    with transaction.atomic():
        generate(partnerships=1, years=2, actions=3)
        first = fingerprint()
        transaction.set_rollback(True)
    assert not Partnership.objects.filter(slug__startswith="scale-").exists()
    generate(partnerships=1, years=2, actions=3)
    assert fingerprint() == first


def test_it_will_not_add_to_scale_data_already_there(scale):
    with pytest.raises(CommandError, match="already here"):
        generate(partnerships=1, years=1, actions=1)


def test_sizes_below_one_are_refused_by_name(db):
    with pytest.raises(CommandError, match="--actions must be 1 or more, not 0"):
        generate(partnerships=1, years=1, actions=0)


def test_the_benchmark_prints_and_writes_a_figure_for_every_page(scale, tmp_path):
    out = io.StringIO()
    figures_file = tmp_path / "figures.json"
    call_command("benchmark", "--runs=2", "--no-http", "--no-pdf", f"--json={figures_file}", stdout=out)
    figures = json.loads(figures_file.read_text())
    names = [figure["name"] for figure in figures]
    pages = ["plan page", "action page", "My actions", "round tracking", "plan dashboard",
             "indicator dashboard", "search", "update form", "organisation page",
             "draft save POST"]  # fmt: skip
    assert names == [f"{page} (client)" for page in pages] + ["200-row import (Word)"]
    for figure in figures:
        assert set(figure) == {"name", "p50_ms", "p95_ms", "queries"}
        assert figure["p50_ms"] > 0
    for figure in figures[:-1]:  # the pages: a p95 and a query count each
        assert figure["p95_ms"] >= figure["p50_ms"] and figure["queries"] > 0, figures
    assert figures[-1]["p95_ms"] is None and figures[-1]["queries"] is None
    printed = out.getvalue()
    assert "| figure | p50 ms | p95 ms | queries |" in printed
    assert "| plan dashboard (client) |" in printed
    assert printed.rstrip().endswith(
        "benchmarked 11 figures on " + __import__("django.db").db.connection.vendor + " (2 runs each)"
    )
