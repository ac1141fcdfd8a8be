"""The XLSX export's budget sheet: sources, allocations with spend, totals and warnings.

Amounts are written as Decimal numbers with a pounds format, so a spreadsheet sums them exactly
as the app does; totals are written as values the app computed, not as formulas; text goes
through `csp_tracker.cells.xlsx_append` like every exported cell.
"""

from openpyxl.styles import Font
from openpyxl.workbook import Workbook

from csp_tracker.cells import xlsx_append
from plans.budget import plan_budget
from plans.models import Plan

POUNDS = '"£"#,##0.00'
BOLD = Font(bold=True)


def add_budget_sheet(workbook: Workbook, plan: Plan) -> None:
    budget = plan_budget(plan)
    sheet = workbook.create_sheet("Budget")

    def heading(*cells) -> None:
        for cell in xlsx_append(sheet, cells):
            cell.font = BOLD

    def money_row(cells: list, money_columns: range, *, bold: bool = False) -> list:
        written = xlsx_append(sheet, cells)
        for column in money_columns:
            cell = written[column - 1]
            cell.number_format = POUNDS
            if bold:
                cell.font = BOLD
        return written

    heading("Funding sources")
    heading("Source", "From", "Status", "Date received", "Amount")
    for source in budget.sources:
        written = money_row(
            [
                source.name,
                source.organisation.name if source.organisation else "The partnership",
                source.get_status_display(),
                source.received_on,
                source.amount,
            ],
            range(5, 6),
        )
        if source.received_on:
            written[3].number_format = "d mmm yyyy"
    money_row(["Received", "", "", "", budget.received_total], range(5, 6), bold=True)
    money_row(["Expected, not yet received", "", "", "", budget.expected_total], range(5, 6), bold=True)
    money_row(["Total funding", "", "", "", budget.funding_total], range(5, 6), bold=True)
    sheet.append([])

    heading("Allocations")
    heading(
        "Theme",
        "Action",
        "Row",
        "For",
        "Sources",
        "Carry-over",
        "New money",
        "Allocated",
        "Spent",
        "Remaining",
    )
    for theme in budget.themes:
        for action_money in theme.actions:
            for line in action_money.lines:
                allocation = line.allocation
                money_row(
                    [
                        theme.theme.number,
                        allocation.action.reference,
                        allocation.row.position if allocation.row else "",
                        allocation.note,
                        "; ".join(
                            s.name + ("" if s.is_received else " (not received)") for s in line.sources
                        ),
                        allocation.carry_over_amount,
                        allocation.new_amount,
                        line.total,
                        line.spent,
                        line.remaining,
                    ],
                    range(6, 11),
                )
    money_row(
        [
            "All allocations",
            "",
            "",
            "",
            "",
            budget.allocated_carry_over,
            budget.allocated_new,
            budget.allocated,
            budget.spent,
            budget.remaining,
        ],
        range(6, 11),
        bold=True,
    )
    money_row(["Unallocated funding", "", "", "", "", "", "", budget.unallocated], range(8, 9), bold=True)
    sheet.append([])

    heading("Warnings")
    for warning in budget.warnings or []:
        xlsx_append(sheet, [warning.message])
    if not budget.warnings:
        xlsx_append(sheet, ["None"])
    for column, width in zip("ABCDEFGHIJ", (28, 24, 14, 36, 36, 14, 14, 14, 14, 14), strict=True):
        sheet.column_dimensions[column].width = width
