"""Plan exports to XLSX and CSV: one line per project row, with its theme and action.

Both return (filename, content_type, bytes) and the number of data rows, so the command line can
say how many rows it wrote. Every cell goes through `csp_tracker.cells`: unsafe characters shown
as visible codes, and nothing a spreadsheet would run as a formula.
"""

import csv
import datetime
import io
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from csp_tracker.cells import csv_cell, xlsx_append
from partners.models import RagStatus
from plans.models import Action, Plan, ProgressUpdate, TargetFigure
from plans.models.progress import CHRONOLOGICAL
from plans.selectors import plan_tree
from reports.budget_sheet import add_budget_sheet
from reports.renderers import check_may_view

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"

# (heading, width in characters)
COLUMNS = [
    ("Theme", 10),
    ("Theme title", 28),
    ("Action reference", 11),
    ("Action", 40),
    ("Outcome", 34),
    ("Action RAG", 12),
    ("Project", 40),
    ("Target", 30),
    ("When by", 16),
    ("Lead officer and organisation", 28),
    ("Latest update period", 12),
    ("Latest progress narrative", 60),
    ("Risk", 34),
    ("RAG", 12),
]
ACTION_RAG_COLUMN = 6
RAG_COLUMN = 14


@dataclass
class Export:
    filename: str
    content_type: str
    content: bytes
    rows: int

    def as_rendered(self) -> tuple[str, str, bytes]:
        return self.filename, self.content_type, self.content


def outcome_text(action: Action) -> str:
    """The action's outcome as written, then its numbered expected outcomes one per line
    ("1. Fewer repeat victims"), the shape the import reads back into numbered outcomes."""
    numbered = [f"{o.number}. {o.text}" for o in action.expected_outcomes.all()]
    return "\n".join([action.outcome, *numbered] if action.outcome else numbered)


def plan_lines(plan: Plan) -> list[tuple[list[str], RagStatus | None, RagStatus | None]]:
    """(cells, action status, row status) for every project row, in plan order."""
    lines = []
    for theme_node in plan_tree(plan).themes:
        theme = theme_node.theme
        for node in theme_node.actions:
            action = node.action
            for row in node.rows:
                update = row.current_update
                target = row.target_text or "\n".join(t.description for t in row.targets.all())
                cells = [
                    theme.number,
                    theme.title,
                    action.reference,
                    action.title,
                    outcome_text(action),
                    node.rag.status.label if node.rag.status else "No status yet",
                    row.description,
                    target,
                    row.milestone or action.due_display,
                    "; ".join(row.lead_lines),
                    update.period(plan.partnership.year_start_month).label if update else "",
                    update.narrative if update else "",
                    update.risk if update else "",
                    row.current_rag.label if row.current_rag else "No status yet",
                ]
                lines.append((cells, node.rag.status, row.current_rag))
    return lines


UPDATE_COLUMNS = [
    ("Action reference", 11),
    ("Project", 40),
    ("Period", 12),
    ("Update date", 12),
    ("Author", 22),
    ("On behalf of", 22),
    ("RAG", 12),
    ("Reason for the RAG", 34),
    ("Progress narrative", 60),
    ("Risk", 34),
    ("Figures against targets", 40),
]
UPDATE_RAG_COLUMN = 7


def figure_text(figure: TargetFigure) -> str:
    target = figure.target
    unit = f" {target.unit}" if target.unit and target.unit != "%" else target.unit
    against = f" (target {target.target_value.normalize()}{unit})" if target.target_value is not None else ""
    return f"{target.description}: {figure.value.normalize()}{unit}{against}"


def update_lines(plan: Plan) -> list[tuple[list[str], RagStatus | None]]:
    """Every accepted update of the plan, row by row, oldest first: the history behind the
    latest-per-row sheet (two queries)."""
    start_month = plan.partnership.year_start_month
    updates = (
        ProgressUpdate.objects.accepted()
        .filter(row__action__plan=plan)
        .select_related("row__action", "rag", "on_behalf_of")
        .prefetch_related("figures__target")
        .order_by("row__action__sort_key", "row__position", "row_id", *CHRONOLOGICAL)
    )
    return [
        (
            [
                update.row.action.reference,
                update.row.description,
                update.period(start_month).label,
                update.update_date.isoformat(),
                update.author_name,
                update.on_behalf_of.name if update.on_behalf_of else "",
                update.rag.label if update.rag else "No status",
                update.rag_reason,
                update.narrative,
                update.risk,
                "\n".join(figure_text(f) for f in update.figures.all()),
            ],
            update.rag,
        )
        for update in updates
    ]


def _stem(plan: Plan, today: datetime.date | None) -> str:
    return f"{slugify(plan.title)}-{(today or timezone.localdate()):%Y-%m-%d}"


def plan_csv(*, plan: Plan, user: User | AnonymousUser | None = None) -> Export:
    check_may_view(user, plan)
    lines = plan_lines(plan)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([heading for heading, _ in COLUMNS])
    for cells, _action_status, _status in lines:
        writer.writerow([csv_cell(cell) for cell in cells])
    # A byte-order mark so Excel opens the file as UTF-8 (names such as "Zoë" survive).
    content = ("\ufeff" + buffer.getvalue()).encode("utf-8")
    return Export(f"{_stem(plan, None)}.csv", CSV, content, len(lines))


def plan_updates_csv(*, plan: Plan, user: User | AnonymousUser | None = None) -> Export:
    """The columns of the XLSX "Updates" sheet: every accepted update."""
    check_may_view(user, plan)
    lines = update_lines(plan)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([heading for heading, _ in UPDATE_COLUMNS])
    for cells, _status in lines:
        writer.writerow([csv_cell(cell) for cell in cells])
    content = ("\ufeff" + buffer.getvalue()).encode("utf-8")
    return Export(f"{_stem(plan, None)}-updates.csv", CSV, content, len(lines))


def _header_row(sheet, columns: list[tuple[str, int]]) -> None:
    xlsx_append(sheet, [heading for heading, _ in columns])
    for index, (_, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        header = sheet.cell(row=1, column=index)
        header.font = Font(bold=True, color="FFFFFF")
        header.fill = PatternFill("solid", fgColor="1D70B8")
        header.alignment = Alignment(wrap_text=True, vertical="top")


def _updates_sheet(workbook: Workbook, plan: Plan) -> None:
    sheet = workbook.create_sheet("Updates")
    _header_row(sheet, UPDATE_COLUMNS)
    wrap = Alignment(wrap_text=True, vertical="top")
    for cells, status in update_lines(plan):
        written = xlsx_append(sheet, cells)
        for cell in written:
            cell.alignment = wrap
        if status is not None:
            cell = written[UPDATE_RAG_COLUMN - 1]
            cell.fill = _fill(status)
            cell.font = Font(bold=True, color=status.text_colour.lstrip("#").upper())
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(UPDATE_COLUMNS))}{max(sheet.max_row, 1)}"


def _fill(status) -> PatternFill:
    return PatternFill("solid", fgColor=status.colour.lstrip("#").upper())


def plan_xlsx(*, plan: Plan, user: User | AnonymousUser | None = None) -> Export:
    check_may_view(user, plan)
    lines = plan_lines(plan)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Delivery plan"
    _header_row(sheet, COLUMNS)
    wrap = Alignment(wrap_text=True, vertical="top")
    for cells, action_status, status in lines:
        written = xlsx_append(sheet, [str(cell) for cell in cells])
        for cell in written:
            cell.alignment = wrap
        for column, rag in ((ACTION_RAG_COLUMN, action_status), (RAG_COLUMN, status)):
            if rag is not None:
                cell = written[column - 1]
                cell.fill = _fill(rag)
                cell.font = Font(bold=True, color=rag.text_colour.lstrip("#").upper())
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(sheet.max_row, 1)}"

    _updates_sheet(workbook, plan)

    key = workbook.create_sheet("RAG key")
    for cell in xlsx_append(key, ["Status", "Meaning", "Counts as complete"]):
        cell.font = Font(bold=True)
    for status in plan.partnership.rag_statuses.all():
        label = xlsx_append(key, [status.label, status.meaning, "Yes" if status.is_complete else "No"])[0]
        label.fill = _fill(status)
        label.font = Font(bold=True, color=status.text_colour.lstrip("#").upper())
    key.column_dimensions["A"].width = 16
    key.column_dimensions["B"].width = 70
    key.column_dimensions["C"].width = 18
    key.freeze_panes = "A2"

    add_budget_sheet(workbook, plan)

    buffer = io.BytesIO()
    workbook.properties.title = plan.title
    workbook.properties.creator = plan.partnership.name
    workbook.save(buffer)
    return Export(f"{_stem(plan, None)}.xlsx", XLSX, buffer.getvalue(), len(lines))
