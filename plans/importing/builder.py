"""Interpret the tables of a document as a plan: themes → actions → project rows.

Real tables are messy: a row with an empty reference continues the action above (another
project row); the theme comes from a heading paragraph before the table, a theme row inside it,
a theme column, or the reference prefix (2.3 → theme 2).
"""

import datetime
import re
from collections.abc import Callable

from plans.importing.ir import (
    ImportedAction,
    ImportedOutcome,
    ImportedPlan,
    ImportedRow,
    ImportedTheme,
    ImportFailed,
    Issue,
)
from plans.importing.parsing import (
    FIELD_LABELS,
    field_for_header,
    parse_leads,
    parse_money,
    split_numbered,
    split_updates,
    status_meaning,
)
from plans.importing.readers import Document, Paragraph, Table

THEME_HEADING = re.compile(
    r"^(?:theme|priority|strategic theme)\s+(\w{1,3})\s*[-–—:.]\s*(.+)$", re.IGNORECASE
)
LEAD_AGENCY = re.compile(r"^lead agenc(?:y|ies)\s*:\s*(.+)$", re.IGNORECASE)
INDICATORS = re.compile(r"^indicators?\s*:\s*(.+)$", re.IGNORECASE | re.DOTALL)
REFERENCE = re.compile(r"^\d+(?:\.\d+)*(?:\s*\(?[a-z]\)?)?\.?$", re.IGNORECASE)
UK_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
HEADER_SCAN_ROWS = 5


class Builder:
    def __init__(self, *, mapping: dict[str, str], quarter_end: Callable[[int], datetime.date]):
        self.mapping = mapping
        self.quarter_end = quarter_end
        self.plan = ImportedPlan()
        self.themes: dict[str, ImportedTheme] = {}
        self.actions: dict[str, ImportedAction] = {}
        self.theme_titles: dict[str, str] = {}
        self.current_theme: ImportedTheme | None = None

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
        match = THEME_HEADING.match(title)
        if match:
            return self.theme(match.group(1), match.group(2).strip())
        for theme in self.themes.values():
            if theme.title.casefold() == title.casefold():
                return theme
        numbers = [int(n) for n in self.themes if n.isdigit()]
        return self.theme(str(max(numbers, default=0) + 1), title)

    def theme_lines(self, text: str) -> bool:
        """Lead agency and indicator lines under a theme heading."""
        if self.current_theme is None:
            return False
        if match := LEAD_AGENCY.match(text):
            self.current_theme.lead_agency = match.group(1).strip()[:30]
            return True
        if match := INDICATORS.match(text):
            lines = re.split(r"\s*[;\n]\s*", match.group(1))
            self.current_theme.indicators += [line.strip(" -•") for line in lines if line.strip(" -•")]
            return True
        return False

    def paragraph(self, block: Paragraph) -> None:
        for line in block.text.splitlines():
            line = line.strip()
            if match := THEME_HEADING.match(line):
                self.current_theme = self.theme(match.group(1), match.group(2).strip())
            else:
                self.theme_lines(line)

    # --- tables ---------------------------------------------------------------------------------

    def header_of(self, table: Table) -> tuple[int, list[str | None]] | None:
        for index, cells in enumerate(table.rows[:HEADER_SCAN_ROWS]):
            fields = [field_for_header(c, self.mapping) if c else None for c in cells]
            if len({f for f in fields if f and f != "ignore"}) >= 2:
                return index, fields
        return None

    def table(self, table: Table) -> bool:
        found = self.header_of(table)
        if found is None:
            return False
        header_index, fields = found
        headers = table.rows[header_index]
        for header, field in zip(headers, fields, strict=False):
            if header and field is None and header not in self.plan.unknown_headers:
                self.plan.unknown_headers.append(header)
                self.plan.warnings.append(
                    Issue(
                        f"{table.name}, row {header_index + 1}",
                        f"Column “{header}” is not recognised: ignored.",
                    )
                )
        if "action" not in fields and "project" not in fields:
            raise ImportFailed(
                "No column holds the action or project (e.g. “Action”, “Key Activities”, “Project”).",
                location=f"{table.name}, row {header_index + 1}",
            )
        has_reference = "reference" in fields
        current: ImportedAction | None = None
        data_rows = 0
        for index in range(header_index + 1, len(table.rows)):
            cells = table.rows[index]
            location = f"{table.name}, row {index + 1}"
            values: dict[str, str] = {}
            columns: dict[str, str] = {}
            for header, field, cell in zip(headers, fields, cells, strict=False):
                if field and field != "ignore" and cell:
                    values[field] = f"{values[field]}\n{cell}" if field in values else cell
                    columns.setdefault(field, header)
            distinct = {c for c in cells if c}
            if not distinct:
                continue
            if len(distinct) == 1 and not REFERENCE.match(next(iter(distinct))):
                self.theme_row(next(iter(distinct)))
                current = None
                continue
            if [normalise(c) for c in cells] == [normalise(h) for h in headers]:
                continue  # a header row repeated on each page
            data_rows += 1

            def where(field: str, location=location, columns=columns) -> str:
                return f"{location}, column “{columns.get(field) or field}”"

            theme = self.theme_by_title(values["theme"]) if values.get("theme") else None
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
            self.add_row(current, values, where, location)
        if data_rows == 0:
            raise ImportFailed("The table has a header but no rows.", location=table.name)
        return True

    def theme_row(self, text: str) -> None:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        self.current_theme = self.theme_by_title(lines[0][:300])
        for line in lines[1:]:
            self.theme_lines(line)

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

    def add_row(self, action: ImportedAction, values: dict, where, location: str) -> None:
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
        row = ImportedRow(
            location=location,
            description=values.get("project") or values.get("action") or action.title,
            target_text=values.get("target", ""),
            milestone=due[:300],
            lead_text=values.get("lead", ""),
            leads=parse_leads(values.get("lead", "")),
            updates=split_updates(values.get("narrative", ""), self.quarter_end),
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

    def build(self, document: Document) -> ImportedPlan:
        self.plan.warnings += document.warnings
        for block in document.blocks:
            if isinstance(block, Paragraph) and (match := THEME_HEADING.match(block.text)):
                self.theme_titles.setdefault(match.group(1), match.group(2).strip())
        found = False
        for block in document.blocks:
            if isinstance(block, Paragraph):
                self.paragraph(block)
            else:
                found = self.table(block) or found
        if not found:
            recognised = ", ".join(f"“{names}”" for names in ("Action Plan No", "Action", "Lead", "RAG"))
            raise ImportFailed(f"No table with recognised column headers was found (such as {recognised}).")
        self.plan.themes = [t for t in self.plan.themes if t.actions]
        # Read the leads again knowing every organisation the file names, so "rob mitchell fdc"
        # is matched to FDC even where it is not written in capitals.
        known = {
            lead.organisation.casefold() for row in self.plan.rows for lead in row.leads if lead.organisation
        }
        for row in self.plan.rows:
            row.leads = parse_leads(row.lead_text, known)
        return self.plan


def normalise(text: str) -> str:
    return " ".join(text.casefold().split())


def due_date_of(text: str) -> datetime.date | None:
    if match := UK_DATE.search(text):
        try:
            return datetime.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        except ValueError:
            return None
    return None


def build(document: Document, *, mapping: dict[str, str], quarter_end) -> ImportedPlan:
    return Builder(mapping=mapping, quarter_end=quarter_end).build(document)


__all__ = ["FIELD_LABELS", "build", "due_date_of"]
