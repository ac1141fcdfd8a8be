"""CSV, XLSX and plain-JSON ("feed") renderings of an API list, for analysts without code.

Columns are the serializer's field names, in order, so they are stable and identical to the JSON
keys. These formats are never paginated: one file or feed holds every record the filters select.
Every cell goes through `csp_tracker.cells`: unsafe characters shown as visible codes, nothing a
spreadsheet would run as a formula.
"""

import csv
import datetime
import io
from decimal import Decimal

from openpyxl import Workbook
from rest_framework import renderers, serializers

from csp_tracker.cells import csv_cell, xlsx_append
from reports.spreadsheets import XLSX

UNPAGINATED_FORMATS = {"csv", "xlsx", "feed"}


def _records(data) -> list[dict]:
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        return data["results"]
    return [data] if isinstance(data, dict) else []


def _fields(renderer_context, records: list[dict]) -> dict:
    """Column name -> serializer field (None when unknown), in the serializer's order."""
    view = (renderer_context or {}).get("view")
    if view is not None and hasattr(view, "get_serializer"):
        return dict(view.get_serializer().fields)
    return dict.fromkeys(records[0]) if records else {}


def _columns_of(data, renderer_context) -> tuple[list[dict], dict]:
    records = _records(data)
    if isinstance(data, dict) and "detail" in data:  # an error: say what went wrong
        return [data], {"detail": None}
    return records, _fields(renderer_context, records)


def _text(value, field) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(field, serializers.DecimalField):
        return str(value)  # a number, negative or not, is not a formula
    return csv_cell(value)


def _cell(value, field):
    """A typed spreadsheet cell: numbers and dates as such, text as text (`xlsx_append`)."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(field, serializers.DecimalField):
        return Decimal(value)
    if isinstance(field, serializers.DateTimeField):
        return datetime.datetime.fromisoformat(value).replace(tzinfo=None)
    if isinstance(field, serializers.DateField):
        return datetime.date.fromisoformat(value)
    return str(value)


class CsvRenderer(renderers.BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        records, fields = _columns_of(data, renderer_context)
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(list(fields))
        for record in records:
            writer.writerow([_text(record.get(column), field) for column, field in fields.items()])
        return buffer.getvalue().encode("utf-8-sig")  # Excel reads the BOM as UTF-8


class XlsxRenderer(renderers.BaseRenderer):
    media_type = XLSX
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        records, fields = _columns_of(data, renderer_context)
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "data"
        xlsx_append(sheet, list(fields))
        for record in records:
            xlsx_append(sheet, [_cell(record.get(column), field) for column, field in fields.items()])
        sheet.freeze_panes = "A2"
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


class FeedRenderer(renderers.JSONRenderer):
    """Plain JSON: a bare array of flat records, every page at once (Power BI, Excel "From Web")."""

    format = "feed"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return super().render(data, "application/json", renderer_context)
