"""Forms of the assessment composer and the calendar: they validate and narrow choices to the
partnership; services save."""

from typing import Any

from django import forms

from assessments.models import (
    Duty,
    EmergingIssue,
    RecommendedPriority,
    ScanningRow,
    StrategicAssessment,
)
from csp_tracker.forms import GdsFormMixin, model_choice_field, reject_duplicate
from indicators.trends import LONG_TERM_YEARS
from indicators.yearly_import import YEARLY_KINDS
from partners.models import Partnership
from plans.models import Action

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PARAGRAPH_HELP = (
    'Leave a blank line between paragraphs; start lines with "- " for a list. '
    "Simple HTML (bold, lists, links) is kept; anything else is removed."
)


class AssessmentForm(GdsFormMixin, forms.ModelForm):
    class Meta:
        model = StrategicAssessment
        fields = [
            "title",
            "year",
            "assessment_date",
            "author",
            "contributors",
            "coverage",
            "period_covered",
            "reviewed_plan",
            "executive_summary",
            "key_findings",
        ]
        widgets = {
            "assessment_date": DATE,
            "contributors": forms.Textarea(attrs={"rows": 3}),
            "executive_summary": forms.Textarea(attrs={"rows": 8}),
            "key_findings": forms.Textarea(attrs={"rows": 8}),
        }
        labels = {"year": "Year assessed (its first year)", "reviewed_plan": "Last year's plan"}
        help_texts = {"executive_summary": PARAGRAPH_HELP, "key_findings": PARAGRAPH_HELP}

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.partnership = partnership
        model_choice_field(self, "reviewed_plan").queryset = partnership.plans.all()
        model_choice_field(self, "reviewed_plan").empty_label = "No plan to review"
        if self.instance.pk:  # the priorities reviewed are fixed when the draft starts
            del self.fields["reviewed_plan"]
            del self.fields["year"]

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if not 1990 <= year <= 2200:
            raise forms.ValidationError("Write the year as four digits, e.g. 2025 for 2025/26.")
        return reject_duplicate(self, self.partnership.assessments.all(), "year", "assessment for this year")


class JudgementForm(GdsFormMixin, forms.Form):
    judgement = forms.CharField(
        label="Judgement of impact",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=PARAGRAPH_HELP,
    )


class ScanningRowForm(GdsFormMixin, forms.ModelForm):
    refill_figures = forms.BooleanField(
        required=False,
        label="Fill “previous 12 months” and “long-term trend” again from the indicator",
        help_text="Otherwise words you typed there are kept; empty columns are always filled.",
    )

    class Meta:
        model = ScanningRow
        fields = [
            "topic",
            "indicator",
            "key_findings",
            "previous_12_months",
            "long_term_trend",
            "actions",
            "looking_forward",
        ]
        widgets = {
            "key_findings": forms.Textarea(attrs={"rows": 4}),
            "previous_12_months": forms.Textarea(attrs={"rows": 3}),
            "long_term_trend": forms.Textarea(attrs={"rows": 3}),
            "looking_forward": forms.Textarea(attrs={"rows": 4}),
            "actions": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "indicator": "A yearly indicator: its latest value, the change on the year before and over "
            f"up to {LONG_TERM_YEARS} years, and a rate per 1,000 population are worked out for you.",
            "previous_12_months": "Leave empty to have it written from the indicator.",
            "long_term_trend": "Leave empty to have it written from the indicator.",
            "actions": "The plan's actions on this topic.",
        }

    def __init__(self, *args: Any, assessment: StrategicAssessment, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.instance.assessment = assessment
        field = model_choice_field(self, "indicator")
        field.queryset = assessment.partnership.indicators.filter(period_kind__in=YEARLY_KINDS)
        field.empty_label = "No indicator"
        actions = self.fields["actions"]
        plans = [p for p in (assessment.reviewed_plan,) if p is not None]
        assert isinstance(actions, forms.ModelMultipleChoiceField)
        actions.queryset = Action.objects.filter(plan__in=plans).select_related("plan")
        actions.label_from_instance = _action_label  # type: ignore[method-assign]


def _action_label(obj: Action) -> str:
    return f"{obj.reference} {obj.title}"


class EmergingIssueForm(GdsFormMixin, forms.ModelForm):
    class Meta:
        model = EmergingIssue
        fields = ["title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}
        labels = {"body": "Text"}
        help_texts = {"body": PARAGRAPH_HELP}

    def __init__(self, *args: Any, assessment: StrategicAssessment, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.instance.assessment = assessment


class RecommendationForm(GdsFormMixin, forms.ModelForm):
    class Meta:
        model = RecommendedPriority
        fields = ["title", "rationale"]
        widgets = {"rationale": forms.Textarea(attrs={"rows": 6})}
        labels = {"title": "Priority"}

    def __init__(self, *args: Any, assessment: StrategicAssessment, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.instance.assessment = assessment


class DutyForm(GdsFormMixin, forms.ModelForm):
    class Meta:
        model = Duty
        fields = [
            "kind",
            "title",
            "due_date",
            "assessment",
            "plan",
            "scrutiny_report",
            "meeting",
            "done_on",
            "notes",
        ]
        widgets = {"due_date": DATE, "done_on": DATE, "notes": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "assessment": "Fulfilled by the strategic assessment",
            "plan": "Fulfilled by the plan (once live)",
            "scrutiny_report": "Fulfilled by the scrutiny report (once issued)",
            "meeting": "Fulfilled by the meeting (once held)",
            "done_on": "Done outside the app on",
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        for name, queryset in (
            ("assessment", partnership.assessments.all()),
            ("plan", partnership.plans.all()),
            ("scrutiny_report", partnership.scrutiny_reports.all()),
            ("meeting", partnership.meetings.all()),
        ):
            field = model_choice_field(self, name)
            field.queryset = queryset
            field.empty_label = "None"


class DefaultsForm(GdsFormMixin, forms.Form):
    year = forms.IntegerField(
        label="Financial year (its first year, e.g. 2026 for 2026/27)", min_value=1990, max_value=2200
    )


class YearlyFiguresForm(GdsFormMixin, forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="Columns Indicator, Area, then one per year (e.g. 2015/16 ... 2024/25); "
        "a row named Population gives the population per year. At most 1 MB.",
    )
