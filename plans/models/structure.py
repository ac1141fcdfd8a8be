"""Plans and their structure: themes, actions, expected outcomes, project rows and targets.

Plan structure keeps a history of who changed what (django-simple-history).
"""

import datetime
import re
import uuid
from decimal import Decimal
from typing import Any

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from simple_history.models import HistoricalRecords

from csp_tracker.text import NARRATIVE_MAX, TITLE_MAX, text_limit
from partners.models import Organisation, Partnership, Person, RagStatus


def reference_sort_key(reference: str) -> str:
    """A key that sorts references naturally: 1.2 < 1.10 < 2.1(a) < 2.1(b)."""
    parts = re.findall(r"\d+|[A-Za-z]+", reference)
    return ".".join(p.zfill(6) if p.isdigit() else p.lower() for p in parts)[:100]


# The rules behind three displayed properties, also applied to plain values (plans/outline.py).
def indicator_lines(indicators: str) -> list[str]:
    return [line.strip() for line in indicators.splitlines() if line.strip()]


def due_display(due_text: str, due_date: datetime.date | None) -> str:
    return due_text or (f"{due_date:%-d %B %Y}" if due_date else "")


def lead_display(people: list[str], organisations: list[str]) -> str:
    """Lead people's names, then lead organisations' short names not already named."""
    return ", ".join(people + [o for o in organisations if o not in people])


class RagOverride(models.Model):
    """A coordinator's override of the rolled-up RAG, which must say why."""

    rag_override = models.ForeignKey(
        RagStatus,
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="+",
        verbose_name="RAG override",
        help_text="Leave empty to use the roll-up (worst status wins).",
    )
    rag_override_reason = models.TextField(
        validators=text_limit(NARRATIVE_MAX), blank=True, verbose_name="Reason for the override"
    )

    class Meta:
        abstract = True

    def clean_override(self, partnership_id: int) -> None:
        if self.rag_override_id and not self.rag_override_reason.strip():
            raise ValidationError({"rag_override_reason": "Say why the RAG is overridden."})
        if self.rag_override is not None and self.rag_override.partnership_id != partnership_id:
            raise ValidationError({"rag_override": "Choose a status from this partnership's scale."})


class Plan(RagOverride):
    class Kind(models.TextChoices):
        ANNUAL = "annual", "Annual delivery plan"
        STRATEGY = "strategy", "Multi-year strategy"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        LIVE = "live", "Live"
        ARCHIVED = "archived", "Archived"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="plans")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ANNUAL)
    start_date = models.DateField()
    end_date = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    vision = models.TextField(validators=text_limit(NARRATIVE_MAX), blank=True)
    highlights = models.TextField(
        validators=text_limit(NARRATIVE_MAX), blank=True, verbose_name="Year highlights"
    )
    carry_over_notes = models.TextField(
        validators=text_limit(NARRATIVE_MAX), blank=True, verbose_name="Actions to consider for carry over"
    )
    previous_plan = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_plans"
    )
    leads_record_spend = models.BooleanField(
        default=False,
        verbose_name="Lead officers may record spend",
        help_text="Lead officers may record spend against allocations to the rows they lead.",
    )
    rollup_version = models.UUIDField(
        default=uuid.uuid4,
        editable=False,
        help_text="A new random value whenever anything the plan's outline shows changes (the "
        "plan, its structure, an accepted update, a lead's or a status's name): its cache key.",
    )
    outline_changed_at = models.DateTimeField(
        default=timezone.now,
        editable=False,
        help_text="When `rollup_version` last changed: when what the outline shows last changed "
        "(the public pages' Last-Modified).",
    )
    history = HistoricalRecords(excluded_fields=["rollup_version", "outline_changed_at"])

    class Meta:
        ordering = ["-start_date", "title"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Every save is a change the outline may show: a new version, saved with the row even
        # when only some fields are (so an older copy of the plan cannot write an old one back).
        self.rollup_version = uuid.uuid4()
        self.outline_changed_at = timezone.now()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "rollup_version", "outline_changed_at"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": "The plan must end after it starts."})
        self.clean_override(self.partnership_id)

    @property
    def period_label(self) -> str:
        return f"{self.start_date:%-d %B %Y} to {self.end_date:%-d %B %Y}"


def theme_label(number: str, title: str) -> str:
    """How a theme is named in lists and tables: "2. Reduce violence"."""
    return f"{number}. {title}"


class Theme(RagOverride):
    """A strategic theme or priority of a plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="themes")
    number = models.CharField(max_length=10, help_text="e.g. 1, 2 or A")
    title = models.CharField(max_length=300)
    description = models.TextField(validators=text_limit(NARRATIVE_MAX), blank=True)
    lead_agency = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="led_themes"
    )
    indicators = models.TextField(
        validators=text_limit(NARRATIVE_MAX),
        blank=True,
        help_text="How progress on this priority is measured, one indicator a line.",
    )
    sort_key = models.CharField(max_length=100, editable=False, default="")
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan_id", "sort_key"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="unique_theme_number")]

    def __str__(self) -> str:
        return theme_label(self.number, self.title)

    def clean(self) -> None:
        if self.lead_agency is not None and self.lead_agency.partnership_id != self.plan.partnership_id:
            raise ValidationError({"lead_agency": "Choose an organisation of this partnership."})
        self.clean_override(self.plan.partnership_id)

    def save(self, *args, **kwargs):
        self.sort_key = reference_sort_key(self.number)
        super().save(*args, **kwargs)

    @property
    def indicator_lines(self) -> list[str]:
        return indicator_lines(self.indicators)


class Action(RagOverride):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="actions")
    reference = models.CharField(max_length=30, help_text="e.g. 1.2.3 or 2.1(a)")
    sort_key = models.CharField(max_length=100, editable=False, default="")
    title = models.TextField(validators=text_limit(TITLE_MAX), verbose_name="Action")
    outcome = models.TextField(validators=text_limit(NARRATIVE_MAX), blank=True, verbose_name="Outcome")
    resource = models.TextField(validators=text_limit(NARRATIVE_MAX), blank=True)
    budget = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        verbose_name="Budget (£)",
        validators=[MinValueValidator(Decimal("0"))],
    )
    budget_text = models.CharField(
        max_length=300,
        blank=True,
        verbose_name="Budget as written",
        help_text="e.g. £12,000 post recruitment",
    )
    due_date = models.DateField(null=True, blank=True)
    due_text = models.CharField(max_length=200, blank=True, verbose_name="When by (as written)")
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_to"
    )
    search_vector = SearchVectorField(null=True, editable=False)  # see plans/search_vectors.py
    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["plan_id", "sort_key"]
        indexes = [models.Index(fields=["plan", "sort_key"], name="action_plan_sort_key")]
        constraints = [
            models.UniqueConstraint(fields=["plan", "reference"], name="unique_action_reference"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title[:60]}"

    def clean(self) -> None:
        if self.theme_id and self.plan_id and self.theme.plan_id != self.plan_id:
            raise ValidationError({"theme": "Choose a theme of this plan."})
        if self.plan_id:
            self.clean_override(self.plan.partnership_id)

    def save(self, *args, **kwargs):
        self.sort_key = reference_sort_key(self.reference)
        super().save(*args, **kwargs)

    @property
    def partnership_id(self) -> int:
        return self.plan.partnership_id

    @property
    def due_display(self) -> str:
        return due_display(self.due_text, self.due_date)


class ExpectedOutcome(models.Model):
    """One numbered expected outcome of an action, with its own status."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="expected_outcomes")
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    text = models.TextField(validators=text_limit(NARRATIVE_MAX))
    status = models.ForeignKey(RagStatus, null=True, blank=True, on_delete=models.RESTRICT, related_name="+")
    status_note = models.CharField(
        max_length=300, blank=True, help_text="e.g. Not started - at risk due to staff resource pressures"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["action_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["action", "number"], name="unique_outcome_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"

    def clean(self) -> None:
        if self.status is not None and self.status.partnership_id != self.action.plan.partnership_id:
            raise ValidationError({"status": "Choose a status from this partnership's scale."})


def row_is_finished(rag: RagStatus | None, reopened: bool) -> bool:
    """The rule for a finished row (`ProjectRow.is_finished`, and the outline's rows): its
    current status is the scale's complete status and nobody reopened it."""
    return bool(rag and rag.is_complete) and not reopened


class ProjectRowQuerySet(models.QuerySet["ProjectRow"]):
    def led_by(self, organisation: Organisation) -> "ProjectRowQuerySet":
        """The rows an organisation leads, itself or through one of its people, each once. As
        EXISTS tests rather than joins, so no DISTINCT is needed and the database can start from
        the rows already chosen (a join across both relations read every lead link)."""
        return self.filter(
            Exists(
                ProjectRow.lead_organisations.through.objects.filter(
                    projectrow_id=OuterRef("pk"), organisation_id=organisation.pk
                )
            )
            | Exists(
                ProjectRow.lead_people.through.objects.filter(
                    projectrow_id=OuterRef("pk"), person__organisation_id=organisation.pk
                )
            )
        )


class ProjectRow(models.Model):
    """One line of delivery under an action, with its own target, leads and progress."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveSmallIntegerField(default=1)
    description = models.TextField(validators=text_limit(NARRATIVE_MAX), verbose_name="Project / activity")
    target_text = models.TextField(
        validators=text_limit(NARRATIVE_MAX), blank=True, verbose_name="Target (as written)"
    )
    milestone = models.CharField(max_length=300, blank=True, verbose_name="Milestone / when by")
    lead_people = models.ManyToManyField(Person, blank=True, related_name="led_rows")
    lead_organisations = models.ManyToManyField(Organisation, blank=True, related_name="led_rows")
    current_update = models.ForeignKey(
        "ProgressUpdate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        help_text="The latest accepted update: the row's current status.",
    )
    revision = models.PositiveIntegerField(
        default=1, editable=False, help_text="Bumped on every edit, so a stale form cannot overwrite."
    )
    reopened = models.BooleanField(
        default=False,
        editable=False,
        help_text="The coordinator reopened a complete row: it is chased for updates again.",
    )
    history = HistoricalRecords(m2m_fields=[lead_people, lead_organisations])

    objects = ProjectRowQuerySet.as_manager()

    class Meta:
        ordering = ["action_id", "position", "id"]
        verbose_name = "project row"

    def __str__(self) -> str:
        return f"{self.action.reference} #{self.position}: {self.description[:50]}"

    @property
    def current_rag(self) -> RagStatus | None:
        return self.current_update.rag if self.current_update is not None else None

    @property
    def is_finished(self) -> bool:
        """Its current status is the scale's complete status and nobody reopened it: it is
        not chased for updates (outstanding lists, reminders, completeness)."""
        return row_is_finished(self.current_rag, self.reopened)

    @property
    def lead_lines(self) -> list[str]:
        """Lead people with their organisation, then lead organisations not already named (uses
        the prefetched leads)."""
        lines, named_orgs = [], set()
        for person in self.lead_people.all():
            if person.organisation is not None:
                named_orgs.add(person.organisation_id)
                lines.append(f"{person.name}, {person.organisation.short_name}")
            else:
                lines.append(person.name)
        lines += [org.name for org in self.lead_organisations.all() if org.pk not in named_orgs]
        return lines

    @property
    def lead_display(self) -> str:
        return lead_display(
            [person.name for person in self.lead_people.all()],
            [org.short_name for org in self.lead_organisations.all()],
        )


class Target(models.Model):
    """A target or measure of a project row: plain text, or numeric with a baseline."""

    class Kind(models.TextChoices):
        TEXT = "text", "Plain text"
        NUMERIC = "numeric", "Numeric"

    class Direction(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"

    row = models.ForeignKey(ProjectRow, on_delete=models.CASCADE, related_name="targets")
    position = models.PositiveSmallIntegerField(default=1)
    description = models.CharField(max_length=500, help_text="What is measured, or the target in words.")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TEXT)
    unit = models.CharField(max_length=40, blank=True, help_text="e.g. %, casualties, referrals")
    baseline = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    baseline_period = models.CharField(max_length=40, blank=True, help_text="e.g. 2013/14")
    target_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target_period = models.CharField(max_length=40, blank=True, help_text="e.g. 2014/15 or per quarter")
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    search_vector = SearchVectorField(null=True, editable=False)  # see plans/search_vectors.py
    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["row_id", "position", "id"]

    def __str__(self) -> str:
        return self.description

    def clean(self) -> None:
        if self.kind == self.Kind.NUMERIC and self.target_value is None:
            raise ValidationError({"target_value": "A numeric target needs a target value."})
        if self.baseline is not None and not self.baseline_period.strip():
            raise ValidationError({"baseline_period": "Say which period the baseline is from."})

    @property
    def is_numeric(self) -> bool:
        return self.kind == self.Kind.NUMERIC

    def is_met(self, value: Decimal) -> bool:
        if self.target_value is None:
            raise ValueError("Only a numeric target can be met.")
        if self.direction == self.Direction.LOWER:
            return value <= self.target_value
        return value >= self.target_value
