"""Interpret the blocks of a document as a plan: themes → actions → project rows.

Real plans are messy: a row with an empty reference continues the action above (another
project row); the theme comes from a theme column, a theme row inside the table, the heading
or numbered paragraph just before the table (or an Excel title block above its header row, or
the sheet's name when there is one sheet per theme), or the reference prefix (2.3 → theme 2).
"Lead agency:" and "Indicators:" lines under a theme's heading describe that theme.
"""

import datetime
import re
from collections.abc import Callable

from csp_tracker.periods import Quarter
from plans.importing.headers import ColumnMatch, match_columns, normalise_header
from plans.importing.ir import (
    ImportedAction,
    ImportedOutcome,
    ImportedPlan,
    ImportedRow,
    ImportedTheme,
    ImportFailed,
    Issue,
)
from plans.importing.parsing import parse_leads, parse_money, split_numbered, split_updates, status_meaning
from plans.importing.readers import Document, Paragraph, Table

THEME_HEADING = re.compile(
    r"^(?:(?:strategic\s+)?(?:theme|priority|objective)\s+(\w{1,3})\s*[-–—:.]\s*(.+)"
    r"|(\d{1,2})\s*[.):–—-]\s*(\D.{1,200}))$",
    re.IGNORECASE,
)
SHEET_THEME = re.compile(r"^(?:(?:theme|priority)\s*)?(\d{1,2})\s*[.):–—-]?\s+(\D.*)$", re.IGNORECASE)
LEAD_AGENCY = re.compile(r"^(?:lead agenc(?:y|ies)|lead partners?|lead)\s*:\s*(.*)$", re.IGNORECASE)
INDICATORS = re.compile(
    r"^(?:indicators?|measures?|performance indicators?)\s*:\s*(.*)$", re.IGNORECASE | re.DOTALL
)
REFERENCE = re.compile(r"^\d+(?:\.\d+)*(?:\s*\(?[a-z]\)?)?\.?$", re.IGNORECASE)
PERIOD = re.compile(r"\bQ([1-4])\s+(\d{4})(?:\s*/\s*\d{2,4})?\b", re.IGNORECASE)
UK_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
HEADER_SCAN_ROWS = 15
SAMPLE_ROWS = 20


def theme_heading(text: str, *, numbered: bool = True) -> tuple[str, str] | None:
    """(number, title) of a theme heading: "Theme 1 – Title", "Priority 2: Title", or, when
    `numbered`, a numbered line "3. Title" (which may also be a list item, so it names a theme
    only where it heads a table)."""
    match = THEME_HEADING.match(text.strip())
    if not match:
        return None
    if match.group(1):
        return match.group(1), match.group(2).strip()
    return (match.group(3), match.group(4).strip()) if numbered else None


def is_theme_line(text: str) -> bool:
    return bool(LEAD_AGENCY.match(text) or INDICATORS.match(text))


class Builder:
    def __init__(
        self,
        *,
        mapping: dict[str, str],
        quarter_end: Callable[[int], datetime.date],
        year_start_month: int,
    ):
        self.mapping = mapping
        self.quarter_end = quarter_end
        self.year_start_month = year_start_month
        self.plan = ImportedPlan()
        self.themes: dict[str, ImportedTheme] = {}
        self.actions: dict[str, ImportedAction] = {}
        self.theme_titles: dict[str, str] = {}
        self.current_theme: ImportedTheme | None = None  # named by the text read so far
        self.heading_theme: ImportedTheme | None = None  # named just above the next table
        self.collecting_indicators = False
        self.near_miss = ""  # where a header without an action or project column was seen

    # --- themes ---------------------------------------------------------------------------------

    def theme(self, number: str, title: str = "") -> ImportedTheme:
        if number not in self.themes:
            title = title or self.theme_titles.get(number) or f"Theme {number}"
            self.themes[number] = ImportedTheme(number, title)
            self.plan.themes.append(self.themes[number])
        elif title and self.themes[number].title.startswith("Theme "):
            self.themes[number].title = title
        return self.themes[number]

    def theme_by_title(self, title: str) -> ImportedTheme:
        lines = [line.strip() for line in title.splitlines() if line.strip()]
        if len(lines) > 1 and len(lines[0]) <= 3 and REFERENCE.match(lines[0]):
            return self.theme(lines[0].rstrip("."), " ".join(lines[1:]))  # number and title columns
        title = " ".join(lines)
        if heading := theme_heading(title):
            return self.theme(*heading)
        if REFERENCE.match(title) and len(title) <= 3:
            return self.theme(title.rstrip("."))
        for theme in self.themes.values():
            if theme.title.casefold() == title.casefold():
                return theme
        numbers = [int(n) for n in self.themes if n.isdigit()]
        return self.theme(str(max(numbers, default=0) + 1), title)

    def theme_lines(self, text: str, theme: ImportedTheme | None) -> bool:
        """Lead agency and indicator lines under a theme heading."""
        if theme is None:
            return False
        if match := LEAD_AGENCY.match(text):
            if match.group(1).strip():
                theme.lead_agency = match.group(1).strip()[:200]
            return True
        if match := INDICATORS.match(text):
            lines = [line.strip(" -•\t") for line in re.split(r"\s*[;\n]\s*", match.group(1))]
            theme.indicators += [line for line in lines if line]
            self.collecting_indicators = not any(lines)
            return True
        if self.collecting_indicators and text.lstrip().startswith(("-", "•", "*")):
            theme.indicators.append(text.strip(" -•*\t"))
            return True
        return False

    def paragraph(self, block: Paragraph, names_next_table: bool) -> None:
        lines = [line.strip() for line in block.text.splitlines() if line.strip()]
        for index, line in enumerate(lines):
            if self.theme_lines(line, self.current_theme):
                continue
            self.collecting_indicators = False
            heading = theme_heading(line)
            heads_table = index == 0 and names_next_table and (heading or block.heading)
            if theme_heading(line, numbered=False) or heads_table:
                self.current_theme = self.theme(*heading) if heading else self.theme_by_title(line[:300])
                self.heading_theme = self.current_theme
            else:
                self.heading_theme = None

    # --- tables ---------------------------------------------------------------------------------

    def header_of(self, table: Table) -> tuple[int, list[ColumnMatch | None]] | None:
        for index, cells in enumerate(table.rows[:HEADER_SCAN_ROWS]):
            if sum(1 for c in cells if c.strip()) < 2:
                continue
            below = table.rows[index + 1 : index + 1 + SAMPLE_ROWS]
            columns = [[row[i] if i < len(row) else "" for row in below] for i in range(len(cells))]
            matches = match_columns(cells, columns, mapping=self.mapping)
            fields = {m.field for m in matches if m and m.field and m.field != "ignore"}
            if len(fields) >= 2 and fields & {"action", "project"}:
                return index, matches
            if len(fields) >= 3 and fields & {"reference", "narrative", "lead"} and not self.near_miss:
                self.near_miss = f"{table.name}, row {index + 1}"
        return None

    def title_block(self, table: Table, header_index: int, many_sheets: bool) -> None:
        """Rows above an Excel header row: a theme heading, its lead agency and indicators; or,
        with one sheet per theme, the sheet's name."""
        lines = [cell.strip() for row in table.rows[:header_index] for cell in row if cell.strip()]
        theme = None
        for line in lines:
            if heading := theme_heading(line):
                theme = self.theme(*heading)
        if theme is None and table.sheet and many_sheets:
            match = SHEET_THEME.match(table.sheet.strip())
            theme = (
                self.theme(match.group(1), match.group(2).strip())
                if match
                else self.theme_by_title(table.sheet)
            )
        if theme is not None:
            self.heading_theme = self.current_theme = theme
        for line in lines:
            self.theme_lines(line, self.heading_theme)

    def record_columns(self, table: Table, header_index: int, matches: list[ColumnMatch | None]) -> None:
        for match in matches:
            if match is None:
                continue
            match.where = f"{table.name}, row {header_index + 1}"
            self.plan.columns.append(match)
            if match.field is None and match.header not in self.plan.unknown_headers:
                self.plan.unknown_headers.append(match.header)
                why = (
                    f"it could be {' or '.join(match.candidates)}: choose one"
                    if len(match.candidates) > 1
                    else "it is not recognised"
                )
                self.plan.warnings.append(Issue(match.where, f"Column “{match.header}”: {why}."))

    def table(self, table: Table, found, many_sheets: bool) -> None:
        header_index, matches = found
        fields = [m.field if m else None for m in matches]
        if table.sheet:
            self.title_block(table, header_index, many_sheets and "theme" not in fields)
        table_theme, self.heading_theme = self.heading_theme, None
        self.record_columns(table, header_index, matches)
        headers = table.rows[header_index]
        has_reference = "reference" in fields
        header_keys = [normalise_header(h) for h in headers]
        current: ImportedAction | None = None
        row_theme: ImportedTheme | None = None
        data_rows = 0
        for index in range(header_index + 1, len(table.rows)):
            cells = table.rows[index]
            location = f"{table.name}, row {index + 1}"
            values: dict[str, str] = {}
            columns: dict[str, str] = {}
            status_fill = ""
            for column, (header, field, cell) in enumerate(zip(headers, fields, cells, strict=False)):
                if field == "status" and not cell and table.fill(index, column):
                    status_fill = table.fill(index, column)
                if field and field != "ignore" and cell:
                    values[field] = f"{values[field]}\n{cell}" if field in values else cell
                    columns.setdefault(field, header)
            distinct = {c for c in cells if c}
            if not distinct:
                continue
            if len(distinct) == 1 and not REFERENCE.match(next(iter(distinct))):
                text = next(iter(distinct))
                if self.theme_lines(text, row_theme or table_theme):
                    continue
                row_theme = self.theme_row(text)
                current = None
                continue
            if cells[:1] == headers[:1] and [normalise_header(c) for c in cells] == header_keys:
                continue  # a header row repeated on each page
            data_rows += 1

            def where(field: str, location=location, columns=columns) -> str:
                return f"{location}, column “{columns.get(field) or field}”"

            theme = self.theme_by_title(values["theme"]) if values.get("theme") else row_theme or table_theme
            reference = values.get("reference", "").strip().rstrip(".")
            if reference and not REFERENCE.match(reference):
                self.plan.warnings.append(
                    Issue(where("reference"), f"“{reference}” is kept as the reference.")
                )
            starts = bool(reference) or (
                not has_reference
                and values.get("action")
                and (current is None or values["action"] != current.title)
            )
            if starts:
                current = self.start_action(reference, values, theme, location)
            elif current is None:
                raise ImportFailed(
                    "This row has no reference and no action above it to continue.",
                    location=f"{location}, column “{columns.get('reference') or headers[0]}”",
                )
            self.add_row(current, values, where, location, status_fill)
        if data_rows == 0:
            raise ImportFailed("The table has a header but no rows.", location=table.name)

    def theme_row(self, text: str) -> ImportedTheme:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        self.current_theme = self.theme_by_title(lines[0][:300])
        for line in lines[1:]:
            self.theme_lines(line, self.current_theme)
        return self.current_theme

    def start_action(self, reference: str, values: dict, theme, location: str) -> ImportedAction:
        if reference in self.actions:
            return self.actions[reference]
        if theme is None and "." in reference:
            theme = self.theme(reference.split(".")[0])
        theme = theme or self.current_theme or self.theme("1", "Imported actions")
        if not reference:
            reference = f"{theme.number}.{len(theme.actions) + 1}"
            while reference in self.actions:
                reference += "a"
        title = values.get("action") or values.get("project", "")
        action = ImportedAction(reference=reference[:30], title=title, location=location)
        self.actions[reference] = action
        theme.actions.append(action)
        return action

    def period_end(self, text: str) -> datetime.date | None:
        """ "Q3 2014/15" → the last day of that quarter of the partnership's year."""
        if match := PERIOD.search(text):
            return Quarter(int(match.group(2)), int(match.group(1)), self.year_start_month).end
        return None

    def add_row(self, action: ImportedAction, values: dict, where, location: str, status_fill: str) -> None:
        if values.get("outcome") and not (action.outcome or action.outcomes):
            numbered = split_numbered(values["outcome"])
            if len(numbered) > 1:
                action.outcomes = [ImportedOutcome(n, text) for n, text in numbered]
            else:
                action.outcome = values["outcome"]
        if values.get("budget") and not action.budget_text:
            action.budget_text = values["budget"][:300]
            action.budget = parse_money(values["budget"])
            if action.budget is None:
                self.plan.warnings.append(Issue(where("budget"), "No amount found: kept as written."))
        due = values.get("due", "")
        if due and not action.due_text:
            action.due_text = due[:200]
        updates = split_updates(values.get("narrative", ""), self.quarter_end)
        period = self.period_end(values.get("period", ""))
        for update in updates:
            update.date = update.date or period
        row = ImportedRow(
            location=location,
            description=values.get("project") or values.get("action") or action.title,
            target_text=values.get("target", ""),
            milestone=due[:300],
            lead_text=values.get("lead", ""),
            updates=updates,
            risk=values.get("risk", ""),
            status_colour=status_fill,
            period_end=period,
        )
        status = values.get("status", "")
        numbered = split_numbered(status) if action.outcomes else []
        if len(numbered) > 1:
            for number, text in numbered:
                for outcome in action.outcomes:
                    if outcome.number == number:
                        outcome.status, outcome.status_note = text, text[:300]
                row.outcome_statuses[number] = text
        elif status:
            row.status = status
        for text in [status] if status and not numbered else [t for _, t in numbered]:
            if status_meaning(text) is None:
                self.plan.warnings.append(Issue(where("status"), f"Status “{text[:60]}” is not recognised."))
        action.rows.append(row)

    # --- the document ---------------------------------------------------------------------------

    def build(self, document: Document) -> ImportedPlan:
        self.plan.warnings += document.warnings
        blocks = document.blocks
        headers = {index: self.header_of(b) for index, b in enumerate(blocks) if isinstance(b, Table)}
        plan_tables = {index for index, found in headers.items() if found}
        if not plan_tables and self.near_miss:
            raise ImportFailed(
                "No column holds the action or project (e.g. “Action”, “Key Activities”, “Project”).",
                location=self.near_miss,
            )
        if not plan_tables:
            recognised = ", ".join(f"“{names}”" for names in ("Action Plan No", "Action", "Lead", "RAG"))
            raise ImportFailed(f"No table with recognised column headers was found (such as {recognised}).")
        many_sheets = sum(1 for i in plan_tables if getattr(blocks[i], "sheet", "")) > 1
        for block in blocks:
            if isinstance(block, Paragraph) and (heading := theme_heading(block.text, numbered=False)):
                self.theme_titles.setdefault(*heading)
        for index, block in enumerate(blocks):
            if isinstance(block, Paragraph):
                self.paragraph(block, self.names_next_table(blocks, index, plan_tables))
            elif index in plan_tables:
                self.table(block, headers[index], many_sheets)
            else:
                self.heading_theme = None
        self.plan.themes = [t for t in self.plan.themes if t.actions]
        # Read the leads again knowing every organisation the file names, so "rob mitchell fdc"
        # is matched to FDC even where it is not written in capitals.
        rows = self.plan.rows
        first = {text: parse_leads(text) for text in {row.lead_text for row in rows}}
        known = {
            lead.organisation.casefold() for leads in first.values() for lead in leads if lead.organisation
        }
        final = {text: parse_leads(text, known) for text in first}
        for row in rows:
            row.leads = final[row.lead_text]
        return self.plan

    @staticmethod
    def names_next_table(blocks: list, index: int, plan_tables: set[int]) -> bool:
        """A heading names the table that follows it, with only theme lines between."""
        for later in range(index + 1, len(blocks)):
            block = blocks[later]
            if isinstance(block, Table):
                return later in plan_tables
            first = block.text.strip().splitlines()[0]
            if not (is_theme_line(first) or first.lstrip().startswith(("-", "•", "*"))):
                return False
        return False


def due_date_of(text: str) -> datetime.date | None:
    if match := UK_DATE.search(text):
        try:
            return datetime.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        except ValueError:
            return None
    return None


def build(document: Document, *, mapping: dict[str, str], quarter_end, year_start_month: int) -> ImportedPlan:
    return Builder(mapping=mapping, quarter_end=quarter_end, year_start_month=year_start_month).build(
        document
    )
