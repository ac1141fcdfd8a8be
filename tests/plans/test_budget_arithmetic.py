"""The budget's arithmetic: sums, balance, over-allocation, overspend and pence, all exact."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans import budget_services
from plans.budget import format_money, plan_budget
from plans.models import Allocation, FundingSource
from tests import factories

D = Decimal


def source(world, name, amount, *, received=True):
    return budget_services.funding_source_save(
        plan=world.plan,
        name=name,
        amount=D(amount),
        status=FundingSource.Status.RECEIVED if received else FundingSource.Status.EXPECTED,
        received_on=datetime.date(2025, 5, 1) if received else None,
    )


def allocate(world, new, carry="0", *, row=None, sources=()):
    return budget_services.allocation_save(
        plan=world.plan,
        action=world.action,
        row=row,
        new_amount=D(new),
        carry_over_amount=D(carry),
        sources=sources,
    )


def spend(allocation, amount):
    return budget_services.spend_record(
        allocation=allocation,
        spent_on=datetime.date(2025, 7, 1),
        amount=D(amount),
        description="Invoice",
        recorded_by=None,
    )


def test_totals_are_the_sums_of_the_records(world, money):
    budget = plan_budget(world.plan)
    assert budget.funding_total == D("13790.00")
    assert budget.received_total == D("8790.00")
    assert budget.expected_total == D("5000.00")
    assert budget.allocated == D("7000.50")
    assert budget.allocated_carry_over == D("1000.00")
    assert budget.allocated_new == D("6000.50")
    assert budget.spent == D("1250.25")
    assert budget.remaining == D("5750.25")
    assert budget.unallocated == D("6789.50")


def test_allocation_total_is_carry_over_plus_new_money(world, money):
    assert money.row_a_allocation.total == D("5000.50")


def test_theme_and_action_totals_add_up_to_the_plan_total(world, money):
    budget = plan_budget(world.plan)
    (theme,) = budget.themes
    (action,) = theme.actions
    assert action.allocated == theme.allocated == budget.allocated
    assert action.spent == theme.spent == budget.spent
    assert sum((line.remaining for line in budget.lines), D(0)) == budget.remaining


def test_pence_add_up_exactly(world):
    source(world, "Grant", "0.30")
    allocation = allocate(world, "0.30")
    for _ in range(3):
        spend(allocation, "0.10")
    budget = plan_budget(world.plan)
    assert budget.spent == D("0.30")
    assert budget.lines[0].remaining == D("0.00")
    assert not budget.lines[0].is_overspent
    assert budget.unallocated == D("0.00")
    assert all(isinstance(value, Decimal) for value in (budget.spent, budget.unallocated, budget.remaining))


def test_over_allocation_warns_with_the_amount(world):
    source(world, "Funding", "39580")
    allocate(world, "39600")
    budget = plan_budget(world.plan)
    assert budget.is_over_allocated
    assert budget.unallocated == D("-20.00")
    assert [w.kind for w in budget.warnings] == ["over_allocated"]
    assert "exceed the plan's funding (£39,580.00) by £20.00" in budget.warnings[0].message


def test_allocating_exactly_the_funding_does_not_warn(world):
    source(world, "Funding", "39580")
    allocate(world, "39580")
    assert plan_budget(world.plan).warnings == []


def test_overspend_warns_for_the_allocation(world):
    source(world, "Funding", "1000")
    allocation = allocate(world, "100", row=world.row_a)
    spend(allocation, "100.01")
    budget = plan_budget(world.plan)
    assert budget.lines[0].is_overspent
    assert budget.lines[0].remaining == D("-0.01")
    (warning,) = budget.warnings
    assert warning.kind == "overspent"
    assert "action 1.1, row 1" in warning.message
    assert "by £0.01" in warning.message


def test_drawing_on_a_source_not_received_warns(world):
    pledge = source(world, "Second instalment", "500", received=False)
    allocate(world, "100", sources=[pledge])
    (warning,) = plan_budget(world.plan).warnings
    assert warning.kind == "not_received"
    assert "“Second instalment”, which is not received yet" in warning.message


def test_an_empty_budget_has_zero_totals_and_no_warnings(world):
    budget = plan_budget(world.plan)
    assert (budget.funding_total, budget.allocated, budget.unallocated, budget.spent) == (D(0),) * 4
    assert budget.warnings == []
    assert not budget.has_money
    assert budget.unfunded_actions == [world.action]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (D("1234.56"), "£1,234.56"),
        (D("0"), "£0.00"),
        (D("-20"), "−£20.00"),
        (D("1000000.5"), "£1,000,000.50"),
        (D("0.005"), "£0.01"),
    ],
)
def test_money_is_shown_in_pounds_and_pence(value, shown):
    assert format_money(value) == shown


def test_a_received_source_needs_its_date(world):
    with pytest.raises(ValidationError) as error:
        budget_services.funding_source_save(
            plan=world.plan, name="Grant", amount=D("10"), status=FundingSource.Status.RECEIVED
        )
    assert "received_on" in error.value.message_dict


def test_an_allocation_of_nothing_is_refused(world):
    with pytest.raises(ValidationError) as error:
        allocate(world, "0")
    assert "new_amount" in error.value.message_dict


def test_an_allocation_row_must_belong_to_its_action(world):
    from tests import factories

    other_row = factories.ProjectRowFactory(
        action=factories.ActionFactory(plan=world.plan, theme=world.action.theme)
    )
    with pytest.raises(ValidationError) as error:
        allocate(world, "10", row=other_row)
    assert "row" in error.value.message_dict
    assert not Allocation.objects.exists()


def test_spend_must_be_more_than_nothing(world, money):
    with pytest.raises(ValidationError) as error:
        spend(money.row_a_allocation, "0")
    assert "amount" in error.value.message_dict


def test_money_fields_hold_no_floats(world, money):
    money.grant.refresh_from_db()
    assert isinstance(money.grant.amount, Decimal)
    assert money.grant.amount == D("8790.00")


def test_the_dashboards_summary_has_the_budgets_figures_without_reading_every_action(world, money):
    """The plan dashboard's money panel (issue 18) reads only the actions the allocations name
    and not the spend links' permissions: the same themes, totals and warnings, fewer queries."""
    spend(allocate(world, "100"), "150")  # overspent: a warning
    unfunded = factories.ActionFactory(theme=world.action.theme, reference="9.9")
    with CaptureQueriesContext(connection) as full_queries:
        full = plan_budget(world.plan)
    with CaptureQueriesContext(connection) as summary_queries:
        summary = plan_budget(world.plan, summary=True)
    assert unfunded in full.unfunded_actions and summary.unfunded_actions is None
    assert [(t.theme, t.allocated, t.spent) for t in summary.themes] == [
        (t.theme, t.allocated, t.spent) for t in full.themes
    ]
    figures = ("funding_total", "received_total", "allocated", "spent", "remaining", "unallocated")
    assert [getattr(summary, f) for f in figures] == [getattr(full, f) for f in figures]
    assert [w.message for w in summary.warnings] == [w.message for w in full.warnings] != []
    assert len(summary_queries) < len(full_queries)
