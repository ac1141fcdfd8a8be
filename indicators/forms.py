"""Indicator forms validate and normalise; saving goes through the services."""

from django import forms

from csp_tracker.forms import GdsFormMixin, model_choice_field, reject_duplicate
from indicators import periods
from indicators.models import Indicator, IndicatorValue
from partners.models import Partnership
from plans.models import Theme

UPLOAD_HELP = (
    "A CSV file with a header row naming the columns period and value, and optionally area and "
    "note. Write the period as a date in it (2024-04-01) or as its name (Q1 2024/25, 2024/25, "
    "April 2024). A value already recorded for the same period and area is replaced."
)


class IndicatorForm(GdsFormMixin, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "name",
            "theme",
            "unit",
            "direction",
            "period_kind",
            "baseline_value",
            "baseline_period",
            "target_value",
            "target_period",
            "description",
        ]
        widgets = {"direction": forms.RadioSelect, "period_kind": forms.RadioSelect}

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        theme_field = model_choice_field(self, "theme")
        theme_field.queryset = Theme.objects.filter(plan__partnership=partnership).select_related("plan")
        # Django's documented per-instance override of the label; the stubs see a method.
        theme_field.label_from_instance = lambda theme: f"{theme.plan.title}: {theme}"  # type: ignore[method-assign,assignment]
        if self.instance.pk and self.instance.values.exists():
            # Values are stored per period: changing the kind would change what they mean.
            self.fields["period_kind"].disabled = True
            self.fields["period_kind"].help_text = "Fixed once values are recorded."

    def clean_name(self):
        return reject_duplicate(
            self, self.instance.partnership.indicators.all(), "name", "The name", ignore_case=True
        )


class IndicatorValueForm(GdsFormMixin, forms.ModelForm):
    period = forms.CharField(
        label="Period",
        max_length=40,
        help_text="A date in the period (2024-04-01) or its name, e.g. Q1 2024/25, 2024/25 or April 2024.",
    )

    class Meta:
        model = IndicatorValue
        fields = ["period", "area", "value", "note"]

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.indicator = indicator
        self.indicator = indicator
        if self.instance.pk:
            self.initial["period"] = self.instance.period_label
        self.fields["value"].widget.attrs["inputmode"] = "decimal"

    def clean_period(self):
        text = self.cleaned_data["period"]
        try:
            start = periods.parse_period(
                self.indicator.period_kind, text, self.indicator.partnership.year_start_month
            )
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error
        self.instance.period_start = start
        return text

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        area = " ".join((cleaned.get("area") or "").split())
        start = self.instance.period_start
        if start and "period" not in self.errors:
            clash = self.indicator.values.filter(period_start=start, area__iexact=area).exclude(
                pk=self.instance.pk
            )
            if clash.exists():
                where = f" for {area}" if area else ""
                self.add_error(
                    "period", f"A value for this period{where} is already recorded: edit that one."
                )
        return cleaned


class ValuesUploadForm(GdsFormMixin, forms.Form):
    file = forms.FileField(label="CSV file", help_text=UPLOAD_HELP)


class SearchForm(forms.Form):
    q = forms.CharField(label="Search actions, targets and updates", max_length=200, required=False)
