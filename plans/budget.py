"""A plan's money, computed: sources and their totals, allocations per theme and action, spend,
what is left, and the warnings a coordinator must see. Nothing here is stored; every total is
the sum of the records beneath it, in Decimal pounds and pence (never a float: amounts are
summed in Python, not by the database).

`plan_budget` costs a fixed number of queries however many sources, allocations and spends.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, QuerySet

from plans.models import Action, Allocation, FundingSource, Plan, ProjectRow, Spend, Theme

ZERO = Decimal("0.00")
PENNY = Decimal("0.01")


def format_money(value: Decimal | None) -> str:
    """£1,234.56 (and −£20.00 for a shortfall); exact for any Decimal."""
    if value is None:
        return ""
    amount = Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)
    sign = "−" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


def total_of(amounts: Iterable[Decimal]) -> Decimal:
    return sum(amounts, ZERO)


def allocations_with_spend(
    plan: Plan, *, sources: bool = True, permissions: bool = True
) -> QuerySet[Allocation]:
    """The plan's allocations with their spend; with their sources, and with the leads the
    record-spend permission asks about, unless a page needs only the amounts."""
    prefetches: list = [Prefetch("spends", queryset=Spend.objects.order_by("spent_on", "id"))]
    if sources:
        prefetches.append(Prefetch("sources", queryset=FundingSource.objects.order_by("name", "id")))
    if permissions:
        prefetches += [
            "row__lead_people",
            Prefetch("action__rows", queryset=ProjectRow.objects.prefetch_related("lead_people")),
        ]
    return (
        Allocation.objects.filter(plan=plan)
        .select_related("action__theme", "row", "plan")
        .prefetch_related(*prefetches)
        .order_by("action__theme__sort_key", "action__sort_key", "row__position", "id")
    )


@dataclass
class BudgetWarning:
    kind: str  # over_allocated / overspent / not_received
    message: str


@dataclass
class AllocationLine:
    allocation: Allocation

    @property
    def total(self) -> Decimal:
        return self.allocation.total

    @property
    def spends(self) -> list[Spend]:
        return list(self.allocation.spends.all())

    @property
    def spent(self) -> Decimal:
        return total_of(spend.amount for spend in self.allocation.spends.all())

    @property
    def remaining(self) -> Decimal:
        return self.total - self.spent

    @property
    def is_overspent(self) -> bool:
        return self.spent > self.total

    @property
    def sources(self) -> list[FundingSource]:
        return list(self.allocation.sources.all())

    @property
    def sources_not_received(self) -> list[FundingSource]:
        return [source for source in self.allocation.sources.all() if not source.is_received]

    @property
    def label(self) -> str:
        allocation = self.allocation
        row = f", row {allocation.row.position}" if allocation.row is not None else ""
        return f"action {allocation.action.reference}{row}"


@dataclass
class ActionMoney:
    action: Action
    lines: list[AllocationLine] = field(default_factory=list)

    @property
    def allocated(self) -> Decimal:
        return total_of(line.total for line in self.lines)

    @property
    def spent(self) -> Decimal:
        return total_of(line.spent for line in self.lines)

    @property
    def remaining(self) -> Decimal:
        return self.allocated - self.spent

    @property
    def is_overspent(self) -> bool:
        return any(line.is_overspent for line in self.lines)


@dataclass
class ThemeMoney:
    theme: Theme
    actions: list[ActionMoney] = field(default_factory=list)

    @property
    def allocated(self) -> Decimal:
        return total_of(a.allocated for a in self.actions)

    @property
    def spent(self) -> Decimal:
        return total_of(a.spent for a in self.actions)

    @property
    def remaining(self) -> Decimal:
        return self.allocated - self.spent


@dataclass
class PlanBudget:
    plan: Plan
    sources: list[FundingSource]
    themes: list[ThemeMoney]
    unfunded_actions: list[Action] | None  # None: a summary, which does not read them
    warnings: list[BudgetWarning] = field(default_factory=list)

    @property
    def lines(self) -> list[AllocationLine]:
        return [line for theme in self.themes for action in theme.actions for line in action.lines]

    @property
    def funding_total(self) -> Decimal:
        return total_of(source.amount for source in self.sources)

    @property
    def received_total(self) -> Decimal:
        return total_of(source.amount for source in self.sources if source.is_received)

    @property
    def expected_total(self) -> Decimal:
        """Money promised but not received yet."""
        return self.funding_total - self.received_total

    @property
    def allocated(self) -> Decimal:
        return total_of(line.total for line in self.lines)

    @property
    def allocated_carry_over(self) -> Decimal:
        return total_of(line.allocation.carry_over_amount for line in self.lines)

    @property
    def allocated_new(self) -> Decimal:
        return total_of(line.allocation.new_amount for line in self.lines)

    @property
    def unallocated(self) -> Decimal:
        """Funding not yet allocated; negative when allocations exceed the funding."""
        return self.funding_total - self.allocated

    @property
    def spent(self) -> Decimal:
        return total_of(line.spent for line in self.lines)

    @property
    def remaining(self) -> Decimal:
        return self.allocated - self.spent

    @property
    def is_over_allocated(self) -> bool:
        return self.allocated > self.funding_total

    @property
    def has_money(self) -> bool:
        return bool(self.sources or self.lines)


def budget_warnings(budget: PlanBudget) -> list[BudgetWarning]:
    warnings = []
    if budget.is_over_allocated:
        warnings.append(
            BudgetWarning(
                "over_allocated",
                f"Allocations ({format_money(budget.allocated)}) exceed the plan's funding "
                f"({format_money(budget.funding_total)}) by {format_money(-budget.unallocated)}.",
            )
        )
    for line in budget.lines:
        if line.is_overspent:
            warnings.append(
                BudgetWarning(
                    "overspent",
                    f"Spend on the allocation to {line.label} ({format_money(line.spent)}) exceeds "
                    f"the allocation ({format_money(line.total)}) by {format_money(-line.remaining)}.",
                )
            )
    for line in budget.lines:
        for source in line.sources_not_received:
            warnings.append(
                BudgetWarning(
                    "not_received",
                    f"The allocation to {line.label} draws on “{source.name}”, which is not received yet.",
                )
            )
    return warnings


def plan_budget(plan: Plan, *, summary: bool = False) -> PlanBudget:
    """The plan's budget: a fixed number of queries whatever its size. A summary (the plan
    dashboard's money panel: totals, themes and warnings) reads only the actions the allocations
    name, with their themes, and not what the budget page's record-spend links ask about; its
    `unfunded_actions` is None (not read), not empty."""
    sources = list(plan.funding_sources.select_related("organisation").order_by("name", "id"))
    by_action: dict[int, ActionMoney] = {}
    for allocation in allocations_with_spend(plan, permissions=not summary):
        money = by_action.setdefault(allocation.action_id, ActionMoney(allocation.action))
        money.lines.append(AllocationLine(allocation))
    themes: dict[int, ThemeMoney] = {}
    unfunded: list[Action] | None = None
    if summary:  # in theme and action order already, with their themes
        actions: Iterable[Action] = [money.action for money in by_action.values()]
    else:
        actions = plan.actions.select_related("theme").order_by("theme__sort_key", "sort_key")
        unfunded = []
    for action in actions:
        found = by_action.get(action.pk)
        if found is None:
            if unfunded is not None:
                unfunded.append(action)
            continue
        found.action = action
        themes.setdefault(action.theme_id, ThemeMoney(action.theme)).actions.append(found)
    budget = PlanBudget(plan, sources, list(themes.values()), unfunded)
    budget.warnings = budget_warnings(budget)
    return budget


def action_money(plan: Plan) -> dict[int, ActionMoney]:
    """Each action's allocated and spent amounts, by action id (two queries)."""
    by_action: dict[int, ActionMoney] = {}
    for allocation in allocations_with_spend(plan, sources=False, permissions=False):
        by_action.setdefault(allocation.action_id, ActionMoney(allocation.action)).lines.append(
            AllocationLine(allocation)
        )
    return by_action


def attach_action_money(plan: Plan, actions: Iterable[Action]) -> None:
    """Give each action a `money` attribute (an ActionMoney, possibly empty) for the templates."""
    money = action_money(plan)
    for action in actions:
        action.money = money.get(action.pk) or ActionMoney(action)  # type: ignore[attr-defined]  # for the templates


def organisation_money(organisation) -> dict:
    """For an organisation's page: the rows it leads (itself or through its people) in plans not
    archived, with their current status, and the funding it contributes (two queries)."""
    rows = (
        ProjectRow.objects.filter(action__plan__partnership_id=organisation.partnership_id)
        .led_by(organisation)
        .exclude(action__plan__status=Plan.Status.ARCHIVED)
        .select_related("action__plan", "current_update__rag")
        .order_by("action__plan__title", "action__sort_key", "position")
    )
    sources = organisation.funding_sources.select_related("plan").order_by("plan__title", "name", "id")
    sources = list(sources)
    return {
        "rows_led": list(rows),
        "funding_sources": sources,
        "funding_total": total_of(s.amount for s in sources),
    }


def action_budget(action: Action) -> ActionMoney:
    """One action's allocations with their spend and sources (a fixed number of queries)."""
    allocations = allocations_with_spend(action.plan).filter(action=action)
    return ActionMoney(action, [AllocationLine(allocation) for allocation in allocations])
