"""A partner's resource commitment: validated here, saved by `partners.commitment_services`."""

from django import forms

from csp_tracker.forms import GdsFormMixin
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
        self.fields["plan"].queryset = self.fields["plan"].queryset.filter(partnership=partnership)
        self.fields["plan"].empty_label = "No particular plan"
        actions = (
            self.fields["actions"]
            .queryset.filter(plan__partnership=partnership)
            .exclude(plan__status="archived")
        )
        self.fields["actions"].queryset = actions.select_related("plan").order_by("plan__title", "sort_key")
        self.fields["actions"].label_from_instance = lambda a: f"{a.plan.title}: {a.reference} {a.title[:60]}"
        self.fields["status"].choices = ResourceCommitment.Status.choices

    def clean(self):
        cleaned = super().clean()
        plan = cleaned.get("plan")
        if plan is not None:
            strays = [a.reference for a in cleaned.get("actions") or [] if a.plan_id != plan.pk]
            if strays:
                self.add_error("actions", f"Choose actions of the chosen plan ({', '.join(strays)} is not).")
        return cleaned
