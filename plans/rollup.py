"""Rolling RAG up from project rows to actions, themes and the plan.

The rule, as shown to users on the plan page:
  - A project row's status is the RAG of its latest accepted update.
  - An action, theme or plan takes the worst status (highest severity) among its children
    that have one; children without a status are ignored.
  - A coordinator may override an action, theme or plan with another status, giving a reason;
    the override then stands in for the roll-up, including in the level above.
Works on prefetched objects, so it costs no queries.
"""

from collections import Counter
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


def rolled_up(override: RagStatus | None, reason: str, statuses: Iterable[RagStatus | None]) -> RolledUp:
    """The rule on plain values (the cached outline, plans/outline.py): the worst of the
    children's `statuses`, unless the coordinator's `override` stands in for it."""
    return _rolled(override, reason, worst(statuses))


def _rolled(override: RagStatus | None, reason: str, computed: RagStatus | None) -> RolledUp:
    if override is not None:
        return RolledUp(override, True, reason, computed)
    return RolledUp(computed, computed=computed)


def _apply_override(obj: "Plan | Theme | Action", computed: RagStatus | None) -> RolledUp:
    return _rolled(obj.rag_override if obj.rag_override_id else None, obj.rag_override_reason, computed)


def action_rag(action: "Action") -> RolledUp:
    return _apply_override(action, worst(row.current_rag for row in action.rows.all()))


def theme_rag(theme: "Theme") -> RolledUp:
    return _apply_override(theme, worst(action_rag(a).status for a in theme.actions.all()))


def plan_rag(plan: "Plan", themes: Iterable["Theme"]) -> RolledUp:
    return _apply_override(plan, worst(theme_rag(t).status for t in themes))


@dataclass(frozen=True)
class RollupExplained:
    """One sentence saying why a roll-up shows what it shows, for beside the roll-up."""

    sentence: str
    status: RagStatus | None  # the status whose rows make the roll-up (link to them)
    count: int  # how many rows have that status
    shown: RagStatus | None = None  # the roll-up as shown (the override when there is one)


def explain(rolled: RolledUp, row_statuses: Iterable[RagStatus | None]) -> RollupExplained:
    """ "Red because it shows the worst status of any row: 3 of 45 rows are Red (25 Green, ...)."""
    statuses = list(row_statuses)
    total = len(statuses)
    counts = Counter(s.pk for s in statuses if s is not None)
    labels = {s.pk: s for s in statuses if s is not None}
    if rolled.overridden and rolled.status is not None:
        return RollupExplained(
            f"The coordinator set this to {rolled.status.label} and said why; "
            f"the rows alone give {rolled.computed.label if rolled.computed else 'no status'}.",
            rolled.computed,
            counts.get(rolled.computed.pk, 0) if rolled.computed else 0,
            rolled.status,
        )
    status = rolled.status
    if status is None:
        return RollupExplained("No row has an accepted update yet, so there is no overall status.", None, 0)
    others = ", ".join(f"{n} {labels[pk].label}" for pk, n in counts.most_common() if pk != status.pk)
    no_status = total - sum(counts.values())
    extra = [part for part in (others, f"{no_status} with no update yet" if no_status else "") if part]
    sentence = (
        f"It shows the worst status of any row: {counts[status.pk]} of {total} "
        f"row{'s' if total != 1 else ''} {'is' if counts[status.pk] == 1 else 'are'} {status.label}"
        + (f" ({'; '.join(extra)})." if extra else ".")
    )
    return RollupExplained(sentence, status, counts[status.pk], status)
