"""Recognising a table's columns by what their headers mean, and by what their cells hold.

A header is normalised (case, punctuation), then bracketed instructions ("(to be completed by
lead officer each quarter)") and years or quarters ("2016-17", "Q3") are dropped. A header real
plans use word for word is strong evidence; otherwise each field scores by the words that
identify it. When two fields score alike, the cells decide (dates, money, RAG words, numbered
lists, people and organisations, references), then the column's position. Only when even that
leaves two fields equally likely is the person asked.
"""

import re

from plans.importing.ir import ColumnMatch
from plans.importing.parsing import parse_leads, parse_money, split_numbered, status_meaning

FIELD_LABELS = {
    "reference": "Reference (e.g. 1.2.3)",
    "theme": "Theme or priority",
    "action": "Action",
    "outcome": "Outcome / expected outcomes",
    "project": "Project row description",
    "target": "Target",
    "lead": "Lead officer and organisation",
    "due": "When by / milestone",
    "budget": "Budget or resource",
    "narrative": "Progress narrative",
    "risk": "Risk",
    "status": "Status / RAG",
    "period": "Period of the update (e.g. Q2 2014/15)",
    "ignore": "Ignore this column",
}

# Headers real plans use, normalised: a match is strong evidence.
HEADER_NAMES = {
    "reference": ["action plan no", "no", "ref", "reference", "action no", "action number", "number",
                  "id", "action reference", "ref no"],
    "theme": ["priority", "theme", "strategic theme", "priority area", "workstream", "theme title",
              "strategic priority"],
    "action": ["action", "actions", "objectives aims", "objective", "objectives", "key activities",
               "aim", "aims"],
    "outcome": ["outcome", "outcomes", "expected outcomes outputs", "expected outcomes", "deliverables",
                "performance measure"],
    "project": ["project", "projects", "project activity", "activity", "activities", "tasks", "task"],
    "target": ["target", "targets", "measure", "measures", "success measure", "kpi"],
    "lead": ["lead", "lead officer", "lead officer and organisation", "lead officer organisation",
             "lead organisation", "owner", "responsible", "who", "lead officer and agency"],
    "due": ["when by", "timescale", "timescales", "milestone", "milestones", "target date", "deadline",
            "due"],
    "budget": ["resource", "resources", "budget", "cost", "funding", "budget resource"],
    "narrative": ["action taken and progress", "progress narrative risk", "progress narrative",
                  "progress", "progress update", "update", "updates", "comments",
                  "latest progress narrative"],
    "risk": ["risk", "risks", "risk issues"],
    "status": ["status", "rag", "progress rag", "rag status", "rating"],
    "period": ["latest update period", "update period", "period", "quarter"],
    # Our own export's rolled-up status: derived from the rows, so never read back.
    "ignore": ["action rag"],
}  # fmt: skip
HEADER_TABLE = {name: field for field, names in HEADER_NAMES.items() for name in names}

# The words that identify each field, with how strongly they do.
FIELD_WORDS = {
    "reference": {"no": 0.9, "ref": 1, "reference": 1, "number": 0.8, "id": 0.6, "num": 0.8},
    "theme": {"priority": 0.9, "priorities": 0.9, "theme": 1, "themes": 1, "workstream": 0.9,
              "strand": 0.7, "strategic": 0.4},
    "action": {"action": 0.9, "actions": 0.9, "objective": 0.9, "objectives": 0.9, "aim": 0.8,
               "aims": 0.8, "key": 0.2, "activities": 0.6, "intervention": 0.6, "what": 0.4},
    "project": {"project": 1, "projects": 1, "activity": 0.8, "activities": 0.7, "task": 0.8,
                "tasks": 0.8, "initiative": 0.7, "scheme": 0.6},
    "outcome": {"outcome": 1, "outcomes": 1, "output": 0.8, "outputs": 0.8, "deliverable": 0.9,
                "deliverables": 0.9, "expected": 0.3, "impact": 0.6, "benefits": 0.6},
    "target": {"target": 1, "targets": 1, "measure": 0.8, "measures": 0.8, "kpi": 0.9, "kpis": 0.9,
               "indicator": 0.7, "indicators": 0.7, "success": 0.4, "performance": 0.5},
    "lead": {"lead": 1, "leads": 1, "officer": 0.6, "owner": 0.9, "responsible": 0.9, "agency": 0.5,
             "organisation": 0.5, "who": 0.7, "partner": 0.4, "partners": 0.4, "contact": 0.6},
    "due": {"when": 0.9, "timescale": 1, "timescales": 1, "milestone": 0.9, "milestones": 0.9,
            "deadline": 1, "due": 1, "date": 0.7, "timeline": 0.9, "completion": 0.5, "by": 0.1},
    "budget": {"budget": 1, "resource": 0.9, "resources": 0.9, "cost": 0.9, "costs": 0.9,
               "funding": 0.9, "money": 0.6, "spend": 0.7, "finance": 0.8},
    "narrative": {"progress": 0.8, "update": 0.9, "updates": 0.9, "narrative": 1, "comments": 0.8,
                  "commentary": 0.9, "taken": 0.4, "notes": 0.6},
    "risk": {"risk": 1, "risks": 1, "issues": 0.5, "barriers": 0.6},
    "status": {"rag": 1, "status": 0.9, "rating": 0.8, "colour": 0.5},
    "period": {"period": 0.9, "quarter": 0.9},
}  # fmt: skip

BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")
YEARS = re.compile(r"\b(?:19|20)\d\d(?:\s*[-/–]\s*(?:19|20)?\d\d)?\b|\bq[1-4]\b", re.IGNORECASE)
REFERENCE = re.compile(r"^\d+(?:\.\d+)*(?:\s*\(?[a-z]\)?)?\.?$", re.IGNORECASE)
DATE_LIKE = re.compile(
    r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4}\b"
    r"|\bq[1-4]\b|\bongoing\b|\bquarterly\b|\bmonthly\b",
    re.IGNORECASE,
)
SURE, LIKELY, WEAK = "exact name", "likely", "a guess: check it"
TIE = 0.15  # scores closer than this are alike
ENOUGH = 0.7  # below this, a word only hints at a field
MAX_HEADER_WORDS = 5  # a longer cell is text, not a header (once instructions are dropped)


def normalise_header(text: str) -> str:
    """Case and punctuation insensitive: "Budget £" and "budget" are the same header."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.casefold().replace("&", " and ")).split())


def core_of(text: str) -> str:
    """The header without bracketed instructions, years and quarters."""
    return normalise_header(YEARS.sub(" ", BRACKETED.sub(" ", text)))


def field_for_header(text: str, mapping: dict[str, str] | None = None) -> str | None:
    """The field a header names on its own, without looking at cells (None when unsure)."""
    match = match_header(text, [], mapping=mapping)
    return match.field


def _word_scores(core: str) -> dict[str, float]:
    words = core.split()
    scores: dict[str, float] = {}
    for name, weights in FIELD_WORDS.items():
        score = sum(weights.get(word, 0) for word in set(words))
        if score:
            scores[name] = score
    return scores


def content_scores(cells: list[str]) -> dict[str, float]:
    """How far a column's cells look like each field's: the share of filled cells that do."""
    filled = [c for c in cells if c.strip()][:20]
    if not filled:
        return {}

    def share(test) -> float:
        return sum(1 for c in filled if test(c)) / len(filled)

    scores = {
        "reference": share(lambda c: bool(REFERENCE.match(c.strip()))),
        "due": share(lambda c: bool(DATE_LIKE.search(c)) and len(c) < 60),
        "budget": share(lambda c: "£" in c or (parse_money(c) is not None and len(c) < 30)),
        "status": share(lambda c: status_meaning(c) is not None and len(c) < 40),
        "outcome": share(lambda c: len(split_numbered(c)) > 1),
        "lead": share(lambda c: len(c) < 80 and any(lead.organisation for lead in parse_leads(c))),
        "narrative": share(lambda c: len(c) > 120),
    }
    return {name: score for name, score in scores.items() if score}


def match_header(
    text: str, cells: list[str], *, mapping: dict[str, str] | None = None, position: float = 0.5
) -> ColumnMatch:
    """Match one header; `cells` are the column's cells below it, `position` its place from 0
    (first column) to 1 (last)."""
    match = _match_header(text, cells, mapping, position)
    match.label = FIELD_LABELS.get(match.field or "", "")
    return match


def _match_header(
    text: str, cells: list[str], mapping: dict[str, str] | None, position: float
) -> ColumnMatch:
    samples = [c[:80] for c in cells if c.strip()][:3]
    key = normalise_header(text)
    for header, mapped in (mapping or {}).items():
        if normalise_header(header) == key:
            return ColumnMatch(text, mapped, SURE, "mapped by you", samples=samples)
    if key in HEADER_TABLE:
        return ColumnMatch(text, HEADER_TABLE[key], SURE, "a header plans use", samples=samples)
    core = core_of(text)
    if core in HEADER_TABLE:
        return ColumnMatch(text, HEADER_TABLE[core], SURE, f"“{core}” once brackets and years are dropped",
                           samples=samples)  # fmt: skip
    scores = _word_scores(core)
    if len(core.split()) > MAX_HEADER_WORDS:
        return ColumnMatch(text, None, "", "too long for a header", samples=samples)
    if not scores:
        return ColumnMatch(text, None, "", "no word names a field", samples=samples)
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    best, best_score = ranked[0]
    if best_score < ENOUGH:
        return ColumnMatch(text, None, "", f"“{core}” only hints at {FIELD_LABELS[best].lower()}",
                           candidates=[best], samples=samples)  # fmt: skip
    rivals = [name for name, score in ranked[1:] if best_score - score < TIE]
    if not rivals:
        confidence = LIKELY if best_score >= 0.9 else WEAK
        return ColumnMatch(text, best, confidence, f"the words “{core}”", samples=samples)
    tied = [best, *rivals]
    contents = content_scores(cells)
    by_cells = sorted(tied, key=lambda name: -contents.get(name, 0))
    if contents.get(by_cells[0], 0) - contents.get(by_cells[1], 0) >= 0.3:
        return ColumnMatch(text, by_cells[0], WEAK, "the words fit several fields; the cells decided",
                           samples=samples)  # fmt: skip
    by_place = _by_position(tied, position)
    if by_place:
        return ColumnMatch(text, by_place, WEAK, "the words fit several fields; its position decided",
                           samples=samples)  # fmt: skip
    return ColumnMatch(text, None, "", "two fields are equally likely", candidates=tied, samples=samples)


# Where a field's column usually sits: references first, then the action, ..., the RAG last.
USUAL_PLACE = {"reference": 0.0, "theme": 0.05, "action": 0.15, "outcome": 0.3, "project": 0.35,
               "target": 0.45, "lead": 0.55, "due": 0.6, "budget": 0.65, "narrative": 0.8,
               "risk": 0.85, "status": 1.0, "period": 0.75}  # fmt: skip


def _by_position(tied: list[str], position: float) -> str | None:
    distances = sorted(tied, key=lambda name: abs(USUAL_PLACE[name] - position))
    first, second = (abs(USUAL_PLACE[name] - position) for name in distances[:2])
    return distances[0] if second - first >= 0.1 else None


def match_columns(
    headers: list[str], columns: list[list[str]], *, mapping: dict[str, str] | None = None
) -> list[ColumnMatch | None]:
    """Match every header of a table; None for an empty header."""
    width = max(len(headers) - 1, 1)
    return [
        match_header(header, cells, mapping=mapping, position=index / width) if header.strip() else None
        for index, (header, cells) in enumerate(zip(headers, columns, strict=True))
    ]
