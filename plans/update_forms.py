"""The quarterly update form: narrative, risk, RAG with reason, figures and outcome statuses.

The form only reads and normalises fields; the update rules (reason required, what a submission
needs) live in `plans.services`, which every caller goes through."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.http import QueryDict

from csp_tracker.forms import LongTextField, form_field, model_choice_field
from partners.models import RagStatus
from plans.figures import figure_display, parse_figure
from plans.models import NARRATIVE_MAX, ProgressUpdate, ProjectRow, Target
from plans.services import UpdateContent
from plans.templatetags.csp_format import with_unit

RISK_MAX = NARRATIVE_MAX


class FigureField(forms.CharField):
    """A figure against a numeric target, read as people type it (see `plans.figures`)."""

    def __init__(self, *, target: Target, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.target = target

    def clean(self, value: Any) -> Decimal | None:
        return parse_figure(super().clean(value), target=self.target, label=str(self.label))


class UpdateForm(forms.Form):
    narrative = LongTextField(
        label="Progress this quarter",
        help_text="What was done, with figures where you have them. Leave a blank line between "
        f"paragraphs; start lines with '- ' for a list. Up to {NARRATIVE_MAX:,} characters.",
        widget=forms.Textarea(attrs={"rows": 10}),
        limit=NARRATIVE_MAX,
        required=False,
    )
    risk = LongTextField(
        label="Risks and issues",
        help_text=f"Up to {RISK_MAX:,} characters.",
        widget=forms.Textarea(attrs={"rows": 4}),
        limit=RISK_MAX,
        required=False,
    )
    rag = forms.ModelChoiceField(
        label="RAG status",
        queryset=RagStatus.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        empty_label=None,
    )
    rag_reason = LongTextField(
        label="Reason for this status",
        help_text="Needed to submit a status that is off track or worse than last time.",
        widget=forms.Textarea(attrs={"rows": 3}),
        limit=NARRATIVE_MAX,
        required=False,
    )
    state = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, row: ProjectRow, **kwargs):
        super().__init__(*args, **kwargs)
        self.row = row
        partnership = row.action.plan.partnership
        self.scale = list(partnership.rag_statuses.all())
        model_choice_field(self, "rag").queryset = partnership.rag_statuses.all()
        self.numeric_targets = [t for t in row.targets.all() if t.is_numeric]
        for target in self.numeric_targets:
            label = target.description + (f" ({target.unit})" if target.unit else "")
            hint = f"Target {with_unit(target.target_value, target.unit)}"
            if target.target_period:
                hint += f" ({target.target_period})"
            hint += "; " + target.get_direction_display().lower()
            self.fields[f"figure_{target.pk}"] = FigureField(
                target=target,
                label=label,
                help_text=hint,
                required=False,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
            )
        self.outcomes = list(row.action.expected_outcomes.all())
        for outcome in self.outcomes:
            self.fields[f"outcome_{outcome.pk}"] = forms.ModelChoiceField(
                label=f"Expected outcome {outcome.number}: {outcome.text}",
                queryset=partnership.rag_statuses.all(),
                required=False,
                empty_label="No status",
            )
            self.fields[f"outcome_note_{outcome.pk}"] = forms.CharField(
                label=f"Note on expected outcome {outcome.number}", max_length=300, required=False
            )

    @property
    def figure_fields(self):
        return [self[f"figure_{t.pk}"] for t in self.numeric_targets]

    @property
    def outcome_fields(self):
        return [(self[f"outcome_{o.pk}"], self[f"outcome_note_{o.pk}"]) for o in self.outcomes]

    def content(self) -> UpdateContent:
        data = self.cleaned_data
        figures: dict = {t: data.get(f"figure_{t.pk}") for t in self.numeric_targets}
        return UpdateContent(
            narrative=data.get("narrative", "").strip(),
            risk=data.get("risk", "").strip(),
            rag=data.get("rag"),
            rag_reason=data.get("rag_reason", "").strip(),
            figures=figures,
            outcomes={
                o: (data.get(f"outcome_{o.pk}"), data.get(f"outcome_note_{o.pk}", "").strip())
                for o in self.outcomes
            },
        )

    def differences_from(self, update: ProgressUpdate) -> list["Difference"]:
        """Every field whose typed value differs from `update` (someone else's save), so the
        person can choose, field by field, which version to keep."""
        theirs = self.initial_from(update)
        statuses = {str(s.pk): s.label for s in self.scale}
        found = []
        for name, field in self.fields.items():
            if name == "state":
                continue
            mine_raw, their_raw = _typed(self.data.get(name)), _typed(theirs.get(name))
            if isinstance(field, FigureField):
                same = _figure_or_text(field, mine_raw) == _figure_or_text(field, their_raw)
            else:
                same = mine_raw == their_raw
            if same:
                continue
            shown = statuses if isinstance(field, forms.ModelChoiceField) else {}
            found.append(
                Difference(
                    name=name,
                    label=str(field.label),
                    mine=shown.get(mine_raw, mine_raw) or "(empty)",
                    theirs=shown.get(their_raw, their_raw) or "(empty)",
                    their_value=their_raw,
                )
            )
        return found

    @classmethod
    def initial_from(cls, update) -> dict:
        """Pre-fill from the latest version (a draft, or a returned/accepted update to revise)."""
        if update is None:
            return {}
        initial = {
            "narrative": update.narrative,
            "risk": update.risk,
            "rag": update.rag_id,
            "rag_reason": update.rag_reason,
        }
        for figure in update.figures.all():
            initial[f"figure_{figure.target_id}"] = figure_display(figure.value)
        for reported in update.outcome_statuses.all():
            initial[f"outcome_{reported.outcome_id}"] = reported.status_id
            initial[f"outcome_note_{reported.outcome_id}"] = reported.note
        return initial


@dataclass(frozen=True)
class Difference:
    """One field two saves disagree on: what this person typed and what the other saved."""

    name: str
    label: str
    mine: str
    theirs: str
    their_value: str  # what the form field holds to keep their version


def _typed(value: object) -> str:
    return "" if value is None else str(value).replace("\r\n", "\n").strip()


def _figure_or_text(field: "FigureField", text: str) -> object:
    try:
        return field.clean(text)
    except forms.ValidationError:
        return text


def resolve_conflict(data: QueryDict, form: UpdateForm, update: ProgressUpdate) -> list[Difference]:
    """Apply the person's choice for each field that differs from `update`: "theirs" puts the
    other version into `data`. Returns the differences still without a choice."""
    unresolved = []
    for difference in form.differences_from(update):
        choice = data.get(f"choose_{difference.name}")
        if choice == "theirs":
            data[difference.name] = difference.their_value
        elif choice != "mine":
            unresolved.append(difference)
    return unresolved


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label="What needs to change",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=NARRATIVE_MAX,
        help_text="The lead officer sees this comment beside their update.",
    )


class RoundForm(forms.Form):
    quarter = forms.ChoiceField(label="Quarter")
    due_date = forms.DateField(label="Updates due by", widget=forms.DateInput(attrs={"type": "date"}))
    meeting_date = forms.DateField(
        label="Partnership meeting date (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reminder_offsets = forms.CharField(
        label="Send reminders this many days before the deadline",
        help_text="Whole numbers separated by commas, e.g. 14, 7, 1. Overdue leads are reminded the "
        "day after the deadline and then weekly.",
        initial="14, 7, 1",
        required=False,
    )

    def __init__(self, *args, quarters, **kwargs):
        super().__init__(*args, **kwargs)
        self.quarters = {f"{q.year}-{q.number}": q for q in quarters}
        form_field(self, "quarter", forms.ChoiceField).choices = [
            (key, q.label) for key, q in self.quarters.items()
        ]

    def clean_quarter(self):
        return self.quarters[self.cleaned_data["quarter"]]

    def clean_reminder_offsets(self):
        text = self.cleaned_data["reminder_offsets"]
        try:
            offsets = [int(part) for part in text.replace(";", ",").split(",") if part.strip()]
        except ValueError:
            raise forms.ValidationError(
                "Enter whole numbers of days separated by commas, e.g. 14, 7, 1."
            ) from None
        if any(not 0 <= d <= 90 for d in offsets):
            raise forms.ValidationError("Reminder days must be between 0 and 90.")
        return sorted(set(offsets), reverse=True)
