"""Money and partners' commitments for the reports: the board pack's budget section and
commitments appendix, each action's budget in the plan tables, the scrutiny partner list."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils.safestring import SafeString, mark_safe

from indicators.money_panel import money_chart
from partners.models import Partnership, ResourceCommitment
from plans.budget import PlanBudget, plan_budget
from plans.models import Plan


@dataclass
class BudgetContent:
    budget: PlanBudget
    chart: SafeString
    commitments: list[ResourceCommitment]


def plan_commitments(plan: Plan) -> list[ResourceCommitment]:
    """The partnership's commitments for this plan, or for no particular plan (two queries)."""
    return list(
        ResourceCommitment.objects.filter(partnership_id=plan.partnership_id)
        .filter(Q(plan=plan) | Q(plan__isnull=True))
        .select_related("organisation")
        .prefetch_related("actions")
        .order_by("organisation__short_name", "id")
    )


def budget_content(plan: Plan) -> BudgetContent:
    """The plan's budget, its chart, and the partners' commitments for it."""
    budget = plan_budget(plan)
    chart = mark_safe(money_chart(budget, "budget-by-theme"))  # paired_amounts escapes its text
    return BudgetContent(budget, chart, plan_commitments(plan))


def partner_list(partnership: Partnership, plan: Plan):
    """The partnership's organisations, each with `plan_commitments` for this plan (or none)."""
    commitments = ResourceCommitment.objects.filter(Q(plan=plan) | Q(plan__isnull=True)).prefetch_related(
        "actions"
    )
    return partnership.organisations.prefetch_related(
        Prefetch("commitments", queryset=commitments, to_attr="plan_commitments")
    )
