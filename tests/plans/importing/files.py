"""Import files built in code: the Fenland delivery plan as a Word table, and other shapes."""

import csv
import io
import re
import zipfile
from pathlib import Path

import docx
import openpyxl

EXAMPLE = Path(__file__).resolve().parents[4] / "shared" / "examples" / "fenland-delivery-plan-2014-15.txt"
TAGS = re.compile(r"<[^>]+>")


def fenland_blocks() -> list:
    """The example plan as paragraphs (str) and tables (lists of rows), up to its glossary."""
    blocks: list = []
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        if line.strip() == "Glossary":
            break
        if "\t" in line:
            cells = [TAGS.sub(" ", cell).strip() for cell in line.split("\t")]
            if blocks and isinstance(blocks[-1], list):
                blocks[-1].append(cells)
            else:
                blocks.append([cells])
        elif line.strip():
            blocks.append(line.strip())
        else:
            blocks.append(None)  # a blank line ends a table
    # The key table (tabbed lines without a header) is not part of the plan.
    return [b for b in blocks if b is not None and not (isinstance(b, list) and b[0][0] == "")]


def docx_bytes(blocks: list) -> bytes:
    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        width = max(len(row) for row in block)
        table = document.add_table(rows=0, cols=width)
        for cells in block:
            row = table.add_row()
            if len(cells) == 1:  # a theme row across the table
                merged = row.cells[0].merge(row.cells[width - 1])
                merged.text = cells[0]
                continue
            for index, value in enumerate(cells):
                cell = row.cells[index]
                lines = value.split("\n")
                cell.text = lines[0]
                for line in lines[1:]:
                    cell.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def fenland_docx(status_by_reference: dict[str, str] | None = None) -> bytes:
    blocks = fenland_blocks()
    for block in blocks:
        if isinstance(block, list):
            for row in block[1:]:
                if status_by_reference and row[0] in status_by_reference:
                    row[-1] = status_by_reference[row[0]]
    return docx_bytes(blocks)


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


def xlsx_bytes(rows: list[list[str]], title: str = "Plan") -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
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
