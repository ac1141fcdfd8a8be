"""What the preview page lists: one line per project row, with every field the import writes."""

from dataclasses import dataclass

from plans.importing.ir import ImportedAction, ImportedPlan, ImportedRow, ImportedTheme
from plans.importing.result import ImportResult


@dataclass
class PreviewLine:
    theme: ImportedTheme
    action: ImportedAction
    row: ImportedRow
    first_of_theme: bool
    first_of_action: bool
    rag: str  # the status the row's latest update gets on the partnership's scale
    rag_colour: str  # the cell colour it came from, when it came from shading


def preview_lines(parsed: ImportedPlan, result: ImportResult) -> list[PreviewLine]:
    lines = []
    for theme in parsed.themes:
        for action_index, action in enumerate(theme.actions):
            for row_index, row in enumerate(action.rows):
                lines.append(
                    PreviewLine(
                        theme=theme,
                        action=action,
                        row=row,
                        first_of_theme=action_index == 0 and row_index == 0,
                        first_of_action=row_index == 0,
                        rag=result.row_rags.get(row.location, ""),
                        rag_colour=row.status_colour if not (row.status or row.outcome_statuses) else "",
                    )
                )
    return lines
