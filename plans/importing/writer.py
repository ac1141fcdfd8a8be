"""Matching an imported plan against what is there, building and validating every object, and
writing them with bulk inserts and updates (plan-structure history by django-simple-history's
bulk helpers). `plans.importing.services` is the way in; nothing else should call this."""

from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from csp_tracker.periods import Quarter
from partners.models import Organisation, Partnership, Person, RagStatus
from plans.budget_services import allocations_from_budget_cells
from plans.importing.builder import due_date_of
from plans.importing.colours import nearest_status
from plans.importing.ir import ImportedPlan, ImportedRow, ImportedUpdate, ImportFailed
from plans.importing.parsing import status_meaning
from plans.importing.result import ColourRag, ImportResult
from plans.models import Action, ExpectedOutcome, Plan, ProgressUpdate, ProjectRow, Theme, reference_sort_key
from plans.services import outlines_expire, rows_refresh_current

UPDATE_WRITTEN = [
    "period_year",
    "period_quarter",
    "update_date",
    "author_name",
    "narrative",
    "risk",
    "status",
]


def _validated[M: models.Model](obj: M, location: str, written: list[str] | None = None) -> M:
    """Validate as `full_clean` does before a save: every field (or the `written` ones, where
    the rest keep their defaults) and the model's `clean`. Related objects are the importer's
    own (their partnership is checked by `clean`), and uniqueness is kept by matching, so
    neither needs a query per object."""
    exclude = [
        f.name for f in obj._meta.concrete_fields if f.is_relation or (written and f.name not in written)
    ]
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        detail = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in error.message_dict.items())
        raise ImportFailed(detail, location=location) from error
    return obj


def _assign(obj: models.Model, values: dict) -> bool:
    """Set `values` on `obj`; True when anything changed."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name, None) != value:  # None: an unset relation of a new object
            setattr(obj, name, value)
            changed = True
    return changed


@dataclass
class _Pending:
    """Objects of one model the import creates, and existing ones it changes."""

    new: list = field(default_factory=list)
    changed: list = field(default_factory=list)

    def add(self, obj, *, is_new: bool, changed: bool) -> None:
        if is_new:
            self.new.append(obj)
        elif changed and all(obj is not other for other in self.changed):
            self.changed.append(obj)


@dataclass
class _RowPlan:
    row: ProjectRow
    is_new: bool
    changed: bool
    people: list[Person]
    organisations: list[Organisation]
    leads_changed: bool


THEME_FIELDS = ["title", "lead_agency", "indicators"]
ACTION_FIELDS = ["theme", "title", "outcome", "budget", "budget_text", "due_text", "due_date"]
OUTCOME_FIELDS = ["text", "status", "status_note"]
ROW_FIELDS = ["description", "target_text", "milestone", "revision"]


class Importer:
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
        # An abbreviation the glossary knows ("FDC") gets its full name, not the abbreviation twice.
        self.glossary = {term.acronym.casefold(): term.meaning for term in partnership.glossary.all()}
        self.result = ImportResult(None)
        self.seen_people: set[str] = set()
        self.seen_orgs: set[str] = set()
        self.pending = {model: _Pending() for model in (Organisation, Person, Theme, Action, ExpectedOutcome)}
        self.rows: list[_RowPlan] = []
        self.now, self.today = timezone.now(), timezone.localdate()
        self.updates: list[ProgressUpdate] = []

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
        short = name[:30].casefold()  # a long name's short name is its first 30 characters
        if key not in self.orgs and short in self.orgs:
            self.orgs[key] = self.orgs[short]
        if key not in self.orgs:
            full_name = self.glossary.get(name.casefold(), name)
            org = Organisation(partnership=self.partnership, short_name=name[:30], name=full_name[:200])
            self.orgs[key] = self.orgs[short] = _validated(org, location)
            self.pending[Organisation].add(org, is_new=True, changed=False)
            self.result.created["organisations"] += 1
        return self.orgs[key]

    def person(self, name: str, organisation: Organisation | None, location: str) -> Person:
        key = name.casefold()
        if key not in self.seen_people:
            self.seen_people.add(key)
            self.result.totals["people"] += 1
        if key not in self.people:
            person = Person(partnership=self.partnership, name=name, organisation=organisation)
            self.people[key] = _validated(person, location)
            self.pending[Person].add(person, is_new=True, changed=False)
            self.result.created["people"] += 1
        return self.people[key]

    def count(self, kind: str, created: bool) -> None:
        self.result.totals[kind] += 1
        self.result.created[kind] += created

    # --- matching and building ------------------------------------------------------------------

    def prepare(self, parsed: ImportedPlan, plan, title, start_date, end_date, lock: bool = False) -> None:
        """Match and build everything; with `lock`, the plan's rows stay locked until the import
        commits, so an edit saved meanwhile cannot be overwritten (or overwrite the import)."""
        if plan is None:
            plan = Plan(partnership=self.partnership, title=title, start_date=start_date, end_date=end_date)
            _validated(plan, "New plan")
            self.result.new_plan = True
            themes, actions, rows, outcomes, self.existing_updates = {}, {}, {}, {}, set()
        elif plan.partnership_id != self.partnership.pk:
            raise ImportFailed("The plan belongs to another partnership.")
        else:
            plan.partnership = self.partnership
            themes = {theme.number: theme for theme in plan.themes.select_related("lead_agency")}
            actions = {action.reference: action for action in plan.actions.select_related("theme")}
            existing = ProjectRow.objects.filter(action__plan=plan)
            if lock:
                existing = existing.select_for_update(of=("self",))
            rows = {
                (row.action_id, row.position): row
                for row in existing.prefetch_related("lead_people", "lead_organisations")
            }
            outcomes = {
                (o.action_id, o.number): o
                for o in ExpectedOutcome.objects.filter(action__plan=plan).select_related("status")
            }
            self.existing_updates = set(
                ProgressUpdate.objects.filter(row__action__plan=plan).values_list(
                    "row_id", "period_year", "period_quarter", "narrative"
                )
            )
        self.plan = plan
        self.result.plan_id = plan.pk
        for imported_theme in parsed.themes:
            theme = themes.get(imported_theme.number) or Theme(plan=plan, number=imported_theme.number)
            is_new = theme.pk is None
            self.count("themes", is_new)
            values: dict[str, object] = {"title": imported_theme.title[:300]}
            if imported_theme.lead_agency:
                values["lead_agency"] = self.organisation(imported_theme.lead_agency, f"Theme {theme.number}")
            if imported_theme.indicators:
                values["indicators"] = "\n".join(imported_theme.indicators)
            changed = _assign(theme, values)
            theme.plan = plan
            theme.sort_key = reference_sort_key(theme.number)
            self.pending[Theme].add(
                _validated(theme, f"Theme {imported_theme.number}"), is_new=is_new, changed=changed
            )
            for imported in imported_theme.actions:
                action = actions.get(imported.reference) or Action(plan=plan, reference=imported.reference)
                is_new = action.pk is None
                self.count("actions", is_new)
                changed = _assign(
                    action,
                    {
                        "theme": theme,
                        "title": imported.title or "(no title)",
                        "outcome": imported.outcome,
                        "budget": imported.budget,
                        "budget_text": imported.budget_text,
                        "due_text": imported.due_text,
                        "due_date": due_date_of(imported.due_text),
                    },
                )
                action.plan = plan
                action.sort_key = reference_sort_key(action.reference)
                self.pending[Action].add(
                    _validated(action, imported.location), is_new=is_new, changed=changed
                )
                for outcome_in in imported.outcomes:
                    outcome = outcomes.get((action.pk, outcome_in.number)) if action.pk else None
                    outcome = outcome or ExpectedOutcome(action=action, number=outcome_in.number)
                    changed = _assign(
                        outcome,
                        {
                            "text": outcome_in.text,
                            "status": self.status(outcome_in.status) if outcome_in.status else None,
                            "status_note": outcome_in.status_note,
                        },
                    )
                    outcome.action = action
                    self.pending[ExpectedOutcome].add(
                        _validated(outcome, imported.location), is_new=outcome.pk is None, changed=changed
                    )
                for position, imported_row in enumerate(imported.rows, 1):
                    row = rows.get((action.pk, position)) if action.pk else None
                    row = row or ProjectRow(action=action, position=position)
                    self.count("rows", row.pk is None)
                    self.prepare_row(row, action, imported_row)

    def prepare_row(self, row: ProjectRow, action: Action, imported: ImportedRow) -> None:
        is_new = row.pk is None
        changed = _assign(
            row,
            {
                "description": imported.description or "(no description)",
                "target_text": imported.target_text,
                "milestone": imported.milestone,
            },
        )
        if changed and not is_new:
            row.revision += 1
        row.action = action
        _validated(row, imported.location)
        people, orgs = [], []
        for lead in imported.leads:
            org = self.organisation(lead.organisation, imported.location) if lead.organisation else None
            if lead.person:
                people.append(self.person(lead.person, org, imported.location))
            if org:
                orgs.append(org)
        people = list({id(p): p for p in people}.values())  # unsaved objects are not hashable
        orgs = list({id(o): o for o in orgs}.values())
        if not is_new:
            same = {p.pk for p in row.lead_people.all()} == {p.pk for p in people} and {
                o.pk for o in row.lead_organisations.all()
            } == {o.pk for o in orgs}
            leads_changed = not same
        else:
            leads_changed = bool(people or orgs)
        self.rows.append(_RowPlan(row, is_new, changed, people, orgs, leads_changed))
        self.prepare_updates(row, imported)

    def row_status(self, imported: ImportedRow) -> RagStatus | None:
        status = self._row_status(imported)
        if status is not None:
            self.result.row_rags[imported.location] = status.label
        return status

    def _row_status(self, imported: ImportedRow) -> RagStatus | None:
        if imported.outcome_statuses:
            present = [s for s in map(self.status, imported.outcome_statuses.values()) if s]
            return max(present, key=lambda s: s.severity) if present else None
        if imported.status:
            return self.status(imported.status)
        if imported.status_colour:
            status = nearest_status(imported.status_colour, self.scale)
            if status is not None:
                self.result.colour_rags.append(
                    ColourRag(imported.location, imported.status_colour, status.label)
                )
            return status
        return None

    def prepare_updates(self, row: ProjectRow, imported: ImportedRow) -> None:
        updates = list(imported.updates)
        rag = self.row_status(imported)
        if not updates and (rag or imported.risk):
            updates = [ImportedUpdate(imported.period_end, "")]
        default_date = min(self.plan.end_date, self.today)
        dated = sorted(
            ((update.date or default_date, update) for update in updates), key=lambda pair: pair[0]
        )
        now = self.now
        for index, (day, update) in enumerate(dated):
            self.result.totals["updates"] += 1
            last = index == len(dated) - 1
            text = update.text[:10_000]
            quarter = Quarter.containing(day, self.partnership.year_start_month)
            key = (row.pk, quarter.year, quarter.number, text)
            if row.pk and key in self.existing_updates:
                continue
            self.existing_updates.add(key)
            progress = ProgressUpdate(
                row=row,
                period_year=quarter.year,
                period_quarter=quarter.number,
                update_date=day,
                author=self.user,
                author_name=f"Imported from {self.source_name}"[:200],
                narrative=text,
                risk=imported.risk[:10_000] if last else "",
                rag=rag if last else None,
                status=ProgressUpdate.Status.ACCEPTED,
                submitted_at=now,
                reviewed_at=now,
                reviewed_by=self.user,
            )
            self.updates.append(_validated(progress, imported.location, UPDATE_WRITTEN))
            self.result.created["updates"] += 1
            kind = "narrative_and_rag" if text and progress.rag else "narrative" if text else "rag"
            self.result.update_kinds[kind] += 1

    # --- writing --------------------------------------------------------------------------------

    def save(self) -> None:
        history = {"default_user": self.user}
        if self.plan.pk is None:
            self.plan.save()
            self.result.plan_id = self.plan.pk
        for model, fields in (
            (Organisation, []),
            (Person, []),
            (Theme, THEME_FIELDS),
            (Action, ACTION_FIELDS),
            (ExpectedOutcome, OUTCOME_FIELDS),
        ):
            pending = self.pending[model]
            if pending.new:
                bulk_create_with_history(pending.new, model, **history)
            if pending.changed:
                bulk_update_with_history(
                    pending.changed,
                    model,
                    fields + (["sort_key"] if model in (Theme, Action) else []),
                    **history,
                )
        self.save_rows()
        allocations_from_budget_cells(
            actions=self.pending[Action].new + self.pending[Action].changed, user=self.user
        )
        if self.updates:
            ProgressUpdate.objects.bulk_create(self.updates)
        rows_refresh_current(row_ids={update.row_id for update in self.updates})
        outlines_expire(plans=Plan.objects.filter(pk=self.plan.pk))  # bulk writes send no signals

    def save_rows(self) -> None:
        new = [entry.row for entry in self.rows if entry.is_new]
        changed = [
            entry.row for entry in self.rows if not entry.is_new and (entry.changed or entry.leads_changed)
        ]
        ProjectRow.objects.bulk_create(new)
        if changed:
            ProjectRow.objects.bulk_update(changed, ROW_FIELDS)
        relinked = [entry for entry in self.rows if entry.leads_changed]
        people_through = ProjectRow.lead_people.through
        orgs_through = ProjectRow.lead_organisations.through
        relinked_ids = [entry.row.pk for entry in relinked if not entry.is_new]
        if relinked_ids:
            people_through.objects.filter(projectrow_id__in=relinked_ids).delete()
            orgs_through.objects.filter(projectrow_id__in=relinked_ids).delete()
        # Links and their history carry no model logic: inserted as plain rows (many thousands
        # on a big plan, where building model instances would cost seconds).
        _insert_rows(
            people_through,
            ["projectrow_id", "person_id"],
            [(e.row.pk, p.pk) for e in relinked for p in e.people],
        )
        _insert_rows(
            orgs_through,
            ["projectrow_id", "organisation_id"],
            [(e.row.pk, o.pk) for e in relinked for o in e.organisations],
        )
        # History: one record per created or changed row, with its leads as they now are.
        manager = ProjectRow.history
        records = list(manager.bulk_history_create(new, default_user=self.user) or [])
        records += list(manager.bulk_history_create(changed, update=True, default_user=self.user) or [])
        history_of = {record.id: record.history_id for record in records}
        for name, through, other in (
            ("lead_people", people_through, "person_id"),
            ("lead_organisations", orgs_through, "organisation_id"),
        ):
            links = through.objects.filter(projectrow__action__plan=self.plan).values_list(
                "id", "projectrow_id", other
            )
            _insert_rows(
                getattr(manager.model, name).model,
                ["history_id", "id", "projectrow_id", other],
                [(history_of[row], link, row, value) for link, row, value in links if row in history_of],
            )


def _insert_rows(model: type[models.Model], columns: list[str], rows: list[tuple]) -> None:
    """Insert plain rows, several hundred to a statement."""
    if not rows:
        return
    column_of = {f.attname: f.column or f.attname for f in model._meta.concrete_fields}
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column_of[name]) for name in columns)
    one = f"({', '.join(['%s'] * len(columns))})"
    per_statement = max(1, min(500, 900 // len(columns)))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            batch = rows[start : start + per_statement]
            values = ", ".join([one] * len(batch))
            cursor.execute(
                f"INSERT INTO {table} ({names}) VALUES {values}", [v for row in batch for v in row]
            )
