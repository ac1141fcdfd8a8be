"""Reading an import file into an ImportedPlan, and writing one into a plan in one transaction."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from csp_tracker.periods import Quarter, financial_year_of
from partners.models import Organisation, Partnership, Person, RagStatus
from plans.importing.builder import build, due_date_of
from plans.importing.ir import ImportedPlan, ImportedRow, ImportedUpdate, ImportFailed
from plans.importing.parsing import status_meaning
from plans.importing.readers import read
from plans.importing.safety import format_of
from plans.models import Action, ExpectedOutcome, Plan, ProgressUpdate, ProjectRow, Theme
from plans.services import row_refresh_current

KINDS = ["themes", "actions", "rows", "people", "organisations", "updates"]


def plan_import_parse(
    *,
    data: bytes,
    filename: str,
    mapping: dict[str, str] | None = None,
    plan_start: datetime.date,
    year_start_month: int = 4,
) -> ImportedPlan:
    """Read a .docx, .xlsx or .csv file into an ImportedPlan (nothing is written)."""
    year = financial_year_of(plan_start, year_start_month)
    document = read(data, format_of(filename))
    return build(
        document, mapping=mapping or {}, quarter_end=lambda n: Quarter(year, n, year_start_month).end
    )


@dataclass
class ImportResult:
    plan_id: int | None
    totals: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    dry_run: bool = False
    new_plan: bool = False

    @property
    def updated(self) -> dict[str, int]:
        return {kind: self.totals[kind] - self.created[kind] for kind in KINDS}

    def summary(self) -> str:
        counts = ", ".join(f"{self.totals[kind]} {kind}" for kind in KINDS)
        if self.dry_run:
            return f"would import {'new plan' if self.new_plan else f'plan {self.plan_id}'}: {counts}"
        return f"imported plan {self.plan_id}: {counts}"


class _RollBack(Exception):
    def __init__(self, result: ImportResult):
        self.result = result


def plan_import(
    *,
    partnership: Partnership,
    parsed: ImportedPlan,
    user: User | None,
    plan: Plan | None = None,
    title: str = "",
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    source_name: str = "the imported file",
    dry_run: bool = False,
) -> ImportResult:
    """Write an imported plan into `plan` (or a new draft plan) in one transaction.

    Re-importing the same file into the same plan updates in place: themes, actions, rows and
    outcomes are matched by number, reference and position, updates by row, date and text.
    With `dry_run` everything is written and then rolled back, so the counts are exact.
    """
    try:
        with transaction.atomic():
            result = _Writer(partnership, user, source_name).write(parsed, plan, title, start_date, end_date)
            result.dry_run = dry_run
            if dry_run:
                raise _RollBack(result)
    except _RollBack as rollback:
        return rollback.result
    return result


def _saved(obj, location: str):
    try:
        obj.full_clean()
    except ValidationError as error:
        detail = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in error.message_dict.items())
        raise ImportFailed(detail, location=location) from error
    obj.save()
    return obj


class _Writer:
    def __init__(self, partnership: Partnership, user: User | None, source_name: str):
        self.partnership = partnership
        self.user = user
        self.source_name = source_name
        self.scale = list(partnership.rag_statuses.all())
        self.orgs: dict[str, Organisation] = {}
        for org in partnership.organisations.all():
            self.orgs.setdefault(org.name.casefold(), org)
            self.orgs[org.short_name.casefold()] = org
        self.people = {person.name.casefold(): person for person in partnership.people.all()}
        self.result = ImportResult(None)
        self.seen_people: set[str] = set()
        self.seen_orgs: set[str] = set()

    # --- lookups --------------------------------------------------------------------------------

    def status(self, text: str) -> RagStatus | None:
        cleaned = text.strip().casefold()
        for status in self.scale:
            if cleaned in (status.code, status.label.casefold()):
                return status
        meaning = status_meaning(text)
        by_code = {status.code: status for status in self.scale}
        if meaning == "complete":
            return next((s for s in self.scale if s.is_complete), by_code.get("green"))
        if meaning == "not_started":
            return by_code.get("grey") or by_code.get("not_started")
        return by_code.get(meaning or "")

    def organisation(self, name: str, location: str) -> Organisation:
        key = name.casefold()
        if key not in self.seen_orgs:
            self.seen_orgs.add(key)
            self.result.totals["organisations"] += 1
        if key not in self.orgs:
            org = Organisation(partnership=self.partnership, short_name=name[:30], name=name)
            self.orgs[key] = _saved(org, location)
            self.result.created["organisations"] += 1
        return self.orgs[key]

    def person(self, name: str, organisation: Organisation | None, location: str) -> Person:
        key = name.casefold()
        if key not in self.seen_people:
            self.seen_people.add(key)
            self.result.totals["people"] += 1
        if key not in self.people:
            person = Person(partnership=self.partnership, name=name, organisation=organisation)
            self.people[key] = _saved(person, location)
            self.result.created["people"] += 1
        return self.people[key]

    def count(self, kind: str, created: bool) -> None:
        self.result.totals[kind] += 1
        self.result.created[kind] += created

    # --- writing --------------------------------------------------------------------------------

    def write(self, parsed: ImportedPlan, plan, title, start_date, end_date) -> ImportResult:
        if plan is None:
            plan = _saved(
                Plan(partnership=self.partnership, title=title, start_date=start_date, end_date=end_date),
                "New plan",
            )
            self.result.new_plan = True
        elif plan.partnership_id != self.partnership.pk:
            raise ImportFailed("The plan belongs to another partnership.")
        self.plan = plan
        self.result.plan_id = plan.pk
        themes = {theme.number: theme for theme in plan.themes.all()}
        actions = {action.reference: action for action in plan.actions.all()}
        rows: dict[tuple[int, int], ProjectRow] = {
            (row.action_id, row.position): row for row in ProjectRow.objects.filter(action__plan=plan)
        }
        self.existing_updates = set(
            ProgressUpdate.objects.filter(row__action__plan=plan).values_list(
                "row_id", "update_date", "narrative"
            )
        )
        outcomes = {(o.action_id, o.number): o for o in ExpectedOutcome.objects.filter(action__plan=plan)}
        touched_rows = []
        for imported_theme in parsed.themes:
            theme = themes.get(imported_theme.number) or Theme(plan=plan, number=imported_theme.number)
            self.count("themes", theme.pk is None)
            theme.title = imported_theme.title[:300]
            if imported_theme.lead_agency:
                theme.lead_agency = self.organisation(imported_theme.lead_agency, f"Theme {theme.number}")
            if imported_theme.indicators:
                theme.indicators = "\n".join(imported_theme.indicators)
            _saved(theme, f"Theme {imported_theme.number}")
            for imported in imported_theme.actions:
                action = actions.get(imported.reference) or Action(plan=plan, reference=imported.reference)
                self.count("actions", action.pk is None)
                action.theme = theme
                action.title = imported.title or "(no title)"
                action.outcome = imported.outcome
                action.budget, action.budget_text = imported.budget, imported.budget_text
                action.due_text, action.due_date = imported.due_text, due_date_of(imported.due_text)
                _saved(action, imported.location)
                for outcome_in in imported.outcomes:
                    outcome = outcomes.get((action.pk, outcome_in.number)) or ExpectedOutcome(
                        action=action, number=outcome_in.number
                    )
                    outcome.text = outcome_in.text
                    outcome.status = self.status(outcome_in.status) if outcome_in.status else None
                    outcome.status_note = outcome_in.status_note
                    _saved(outcome, imported.location)
                for position, imported_row in enumerate(imported.rows, 1):
                    row = rows.get((action.pk, position)) or ProjectRow(action=action, position=position)
                    self.count("rows", row.pk is None)
                    self.write_row(row, imported_row)
                    touched_rows.append(row.pk)
        for row_id in touched_rows:
            row_refresh_current(row_id=row_id)
        return self.result

    def write_row(self, row: ProjectRow, imported: ImportedRow) -> None:
        row.description = imported.description or "(no description)"
        row.target_text = imported.target_text
        row.milestone = imported.milestone
        if row.pk:
            row.revision += 1
        _saved(row, imported.location)
        people, orgs = [], []
        for lead in imported.leads:
            org = self.organisation(lead.organisation, imported.location) if lead.organisation else None
            if lead.person:
                people.append(self.person(lead.person, org, imported.location))
            if org:
                orgs.append(org)
        row.lead_people.set(people)
        row.lead_organisations.set(orgs)
        self.write_updates(row, imported)

    def write_updates(self, row: ProjectRow, imported: ImportedRow) -> None:
        updates = list(imported.updates)
        rag = self.status(imported.status) if imported.status else None
        if imported.outcome_statuses:
            statuses = [self.status(text) for text in imported.outcome_statuses.values()]
            present = [s for s in statuses if s]
            rag = max(present, key=lambda s: s.severity) if present else None
        if not updates and rag:
            updates = [ImportedUpdate(None, "")]
        default_date = min(self.plan.end_date, timezone.localdate())
        dated = sorted(
            ((update.date or default_date, update) for update in updates), key=lambda pair: pair[0]
        )
        now = timezone.now()
        for index, (day, update) in enumerate(dated):
            self.result.totals["updates"] += 1
            text = update.text[:10_000]
            if (row.pk, day, text) in self.existing_updates:
                continue
            self.existing_updates.add((row.pk, day, text))
            quarter = Quarter.containing(day, self.partnership.year_start_month)
            progress = ProgressUpdate(
                row=row,
                period_year=quarter.year,
                period_quarter=quarter.number,
                update_date=day,
                author=self.user,
                author_name=f"Imported from {self.source_name}"[:200],
                narrative=text,
                rag=rag if index == len(dated) - 1 else None,
                status=ProgressUpdate.Status.ACCEPTED,
                submitted_at=now,
                reviewed_at=now,
                reviewed_by=self.user,
            )
            _saved(progress, imported.location)
            self.result.created["updates"] += 1
