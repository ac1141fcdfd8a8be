"""The format-independent intermediate representation of an imported plan."""

import dataclasses
import datetime
import json
from dataclasses import asdict, dataclass, field
from decimal import Decimal


class ImportFailed(Exception):
    """The file cannot be imported; the message says what is wrong and where."""

    def __init__(self, message: str, *, location: str = ""):
        self.location = location
        super().__init__(f"{location}: {message}" if location else message)


@dataclass
class Issue:
    """A warning about one cell: the import goes on, but a person should check it."""

    location: str  # e.g. "Table 2, row 5, column \"RAG\""
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


@dataclass(frozen=True)
class Lead:
    person: str = ""  # e.g. "Insp Simon Tabert"
    organisation: str = ""  # short name as written, e.g. "FDC"


@dataclass
class ColumnMatch:
    """Which field a column became, how sure the match is and why."""

    header: str
    field: str | None  # None: not recognised, or two fields equally likely
    confidence: str = ""
    reason: str = ""
    candidates: list[str] = dataclasses.field(default_factory=list)  # fields it could be
    samples: list[str] = dataclasses.field(default_factory=list)  # the column's first cells, for the person
    where: str = ""  # e.g. "Table 2, row 1"
    label: str = ""  # the field's name for people

    @property
    def recognised(self) -> bool:
        return self.field is not None


@dataclass
class ImportedUpdate:
    date: datetime.date | None  # None: undated, the import dates it at the plan's end
    text: str
    label: str = ""  # the marker as written, e.g. "Update for 17/07/2020"


@dataclass
class ImportedOutcome:
    number: int
    text: str
    status: str = ""  # status word as written, mapped to the partnership's scale on import
    status_note: str = ""


@dataclass
class ImportedRow:
    location: str
    description: str = ""
    target_text: str = ""
    milestone: str = ""
    leads: list[Lead] = field(default_factory=list)
    lead_text: str = ""
    updates: list[ImportedUpdate] = field(default_factory=list)
    status: str = ""
    status_colour: str = ""  # #RRGGBB of a status cell shaded but left empty
    outcome_statuses: dict[int, str] = field(default_factory=dict)
    risk: str = ""
    period_end: datetime.date | None = None  # the quarter a "period" column gives the updates


@dataclass
class ImportedAction:
    reference: str
    title: str
    location: str
    outcome: str = ""
    outcomes: list[ImportedOutcome] = field(default_factory=list)
    budget: Decimal | None = None
    budget_text: str = ""
    due_text: str = ""
    rows: list[ImportedRow] = field(default_factory=list)


@dataclass
class ImportedTheme:
    number: str
    title: str
    lead_agency: str = ""
    indicators: list[str] = field(default_factory=list)
    actions: list[ImportedAction] = field(default_factory=list)


@dataclass
class ImportedPlan:
    themes: list[ImportedTheme] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    unknown_headers: list[str] = field(default_factory=list)
    columns: list[ColumnMatch] = field(default_factory=list)

    @property
    def actions(self) -> list[ImportedAction]:
        return [action for theme in self.themes for action in theme.actions]

    @property
    def rows(self) -> list[ImportedRow]:
        return [row for action in self.actions for row in action.rows]

    @property
    def people(self) -> list[str]:
        return _unique(lead.person for row in self.rows for lead in row.leads if lead.person)

    @property
    def organisations(self) -> list[str]:
        names = [lead.organisation for row in self.rows for lead in row.leads if lead.organisation]
        names += [theme.lead_agency for theme in self.themes if theme.lead_agency]
        return _unique(names)

    @property
    def updates(self) -> list[ImportedUpdate]:
        return [update for row in self.rows for update in row.updates]


def _unique(names) -> list[str]:
    """Distinct names, compared case-insensitively, first spelling kept."""
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.casefold(), name)
    return list(seen.values())


# --- keeping a parsed plan with its upload until it is confirmed ---------------------------------


def plan_to_json(plan: ImportedPlan) -> str:
    def default(value):
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, datetime.date):
            return value.isoformat()
        raise TypeError(f"{type(value).__name__} is not part of an imported plan")

    return json.dumps(asdict(plan), default=default, ensure_ascii=False)


def plan_from_json(text: str) -> ImportedPlan:
    data = json.loads(text)

    def day(value: str | None) -> datetime.date | None:
        return datetime.date.fromisoformat(value) if value else None

    def row(item: dict) -> ImportedRow:
        item = dict(item)
        item["leads"] = [Lead(**lead) for lead in item["leads"]]
        item["updates"] = [ImportedUpdate(**(u | {"date": day(u["date"])})) for u in item["updates"]]
        item["outcome_statuses"] = {int(k): v for k, v in item["outcome_statuses"].items()}
        item["period_end"] = day(item["period_end"])
        return ImportedRow(**item)

    def action(item: dict) -> ImportedAction:
        item = dict(item)
        item["outcomes"] = [ImportedOutcome(**o) for o in item["outcomes"]]
        item["rows"] = [row(r) for r in item["rows"]]
        item["budget"] = Decimal(item["budget"]) if item["budget"] is not None else None
        return ImportedAction(**item)

    def theme(item: dict) -> ImportedTheme:
        return ImportedTheme(**(item | {"actions": [action(a) for a in item["actions"]]}))

    return ImportedPlan(
        themes=[theme(t) for t in data["themes"]],
        warnings=[Issue(**w) for w in data["warnings"]],
        unknown_headers=data["unknown_headers"],
        columns=[ColumnMatch(**c) for c in data["columns"]],
    )
