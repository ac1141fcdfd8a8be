"""A partner's resource commitment: validated here, saved by `partners.commitment_services`."""

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from csp_tracker.forms import GdsFormMixin, form_field, model_choice_field
from partners.models import Organisation, ResourceCommitment


class CommitmentForm(GdsFormMixin, forms.ModelForm):
    class Meta:
        model = ResourceCommitment
        fields = ["description", "plan", "actions", "status", "status_note"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "actions": forms.CheckboxSelectMultiple,
            "status": forms.RadioSelect,
        }

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.instance.partnership = organisation.partnership
        partnership = organisation.partnership
        plan_field = model_choice_field(self, "plan")
        # The model form's own querysets (every plan, every action), narrowed to the partnership.
        plan_field.queryset = cast("QuerySet[Any]", plan_field.queryset).filter(partnership=partnership)
        plan_field.empty_label = "No particular plan"
        actions_field = model_choice_field(self, "actions")
        actions = (
            cast("QuerySet[Any]", actions_field.queryset)
            .filter(plan__partnership=partnership)
            .exclude(plan__status="archived")
        )
        actions_field.queryset = actions.select_related("plan").order_by("plan__title", "sort_key")
        actions_field.label_from_instance = lambda a: f"{a.plan.title}: {a.reference} {a.title[:60]}"  # type: ignore[method-assign,assignment]
        form_field(self, "status", forms.ChoiceField).choices = ResourceCommitment.Status.choices

    def clean(self):
        cleaned = super().clean() or {}
        plan = cleaned.get("plan")
        if plan is not None:
            strays = [a.reference for a in cleaned.get("actions") or [] if a.plan_id != plan.pk]
            if strays:
                self.add_error("actions", f"Choose actions of the chosen plan ({', '.join(strays)} is not).")
        return cleaned
