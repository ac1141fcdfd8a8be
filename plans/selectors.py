"""Reads that span models. Every function costs a fixed number of queries."""

import datetime
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from csp_tracker import charts
from csp_tracker.periods import Quarter
from partners.audience import Audience
from partners.glossary import terms_used
from partners.models import GlossaryTerm, Membership, Organisation, Partnership, Person, RagStatus
from plans.models import (
    Action,
    OutcomeProgress,
    Plan,
    ProgressUpdate,
    ProjectRow,
    Target,
    TargetFigure,
    Theme,
    UpdateRound,
)
from plans.models.progress import CHRONOLOGICAL
from plans.outline import OutlineLead, OutlineOrganisation, OutlineTheme, PlanOutline
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
    row_statuses: list[RagStatus | None] = field(default_factory=list)  # every row's, unfiltered


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
    statuses: list[RagStatus | None] = []
    for theme in themes:
        theme_node = ThemeNode(theme, theme_rag(theme))
        for action in theme.actions.all():
            rows = list(action.rows.all())
            total += len(rows)
            statuses += [row.current_rag for row in rows]
            visible = rows if shown_row_ids is None else [r for r in rows if r.pk in shown_row_ids]
            shown += len(visible)
            if visible or (shown_row_ids is None):
                theme_node.actions.append(ActionNode(action, action_rag(action), visible))
        if theme_node.actions or shown_row_ids is None:
            nodes.append(theme_node)
    return PlanTree(plan, plan_rag(plan, themes), nodes, total, shown, statuses)


CARRIED_FROM_DEPTH = 10  # years of carry-over followed back; bounds the queries


def carried_chain(action: Action) -> list[int]:
    """The action's id and those of the actions it was carried over from, newest first. One
    query at most, however many years the chain spans: the partnership's carry-over links."""
    ids, origin_id = [action.pk], action.carried_from_id
    if not origin_id:
        return ids
    links = dict(
        Action.objects.filter(
            plan__partnership_id=action.plan.partnership_id, carried_from__isnull=False
        ).values_list("pk", "carried_from_id")
    )
    while origin_id and origin_id not in ids and len(ids) <= CARRIED_FROM_DEPTH:
        ids.append(origin_id)
        origin_id = links.get(origin_id)
    return ids


TIMELINE_PAGE = 20  # updates shown at first on an action page; "Show older updates" adds more


def action_timeline(action: Action, audience: Audience, limit: int | None = None) -> list[ProgressUpdate]:
    """The updates on the action's rows the reader may see, newest first; with the updates
    of the actions it was carried over from, whose `row.action.plan` names the earlier plan.
    With a `limit`, at most `limit + 1` of them (the one over says there are older ones)."""
    updates = (
        ProgressUpdate.objects.filter(row__action_id__in=carried_chain(action))
        .visible_to(audience)
        .select_related("rag", "row", "row__action__plan", "on_behalf_of", "supersedes", "round")
        .prefetch_related(
            # Joined, not prefetched a level further: one query each, however many there are.
            Prefetch("figures", TargetFigure.objects.select_related("target")),
            Prefetch("outcome_statuses", OutcomeProgress.objects.select_related("outcome", "status")),
        )
        .latest_first()
    )
    return list(updates if limit is None else updates[: limit + 1])


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


# --- update rounds ------------------------------------------------------------------------------

ROUND_STATUS_LABELS = {
    "not_started": "Not started",
    "draft": "Draft",
    "submitted": "Submitted",
    "returned": "Returned for changes",
    "accepted": "Accepted",
}
DONE_STATUSES = {"submitted", "accepted"}


@dataclass
class RoundLine:
    row: ProjectRow
    update: ProgressUpdate | None
    known_organisations: list[Organisation] | None = None  # `organisations`, when the page has them
    known_people: list[Person] | None = None  # `people`, when the page has them

    @property
    def people(self) -> list[Person]:
        """The row's lead officers."""
        if self.known_people is not None:
            return self.known_people
        return list(self.row.lead_people.all())

    # Joined here, not in a template loop: the tracking page lists every row of the plan.
    @property
    def lead_names(self) -> str:
        return names_joined(self.people)

    @property
    def organisation_names(self) -> str:
        return short_names_joined(self.organisations)

    @property
    def status(self) -> str:
        return round_status(self.update)

    @property
    def status_label(self) -> str:
        return round_status_label(self.status, self.is_finished)

    @property
    def is_finished(self) -> bool:
        return line_is_finished(self.row.is_finished, self.status)

    @property
    def is_outstanding(self) -> bool:
        return self.status not in DONE_STATUSES and not self.is_finished

    @property
    def organisations(self) -> list[Organisation]:
        """The organisations a row counts for: its own and its lead people's."""
        if self.known_organisations is not None:
            return self.known_organisations
        return counted_organisations(
            self.row.lead_organisations.all(), (person.organisation for person in self.row.lead_people.all())
        )


# How a round line names its leads and organisations (RoundLine and TrackingLine).
def names_joined(people: Iterable[Person | OutlineLead]) -> str:
    return ", ".join(person.name for person in people)


def short_names_joined(organisations: Iterable[Organisation | OutlineOrganisation]) -> str:
    return ", ".join(org.short_name for org in organisations)


# Where a row's update for a round stands: one rule for RoundLine and TrackingLine.
def round_status(update: ProgressUpdate | None) -> str:
    return update.status if update else "not_started"


def line_is_finished(row_is_finished: bool, status: str) -> bool:
    """A complete row with nothing new this round: not asked for an update."""
    return row_is_finished and status not in DONE_STATUSES


def round_status_label(status: str, finished: bool) -> str:
    return "Complete: not chased" if finished else ROUND_STATUS_LABELS[status]


@dataclass(slots=True)
class TrackingLine:
    """A row on round tracking: plain values from the plan's outline, worked out once, so a plan
    of hundreds of rows builds no model instances but its updates in the round (issue 18)."""

    pk: int
    position: int
    reference: str  # the action's
    summary: str  # the description's first words
    theme: OutlineTheme
    people: list[OutlineLead]
    organisations: list[OutlineOrganisation]
    update: ProgressUpdate | None
    status: str
    status_label: str
    is_finished: bool
    is_outstanding: bool

    @property
    def lead_names(self) -> str:
        return names_joined(self.people)

    @property
    def organisation_names(self) -> str:
        return short_names_joined(self.organisations)


def counted_organisations[O: (Organisation, OutlineOrganisation)](
    own: Iterable[O], people_organisations: Iterable[O | None]
) -> list[O]:
    """The organisations a row counts for: its lead organisations and its lead people's, once
    each, by short name."""
    orgs = {org.pk: org for org in own}
    for org in people_organisations:
        if org is not None:
            orgs.setdefault(org.pk, org)
    return sorted(orgs.values(), key=lambda org: org.short_name)


def latest_versions(
    rounds: list[UpdateRound], row_ids: Collection[int] | None = None
) -> dict[int, ProgressUpdate]:
    """The latest version of each row's update in the given rounds, by row id (one query).
    A row belongs to one plan and a plan has one open round, so row ids do not collide."""
    updates = ProgressUpdate.objects.filter(round__in=rounds).select_related("rag")
    if row_ids is not None:
        updates = updates.filter(row_id__in=row_ids)
    return updates.latest_per_row()


def round_row_statuses(
    update_round: UpdateRound,
    rows: list[ProjectRow] | None = None,
    organisations: Mapping[int, list[Organisation]] | None = None,
) -> list[RoundLine]:
    """Every project row of the round's plan with where its update for the round stands. A page
    that has loaded every row of the plan already (with their status, leads and theme) passes
    them as `rows`, so they are not loaded twice; one that knows the organisations each row
    counts for (by row id) passes them too, and its rows need no leads."""
    latest = latest_versions([update_round])
    if rows is None:
        return [RoundLine(row, latest.get(row.pk), *_leads_listed(row)) for row in _round_rows(update_round)]
    if organisations is not None:
        return [RoundLine(row, latest.get(row.pk), organisations.get(row.pk, [])) for row in rows]
    return [RoundLine(row, latest.get(row.pk)) for row in rows]


def round_tracking(update_round: UpdateRound, outline: PlanOutline) -> list[TrackingLine]:
    """Every row of the round's plan in plan order with where its update for the round stands:
    the rows from the plan's outline (cached), the round's updates with their status alone."""
    latest = (
        ProgressUpdate.objects.filter(round=update_round)
        .only("id", "row_id", "status", "on_behalf_of_id")
        .latest_per_row()
    )
    lines = []
    for theme, action, row in outline.places:
        update = latest.get(row.pk)
        status = round_status(update)
        finished = line_is_finished(row.is_finished, status)
        lines.append(
            TrackingLine(
                pk=row.pk,
                position=row.position,
                reference=action.reference,
                summary=row.summary,
                theme=theme,
                people=row.people,
                organisations=counted_organisations(
                    row.organisations, (person.organisation for person in row.people)
                ),
                update=update,
                status=status,
                status_label=round_status_label(status, finished),
                is_finished=finished,
                is_outstanding=status not in DONE_STATUSES and not finished,
            )
        )
    return lines


def _round_rows(update_round: UpdateRound) -> list[ProjectRow]:
    """The round's rows in plan order, with their theme, current status and leads. The leads
    come as plain lists (`to_attr`): a related manager per row and relation costs more than the
    query itself on a plan of hundreds of rows (issue 18)."""
    rows: list[ProjectRow] = list(
        ProjectRow.objects.filter(action__plan_id=update_round.plan_id)
        .select_related("action__theme", "current_update__rag")
        .prefetch_related(
            Prefetch("lead_people", Person.objects.select_related("organisation"), to_attr="leads_listed"),
            Prefetch("lead_organisations", to_attr="organisations_listed"),
        )
        .order_by("action__theme__sort_key", "action__sort_key", "position")
    )
    for row in rows:  # one plan for all (not a copy of the plan and partnership per row)
        row.action.plan = update_round.plan
    return rows


def _leads_listed(row: ProjectRow) -> tuple[list[Organisation], list[Person]]:
    people: list[Person] = row.leads_listed  # type: ignore[attr-defined]  # set by _round_rows
    own: list[Organisation] = row.organisations_listed  # type: ignore[attr-defined]
    return counted_organisations(own, (person.organisation for person in people)), people


@dataclass
class Completeness:
    label: str
    total: int = 0
    done: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def round_completeness(
    lines: Sequence[RoundLine | TrackingLine],
) -> tuple[Completeness, list[Completeness], list[Completeness]]:
    """Overall, per-theme and per-organisation counts of rows submitted or accepted; complete
    rows that are not chased count for neither side."""
    overall = Completeness("All rows")
    themes: dict[int, Completeness] = {}
    orgs: dict[int, Completeness] = {}
    for line in lines:
        if line.is_finished:
            continue
        theme = line.theme if isinstance(line, TrackingLine) else line.row.action.theme
        buckets = [overall, themes.setdefault(theme.pk, Completeness(str(theme)))]
        buckets += [orgs.setdefault(org.pk, Completeness(org.short_name)) for org in line.organisations]
        for bucket in buckets:
            bucket.total += 1
            bucket.done += not line.is_outstanding
    return overall, list(themes.values()), sorted(orgs.values(), key=lambda c: c.label)


def open_round(plan: Plan) -> UpdateRound | None:
    return plan.rounds.filter(status=UpdateRound.Status.OPEN).first()


@dataclass
class MyRow:
    row: ProjectRow
    round: UpdateRound | None
    line: RoundLine | None


def my_rows(user: User) -> list[MyRow]:
    """The rows a user leads, each with its plan's open round and where its update stands."""
    rows = list(rows_led_by(user))
    plan_ids = {row.action.plan_id for row in rows}
    rounds = {
        r.plan_id: r
        for r in UpdateRound.objects.filter(
            plan_id__in=plan_ids, status=UpdateRound.Status.OPEN
        ).select_related("plan__partnership")
    }
    latest = latest_versions(list(rounds.values()), [row.pk for row in rows]) if rounds else {}
    result = []
    for row in rows:
        update_round = rounds.get(row.action.plan_id)
        line = RoundLine(row, latest.get(row.pk)) if update_round else None
        result.append(MyRow(row, update_round, line))
    return result


@dataclass(frozen=True)
class Deadline:
    round: UpdateRound
    partnership: Partnership
    days: int  # days left; negative when overdue

    @property
    def overdue(self) -> int:
        return max(0, -self.days)


def round_deadline(update_round: UpdateRound | None, today: datetime.date | None = None) -> Deadline | None:
    if update_round is None:
        return None
    today = today or timezone.localdate()
    return Deadline(update_round, update_round.plan.partnership, (update_round.due_date - today).days)


# What needs doing first: returned updates, then rows not started, drafts, then what is waiting
# for review or done, then rows whose plan has no round open.
MY_ROW_GROUPS = [
    ("returned", "Returned to you: change and submit again"),
    ("not_started", "Not started"),
    ("draft", "Drafts to finish and submit"),
    ("submitted", "Submitted, awaiting review"),
    ("accepted", "Accepted"),
    ("no_round", "No update round open"),
]


@dataclass
class MyRowGroup:
    key: str
    heading: str
    rows: list[MyRow]


def my_row_groups(rows: list[MyRow]) -> list[MyRowGroup]:
    """My actions grouped by what needs doing, in that order; empty groups left out."""
    groups = {key: MyRowGroup(key, heading, []) for key, heading in MY_ROW_GROUPS}
    for item in rows:
        groups[item.line.status if item.line else "no_round"].rows.append(item)
    return [group for group in groups.values() if group.rows]


def my_deadlines(rows: list[MyRow], today: datetime.date | None = None) -> list[Deadline]:
    """The open rounds behind a person's rows, soonest deadline first."""
    rounds = {item.round.pk: item.round for item in rows if item.round is not None}
    deadlines = [round_deadline(update_round, today) for update_round in rounds.values()]
    return sorted((d for d in deadlines if d is not None), key=lambda d: d.days)


# --- structure history ----------------------------------------------------------------------------

HISTORY_IGNORED_FIELDS = {"sort_key", "revision", "current_update"}
# Many-to-many history is diffed here from one query per field (simple-history's own m2m diff
# costs queries per record): field name -> the related column of its historical through model.
ROW_M2M_FIELDS = {"lead_people": "person", "lead_organisations": "organisation"}


# simple-history builds its historical models at run time, so a record has no static type.
type HistoricalRecord = Any


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: str
    what: str
    kind: str  # Created / Changed / Deleted
    changes: list[tuple[str, str, str]]  # (field label, old, new)


def _entries(
    records: list[HistoricalRecord],
    describe: Callable[[HistoricalRecord], str],
    m2m: dict[str, dict[int, set[int]]] | None = None,
    names: dict[tuple[str, int], str] | None = None,
) -> list[HistoryEntry]:
    """History entries for one object's records (oldest first), each diffed against the one before.

    `m2m` maps field name -> {history_id: set of related ids}; `names` maps (kind, id) -> name.
    """
    m2m, names = m2m or {}, names or {}
    entries = []
    previous = None
    for record in records:
        changes: list[tuple[str, str, str]] = []
        if previous is not None and record.history_type == "~":
            excluded = HISTORY_IGNORED_FIELDS | set(m2m)
            delta = record.diff_against(previous, excluded_fields=excluded)
            for change in delta.changes:
                field = record.instance_type._meta.get_field(change.field)
                label = str(field.verbose_name).capitalize()
                changes.append((label, _shown(change.old), _shown(change.new)))
            for field_name, by_record in m2m.items():
                old, new = by_record.get(previous.history_id, set()), by_record.get(record.history_id, set())
                if old != new:
                    label = str(record.instance_type._meta.get_field(field_name).verbose_name).capitalize()
                    kind = ROW_M2M_FIELDS[field_name]
                    changes.append((label, _names(old, kind, names), _names(new, kind, names)))
        kind = {"+": "Created", "~": "Changed", "-": "Deleted"}[record.history_type]
        if kind != "Changed" or changes:
            user = record.history_user
            who = (user.get_full_name() or user.get_username()) if user else "System"
            entries.append(HistoryEntry(record.history_date, who, describe(record), kind, changes))
        previous = record
    return entries


def _shown(value: object) -> str:
    return "" if value is None else str(value)[:300]


def _names(ids: set[int], kind: str, names: dict[tuple[str, int], str]) -> str:
    return ", ".join(sorted(names.get((kind, pk), f"{kind} {pk}") for pk in ids)) or "none"


def _row_m2m_history(record_ids: list[int]) -> dict[str, dict[int, set[int]]]:
    """For each many-to-many field of ProjectRow: history id -> the related ids at that time."""
    historical = ProjectRow.history.model
    result: dict[str, dict[int, set[int]]] = {}
    for field_name, column in ROW_M2M_FIELDS.items():
        through = historical._meta.get_field(f"historicalprojectrow_{field_name}").related_model
        by_record: dict[int, set[int]] = {}
        for history_id, related_id in through.objects.filter(history_id__in=record_ids).values_list(
            "history_id", column
        ):
            by_record.setdefault(history_id, set()).add(related_id)
        result[field_name] = by_record
    return result


def action_history(action: Action) -> list[HistoryEntry]:
    """Who changed what in the action, its project rows and their targets, newest first."""
    action_records = list(action.history.select_related("history_user").order_by("history_date"))
    entries = _entries(action_records, lambda r: f"Action {r.reference}")
    row_records = ProjectRow.history.filter(action_id=action.pk).select_related("history_user")
    by_row: dict[int, list[HistoricalRecord]] = {}
    for record in row_records.order_by("history_date"):
        by_row.setdefault(record.id, []).append(record)
    partnership = action.plan.partnership
    names = {("person", p.pk): p.name for p in partnership.people.all()}
    names |= {("organisation", o.pk): o.short_name for o in partnership.organisations.all()}
    m2m = _row_m2m_history([r.history_id for records in by_row.values() for r in records])
    for records in by_row.values():
        entries += _entries(records, lambda r: f"Project row {r.position}", m2m, names)
    row_ids = list(by_row)
    target_records = Target.history.filter(row_id__in=row_ids).select_related("history_user")
    by_target: dict[int, list[HistoricalRecord]] = {}
    for record in target_records.order_by("history_date"):
        by_target.setdefault(record.id, []).append(record)
    for records in by_target.values():
        entries += _entries(records, lambda r: f"Target: {r.description[:60]}")
    return sorted(entries, key=lambda e: e.when, reverse=True)


# --- the update form's help ------------------------------------------------------------------------


@dataclass
class FigureHistory:
    """A numeric target's accepted figures, oldest first, for "last time" and the trend."""

    target: Target
    points: list[tuple[str, Decimal]]  # (quarter label, value)

    @property
    def last(self) -> tuple[str, Decimal] | None:
        return self.points[-1] if self.points else None

    @property
    def chart(self) -> str:
        return charts.line_chart(
            chart_id=f"trend-{self.target.pk}",
            title=f"Trend: {self.target.description}",
            desc="The accepted figure each quarter; the table beside it lists the same figures.",
            series=self.points,
            target=self.target.target_value,
            baseline=self.target.baseline,
            unit=self.target.unit,
        )


@dataclass(frozen=True)
class Contact:
    name: str
    role: str  # "Lead officer", "Coordinator"
    email: str


@dataclass
class UpdateFormHelp:
    figures: dict[int, FigureHistory]  # by target id
    rag_scale: list[RagStatus]
    glossary: list[GlossaryTerm]
    contacts: list[Contact]


def coordinator_contacts(partnership: Partnership) -> list[Contact]:
    """The partnership's coordinators who can be e-mailed (one query)."""
    people = partnership.people.filter(
        user__memberships__partnership=partnership, user__memberships__role=Membership.Role.COORDINATOR
    ).exclude(email="")
    return [Contact(person.name, "Coordinator", person.email) for person in people]


def row_contacts(row: ProjectRow) -> list[Contact]:
    """Who to ask about a row: its lead officers, then the partnership's coordinators."""
    leads = [Contact(p.name, "Lead officer", p.email) for p in row.lead_people.all() if p.email]
    return leads + coordinator_contacts(row.action.plan.partnership)


def update_form_help(*, row: ProjectRow, previous: list[ProgressUpdate]) -> UpdateFormHelp:
    """What a lead officer needs beside the form: each numeric target's figures so far, the
    partnership's RAG key and the acronyms the row and its recent updates use."""
    partnership = row.action.plan.partnership
    start_month = partnership.year_start_month
    by_quarter: dict[int, dict[tuple[int, int], Decimal]] = defaultdict(dict)
    figures = (
        TargetFigure.objects.filter(target__row=row, update__in=row.updates.accepted())
        .select_related("update")
        .order_by(*(f"update__{name}" for name in CHRONOLOGICAL))
    )
    for figure in figures:  # oldest first, so a quarter's latest version wins
        by_quarter[figure.target_id][(figure.update.period_year, figure.update.period_quarter)] = figure.value
    histories = {
        target.pk: FigureHistory(
            target,
            [
                (Quarter(year, number, start_month).label, value)
                for (year, number), value in sorted(by_quarter[target.pk].items())
            ],
        )
        for target in row.targets.all()
        if target.is_numeric
    }
    text = " ".join(
        [row.action.title, row.action.outcome, row.description]
        + [t.description for t in row.targets.all()]
        + [u.narrative for u in previous]
    )
    return UpdateFormHelp(
        figures=histories,
        rag_scale=list(partnership.rag_statuses.all()),
        glossary=terms_used(partnership.glossary.all(), text),
        contacts=row_contacts(row),
    )


# --- when a plan last changed ---------------------------------------------------------------------


def plan_changed_at(plan: Plan) -> datetime.datetime | None:
    """The last time anything a plan's reports show changed: its structure (every edit leaves a
    history record, imports and carry-over included) or any of its rows' updates (saved,
    submitted, reviewed). A report rendered after this is still current."""
    from django.db.models import Max

    actions = Action.objects.filter(plan=plan).values("pk")
    rows = ProjectRow.objects.filter(action__plan=plan).values("pk")
    stamps = [
        Plan.history.filter(id=plan.pk).aggregate(at=Max("history_date"))["at"],
        Theme.history.filter(plan_id=plan.pk).aggregate(at=Max("history_date"))["at"],
        Action.history.filter(plan_id=plan.pk).aggregate(at=Max("history_date"))["at"],
        ProjectRow.history.filter(action_id__in=actions).aggregate(at=Max("history_date"))["at"],
        Target.history.filter(row_id__in=rows).aggregate(at=Max("history_date"))["at"],
        ProgressUpdate.objects.filter(row__action__plan=plan).aggregate(at=Max("updated_at"))["at"],
    ]
    present = [stamp for stamp in stamps if stamp is not None]
    return max(present) if present else None
