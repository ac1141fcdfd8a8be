"""The strategic assessment (evidence → priorities) and the partnership's year (its duties).

An assessment is composed in the app like a scrutiny report: a draft, then issued and frozen
(`snapshot_html`). Its recommended priorities become themes of next year's plan; the theme
links back through `RecommendedPriority.theme` (read from the plan's pages by the
`assessments` template tags, so plans never import this app).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from csp_tracker.text import NARRATIVE_MAX, RICH_TEXT_MAX, text_limit
from indicators.models import Indicator
from partners.models import Meeting, Partnership
from plans.models import Action, Plan, Theme
from reports.models import ScrutinyReport


class StrategicAssessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ISSUED = "issued", "Issued"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="assessments")
    year = models.PositiveIntegerField(
        help_text="The financial year assessed, by its first year (2025 for 2025/26)."
    )
    title = models.CharField(max_length=300)
    assessment_date = models.DateField(verbose_name="Date")
    author = models.CharField(max_length=200, help_text="e.g. the partnership's analyst")
    contributors = models.TextField(
        validators=text_limit(NARRATIVE_MAX),
        blank=True,
        help_text="Who contributed data or text, one a line.",
    )
    coverage = models.CharField(max_length=300, verbose_name="Geographic coverage")
    period_covered = models.CharField(max_length=200, help_text="e.g. April 2025 to March 2026")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    reviewed_plan = models.ForeignKey(
        Plan,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessed_by",
        help_text="Last year's plan, whose priorities the assessment reviews.",
    )
    executive_summary = models.TextField(validators=text_limit(RICH_TEXT_MAX), blank=True)
    key_findings = models.TextField(validators=text_limit(RICH_TEXT_MAX), blank=True)
    snapshot_html = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    issued_at = models.DateTimeField(null=True, blank=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["partnership", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "year"], name="one_assessment_per_year"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        plan = self.reviewed_plan if self.reviewed_plan_id else None
        if plan is not None and plan.partnership_id != self.partnership_id:
            raise ValidationError({"reviewed_plan": "Choose a plan of this partnership."})

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class PriorityReview(models.Model):
    """How one of last year's priorities went: its actions are read from the plan; the judgement
    of impact is the analyst's."""

    assessment = models.ForeignKey(StrategicAssessment, on_delete=models.CASCADE, related_name="reviews")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+")
    judgement = models.TextField(
        validators=text_limit(RICH_TEXT_MAX), blank=True, verbose_name="Judgement of impact"
    )

    class Meta:
        ordering = ["assessment", "theme__sort_key"]
        constraints = [models.UniqueConstraint(fields=["assessment", "theme"], name="one_review_per_theme")]

    def __str__(self) -> str:
        return str(self.theme)


class ScanningRow(models.Model):
    """A topic of the scanning table. The two figure columns start as words computed from the
    indicator (`indicators.trends`) and stay editable; the numbers beside them are recomputed."""

    assessment = models.ForeignKey(
        StrategicAssessment, on_delete=models.CASCADE, related_name="scanning_rows"
    )
    position = models.PositiveIntegerField(default=0)
    topic = models.CharField(max_length=200, help_text="e.g. Total crime, Shoplifting, Scams")
    indicator = models.ForeignKey(
        Indicator,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A yearly indicator to fill the figures from.",
    )
    key_findings = models.TextField(validators=text_limit(RICH_TEXT_MAX), blank=True)
    previous_12_months = models.TextField(
        validators=text_limit(NARRATIVE_MAX), blank=True, verbose_name="Previous 12 months"
    )
    long_term_trend = models.TextField(
        validators=text_limit(NARRATIVE_MAX), blank=True, verbose_name="Long-term trend"
    )
    actions = models.ManyToManyField(
        Action, blank=True, related_name="+", verbose_name="Partnership activity"
    )
    looking_forward = models.TextField(validators=text_limit(NARRATIVE_MAX), blank=True)

    class Meta:
        ordering = ["assessment", "position", "id"]

    def __str__(self) -> str:
        return self.topic

    def clean(self) -> None:
        indicator = self.indicator if self.indicator_id else None
        if indicator is not None and indicator.partnership_id != self.assessment.partnership_id:
            raise ValidationError({"indicator": "Choose an indicator of this partnership."})


class EmergingIssue(models.Model):
    """A free section on what is emerging; `body` is sanitised (`reports.rich_text`)."""

    assessment = models.ForeignKey(StrategicAssessment, on_delete=models.CASCADE, related_name="emerging")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=200)
    body = models.TextField(validators=text_limit(RICH_TEXT_MAX), blank=True)

    class Meta:
        ordering = ["assessment", "position", "id"]

    def __str__(self) -> str:
        return self.title


class RecommendedPriority(models.Model):
    assessment = models.ForeignKey(
        StrategicAssessment, on_delete=models.CASCADE, related_name="recommendations"
    )
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=300)
    rationale = models.TextField(
        validators=text_limit(RICH_TEXT_MAX),
        blank=True,
        help_text="Why the evidence points to this priority.",
    )
    theme = models.OneToOneField(
        Theme,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="recommended_by",
        help_text="The theme of next year's plan it became.",
    )

    class Meta:
        ordering = ["assessment", "position", "id"]

    def __str__(self) -> str:
        return self.title


class Duty(models.Model):
    """A recurring statutory duty of the partnership's year, with its due date. It is done when
    the thing that fulfils it exists (see `is_done`); `assessments.calendar` says what is late."""

    class Kind(models.TextChoices):
        ASSESSMENT = "assessment", "Strategic assessment"
        PLAN_REFRESH = "plan_refresh", "Plan refresh"
        PLAN_TO_PCC = "plan_to_pcc", "Plan sent to the Police and Crime Commissioner"
        SCRUTINY = "scrutiny", "Yearly scrutiny committee report"
        SVD_NEEDS = "svd_needs", "Serious Violence Duty needs assessment"
        SVD_STRATEGY = "svd_strategy", "Serious Violence Duty strategy review"
        BOARD_MEETING = "board_meeting", "Quarterly board meeting"
        OTHER = "other", "Other"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="duties")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    due_date = models.DateField()
    notes = models.TextField(validators=text_limit(NARRATIVE_MAX), blank=True)
    assessment = models.ForeignKey(
        StrategicAssessment, null=True, blank=True, on_delete=models.SET_NULL, related_name="duties"
    )
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    scrutiny_report = models.ForeignKey(
        ScrutinyReport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    done_on = models.DateField(
        null=True, blank=True, help_text="For a duty fulfilled outside the app: the day it was done."
    )

    class Meta:
        ordering = ["partnership", "due_date", "id"]
        verbose_name_plural = "duties"

    def __str__(self) -> str:
        return f"{self.title} (due {self.due_date:%-d %B %Y})"

    def clean(self) -> None:
        for name in ("assessment", "plan", "scrutiny_report", "meeting"):
            linked = getattr(self, name) if getattr(self, f"{name}_id") else None
            if linked is not None and linked.partnership_id != self.partnership_id:
                raise ValidationError({name: "Choose one of this partnership's own."})

    @property
    def fulfilled_by(self) -> models.Model | None:
        """The linked thing, when it counts: an issued assessment or scrutiny report, a live plan,
        a meeting that has been held or booked."""
        if self.assessment_id and self.assessment is not None and not self.assessment.is_draft:
            return self.assessment
        if self.plan_id and self.plan is not None and self.plan.status != Plan.Status.DRAFT:
            return self.plan
        if self.scrutiny_report_id and self.scrutiny_report is not None and self.scrutiny_report.is_issued:
            return self.scrutiny_report
        if self.meeting_id and self.meeting is not None:
            return self.meeting
        return None

    def is_done(self, today: datetime.date) -> bool:
        if self.done_on is not None and self.done_on <= today:
            return True
        fulfilled = self.fulfilled_by
        if isinstance(fulfilled, Meeting):
            return fulfilled.date <= today
        return fulfilled is not None


class CalendarFeed(models.Model):
    """The secret address of a partnership's iCalendar feed: only a SHA-256 digest of its token
    is stored; the coordinator resets it to shut out an old address."""

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, related_name="calendar_feed")
    token_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.partnership}"
