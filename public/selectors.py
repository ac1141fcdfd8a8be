"""What the public sees of a plan, built only from the fields its publication settings switch on.

The public templates and the public data file receive these dataclasses, never models: a field
that is not published is never copied, so no template can show it by mistake. Rows, statuses
and roll-ups come from the plan's outline for the public (plans/outline.py: each row's current
update, its latest accepted one); drafts, submitted or returned updates and review comments are
never read. Costs a fixed number of
queries whatever the size of the plan.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max
from django.utils import timezone

from csp_tracker import charts
from partners.audience import Audience
from partners.models import Partnership, RagStatus
from plans.models import ExpectedOutcome, Plan, ProgressUpdate, Target, TargetFigure
from plans.outline import OutlineAction, OutlineRow, plan_outline
from plans.rollup import RULE_TEXT, RolledUp
from public.models import PublicationSettings
from reports.models import ScrutinyReport

NO_STATUS_LABEL = "No status yet"


def accepted_updates():
    """Accepted progress updates: the only ones the public may read."""
    return ProgressUpdate.objects.accepted()


@dataclass(frozen=True)
class PublicStatus:
    status: RagStatus | None
    reason: str = ""

    @property
    def label(self) -> str:
        return self.status.label if self.status else NO_STATUS_LABEL


@dataclass
class PublicFigure:
    period: str
    value: Decimal
    met: bool | None


@dataclass
class PublicTarget:
    description: str
    unit: str
    baseline: Decimal | None
    baseline_period: str
    target_value: Decimal | None
    target_period: str
    direction: str
    figures: list[PublicFigure] = field(default_factory=list)
    chart: str = ""
    chart_id: str = ""

    @property
    def latest(self) -> PublicFigure | None:
        return self.figures[-1] if self.figures else None


@dataclass
class PublicRow:
    position: int
    description: str
    target_text: str
    milestone: str
    organisations: list[str]
    officers: list[str]
    status: PublicStatus
    period: str
    update_date: datetime.date | None
    narrative: str
    risk: str
    targets: list[PublicTarget]

    @property
    def lead(self) -> str:
        return ", ".join(self.officers + [o for o in self.organisations if o not in self.officers])


@dataclass
class PublicAction:
    pk: int
    reference: str
    title: str
    outcome: str
    due: str
    budget: str
    resource: str
    status: PublicStatus
    outcomes: list[tuple[int, str, str]]  # number, text, status label
    rows: list[PublicRow]

    @property
    def organisations(self) -> list[str]:
        seen: dict[str, None] = {}
        for row in self.rows:
            seen.update(dict.fromkeys(row.organisations))
        return list(seen)


@dataclass
class PublicTheme:
    number: str
    title: str
    description: str
    lead_agency: str
    status: PublicStatus
    actions: list[PublicAction]


@dataclass
class MixChart:
    title: str
    svg: str
    series: list[str]
    rows: list[tuple[str, list[int], int]]


@dataclass
class PublicPlan:
    plan_pk: int
    title: str
    period_label: str
    vision: str
    partnership: Partnership
    settings: PublicationSettings
    status: PublicStatus
    themes: list[PublicTheme]
    scale: list[RagStatus]
    rule_text: str
    you_said_we_did: list[dict]
    you_said_source: str
    chart: MixChart | None
    last_updated: datetime.datetime

    @property
    def actions(self) -> list[PublicAction]:
        return [action for theme in self.themes for action in theme.actions]

    def action(self, pk: int) -> PublicAction | None:
        return next((a for a in self.actions if a.pk == pk), None)


def publication_of(plan: Plan) -> PublicationSettings:
    """The plan's publication settings; unsaved defaults (nothing published) when it has none."""
    try:
        return plan.publication
    except PublicationSettings.DoesNotExist:
        return PublicationSettings(plan=plan)


def published_plan(partnership_slug: str, plan_pk: int) -> Plan | None:
    """The live, published plan at this address, or None (one query)."""
    return (
        Plan.objects.select_related("partnership", "publication")
        .filter(
            partnership__slug=partnership_slug,
            pk=plan_pk,
            status=Plan.Status.LIVE,
            publication__is_published=True,
        )
        .first()
    )


def _status(rolled: RolledUp, publication: PublicationSettings) -> PublicStatus:
    reason = rolled.reason if (rolled.overridden and publication.show_rag_reason) else ""
    return PublicStatus(rolled.status, reason)


def _figures_by_target(plan: Plan, action_pk: int | None) -> dict[int, list[TargetFigure]]:
    """Accepted figures per target, oldest first: of one action, or of the whole plan (None)."""
    scope = {"target__row__action_id": action_pk} if action_pk else {"target__row__action__plan": plan}
    figures = (
        TargetFigure.objects.filter(update__in=accepted_updates(), **scope)
        .select_related("update")
        .order_by("target_id", "update__period_year", "update__period_quarter", "update__update_date", "id")
    )
    by_target: dict[int, dict[tuple[int, int], TargetFigure]] = defaultdict(dict)
    for figure in figures:  # oldest first: a quarter's latest accepted figure wins
        by_target[figure.target_id][(figure.update.period_year, figure.update.period_quarter)] = figure
    return {target_id: list(quarters.values()) for target_id, quarters in by_target.items()}


def _target(
    target: Target,
    figures: list[TargetFigure],
    publication: PublicationSettings,
    *,
    chart: bool,
    start_month: int,
) -> PublicTarget:
    met = target.is_met if target.target_value is not None else (lambda value: None)
    shown = [
        PublicFigure(figure.update.period(start_month).label, figure.value, met(figure.value))
        for figure in (figures if publication.show_figures else [])
    ]
    public = PublicTarget(
        description=target.description,
        unit=target.unit,
        baseline=target.baseline,
        baseline_period=target.baseline_period,
        target_value=target.target_value,
        target_period=target.target_period,
        direction=target.get_direction_display() if target.is_numeric else "",
        figures=shown,
    )
    if chart and publication.show_charts and len(shown) > 1:
        public.chart_id = f"target-{target.pk}"
        public.chart = charts.line_chart(
            chart_id=public.chart_id,
            title=target.description,
            desc=(
                f"Line chart of the figures reported each quarter ({target.get_direction_display().lower()})"
                + ". The table below gives every figure."
            ),
            series=[(figure.period, figure.value) for figure in shown],
            target=target.target_value,
            baseline=target.baseline,
            unit=target.unit,
        )
    return public


def _row(
    row: OutlineRow,
    targets: list[Target],
    figures: dict[int, list[TargetFigure]],
    publication: PublicationSettings,
    detail: bool,
) -> PublicRow:
    """A row as published; its targets' figures and charts only in `detail` (one action's page)."""
    start_month = publication.plan.partnership.year_start_month
    update = row.update  # the latest accepted update, or None
    organisations = {org.short_name: org.name for org in row.organisations}
    for person in row.people:
        if person.organisation is not None:
            organisations.setdefault(person.organisation.short_name, person.organisation.name)
    officers = [person.name for person in row.people] if publication.show_officer_names else []
    reason = update.rag_reason if (update and publication.show_rag_reason) else ""
    return PublicRow(
        position=row.position,
        description=row.description,
        target_text=row.target_text if publication.show_targets else "",
        milestone=row.milestone if publication.show_dates else "",
        organisations=sorted(organisations.values()),
        officers=officers,
        status=PublicStatus(row.rag, reason),
        period=update.period if update else "",
        update_date=update.update_date if update else None,
        narrative=update.narrative if (update and publication.show_narratives) else "",
        risk=update.risk if (update and publication.show_risk) else "",
        targets=[
            _target(target, figures.get(target.pk, []), publication, chart=detail, start_month=start_month)
            for target in (targets if publication.show_targets else [])
        ],
    )


def _action(
    action: OutlineAction,
    outcomes: list[ExpectedOutcome],
    targets: dict[int, list[Target]],
    figures: dict[int, list[TargetFigure]],
    publication: PublicationSettings,
    detail: bool,
) -> PublicAction:
    budget = ""
    if publication.show_budget:
        budget = action.budget_text or (f"£{action.budget:,.2f}" if action.budget is not None else "")
    return PublicAction(
        pk=action.pk,
        reference=action.reference,
        title=action.title,
        outcome=action.outcome,
        due=action.due if publication.show_dates else "",
        budget=budget,
        resource=action.resource if publication.show_budget else "",
        status=_status(action.rag, publication),
        outcomes=[
            (o.number, o.text, o.status.label if o.status else "")
            for o in (outcomes if publication.show_outcomes else [])
        ],
        rows=[_row(row, targets.get(row.pk, []), figures, publication, detail) for row in action.rows],
    )


def _mix_chart(themes: list[PublicTheme], scale: list[RagStatus]) -> MixChart:
    series = [s.label for s in scale] + [NO_STATUS_LABEL]
    table, bars = [], []
    for theme in themes:
        counts = Counter(row.status.label for action in theme.actions for row in action.rows)
        values = [counts.get(label, 0) for label in series]
        name = f"{theme.number}. {theme.title}"
        table.append((name, values, sum(values)))
        fills = [(s.colour, s.text_colour) for s in scale] + [(charts.NO_STATUS_FILL, charts.INK)]
        bars.append(
            charts.Bar(
                name,
                [
                    charts.Segment(label, count, fill, text)
                    for label, count, (fill, text) in zip(series, values, fills, strict=True)
                ],
            )
        )
    legend = [charts.Segment(s.label, 0, s.colour, s.text_colour) for s in scale]
    legend.append(charts.Segment(NO_STATUS_LABEL, 0, charts.NO_STATUS_FILL))
    title = "Status of the plan's projects by theme"
    summary = "; ".join(
        f"{name}: " + ", ".join(f"{n} {label}" for label, n in zip(series, values, strict=True) if n)
        for name, values, total in table
        if total
    )
    svg = charts.stacked_bars(
        chart_id="public-theme-mix",
        title=title,
        desc=f"Stacked bars, one per theme, split by status. {summary or 'No projects.'}",
        bars=[bar for bar, (_n, _v, total) in zip(bars, table, strict=True) if total],
        legend=legend,
    )
    return MixChart(title, svg, series, table)


def _you_said_we_did(plan: Plan) -> tuple[list[dict], str]:
    report = (
        ScrutinyReport.objects.filter(plan=plan, status=ScrutinyReport.Status.ISSUED)
        .order_by("-issued_at", "-meeting_date", "-id")
        .only("you_said_we_did", "title", "committee", "meeting_date")
        .first()
    )
    if report is None:
        return [], ""
    pairs = [
        {"you_said": str(p.get("you_said", "")), "we_did": str(p.get("we_did", ""))}
        for p in report.you_said_we_did or []
        if isinstance(p, dict)
    ]
    return pairs, f"{report.committee}, {report.meeting_date:%-d %B %Y}"


def last_updated(plan: Plan, publication: PublicationSettings) -> datetime.datetime:
    """When the public page's content last changed: the latest review of an accepted update, a
    change to what the plan's outline shows (its structure, a lead's or a status's name:
    `Plan.outline_changed_at`), or a change to the publication settings (one query)."""
    reviewed = accepted_updates().filter(row__action__plan=plan).aggregate(at=Max("reviewed_at"))["at"]
    moments = [
        m for m in (reviewed, plan.outline_changed_at, publication.updated_at, publication.published_at) if m
    ]
    return max(moments) if moments else timezone.now()


def public_plan(
    plan: Plan,
    publication: PublicationSettings | None = None,
    *,
    detail_action_pk: int | None = None,
    all_figures: bool = False,
    changed: datetime.datetime | None = None,
) -> PublicPlan:
    """The plan as the public sees it under its publication settings (published or not: the
    coordinator's preview uses the same function). Figures are read for one action's page
    (`detail_action_pk`, with charts) or for the whole plan (`all_figures`, for the file)."""
    publication = publication or publication_of(plan)
    outline = plan_outline(plan, Audience.of(None, plan.partnership))  # what anyone may see
    # Targets and expected outcomes are read for the pages that show them: one action's page
    # (`detail_action_pk`) and the file of every row (`all_figures`, targets only).
    targets: dict[int, list[Target]] = defaultdict(list)
    figures = {}
    if publication.show_targets and (detail_action_pk or all_figures):
        shown = Target.objects.filter(row__action__plan=plan).defer("search_vector")
        for target in shown if all_figures else shown.filter(row__action_id=detail_action_pk or 0):
            targets[target.row_id].append(target)
        if publication.show_figures:
            figures = _figures_by_target(plan, None if all_figures else detail_action_pk)
    outcomes: dict[int, list[ExpectedOutcome]] = defaultdict(list)
    if publication.show_outcomes and detail_action_pk:
        shown_outcomes = ExpectedOutcome.objects.filter(action__plan=plan, action_id=detail_action_pk)
        for outcome in shown_outcomes.select_related("status"):
            outcomes[outcome.action_id].append(outcome)
    themes = [
        PublicTheme(
            number=theme.number,
            title=theme.title,
            description=theme.description,
            lead_agency=theme.lead_agency,
            status=_status(theme.rag, publication),
            actions=[
                _action(
                    action,
                    outcomes.get(action.pk, []),
                    targets,
                    figures,
                    publication,
                    detail=action.pk == detail_action_pk,
                )
                for action in theme.actions
            ],
        )
        for theme in outline.themes
    ]
    scale = outline.scale
    pairs, source = _you_said_we_did(plan) if publication.show_you_said_we_did else ([], "")
    return PublicPlan(
        plan_pk=plan.pk,
        title=plan.title,
        period_label=plan.period_label,
        vision=plan.vision,
        partnership=plan.partnership,
        settings=publication,
        status=_status(outline.rag, publication),
        themes=themes,
        scale=scale,
        rule_text=RULE_TEXT,
        you_said_we_did=pairs,
        you_said_source=source,
        chart=_mix_chart(themes, scale) if publication.show_charts else None,
        last_updated=changed or last_updated(plan, publication),
    )


def public_rows_table(content: PublicPlan) -> tuple[list[str], list[list]]:
    """The public page's project rows as one table with stable column names (for the CSV file);
    the latest figure is a number."""
    columns = ["theme", "action_reference", "action", "project", "lead", "status", "status_reason"]
    columns += ["status_period", "narrative", "risk", "target", "latest_figure", "latest_figure_period"]
    table = []
    for theme in content.themes:
        for action in theme.actions:
            for row in action.rows:
                latest = [t.latest for t in row.targets if t.latest]
                table.append(
                    [
                        f"{theme.number}. {theme.title}",
                        action.reference,
                        action.title,
                        row.description,
                        row.lead,
                        row.status.label,
                        row.status.reason,
                        row.period,
                        row.narrative,
                        row.risk,
                        row.target_text,
                        latest[0].value if latest else "",
                        latest[0].period if latest else "",
                    ]
                )
    return columns, table
