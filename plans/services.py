"""Writes that span models: update rounds and the life of a progress update.

Life of an update, per project row and round:
  draft --submit--> submitted --accept--> accepted (becomes the row's current status)
                              --return--> returned (with a comment)
A draft is edited in place, guarded by `revision`. Anything else is a record: editing a
returned or accepted update starts a new draft version that supersedes it when submitted.
"""

import datetime
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils import timezone

from csp_tracker.records import record_save
from partners.models import Meeting, Person, RagStatus
from partners.rules import wrote_update
from plans.models import (
    Action,
    ExpectedOutcome,
    OutcomeProgress,
    Plan,
    ProgressUpdate,
    ProjectRow,
    Target,
    TargetFigure,
    Theme,
    UpdateRound,
)
from plans.tasks import notify_reviewed_task, schedule_reminders

Status = ProgressUpdate.Status


class EditConflict(Exception):
    """Someone else saved the same draft since this form was opened (`current` is what there is
    now: None when the update the form was opened on is gone)."""

    def __init__(self, current: ProgressUpdate | None):
        super().__init__("The update was changed by someone else.")
        self.current = current


class UpdateLocked(Exception):
    """The update is awaiting review or the round is closed: nothing can be written now."""


@dataclass
class UpdateContent:
    """What a person typed into the update form, already validated."""

    narrative: str = ""
    risk: str = ""
    rag: RagStatus | None = None
    rag_reason: str = ""
    figures: dict[Target, Decimal | None] = field(default_factory=dict)
    outcomes: dict[ExpectedOutcome, tuple[RagStatus | None, str]] = field(default_factory=dict)


# --- plan structure -------------------------------------------------------------------------


class StaleRecord(Exception):
    """Someone saved the same record since this form was opened."""


@transaction.atomic
def structure_save[Structure: (Plan, Theme, Action, ProjectRow, Target, ExpectedOutcome)](
    *,
    record: Structure,
    many_to_many: Mapping[str, Iterable[Any]] | None = None,
    expected_revision: int | None = None,
) -> Structure:
    """Save a plan, theme, action, project row, target or expected outcome (history is recorded
    by django-simple-history). A record with a revision (a project row) is compare-and-set:
    `expected_revision` is the revision the form was opened on."""
    if expected_revision is not None:
        if not revision_claim(type(record)._default_manager.all(), pk=record.pk, revision=expected_revision):
            raise StaleRecord()
        record.revision = expected_revision + 1  # type: ignore[attr-defined]
    return record_save(record=record, many_to_many=many_to_many)


# --- rounds -----------------------------------------------------------------------------------


@transaction.atomic
def round_open(
    *,
    plan: Plan,
    year: int,
    quarter: int,
    due_date: datetime.date,
    opened_by: User,
    meeting_date: datetime.date | None = None,
    reminder_offsets: list[int] | None = None,
) -> UpdateRound:
    if plan.rounds.filter(status=UpdateRound.Status.OPEN).exists():
        raise ValidationError("Close the open round before opening another.")
    update_round = UpdateRound(
        plan=plan,
        year=year,
        quarter=quarter,
        due_date=due_date,
        meeting_date=meeting_date,
        opened_by=opened_by,
    )
    if reminder_offsets is not None:
        update_round.reminder_offsets = reminder_offsets
    update_round.full_clean()
    update_round.save()
    if meeting_date is not None:
        round_meeting_link(update_round=update_round)
    transaction.on_commit(schedule_reminders)
    return update_round


def round_meeting_link(*, update_round: UpdateRound) -> Meeting:
    """The partnership board meeting on the round's meeting date: the one already there, or
    a new one for the plan, so the round and the meetings list never disagree."""
    plan, date = update_round.plan, update_round.meeting_date
    if date is None:
        raise ValueError("A round without a meeting date has no meeting to link.")
    meeting = Meeting.objects.filter(partnership=plan.partnership, date=date).order_by("kind", "pk").first()
    if meeting is None:
        meeting = Meeting(
            partnership=plan.partnership,
            date=date,
            kind=Meeting.Kind.BOARD,
            title=f"Partnership board, {update_round.period(plan.partnership.year_start_month)}",
            plan=plan,
        )
        meeting.full_clean()
        meeting.save()
    elif meeting.plan_id is None:
        meeting.plan = plan
        meeting.save(update_fields=["plan"])
    return meeting


@transaction.atomic
def round_close(*, update_round: UpdateRound) -> UpdateRound:
    update_round.status = UpdateRound.Status.CLOSED
    update_round.closed_at = timezone.now()
    update_round.save(update_fields=["status", "closed_at"])
    return update_round


# --- updates ----------------------------------------------------------------------------------


def rows_refresh_current(*, row_ids: Iterable[int]) -> None:
    """The one writer of `ProjectRow.current_update`: each row's accepted update for the latest
    quarter (latest version), so accepting a late correction for an earlier quarter does not hide
    a newer quarter. One UPDATE per 500 rows, the latest found by a subquery in the database."""
    ids = list(row_ids)
    latest = ProgressUpdate.objects.filter(row_id=OuterRef("pk")).accepted().latest_first().values("pk")[:1]
    for start in range(0, len(ids), 500):
        ProjectRow.objects.filter(pk__in=ids[start : start + 500]).update(current_update=Subquery(latest))
    if ids:
        outlines_expire(plans=Plan.objects.filter(actions__rows__in=ids))


def outlines_expire(*, plans: QuerySet[Plan]) -> None:
    """A new `rollup_version` for these plans, so no cached outline of them is served again
    (plans/outline.py). Called in the same transaction as the change: by `rows_refresh_current`,
    by bulk writes, and for every save and delete of what an outline shows (plans/signals.py)."""
    # One new value for all of them: a version is only ever compared with the same plan's.
    Plan.objects.filter(pk__in=plans.values("pk")).update(
        rollup_version=uuid.uuid4(), outline_changed_at=timezone.now()
    )


def row_refresh_current(*, row_id: int) -> None:
    rows_refresh_current(row_ids=[row_id])


def update_for_editing(*, row: ProjectRow, update_round: UpdateRound) -> ProgressUpdate | None:
    """The latest version of the row's update in this round, whatever its status."""
    return row.updates.filter(round=update_round).latest_first().first()


def previous_accepted(*, row: ProjectRow, update_round: UpdateRound | None) -> ProgressUpdate | None:
    """The row's latest accepted update from before this round: what "last time" means."""
    updates = row.updates.accepted().select_related("rag")
    if update_round is not None:
        updates = updates.exclude(round=update_round)
    return updates.latest_first().first()


def update_on_behalf_of(*, row: ProjectRow, author: User) -> Person | None:
    """A coordinator who does not lead the row writes on behalf of its (first) lead officer."""
    if not writes_on_behalf(row=row, author=author):
        return None
    leads = list(row.lead_people.all())
    return leads[0] if leads else None


def writes_on_behalf(*, row: ProjectRow, author: User) -> bool:
    """The author does not lead the row (a coordinator writing for a lead officer)."""
    return not any(person.user_id == author.pk for person in row.lead_people.all())


def rag_reason_problem(*, rag: RagStatus | None, reason: str, previous: RagStatus | None) -> str | None:
    """Why a reason is needed and missing, or None: an off-track status, or one worse than the
    previous accepted status, must say why."""
    if rag is None or reason.strip():
        return None
    if rag.needs_reason:
        return f"Give a reason for the status {rag.label}."
    if previous is not None and rag.severity > previous.severity:
        return f"Give a reason: the status is worse than last time ({previous.label})."
    return None


def update_problems(*, content: UpdateContent, previous: RagStatus | None, submit: bool) -> dict[str, str]:
    """What stops the content being saved (or submitted), by form field."""
    problems: dict[str, str] = {}
    if submit and not content.narrative.strip():
        problems["narrative"] = "Write the progress this quarter before submitting."
    if submit and content.rag is None:
        problems["rag"] = "Choose a RAG status before submitting."
    reason = rag_reason_problem(rag=content.rag, reason=content.rag_reason, previous=previous)
    if submit and reason:  # a draft saves unfinished: completeness is checked on submit only
        problems["rag_reason"] = reason
    return problems


def revision_claim(queryset: QuerySet[Any], *, pk: int, revision: int, **fields: Any) -> bool:
    """Compare-and-set: write `fields` and bump the revision only if the record is still at the
    revision the person's form was opened on. False means someone saved in between."""
    return bool(queryset.filter(pk=pk, revision=revision).update(revision=F("revision") + 1, **fields))


def update_state_token(update: ProgressUpdate | None) -> str:
    """What the form was opened on; saving checks it is unchanged (optimistic locking)."""
    return f"{update.pk}:{update.revision}:{update.status}" if update else "new"


def _write_content(update: ProgressUpdate, content: UpdateContent) -> None:
    update.narrative = content.narrative
    update.risk = content.risk
    update.rag = content.rag
    update.rag_reason = content.rag_reason


def _write_children(update: ProgressUpdate, content: UpdateContent) -> None:
    update.figures.all().delete()
    TargetFigure.objects.bulk_create(
        TargetFigure(update=update, target=target, value=value)
        for target, value in content.figures.items()
        if value is not None
    )
    update.outcome_statuses.all().delete()
    OutcomeProgress.objects.bulk_create(
        OutcomeProgress(update=update, outcome=outcome, status=status, note=note)
        for outcome, (status, note) in content.outcomes.items()
        if status is not None or note
    )


@transaction.atomic
def update_save(
    *,
    row: ProjectRow,
    update_round: UpdateRound,
    author: User,
    content: UpdateContent,
    expected_state: str,
    submit: bool,
) -> ProgressUpdate:
    """Save the row's update for the round as a draft, or submit it.

    `expected_state` is the `update_state_token` the form was opened on. Raises EditConflict
    when someone saved in between, UpdateLocked when nothing may be written now, and a
    ValidationError by field when the content breaks an update rule.
    """
    if not update_round.is_open:
        raise UpdateLocked("This round is closed.")
    latest = update_for_editing(row=row, update_round=update_round)
    if update_state_token(latest) != expected_state:
        raise EditConflict(latest)
    if latest and latest.status == Status.SUBMITTED:
        raise UpdateLocked("This update is awaiting review.")
    previous = previous_accepted(row=row, update_round=update_round)
    if problems := update_problems(
        content=content, previous=previous.rag if previous else None, submit=submit
    ):
        raise ValidationError(problems)
    if latest and latest.is_draft:
        draft = latest
    else:
        draft = ProgressUpdate(
            row=row,
            round=update_round,
            period_year=update_round.year,
            period_quarter=update_round.quarter,
            version=(latest.version + 1) if latest else 1,
            supersedes=latest,
        )
    _write_content(draft, content)
    draft.author = author
    draft.author_name = author.get_full_name() or author.get_username()
    draft.on_behalf_of = update_on_behalf_of(row=row, author=author)
    draft.update_date = timezone.localdate()
    if submit:
        draft.status = Status.SUBMITTED
        draft.submitted_at = timezone.now()
    # The foreign keys come from the form's own choices and the request, so checking that each
    # exists would only cost a query apiece; the text limits and choices are what is checked.
    draft.full_clean(exclude=["row", "round", "supersedes", "author", "on_behalf_of", "rag"])
    if draft.pk:
        fields = {
            f: getattr(draft, f)
            for f in (
                "narrative",
                "risk",
                "rag",
                "rag_reason",
                "author",
                "author_name",
                "on_behalf_of",
                "update_date",
                "status",
                "submitted_at",
            )
        }
        drafts = ProgressUpdate.objects.filter(status=Status.DRAFT)
        now = timezone.now()
        if not revision_claim(drafts, pk=draft.pk, revision=draft.revision, updated_at=now, **fields):
            raise EditConflict(ProgressUpdate.objects.get(pk=draft.pk))
        draft.revision += 1  # as the claim wrote them (no need to read the row back)
        draft.updated_at = now
    else:
        try:
            with transaction.atomic():
                draft.save()
        except IntegrityError as error:
            # Someone else started a draft for this row and round at the same moment.
            current = update_for_editing(row=row, update_round=update_round)
            if current is None:
                raise
            raise EditConflict(current) from error
    _write_children(draft, content)
    return draft


@transaction.atomic
def update_withdraw(*, update: ProgressUpdate, by: User) -> ProgressUpdate:
    """Take a submitted update back to draft before anyone has reviewed it, so its author can
    change it. Compare-and-set on the status: a review that got there first wins."""
    withdrawn = ProgressUpdate.objects.filter(pk=update.pk, status=Status.SUBMITTED).update(
        status=Status.DRAFT, submitted_at=None, revision=F("revision") + 1, updated_at=timezone.now()
    )
    if not withdrawn:
        status = ProgressUpdate.objects.get(pk=update.pk).get_status_display().lower()
        raise UpdateLocked(f"Only an update awaiting review can be withdrawn; this one is {status}.")
    update.refresh_from_db()
    return update


def _review(update: ProgressUpdate, *, reviewer: User, outcome: str, comment: str = "") -> ProgressUpdate:
    """Record a review decision on a submitted update (row-locked, so two reviewers cannot both
    decide); its author is e-mailed by the worker once the transaction commits."""
    locked = (
        ProgressUpdate.objects.select_for_update(of=("self",))
        .select_related("row__action__plan__partnership", "on_behalf_of")
        .get(pk=update.pk)
    )
    if not reviewer.has_perm("plans.review_update", locked):
        if wrote_update(reviewer, locked):
            raise UpdateLocked(
                "You wrote this update (or it was written on your behalf): someone else must review it."
            )
        raise UpdateLocked("Only a coordinator of the partnership can review this update.")
    if locked.status != Status.SUBMITTED:
        verb = "accepted" if outcome == Status.ACCEPTED else "returned"
        raise UpdateLocked(
            f"Only a submitted update can be {verb}; this one is {locked.get_status_display().lower()}."
        )
    locked.status = outcome
    locked.reviewed_at = timezone.now()
    locked.reviewed_by = reviewer
    locked.review_comment = comment
    locked.self_reviewed = bool(wrote_update(reviewer, locked))
    locked.full_clean(exclude=["row", "round", "supersedes"])
    locked.save(
        update_fields=[
            "status",
            "reviewed_at",
            "reviewed_by",
            "review_comment",
            "self_reviewed",
            "updated_at",
        ]
    )
    transaction.on_commit(lambda: notify_reviewed_task.enqueue(locked.pk))
    return locked


@transaction.atomic
def update_accept(*, update: ProgressUpdate, reviewer: User) -> ProgressUpdate:
    """Accept a submitted update: it becomes the row's current status."""
    accepted = _review(update, reviewer=reviewer, outcome=Status.ACCEPTED)
    row_refresh_current(row_id=accepted.row_id)
    return accepted


@transaction.atomic
def update_return(*, update: ProgressUpdate, reviewer: User, comment: str) -> ProgressUpdate:
    """Return a submitted update to its author with a comment saying what to change."""
    if not comment.strip():
        raise ValidationError("Say what needs to change before returning the update.")
    return _review(update, reviewer=reviewer, outcome=Status.RETURNED, comment=comment.strip())


def row_reopen(*, row: ProjectRow, reopened: bool = True) -> ProjectRow:
    """Reopen a complete row so that it is chased for updates again (or stop chasing it)."""
    with transaction.atomic():
        row.reopened = reopened
        row.save(update_fields=["reopened"])
    return row
