"""What a partnership publishes about a plan: one settings record per plan, off by default.

Kept beside the plan (one-to-one) rather than on it, so that publishing never needs a change to
the plan's own table. The plan's skeleton is always shown (titles of the plan, themes, actions
and projects, each action's outcome, lead organisations and current status); every other field
has a switch here. The public selectors copy only what is switched on, so templates never see an
unpublished value.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from csp_tracker.text import NARRATIVE_MAX, text_limit
from plans.models import Plan


class PublicationSettings(models.Model):
    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="publication")
    is_published = models.BooleanField(
        default=False, verbose_name="Publish this plan", help_text="Only a live plan can be published."
    )
    introduction = models.TextField(
        validators=text_limit(NARRATIVE_MAX),
        blank=True,
        help_text="A short introduction for residents, shown at the top of the public page.",
    )
    show_officer_names = models.BooleanField(
        default=False,
        verbose_name="Name lead officers",
        help_text="Off: only the lead organisations are shown. Turn on only if the partnership allows it.",
    )
    show_rag_reason = models.BooleanField(default=True, verbose_name="Reasons given for a status")
    show_narratives = models.BooleanField(default=True, verbose_name="Progress narratives (accepted only)")
    show_risk = models.BooleanField(default=False, verbose_name="Risks reported in updates")
    show_outcomes = models.BooleanField(default=True, verbose_name="Expected outcomes")
    show_dates = models.BooleanField(default=True, verbose_name="When by and milestones")
    show_targets = models.BooleanField(default=True, verbose_name="Targets")
    show_figures = models.BooleanField(default=True, verbose_name="Figures reported against targets")
    show_charts = models.BooleanField(default=True, verbose_name="Charts (each with a table)")
    show_budget = models.BooleanField(default=False, verbose_name="Budgets and resources")
    show_you_said_we_did = models.BooleanField(
        default=True, verbose_name='"You said - We did" from the latest issued scrutiny report'
    )
    accessibility_contact = models.EmailField(
        blank=True, help_text="Where residents report an accessibility problem with the public page."
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "publication settings"
        verbose_name_plural = "publication settings"

    def __str__(self) -> str:
        return f"Publication of {self.plan}"

    def clean(self) -> None:
        if self.is_published and self.plan.status != Plan.Status.LIVE:
            raise ValidationError(
                {"is_published": "Only a live plan can be published. Make the plan live first."}
            )

    @property
    def is_public(self) -> bool:
        return self.is_published and self.plan.status == Plan.Status.LIVE
