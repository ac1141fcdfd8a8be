"""Indicators a partnership watches (e.g. KSI casualties) and their values per period and area.

Values are typed; every change, percentage and RAG suggestion is computed (see computations.py),
so a report can never carry an arithmetic slip.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from csp_tracker.text import NARRATIVE_MAX, text_limit
from indicators import periods
from partners.models import Partnership
from plans.models import Theme


class Indicator(models.Model):
    class Direction(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"

    class PeriodKind(models.TextChoices):
        QUARTER = periods.QUARTER, "Quarter"
        MONTH = periods.MONTH, "Month"
        YEAR = periods.YEAR, "Financial year"
        CALENDAR_YEAR = periods.CALENDAR_YEAR, "Calendar year (January to December)"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="indicators")
    theme = models.ForeignKey(
        Theme,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="measured_by",
        help_text="Leave empty for an indicator of the whole partnership.",
    )
    name = models.CharField(max_length=200, help_text="e.g. KSI casualties in the district")
    unit = models.CharField(max_length=40, blank=True, help_text="e.g. casualties, crimes per 1,000 people")
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.LOWER)
    period_kind = models.CharField(
        max_length=20, choices=PeriodKind.choices, default=PeriodKind.QUARTER, verbose_name="Recorded per"
    )
    baseline_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    baseline_period = models.CharField(max_length=40, blank=True, help_text="e.g. 2023/24")
    target_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target_period = models.CharField(max_length=40, blank=True, help_text="e.g. 2026/27 or each quarter")
    description = models.TextField(
        validators=text_limit(NARRATIVE_MAX),
        blank=True,
        help_text="Where the figures come from and what they count.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="unique_indicator_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.theme is not None and self.theme.plan.partnership_id != self.partnership_id:
            raise ValidationError({"theme": "Choose a theme of this partnership's plans."})
        if self.baseline_value is not None and not self.baseline_period.strip():
            raise ValidationError({"baseline_period": "Say which period the baseline is from."})

    @property
    def lower_is_better(self) -> bool:
        return self.direction == self.Direction.LOWER


class IndicatorValue(models.Model):
    """The value of an indicator for one period, for the whole area (area empty) or one area."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period_start = models.DateField(
        help_text="Any day in the period; it is stored as the period's first day."
    )
    period_label = models.CharField(max_length=40, editable=False)
    area = models.CharField(
        max_length=100, blank=True, help_text="e.g. a town; leave empty for the whole partnership area."
    )
    value = models.DecimalField(max_digits=14, decimal_places=2)
    note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator_id", "period_start", "area"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start", "area"], name="one_value_per_period_and_area"
            ),
        ]

    def __str__(self) -> str:
        where = f" ({self.area})" if self.area else ""
        return f"{self.indicator}: {self.period_label}{where} {self.value}"

    def clean(self) -> None:
        self.area = " ".join(self.area.split())
        if self.period_start and self.indicator_id:
            self.normalise_period()

    def normalise_period(self) -> None:
        start_month = self.indicator.partnership.year_start_month
        kind = self.indicator.period_kind
        self.period_start = periods.period_start(kind, self.period_start, start_month)
        self.period_label = periods.period_label(kind, self.period_start, start_month)

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.period_start:
            self.normalise_period()
        super().save(*args, **kwargs)


class Location(models.Model):
    """A place inside the partnership's area (a town, a ward) that values and populations can be
    recorded for: `IndicatorValue.area` and `Population.area` name it."""

    class Kind(models.TextChoices):
        TOWN = "town", "Town"
        WARD = "ward", "Ward"
        OTHER = "other", "Other area"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TOWN)

    class Meta:
        ordering = ["partnership", "name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="unique_location_name")]

    def __str__(self) -> str:
        return self.name


class Population(models.Model):
    """How many people live in the partnership's area (area empty) or one of its locations in a
    year, for rates per 1,000. `year` is the year's first calendar year (2024 for 2024/25)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="populations")
    area = models.CharField(max_length=100, blank=True, help_text="Leave empty for the whole area.")
    year = models.PositiveIntegerField()
    population = models.PositiveIntegerField()

    class Meta:
        ordering = ["partnership", "area", "year"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "area", "year"], name="one_population_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.area or 'Whole area'} {self.year}: {self.population}"
