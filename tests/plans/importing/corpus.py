"""A corpus of plan files of our own making: one plan's content written in many real shapes.

Every shape holds the same plan (PLAN below), so each test can check that every theme title,
narrative, lead, target and outcome came through. All files are built here, in code.
"""

import datetime
from dataclasses import dataclass

from tests.plans.importing.files import Cell, csv_bytes, docx_bytes, xlsx_bytes


@dataclass
class Row:
    project: str
    target: str
    lead: str  # as written in the file
    leads: set[tuple[str, str]]  # (person, organisation short name) it must become
    narrative: str
    status: str  # the status word; shapes that shade cells use its colour instead


@dataclass
class Action:
    reference: str
    title: str
    outcome: str
    rows: list[Row]
    due: str = ""
    budget: str = ""

    @property
    def numbered(self) -> list[tuple[int, str]]:
        lines = [line for line in self.outcome.split("\n") if line[:2].rstrip(".").isdigit()]
        return [(int(line.split(".")[0]), line.split(".", 1)[1].strip()) for line in lines]


@dataclass
class Theme:
    number: str
    title: str
    lead_agency: str
    indicators: list[str]
    actions: list[Action]


PLAN = [
    Theme(
        "1",
        "Domestic abuse",
        "Police",
        ["Domestic abuse crimes per 1000 head of population", "Repeat referrals to MARAC"],
        [
            Action(
                "1.1",
                "Raise awareness of domestic abuse among front-line professionals",
                "Professionals recognise abuse and refer victims early",
                [
                    Row(
                        "Workforce development sessions for partner staff",
                        "Four sessions a year; 80% of attendees more confident",
                        "Debbie Barker SBC",
                        {("Debbie Barker", "SBC")},
                        "Two sessions delivered to 57 professionals; two more booked.",
                        "Green",
                    ),
                    Row(
                        "Community awareness campaign for White Ribbon Day",
                        "One campaign each quarter",
                        "Sarah Taylor CCSU",
                        {("Sarah Taylor", "CCSU")},
                        "Campaign delayed by the purdah period; now planned for November.",
                        "Amber",
                    ),
                ],
                due="31/03/2021",
                budget="£12,000 post recruitment £2,000 cook and chat",
            ),
            Action(
                "1.2",
                "Support high-risk victims through the IDVA service",
                "1. IDVA caseload kept within capacity\n2. Victims report feeling safer",
                [
                    Row(
                        "IDVA service commissioned with the PCC",
                        "Caseload under 100 per adviser",
                        "Insp Simon Tabert Police",
                        {("Insp Simon Tabert", "Police")},
                        "Service running; caseloads at 92 per adviser.",
                        "Red",
                    ),
                ],
                due="March 2021",
            ),
        ],
    ),
    Theme(
        "2",
        "Anti-social behaviour",
        "FDC",
        ["Reported ASB incidents", "Repeat victims of ASB"],
        [
            Action(
                "2.1",
                "Tackle anti-social behaviour in hot-spot areas",
                "Fewer incidents in the identified areas",
                [
                    Row(
                        "Redeployable CCTV unit on Norfolk Street",
                        "Incidents down 20% on the 2019/20 baseline",
                        "Aarron Locks FDC & Joe Keegan CCC",
                        {("Aarron Locks", "FDC"), ("Joe Keegan", "CCC")},
                        "CCTV installed in July; crime incidents fell every month since.",
                        "Green",
                    ),
                    Row(
                        "Dispersal order in Waterlees",
                        "Order reviewed monthly",
                        "Sgt Ben Di-Meo Police",
                        {("Sgt Ben Di-Meo", "Police")},
                        "30 people dispersed; 4 ring leaders engaged with intervention.",
                        "Amber",
                    ),
                ],
                due="Q2",
                budget="£6,000",
            ),
        ],
    ),
    Theme(
        "3",
        "Street drinking",
        "CCC",
        ["Alcohol-related incidents in the night-time economy"],
        [
            Action(
                "3.1",
                "Reduce street drinking in the town centre",
                "A safer night-time economy",
                [
                    Row(
                        "Joint patrols with licensing officers",
                        "Max 43 incidents a year",
                        "Rob Mitchell FDC",
                        {("Rob Mitchell", "FDC")},
                        "Weekly patrols; 12 fixed penalty notices issued.",
                        "Green",
                    ),
                ],
                due="March 2021",
            ),
        ],
    ),
]

ROWS = [(theme, action, row) for theme in PLAN for action in theme.actions for row in action.rows]
EARLIER = "Planning started with partners."
FILL = {"Green": "00B050", "Amber": "FFC000", "Red": "FF0000"}
PLAN_START = datetime.date(2020, 4, 1)
PLAN_END = datetime.date(2021, 3, 31)


def _lines(theme: Theme, lead_word="Lead agency", indicator_word="Indicators") -> list[str]:
    return [f"{lead_word}: {theme.lead_agency}", f"{indicator_word}: {'; '.join(theme.indicators)}"]


def _row_cells(action: Action, row: Row, first: bool, columns: list[str]) -> list:
    values = {
        "reference": action.reference if first else "",
        "action": action.title if first else "",
        "outcome": action.outcome if first else "",
        "project": row.project,
        "target": row.target,
        "lead": row.lead,
        "due": action.due if first else "",
        "budget": action.budget if first else "",
        "narrative": row.narrative,
        "status": row.status,
    }
    return [values[name] for name in columns]


STANDARD = [
    "reference",
    "action",
    "outcome",
    "project",
    "target",
    "lead",
    "due",
    "budget",
    "narrative",
    "status",
]
STANDARD_HEADERS = [
    "Action Plan No",
    "Action",
    "Outcome",
    "Project",
    "Target",
    "Lead Officer and Organisation",
    "When by",
    "Budget £",
    "Progress narrative / Risk",
    "Progress (RAG)",
]


def _table(theme: Theme, columns: list[str], headers: list[str] | None = None, rows_only=False) -> list:
    table = [] if rows_only else [list(headers or STANDARD_HEADERS)]
    for action in theme.actions:
        for index, row in enumerate(action.rows):
            table.append(_row_cells(action, row, index == 0, columns))
    return table


# --- the shapes ---------------------------------------------------------------------------------


def word_numbered_headings() -> bytes:
    """One table per theme, each under a numbered heading with lead agency and indicator lines."""
    blocks: list = ["Partnership delivery plan 2020/21"]
    for theme in PLAN:
        blocks += [f"{theme.number}. {theme.title}", *_lines(theme), _table(theme, STANDARD)]
    return docx_bytes(blocks)


INSTRUCTION_HEADERS = [
    "No.",
    "Objectives / aims",
    "Expected outcomes / outputs",
    "Key activities / tasks 2020-21",
    "Targets",
    "Lead officer & agency",
    "Timescale / when by",
    "Budget £ (new money)",
    "Progress (to be completed by lead officer each quarter)",
    "RAG status Q3",
]


def word_heading_styles() -> bytes:
    """Unnumbered Word headings, "Lead:" and "Measures:" lines (a bullet list), headers carrying
    instructions and years."""
    blocks: list = [("Title", "Community Safety Partnership action plan")]
    for theme in PLAN:
        blocks += [
            ("Heading 2", theme.title),
            f"Lead: {theme.lead_agency}",
            "Measures:",
            *[f"- {indicator}" for indicator in theme.indicators],
            _table(theme, STANDARD, INSTRUCTION_HEADERS),
        ]
    return docx_bytes(blocks)


def word_merged_theme_rows() -> bytes:
    """One table: a merged theme row and lead-agency row per theme, and the reference, action and
    outcome cells merged down over an action's continuation rows."""
    table: list = [list(STANDARD_HEADERS)]
    for theme in PLAN:
        table.append([f"Theme {theme.number} – {theme.title}"])
        table.append([_lines(theme)[0]])
        table.append([_lines(theme)[1]])
        for action in theme.actions:
            for index, row in enumerate(action.rows):
                cells = _row_cells(action, row, True, STANDARD)
                if index:
                    for column in (0, 1, 2, 6, 7):
                        cells[column] = Cell("", merge_up=True)
                table.append(cells)
    return docx_bytes(["Delivery plan", table])


def word_shading_only() -> bytes:
    """Themes listed at the top, one table, continuation rows with an empty reference, and the
    RAG given only by shading the empty status cell."""
    blocks: list = ["Strategic themes 2020 – 2021"]
    blocks += [f"Theme {theme.number} – {theme.title}" for theme in PLAN]
    blocks += ["ACTION PLAN PERFORMANCE"]
    table: list = [list(STANDARD_HEADERS)]
    for theme in PLAN:
        for action in theme.actions:
            for index, row in enumerate(action.rows):
                cells = _row_cells(action, row, index == 0, STANDARD)
                cells[-1] = Cell("", fill=FILL[row.status])
                table.append(cells)
    blocks.append(table)
    return docx_bytes(blocks)


def word_dated_narratives() -> bytes:
    """An appendix: a priority column, no references, narratives with dated entries, and
    expected-outcome statuses numbered in the status cell."""
    headers = [
        "Priority",
        "Action",
        "Expected outcomes / outputs",
        "Project",
        "Target",
        "Lead Officer",
        "When by",
        "Resource",
        "Action taken and progress",
        "RAG",
    ]
    table: list = [headers]
    for theme in PLAN:
        for action in theme.actions:
            for index, row in enumerate(action.rows):
                cells = _row_cells(action, row, index == 0, STANDARD)
                cells[0] = f"{theme.number}. {theme.title}"
                cells[8] = f"Update for 17/07/2020\n{EARLIER}\nUpdate for 22/10/2020\n{row.narrative}"
                table.append(cells)
    return docx_bytes(["Appendix B: action plan", table])


def excel_title_block_per_sheet() -> bytes:
    """One sheet per theme, each with a title block (the priority, its lead agency and its
    indicators) above the header row."""
    sheets = []
    for theme in PLAN:
        rows = [
            ["Partnership delivery plan 2020/21"],
            [f"Priority {theme.number}: {theme.title}"],
            *[[line] for line in _lines(theme)],
            [],
            *_table(theme, STANDARD),
        ]
        sheets.append((f"Priority {theme.number}", rows))
    return xlsx_bytes(sheets)


def excel_sheet_names() -> bytes:
    """One sheet per theme, named for it; the header row first."""
    return xlsx_bytes([(f"{t.number} {t.title}"[:31], _table(t, STANDARD)) for t in PLAN])


THEME_COLUMN = ["theme", *STANDARD]


def _theme_column_rows(headers: list[str]) -> list:
    rows = [headers]
    for theme in PLAN:
        for line in _table(theme, STANDARD, rows_only=True):
            rows.append([f"{theme.number}. {theme.title}", *line])
    return rows


def excel_theme_column() -> bytes:
    """One sheet with a title block and a theme column; headers with years and instructions."""
    headers = ["Priority", *INSTRUCTION_HEADERS]
    rows = [["Community safety action plan 2020-21"], ["Updated quarterly"], [], *_theme_column_rows(headers)]
    return xlsx_bytes([("Action plan", rows)])


def csv_windows_1252() -> bytes:
    """A CSV saved by Excel in Windows-1252, with £ signs and dashes."""
    return csv_bytes(_theme_column_rows(["Theme", *STANDARD_HEADERS]), "cp1252")


def csv_instructions() -> bytes:
    """A CSV whose headers carry instructions and years, numbered outcomes in one cell."""
    return csv_bytes(_theme_column_rows(["Strategic priority", *INSTRUCTION_HEADERS]))


@dataclass
class Shape:
    name: str
    build: object
    filename: str
    theme_details: bool  # the shape gives each theme's lead agency and indicators
    dated: bool = False  # narratives are dated entries


SHAPES = [
    Shape("word-numbered-headings", word_numbered_headings, "plan.docx", True),
    Shape("word-heading-styles", word_heading_styles, "plan.docx", True),
    Shape("word-merged-theme-rows", word_merged_theme_rows, "plan.docx", True),
    Shape("word-shading-only", word_shading_only, "plan.docx", False),
    Shape("word-dated-narratives", word_dated_narratives, "plan.docx", False, dated=True),
    Shape("excel-title-block-per-sheet", excel_title_block_per_sheet, "plan.xlsx", True),
    Shape("excel-sheet-names", excel_sheet_names, "plan.xlsx", False),
    Shape("excel-theme-column", excel_theme_column, "plan.xlsx", False),
    Shape("csv-windows-1252", csv_windows_1252, "plan.csv", False),
    Shape("csv-instructions", csv_instructions, "plan.csv", False),
]
