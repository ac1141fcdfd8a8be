"""The plan dashboard: RAG mix per theme and per quarter, rows off track, completeness, changes.

Costs a fixed number of queries whatever the number of actions, rows and updates: the rows in
one query (plus prefetches), the accepted update history in one, and the rest in Python.
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
from plans.selectors import Completeness

NO_STATUS_LABEL = "No status yet"
RECENT_CHANGES = 10


@dataclass
class DashboardRow:
    row: ProjectRow
    update: ProgressUpdate | None

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
    update: ProgressUpdate
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


def accepted_history(plan: Plan, row_ids: Iterable[int]) -> dict[int, list[ProgressUpdate]]:
    """Every accepted update of the rows, per row, oldest first (one query)."""
    updates = (
        ProgressUpdate.objects.filter(row__action__plan=plan, row_id__in=row_ids)
        .accepted()
        .select_related("rag")
        .oldest_first()
    )
    history: dict[int, list[ProgressUpdate]] = defaultdict(list)
    for update in updates:
        history[update.row_id].append(update)
    return history


def status_as_at(updates: list[ProgressUpdate], quarter: Quarter) -> ProgressUpdate | None:
    """The latest accepted update for a quarter no later than `quarter`."""
    latest = None
    for update in updates:
        if (update.period_year, update.period_quarter) <= (quarter.year, quarter.number):
            latest = update
    return latest


def rag_changes(history: dict[int, list[ProgressUpdate]], limit: int = RECENT_CHANGES) -> list[RagChange]:
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


def _mix(lines: list[DashboardRow], scale: list[RagStatus], link: Callable[[str], str]) -> list[MixCell]:
    counts = Counter(line.status.pk if line.status else None for line in lines)
    cells = [MixCell(status, counts.get(status.pk, 0), link(status.code)) for status in scale]
    cells.append(MixCell(None, counts.get(None, 0), link(NO_STATUS)))
    return cells


def plan_dashboard(plan: Plan, params: QueryDict, base_url: str) -> PlanDashboard:
    scale = list(plan.partnership.rag_statuses.all())
    quarters = plan_quarters(plan)
    row_filter = DashboardFilter(
        params or None,
        queryset=ProjectRow.objects.filter(action__plan=plan),
        plan=plan,
        scale=scale,
        quarters=quarters,
    )
    # Every row of the plan once (the open round's completeness counts them all), then the
    # filter's choice of them by id: one light query instead of loading the rows twice.
    all_rows = list(
        ProjectRow.objects.filter(action__plan=plan)
        .select_related("action__theme", "current_update__rag")
        .prefetch_related("lead_people__organisation", "lead_organisations")
        .order_by("action__theme__sort_key", "action__sort_key", "position", "id")
    )
    for row in all_rows:
        row.action.plan = plan
    chosen = set(row_filter.qs.values_list("pk", flat=True))
    rows = [row for row in all_rows if row.pk in chosen]
    history = accepted_history(plan, [row.pk for row in rows])
    by_id = {row.pk: row for row in rows}
    for updates in history.values():
        for update in updates:
            update.row = by_id[update.row_id]  # the rows are loaded already: no query per update
    as_of = row_filter.as_of
    lines = [
        DashboardRow(row, status_as_at(history.get(row.pk, []), as_of) if as_of else row.current_update)
        for row in rows
    ]
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
    themes = {}
    for line in lines:
        theme = line.row.action.theme
        themes[theme.pk] = theme
        by_theme[theme.pk].append(line)
    theme_mix = [
        MixLine(
            str(theme),
            link(theme=theme.pk, rag=""),
            _mix(by_theme[pk], scale, rag_link(theme=pk)),
        )
        for pk, theme in themes.items()
    ]
    quarter_mix = []  # ignores the RAG and quarter filters: it spans every quarter
    for quarter in quarters:
        at = [DashboardRow(row, status_as_at(history.get(row.pk, []), quarter)) for row in rows]
        key = quarter_key(quarter)
        quarter_mix.append(
            MixLine(
                quarter.label,
                link(quarter=key, rag=""),
                _mix(at, scale, rag_link(quarter=key)),
            )
        )
    listed = lines if row_filter.is_filtering else [x for x in lines if x.status and x.status.needs_reason]
    update_round = plan_selectors.open_round(plan)
    completeness = None
    if update_round:
        completeness = plan_selectors.round_completeness(
            plan_selectors.round_row_statuses(update_round, rows=all_rows)
        )
    current = as_of or (quarters[-1] if quarters else None)
    previous = current.previous() if current is not None else None
    if previous is not None and quarters and previous < quarters[0]:
        previous = None
    summary = councillor_summary(
        lines=lines,
        previous_status=lambda row: (
            (update.rag if (update := status_as_at(history.get(row.pk, []), previous)) else None)
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
