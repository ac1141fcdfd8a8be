"""The plan dashboard: RAG mix per theme and per quarter, rows off track, completeness, changes.

Costs a fixed number of queries whatever the number of actions, rows and updates: the rows, their
actions, themes and leads from the plan's outline (cached), the accepted update history in one
query, and the rest in Python.
"""

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils import timezone

from csp_tracker import charts
from csp_tracker.periods import Quarter, quarters_between
from indicators.dashboard_summary import CouncillorSummary, councillor_summary
from indicators.filters import NO_STATUS, DashboardFilter, quarter_key
from partners.models import RagStatus
from plans import selectors as plan_selectors
from plans.models import Plan, ProgressUpdate, ProjectRow, UpdateRound
from plans.outline import OutlineAction, OutlinePlace, OutlineRow, OutlineTheme, PlanOutline
from plans.selectors import Completeness

NO_STATUS_LABEL = "No status yet"
RECENT_CHANGES = 10


@dataclass
class DashboardRow:
    place: OutlinePlace
    update: "AcceptedUpdate | None"

    @property
    def row(self) -> OutlineRow:
        return self.place.row

    @property
    def action(self) -> OutlineAction:
        return self.place.action

    @property
    def theme(self) -> OutlineTheme:
        return self.place.theme

    @property
    def lead(self) -> str:
        return self.place.row.lead

    @property
    def status(self) -> RagStatus | None:
        return self.update.rag if self.update else None


@dataclass
class MixCell:
    status: RagStatus | None
    count: int
    href: str

    @property
    def label(self) -> str:
        return self.status.label if self.status else NO_STATUS_LABEL


@dataclass
class MixLine:
    label: str
    href: str
    cells: list[MixCell]

    @property
    def total(self) -> int:
        return sum(cell.count for cell in self.cells)


@dataclass
class RagChange:
    update: "AcceptedUpdate"
    before: RagStatus | None


@dataclass
class PlanDashboard:
    filter: DashboardFilter
    scale: list[RagStatus]
    quarters: list[Quarter]
    rows: list[DashboardRow]
    listed: list[DashboardRow]
    theme_mix: list[MixLine]
    quarter_mix: list[MixLine]
    changes: list[RagChange]
    open_round: UpdateRound | None = None
    completeness: tuple[Completeness, list[Completeness], list[Completeness]] | None = None
    charts: dict[str, str] = field(default_factory=dict)
    summary: CouncillorSummary | None = None
    worst: RagStatus | None = None

    @property
    def off_track_count(self) -> int:
        return sum(1 for line in self.rows if line.status and line.status.needs_reason)


def plan_quarters(plan: Plan, today: datetime.date | None = None) -> list[Quarter]:
    """The plan's quarters up to the current one (a dashboard has nothing to say about the future)."""
    start_month = plan.partnership.year_start_month
    today = today or timezone.localdate()
    quarters = quarters_between(plan.start_date, plan.end_date, start_month)
    current = Quarter.containing(today, start_month)
    return [q for q in quarters if q <= current] or quarters[:1]


@dataclass(slots=True)
class AcceptedUpdate:
    """An accepted update as the dashboard compares and shows it: plain values, not a model
    instance (a plan has thousands), its RAG from the scale already loaded."""

    pk: int
    row_id: int
    period_year: int
    period_quarter: int
    update_date: datetime.date
    rag_id: int | None
    rag: RagStatus | None
    place: OutlinePlace | None = None  # the row's, from the outline
    narrative: str = ""  # the words only of the updates shown (`_words_attach`)
    rag_reason: str = ""
    risk: str = ""

    def period(self, start_month: int) -> Quarter:
        return Quarter(self.period_year, self.period_quarter, start_month)


def accepted_history(plan: Plan, scale: list[RagStatus]) -> dict[int, list[AcceptedUpdate]]:
    """Every accepted update of the plan's rows, per row, oldest first (one query)."""
    statuses: dict[int | None, RagStatus] = {status.pk: status for status in scale}
    updates = (
        ProgressUpdate.objects.filter(row__action__plan=plan)
        .accepted()
        .oldest_first()
        .values_list("id", "row_id", "period_year", "period_quarter", "update_date", "rag_id")
    )
    history: dict[int, list[AcceptedUpdate]] = defaultdict(list)
    for pk, row_id, year, quarter, day, rag_id in updates:
        history[row_id].append(AcceptedUpdate(pk, row_id, year, quarter, day, rag_id, statuses.get(rag_id)))
    return history


def _words_attach(lines: list["DashboardRow"]) -> None:
    """The narrative, reason and risk of the (lightly loaded) updates the lines show: a row's
    current update's from the outline, any other's (as at an earlier quarter) in one query."""
    unread: dict[int, AcceptedUpdate] = {}
    for line in lines:
        update, known = line.update, line.row
        if update is None:
            continue
        if known.update is not None and known.update.pk == update.pk:
            update.narrative, update.rag_reason, update.risk = (
                known.update.narrative,
                known.update.rag_reason,
                known.update.risk,
            )
        else:
            unread[update.pk] = update
    if unread:
        words = ProgressUpdate.objects.filter(pk__in=unread).values_list(
            "pk", "narrative", "rag_reason", "risk"
        )
        for pk, narrative, rag_reason, risk in words:
            unread[pk].narrative, unread[pk].rag_reason, unread[pk].risk = narrative, rag_reason, risk


def status_as_at(updates: list[AcceptedUpdate], quarter: Quarter) -> AcceptedUpdate | None:
    """The latest accepted update for a quarter no later than `quarter`."""
    return statuses_by_quarter(updates, [quarter])[0]


def statuses_by_quarter(
    updates: list[AcceptedUpdate], quarters: list[Quarter]
) -> list[AcceptedUpdate | None]:
    """`status_as_at` each of `quarters` (in order), in one walk of a row's updates (oldest
    first): the quarter mix asks it of every row for every quarter of a plan."""
    found: list[AcceptedUpdate | None] = []
    latest: AcceptedUpdate | None = None
    taken = 0
    for quarter in quarters:
        until = (quarter.year, quarter.number)
        while taken < len(updates) and (updates[taken].period_year, updates[taken].period_quarter) <= until:
            latest = updates[taken]
            taken += 1
        found.append(latest)
    return found


def rag_changes(history: dict[int, list[AcceptedUpdate]], limit: int = RECENT_CHANGES) -> list[RagChange]:
    """The latest accepted updates whose RAG differs from the row's previous accepted update."""
    changes = []
    for updates in history.values():
        for before, after in zip(updates, updates[1:], strict=False):
            if before.rag_id != after.rag_id:
                changes.append(RagChange(after, before.rag))
    changes.sort(
        key=lambda c: (c.update.period_year, c.update.period_quarter, c.update.update_date), reverse=True
    )
    return changes[:limit]


def _mix(
    statuses: Iterable[RagStatus | None], scale: list[RagStatus], link: Callable[[str], str]
) -> list[MixCell]:
    counts = Counter(status.pk if status else None for status in statuses)
    cells = [MixCell(status, counts.get(status.pk, 0), link(status.code)) for status in scale]
    cells.append(MixCell(None, counts.get(None, 0), link(NO_STATUS)))
    return cells


def plan_dashboard(plan: Plan, params: QueryDict, base_url: str, outline: PlanOutline) -> PlanDashboard:
    """The dashboard of a plan; `outline` (plans/outline.py) gives the RAG scale, each row's
    leads and its current update's words, so the rows are loaded here without them."""
    scale = outline.scale
    quarters = plan_quarters(plan)
    row_filter = DashboardFilter(
        params or None,
        queryset=ProjectRow.objects.filter(action__plan=plan),
        plan=plan,
        scale=scale,
        quarters=quarters,
    )
    # Every row of the plan from the outline (the open round's completeness counts them all),
    # then the filter's choice of them by id. Each row's current update comes from the accepted
    # history, loaded anyway.
    places = outline.places
    history = accepted_history(plan, scale)
    by_id = {place.row.pk: place for place in places}
    accepted: dict[int, AcceptedUpdate] = {}
    for updates in history.values():
        for update in updates:
            update.place = by_id.get(update.row_id)
            accepted[update.pk] = update
    if row_filter.narrows_rows:
        chosen = set(row_filter.qs.values_list("pk", flat=True))
        places = [place for place in places if place.row.pk in chosen]
        history = {pk: history[pk] for pk in chosen if pk in history}
    as_of = row_filter.as_of
    lines = [
        DashboardRow(
            place,
            status_as_at(history.get(place.row.pk, []), as_of)
            if as_of
            else accepted.get(place.row.update.pk if place.row.update else 0),
        )
        for place in places
    ]
    _words_attach(lines)
    rag = row_filter.cleaned("rag")
    if rag:
        lines = [line for line in lines if (line.status.code if line.status else NO_STATUS) == rag]

    kept = {key: value for key, value in params.items() if key in row_filter.filters and value}

    def link(**changes: str | int | None) -> str:
        query = {**kept, **{key: value for key, value in changes.items() if value is not None}}
        return f"{base_url}?{urlencode(query)}#rows"

    def rag_link(**fixed: str | int) -> Callable[[str], str]:
        """The link to the rows of one RAG status, within the `fixed` filters."""
        return lambda code: link(**fixed, rag=code)

    by_theme: dict[int, list[DashboardRow]] = defaultdict(list)
    themes: dict[int, OutlineTheme] = {}
    for line in lines:
        theme = line.theme
        themes[theme.pk] = theme
        by_theme[theme.pk].append(line)
    theme_mix = [
        MixLine(
            str(theme),
            link(theme=theme.pk, rag=""),
            _mix((line.status for line in by_theme[pk]), scale, rag_link(theme=pk)),
        )
        for pk, theme in themes.items()
    ]
    # The quarter mix ignores the RAG and quarter filters: it spans every quarter.
    by_quarter: list[list[RagStatus | None]] = [[] for _ in quarters]
    for place in places:
        as_at = statuses_by_quarter(history.get(place.row.pk, []), quarters)
        for column, status in zip(by_quarter, as_at, strict=True):
            column.append(status.rag if status else None)
    quarter_mix = []
    for quarter, column in zip(quarters, by_quarter, strict=True):
        key = quarter_key(quarter)
        quarter_mix.append(
            MixLine(quarter.label, link(quarter=key, rag=""), _mix(column, scale, rag_link(quarter=key)))
        )
    listed = lines if row_filter.is_filtering else [x for x in lines if x.status and x.status.needs_reason]
    update_round = plan_selectors.open_round(plan)
    completeness = None
    if update_round:
        completeness = plan_selectors.round_completeness(plan_selectors.round_tracking(update_round, outline))
    current = as_of or (quarters[-1] if quarters else None)
    previous = current.previous() if current is not None else None
    if previous is not None and quarters and previous < quarters[0]:
        previous = None
    summary = councillor_summary(
        lines=lines,
        previous_status=lambda line: (
            (update.rag if (update := status_as_at(history.get(line.row.pk, []), previous)) else None)
            if previous is not None
            else None
        ),
        previous_quarter=previous,
        open_round=update_round,
        outstanding=completeness[0].total - completeness[0].done if completeness else 0,
        off_track_link=f"{base_url}#rows",
        today=timezone.localdate(),
        start_month=plan.partnership.year_start_month,
    )
    dashboard = PlanDashboard(
        filter=row_filter,
        scale=scale,
        quarters=quarters,
        rows=lines,
        listed=listed,
        theme_mix=theme_mix,
        quarter_mix=quarter_mix,
        changes=rag_changes(history),
        open_round=update_round,
        completeness=completeness,
        summary=summary,
    )
    dashboard.charts = {
        "themes": _mix_chart(
            "theme-mix", "RAG status of project rows by theme", theme_mix, scale, "theme", as_of
        ),
        "quarters": _mix_chart(
            "quarter-mix",
            "How the RAG mix moved across the plan's quarters",
            quarter_mix,
            scale,
            "quarter",
            None,
        ),
    }
    return dashboard


def _mix_chart(
    chart_id: str, title: str, mix: list[MixLine], scale: list[RagStatus], per: str, as_of: Quarter | None
) -> str:
    legend = [charts.Segment(s.label, 0, s.colour, s.text_colour) for s in scale]
    legend.append(charts.Segment(NO_STATUS_LABEL, 0, charts.NO_STATUS_FILL))
    bars = [
        charts.Bar(
            line.label,
            [
                charts.Segment(
                    cell.label,
                    cell.count,
                    cell.status.colour if cell.status else charts.NO_STATUS_FILL,
                    cell.status.text_colour if cell.status else charts.INK,
                    cell.href,
                )
                for cell in line.cells
            ],
            line.href,
        )
        for line in mix
        if line.total
    ]
    when = f" as at {as_of.label}" if as_of else ""
    summary = "; ".join(
        f"{line.label}: " + ", ".join(f"{cell.count} {cell.label}" for cell in line.cells if cell.count)
        for line in mix
        if line.total
    )
    desc = f"Stacked bars, one per {per}{when}, split by status. {summary or 'No rows.'}"
    return charts.stacked_bars(chart_id=chart_id, title=title, desc=desc, bars=bars, legend=legend)
