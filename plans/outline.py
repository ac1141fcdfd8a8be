"""A plan's outline: themes → actions → project rows, each row with its current (accepted)
update, and the roll-ups of plan, themes and actions (plans/rollup.py), as plain values ready to
show: lead names, period labels and excerpts worked out once here rather than per row in a
template. The plan page, the plan dashboard's roll-up and the public pages read it.

Built in a fixed number of queries of plain values (no model instances but the RAG scale), and
kept in the shared cache (Django's cache: Redis when configured) under the plan's id, its
`rollup_version`, the partnership's year start and the reader's audience. The version is new
after every change an outline shows, in the same transaction as the change (`Plan.save`,
`plans.signals`, `plans.services.outlines_expire`, called by `rows_refresh_current`), and is read
from the database on every request, so a cached outline is never older than the data.

It holds only accepted updates, which every reader may see (`ProgressUpdate.visible_to`); the
audience is in the key all the same, so readers who may see differently never share a copy.
"""

import datetime
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, NamedTuple

from django.core.cache import cache
from django.template.defaultfilters import truncatewords

from csp_tracker.periods import Quarter
from partners.audience import Audience
from partners.models import RagStatus
from plans.models import Plan, ProjectRow, Theme
from plans.models.structure import due_display, indicator_lines, lead_display, row_is_finished, theme_label
from plans.rollup import RolledUp, rolled_up

OUTLINE_FORMAT = 2  # part of the key: a new shape of outline never reads an old one
OUTLINE_SECONDS = 3600  # an unused version's copy leaves the cache after this
EXCERPT_WORDS = 40  # of the latest narrative, on the plan page
OUTCOME_WORDS = 30
SUMMARY_WORDS = 12  # of a row's description, in tables of every row (round tracking)


@dataclass(slots=True)
class OutlineUpdate:
    """A row's current update: its latest accepted one."""

    pk: int
    period: str  # "Q2 2025/26", in the partnership's year
    update_date: datetime.date
    narrative: str
    excerpt: str
    risk: str
    rag_reason: str


class OutlineOrganisation(NamedTuple):
    pk: int
    short_name: str
    name: str


class OutlineLead(NamedTuple):
    name: str
    organisation: OutlineOrganisation | None


@dataclass(slots=True)
class OutlineRow:
    pk: int
    position: int
    description: str
    summary: str  # the description's first words
    target_text: str
    milestone: str
    people: list[OutlineLead]  # lead officers, by name
    organisations: list[OutlineOrganisation]  # lead organisations, by short name
    reopened: bool  # complete, but chased for updates again
    lead: str  # as `ProjectRow.lead_display`
    rag: RagStatus | None
    update: OutlineUpdate | None

    @property
    def is_finished(self) -> bool:
        return row_is_finished(self.rag, self.reopened)


@dataclass(slots=True)
class OutlineAction:
    pk: int
    reference: str
    title: str
    outcome: str
    outcome_excerpt: str
    due: str  # as `Action.due_display`
    budget: Decimal | None
    budget_text: str
    resource: str
    rag: RolledUp
    rows: list[OutlineRow]
    money: Any = None  # the page's own: allocations change without a new version


@dataclass(slots=True)
class OutlineTheme:
    pk: int
    number: str
    title: str
    description: str
    lead_agency: str
    indicator_lines: list[str]
    override: tuple[RagStatus | None, str]  # the coordinator's, with the reason
    actions: list[OutlineAction]
    rag: RolledUp = RolledUp(None)

    def __str__(self) -> str:
        return theme_label(self.number, self.title)


class OutlinePlace(NamedTuple):
    """A row with the action and theme it sits in."""

    theme: OutlineTheme
    action: OutlineAction
    row: OutlineRow


@dataclass
class PlanOutline:
    plan_id: int
    version: str
    audience: str  # the audience's cache key: whom this copy was made for
    rag: RolledUp
    themes: list[OutlineTheme]
    scale: list[RagStatus]  # the partnership's RAG scale, in order
    rows: list[OutlineRow] = field(default_factory=list)  # every row, in plan order

    @property
    def row_statuses(self) -> list[RagStatus | None]:
        return [row.rag for row in self.rows]

    @property
    def places(self) -> list[OutlinePlace]:
        """Every row in plan order, each with its action and theme."""
        return [
            OutlinePlace(theme, action, row)
            for theme in self.themes
            for action in theme.actions
            for row in action.rows
        ]

    @property
    def actions(self) -> list[OutlineAction]:
        return [action for theme in self.themes for action in theme.actions]

    def narrowed(self, row_ids: set[int] | None) -> list[OutlineTheme]:
        """The themes with only these rows listed (all when None), leaving out the actions and
        themes with none of them; roll-ups stay those of every row."""
        if row_ids is None:
            return self.themes
        themes = []
        for theme in self.themes:
            actions = [
                replace(action, rows=rows)
                for action in theme.actions
                if (rows := [row for row in action.rows if row.pk in row_ids])
            ]
            if actions:
                themes.append(replace(theme, actions=actions))
        return themes


def outline_key(plan_id: int, version: str, start_month: int, audience: Audience) -> str:
    return f"plan-outline:{OUTLINE_FORMAT}:{plan_id}:{version}:{start_month}:{audience.cache_key}"


def plan_outline(plan: Plan, audience: Audience) -> PlanOutline:
    """The plan's outline for this audience: from the cache when its version is current (one
    query), else built (five more) and kept."""
    # Read here, not taken from `plan`: a copy loaded before a change must not name the new state.
    version, override_id, override_reason = (
        Plan.objects.filter(pk=plan.pk)
        .values_list("rollup_version", "rag_override_id", "rag_override_reason")
        .get()
    )
    start_month = plan.partnership.year_start_month
    key = outline_key(plan.pk, str(version), start_month, audience)
    outline = cache.get(key)
    if outline is None:
        outline = outline_build(
            plan, version=str(version), audience=audience, override=(override_id, override_reason)
        )
        cache.set(key, outline, OUTLINE_SECONDS)
    return outline


def outline_build(
    plan: Plan, *, version: str, audience: Audience, override: tuple[int | None, str]
) -> PlanOutline:
    start_month = plan.partnership.year_start_month
    scale = list(RagStatus.objects.filter(partnership_id=plan.partnership_id).order_by("position"))
    statuses: dict[int | None, RagStatus] = {status.pk: status for status in scale}
    people: dict[int, list[OutlineLead]] = {}
    for row_id, name, org_id, short_name, org_name in (
        ProjectRow.lead_people.through.objects.filter(projectrow__action__plan=plan)
        .order_by("person__name", "person_id")
        .values_list(
            "projectrow_id", "person__name", "person__organisation_id", "person__organisation__short_name",
            "person__organisation__name",
        )
    ):  # fmt: skip
        organisation = OutlineOrganisation(org_id, short_name, org_name) if org_id is not None else None
        people.setdefault(row_id, []).append(OutlineLead(name, organisation))
    organisations: dict[int, list[OutlineOrganisation]] = {}
    for row_id, org_id, short_name, org_name in (
        ProjectRow.lead_organisations.through.objects.filter(projectrow__action__plan=plan)
        .order_by("organisation__short_name", "organisation_id")
        .values_list("projectrow_id", "organisation_id", "organisation__short_name", "organisation__name")
    ):
        organisations.setdefault(row_id, []).append(OutlineOrganisation(org_id, short_name, org_name))

    rows_by_action: dict[int, list[OutlineRow]] = {}
    all_rows: list[OutlineRow] = []
    for values in (
        ProjectRow.objects.filter(action__plan=plan)
        .order_by("action_id", "position", "id")
        .values(
            "pk", "action_id", "position", "description", "target_text", "milestone", "reopened",
            "current_update_id", "current_update__rag_id", "current_update__period_year",
            "current_update__period_quarter", "current_update__update_date", "current_update__narrative",
            "current_update__risk", "current_update__rag_reason",
        )
    ):  # fmt: skip
        update = None
        if values["current_update_id"] is not None:
            narrative = values["current_update__narrative"]
            quarter = Quarter(
                values["current_update__period_year"], values["current_update__period_quarter"], start_month
            )
            update = OutlineUpdate(
                pk=values["current_update_id"],
                period=quarter.label,
                update_date=values["current_update__update_date"],
                narrative=narrative,
                excerpt=truncatewords(narrative, EXCERPT_WORDS),
                risk=values["current_update__risk"],
                rag_reason=values["current_update__rag_reason"],
            )
        row_people = people.get(values["pk"], [])
        row_organisations = organisations.get(values["pk"], [])
        row = OutlineRow(
            pk=values["pk"],
            position=values["position"],
            description=values["description"],
            summary=truncatewords(values["description"], SUMMARY_WORDS),
            target_text=values["target_text"],
            milestone=values["milestone"],
            people=row_people,
            organisations=row_organisations,
            reopened=values["reopened"],
            lead=lead_display([p.name for p in row_people], [o.short_name for o in row_organisations]),
            rag=statuses.get(values["current_update__rag_id"]) if update else None,
            update=update,
        )
        rows_by_action.setdefault(values["action_id"], []).append(row)

    # Themes with their actions in one query (a theme with none comes once, its action empty).
    themes: dict[int, OutlineTheme] = {}
    ordered = Theme.objects.filter(plan=plan).order_by("sort_key", "id", "actions__sort_key", "actions__id")
    for line in ordered.values(
        "pk", "number", "title", "description", "lead_agency__name", "indicators", "rag_override_id",
        "rag_override_reason", "actions__pk", "actions__reference", "actions__title", "actions__outcome",
        "actions__due_text", "actions__due_date", "actions__budget", "actions__budget_text",
        "actions__resource", "actions__rag_override_id", "actions__rag_override_reason",
    ):  # fmt: skip
        theme = themes.get(line["pk"])
        if theme is None:
            theme = themes[line["pk"]] = OutlineTheme(
                pk=line["pk"],
                number=line["number"],
                title=line["title"],
                description=line["description"],
                lead_agency=line["lead_agency__name"] or "",
                indicator_lines=indicator_lines(line["indicators"]),
                override=(statuses.get(line["rag_override_id"]), line["rag_override_reason"]),
                actions=[],
            )
        if line["actions__pk"] is None:
            continue
        rows = rows_by_action.get(line["actions__pk"], [])
        theme.actions.append(
            OutlineAction(
                pk=line["actions__pk"],
                reference=line["actions__reference"],
                title=line["actions__title"],
                outcome=line["actions__outcome"],
                outcome_excerpt=truncatewords(line["actions__outcome"], OUTCOME_WORDS),
                due=due_display(line["actions__due_text"], line["actions__due_date"]),
                budget=line["actions__budget"],
                budget_text=line["actions__budget_text"],
                resource=line["actions__resource"],
                rag=rolled_up(
                    statuses.get(line["actions__rag_override_id"]),
                    line["actions__rag_override_reason"],
                    (row.rag for row in rows),
                ),
                rows=rows,
            )
        )
        all_rows += rows
    for theme in themes.values():
        theme.rag = rolled_up(*theme.override, (action.rag.status for action in theme.actions))
    return PlanOutline(
        plan_id=plan.pk,
        version=version,
        audience=audience.cache_key,
        rag=rolled_up(
            statuses.get(override[0]), override[1], (theme.rag.status for theme in themes.values())
        ),
        themes=list(themes.values()),
        scale=scale,
        rows=all_rows,
    )
