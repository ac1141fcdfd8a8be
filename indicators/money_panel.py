"""The plan dashboard's money panel: allocated against spent per theme, as a chart and a table."""

from dataclasses import dataclass

from csp_tracker import charts
from plans.budget import PlanBudget, format_money

ALLOCATED_FILL = "#1d70b8"
SPENT_FILL = "#f47738"


@dataclass
class MoneyPanel:
    budget: PlanBudget
    chart: str


def money_chart(budget: PlanBudget, chart_id: str = "money-by-theme") -> str:
    groups = [
        (
            f"{theme.theme.number}. {theme.theme.title}",
            [
                charts.AmountBar("Allocated", theme.allocated, ALLOCATED_FILL, format_money(theme.allocated)),
                charts.AmountBar("Spent", theme.spent, SPENT_FILL, format_money(theme.spent)),
            ],
        )
        for theme in budget.themes
    ]
    summary = "; ".join(
        f"theme {t.theme.number}: {format_money(t.allocated)} allocated, {format_money(t.spent)} spent"
        for t in budget.themes
    )
    return charts.paired_amounts(
        chart_id=chart_id,
        title="Money allocated and spent in each theme",
        desc=f"Pairs of bars, one pair per theme. {summary or 'No money is allocated.'}",
        groups=groups,
    )


def money_panel(budget: PlanBudget) -> MoneyPanel:
    return MoneyPanel(budget, money_chart(budget))
