"""A partner's resource commitment: validated here, saved by `partners.commitment_services`."""

from typing import Any

from django import forms

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

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.instance.partnership = organisation.partnership
        partnership = organisation.partnership
        plan = model_choice_field(self, "plan")
        plan.queryset = partnership.plans.all()
        plan.empty_label = "No particular plan"
        actions_field = model_choice_field(self, "actions")
        if actions_field.queryset is None:  # pragma: no cover - a model form's field always has one
            raise TypeError("CommitmentForm.actions has no queryset.")
        actions = actions_field.queryset.filter(plan__partnership=partnership).exclude(
            plan__status="archived"
        )
        actions_field.queryset = actions.select_related("plan").order_by("plan__title", "sort_key")
        actions_field.label_from_instance = (  # type: ignore[method-assign]
            lambda obj: f"{obj.plan.title}: {obj.reference} {obj.title[:60]}"
        )
        form_field(self, "status", forms.ChoiceField).choices = ResourceCommitment.Status.choices

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        plan = cleaned.get("plan")
        if plan is not None:
            strays = [a.reference for a in cleaned.get("actions") or [] if a.plan_id != plan.pk]
            if strays:
                self.add_error("actions", f"Choose actions of the chosen plan ({', '.join(strays)} is not).")
        return cleaned
