"""The Domestic Homicide Review register: reviews, their stage history, progress, recommendations
and the record of who read them. Evidence files live in `dhr.attachments`.

Nothing here is shown to anyone without the partnership's DHR grant (`Membership.can_see_dhr`);
the querysets' `visible_to(user)` apply the rule from partners/rules.py so a list can never show
what a detail page forbids.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from partners.models import Organisation, Partnership, Person, RagStatus
from partners.rules import memberships_of
from plans.models import NARRATIVE_MAX, UpdateRound


def cleared_partnership_ids(user) -> list[int]:
    """The partnerships where the user holds the DHR grant (from the cached memberships)."""
    return [pid for pid, m in memberships_of(user).items() if m.can_see_dhr]


class Stage(models.TextChoices):
    NOTIFICATION = "notification", "Notification"
    DECISION = "decision", "Decision to review"
    SCOPING = "scoping", "Scoping"
    PANEL = "panel", "Panel meetings"
    IMR_REQUESTED = "imr_requested", "Individual management reviews requested"
    IMR_RECEIVED = "imr_received", "Individual management reviews received"
    DRAFT_REPORT = "draft_report", "Draft overview report"
    SUBMITTED = "submitted", "Submitted to the Home Office"
    HOME_OFFICE_FEEDBACK = "home_office_feedback", "Home Office quality-assurance feedback"
    PUBLISHED = "published", "Published"
    ACTION_PLAN_COMPLETE = "action_plan_complete", "Action plan complete"


STAGE_ORDER = [s.value for s in Stage]

# Days a stage may wait before the next one is expected, unless the partnership sets its own.
DEFAULT_EXPECTED_DAYS = {
    Stage.NOTIFICATION: 30,
    Stage.DECISION: 30,
    Stage.SCOPING: 60,
    Stage.PANEL: 90,
    Stage.IMR_REQUESTED: 90,
    Stage.IMR_RECEIVED: 60,
    Stage.DRAFT_REPORT: 90,
    Stage.SUBMITTED: 180,
    Stage.HOME_OFFICE_FEEDBACK: 90,
    Stage.PUBLISHED: 365,
}


class ReviewQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ReviewQuerySet":
        return self.filter(partnership_id__in=cleared_partnership_ids(user))


class Review(models.Model):
    """One case on the register."""

    class Decision(models.TextChoices):
        PENDING = "pending", "Not yet decided"
        REVIEW = "review", "Review"
        NO_REVIEW = "no_review", "No review"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="dhr_reviews")
    reference = models.CharField(max_length=60, verbose_name="Partnership reference (URN)")
    home_office_reference = models.CharField(max_length=60, blank=True)
    area = models.CharField(max_length=120, verbose_name="Town or area")
    date_of_death = models.DateField(null=True, blank=True)
    notification_date = models.DateField(verbose_name="Date of notification")
    decision = models.CharField(max_length=20, choices=Decision.choices, default=Decision.PENDING)
    decision_date = models.DateField(null=True, blank=True)
    decision_reason = models.TextField(blank=True, validators=[MaxLengthValidator(NARRATIVE_MAX)])
    chair = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=200, blank=True, verbose_name="Report author")
    managing_body = models.CharField(max_length=200, blank=True)
    summary = models.TextField(
        blank=True, validators=[MaxLengthValidator(NARRATIVE_MAX)], verbose_name="Case summary"
    )
    stage = models.CharField(max_length=30, choices=Stage.choices, default=Stage.NOTIFICATION)
    stage_since = models.DateField(help_text="The date the current stage was reached.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "-notification_date", "reference"]
        verbose_name = "Domestic Homicide Review"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "reference"], name="unique_dhr_reference"),
        ]

    def __str__(self) -> str:
        return f"DHR {self.reference}"

    def clean(self) -> None:
        if self.date_of_death and self.notification_date and self.date_of_death > self.notification_date:
            raise ValidationError({"notification_date": "Notification cannot come before the date of death."})
        if self.decision != self.Decision.PENDING and not self.decision_date:
            raise ValidationError({"decision_date": "Give the date of the decision."})
        if self.decision == self.Decision.NO_REVIEW and not self.decision_reason.strip():
            raise ValidationError({"decision_reason": "Give the reason for not holding a review."})

    @property
    def stage_position(self) -> int:
        return STAGE_ORDER.index(self.stage)


class StageEvent(models.Model):
    """A dated step in a review's history; append-only."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="stage_events")
    stage = models.CharField(max_length=30, choices=Stage.choices)
    date = models.DateField()
    note = models.CharField(max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["review", "date", "id"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} on {self.date:%-d %B %Y}"


class ExpectedStageTime(models.Model):
    """How long a partnership expects a review to wait at a stage before moving on."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="dhr_stage_times")
    stage = models.CharField(max_length=30, choices=Stage.choices)
    days = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(3650)])

    class Meta:
        ordering = ["partnership", "stage"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "stage"], name="one_expected_time_per_stage"),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.days} days"


class ReviewProgress(models.Model):
    """A dated progress narrative on a review, with a RAG, written by a cleared coordinator."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="progress")
    update_date = models.DateField()
    narrative = models.TextField(validators=[MaxLengthValidator(NARRATIVE_MAX)])
    rag = models.ForeignKey(RagStatus, on_delete=models.RESTRICT, related_name="+")
    rag_reason = models.TextField(blank=True, validators=[MaxLengthValidator(NARRATIVE_MAX)])
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["review", "-update_date", "-id"]
        verbose_name_plural = "review progress"

    def __str__(self) -> str:
        return f"{self.review} progress {self.update_date}"

    def clean(self) -> None:
        if self.rag_id and self.rag.partnership_id != self.review.partnership_id:
            raise ValidationError({"rag": "Choose a status from this partnership's scale."})


class RecommendationQuerySet(models.QuerySet):
    def visible_to(self, user) -> "RecommendationQuerySet":
        """Every recommendation of a cleared partnership, and the user's own elsewhere."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(partnership_id__in=cleared_partnership_ids(user))
            | Q(lead_officer__user=user, partnership_id__in=list(memberships_of(user)))
        )

    def owned_by(self, user) -> "RecommendationQuerySet":
        if not user.is_authenticated:
            return self.none()
        return self.filter(lead_officer__user=user, partnership_id__in=list(memberships_of(user)))

    def overdue(self, today: datetime.date | None = None) -> "RecommendationQuerySet":
        today = today or timezone.localdate()
        return self.filter(due_date__lt=today).exclude(current_update__rag__is_complete=True)


class Recommendation(models.Model):
    """One recommendation of a review's action plan, followed like a project row."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="recommendations")
    # Denormalised from the review so permission checks and lists need no join.
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+", editable=False)
    number = models.PositiveSmallIntegerField()
    text = models.TextField(validators=[MaxLengthValidator(NARRATIVE_MAX)], verbose_name="Recommendation")
    owner_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="dhr_recommendations"
    )
    lead_officer = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="dhr_recommendations"
    )
    due_date = models.DateField()
    current_update = models.ForeignKey(
        "RecommendationUpdate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["review", "number"]
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="unique_recommendation_number"),
        ]

    def __str__(self) -> str:
        return f"Recommendation {self.number}"

    def clean(self) -> None:
        if self.review_id:
            self.partnership_id = self.review.partnership_id
        # An unset required owner raises on access: check its id first (the form reports it missing).
        if self.owner_organisation_id and self.owner_organisation.partnership_id != self.partnership_id:
            raise ValidationError({"owner_organisation": "Choose an organisation of this partnership."})
        lead = self.lead_officer if self.lead_officer_id else None
        if lead is not None and lead.partnership_id != self.partnership_id:
            raise ValidationError({"lead_officer": "Choose a person of this partnership."})

    @property
    def current_rag(self) -> RagStatus | None:
        return self.current_update.rag if self.current_update is not None else None

    @property
    def is_complete(self) -> bool:
        rag = self.current_rag
        return bool(rag and rag.is_complete)

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return not self.is_complete and self.due_date < (today or timezone.localdate())


class RecommendationUpdateQuerySet(models.QuerySet):
    def latest_first(self) -> "RecommendationUpdateQuerySet":
        return self.order_by("-update_date", "-version", "-id")

    def accepted(self) -> "RecommendationUpdateQuerySet":
        return self.filter(status=RecommendationUpdate.Status.ACCEPTED)


class RecommendationUpdate(models.Model):
    """One version of an owner's update on a recommendation; mirrors plans' ProgressUpdate so it
    follows the same life: draft -> submitted -> accepted or returned."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        RETURNED = "returned", "Returned"
        ACCEPTED = "accepted", "Accepted"

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="updates")
    round = models.ForeignKey(UpdateRound, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    update_date = models.DateField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=200)
    narrative = models.TextField(blank=True, validators=[MaxLengthValidator(NARRATIVE_MAX)])
    risk = models.TextField(blank=True, validators=[MaxLengthValidator(NARRATIVE_MAX)])
    rag = models.ForeignKey(RagStatus, null=True, blank=True, on_delete=models.RESTRICT, related_name="+")
    rag_reason = models.TextField(blank=True, validators=[MaxLengthValidator(NARRATIVE_MAX)])
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveSmallIntegerField(default=1)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="superseded_by"
    )
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_comment = models.TextField(blank=True, validators=[MaxLengthValidator(NARRATIVE_MAX)])
    self_reviewed = models.BooleanField(
        default=False,
        editable=False,
        help_text="Reviewed by its author, where the partnership allows it (shown as self-accepted).",
    )

    objects = RecommendationUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["recommendation", "-update_date", "-version", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation"], condition=Q(status="draft"), name="one_draft_per_recommendation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recommendation} update v{self.version}"

    def clean(self) -> None:
        if self.rag is not None and self.rag.partnership_id != self.recommendation.partnership_id:
            raise ValidationError({"rag": "Choose a status from this partnership's scale."})

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class ReadLog(models.Model):
    """Who read which review, when and through what (a page, a PDF, an export); append-only."""

    class Channel(models.TextChoices):
        PAGE = "page", "Web page"
        PDF = "pdf", "PDF"
        EXPORT = "export", "Export"
        FILE = "file", "Evidence file"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="dhr_reads")
    review = models.ForeignKey(Review, null=True, blank=True, on_delete=models.SET_NULL, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    user_name = models.CharField(max_length=200)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    what = models.CharField(max_length=300)
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-read_at", "-id"]
        indexes = [models.Index(fields=["partnership", "-read_at"])]

    def __str__(self) -> str:
        return f"{self.user_name} read {self.what} ({self.read_at:%d %b %Y %H:%M})"


from dhr.attachments import Attachment  # noqa: E402,F401  the model lives beside its checks
