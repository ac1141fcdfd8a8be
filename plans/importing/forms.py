"""Forms of the import and carry-over pages: they validate only."""

import datetime

from django import forms

from csp_tracker.forms import GdsFormMixin, model_choice_field
from plans.importing.headers import FIELD_LABELS
from plans.importing.ir import ImportFailed
from plans.importing.safety import format_of, limit
from plans.models import Plan


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")  # the only format a date input accepts


class ImportUploadForm(GdsFormMixin, forms.Form):
    file = forms.FileField(
        label="Plan file", help_text="A Word (.docx), Excel (.xlsx) or CSV file with the plan in a table."
    )
    plan = forms.ModelChoiceField(
        queryset=Plan.objects.none(),
        required=False,
        label="Import into an existing plan",
        empty_label="No: create a new plan",
        help_text="Importing the same file again into the same plan updates it; it creates no duplicates.",
    )
    title = forms.CharField(max_length=200, required=False, label="New plan title")
    start_date = forms.DateField(required=False, widget=DateInput, label="New plan starts")
    end_date = forms.DateField(required=False, widget=DateInput, label="New plan ends")

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "plan").queryset = partnership.plans.all()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        cap = limit("PLAN_IMPORT_MAX_BYTES", 10 * 1024 * 1024)
        if upload.size > cap:
            raise forms.ValidationError(f"The file is larger than {cap // 1048576} MB.")
        try:
            format_of(upload.name)
        except ImportFailed as error:
            raise forms.ValidationError(str(error)) from error
        return upload

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if not data.get("plan"):
            for name in ("title", "start_date", "end_date"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, "Enter this for a new plan, or choose an existing plan.")
            start, end = data.get("start_date"), data.get("end_date")
            if start and end and end <= start:
                self.add_error("end_date", "The plan must end after it starts.")
        return data


class HeaderMappingForm(GdsFormMixin, forms.Form):
    """One select per header the import did not recognise: a field, or "ignore this column"."""

    def __init__(self, *args, headers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Choose what it holds")] + list(FIELD_LABELS.items())
        for index, header in enumerate(headers):
            self.fields[f"header_{index}"] = forms.ChoiceField(
                label=f"Column “{header}”",
                choices=choices,
                error_messages={"required": f"Choose what column “{header}” holds, or ignore it."},
            )
        self.headers = headers

    def mapping(self) -> dict[str, str]:
        return {
            header: self.cleaned_data[f"header_{index}"]
            for index, header in enumerate(self.headers)
            if self.cleaned_data.get(f"header_{index}")
        }


class CarryOverForm(GdsFormMixin, forms.Form):
    title = forms.CharField(max_length=200, label="New plan title")
    start_date = forms.DateField(widget=DateInput, label="New plan starts")
    end_date = forms.DateField(widget=DateInput, label="New plan ends")

    def clean(self):
        super().clean()
        data = self.cleaned_data
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end <= start:
            self.add_error("end_date", "The plan must end after it starts.")
        return data

    @staticmethod
    def next_year(plan: Plan) -> dict:
        def shifted(day: datetime.date) -> datetime.date:
            try:
                return day.replace(year=day.year + 1)
            except ValueError:  # 29 February
                return day.replace(year=day.year + 1, day=28)

        return {
            "title": f"{plan.title} (carried over)",
            "start_date": shifted(plan.start_date),
            "end_date": shifted(plan.end_date),
        }
