"""Writes to a plan's money: funding sources, allocations, spend, and the import's budget cells.

Each service is keyword-only, validates with `full_clean()` before saving and runs in one
transaction; simple-history records who changed what.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

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


def allocations_from_budget_cells(*, actions: Iterable[Action], user: User | None = None) -> None:
    """The import writer's one call: each written action's budget cell becomes its allocation, as
    `allocation_from_budget_cell` does one at a time, but in a fixed number of queries (a
    6,000-row import spent most of its time here): the earlier imported allocations and which of
    them have spend are read once, new ones are created and changed ones updated in bulk, with
    their history."""
    actions = [action for action in actions if action.pk is not None]
    if not actions:
        return
    existing: dict[int, Allocation] = {}
    for earlier in Allocation.objects.filter(action__in=actions, imported=True).order_by("id"):
        existing.setdefault(earlier.action_id, earlier)
    with_spend = set(
        Spend.objects.filter(allocation__in=list(existing.values())).values_list("allocation_id", flat=True)
    )
    new: list[Allocation] = []
    changed: list[Allocation] = []
    removed: list[int] = []
    for action in actions:
        allocation = existing.get(action.pk)
        if not action.budget:
            if allocation is not None and allocation.pk not in with_spend:
                removed.append(allocation.pk)
            continue
        note = action.budget_text[:300]
        if allocation is not None and (allocation.new_amount, allocation.note) == (action.budget, note):
            continue
        if allocation is None:
            allocation = Allocation(plan_id=action.plan_id, action=action, imported=True)
            new.append(allocation)
        else:
            allocation.action = action
            changed.append(allocation)
        allocation.new_amount = action.budget
        allocation.carry_over_amount = allocation.carry_over_amount or ZERO
        allocation.note = note
        # The plan and action are the ones the import has just written: checking that they exist
        # would cost two queries per allocation and could not fail.
        allocation.full_clean(exclude=["plan", "action"])
    if removed:
        Allocation.objects.filter(pk__in=removed).delete()
    if new:
        bulk_create_with_history(new, Allocation, default_user=user)
    if changed:
        bulk_update_with_history(
            changed, Allocation, ["new_amount", "carry_over_amount", "note"], default_user=user
        )


@transaction.atomic
def spend_update(
    *, spend: Spend, spent_on: datetime.date, amount: Decimal, description: str, changed_by: User | None
) -> Spend:
    """Correct recorded spend; simple-history keeps what it said before and who changed it."""
    spend.spent_on, spend.amount, spend.description = spent_on, amount, description
    spend._change_reason = f"Corrected by {changed_by}" if changed_by else "Corrected"  # type: ignore[attr-defined]
    spend.full_clean()
    spend.save()
    return spend


@transaction.atomic
def spend_delete(*, spend: Spend) -> None:
    spend.delete()


def funding_source_delete_problem(source: FundingSource) -> str:
    """Why the source cannot be removed (allocations draw on it), or "" when it can."""
    drawing = list(source.allocations.select_related("action", "row"))
    if not drawing:
        return ""
    names = "; ".join(str(allocation) for allocation in drawing)
    return (
        f"“{source.name}” cannot be removed: {len(drawing)} allocation{'s' if len(drawing) > 1 else ''} "
        f"draw{'' if len(drawing) > 1 else 's'} on it ({names}). Change "
        f"{'them' if len(drawing) > 1 else 'it'} to draw on another source first."
    )


@transaction.atomic
def funding_source_delete(*, source: FundingSource) -> None:
    if problem := funding_source_delete_problem(source):
        raise ValidationError(problem)
    source.delete()


def allocation_delete_problem(allocation: Allocation) -> str:
    """Why the allocation cannot be removed (spend is recorded against it), or "" when it can."""
    spends = list(allocation.spends.all())
    if not spends:
        return ""
    spent = sum((spend.amount for spend in spends), ZERO)
    return (
        f"The {str(allocation)[0].lower()}{str(allocation)[1:]} cannot be removed: £{spent:,.2f} of spend "
        f"({len(spends)} entr{'ies' if len(spends) > 1 else 'y'}) is recorded against it. Remove or move "
        "the spend first, or change the allocation instead."
    )


@transaction.atomic
def allocation_delete(*, allocation: Allocation) -> None:
    if problem := allocation_delete_problem(allocation):
        raise ValidationError(problem)
    allocation.delete()


def allocations_carry_over(
    *, source_plan: Plan, plan: Plan, copies: dict[int, Action], rows: dict[int, ProjectRow]
) -> None:
    """The carry-over's money: what is left of each carried action's allocations (allocated less
    spent) becomes a carry-over allocation in the new plan, drawn on one carry-over funding
    source ("expected" until the coordinator records it received). Fully spent allocations carry
    nothing. `copies` maps each carried action's id to its copy, `rows` each row's id to its copy."""
    allocations = (
        Allocation.objects.filter(action_id__in=copies)
        .prefetch_related("spends")
        .order_by("action__sort_key", "row__position", "id")
    )
    carried: list[tuple[Allocation, Decimal]] = []
    for allocation in allocations:
        left = allocation.total - sum((spend.amount for spend in allocation.spends.all()), ZERO)
        if left > ZERO:
            carried.append((allocation, left))
    if not carried:
        return
    source = funding_source_save(
        plan=plan,
        name=f"Carry-over from {source_plan.title}"[:200],
        amount=sum((left for _, left in carried), ZERO),
        status=FundingSource.Status.EXPECTED,
        is_carry_over=True,
        notes="What was left of the carried actions' allocations when the plan was carried over.",
    )
    for allocation, left in carried:
        note = f"Carried over: £{left:,.2f} left of £{allocation.total:,.2f}"
        allocation_save(
            plan=plan,
            action=copies[allocation.action_id],
            row=rows.get(allocation.row_id) if allocation.row_id else None,
            carry_over_amount=left,
            new_amount=ZERO,
            sources=[source],
            note=(f"{note} ({allocation.note})" if allocation.note else note)[:300],
        )
