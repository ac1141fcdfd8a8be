"""Realistic, reproducible data in bulk, for measuring the pages at the size of a county or region.

`scale_generate` makes partnerships with users and memberships, a plan a year (themes, actions
with one to three project rows, leads, numeric targets, quarterly accepted updates with RAG and
figures for every past quarter, an open round for the current quarter with drafts and submitted
updates, carried-over actions) and indicators with quarterly values. Everything is written with
`bulk_create` (history rows too, through simple-history's bulk helper) and a seeded random
generator, so the same seed on the same day gives the same data. `scale_plan_build` is the same
builder for one plan of a given size in an existing partnership, shared by the benchmarks.

It lives in indicators (the highest layer whose models it fills); nothing below imports it.
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from simple_history.utils import bulk_create_with_history

from csp_tracker.periods import Quarter, financial_year_of
from indicators.models import Indicator, IndicatorValue
from partners.models import Membership, Organisation, Partnership, Person, RagStatus
from partners.services import DEFAULT_RAG_SCALE, OPTIONAL_RAG_STATUSES
from plans.models import Action, Plan, ProgressUpdate, ProjectRow, Target, TargetFigure, Theme, UpdateRound
from plans.models.structure import reference_sort_key

SCALE_PASSWORD = "scale-data-password-2026"  # every generated login's password (never in production)
SLUG_PREFIX = "scale-"
START_MONTH = 4
BATCH = 2000

ORGANISATIONS = [
    ("Police", "Constabulary", "statutory"),
    ("DC", "District Council", "statutory"),
    ("CC", "County Council", "statutory"),
    ("FRS", "Fire and Rescue Service", "statutory"),
    ("NHS", "Integrated Care Board", "statutory"),
    ("PS", "Probation Service", "statutory"),
    ("VCS", "Voluntary Action", "invited"),
]
THEMES = [
    "Reducing violence and exploitation",
    "Safer roads and neighbourhoods",
    "Tackling domestic abuse",
    "Reducing reoffending",
    "Partners working together",
]
VERBS = ["Deliver", "Expand", "Review", "Coordinate", "Promote", "Establish", "Support", "Reduce"]
OBJECTS = [
    "awareness sessions in schools",
    "joint patrols in hotspot areas",
    "referrals to specialist services",
    "the multi-agency risk panel",
    "community speedwatch schemes",
    "support for repeat victims",
    "early help for young people at risk",
    "information sharing between partners",
]
NARRATIVES = [
    "Work continued as agreed at the last partnership meeting. Referrals rose against the same "
    "quarter last year and partners shared case studies with the analyst.",
    "Sessions were delivered to {n} people this quarter. Feedback was positive and a second "
    "cohort is booked for the next quarter.",
    "Recruitment to the post was delayed; the partners agreed an interim arrangement and the "
    "work is expected to catch up by the end of the year.",
    "The group met twice and agreed its terms of reference. A review of the approach is planned "
    "for the next quarter, with findings to be reported to the board.",
]
INDICATORS = [
    ("Killed or seriously injured casualties", "casualties", "lower"),
    ("Domestic abuse incidents reported", "incidents", "higher"),
    ("Anti-social behaviour incidents", "incidents", "lower"),
    ("Repeat victims of domestic abuse", "%", "lower"),
    ("Young people in early help", "people", "higher"),
    ("Serious violence offences", "offences", "lower"),
]


@dataclass
class ScaleCounts:
    """What was made, for the command's summary."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, n: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + n

    def summary(self) -> str:
        return ", ".join(f"{n:,} {name}" for name, n in self.counts.items())


def _create(model: Any, objs: list, counts: ScaleCounts, name: str, history: bool = False) -> list:
    if history:
        made = bulk_create_with_history(objs, model, batch_size=BATCH)
        counts.add("history rows", len(made))
    else:
        made = model.objects.bulk_create(objs, batch_size=BATCH)
    counts.add(name, len(made))
    return made


def _rag_scale(partnership: Partnership) -> list[RagStatus]:
    scale = [*DEFAULT_RAG_SCALE, OPTIONAL_RAG_STATUSES["blue"]]
    return [
        RagStatus(
            partnership=partnership,
            code=code,
            label=label,
            meaning=meaning,
            colour=colour,
            text_colour=text,
            position=position,
            severity=severity,
            is_complete=complete,
            needs_reason=reason,
        )
        for position, (code, label, meaning, colour, text, severity, complete, reason) in enumerate(scale, 1)
    ]


@dataclass
class PlanWorld:
    """What one partnership's plans draw on."""

    partnership: Partnership
    statuses: list[RagStatus]
    organisations: list[Organisation]
    people: list[Person]
    author_ids: list[int]


def scale_world_of(partnership: Partnership) -> PlanWorld:
    """What a plan built in an existing partnership (the benchmarks') draws on: its own scale,
    organisations and people (a benchmark lead is added when it has nobody)."""
    organisations = list(Organisation.objects.filter(partnership=partnership).order_by("pk"))
    if not organisations:
        organisations = [
            Organisation.objects.create(partnership=partnership, short_name="BM", name="Benchmark")
        ]
    people = list(
        Person.objects.filter(partnership=partnership, organisation__isnull=False).order_by("pk")[:8]
    )
    if not people:
        people = [
            Person.objects.create(
                partnership=partnership, name="Benchmark Lead", organisation=organisations[0]
            )
        ]
    statuses = list(RagStatus.objects.filter(partnership=partnership).order_by("position"))
    return PlanWorld(partnership, statuses, organisations, people, [])


def _status(statuses: list[RagStatus], rng: random.Random, complete: bool) -> RagStatus | None:
    """Mostly green, some amber, a little red; complete only where `complete` (a year's end)."""
    weights = [
        (1 if complete else 0) if s.is_complete else {40: 1, 30: 3, 20: 8}.get(s.severity, 1)
        for s in statuses
    ]
    return rng.choices(statuses, weights=weights)[0] if statuses and any(weights) else None


def scale_plan_build(
    *,
    world: PlanWorld,
    year: int,
    actions: int,
    today: datetime.date,
    rng: random.Random,
    counts: ScaleCounts,
    previous: Plan | None = None,
    history: bool = True,
) -> Plan:
    """One annual plan for the financial year starting in `year`, of `actions` actions, with an
    accepted update for every quarter before today's and, for the year containing today, an open
    round for today's quarter (a third of its rows drafted, a third submitted)."""
    partnership = world.partnership
    current_year = financial_year_of(today, START_MONTH)
    start = Quarter(year, 1, START_MONTH).start
    plan = Plan(
        partnership=partnership,
        title=f"Delivery plan {year}/{(year + 1) % 100:02d}",
        start_date=start,
        end_date=Quarter(year, 4, START_MONTH).end,
        status=Plan.Status.LIVE if year == current_year else Plan.Status.ARCHIVED,
        previous_plan=previous,
        vision="A district where people are safe and feel safe.",
    )
    _create(Plan, [plan], counts, "plans", history)
    themes = _create(
        Theme,
        [
            Theme(
                plan=plan,
                number=str(n),
                sort_key=reference_sort_key(str(n)),
                title=title,
                lead_agency=world.organisations[n % len(world.organisations)],
            )
            for n, title in enumerate(THEMES, 1)
        ],
        counts,
        "themes",
        history,
    )
    carried_from: dict[str, Action] = {}
    if previous is not None:
        carried_from = {a.reference: a for a in previous.actions.all()}
    action_objs = []
    for n in range(actions):
        theme = themes[n % len(themes)]
        reference = f"{theme.number}.{n // len(themes) + 1}"
        source = carried_from.get(reference) if n % 6 == 0 else None
        action_objs.append(
            Action(
                plan=plan,
                theme=theme,
                reference=reference,
                sort_key=reference_sort_key(reference),
                title=f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} ({reference})",
                outcome="Fewer victims, and more confidence that partners act on what they hear.",
                budget=Decimal(rng.randrange(0, 40)) * 500 if n % 3 == 0 else None,
                due_date=plan.end_date,
                carried_from=source,
            )
        )
    made_actions = _create(Action, action_objs, counts, "actions", history)
    row_objs = []
    for action in made_actions:
        for position in range(1, rng.choice((1, 1, 2, 2, 2, 3)) + 1):
            row_objs.append(
                ProjectRow(
                    action=action,
                    position=position,
                    description=f"Project {position}: {rng.choice(OBJECTS)}",
                    target_text="Increase by 5% on the baseline",
                    milestone="By the end of the year",
                )
            )
    rows = _create(ProjectRow, row_objs, counts, "project rows", history)
    leads, orgs = ProjectRow.lead_people.through, ProjectRow.lead_organisations.through
    lead_links, org_links = [], []
    for i, row in enumerate(rows):
        person = world.people[i % len(world.people)]
        lead_links.append(leads(projectrow_id=row.pk, person_id=person.pk))
        second = world.people[(i + 3) % len(world.people)]
        if i % 4 == 0 and second.pk != person.pk:
            lead_links.append(leads(projectrow_id=row.pk, person_id=second.pk))
        org_links.append(orgs(projectrow_id=row.pk, organisation_id=person.organisation_id))
    _create(leads, lead_links, counts, "lead links")
    _create(orgs, org_links, counts, "organisation links")
    targets = _create(
        Target,
        [
            Target(
                row=row,
                description="People reached",
                kind=Target.Kind.NUMERIC,
                unit="people",
                baseline=Decimal(80),
                baseline_period=f"{year - 1}/{year % 100:02d}",
                target_value=Decimal(100),
                target_period=f"{year}/{(year + 1) % 100:02d}",
            )
            for row in rows
        ],
        counts,
        "targets",
        history,
    )
    open_quarter = Quarter.containing(today, START_MONTH)
    quarters = [q for q in (Quarter(year, n, START_MONTH) for n in range(1, 5)) if q < open_quarter]
    updates: list[ProgressUpdate] = []
    figures_for: list[Target] = []
    for row, target in zip(rows, targets, strict=True):
        for q in quarters:
            update_day = min(q.end + datetime.timedelta(days=14), today)
            updates.append(
                ProgressUpdate(
                    row=row,
                    period_year=q.year,
                    period_quarter=q.number,
                    update_date=update_day,
                    author_id=rng.choice(world.author_ids) if world.author_ids else None,
                    author_name="Lead officer",
                    narrative=rng.choice(NARRATIVES).format(n=rng.randrange(10, 400)),
                    risk="Staff capacity." if rng.random() < 0.3 else "",
                    rag=_status(world.statuses, rng, complete=q.number == 4),
                    rag_reason="Delays in recruitment." if rng.random() < 0.3 else "",
                    status=ProgressUpdate.Status.ACCEPTED,
                    submitted_at=datetime.datetime.combine(update_day, datetime.time(12), datetime.UTC),
                    reviewed_at=datetime.datetime.combine(update_day, datetime.time(15), datetime.UTC),
                )
            )
            figures_for.append(target)
    update_round = None
    if year == current_year:
        update_round = UpdateRound(
            plan=plan,
            year=open_quarter.year,
            quarter=open_quarter.number,
            due_date=open_quarter.end + datetime.timedelta(days=15),
            meeting_date=open_quarter.end + datetime.timedelta(days=30),
        )
        _create(UpdateRound, [update_round], counts, "open rounds")
        for i, row in enumerate(rows):
            if i % 3 == 2:
                continue
            updates.append(
                ProgressUpdate(
                    row=row,
                    round=update_round,
                    period_year=open_quarter.year,
                    period_quarter=open_quarter.number,
                    update_date=today,
                    author_id=rng.choice(world.author_ids) if world.author_ids else None,
                    author_name="Lead officer",
                    narrative=rng.choice(NARRATIVES).format(n=rng.randrange(10, 400)),
                    rag=_status(world.statuses, rng, complete=False),
                    rag_reason="Delays in recruitment.",
                    status=ProgressUpdate.Status.DRAFT if i % 3 == 0 else ProgressUpdate.Status.SUBMITTED,
                )
            )
            figures_for.append(targets[i])
    made_updates = _create(ProgressUpdate, updates, counts, "progress updates")
    _create(
        TargetFigure,
        [
            TargetFigure(update=update, target=target, value=Decimal(rng.randrange(10, 40)))
            for update, target in zip(made_updates, figures_for, strict=True)
        ],
        counts,
        "target figures",
    )
    latest: dict[int, ProgressUpdate] = {}
    for update in made_updates:
        if update.status == ProgressUpdate.Status.ACCEPTED:
            latest[update.row_id] = update  # quarters were written in order
    for row in rows:
        row.current_update = latest.get(row.pk)
    ProjectRow.objects.bulk_update(rows, ["current_update"], batch_size=BATCH)
    return plan


def _partnership_world(
    n: int, rng: random.Random, counts: ScaleCounts, password: str
) -> tuple[PlanWorld, list[tuple[str, str]]]:
    User = get_user_model()
    slug = f"{SLUG_PREFIX}{n:04d}"
    partnership = Partnership(name=f"Scale Partnership {n:04d}", slug=slug, year_start_month=START_MONTH)
    _create(Partnership, [partnership], counts, "partnerships")
    statuses = _create(RagStatus, _rag_scale(partnership), counts, "RAG statuses")
    organisations = _create(
        Organisation,
        [
            Organisation(partnership=partnership, short_name=short, name=f"{name} {n:04d}", kind=kind)
            for short, name, kind in ORGANISATIONS
        ],
        counts,
        "organisations",
    )
    roles = [Membership.Role.COORDINATOR] + [Membership.Role.LEAD_OFFICER] * 8 + [Membership.Role.VIEWER]
    users = _create(
        User,
        [
            User(
                username=f"{slug}-{role.split('_')[0]}-{i}",
                email=f"{slug}-{i}@example.org",
                first_name=f"Person{i}",
                last_name=f"P{n:04d}",
                password=password,
            )
            for i, role in enumerate(roles)
        ],
        counts,
        "users",
    )
    people = _create(
        Person,
        [
            Person(
                partnership=partnership,
                name=f"{user.first_name} {user.last_name}",
                organisation=organisations[i % len(organisations)],
                email=user.email,
                user=user,
                job_title="Officer",
            )
            for i, user in enumerate(users)
        ],
        counts,
        "people",
    )
    _create(
        Membership,
        [
            Membership(user=user, partnership=partnership, role=role)
            for user, role in zip(users, roles, strict=True)
        ],
        counts,
        "memberships",
    )
    leads = [
        person for person, role in zip(people, roles, strict=True) if role == Membership.Role.LEAD_OFFICER
    ]
    world = PlanWorld(partnership, statuses, organisations, leads, [u.pk for u in users[:9]])
    logins = [(user.username, str(role)) for user, role in zip(users, roles, strict=True)]
    return world, logins


def _indicators(
    world: PlanWorld,
    theme: Theme | None,
    today: datetime.date,
    years: int,
    rng: random.Random,
    counts: ScaleCounts,
) -> None:
    indicators = _create(
        Indicator,
        [
            Indicator(
                partnership=world.partnership,
                theme=theme if i % 2 == 0 else None,
                name=name,
                unit=unit,
                direction=direction,
                baseline_value=Decimal(100),
                baseline_period="baseline",
                target_value=Decimal(90),
            )
            for i, (name, unit, direction) in enumerate(INDICATORS)
        ],
        counts,
        "indicators",
    )
    quarter = Quarter(financial_year_of(today, START_MONTH) - years + 1, 1, START_MONTH)
    values = []
    while quarter.end < today:
        for indicator in indicators:
            values.append(
                IndicatorValue(
                    indicator=indicator,
                    period_start=quarter.start,
                    period_label=quarter.label,
                    value=Decimal(rng.randrange(60, 140)),
                )
            )
        quarter = quarter.next()
    _create(IndicatorValue, values, counts, "indicator values")


def scale_generate(
    *,
    partnerships: int,
    years: int,
    actions: int,
    seed: int,
    today: datetime.date,
    history: bool = True,
    progress: Callable[[str], None] | None = None,
) -> tuple[ScaleCounts, list[tuple[str, str]]]:
    """Fill the database; returns what was made and the first partnership's logins."""
    if Partnership.objects.filter(slug__startswith=SLUG_PREFIX).exists():
        raise ValueError(
            f"Scale data is already here (partnerships named {SLUG_PREFIX}…): use an empty database."
        )
    rng = random.Random(seed)
    counts = ScaleCounts()
    password = make_password(SCALE_PASSWORD)
    first_logins: list[tuple[str, str]] = []
    current_year = financial_year_of(today, START_MONTH)
    for n in range(1, partnerships + 1):
        with transaction.atomic():
            world, logins = _partnership_world(n, rng, counts, password)
            first_logins = first_logins or logins
            previous = None
            for year in range(current_year - years + 1, current_year + 1):
                previous = scale_plan_build(
                    world=world,
                    year=year,
                    actions=actions,
                    today=today,
                    rng=rng,
                    counts=counts,
                    previous=previous,
                    history=history,
                )
            _indicators(world, previous.themes.first() if previous else None, today, years, rng, counts)
        if progress and (n % 10 == 0 or n == partnerships):
            progress(f"{n} of {partnerships} partnerships")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return counts, first_logins
