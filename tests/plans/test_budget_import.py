"""An imported plan's budget cells become allocations, so nothing is typed twice."""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.budget import plan_budget
from plans.importing.services import plan_import, plan_import_parse
from plans.models import Allocation, Plan

CSV = (
    "Ref,Action,Lead,Budget £,RAG\n"
    '1.1,IDVA service,Rob Mitchell FDC,"£12,000 post recruitment £2,000 cook and chat",Green\n'
    "1.2,Street marshals,Joe Keegan CCC,£1250.50,Amber\n"
    "1.3,Awareness campaign,Rob Mitchell FDC,Within existing resources,Green\n"
)


def run_import(world, data: str, plan=None):
    parsed = plan_import_parse(
        data=data.encode(), filename="plan.csv", plan_start=datetime.date(2025, 4, 1), year_start_month=4
    )
    target = (
        {"plan": plan}
        if plan
        else {
            "title": "Imported",
            "start_date": datetime.date(2025, 4, 1),
            "end_date": datetime.date(2026, 3, 31),
        }
    )
    result = plan_import(
        partnership=world.partnership, parsed=parsed, user=world.users["coordinator"], **target
    )
    return Plan.objects.get(pk=result.plan_id)


def test_budget_cells_become_allocations_with_the_words_as_written(world):
    plan = run_import(world, CSV)
    allocations = {
        a.action.reference: a for a in Allocation.objects.filter(plan=plan).select_related("action")
    }
    assert set(allocations) == {"1.1", "1.2"}
    # The figure is the one the import parsed from the cell; the words are kept as written.
    assert allocations["1.1"].new_amount == allocations["1.1"].action.budget == Decimal("12000.00")
    assert allocations["1.1"].note == "£12,000 post recruitment £2,000 cook and chat"
    assert allocations["1.2"].total == Decimal("1250.50")
    assert all(a.imported for a in allocations.values())
    assert plan_budget(plan).allocated == Decimal("13250.50")


def test_a_cell_with_no_figure_makes_no_allocation(world):
    plan = run_import(world, CSV)
    assert not plan.actions.get(reference="1.3").allocations.exists()


def test_importing_again_updates_the_allocation_instead_of_adding_one(world):
    plan = run_import(world, CSV)
    run_import(world, CSV.replace("£1250.50", "£1300"), plan=plan)
    allocations = plan.actions.get(reference="1.2").allocations.all()
    assert [a.new_amount for a in allocations] == [Decimal("1300.00")]


def test_a_dry_run_leaves_no_allocation(world):
    parsed = plan_import_parse(
        data=CSV.encode(), filename="plan.csv", plan_start=datetime.date(2025, 4, 1), year_start_month=4
    )
    plan_import(
        partnership=world.partnership,
        parsed=parsed,
        user=None,
        title="Dry",
        start_date=datetime.date(2025, 4, 1),
        end_date=datetime.date(2026, 3, 31),
        dry_run=True,
    )
    assert not Allocation.objects.exists()


def test_a_cell_that_loses_its_figure_removes_the_allocation_unless_spend_is_recorded(world):
    plan = run_import(world, CSV)
    spent = plan.actions.get(reference="1.1").allocations.get()
    spent.spends.create(spent_on=datetime.date(2025, 6, 1), amount=Decimal("10"), description="Advert")
    emptied = CSV.replace('"£12,000 post recruitment £2,000 cook and chat"', "To be agreed").replace(
        "£1250.50", "To be agreed"
    )
    run_import(world, emptied, plan=plan)
    assert plan.actions.get(reference="1.1").allocations.get() == spent  # its spend matters
    assert not plan.actions.get(reference="1.2").allocations.exists()


def test_imported_allocations_have_their_history_with_the_importer(world):
    plan = run_import(world, CSV)
    allocation = plan.actions.get(reference="1.2").allocations.get()
    assert [(h.history_type, h.history_user) for h in allocation.history.all()] == [
        ("+", world.users["coordinator"])
    ]


def test_budget_cells_cost_the_same_queries_however_many_actions(world):
    def count(lines: int) -> int:
        body = "".join(f"{n}.1,Action {n},Rob Mitchell FDC,£{n}00,Green\n" for n in range(1, lines + 1))
        with CaptureQueriesContext(connection) as queries:
            run_import(world, "Ref,Action,Lead,Budget £,RAG\n" + body)
        return sum("plans_allocation" in q["sql"] for q in queries.captured_queries)

    assert count(3) == count(12)
