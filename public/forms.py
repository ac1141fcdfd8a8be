from django import forms

from csp_tracker.forms import GdsFormMixin
from public.models import PublicationSettings


class PublicationSettingsForm(GdsFormMixin, forms.ModelForm):
    class Meta:
        model = PublicationSettings
        fields = [
            "is_published",
            "introduction",
            "show_officer_names",
            "show_rag_reason",
            "show_narratives",
            "show_risk",
            "show_outcomes",
            "show_dates",
            "show_targets",
            "show_figures",
            "show_charts",
            "show_budget",
            "show_you_said_we_did",
            "accessibility_contact",
        ]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 4})}
