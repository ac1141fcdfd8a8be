"""Money forms: they validate and normalise; the views hand the cleaned data to the services."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

from csp_tracker.forms import GdsFormMixin, form_field, model_choice_field
from plans.forms import DateInput
from plans.models import Allocation, FundingSource, Plan, ProjectRow, Spend


class MoneyField(forms.DecimalField):
    """Pounds and pence, typed as people write them: "1234.5", "1,234.50" or "£1,234.50"."""

    def __init__(self, *, blank_is_zero: bool = False, **kwargs):
        self.blank_is_zero = blank_is_zero
        if blank_is_zero:
            kwargs["required"] = False
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        super().__init__(**kwargs)
        self.error_messages["invalid"] = "Enter an amount in pounds and pence, such as 1,234.50."
        self.error_messages["max_decimal_places"] = "Enter pence as two digits at most, such as 1,234.50."
        self.error_messages["min_value"] = "An amount cannot be negative."
        self.widget.attrs.update({"inputmode": "decimal", "class": "govuk-input--width-10"})
        self.widget.input_type = "text"

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", "").replace("£", "").strip()
        if self.blank_is_zero and value in self.empty_values:
            return Decimal("0.00")
        try:
            return super().to_python(value)
        except InvalidOperation as error:  # pragma: no cover - DecimalField reports it already
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error


class FundingSourceForm(GdsFormMixin, forms.ModelForm):
    amount = MoneyField(label="Amount (£)")

    class Meta:
        model = FundingSource
        fields = ["name", "organisation", "amount", "status", "received_on", "is_carry_over", "notes"]
        widgets = {
            "status": forms.RadioSelect,
            "received_on": DateInput,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        organisation_field = model_choice_field(self, "organisation")
        organisation_field.queryset = plan.partnership.organisations.all()
        organisation_field.empty_label = "None (the partnership's own money)"
        form_field(self, "status", forms.ChoiceField).choices = FundingSource.Status.choices
        self.fields["received_on"].help_text = "Only when the money has been received."


def row_label(row: ProjectRow) -> str:
    return f"{row.action.reference} row {row.position}: {row.description[:60]}"


def source_label(source: FundingSource) -> str:
    return f"{source.name} ({'received' if source.is_received else 'expected, not received yet'})"


class AllocationForm(GdsFormMixin, forms.ModelForm):
    carry_over_amount = MoneyField(
        label="From carry-over (£)", blank_is_zero=True, help_text="Money carried over from last year."
    )
    new_amount = MoneyField(label="New money (£)", blank_is_zero=True, help_text="This year's funding.")

    class Meta:
        model = Allocation
        fields = ["action", "row", "carry_over_amount", "new_amount", "sources", "note"]
        widgets = {"sources": forms.CheckboxSelectMultiple}

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        action_field = model_choice_field(self, "action")
        action_field.queryset = plan.actions.order_by("sort_key")
        action_field.label_from_instance = lambda a: f"{a.reference} {a.title[:70]}"  # type: ignore[method-assign,assignment]
        row_field = model_choice_field(self, "row")
        row_field.queryset = ProjectRow.objects.filter(action__plan=plan).select_related("action")
        row_field.label_from_instance = row_label  # type: ignore[method-assign,assignment]
        row_field.empty_label = "The whole action"
        sources_field = model_choice_field(self, "sources")
        sources_field.queryset = plan.funding_sources.order_by("name", "id")
        sources_field.label_from_instance = source_label  # type: ignore[method-assign,assignment]
        self.fields["sources"].help_text = "The funding this allocation draws on."

    def clean(self):
        cleaned = super().clean() or {}
        carry, new = cleaned.get("carry_over_amount"), cleaned.get("new_amount")
        if carry is not None and new is not None and carry + new <= 0:
            self.add_error("new_amount", "Allocate an amount: carry-over, new money or both.")
        return cleaned


class SpendForm(GdsFormMixin, forms.ModelForm):
    amount = MoneyField(label="Amount (£)")

    class Meta:
        model = Spend
        fields = ["spent_on", "amount", "description"]
        widgets = {"spent_on": DateInput}

    def __init__(self, *args, allocation: Allocation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.allocation = allocation

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount <= 0:
            raise ValidationError("Spend must be more than £0.00.")
        return amount


class SpendSettingForm(GdsFormMixin, forms.Form):
    leads_record_spend = forms.BooleanField(
        required=False,
        label="Lead officers may record spend on allocations to the rows they lead",
    )
