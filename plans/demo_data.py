"""Builds the fictional demo partnerships of `plans/demo_content.py` (used by `load_demo`).

The demo always looks current: its timeline is worked out from the day it is built. Marshfield's
three-year strategy is in its third year. Each of the eight quarters before the current one has a
closed round of accepted updates, and the current quarter has an open round in which rows are at
every stage: not started, draft, submitted, returned (one of them resubmitted) and accepted.
Eastbrook's annual plan is for the year of the last quarter that has ended, with a closed round for
each of its quarters so far. The years written in the content are moved to fit (`_shifted`).

Building is deterministic for a given day (one `random.Random` per partnership, seeded from the
slug) and idempotent: a partnership whose slug already exists is left alone. Records are made
directly rather than through `plans.services`, so that no e-mail is sent; the updates' words come
from `plans/demo_narratives.py`.
"""

import datetime
import random
import re
from collections import Counter
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from csp_tracker.periods import Quarter, year_label
from partners.models import GlossaryTerm, Membership, Organisation, Partnership, Person, RagStatus
from partners.services import partnership_create
from plans.demo_content import PARTNERSHIPS
from plans.demo_money import load_money_demo
from plans.demo_narratives import Narrator
from plans.importing.carry_over import action_is_finished, plan_carry_over
from plans.models import (
    Action,
    ExpectedOutcome,
    Plan,
    ProgressUpdate,
    ProjectRow,
    SentEmail,
    Target,
    TargetFigure,
    Theme,
    UpdateRound,
)
from plans.notifications import update_form_url
from plans.services import rows_refresh_current

DEMO_PASSWORD = "demo-password-2026"
DEMO_SEED = 2026
DEMO_SLUGS = [spec["slug"] for spec in PARTNERSHIPS]
MONEY_DEMO_SLUG = "marshfield"  # the funded plan
ROLE_LABELS = {"coordinator": "coordinator", "lead_officer": "lead officer", "viewer": "viewer"}
HISTORY_QUARTERS = 8  # closed rounds before the current quarter
# The share of rows at each stage of the open round, in the order each lead officer is given them.
OPEN_ROUND_MIX = {"not_started": 0.35, "draft": 0.15, "returned": 0.10, "submitted": 0.25, "accepted": 0.15}
RESUBMITTED = "resubmitted"  # returned, then submitted again as version 2: one of the submitted rows
YEAR = re.compile(r"\b(20\d\d)(/\d\d)?\b")
Status = ProgressUpdate.Status
DAY = datetime.timedelta(days=1)
WORKING_MINUTES = 10 * 60  # in a working day, from 8am


def demo_logins() -> list[tuple[str, str]]:
    """(username, role as shown) for every demo login; other partnerships than the first are named,
    and each says whether it may see Domestic Homicide Reviews."""
    return [
        (
            username,
            ROLE_LABELS[role]
            + ("" if spec is PARTNERSHIPS[0] else f" ({spec['slug']})")
            + (", DHR access" if can_see_dhr else ", no DHR access"),
        )
        for spec in PARTNERSHIPS
        for username, _person, role, can_see_dhr in spec["logins"]
    ]


def demo_summary() -> str:
    partnerships = Partnership.objects.filter(slug__in=DEMO_SLUGS)
    actions = Action.objects.filter(plan__partnership__in=partnerships)
    rows = ProjectRow.objects.filter(action__in=actions)
    updates = ProgressUpdate.objects.filter(row__in=rows)
    open_rounds = (
        UpdateRound.objects.filter(plan__partnership__in=partnerships, status=UpdateRound.Status.OPEN)
        .select_related("plan__partnership")
        .order_by("plan__partnership__slug", "plan__title")
    )
    return (
        f"demo data ready: {partnerships.count()} partnerships, {actions.count()} actions, "
        f"{rows.count()} rows, {updates.count()} updates"
    ) + "".join(
        f", open round {round_.period(round_.plan.partnership.year_start_month)}" for round_ in open_rounds
    )


def demo_load(
    *, password: str = DEMO_PASSWORD, seed: int = DEMO_SEED, today: datetime.date | None = None
) -> list[Partnership]:
    """Build every demo partnership that does not exist yet, as of `today`; return those built."""
    missing = [spec for spec in PARTNERSHIPS if not Partnership.objects.filter(slug=spec["slug"]).exists()]
    if not missing:
        return []
    validate_password(password)
    password_hash = make_password(password)  # hashing is slow by design: once for every demo login
    today = today or timezone.localdate()
    with transaction.atomic():
        built = [
            _build_partnership(spec, random.Random(f"{seed}-{spec['slug']}"), password_hash, today)
            for spec in missing
        ]
        # Apps above plans (such as dhr) add their own demo records through their AppConfig.
        for config in apps.get_app_configs():
            if hasattr(config, "demo_load"):
                config.demo_load(partnerships=built, today=today)
        return built


@dataclass(frozen=True)
class _Timeline:
    quarters: list[Quarter]  # from the plan's first quarter to the newest with updates
    closed: list[Quarter]  # those with a closed round of accepted updates
    current: Quarter | None  # the quarter of the open round, if the plan has one
    years: int  # how many years later than written the content's dates fall


# The demo partnerships' years start in April, as most CSPs' do (the content's dates assume it).
DEMO_YEAR_START_MONTH = 4


def _timeline(spec: dict, today: datetime.date) -> _Timeline:
    """A plan with an open round ends in the financial year of today; one without, in the year of
    the last quarter that has ended."""
    current = Quarter.containing(today, DEMO_YEAR_START_MONTH)
    newest = current if spec["open_round"] else current.previous()
    written = spec["plan"]["start_date"]
    first_year = newest.year - (spec["plan"]["end_date"].year - written.year) + 1
    quarters = [Quarter(first_year, 1, DEMO_YEAR_START_MONTH)]
    while quarters[-1] < newest:
        quarters.append(quarters[-1].next())
    return _Timeline(
        quarters=quarters,
        closed=[quarter for quarter in quarters if quarter < current][-HISTORY_QUARTERS:],
        current=current if spec["open_round"] else None,
        years=quarters[0].year - written.year,
    )


def _shifted(value, years: int):
    """Content with every year in it moved on by `years`: dates, and text such as "March 2026" or
    "2023/24". The content is written as if the demo were loaded in the autumn of 2026."""
    if isinstance(value, str):

        def moved(match: re.Match) -> str:
            year = int(match[1]) + years
            return year_label(year, DEMO_YEAR_START_MONTH) if match[2] else str(year)

        return YEAR.sub(moved, value)
    if isinstance(value, datetime.date):
        day = min(value.day, 28) if (value.month, value.day) == (2, 29) else value.day
        return value.replace(year=value.year + years, day=day)
    if isinstance(value, dict):
        return {key: _shifted(item, years) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_shifted(item, years) for item in value)
    return value


def _build_partnership(
    spec: dict, rng: random.Random, password_hash: str, today: datetime.date
) -> Partnership:
    timeline = _timeline(spec, today)
    spec = _shifted(spec, timeline.years)
    partnership = partnership_create(
        name=spec["name"],
        slug=spec["slug"],
        with_blue=spec["with_blue"],
        description=spec["description"],
        year_start_month=DEMO_YEAR_START_MONTH,
    )
    rag = {status.code: status for status in partnership.rag_statuses.all()}
    orgs = {
        short: _saved(Organisation(partnership=partnership, short_name=short, name=name, kind=kind))
        for short, name, kind in spec["organisations"]
    }
    people = {
        key: _saved(
            Person(
                partnership=partnership,
                name=name,
                organisation=orgs[org],
                job_title=title,
                email=_email(name),
            )
        )
        for key, name, org, title in spec["people"]
    }
    for username, person_key, role, can_see_dhr in spec["logins"]:
        _grant_login(people[person_key], username, role, can_see_dhr, password_hash)
    GlossaryTerm.objects.bulk_create(
        GlossaryTerm(partnership=partnership, acronym=acronym, meaning=meaning)
        for acronym, meaning in spec["glossary"]
    )
    plan = _saved(Plan(partnership=partnership, **spec["plan"]))
    logins = {role: [people[key] for _u, key, r, _d in spec["logins"] if r == role] for role in ROLE_LABELS}
    coordinator = logins["coordinator"][0].user
    rounds = _closed_rounds(plan, timeline.closed, coordinator, rng, today)
    if timeline.current:
        rounds[timeline.current] = _open_round(plan, timeline.current, rounds, coordinator, rng, today)
    writer = _UpdateWriter(rng, rag, timeline, rounds, spec["places"], coordinator=coordinator, today=today)
    for theme_spec in spec["themes"]:
        theme = _saved(
            Theme(
                plan=plan,
                number=theme_spec["number"],
                title=theme_spec["title"],
                description=theme_spec["description"],
                lead_agency=orgs[theme_spec["lead_agency"]],
                indicators="\n".join(theme_spec["indicators"]),
            )
        )
        for action_spec in theme_spec["actions"]:
            _build_action(plan, theme, action_spec, orgs, people, rag, writer)
    if timeline.current:
        writer.write_open_round(logins["lead_officer"])
    writer.save()
    if spec["slug"] == MONEY_DEMO_SLUG:
        load_money_demo(plan=plan, orgs=orgs, today=today)
        _next_year_draft(plan, coordinator)
    writer.log_review_emails()
    return partnership


CARRIED_OVER = 6  # unfinished actions carried into next year's draft plan


def _next_year_draft(plan: Plan, coordinator) -> Plan:
    """Next year's plan as the coordinator starts it: a draft holding a few unfinished actions,
    carried over (with their history linked) by the same service the carry-over page uses."""
    unfinished = [
        action
        for action in plan.actions.select_related("theme").order_by("theme__number", "id")
        if not action_is_finished(action)
    ][:CARRIED_OVER]
    start = plan.end_date + DAY
    return plan_carry_over(
        source_plan=plan,
        actions=unfinished,
        renumber={},
        title=f"Community Safety Plan {year_label(start.year, DEMO_YEAR_START_MONTH)} (draft)",
        start=start,
        end=start.replace(year=start.year + 1) - DAY,
        user=coordinator,
    )


def _closed_rounds(
    plan: Plan, quarters: list[Quarter], coordinator, rng: random.Random, today: datetime.date
) -> dict[Quarter, UpdateRound]:
    """One finished round of updates per quarter: due two weeks after it, feeding the next meeting."""
    rounds = {
        quarter: _saved(
            UpdateRound(
                plan=plan,
                year=quarter.year,
                quarter=quarter.number,
                due_date=quarter.end + datetime.timedelta(days=14),
                meeting_date=quarter.next().start + datetime.timedelta(days=rng.randint(17, 26)),
                status=UpdateRound.Status.CLOSED,
                opened_by=coordinator,
                closed_at=_moment(min(quarter.end + datetime.timedelta(days=16), today - DAY), rng),
            )
        )
        for quarter in quarters
    }
    for quarter, round_ in rounds.items():
        round_.opened_at = _moment(quarter.end - datetime.timedelta(days=21), rng)
    UpdateRound.objects.bulk_update(rounds.values(), ["opened_at"])
    return rounds


def _open_round(
    plan: Plan, quarter: Quarter, closed: dict, coordinator, rng: random.Random, today: datetime.date
) -> UpdateRound:
    """The current quarter's round: opened a few weeks ago (once the last round had closed), due two
    weeks after the quarter ends and feeding the meeting a few days later."""
    due = quarter.end + datetime.timedelta(days=14)
    round_ = _saved(
        UpdateRound(
            plan=plan,
            year=quarter.year,
            quarter=quarter.number,
            due_date=due,
            meeting_date=due + datetime.timedelta(days=rng.randint(4, 8)),
            reminder_offsets=[14, 7, 1],
            status=UpdateRound.Status.OPEN,
            opened_by=coordinator,
        )
    )
    opened = _moment(min(quarter.end - datetime.timedelta(days=21), today - rng.randint(14, 21) * DAY), rng)
    last_closed = max((r.closed_at for r in closed.values()), default=opened)
    round_.opened_at = max(opened, last_closed + datetime.timedelta(hours=1))
    round_.save(update_fields=["opened_at"])
    return round_


def _build_action(plan, theme, spec: dict, orgs: dict, people: dict, rag: dict, writer) -> None:
    fields = {k: v for k, v in spec.items() if k not in {"rows", "outcomes"}}
    action = _saved(Action(plan=plan, theme=theme, **fields))
    for number, (text, status, note) in enumerate(spec["outcomes"], 1):
        _saved(ExpectedOutcome(action=action, number=number, text=text, status=rag[status], status_note=note))
    for position, row_spec in enumerate(spec["rows"], 1):
        row = _saved(
            ProjectRow(
                action=action,
                position=position,
                description=row_spec["description"],
                target_text=row_spec["target_text"],
                milestone=row_spec["milestone"],
            )
        )
        leads = [people[key] for key in row_spec["leads"]]
        row.lead_people.set(leads)
        row.lead_organisations.set([orgs[short] for short in row_spec["orgs"]])
        targets = [
            (_saved(_target(row, number, target)), isinstance(target, dict) and target["ytd"])
            for number, target in enumerate(row_spec["targets"], 1)
        ]
        writer.write(row, row_spec, targets, leads)


def _target(row: ProjectRow, position: int, spec: str | dict) -> Target:
    if isinstance(spec, str):
        return Target(row=row, position=position, description=spec)
    fields = {k: v for k, v in spec.items() if k != "ytd"}
    return Target(row=row, position=position, kind=Target.Kind.NUMERIC, **fields)


@dataclass(eq=False)
class _RowWork:
    """A row being written for: what the open round needs once every row is known."""

    row: ProjectRow
    spec: dict
    targets: list[tuple[Target, bool]]  # each target, with whether its figures are year-to-date counts
    leads: list[Person]
    place: str
    details: list[str]  # the row's own sentences not used yet
    code: str | None = None  # its status in the current quarter (None: nothing to report)
    previous: str | None = None  # its status in the last quarter it reported


class _UpdateWriter:
    """Writes each row's updates: accepted ones in the closed rounds, then the open round's at every
    stage. Saves them all in bulk at the end."""

    def __init__(self, rng, rag: dict[str, RagStatus], timeline, rounds, places, *, coordinator, today):
        self.rng, self.rag, self.timeline, self.rounds = rng, rag, timeline, rounds
        self.places, self.coordinator, self.today = places, coordinator, today
        self.narrator = Narrator(rng, set(rag), places)
        self.updates: list[tuple[ProgressUpdate, datetime.datetime, datetime.datetime]] = []
        self.figures: list[TargetFigure] = []
        self.latest: dict[int, ProgressUpdate] = {}
        self.open_rows: list[_RowWork] = []

    def write(self, row: ProjectRow, spec: dict, targets: list[tuple[Target, bool]], leads: list[Person]):
        work = _RowWork(row, spec, targets, leads, self.rng.choice(self.places), list(spec["details"]))
        story = self.narrator.story(spec, len(self.timeline.quarters))
        for quarter, code in zip(self.timeline.quarters, story, strict=True):
            if quarter == self.timeline.current:  # always the last: written once every row is known
                work.code = code
                self.open_rows.append(work)
            elif code is not None:
                if quarter in self.rounds:  # not for quarters before the first closed round
                    self._write_accepted(work, quarter, code)
                work.previous = code

    def _write_accepted(self, work: _RowWork, quarter: Quarter, code: str) -> None:
        """An update accepted in a closed round; nothing is dated today or later."""
        last_day = self.today - DAY
        update_date = min(quarter.end + datetime.timedelta(days=self.rng.randint(-12, 14)), last_day)
        submitted = _moment(update_date, self.rng)
        review_days = min(self.rng.randint(1, 5), (last_day - update_date).days)
        update, _figures, _words = self._update(work, quarter, code)
        update.status, update.update_date, update.submitted_at = Status.ACCEPTED, update_date, submitted
        update.reviewed_at = submitted + datetime.timedelta(days=review_days, hours=2)
        update.reviewed_by = self.coordinator
        self._add(update, update.submitted_at, update.reviewed_at)
        self.latest[work.row.pk] = update

    def _update(self, work: _RowWork, quarter: Quarter, code: str) -> tuple[ProgressUpdate, list, dict]:
        """A new update by the row's first lead with its narrative, risk and figures (not yet saved);
        returns it with its figures and the words used."""
        lead = work.leads[0]
        update = ProgressUpdate(
            row=work.row,
            round=self.rounds[quarter],
            period_year=quarter.year,
            period_quarter=quarter.number,
            author=lead.user,
            author_name=lead.name,
            rag=self.rag[code],
        )
        words = self.narrator.words(work.spec, lead, quarter, work.place)
        figures, sentences = [], []
        for target, ytd in work.targets:
            if target.is_numeric:
                value, note, sentence = self.narrator.figure(target, ytd, code, quarter)
                figures.append(TargetFigure(update=update, target=target, value=value, note=note))
                sentences.append(sentence)
        update.narrative = self.narrator.narrative(
            code, work.previous, work.spec["kind"], words, work.details, sentences
        )
        update.risk, update.rag_reason = self.narrator.risk(code, work.spec["kind"], words)
        self.figures += figures
        return update, figures, words

    def write_open_round(self, lead_officers: list[Person]) -> None:
        """The current quarter's updates, each row at its stage (`_stages`). One submitted update was
        typed in by the coordinator for a lead officer without a login."""
        quarter = self.timeline.current
        stages = self._stages(lead_officers)
        submitted = [work for work in self.open_rows if stages[work] == "submitted"]
        with_logins = {self.coordinator.pk} | {person.user_id for person in lead_officers}
        by_proxy = [work for work in submitted if work.leads[0].user_id is None] or [
            work for work in submitted if work.leads[0].user_id not in with_logins
        ]
        proxied = self.rng.choice(by_proxy) if by_proxy else None
        first_day = max(self.rounds[quarter].opened_at.date() + DAY, quarter.start)
        for work in self.open_rows:
            stage, code = stages[work], work.code
            if stage == "not_started" or code is None:  # a row with nothing to report has not started
                continue
            update, figures, words = self._update(work, quarter, code)
            if work is proxied:
                update.author, update.on_behalf_of = self.coordinator, work.leads[0]
                update.author_name = self.coordinator.get_full_name()
            started, sent, reviewed, restarted, resent = self._moments(first_day, 5)
            update.update_date = sent.date()  # for a draft: when it was last saved
            if stage == "draft":
                update.revision = self.rng.randint(1, 4)
                self._add(update, started, sent)
                continue
            update.status, update.submitted_at = Status.SUBMITTED, sent
            if stage == "submitted":
                self._add(update, started, sent)
                continue
            update.reviewed_at, update.reviewed_by = reviewed, self.coordinator
            if stage == "accepted":
                update.status = Status.ACCEPTED
                self.latest[work.row.pk] = update
            else:
                update.status = Status.RETURNED
                update.review_comment, answer = self.narrator.returned(code, words)
            self._add(update, started, reviewed)
            if stage == RESUBMITTED:
                self._resubmit(update, figures, answer, restarted, resent)

    def _resubmit(self, returned: ProgressUpdate, figures, answer: str, started, submitted) -> None:
        """Version 2 of a returned update: the same, with what the coordinator asked for added."""
        update = ProgressUpdate(
            row=returned.row,
            round=returned.round,
            period_year=returned.period_year,
            period_quarter=returned.period_quarter,
            author=returned.author,
            author_name=returned.author_name,
            on_behalf_of=returned.on_behalf_of,
            rag=returned.rag,
            narrative=f"{returned.narrative} {answer}",
            risk=returned.risk,
            rag_reason=returned.rag_reason,
            status=Status.SUBMITTED,
            version=returned.version + 1,
            supersedes=returned,
            submitted_at=submitted,
            update_date=submitted.date(),
        )
        self.figures += [
            TargetFigure(update=update, target=f.target, value=f.value, note=f.note) for f in figures
        ]
        self._add(update, started, submitted)

    def _stages(self, lead_officers: list[Person]) -> dict[_RowWork, str]:
        """Where each row's update for the open round stands, roughly in the shares of
        OPEN_ROUND_MIX. A row with nothing to report (finished, not begun, or never updated) has not
        started; each lead officer with a login is given a row at every stage they have rows for."""
        total = len(self.open_rows)
        quota = Counter({stage: round(share * total) for stage, share in OPEN_ROUND_MIX.items()})
        quota["not_started"] += total - quota.total()
        quota["submitted"] -= 1  # it is submitted again, after being returned
        quota[RESUBMITTED] = 1
        stages = {work: "not_started" for work in self.open_rows if work.code is None}
        for person in lead_officers:
            theirs = [work for work in self.open_rows if person in work.leads]
            have = {stages[work] for work in theirs if work in stages}
            free = [work for work in theirs if work not in stages]
            self.rng.shuffle(free)
            free.sort(key=lambda work: work.leads[0] != person)  # rows they lead first
            for stage in OPEN_ROUND_MIX:
                if stage not in have and free:
                    stages[free.pop(0)] = stage
        rest = [work for work in self.open_rows if work not in stages]
        left = list((quota - Counter(stages.values())).elements())
        self.rng.shuffle(rest)
        self.rng.shuffle(left)
        left.sort(key=lambda stage: stage != RESUBMITTED)  # there is one whatever the shares
        for work, stage in zip(rest, left + ["not_started"] * len(rest), strict=False):
            stages[work] = stage
        return stages

    def _moments(self, first_day: datetime.date, count: int) -> list[datetime.datetime]:
        """`count` different times in the working day (8am to 6pm), in order, from `first_day` up to
        yesterday (or on `first_day` itself, if that is today)."""
        days = (max(self.today - DAY, first_day) - first_day).days + 1
        minutes = sorted(self.rng.sample(range(days * WORKING_MINUTES), count))
        return [
            timezone.make_aware(
                datetime.datetime.combine(
                    first_day + minute // WORKING_MINUTES * DAY,
                    datetime.time(8 + minute % WORKING_MINUTES // 60, minute % 60),
                )
            )
            for minute in minutes
        ]

    def _add(self, update: ProgressUpdate, created: datetime.datetime, updated: datetime.datetime) -> None:
        update.full_clean(validate_constraints=False)  # its only constraint: one draft a row and round
        self.updates.append((update, created, updated))

    def log_review_emails(self) -> None:
        """The e-mails the open round's reviews sent their authors, in the e-mail log (not sent:
        the addresses are the demo's own), so the log shows what a coordinator would see."""
        emails: list[tuple[SentEmail, datetime.datetime]] = []
        open_round = self.rounds.get(self.timeline.current) if self.timeline.current else None
        for update, _created, _updated in self.updates:
            if open_round is None or update.round_id != open_round.pk or update.reviewed_at is None:
                continue
            if not (update.author and update.author.email):
                continue
            kind = SentEmail.Kind.ACCEPTED if update.status == Status.ACCEPTED else SentEmail.Kind.RETURNED
            context = {
                "update": update,
                "row": update.row,
                "name": update.author_name,
                "url": update_form_url(update.row),
            }
            email = SentEmail(
                partnership_id=open_round.plan.partnership_id,
                round=open_round,
                kind=kind,
                to_email=update.author.email,
                to_name=update.author_name,
                subject=render_to_string("emails/reviewed_subject.txt", context).strip(),
                body=render_to_string("emails/reviewed.txt", context),
                dedupe_key=f"update-{update.pk}:{kind}:{update.author.email.lower()}",
            )
            emails.append((email, update.reviewed_at))
        SentEmail.objects.bulk_create([email for email, _sent in emails])
        for email, sent in emails:  # the log's dates, which saving has just set to now
            email.sent_at = sent
        SentEmail.objects.bulk_update([email for email, _sent in emails], ["sent_at"])

    def save(self) -> None:
        # A new version is saved after the one it supersedes, which needs a primary key first.
        updates = [update for update, _created, _updated in self.updates]
        ProgressUpdate.objects.bulk_create([update for update in updates if update.supersedes is None])
        ProgressUpdate.objects.bulk_create([update for update in updates if update.supersedes is not None])
        for update, created, updated in self.updates:  # the record dates, which saving has just set to now
            update.created_at, update.updated_at = created, updated
        ProgressUpdate.objects.bulk_update(updates, ["created_at", "updated_at"])
        TargetFigure.objects.bulk_create(self.figures)
        rows_refresh_current(row_ids=self.latest.keys())


def _grant_login(person: Person, username: str, role: str, can_see_dhr: bool, password_hash: str) -> None:
    """A demo login with a known password, made directly so that no invitation e-mail is sent.

    A login left behind from an earlier demo keeps its password.
    """
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        first, _, last = person.name.rpartition(" ")
        user = User(username=username, email=person.email, first_name=first, last_name=last)
        user.password = password_hash
        _saved(user)
    person.user = user
    _saved(person)
    _saved(Membership(user=user, partnership=person.partnership, role=role, can_see_dhr=can_see_dhr))


def _email(name: str) -> str:
    words = [w for w in name.lower().split() if w not in {"insp", "sgt", "cllr", "dr"}]
    return ".".join(words) + "@example.org"


def _moment(day: datetime.date, rng: random.Random) -> datetime.datetime:
    """A time in the working day on `day`."""
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(rng.randint(8, 17), rng.randint(0, 59)))
    )


def _saved(obj):
    obj.full_clean()
    obj.save()
    return obj
