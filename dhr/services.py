"""Writes on the DHR register: reviews, stages, progress, recommendations and their updates,
evidence files and the read log. Each is keyword-only, validated and atomic.

A recommendation update follows the life of a plan row's update (plans/services.py):
draft -> submitted -> accepted (the recommendation's current status) or returned with a comment;
only a draft is edited in place, guarded by `revision` (compare-and-set).
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import event_record
from dhr.attachments import Attachment, CheckedFile, sha256_of
from dhr.models import (
    STAGE_ORDER,
    ReadLog,
    Recommendation,
    RecommendationUpdate,
    Review,
    ReviewProgress,
    Stage,
    StageEvent,
)
from partners.models import Partnership, RagStatus
from partners.rules import may_see_dhr, wrote_update
from plans.models import UpdateRound

Status = RecommendationUpdate.Status


class EditConflict(Exception):
    def __init__(self, current: RecommendationUpdate | None):
        super().__init__("The update was changed by someone else.")
        self.current = current


class UpdateLocked(Exception):
    pass


def _name(user: User) -> str:
    return user.get_full_name() or user.get_username()


# --- reviews --------------------------------------------------------------------------------


@transaction.atomic
def review_create(*, partnership: Partnership, user: User, **fields) -> Review:
    review = Review(partnership=partnership, **fields)
    review.stage = Stage.NOTIFICATION
    review.stage_since = review.notification_date
    review.full_clean()
    review.save()
    StageEvent.objects.create(
        review=review, stage=Stage.NOTIFICATION, date=review.notification_date, recorded_by=user
    )
    return review


@transaction.atomic
def review_edit(*, review: Review, **fields) -> Review:
    for name, value in fields.items():
        setattr(review, name, value)
    review.full_clean()
    review.save()
    return review


@transaction.atomic
def stage_record(
    *,
    review: Review,
    stage: str,
    date: datetime.date,
    user: User,
    note: str = "",
    today: datetime.date | None = None,
) -> StageEvent:
    """Record that the review reached a stage on a date. Reaching a later stage moves the review on;
    recording an earlier one (a second panel meeting, say) only adds to the history."""
    if stage not in STAGE_ORDER:
        raise ValidationError("Choose a stage from the list.")
    if date > (today or timezone.localdate()):
        raise ValidationError("The date of a stage cannot be in the future.")
    if date < review.notification_date:
        raise ValidationError("A stage cannot come before the notification.")
    event = StageEvent(review=review, stage=stage, date=date, note=note.strip(), recorded_by=user)
    event.full_clean()
    event.save()
    locked = Review.objects.select_for_update().get(pk=review.pk)
    if STAGE_ORDER.index(stage) >= locked.stage_position and (
        stage != locked.stage or date > locked.stage_since
    ):
        locked.stage = stage
        locked.stage_since = date
        if stage == Stage.DECISION and locked.decision == Review.Decision.PENDING:
            locked.decision_date = locked.decision_date or date
        locked.full_clean()
        locked.save(update_fields=["stage", "stage_since", "decision_date"])
        review.stage, review.stage_since = locked.stage, locked.stage_since
    return event


@transaction.atomic
def review_progress_add(
    *, review: Review, user: User, narrative: str, rag: RagStatus, rag_reason: str = ""
) -> ReviewProgress:
    if rag.needs_reason and not rag_reason.strip():
        raise ValidationError(f"Give a reason for the status {rag.label}.")
    progress = ReviewProgress(
        review=review,
        update_date=timezone.localdate(),
        narrative=narrative.strip(),
        rag=rag,
        rag_reason=rag_reason.strip(),
        author=user,
        author_name=_name(user),
    )
    progress.full_clean()
    progress.save()
    return progress


# --- recommendations ------------------------------------------------------------------------


@transaction.atomic
def recommendation_save(*, recommendation: Recommendation) -> Recommendation:
    recommendation.partnership_id = recommendation.review.partnership_id
    if not recommendation.number:
        last = recommendation.review.recommendations.order_by("-number").first()
        recommendation.number = (last.number + 1) if last else 1
    recommendation.full_clean()
    recommendation.save()
    return recommendation


@dataclass
class RecommendationContent:
    narrative: str = ""
    risk: str = ""
    rag: RagStatus | None = None
    rag_reason: str = ""


def recommendation_open_round(recommendation: Recommendation) -> UpdateRound | None:
    """The partnership's open update round (recommendations are updated in the same rounds)."""
    return (
        UpdateRound.objects.filter(plan__partnership_id=recommendation.partnership_id, status="open")
        .order_by("due_date")
        .first()
    )


def recommendation_latest(recommendation: Recommendation) -> RecommendationUpdate | None:
    return recommendation.updates.order_by("-version", "-id").first()


def state_token(update: RecommendationUpdate | None) -> str:
    return f"{update.pk}:{update.revision}:{update.status}" if update else "new"


@transaction.atomic
def recommendation_update_save(
    *,
    recommendation: Recommendation,
    author: User,
    content: RecommendationContent,
    expected_state: str,
    submit: bool,
) -> RecommendationUpdate:
    latest = recommendation_latest(recommendation)
    if state_token(latest) != expected_state:
        raise EditConflict(latest)
    if latest and latest.status == Status.SUBMITTED:
        raise UpdateLocked("This update is awaiting review.")
    if latest and latest.is_draft:
        draft = latest
    else:
        draft = RecommendationUpdate(
            recommendation=recommendation, version=(latest.version + 1) if latest else 1, supersedes=latest
        )
    draft.round = recommendation_open_round(recommendation)
    draft.narrative, draft.risk = content.narrative, content.risk
    draft.rag, draft.rag_reason = content.rag, content.rag_reason
    draft.author, draft.author_name = author, _name(author)
    draft.update_date = timezone.localdate()
    if submit:
        if not content.narrative.strip() or content.rag is None:
            raise ValidationError("Write the progress and choose a RAG status before submitting.")
        draft.status = Status.SUBMITTED
        draft.submitted_at = timezone.now()
    draft.full_clean(exclude=["recommendation", "supersedes", "round"])
    if draft.pk:
        fields = {
            f: getattr(draft, f)
            for f in ("narrative", "risk", "rag", "rag_reason", "author", "author_name", "update_date")
        } | {"status": draft.status, "submitted_at": draft.submitted_at, "round": draft.round}
        saved = RecommendationUpdate.objects.filter(pk=draft.pk, revision=draft.revision, status=Status.DRAFT)
        if not saved.update(revision=F("revision") + 1, updated_at=timezone.now(), **fields):
            raise EditConflict(RecommendationUpdate.objects.get(pk=draft.pk))
        draft.refresh_from_db()
    else:
        try:
            with transaction.atomic():
                draft.save()
        except IntegrityError as error:
            raise EditConflict(recommendation_latest(recommendation)) from error
    return draft


def _review_update(
    update: RecommendationUpdate, *, reviewer: User, outcome: str, comment: str = ""
) -> RecommendationUpdate:
    """Record a review decision on a submitted update (row-locked, so two reviewers cannot both
    decide), under the same separation of duties as a plan row's update (`dhr.review_update`)."""
    locked = (
        RecommendationUpdate.objects.select_for_update(of=("self",))
        .select_related("recommendation__partnership")
        .get(pk=update.pk)
    )
    if not reviewer.has_perm("dhr.review_update", locked):
        if wrote_update(reviewer, locked) and may_see_dhr(reviewer, locked):
            raise UpdateLocked("You wrote this update: someone else must review it.")
        raise UpdateLocked(
            "Only a coordinator of the partnership with access to Domestic Homicide Reviews can review "
            "this update."
        )
    if locked.status != Status.SUBMITTED:
        raise UpdateLocked(
            f"Only a submitted update can be reviewed; this one is {locked.get_status_display().lower()}."
        )
    locked.status, locked.reviewed_at, locked.reviewed_by = outcome, timezone.now(), reviewer
    locked.review_comment = comment
    locked.self_reviewed = bool(wrote_update(reviewer, locked))
    locked.full_clean(exclude=["recommendation", "supersedes", "round"])
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
    return locked


@transaction.atomic
def recommendation_update_accept(*, update: RecommendationUpdate, reviewer: User) -> RecommendationUpdate:
    accepted = _review_update(update, reviewer=reviewer, outcome=Status.ACCEPTED)
    current = (
        RecommendationUpdate.objects.accepted()
        .filter(recommendation_id=accepted.recommendation_id)
        .order_by("-update_date", "-version", "-id")
        .first()
    )
    Recommendation.objects.filter(pk=accepted.recommendation_id).update(current_update=current)
    return accepted


@transaction.atomic
def recommendation_update_return(
    *, update: RecommendationUpdate, reviewer: User, comment: str
) -> RecommendationUpdate:
    if not comment.strip():
        raise ValidationError("Say what needs to change before returning the update.")
    return _review_update(update, reviewer=reviewer, outcome=Status.RETURNED, comment=comment.strip())


# --- the read log ---------------------------------------------------------------------------


def _audit_read(
    *, partnership: Partnership, user: User | None, channel: str, what: str, review: Review | None = None
) -> None:
    """The audit log's copy of a read, from the read log's own two writers (one event per read)."""
    event_record(
        kind=AuditEvent.Kind.DHR_READ,
        actor=user,
        partnership_id=partnership.pk,
        obj=review,
        object_type="dhr.review" if review is None else "",
        object_repr=(review.reference if review is not None else ""),
        detail=f"{channel}: {what}",
    )


def read_record(
    *, partnership: Partnership, user: User | None, channel: str, what: str, review: Review | None = None
) -> ReadLog:
    """Every read of DHR content is written down, in its own transaction so a read that fails
    later in rendering is still recorded."""
    entry = ReadLog(
        partnership=partnership,
        review=review,
        user=user if user and user.is_authenticated else None,
        user_name=_name(user) if user and user.is_authenticated else "system",
        channel=channel,
        what=what[:300],
    )
    entry.full_clean(exclude=["user", "review"])
    entry.save()
    _audit_read(partnership=partnership, user=user, channel=channel, what=entry.what, review=review)
    return entry


def reads_record(*, partnership: Partnership, user: User | None, channel: str, what: str, reviews) -> None:
    """One entry per review shown (a register page or a report shows several)."""
    entries = [
        ReadLog(
            partnership=partnership,
            review=review,
            user=user if user and user.is_authenticated else None,
            user_name=_name(user) if user and user.is_authenticated else "system",
            channel=channel,
            what=f"{what}: DHR {review.reference}"[:300],
        )
        for review in reviews
    ]
    if entries:
        ReadLog.objects.bulk_create(entries)
        _audit_read(
            partnership=partnership, user=user, channel=channel, what=f"{what}: {len(entries)} review(s)"
        )
    else:
        read_record(partnership=partnership, user=user, channel=channel, what=what)


# --- evidence files -------------------------------------------------------------------------


@transaction.atomic
def attachment_add(*, parent, checked: CheckedFile, user: User, description: str = "") -> Attachment:
    partnership_id = parent.partnership_id if hasattr(parent, "partnership_id") else None
    if partnership_id is None:
        plan = parent.plan if hasattr(parent, "plan") else parent.row.action.plan
        partnership_id = plan.partnership_id
    attachment = Attachment(
        partnership_id=partnership_id,
        name=checked.name,
        description=description.strip(),
        content_type=checked.kind.content_type,
        size=len(checked.data),
        sha256=sha256_of(checked.data),
        scan=checked.scan,
        uploaded_by=user,
        uploaded_by_name=_name(user),
        **{Attachment.parent_field(parent): parent},
    )
    attachment.file.save(checked.name, ContentFile(checked.data), save=False)
    try:
        attachment.full_clean(exclude=["file"])
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)  # nothing half-written: no file without its record
        raise
    return attachment
