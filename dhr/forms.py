"""Forms of the DHR register; they validate and normalise, the services write."""

from django import forms
from django.utils import timezone

from csp_tracker.forms import GdsFormMixin
from dhr.attachments import ALLOWED_TEXT, max_bytes
from dhr.models import Recommendation, Review, Stage
from dhr.services import RecommendationContent
from partners.models import Partnership, RagStatus
from plans.forms import DateInput
from plans.models import NARRATIVE_MAX

REVIEW_FIELDS = [
    "reference",
    "home_office_reference",
    "area",
    "date_of_death",
    "notification_date",
    "decision",
    "decision_date",
    "decision_reason",
    "chair",
    "author",
    "managing_body",
    "summary",
]


class ReviewForm(GdsFormMixin, forms.ModelForm):
    class Meta:
        model = Review
        fields = REVIEW_FIELDS
        widgets = {
            "date_of_death": DateInput,
            "notification_date": DateInput,
            "decision_date": DateInput,
        }

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.partnership = partnership

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip()
        taken = Review.objects.filter(partnership=self.partnership, reference__iexact=reference)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(f"Reference {reference} is already on the register. Choose another.")
        return reference


class StageForm(GdsFormMixin, forms.Form):
    stage = forms.ChoiceField(label="Stage reached", choices=Stage.choices)
    date = forms.DateField(label="Date", widget=DateInput, help_text="The day the review reached this stage.")
    note = forms.CharField(label="Note (optional)", max_length=500, required=False)

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return date


class RagFormMixin:
    """The RAG radios come from the partnership's own scale (shared with the plan's form)."""

    def set_scale(self, partnership: Partnership) -> None:
        self.scale = list(partnership.rag_statuses.all())
        self.fields["rag"].queryset = partnership.rag_statuses.all()


class ReviewProgressForm(RagFormMixin, forms.Form):
    narrative = forms.CharField(
        label="Progress", widget=forms.Textarea(attrs={"rows": 6}), max_length=NARRATIVE_MAX
    )
    rag = forms.ModelChoiceField(
        label="RAG status", queryset=RagStatus.objects.none(), widget=forms.RadioSelect, empty_label=None
    )
    rag_reason = forms.CharField(
        label="Reason for this status",
        help_text="Required when the status is off track.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NARRATIVE_MAX,
        required=False,
    )

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_scale(partnership)

    def clean(self):
        data = super().clean()
        rag = data.get("rag")
        if rag is not None and rag.needs_reason and not data.get("rag_reason", "").strip():
            self.add_error("rag_reason", f"Give a reason for the status {rag.label}.")
        return data


class RecommendationForm(GdsFormMixin, forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["text", "owner_organisation", "lead_officer", "due_date"]
        widgets = {"due_date": DateInput, "text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, review: Review, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.review = review
        self.instance.partnership_id = review.partnership_id
        self.fields["owner_organisation"].queryset = review.partnership.organisations.all()
        self.fields["lead_officer"].queryset = review.partnership.people.select_related("organisation")


class RecommendationUpdateForm(RagFormMixin, forms.Form):
    """Mirrors the plan row's update form (plans/update_forms.py) without figures or outcomes."""

    narrative = forms.CharField(
        label="Progress on this recommendation",
        help_text="What was done, and what is left to do.",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=NARRATIVE_MAX,
        required=False,
    )
    risk = forms.CharField(
        label="Risks and issues",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NARRATIVE_MAX,
        required=False,
    )
    rag = forms.ModelChoiceField(
        label="RAG status",
        queryset=RagStatus.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        empty_label=None,
    )
    rag_reason = forms.CharField(
        label="Reason for this status",
        help_text="Required when the status is off track or worse than last time.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NARRATIVE_MAX,
        required=False,
    )
    state = forms.CharField(widget=forms.HiddenInput)

    def __init__(
        self, *args, partnership: Partnership, previous_rag: RagStatus | None, submitting: bool, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.set_scale(partnership)
        self.previous_rag = previous_rag
        self.submitting = submitting

    def clean(self):
        data = super().clean()
        rag = data.get("rag")
        if self.submitting:
            if not data.get("narrative", "").strip():
                self.add_error("narrative", "Write the progress on this recommendation before submitting.")
            if rag is None:
                self.add_error("rag", "Choose a RAG status before submitting.")
        if rag is not None and not data.get("rag_reason", "").strip():
            if rag.needs_reason:
                self.add_error("rag_reason", f"Give a reason for the status {rag.label}.")
            elif self.previous_rag is not None and rag.severity > self.previous_rag.severity:
                self.add_error(
                    "rag_reason",
                    f"Give a reason: the status is worse than last time ({self.previous_rag.label}).",
                )
        return data

    def content(self) -> RecommendationContent:
        data = self.cleaned_data
        return RecommendationContent(
            narrative=data.get("narrative", "").strip(),
            risk=data.get("risk", "").strip(),
            rag=data.get("rag"),
            rag_reason=data.get("rag_reason", "").strip(),
        )

    @staticmethod
    def initial_from(update) -> dict:
        if update is None:
            return {}
        return {
            "narrative": update.narrative,
            "risk": update.risk,
            "rag": update.rag_id,
            "rag_reason": update.rag_reason,
        }


class AttachmentForm(GdsFormMixin, forms.Form):
    file = forms.FileField(
        label="File",
        help_text=f"{ALLOWED_TEXT}; at most {max_bytes() // 1048576} MB.",
        error_messages={"required": "Choose a file to attach."},
    )
    description = forms.CharField(label="What it is (optional)", max_length=300, required=False)
