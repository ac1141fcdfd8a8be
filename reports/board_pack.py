"""The content of the board pack for a partnership meeting: its agenda and attendance, then the
agenda's items (summary with a chart, update completeness, exceptions, changes since the previous
meeting, indicators, minutes and action log, report sections), the budget, the DHR section for a
cleared reader, and the full plan as an appendix. `reports.renderers.board_pack_report` renders it."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from dhr.attachments import Attachment
from dhr.reporting import DhrSection, attachment_references, dhr_section
from indicators.selectors import IndicatorSummary, indicator_summaries
from partners.audience import Audience
from partners.models import GlossaryTerm, Meeting, RagStatus
from plans.models import ProgressUpdate, ProjectRow, Theme, UpdateRound
from plans.selectors import Completeness, PlanTree, round_completeness, round_row_statuses
from reports.budget_content import BudgetContent, budget_content
from reports.charts import Series, StackedBarChart
from reports.models import ActionLogItem, AgendaItem, MeetingAttendance, ReportSection
from reports.selectors import delivery_plan_content

NO_STATUS = Series("No status yet", "#b1b4b6", "#0b0c0c")
LOOKBACK_WITHOUT_PREVIOUS_MEETING = datetime.timedelta(days=91)


@dataclass
class RowChange:
    row: ProjectRow
    before: RagStatus | None
    after: RagStatus | None


@dataclass
class Changes:
    since: datetime.date
    since_label: str
    improved: list[RowChange] = field(default_factory=list)
    worsened: list[RowChange] = field(default_factory=list)
    newly_reported: list[RowChange] = field(default_factory=list)
    completed: list[RowChange] = field(default_factory=list)
    carried_actions: list = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.improved or self.worsened or self.newly_reported or self.completed)


@dataclass
class PackItem:
    """One entry of the pack's contents, numbered in agenda order."""

    number: int
    title: str
    presenter: str
    brings: str
    anchor: str
    section: ReportSection | None = None


DEFAULT_AGENDA = [
    ("Summary", AgendaItem.Brings.SUMMARY),
    ("Exceptions: rows off track", AgendaItem.Brings.EXCEPTIONS),
    ("Changes since the previous meeting", AgendaItem.Brings.CHANGES),
    ("Indicators", AgendaItem.Brings.INDICATORS),
]


@dataclass
class BoardPackContent:
    meeting: Meeting
    tree: PlanTree
    rag_scale: list[RagStatus]
    chart: StackedBarChart
    round: UpdateRound | None
    completeness: Completeness | None
    theme_completeness: list[Completeness]
    exceptions: list[tuple[ProjectRow, Theme]]
    changes: Changes
    glossary: list[GlossaryTerm]  # the terms the pack may draw on
    audience: Audience
    items: list[PackItem]  # the contents, following the agenda
    attendance: list[MeetingAttendance]
    previous: Meeting | None
    previous_minutes: list[AgendaItem]
    action_log: list[ActionLogItem]  # carried from earlier meetings: open, or done since the last
    indicators: list[IndicatorSummary]
    money: BudgetContent | None = None  # the budget section and the commitments appendix
    dhr: DhrSection | None = None  # the restricted register, for a cleared reader only
    attachment_references: list[Attachment] = field(default_factory=list)

    @property
    def budget_number(self) -> int:
        """The budget section follows the agenda's items; the DHR section (cleared readers only)
        follows the budget."""
        return len(self.items) + 1

    @property
    def dhr_number(self) -> int:
        return len(self.items) + 2

    @property
    def present(self) -> list[MeetingAttendance]:
        return [a for a in self.attendance if a.status == MeetingAttendance.Status.PRESENT]

    @property
    def apologies(self) -> list[MeetingAttendance]:
        return [a for a in self.attendance if a.status == MeetingAttendance.Status.APOLOGIES]

    @property
    def change_groups(self) -> list[tuple[str, list[RowChange]]]:
        return [
            ("Moved down (worse)", self.changes.worsened),
            ("Moved up (better)", self.changes.improved),
            ("Completed", self.changes.completed),
            ("Reported for the first time", self.changes.newly_reported),
        ]


def previous_meeting(meeting: Meeting) -> Meeting | None:
    if meeting.plan_id is None:
        return None
    return (
        Meeting.objects.filter(
            partnership_id=meeting.partnership_id, plan_id=meeting.plan_id, date__lt=meeting.date
        )
        .order_by("-date", "-pk")
        .first()
    )


def rag_chart(tree: PlanTree, scale: list[RagStatus]) -> StackedBarChart:
    series = [Series(s.label, s.colour, s.text_colour) for s in scale] + [NO_STATUS]
    index = {s.pk: i for i, s in enumerate(scale)}
    values = []
    for theme_node in tree.themes:
        counts = [0] * len(series)
        for node in theme_node.actions:
            for row in node.rows:
                counts[index[row.current_rag.pk] if row.current_rag else len(scale)] += 1
        values.append(counts)
    return StackedBarChart(
        title="Project rows by status in each theme",
        categories=[f"{t.theme.number}. {t.theme.title}" for t in tree.themes],
        series=series,
        values=values,
        id="rag-by-theme",
    )


def statuses_as_at(rows: list[ProjectRow], day: datetime.date) -> dict[int, RagStatus | None]:
    """Each row's status as the board saw it on `day`: its latest accepted update dated by then."""
    latest = ProgressUpdate.objects.filter(row__in=rows).as_at(day).select_related("rag").latest_per_row()
    return {row_id: update.rag for row_id, update in latest.items()}


def changes_since(meeting: Meeting, tree: PlanTree) -> Changes:
    previous = previous_meeting(meeting)
    if previous:
        since, label = previous.date, f"the previous meeting ({previous.title}, {previous.date:%-d %B %Y})"
    else:
        since = meeting.date - LOOKBACK_WITHOUT_PREVIOUS_MEETING
        label = f"{since:%-d %B %Y} (no earlier meeting is recorded for this plan)"
    rows = [row for t in tree.themes for n in t.actions for row in n.rows]
    before = statuses_as_at(rows, since)
    changes = Changes(since, label)
    for row in rows:
        old, new = before.get(row.pk), row.current_rag
        change = RowChange(row, old, new)
        if new is None:
            continue
        if old is None:
            changes.newly_reported.append(change)
        elif new.is_complete and not old.is_complete:
            changes.completed.append(change)
        elif new.severity < old.severity:
            changes.improved.append(change)
        elif new.severity > old.severity:
            changes.worsened.append(change)
    changes.carried_actions = [n.action for t in tree.themes for n in t.actions if n.action.carried_from_id]
    return changes


def meeting_round(meeting: Meeting) -> UpdateRound | None:
    """The round feeding this meeting: the one named for it, else the latest due by its date."""
    if meeting.plan_id is None:
        return None
    rounds = UpdateRound.objects.filter(plan_id=meeting.plan_id)
    return (
        rounds.filter(meeting_date=meeting.date).first()
        or rounds.filter(due_date__lte=meeting.date).order_by("-due_date").first()
    )


def pack_items(meeting: Meeting) -> list[PackItem]:
    """The contents in agenda order; without an agenda, the usual parts of a pack."""
    agenda = list(meeting.agenda_items.select_related("section"))
    if not agenda:
        return [
            PackItem(n, title, "", brings, f"item-{n}") for n, (title, brings) in enumerate(DEFAULT_AGENDA, 1)
        ]
    return [
        PackItem(n, item.title, item.presenter, item.brings, f"item-{n}", item.section)
        for n, item in enumerate(agenda, start=1)
    ]


def carried_action_log(meeting: Meeting, previous: Meeting | None) -> list[ActionLogItem]:
    """Actions agreed at earlier meetings that are still open, or were done since the last one:
    an action is carried from meeting to meeting until it is done."""
    since = previous.date if previous else meeting.date
    return list(
        ActionLogItem.objects.filter(
            meeting__partnership_id=meeting.partnership_id, meeting__date__lt=meeting.date
        )
        .filter(~Q(status=ActionLogItem.Status.DONE) | Q(done_on__gte=since))
        .select_related("meeting")
        .order_by("meeting__date", "id")
    )


def _severity(row: ProjectRow) -> int:
    rag = row.current_rag
    return rag.severity if rag else 0


def board_pack_read_what(meeting: Meeting) -> str:
    """What the DHR read log says a board pack's reader read."""
    return f"Board pack PDF: {meeting.title}"


def board_pack_content(
    meeting: Meeting, audience: Audience, *, reader=None, record_read: bool = True
) -> BoardPackContent:
    """Everything the pack shows, gathered once (a fixed number of queries); the renderer only
    turns it into HTML and PDF. The DHR section is gathered (and, with `record_read`, its read
    logged) only for a `reader` with the partnership's DHR grant."""
    if meeting.plan is None:
        raise ValueError(f"{meeting} reviews no plan, so it has no board pack.")
    plan_content = delivery_plan_content(meeting.plan, audience)
    tree = plan_content.tree
    update_round = meeting_round(meeting)
    overall: Completeness | None = None
    by_theme: list[Completeness] = []
    if update_round:
        overall, by_theme, _orgs = round_completeness(round_row_statuses(update_round))
    exceptions = [
        (row, t.theme)
        for t in tree.themes
        for n in t.actions
        for row in n.rows
        if row.current_rag and row.current_rag.needs_reason
    ]
    exceptions.sort(key=lambda pair: -_severity(pair[0]))
    previous = previous_meeting(meeting)
    indicators = meeting.partnership.indicators.filter(
        Q(theme__isnull=True) | Q(theme__plan_id=meeting.plan_id)
    )
    return BoardPackContent(
        meeting=meeting,
        tree=tree,
        rag_scale=plan_content.rag_scale,
        chart=rag_chart(tree, plan_content.rag_scale),
        round=update_round,
        completeness=overall,
        theme_completeness=by_theme,
        exceptions=exceptions,
        changes=changes_since(meeting, tree),
        glossary=plan_content.glossary,
        audience=audience,
        items=pack_items(meeting),
        attendance=list(meeting.attendance.select_related("person__organisation", "organisation")),
        previous=previous,
        previous_minutes=list(previous.agenda_items.all()) if previous else [],
        action_log=carried_action_log(meeting, previous),
        indicators=[s for s in indicator_summaries(meeting.partnership, indicators) if s.latest],
        money=budget_content(meeting.plan),
        dhr=dhr_section(
            partnership=meeting.partnership,
            user=reader,
            what=board_pack_read_what(meeting),
            record_read=record_read,
        ),
        attachment_references=attachment_references(meeting.plan),
    )
