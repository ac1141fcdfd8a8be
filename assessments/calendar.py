"""The partnership's year: default duties, what is done, due and late (here and nowhere else),
reminders through the e-mail log, and the secret iCalendar feed."""

import datetime
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from assessments.models import CalendarFeed, Duty
from csp_tracker.periods import Quarter
from partners.models import Membership, Partnership
from plans.models import SentEmail
from plans.notifications import absolute_url, send_logged_email

DUE_SOON_DAYS = 30
REMINDER_OFFSETS = (30, 14, 7, 1)  # days before a duty is due

DONE, LATE, DUE_SOON, UPCOMING = "done", "late", "due_soon", "upcoming"
STATE_LABELS = {DONE: "Done", LATE: "Late", DUE_SOON: "Due soon", UPCOMING: "Upcoming"}


def duty_state(duty: Duty, today: datetime.date) -> str:
    """Done when its linked thing exists (`Duty.is_done`); otherwise late after its due date,
    due soon within 30 days of it, upcoming before that."""
    if duty.is_done(today):
        return DONE
    days = (duty.due_date - today).days
    if days < 0:
        return LATE
    return DUE_SOON if days <= DUE_SOON_DAYS else UPCOMING


@dataclass(frozen=True)
class DutyLine:
    duty: Duty
    state: str

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]


def duties_of(partnership: Partnership) -> QuerySet[Duty]:
    return partnership.duties.select_related("assessment", "plan", "scrutiny_report", "meeting")


def duty_lines(partnership: Partnership, today: datetime.date) -> list[DutyLine]:
    return [DutyLine(duty, duty_state(duty, today)) for duty in duties_of(partnership)]


@dataclass(frozen=True)
class YearAtAGlance:
    partnership: Partnership
    late: list[DutyLine]
    next: list[DutyLine]  # the next not-done duties, soonest first


def year_at_a_glance(partnership: Partnership, today: datetime.date, *, upcoming: int = 3) -> YearAtAGlance:
    return _glance(partnership, duty_lines(partnership, today), upcoming)


def year_at_a_glance_many(partnership_ids: list[int], today: datetime.date) -> list[YearAtAGlance]:
    """`year_at_a_glance` for several partnerships in one query (those with duties only)."""
    by_partnership: dict[int, list[DutyLine]] = {}
    partnerships: dict[int, Partnership] = {}
    duties = Duty.objects.filter(partnership_id__in=partnership_ids).select_related(
        "partnership", "assessment", "plan", "scrutiny_report", "meeting"
    )
    for duty in duties.order_by("partnership__name", "due_date", "id"):
        partnerships[duty.partnership_id] = duty.partnership
        by_partnership.setdefault(duty.partnership_id, []).append(DutyLine(duty, duty_state(duty, today)))
    return [_glance(partnerships[pid], lines) for pid, lines in by_partnership.items()]


def _glance(partnership: Partnership, lines: list[DutyLine], upcoming: int = 3) -> YearAtAGlance:
    return YearAtAGlance(
        partnership,
        [line for line in lines if line.state == LATE],
        [line for line in lines if line.state in {DUE_SOON, UPCOMING}][:upcoming],
    )


def default_duties(partnership: Partnership, year: int) -> list[Duty]:
    """The statutory year for financial year `year` (its first calendar year), as unsaved duties
    the partnership edits afterwards."""
    start_month = partnership.year_start_month
    quarters = [Quarter(year, n, start_month) for n in (1, 2, 3, 4)]
    year_end = quarters[3].end
    next_start = year_end + datetime.timedelta(days=1)

    def duty(kind: str, title: str, due: datetime.date) -> Duty:
        return Duty(partnership=partnership, kind=kind, title=title, due_date=due)

    label = quarters[0].label.split()[-1]  # e.g. 2026/27
    return [
        duty(Duty.Kind.ASSESSMENT, f"Strategic assessment {label}", quarters[2].end),
        duty(Duty.Kind.SVD_NEEDS, f"Serious Violence Duty needs assessment {label}", quarters[2].end),
        duty(
            Duty.Kind.SVD_STRATEGY,
            f"Serious Violence Duty strategy review {label}",
            quarters[3].start + datetime.timedelta(days=30),
        ),
        duty(Duty.Kind.PLAN_REFRESH, "Plan refresh for next year", year_end),
        duty(
            Duty.Kind.PLAN_TO_PCC,
            "Plan sent to the Police and Crime Commissioner",
            next_start + datetime.timedelta(days=29),
        ),
        duty(
            Duty.Kind.SCRUTINY,
            f"Overview and Scrutiny committee report {label}",
            quarters[2].start + datetime.timedelta(days=60),
        ),
        *[
            duty(Duty.Kind.BOARD_MEETING, f"Board meeting, {q.label}", q.start + datetime.timedelta(days=30))
            for q in quarters
        ],
    ]


def _queue_reminders() -> None:
    from assessments.tasks import schedule_calendar_reminders  # the task module imports this one

    transaction.on_commit(schedule_calendar_reminders)


@transaction.atomic
def duties_add_defaults(*, partnership: Partnership, year: int) -> list[Duty]:
    """Add the default duties of a year, skipping any of the same kind and title already there."""
    _queue_reminders()
    existing = set(partnership.duties.values_list("kind", "title"))
    added = []
    for duty in default_duties(partnership, year):
        if (duty.kind, duty.title) in existing:
            continue
        duty.full_clean()
        duty.save()
        added.append(duty)
    return added


@transaction.atomic
def duty_save(*, duty: Duty) -> Duty:
    _queue_reminders()
    duty.full_clean()
    duty.save()
    return duty


@transaction.atomic
def duty_delete(*, duty: Duty) -> None:
    duty.delete()


# --- reminders --------------------------------------------------------------------------------


def reminder_key(duty: Duty, today: datetime.date) -> str | None:
    """Which reminder of the duty falls due today, if any: the nearest offset reached before the
    due date (a missed day catches up once), then one the day after and weekly while late."""
    days = (duty.due_date - today).days
    if days >= 0:
        reached = [d for d in REMINDER_OFFSETS if d >= days]
        return f"before-{min(reached)}" if reached else None
    return f"late-week-{(-days - 1) // 7}"


def send_duty_reminders(*, today: datetime.date | None = None) -> int:
    """E-mail each partnership's coordinators about its duties that are not done, logged in
    `SentEmail` with a unique key (duty, due date, which reminder, address): safe to repeat."""
    today = today or timezone.localdate()
    sent = 0
    duties = Duty.objects.select_related(
        "partnership", "assessment", "plan", "scrutiny_report", "meeting"
    ).filter(due_date__lte=today + datetime.timedelta(days=max(REMINDER_OFFSETS)))
    coordinators: dict[int, list[User]] = {}
    for duty in duties:
        key = reminder_key(duty, today)
        if key is None or duty.is_done(today):
            continue
        if duty.partnership_id not in coordinators:
            coordinators[duty.partnership_id] = [
                m.user
                for m in Membership.objects.filter(
                    partnership_id=duty.partnership_id, role=Membership.Role.COORDINATOR
                ).select_related("user")
                if m.user.email
            ]
        days = (duty.due_date - today).days
        for user in coordinators[duty.partnership_id]:
            sent += send_logged_email(
                partnership_id=duty.partnership_id,
                kind=SentEmail.Kind.REMINDER if days >= 0 else SentEmail.Kind.OVERDUE,
                to_email=user.email,
                to_name=user.get_full_name() or user.username,
                template="duty_reminder",
                context={
                    "duty": duty,
                    "days": days,
                    "days_late": -days,
                    "name": user.get_full_name() or user.username,
                    "url": absolute_url(reverse("calendar", args=[duty.partnership.slug])),
                },
                dedupe_key=f"duty-{duty.pk}:{duty.due_date.isoformat()}:{key}:{user.email.lower()}",
            )
    return sent


# --- the iCalendar feed -----------------------------------------------------------------------


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_reset(*, partnership: Partnership) -> str:
    """A new secret token for the feed (returned once, stored only as its digest); the old
    address stops working at once."""
    token = secrets.token_urlsafe(32)
    feed, _created = CalendarFeed.objects.get_or_create(
        partnership=partnership, defaults={"token_digest": _digest(token)}
    )
    feed.token_digest = _digest(token)
    feed.full_clean()
    feed.save()
    return token


def feed_matches(partnership: Partnership, token: str) -> bool:
    feed = CalendarFeed.objects.filter(partnership=partnership).first()
    return feed is not None and hmac.compare_digest(feed.token_digest, _digest(token))


def calendar_ics(partnership: Partnership, today: datetime.date) -> bytes:
    """Every duty as an all-day event, with its state in the description."""
    calendar = Calendar()
    calendar.add("prodid", "-//CSP Tracker//Partnership year//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{partnership.name}: the partnership's year")
    stamp = timezone.now()
    for line in duty_lines(partnership, today):
        duty = line.duty
        event = Event()
        event.add("uid", f"duty-{duty.pk}@{partnership.slug}.csp-tracker")
        event.add("dtstamp", stamp)
        event.add("summary", f"{duty.title} ({line.label})" if line.state in {DONE, LATE} else duty.title)
        event.add("dtstart", duty.due_date)
        event.add("dtend", duty.due_date + datetime.timedelta(days=1))
        event.add("description", f"{duty.get_kind_display()}. {line.label}. {duty.notes}".strip())
        calendar.add_component(event)
    return calendar.to_ical()
