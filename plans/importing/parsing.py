"""Reading the messy cells of real plans: leads, money, statuses, dated narratives."""

import calendar
import datetime
import re
from decimal import Decimal, InvalidOperation

from plans.importing.ir import ImportedUpdate, Lead

# --- leads --------------------------------------------------------------------------------------

LEAD_SEPARATORS = re.compile(
    r"\s+in conjunction with\s+|\s+supported by\s+|\s+&\s+|\s+and\s+|\s*[,;/+]\s*|\n", re.IGNORECASE
)
ORG_WORDS = {"police", "fire", "probation", "nhs", "council", "constabulary", "refuge", "ymca"}
NO_LEAD = {"tbc", "tba", "n/a", "na", "none", "-", "all", "all partners"}
ORG_TOKEN = re.compile(r"^[A-Z][A-Z&]{1,9}s?$")


def _is_org(token: str, known: set[str]) -> bool:
    return bool(ORG_TOKEN.match(token)) or token.casefold() in ORG_WORDS | known


def parse_leads(text: str, known_organisations: set[str] | None = None) -> list[Lead]:
    """ "Aarron Locks FDC & Joe Keegan CCC", "SBC Debbie Barker in conjunction with CCSU Sarah
    Taylor", "Police Insp Simon Tabert", "Alison Smith CCC Rob Mitchell FDC": people and their
    organisations as written. An organisation is an upper-case short name, a word such as
    Police, or a name in `known_organisations` (casefolded); it may come before or after the
    person, the same way throughout a part. Rank words stay part of the name."""
    known = known_organisations or set()
    leads = []
    for part in LEAD_SEPARATORS.split(text.strip()):
        part = part.strip(" .-–")
        if not part or part.casefold() in NO_LEAD:
            continue
        runs: list[tuple[bool, list[str]]] = []
        for token in part.split():
            is_org = _is_org(token, known)
            if runs and runs[-1][0] == is_org:
                runs[-1][1].append(token)
            else:
                runs.append((is_org, [token]))
        prefix_style = runs[0][0] and len(runs) > 1
        index = 0
        while index < len(runs):
            is_org, tokens = runs[index]
            nxt = runs[index + 1] if index + 1 < len(runs) else None
            if is_org and prefix_style and nxt:
                leads.append(Lead(" ".join(nxt[1])[:200], " ".join(tokens)[:30]))
                index += 2
            elif not is_org and not prefix_style and nxt:
                leads.append(Lead(" ".join(tokens)[:200], " ".join(nxt[1])[:30]))
                index += 2
            else:
                name = " ".join(tokens)
                leads.append(Lead("", name[:30]) if is_org else Lead(name[:200], ""))
                index += 1
    return leads


# --- money --------------------------------------------------------------------------------------

MONEY = re.compile(r"£\s*(\d[\d,]*(?:\.\d{1,2})?)\s*(k|m)?\b", re.IGNORECASE)
PLAIN_AMOUNT = re.compile(r"^\s*(\d[\d,]*(?:\.\d{1,2})?)\s*(k|m)?\b", re.IGNORECASE)


def parse_money(text: str) -> Decimal | None:
    """The first amount in the text ("£12,000 post recruitment £2,000 cook and chat" → 12000)."""
    match = MONEY.search(text) or PLAIN_AMOUNT.match(text)
    if not match:
        return None
    try:
        amount = Decimal(match.group(1).replace(",", ""))
    except InvalidOperation:
        return None
    scale = {"k": 1000, "m": 1_000_000}.get((match.group(2) or "").lower(), 1)
    return amount * scale


# --- statuses -----------------------------------------------------------------------------------

STATUS_WORDS = [
    # (pattern, meaning) checked in order; meanings are resolved against the partnership's scale.
    (r"not started|not yet started|yet to start", "not_started"),
    (r"\bcomplete(d)?\b|\bdone\b|\bachieved\b|\bfinished\b|\bblue\b", "complete"),
    (r"off track|not on track|\bred\b|urgent", "red"),
    (r"\bamber\b|at risk|slippage|delayed|behind", "amber"),
    (r"on track|on target|progressing well|\bgreen\b|\bongoing\b|in progress", "green"),
]


def status_meaning(text: str) -> str | None:
    """What a status written in a cell means: red/amber/green/complete/not_started, or None."""
    lowered = text.casefold()
    for pattern, meaning in STATUS_WORDS:
        if re.search(pattern, lowered):
            return meaning
    return None


NUMBERED = re.compile(r"(?:^|\s|\n)(\d{1,2})[.)]\s+")


def split_numbered(text: str) -> list[tuple[int, str]]:
    """ "1. Fewer victims 2. More reports" → [(1, "Fewer victims"), (2, "More reports")]; [] when the
    text is not a numbered list starting at 1."""
    matches = list(NUMBERED.finditer(text))
    if not matches or int(matches[0].group(1)) != 1 or text[: matches[0].start()].strip():
        return []
    items, expected = [], 1
    kept = []
    for match in matches:
        if int(match.group(1)) == expected:
            kept.append(match)
            expected += 1
    for index, match in enumerate(kept):
        end = kept[index + 1].start() if index + 1 < len(kept) else len(text)
        items.append((int(match.group(1)), text[match.end() : end].strip()))
    return items if len(items) >= 1 and all(body for _, body in items) else []


# --- dated narratives ---------------------------------------------------------------------------

MONTHS = {name.casefold(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.casefold(): i for i, name in enumerate(calendar.month_abbr) if name}
MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
MARKER = re.compile(
    rf"^[ \t]*(?P<label>(?:Update\s+(?:for\s+)?)?(?:(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})/(?P<y>\d{{2,4}})"
    rf"|(?P<month>{MONTH_RE})\.?\s+(?P<my>\d{{4}})|Q(?P<q>[1-4])\s+update|Update\s+Q(?P<q2>[1-4])))"
    rf"[ \t]*[:\-–]?[ \t]*",
    re.IGNORECASE | re.MULTILINE,
)


def _marker_date(match: re.Match, quarter_end) -> datetime.date | None:
    try:
        if match.group("d"):
            year = int(match.group("y"))
            year += 2000 if year < 100 else 0
            return datetime.date(year, int(match.group("m")), int(match.group("d")))
        if match.group("month"):
            return datetime.date(int(match.group("my")), MONTHS[match.group("month").casefold()], 1)
    except ValueError:
        return None
    quarter = match.group("q") or match.group("q2")
    return quarter_end(int(quarter)) if quarter else None


def split_updates(text: str, quarter_end) -> list[ImportedUpdate]:
    """Split a narrative into dated updates where lines start with a date marker ("Update for
    17/07/2020", "November 2021", "Q4 update"); otherwise one undated update. Text before the
    first marker stays with the first update. `quarter_end(n)` dates a "Qn update"."""
    text = text.strip()
    if not text:
        return []
    markers = [m for m in MARKER.finditer(text) if _marker_date(m, quarter_end)]
    if not markers:
        return [ImportedUpdate(None, text)]
    updates = []
    preamble = text[: markers[0].start()].strip()
    for index, match in enumerate(markers):
        end = markers[index + 1].start() if index + 1 < len(markers) else len(text)
        body = text[match.end() : end].strip()
        if index == 0 and preamble:
            body = f"{preamble}\n{body}".strip()
        updates.append(ImportedUpdate(_marker_date(match, quarter_end), body, match.group("label").strip()))
    return updates
