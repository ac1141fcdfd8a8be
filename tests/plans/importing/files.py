"""Import files built in code from data held here: Word, Excel and CSV writers, and small plans.

Nothing is read from outside the repository; the corpus of plan shapes is in corpus.py.
"""

import csv
import io
import zipfile
from dataclasses import dataclass

import docx
import openpyxl
from docx.oxml import OxmlElement
from docx.oxml.ns import qn


@dataclass
class Cell:
    """A Word table cell with more than text: shading, or merged into the cell above."""

    text: str
    fill: str = ""  # RRGGBB
    merge_up: bool = False


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _write_cell(cell, value: str) -> None:
    lines = value.split("\n")
    cell.text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def docx_bytes(blocks: list) -> bytes:
    """A Word document of paragraphs (str, or (style, text)) and tables (lists of rows). A row of
    one cell is merged across the table (a theme row); a cell may be a `Cell`."""
    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        if isinstance(block, tuple):
            document.add_paragraph(block[1], style=block[0])
            continue
        width = max(len(row) for row in block)
        table = document.add_table(rows=0, cols=width)
        for cells in block:
            row = table.add_row()
            if len(cells) == 1:
                _write_cell(row.cells[0].merge(row.cells[width - 1]), cells[0])
                continue
            for index, value in enumerate(cells):
                cell = row.cells[index]
                if isinstance(value, Cell):
                    if value.merge_up:
                        above = table.rows[len(table.rows) - 2].cells[index]
                        above.merge(cell)
                        continue
                    if value.fill:
                        _shade(cell, value.fill)
                    value = value.text
                _write_cell(cell, value)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


SCRUTINY_HEADER = [
    "Priority",
    "Action",
    "Outcome",
    "Budget £",
    "When by",
    "Lead Officer",
    "Action taken and progress",
    "RAG",
]


def scrutiny_rows() -> list[list[str]]:
    """An appendix-style plan: a theme row, a priority column, dated narratives, no references."""
    return [
        list(SCRUTINY_HEADER),
        ["Supporting victims"],
        [
            "Domestic Abuse",
            "Improve awareness of Domestic Abuse amongst front line professionals",
            "1. Annual workforce development session 2. Community awareness raising",
            "£12,000 post recruitment £2,000 cook and chat",
            "31/03/2021",
            "SBC Debbie Barker in conjunction with CCSU Sarah Taylor",
            "Update for 17/07/2020\nA workforce development session is planned for November 2020.\n"
            "Update for 22/10/2020\nWorkforce development set for 24th November.",
            "1. Not started - at risk due to staff resource pressures 2. Complete",
        ],
        [
            "",
            "",
            "",
            "",
            "",
            "Police Insp Simon Tabert",
            "November 2021\nSession scheduled with DASV and Refuge.\n"
            "December 2021\nSession delivered to 57 professionals.",
            "Amber",
        ],
        [
            "Loan Shark",
            "Raise awareness of illegal money lending",
            "Successful bid submitted on time",
            "£6,000",
            "August 2020",
            "Aarron Locks FDC & Joe Keegan CCC",
            "Q4 update – the bid was successful.",
            "On track",
        ],
    ]


def scrutiny_docx() -> bytes:
    return docx_bytes(["Fenland CSP action plan 2020/21", scrutiny_rows()])


def xlsx_bytes(rows_or_sheets: list, title: str = "Plan") -> bytes:
    """A workbook of one sheet (rows), or of several: [(sheet title, rows), ...]."""
    sheets = (
        rows_or_sheets
        if rows_or_sheets and isinstance(rows_or_sheets[0], tuple)
        else [(title, rows_or_sheets)]
    )
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets:
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


SIMPLE_HEADER = [
    "No.",
    "Objectives / aims",
    "Key Activities",
    "Lead",
    "Timescale",
    "Resource",
    "Status",
    "Progress narrative / Risk",
]


def simple_rows() -> list[list[str]]:
    return [
        list(SIMPLE_HEADER),
        [
            "1.1",
            "Reduce street drinking",
            "Joint patrols",
            "Rob Mitchell FDC",
            "Q2",
            "£2,000",
            "Green",
            "Patrols weekly.",
        ],
        ["", "", "Alcohol action plan", "rob mitchell fdc", "", "", "Amber", "Plan drafted."],
        [
            "2.1",
            "Tackle scams",
            "Scams awareness",
            "Elaine Mathews",
            "March 2015",
            "",
            "Complete",
            "Q4 update: 4 referrals.",
        ],
    ]


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


def zip_bytes(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()
