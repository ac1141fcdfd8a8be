from django import forms

from csp_tracker.forms import GdsFormMixin, model_choice_field
from partners.models import Meeting, Partnership
from reports.models import ScrutinyReport


class MeetingForm(GdsFormMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["title", "date", "kind", "plan", "notes"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "kind": forms.RadioSelect,
        }
        labels = {"plan": "Plan it reviews"}

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        model_choice_field(self, "plan").queryset = partnership.plans.all()
        model_choice_field(self, "plan").empty_label = "No plan"


HEADER_FIELDS = [
    "committee",
    "meeting_date",
    "title",
    "wards_affected",
    "portfolio_holder",
    "report_originators",
    "contact_officers",
]
SECTION_FIELDS = [
    "purpose",
    "key_issues",
    "recommendations",
    "background",
    "performance",
    "priorities_next_year",
]
PARAGRAPH_HELP = "Leave a blank line between paragraphs: each paragraph is numbered (3.1, 3.2 ...)."


class ScrutinyCreateForm(GdsFormMixin, forms.ModelForm):
    class Meta:
        model = ScrutinyReport
        fields = ["plan", *HEADER_FIELDS]
        widgets = {"meeting_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        labels = {"plan": "Plan the report is about"}

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        model_choice_field(self, "plan").queryset = partnership.plans.all()


class ScrutinyEditForm(GdsFormMixin, forms.ModelForm):
    you_said_we_did_text = forms.CharField(
        label="You said - We did",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text='One entry per paragraph: "You said: ..." then, on the next line, "We did: ...".',
    )

    class Meta:
        model = ScrutinyReport
        fields = [*HEADER_FIELDS, *SECTION_FIELDS]
        widgets = {"meeting_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")} | {
            field: forms.Textarea(attrs={"rows": 6}) for field in SECTION_FIELDS
        }
        help_texts = dict.fromkeys(SECTION_FIELDS, PARAGRAPH_HELP)

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["you_said_we_did_text"].initial = "\n\n".join(
            f"You said: {pair['you_said']}\nWe did: {pair['we_did']}"
            for pair in self.instance.you_said_we_did
        )

    def clean_you_said_we_did_text(self) -> list[dict]:
        text = self.cleaned_data["you_said_we_did_text"].replace("\r\n", "\n")
        pairs = []
        blocks = [block.strip() for block in text.split("\n\n") if block.strip()]
        for number, block in enumerate(blocks, start=1):
            said, marker, did = block.partition("We did:")
            said = said.strip().removeprefix("You said:").strip()
            if not marker or not said or not did.strip():
                raise forms.ValidationError(
                    f'Entry {number} needs both parts: "You said: ..." and, on the next line, "We did: ...".'
                )
            pairs.append({"you_said": said, "we_did": did.strip()})
        return pairs
