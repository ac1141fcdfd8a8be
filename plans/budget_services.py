"""Writes to a plan's money: funding sources, allocations, spend, and the import's budget cells.

Each service is keyword-only, validates with `full_clean()` before saving and runs in one
transaction; simple-history records who changed what.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction

from partners.models import Organisation
from plans.models import Action, Allocation, FundingSource, Plan, ProjectRow, Spend

ZERO = Decimal("0.00")


@transaction.atomic
def funding_source_save(
    *,
    plan: Plan,
    name: str,
    amount: Decimal,
    status: str,
    received_on: datetime.date | None = None,
    organisation: Organisation | None = None,
    is_carry_over: bool = False,
    notes: str = "",
    source: FundingSource | None = None,
) -> FundingSource:
    """Create a funding source for the plan, or change `source`."""
    source = source or FundingSource(plan=plan)
    source.plan = plan
    source.name, source.amount, source.status = name, amount, status
    source.received_on, source.organisation = received_on, organisation
    source.is_carry_over, source.notes = is_carry_over, notes
    source.full_clean()
    source.save()
    return source


@transaction.atomic
def allocation_save(
    *,
    plan: Plan,
    action: Action,
    row: ProjectRow | None = None,
    carry_over_amount: Decimal = ZERO,
    new_amount: Decimal = ZERO,
    sources: Iterable[FundingSource] = (),
    note: str = "",
    allocation: Allocation | None = None,
) -> Allocation:
    """Create an allocation to an action (or one of its rows), or change `allocation`."""
    allocation = allocation or Allocation(plan=plan)
    allocation.plan, allocation.action, allocation.row = plan, action, row
    allocation.carry_over_amount, allocation.new_amount = carry_over_amount, new_amount
    allocation.note = note
    allocation.full_clean()
    allocation.save()
    sources = list(sources)
    if any(source.plan_id != plan.pk for source in sources):
        raise ValueError("An allocation draws only on its own plan's funding sources.")
    allocation.sources.set(sources)
    return allocation


@transaction.atomic
def spend_record(
    *,
    allocation: Allocation,
    spent_on: datetime.date,
    amount: Decimal,
    description: str,
    recorded_by: User | None,
) -> Spend:
    spend = Spend(
        allocation=allocation,
        spent_on=spent_on,
        amount=amount,
        description=description,
        recorded_by=recorded_by,
    )
    spend.full_clean()
    spend.save()
    return spend


@transaction.atomic
def plan_spend_setting_update(*, plan: Plan, leads_record_spend: bool) -> Plan:
    plan.leads_record_spend = leads_record_spend
    plan.full_clean()
    plan.save(update_fields=["leads_record_spend"])
    return plan


def allocation_from_budget_cell(*, action: Action) -> Allocation | None:
    """The import's hook: an imported action's budget cell (its figure, and its words as written)
    becomes an allocation of new money, so nothing is typed twice.

    Re-importing updates the one allocation made from the cell rather than adding another; a cell
    with no figure leaves any earlier imported allocation alone (its spend may matter) unless it
    has no spend, when it is removed. Runs inside the import's transaction.
    """
    existing = action.allocations.filter(imported=True).order_by("id").first()
    if not action.budget:
        if existing is not None and not existing.spends.exists():
            existing.delete()
        return None
    allocation = existing or Allocation(plan_id=action.plan_id, action=action, imported=True)
    allocation.new_amount = action.budget
    allocation.carry_over_amount = allocation.carry_over_amount or ZERO
    allocation.note = action.budget_text[:300]
    allocation.full_clean()
    allocation.save()
    return allocation


def allocations_from_budget_cells(*, actions: Iterable[Action]) -> None:
    """The import writer's one call: each written action's budget cell becomes its allocation."""
    for action in actions:
        allocation_from_budget_cell(action=action)
