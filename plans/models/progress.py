"""Quarterly update rounds, progress updates and the e-mails sent about them.

A progress update is append-only once submitted: a correction or a resubmission after a return
is a new version that supersedes the old one, so the timeline keeps every version. Only a
draft is edited in place, guarded by `revision` (optimistic locking) so that two people saving
the same draft cannot silently overwrite each other.
"""

import datetime

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q

from csp_tracker.periods import Quarter
from csp_tracker.text import NARRATIVE_MAX
from partners.audience import Audience
from partners.models import Partnership, Person, RagStatus
from plans.models.structure import ExpectedOutcome, Plan, ProjectRow, Target


def default_reminder_offsets() -> list[int]:
    return [14, 7, 1]


class UpdateRound(models.Model):
    """A call for updates on a plan for one quarter, with a deadline."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rounds")
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="The calendar year the financial year starts in (2021 for 2021/22).",
    )
    quarter = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])
    due_date = models.DateField(verbose_name="Updates due by")
    meeting_date = models.DateField(null=True, blank=True, help_text="The partnership meeting it feeds.")
    reminder_offsets = models.JSONField(
        default=default_reminder_offsets,
        blank=True,
        help_text="Days before the deadline on which outstanding leads are reminded.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plan_id", "-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year", "quarter"], name="one_round_per_quarter"),
            models.UniqueConstraint(
                fields=["plan"], condition=Q(status="open"), name="one_open_round_per_plan"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period(self.plan.partnership.year_start_month)}, due {self.due_date:%-d %B %Y}"

    def clean(self) -> None:
        offsets = self.reminder_offsets or []
        if not isinstance(offsets, list) or any(not isinstance(d, int) or not 0 <= d <= 90 for d in offsets):
            raise ValidationError({"reminder_offsets": "List reminder days as whole numbers from 0 to 90."})
        self.reminder_offsets = sorted(set(offsets), reverse=True)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def period(self, start_month: int) -> Quarter:
        """The round's quarter in the partnership's year (its start month)."""
        return Quarter(self.year, self.quarter, start_month)


# The order of an update's versions in time: quarter, then version, then id (a tie-break for
# versions written in the same second). Every "latest" and "as at" question uses it.
CHRONOLOGICAL = ("period_year", "period_quarter", "version", "id")


class ProgressUpdateQuerySet(models.QuerySet["ProgressUpdate"]):
    """The status rules of progress updates, defined once: every caller asks these."""

    def accepted(self) -> "ProgressUpdateQuerySet":
        return self.filter(status=ProgressUpdate.Status.ACCEPTED)

    def visible_to(self, audience: Audience) -> "ProgressUpdateQuerySet":
        """What a reader may see of the updates. Coordinators: everything but drafts. A row's
        own leads: their rows' submitted and returned updates (with the review comment) too.
        Everyone else: accepted updates, and submitted ones when the partnership publishes on
        submit (shown as not yet reviewed); never a returned update or a review comment."""
        Status = ProgressUpdate.Status
        shown = self.exclude(status=Status.DRAFT)
        if audience.is_coordinator:
            return shown
        public = Q(status=Status.ACCEPTED)
        if audience.sees_submitted:
            public |= Q(status=Status.SUBMITTED)
        if not audience.user_id:
            return shown.filter(public)
        leads_the_row = Exists(
            ProjectRow.lead_people.through.objects.filter(
                projectrow_id=OuterRef("row_id"), person__user_id=audience.user_id
            )
        )
        return shown.filter(public | leads_the_row)

    def latest_first(self) -> "ProgressUpdateQuerySet":
        return self.order_by(*(f"-{name}" for name in CHRONOLOGICAL))

    def oldest_first(self) -> "ProgressUpdateQuerySet":
        return self.order_by(*CHRONOLOGICAL)

    def as_at(self, day: datetime.date) -> "ProgressUpdateQuerySet":
        """The accepted updates the partnership had on `day` (dated on or before it)."""
        return self.accepted().filter(update_date__lte=day)

    def latest_per_row(self) -> dict[int, "ProgressUpdate"]:
        """The latest update of each row among these, by row id (one query)."""
        latest: dict[int, ProgressUpdate] = {}
        for update in self.latest_first():
            latest.setdefault(update.row_id, update)
        return latest


class ProgressUpdate(models.Model):
    """One version of a progress update on a project row for one quarter."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        RETURNED = "returned", "Returned"
        ACCEPTED = "accepted", "Accepted"

    row = models.ForeignKey(ProjectRow, on_delete=models.CASCADE, related_name="updates")
    round = models.ForeignKey(
        UpdateRound, null=True, blank=True, on_delete=models.RESTRICT, related_name="updates"
    )
    period_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="The calendar year the financial year starts in (2021 for 2021/22).",
    )
    period_quarter = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])
    update_date = models.DateField(help_text="The date the update speaks for.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=200, help_text="Who wrote it, as shown in the timeline.")
    on_behalf_of = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The lead officer a coordinator wrote this for.",
    )
    narrative = models.TextField(blank=True, validators=[MaxLengthValidator(NARRATIVE_MAX)])
    risk = models.TextField(blank=True, validators=[MaxLengthValidator(NARRATIVE_MAX)])
    rag = models.ForeignKey(RagStatus, null=True, blank=True, on_delete=models.RESTRICT, related_name="+")
    rag_reason = models.TextField(blank=True, validators=[MaxLengthValidator(NARRATIVE_MAX)])
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveSmallIntegerField(default=1)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="superseded_by"
    )
    revision = models.PositiveIntegerField(default=1, help_text="Bumped on every save of a draft.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_comment = models.TextField(blank=True, validators=[MaxLengthValidator(NARRATIVE_MAX)])
    search_vector = SearchVectorField(null=True, editable=False)  # see plans/search_vectors.py
    self_reviewed = models.BooleanField(
        default=False,
        editable=False,
        help_text=(
            "Reviewed by its author (or the person it was written for), where the partnership allows it."
        ),
    )

    objects = ProgressUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["row_id", "-update_date", "-created_at", "-id"]
        indexes = [
            models.Index(fields=["row", "period_year", "period_quarter"]),
            # A row's latest accepted update (rows_refresh_current, "last time" on the form).
            models.Index(
                "row",
                "status",
                models.F("period_year").desc(),
                models.F("period_quarter").desc(),
                models.F("version").desc(),
                models.F("id").desc(),
                name="update_row_status_latest",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["row", "round"], condition=Q(status="draft"), name="one_draft_per_row_per_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.row} Q{self.period_quarter} {self.period_year} v{self.version}"

    def clean(self) -> None:
        if self.rag is not None and self.rag.partnership_id != self.row.action.plan.partnership_id:
            raise ValidationError({"rag": "Choose a status from this partnership's scale."})

    def period(self, start_month: int) -> Quarter:
        """The quarter this update speaks for, in the partnership's year (its start month)."""
        return Quarter(self.period_year, self.period_quarter, start_month)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_unreviewed(self) -> bool:
        """Submitted and waiting for the coordinator: shown as "not yet reviewed"."""
        return self.status == self.Status.SUBMITTED

    @property
    def is_locked(self) -> bool:
        """Anything but a draft is a record: it is never edited, only superseded."""
        return self.status != self.Status.DRAFT


class TargetFigure(models.Model):
    """A figure reported against a numeric target in one update."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="figures")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="figures")
    value = models.DecimalField(max_digits=14, decimal_places=2)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["update", "target"], name="one_figure_per_target_per_update"),
        ]

    def __str__(self) -> str:
        return f"{self.target}: {self.value}"

    @property
    def met(self) -> bool | None:
        return self.target.is_met(self.value) if self.target.target_value is not None else None


class OutcomeProgress(models.Model):
    """The status of one expected outcome as reported in one update."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="outcome_statuses")
    outcome = models.ForeignKey(ExpectedOutcome, on_delete=models.CASCADE, related_name="reported")
    status = models.ForeignKey(RagStatus, null=True, blank=True, on_delete=models.RESTRICT, related_name="+")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["update", "outcome"], name="one_status_per_outcome_per_update"),
        ]

    def __str__(self) -> str:
        return f"{self.outcome}: {self.status}"


class SentEmail(models.Model):
    """The e-mail log: every reminder and notification sent, visible to the coordinator.

    `dedupe_key` makes a reminder idempotent: the same key is never sent twice.
    """

    class Kind(models.TextChoices):
        REMINDER = "reminder", "Reminder"
        OVERDUE = "overdue", "Overdue reminder"
        RETURNED = "returned", "Update returned"
        ACCEPTED = "accepted", "Update accepted"
        SUBMITTED = "submitted", "Update submitted"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="sent_emails")
    round = models.ForeignKey(
        UpdateRound, null=True, blank=True, on_delete=models.CASCADE, related_name="emails"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    to_email = models.EmailField()
    to_name = models.CharField(max_length=200, blank=True)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.to_email} ({self.sent_at:%d %b %Y})"
