"""Reads that span models. Every function costs a fixed number of queries."""

from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db.models import Prefetch, QuerySet

from plans.models import Action, Plan, ProgressUpdate, ProjectRow, Theme
from plans.rollup import RolledUp, action_rag, plan_rag, theme_rag


def rows_with_status() -> QuerySet[ProjectRow]:
    return ProjectRow.objects.select_related("current_update", "current_update__rag").prefetch_related(
        "lead_people__organisation", "lead_organisations", "targets"
    )


@dataclass
class ActionNode:
    action: Action
    rag: RolledUp
    rows: list[ProjectRow]


@dataclass
class ThemeNode:
    theme: Theme
    rag: RolledUp
    actions: list[ActionNode] = field(default_factory=list)


@dataclass
class PlanTree:
    plan: Plan
    rag: RolledUp
    themes: list[ThemeNode]
    row_count: int
    shown_row_count: int


def plan_tree(plan: Plan, shown_row_ids: set[int] | None = None) -> PlanTree:
    """Themes → actions → rows with roll-ups. Roll-ups use every row; only `shown_row_ids`
    (all rows when None) are listed, so a filter narrows the page, not the statuses."""
    themes = list(
        plan.themes.select_related("lead_agency", "rag_override").prefetch_related(
            Prefetch(
                "actions",
                queryset=Action.objects.select_related("rag_override").prefetch_related(
                    Prefetch("rows", queryset=rows_with_status()), "expected_outcomes__status"
                ),
            )
        )
    )
    nodes, total, shown = [], 0, 0
    for theme in themes:
        theme_node = ThemeNode(theme, theme_rag(theme))
        for action in theme.actions.all():
            rows = list(action.rows.all())
            total += len(rows)
            visible = rows if shown_row_ids is None else [r for r in rows if r.pk in shown_row_ids]
            shown += len(visible)
            if visible or (shown_row_ids is None):
                theme_node.actions.append(ActionNode(action, action_rag(action), visible))
        if theme_node.actions or shown_row_ids is None:
            nodes.append(theme_node)
    return PlanTree(plan, plan_rag(plan, themes), nodes, total, shown)


def action_timeline(action: Action) -> list[ProgressUpdate]:
    """Every update on the action's rows, newest first, drafts excluded (they are private)."""
    return list(
        ProgressUpdate.objects.filter(row__action=action)
        .exclude(status=ProgressUpdate.Status.DRAFT)
        .select_related("rag", "row")
        .prefetch_related("figures__target")
        .order_by("-update_date", "-created_at", "-id")
    )


def rows_led_by(user: User) -> QuerySet[ProjectRow]:
    """The rows a user leads, in partnerships where they are a member, in plans not archived."""
    return (
        rows_with_status()
        .filter(
            lead_people__user=user,
            action__plan__partnership__memberships__user=user,
        )
        .exclude(action__plan__status=Plan.Status.ARCHIVED)
        .select_related("action__plan__partnership", "action__theme")
        .distinct()
        .order_by("action__plan__partnership__name", "action__plan__title", "action__sort_key", "position")
    )
