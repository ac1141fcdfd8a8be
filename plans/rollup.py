"""Rolling RAG up from project rows to actions, themes and the plan.

The rule, as shown to users on the plan page:
  - A project row's status is the RAG of its latest accepted update.
  - An action, theme or plan takes the worst status (highest severity) among its children
    that have one; children without a status are ignored.
  - A coordinator may override an action, theme or plan with another status, giving a reason;
    the override then stands in for the roll-up, including in the level above.
Works on prefetched objects, so it costs no queries.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from partners.models import RagStatus

if TYPE_CHECKING:
    from plans.models import Action, Plan, Theme

RULE_TEXT = (
    "An action, theme or plan shows the worst status of the rows beneath it (rows with no "
    "update yet are left out), unless the coordinator has overridden it and said why."
)


@dataclass(frozen=True)
class RolledUp:
    status: RagStatus | None
    overridden: bool = False
    reason: str = ""
    computed: RagStatus | None = None


def worst(statuses: Iterable[RagStatus | None]) -> RagStatus | None:
    present = [s for s in statuses if s is not None]
    return max(present, key=lambda s: (s.severity, -s.position)) if present else None


def _apply_override(obj: "Plan | Theme | Action", computed: RagStatus | None) -> RolledUp:
    if obj.rag_override_id:
        return RolledUp(obj.rag_override, True, obj.rag_override_reason, computed)
    return RolledUp(computed, computed=computed)


def action_rag(action: "Action") -> RolledUp:
    return _apply_override(action, worst(row.current_rag for row in action.rows.all()))


def theme_rag(theme: "Theme") -> RolledUp:
    return _apply_override(theme, worst(action_rag(a).status for a in theme.actions.all()))


def plan_rag(plan: "Plan", themes: Iterable["Theme"]) -> RolledUp:
    return _apply_override(plan, worst(theme_rag(t).status for t in themes))
