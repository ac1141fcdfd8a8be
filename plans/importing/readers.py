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


@dataclass
class Table:
    name: str  # e.g. "Table 2", "Sheet “Plan”", "The CSV file"
    rows: list[list[str]]


@dataclass
class Document:
    blocks: list[Paragraph | Table] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)


def read(data: bytes, kind: str) -> Document:
    return {"docx": read_docx, "xlsx": read_xlsx, "csv": read_csv}[kind](data)


def _cell_text(cell) -> str:
    return "\n".join(p.text.strip() for p in cell.paragraphs if p.text.strip())


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
            rows = [[_cell_text(cell) for cell in row.cells] for row in item.rows]
            result.blocks.append(Table(f"Table {tables}", rows))
        elif item.text.strip():
            paragraphs += 1
            result.blocks.append(Paragraph(item.text.strip(), f"Paragraph {paragraphs}"))
    return result


def _value_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


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
            rows = [[_value_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            result.blocks.append(Table(f"Sheet “{sheet.title}”", rows))
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
