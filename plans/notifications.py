"""E-mails about updates: reminders before and after a round's deadline, and review outcomes.

Every e-mail is written to the log (`SentEmail`) in the same transaction as it is sent; the
background worker sends them (`plans/tasks.py`), never a request. A
reminder's `dedupe_key` is unique, so running the reminders twice never sends one twice.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from partners.models import Person
from plans.models import ProgressUpdate, ProjectRow, SentEmail, UpdateRound
from plans.selectors import round_row_statuses

logger = logging.getLogger("csp.reminders")


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def update_form_url(row: ProjectRow) -> str:
    plan = row.action.plan
    return absolute_url(reverse("update_form", args=[plan.partnership.slug, plan.pk, row.pk]))


def send_logged_email(
    *,
    partnership_id: int,
    kind: str,
    to_email: str,
    to_name: str,
    template: str,
    context: dict,
    update_round: UpdateRound | None = None,
    dedupe_key: str | None = None,
) -> bool:
    """Send one plain-text + HTML e-mail and log it; False if its dedupe key was already used."""
    subject = render_to_string(f"emails/{template}_subject.txt", context).strip()
    text = render_to_string(f"emails/{template}.txt", context)
    html = render_to_string(f"emails/{template}.html", context)
    try:
        with transaction.atomic():
            SentEmail.objects.create(
                partnership_id=partnership_id,
                round=update_round,
                kind=kind,
                to_email=to_email,
                to_name=to_name,
                subject=subject,
                body=text,
                dedupe_key=dedupe_key,
            )
            message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to_email])
            message.attach_alternative(html, "text/html")
            message.send()
    except IntegrityError:
        return False  # already sent: the log row with this key exists
    return True


@dataclass(frozen=True)
class ReminderDue:
    kind: str  # SentEmail.Kind.REMINDER or OVERDUE
    key: str  # which reminder of the round this is, e.g. "before-7" or "overdue-week-1"
    days: int  # days to the deadline (negative when overdue)


def reminder_due(update_round: UpdateRound, today: datetime.date) -> ReminderDue | None:
    """Which reminder of the round falls due today, if any.

    Before the deadline: the nearest offset already reached (a missed day catches up once, not
    with every lapsed offset). After it: one overdue reminder the day after, then weekly.
    """
    days_left = (update_round.due_date - today).days
    if days_left >= 0:
        reached = [d for d in update_round.reminder_offsets if d >= days_left]
        if not reached:
            return None
        offset = min(reached)
        return ReminderDue(SentEmail.Kind.REMINDER, f"before-{offset}", days_left)
    week = (-days_left - 1) // 7
    return ReminderDue(SentEmail.Kind.OVERDUE, f"overdue-week-{week}", days_left)


def send_reminders(*, today: datetime.date | None = None) -> int:
    """E-mail every lead with outstanding rows in every open round; returns the number sent."""
    today = today or timezone.localdate()
    sent = 0
    rounds = UpdateRound.objects.filter(status=UpdateRound.Status.OPEN).select_related("plan__partnership")
    for update_round in rounds:
        due = reminder_due(update_round, today)
        if due is None:
            continue
        outstanding: dict[Person, list] = defaultdict(list)
        for line in round_row_statuses(update_round):
            if line.is_outstanding:
                for person in line.people:
                    if person.email:
                        outstanding[person].append(line)
        for person, lines in outstanding.items():
            context = {
                "person": person,
                "round": update_round,
                "plan": update_round.plan,
                "due": due,
                "lines": [(line, update_form_url(line.row)) for line in lines],
                "days_overdue": -due.days,
            }
            sent += send_logged_email(
                partnership_id=update_round.plan.partnership_id,
                kind=due.kind,
                to_email=person.email,
                to_name=person.name,
                template="reminder",
                context=context,
                update_round=update_round,
                dedupe_key=f"round-{update_round.pk}:{due.key}:{person.email.lower()}",
            )
    logger.info("reminders_sent", extra={"sent": sent, "date": today.isoformat()})
    return sent


def notify_reviewed(*, update_id: int) -> None:
    """Tell the author (and the lead written for) that their update was accepted or returned."""
    update = ProgressUpdate.objects.select_related(
        "row__action__plan__partnership", "author", "on_behalf_of", "reviewed_by", "round"
    ).get(pk=update_id)
    recipients = {}
    if update.author and update.author.email:
        recipients[update.author.email.lower()] = update.author_name
    if update.on_behalf_of and update.on_behalf_of.email:
        recipients[update.on_behalf_of.email.lower()] = update.on_behalf_of.name
    kind = (
        SentEmail.Kind.ACCEPTED
        if update.status == ProgressUpdate.Status.ACCEPTED
        else SentEmail.Kind.RETURNED
    )
    for email, name in recipients.items():
        send_logged_email(
            partnership_id=update.row.action.plan.partnership_id,
            kind=kind,
            to_email=email,
            to_name=name,
            template="reviewed",
            context={"update": update, "row": update.row, "name": name, "url": update_form_url(update.row)},
            update_round=update.round,
            dedupe_key=f"update-{update.pk}:{kind}:{email}",
        )


def send_round_reminders(*, update_round: UpdateRound, today: datetime.date | None = None) -> int:
    """The coordinator's "remind these": one e-mail to each lead with outstanding rows in the
    round, logged; at most one a day per lead (the dedupe key names the day)."""
    today = today or timezone.localdate()
    outstanding: dict[Person, list] = defaultdict(list)
    for line in round_row_statuses(update_round):
        if line.is_outstanding:
            for person in line.people:
                if person.email:
                    outstanding[person].append(line)
    days = (update_round.due_date - today).days
    kind = SentEmail.Kind.REMINDER if days >= 0 else SentEmail.Kind.OVERDUE
    sent = 0
    for person, lines in outstanding.items():
        sent += send_logged_email(
            partnership_id=update_round.plan.partnership_id,
            kind=kind,
            to_email=person.email,
            to_name=person.name,
            template="reminder",
            context={
                "person": person,
                "round": update_round,
                "plan": update_round.plan,
                "due": ReminderDue(kind, f"asked-{today.isoformat()}", days),
                "lines": [(line, update_form_url(line.row)) for line in lines],
                "days_overdue": -days,
            },
            update_round=update_round,
            dedupe_key=f"round-{update_round.pk}:asked-{today.isoformat()}:{person.email.lower()}",
        )
    logger.info("round_reminders_sent", extra={"round_id": update_round.pk, "sent": sent})
    return sent
