"""One reader per format: each turns a file into blocks (paragraphs and tables of text cells)."""

import csv
import datetime
import io
from dataclasses import dataclass, field

from plans.importing.ir import ImportFailed, Issue
from plans.importing.safety import check_size, checked_office_file


@dataclass
class Paragraph:
    text: str
    location: str
    heading: bool = False  # a Word heading style, so it may name the theme of the table below


@dataclass
class Table:
    name: str  # e.g. "Table 2", "Sheet “Plan”", "The CSV file"
    rows: list[list[str]]
    # Each cell's background colour as #RRGGBB ("" for none): real plans give a RAG by shading.
    fills: list[list[str]] = field(default_factory=list)
    sheet: str = ""  # an Excel sheet's own name, which may be its theme

    def fill(self, row: int, column: int) -> str:
        try:
            return self.fills[row][column]
        except IndexError:
            return ""


@dataclass
class Document:
    blocks: list[Paragraph | Table] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)


def read(data: bytes, kind: str) -> Document:
    return {"docx": read_docx, "xlsx": read_xlsx, "csv": read_csv}[kind](data)


def _paragraph_text(paragraph) -> str:
    """The text of a w:p element, read straight from the XML (python-docx's own is slow)."""
    parts = []
    for node in paragraph.iter(f"{W_NS}t", f"{W_NS}tab", f"{W_NS}br", f"{W_NS}cr"):
        tag = node.tag[len(W_NS) :]
        parts.append(node.text or "" if tag == "t" else "\t" if tag == "tab" else "\n")
    return "".join(parts).strip()


def _cell_text(cell) -> str:
    texts = (_paragraph_text(p) for p in cell._tc.iterchildren(f"{W_NS}p", f"{W_NS}tbl"))
    return "\n".join(text for text in texts if text)


W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NO_FILL = {"", "auto", "FFFFFF", "000000"}


def _cell_fill(cell) -> str:
    """The w:shd fill of a Word cell as #RRGGBB, "" when unshaded."""
    properties = cell._tc.tcPr
    shading = properties.find(f"{W_NS}shd") if properties is not None else None
    colour = (shading.get(f"{W_NS}fill") or "").upper() if shading is not None else ""
    return f"#{colour}" if len(colour) == 6 and colour not in NO_FILL else ""


def _is_heading(paragraph) -> bool:
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    return name.startswith("Heading")


def read_docx(data: bytes) -> Document:
    import docx
    from docx.table import Table as DocxTable

    checked_office_file(data, "docx")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds on a damaged part
        raise ImportFailed(f"The Word document cannot be read ({error}).") from error
    result, tables, paragraphs = Document(), 0, 0
    for item in document.iter_inner_content():
        if isinstance(item, DocxTable):
            tables += 1
            cells = [list(row.cells) for row in item.rows]
            rows = [[_cell_text(cell) for cell in row] for row in cells]
            fills = [[_cell_fill(cell) for cell in row] for row in cells]
            result.blocks.append(Table(f"Table {tables}", rows, fills))
        elif item.text.strip():
            paragraphs += 1
            result.blocks.append(Paragraph(item.text.strip(), f"Paragraph {paragraphs}", _is_heading(item)))
    return result


def _value_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_fill(cell) -> str:
    fill = getattr(cell, "fill", None)
    if fill is None or fill.fill_type != "solid":
        return ""
    colour = fill.fgColor.rgb if fill.fgColor is not None and fill.fgColor.type == "rgb" else ""
    colour = str(colour or "").upper()[-6:]
    return f"#{colour}" if len(colour) == 6 and colour not in NO_FILL else ""


def read_xlsx(data: bytes) -> Document:
    import openpyxl

    checked_office_file(data, "xlsx")
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged part
        raise ImportFailed(f"The Excel workbook cannot be read ({error}).") from error
    result = Document()
    try:
        for sheet in workbook.worksheets:
            rows, fills = [], []
            for row in sheet.iter_rows():
                rows.append([_value_text(cell.value) for cell in row])
                fills.append([_xlsx_fill(cell) for cell in row])
            result.blocks.append(Table(f"Sheet “{sheet.title}”", rows, fills, sheet=sheet.title))
    finally:
        workbook.close()
    return result


def read_csv(data: bytes) -> Document:
    check_size(data)
    result = Document()
    if b"\x00" in data[:4096]:
        raise ImportFailed("The file is not a CSV text file (it holds binary data).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text, encoding = data.decode("cp1252"), "Windows-1252"
        except UnicodeDecodeError:
            text, encoding = data.decode("latin-1"), "Latin-1"
        result.warnings.append(
            Issue("The CSV file", f"It is not UTF-8; it was read as {encoding}. Check £ signs and accents.")
        )
    # Spreadsheets export with commas, semicolons (European settings) or tabs: the header
    # line decides, as csv.Sniffer is misled by commas inside quoted amounts like "£2,000".
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = [[cell.strip() for cell in row] for row in reader]
    except csv.Error as error:
        raise ImportFailed(
            f"The CSV cannot be read ({error}).", location=f"Line {reader.line_num}"
        ) from error
    result.blocks.append(Table("The CSV file", rows))
    return result
