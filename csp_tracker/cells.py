"""Spreadsheet cells that cannot run and that show what they hold: the one home of CSV/XLSX cell
safety, low enough for every app that exports (reports, the audit log, the DHR register, the
public page, the API).

Every text cell is first revealed (`csp_tracker.text.reveal_unsafe`: a bidi override, a control
or a zero-width character becomes a visible code such as "[U+202E]", as on the web pages and in
the PDFs), then neutralised so that no spreadsheet runs it: in a CSV file, where every cell is
text until a spreadsheet guesses, a cell starting with a formula character gets an apostrophe
(`csv_cell`); in an XLSX file, where cells have types, text is written as text, never as a
formula (`xlsx_append`), so ordinary text reads back exactly as written (the plan export
re-imports).
"""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from csp_tracker.text import reveal_unsafe

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """A cell starting with a formula character is prefixed with an apostrophe, so a spreadsheet
    shows it as text instead of running it."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_cell(value: Any) -> str:
    """A CSV cell: the value as text (None as empty), revealed, then neutralised. A number,
    negative or not, is not a formula and is written as it is."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return str(value)
    return neutralise(reveal_unsafe(str(value)))


def xlsx_value(value: Any) -> Any:
    """An XLSX cell's value: text revealed; numbers, dates and empty cells as they are."""
    return reveal_unsafe(value) if isinstance(value, str) else value


def xlsx_append(sheet: Worksheet, values: Iterable[Any]) -> list[Cell]:
    """Append a row, text revealed and kept as text (openpyxl would take "=..." for a formula);
    returns the row's cells for styling."""
    cells = []
    for value in values:
        cell = Cell(sheet, value=xlsx_value(value))
        if cell.data_type == "f":
            cell.data_type = "s"
        cells.append(cell)
    sheet.append(cells)
    return cells
