"""Writes that span models: update rounds and the life of a progress update.

Life of an update, per project row and round:
  draft --submit--> submitted --accept--> accepted (becomes the row's current status)
                              --return--> returned (with a comment)
A draft is edited in place, guarded by `revision`. Anything else is a record: editing a
returned or accepted update starts a new draft version that supersedes it when submitted.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from partners.models import Person, RagStatus
from plans.models import (
    ExpectedOutcome,
    OutcomeProgress,
    Plan,
    ProgressUpdate,
    ProjectRow,
    Target,
    TargetFigure,
    UpdateRound,
)

Status = ProgressUpdate.Status


class EditConflict(Exception):
    """Someone else saved the same draft since this form was opened."""

    def __init__(self, current: ProgressUpdate):
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
    from plans.tasks import schedule_reminders  # imported here: tasks import this module

    transaction.on_commit(schedule_reminders)
    return update_round


@transaction.atomic
def round_close(*, update_round: UpdateRound) -> UpdateRound:
    update_round.status = UpdateRound.Status.CLOSED
    update_round.closed_at = timezone.now()
    update_round.save(update_fields=["status", "closed_at"])
    return update_round


# --- updates ----------------------------------------------------------------------------------


def row_refresh_current(*, row_id: int) -> None:
    """The row's current status is its accepted update for the latest quarter (latest version),
    so accepting a late correction for an earlier quarter does not hide a newer quarter."""
    current = ProgressUpdate.objects.filter(row_id=row_id).accepted().latest_first().first()
    ProjectRow.objects.filter(pk=row_id).update(current_update=current)


def update_for_editing(*, row: ProjectRow, update_round: UpdateRound) -> ProgressUpdate | None:
    """The latest version of the row's update in this round, whatever its status."""
    return row.updates.filter(round=update_round).latest_first().first()


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
    on_behalf_of: Person | None = None,
) -> ProgressUpdate:
    """Save the row's update for the round as a draft, or submit it.

    `expected_state` is the `update_state_token` the form was opened on. Raises EditConflict
    when someone saved in between, UpdateLocked when nothing may be written now.
    """
    if not update_round.is_open:
        raise UpdateLocked("This round is closed.")
    latest = update_for_editing(row=row, update_round=update_round)
    if update_state_token(latest) != expected_state:
        raise EditConflict(latest)
    if latest and latest.status == Status.SUBMITTED:
        raise UpdateLocked("This update is awaiting review.")
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
    draft.on_behalf_of = on_behalf_of
    draft.update_date = timezone.localdate()
    if submit:
        if not content.narrative.strip() or content.rag is None:
            raise ValidationError("Write the narrative and choose a RAG status before submitting.")
        draft.status = Status.SUBMITTED
        draft.submitted_at = timezone.now()
    draft.full_clean(exclude=["row", "round", "supersedes"])
    if draft.pk:
        # Compare-and-set: only the revision we read may be overwritten.
        saved = ProgressUpdate.objects.filter(pk=draft.pk, revision=draft.revision, status=Status.DRAFT)
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
        if not saved.update(revision=F("revision") + 1, updated_at=timezone.now(), **fields):
            raise EditConflict(ProgressUpdate.objects.get(pk=draft.pk))
        draft.refresh_from_db()
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


def _review(update: ProgressUpdate, *, reviewer: User, outcome: str, comment: str = "") -> ProgressUpdate:
    """Record a review decision on a submitted update (row-locked, so two reviewers cannot both
    decide) and tell its author once the transaction commits."""
    from plans.notifications import notify_reviewed

    locked = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    if locked.status != Status.SUBMITTED:
        verb = "accepted" if outcome == Status.ACCEPTED else "returned"
        raise UpdateLocked(
            f"Only a submitted update can be {verb}; this one is {locked.get_status_display().lower()}."
        )
    locked.status = outcome
    locked.reviewed_at = timezone.now()
    locked.reviewed_by = reviewer
    locked.review_comment = comment
    locked.full_clean(exclude=["row", "round", "supersedes"])
    locked.save(update_fields=["status", "reviewed_at", "reviewed_by", "review_comment", "updated_at"])
    transaction.on_commit(lambda: notify_reviewed(locked))
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
