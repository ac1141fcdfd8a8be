"""Money beside the plan: funding sources, allocations to actions or project rows, and spend.

Amounts are Decimal pounds and pence (two places, never negative). Totals are never stored:
they are computed from these records (see `plans/budget.py`), so they always add up.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from csp_tracker.text import NARRATIVE_MAX, text_limit
from partners.models import Organisation
from plans.models.structure import Action, Plan, ProjectRow

ZERO = Decimal("0.00")


def money_field(verbose_name: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(ZERO, "An amount cannot be negative.")],
        verbose_name=verbose_name,
        **kwargs,
    )


class FundingSource(models.Model):
    """One pot of money for a plan: a grant instalment, a partner's contribution, a carry-over."""

    class Status(models.TextChoices):
        EXPECTED = "expected", "Expected"
        RECEIVED = "received", "Received"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="funding_sources")
    name = models.CharField(max_length=200, help_text="e.g. PCC grant, first instalment")
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="funding_sources",
        verbose_name="Contributing organisation",
    )
    amount = money_field("Amount (£)")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.EXPECTED)
    received_on = models.DateField(null=True, blank=True, verbose_name="Date received")
    is_carry_over = models.BooleanField(
        default=False,
        verbose_name="Carried over from last year",
        help_text="Money left from last year's plan.",
    )
    notes = models.TextField(validators=text_limit(NARRATIVE_MAX), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def partnership_id(self) -> int:
        return self.plan.partnership_id

    @property
    def is_received(self) -> bool:
        return self.status == self.Status.RECEIVED

    def clean(self) -> None:
        if self.status == self.Status.RECEIVED and self.received_on is None:
            raise ValidationError({"received_on": "Give the date the money was received."})
        if self.status == self.Status.EXPECTED and self.received_on is not None:
            raise ValidationError({"received_on": "Leave the date empty until the money is received."})
        if self.organisation is not None and self.organisation.partnership_id != self.plan.partnership_id:
            raise ValidationError({"organisation": "Choose an organisation of this partnership."})


class Allocation(models.Model):
    """Money set aside for an action, or for one project row of it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="allocations")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="allocations")
    row = models.ForeignKey(
        ProjectRow,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="allocations",
        verbose_name="Project row",
        help_text="Leave empty to allocate to the action as a whole.",
    )
    carry_over_amount = money_field("From carry-over (£)", default=ZERO)
    new_amount = money_field("New money (£)", default=ZERO)
    sources = models.ManyToManyField(
        FundingSource, blank=True, related_name="allocations", verbose_name="Funding sources drawn on"
    )
    note = models.CharField(max_length=300, blank=True, help_text="e.g. £12,000 post recruitment")
    imported = models.BooleanField(
        default=False, editable=False, help_text="Made from the budget cell of an imported plan."
    )
    history = HistoricalRecords(m2m_fields=[sources])

    class Meta:
        ordering = ["plan", "action__sort_key", "row__position", "id"]

    def __str__(self) -> str:
        where = f"row {self.row.position} of " if self.row is not None else ""
        return f"Allocation to {where}action {self.action.reference}"

    @property
    def partnership_id(self) -> int:
        return self.plan.partnership_id

    @property
    def total(self) -> Decimal:
        return (self.carry_over_amount or ZERO) + (self.new_amount or ZERO)

    def clean(self) -> None:
        if self.action_id and self.plan_id and self.action.plan_id != self.plan_id:
            raise ValidationError({"action": "Choose an action of this plan."})
        if self.row is not None and self.row.action_id != self.action_id:
            raise ValidationError({"row": "Choose a project row of the chosen action."})
        if self.carry_over_amount is not None and self.new_amount is not None and self.total <= ZERO:
            raise ValidationError({"new_amount": "Allocate an amount: carry-over, new money or both."})


class Spend(models.Model):
    """Money spent from an allocation (committed money is the allocation; this is what went out)."""

    allocation = models.ForeignKey(Allocation, on_delete=models.CASCADE, related_name="spends")
    spent_on = models.DateField(verbose_name="Date")
    amount = money_field("Amount (£)")
    description = models.CharField(max_length=300, verbose_name="What for")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["allocation", "spent_on", "id"]
        verbose_name_plural = "spend"

    def __str__(self) -> str:
        return f"{self.spent_on:%-d %b %Y} {self.description}"

    @property
    def plan(self) -> Plan:
        return self.allocation.plan

    def clean(self) -> None:
        if self.amount is not None and self.amount <= ZERO:
            raise ValidationError({"amount": "Spend must be more than £0.00."})
