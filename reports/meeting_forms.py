"""Forms of a meeting's pages: agenda items, attendance, minutes and the action log. They
validate and normalise; `reports.services` saves."""

from typing import Any

from django import forms

from csp_tracker.forms import GdsFormMixin, model_choice_field
from partners.models import Meeting
from reports.forms import PARAGRAPH_HELP
from reports.models import ActionLogItem, AgendaItem, MeetingAttendance, ReportSection

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SectionChoiceField(forms.ModelChoiceField[ReportSection]):
    def label_from_instance(self, obj: ReportSection) -> str:
        return f"{obj.report.title}: {obj.title}"


class AgendaItemForm(GdsFormMixin, forms.ModelForm):
    section = SectionChoiceField(
        queryset=ReportSection.objects.none(),
        required=False,
        empty_label="None",
        label="Attached report section",
        help_text="A section of one of the partnership's scrutiny reports, printed in the pack "
        'when the item prints "The attached report section".',
    )

    class Meta:
        model = AgendaItem
        fields = ["title", "presenter", "brings", "section"]
        labels = {"brings": "What it prints in the board pack"}

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        model_choice_field(self, "section").queryset = ReportSection.objects.filter(
            report__partnership_id=meeting.partnership_id
        ).select_related("report")


class AttendanceForm(GdsFormMixin, forms.ModelForm):
    class Meta:
        model = MeetingAttendance
        fields = ["status", "person", "name", "organisation"]
        widgets = {"status": forms.RadioSelect}
        labels = {
            "status": "Attended or sent apologies",
            "person": "Person",
            "name": "Or a name not on the list",
            "organisation": "Organisation",
        }
        help_texts = {
            "organisation": "Leave empty to use the person's own organisation; choose one alone "
            "when an organisation sent apologies."
        }

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        partnership = meeting.partnership
        model_choice_field(self, "person").queryset = partnership.people.select_related("organisation")
        model_choice_field(self, "person").empty_label = "Not on the list"
        model_choice_field(self, "organisation").queryset = partnership.organisations.all()
        model_choice_field(self, "organisation").empty_label = "None"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("person") and (data.get("name") or "").strip():
            self.add_error("name", "Choose a person from the list or type a name, not both.")
        return data


class MinutesForm(GdsFormMixin, forms.Form):
    """One text per agenda item, named `item_<id>`."""

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = list(meeting.agenda_items.all())
        for number, item in enumerate(self.items, start=1):
            self.fields[f"item_{item.pk}"] = forms.CharField(
                label=f"{number}. {item.title}",
                required=False,
                initial=item.minutes,
                widget=forms.Textarea(attrs={"rows": 5}),
                help_text=PARAGRAPH_HELP if number == 1 else "",
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        known = {f"item_{item.pk}" for item in self.items}
        lost = [
            str(self.data[key]).strip()
            for key in sorted(self.data)
            if key.startswith("item_") and key not in known and str(self.data[key]).strip()
        ]
        if lost:
            raise forms.ValidationError(
                "An agenda item was removed while you were writing, so these minutes have no item to "
                "go under: “%(lost)s”. Copy them into another item, then save again.",
                params={"lost": "”, “".join(text[:200] for text in lost)},
            )
        return data

    def minutes(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data[f"item_{item.pk}"] for item in self.items}


class ActionLogItemForm(GdsFormMixin, forms.ModelForm):
    class Meta:
        model = ActionLogItem
        fields = ["description", "owner", "due_date", "agenda_item", "status", "done_on"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "due_date": DATE_WIDGET,
            "done_on": DATE_WIDGET,
            "status": forms.RadioSelect,
        }
        labels = {
            "description": "Action",
            "owner": "Owner",
            "due_date": "Due by",
            "agenda_item": "Agreed under agenda item",
            "done_on": "Date done",
        }
        help_texts = {
            "owner": "A person, role or organisation, e.g. Police analyst",
            "done_on": "Only for a done action: it is carried to one more meeting, shown done.",
        }

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.instance.meeting = meeting
        model_choice_field(self, "agenda_item").queryset = self.instance.meeting.agenda_items.all()
        model_choice_field(self, "agenda_item").empty_label = "None"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("done_on") and data.get("status") != ActionLogItem.Status.DONE:
            self.add_error("done_on", "Only a done action has a date done: mark it done or clear the date.")
        return data


class ActionStatusForm(forms.Form):
    """The status change offered beside each action on the meeting page."""

    status = forms.ChoiceField(choices=ActionLogItem.Status.choices)
