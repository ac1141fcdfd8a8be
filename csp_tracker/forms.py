from typing import Any

from crispy_forms_gds.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError

from csp_tracker.text import strip_unsafe


class GdsFormMixin:
    """Renders a form with the GOV.UK pack; the page template draws the error summary."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = "s"

    def clean(self) -> dict[str, Any]:
        """Single-line text loses bidi overrides and control characters (csp_tracker/text.py);
        multi-line text keeps them, shown harmlessly wherever it is printed."""
        cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]  # mixin: the form supplies it
        for name, field in self.fields.items():  # type: ignore[attr-defined]  # likewise
            value = cleaned.get(name)
            if isinstance(value, str) and not isinstance(field.widget, forms.Textarea):
                cleaned[name] = strip_unsafe(value)
        return cleaned


def form_field[F: forms.Field](form: forms.BaseForm, name: str, kind: type[F]) -> F:
    """The form's field `name` as the kind of field it is (`form.fields` holds plain fields in the
    stubs), so a form can narrow its choices or queryset to the partnership or plan."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"{type(form).__name__}.{name} is not a {kind.__name__}.")
    return field


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's model-choice field `name`."""
    return form_field(form, name, forms.ModelChoiceField)


def reject_duplicate(form, queryset, field: str, noun: str, *, ignore_case: bool = False):
    """Unique-within-parent checks that a model form skips because the parent is not a form
    field; without them a duplicate would reach the database constraint as a server error."""
    value = form.cleaned_data.get(field)
    if value in (None, ""):
        return value
    lookup = f"{field}__iexact" if ignore_case else field
    if queryset.filter(**{lookup: value}).exclude(pk=form.instance.pk).exists():
        raise ValidationError(f"{noun} {value} is already used here. Choose another.")
    return value


class LongTextField(forms.CharField):
    """Multi-line text with a limit that is counted, never cut: the page shows the GOV.UK
    character count (no `maxlength`, which would silently drop pasted text), and the server
    refuses a longer text in our own words, keeping what was typed."""

    widget = forms.Textarea

    def __init__(self, *, limit: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.limit = limit

    def to_python(self, value: Any) -> str:
        # Browsers count a line break as one character; keep the server's count the same.
        return (super().to_python(value) or "").replace("\r\n", "\n")

    def validate(self, value: str) -> None:
        super().validate(value)
        if len(value) > self.limit:
            raise ValidationError(
                f"{self.label} must be {self.limit:,} characters or fewer; you have {len(value):,}.",
                code="max_length",
            )
