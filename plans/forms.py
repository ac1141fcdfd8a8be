"""Forms validate and normalise; saving is done by the services."""

from django import forms

from csp_tracker.forms import GdsFormMixin, model_choice_field, reject_duplicate
from partners.models import Organisation, Partnership, Person, RagStatus
from plans.models import Action, ExpectedOutcome, Plan, ProjectRow, Target, Theme


class DateInput(forms.DateInput):
    """A browser date picker; its value must be ISO (YYYY-MM-DD), whatever the locale."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _scale(partnership: Partnership):
    return RagStatus.objects.filter(partnership=partnership)


class PlanForm(GdsFormMixin, forms.ModelForm):
    class Meta:
        model = Plan
        fields = [
            "title",
            "kind",
            "status",
            "start_date",
            "end_date",
            "vision",
            "highlights",
            "carry_over_notes",
            "rag_override",
            "rag_override_reason",
        ]
        widgets = {"start_date": DateInput, "end_date": DateInput}

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        model_choice_field(self, "rag_override").queryset = _scale(partnership)


class ThemeForm(GdsFormMixin, forms.ModelForm):
    class Meta:
        model = Theme
        fields = [
            "number",
            "title",
            "description",
            "lead_agency",
            "indicators",
            "rag_override",
            "rag_override_reason",
        ]

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        model_choice_field(self, "lead_agency").queryset = plan.partnership.organisations.all()
        model_choice_field(self, "rag_override").queryset = _scale(plan.partnership)

    def clean_number(self):
        return reject_duplicate(self, self.instance.plan.themes.all(), "number", "Theme number")


class ActionForm(GdsFormMixin, forms.ModelForm):
    class Meta:
        model = Action
        fields = [
            "theme",
            "reference",
            "title",
            "outcome",
            "resource",
            "budget",
            "budget_text",
            "due_date",
            "due_text",
            "rag_override",
            "rag_override_reason",
        ]
        widgets = {"due_date": DateInput, "title": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        model_choice_field(self, "theme").queryset = plan.themes.all()
        model_choice_field(self, "rag_override").queryset = _scale(plan.partnership)

    def clean_reference(self):
        self.cleaned_data["reference"] = self.cleaned_data["reference"].strip()
        return reject_duplicate(self, self.instance.plan.actions.all(), "reference", "Reference")


class RowForm(GdsFormMixin, forms.ModelForm):
    """A coordinator's form: everything, including who leads the row."""

    class Meta:
        model = ProjectRow
        fields = ["description", "target_text", "milestone", "lead_people", "lead_organisations"]
        widgets = {
            "lead_people": forms.CheckboxSelectMultiple,
            "lead_organisations": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, action: Action, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.action = action
        if self.instance.pk:
            # The revision the form was opened on: saving checks nobody saved in between.
            self.fields["revision"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=self.instance.revision
            )
        else:
            self.instance.position = (max((r.position for r in action.rows.all()), default=0)) + 1
        partnership = action.plan.partnership
        if "lead_people" in self.fields:
            model_choice_field(self, "lead_people").queryset = Person.objects.filter(
                partnership=partnership
            ).select_related("organisation")
            model_choice_field(self, "lead_organisations").queryset = Organisation.objects.filter(
                partnership=partnership
            )


class LeadRowForm(RowForm):
    """A lead officer's form: the row's wording, but not who leads it."""

    class Meta(RowForm.Meta):
        fields = ["description", "target_text", "milestone"]


class TargetForm(GdsFormMixin, forms.ModelForm):
    class Meta:
        model = Target
        fields = [
            "description",
            "kind",
            "unit",
            "direction",
            "baseline",
            "baseline_period",
            "target_value",
            "target_period",
        ]
        widgets = {"kind": forms.RadioSelect, "direction": forms.RadioSelect}

    def __init__(self, *args, row: ProjectRow, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.row = row
        if not self.instance.pk:
            self.instance.position = row.targets.count() + 1


class ExpectedOutcomeForm(GdsFormMixin, forms.ModelForm):
    class Meta:
        model = ExpectedOutcome
        fields = ["number", "text", "status", "status_note"]

    def __init__(self, *args, action: Action, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.action = action
        model_choice_field(self, "status").queryset = _scale(action.plan.partnership)

    def clean_number(self):
        return reject_duplicate(
            self, self.instance.action.expected_outcomes.all(), "number", "Outcome number"
        )
