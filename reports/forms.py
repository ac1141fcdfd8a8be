import datetime
from typing import Any

from django import forms

from csp_tracker.forms import GdsFormMixin, model_choice_field
from indicators.models import Indicator
from partners.models import Meeting, Partnership
from plans.models import Theme
from reports.models import ReportSection, ScrutinyReport, StatisticsRow
from reports.statistics_tables import as_number


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
    "agenda_item",
    "committee",
    "meeting_date",
    "title",
    "wards_affected",
    "portfolio_holder",
    "report_originators",
    "contact_officers",
    "forward_plan_reference",
]
SECTION_FIELDS = ["priorities_next_year"]
PARAGRAPH_HELP = (
    'Leave a blank line between paragraphs; start lines with "- " for a list. '
    "Simple HTML (bold, lists, links) is kept; anything else is removed."
)


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


class SectionForm(GdsFormMixin, forms.Form):
    title = forms.CharField(max_length=200)
    parent = forms.ModelChoiceField(
        queryset=ReportSection.objects.none(),
        required=False,
        empty_label="None: a numbered section of its own",
        label="Subsection of",
    )
    body = forms.CharField(
        label="Text", required=False, widget=forms.Textarea(attrs={"rows": 10}), help_text=PARAGRAPH_HELP
    )
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.none(),
        required=False,
        empty_label="No",
        label="Add a theme's actions and narratives from the plan",
        help_text="Each row's accepted updates are added, dated, after your text.",
    )
    shows_partners = forms.BooleanField(required=False, label="List the statutory and invited partners")

    def __init__(
        self, *args: Any, report: ScrutinyReport, section: ReportSection | None = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        parents = report.sections.filter(parent__isnull=True)
        if section is not None:
            parents = parents.exclude(pk=section.pk)
        model_choice_field(self, "parent").queryset = parents
        model_choice_field(self, "theme").queryset = report.plan.themes.all()


class StatisticsTableForm(GdsFormMixin, forms.Form):
    title = forms.CharField(max_length=200, help_text="e.g. CCTV service performance overview")
    columns = forms.CharField(
        label="Column headings",
        help_text='Separated by "|", e.g. Total 2020 (Jan – Dec) | Total 2021 (Jan – Dec). To pull values '
        "from an indicator, name its periods: 2020 for a calendar year, 2020/21 for a financial year.",
    )
    rows = forms.CharField(
        label="Measures, one per line",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Each line: measure | unit | higher, lower or neutral | a value per column, e.g. "
        '"Incidents | incidents | neutral | 1137 | 1268". Leave values empty to pull them from '
        "the indicator of the same name.",
    )
    compares = forms.BooleanField(
        required=False, initial=True, label="Show variance and % variance (last column against the first)"
    )
    section = forms.ModelChoiceField(
        queryset=ReportSection.objects.none(),
        required=False,
        empty_label="Performance statistics",
        label="Print it in",
    )

    def __init__(self, *args: Any, report: ScrutinyReport, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.report = report
        model_choice_field(self, "section").queryset = report.sections.all()

    def clean_columns(self) -> list[str]:
        columns = [c.strip() for c in self.cleaned_data["columns"].split("|")]
        if not all(columns):
            raise forms.ValidationError('Give every column a heading, separated by "|".')
        return columns

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        columns, text = cleaned.get("columns"), cleaned.get("rows")
        if not columns or not text:
            return cleaned
        indicators = {
            i.name.lower(): i for i in Indicator.objects.filter(partnership=self.report.partnership)
        }
        directions = {d.value: d.value for d in StatisticsRow.Direction}
        rows = []
        for number, line in enumerate((ln for ln in text.splitlines() if ln.strip()), start=1):
            parts = [p.strip() for p in line.split("|")]
            if len(parts) < 3 or not parts[0]:
                self.add_error("rows", f"Line {number} needs at least: measure | unit | direction.")
                continue
            label, unit, direction, values = parts[0], parts[1], parts[2].lower(), parts[3:]
            if direction not in directions:
                self.add_error("rows", f"Line {number} ({label}): the direction is higher, lower or neutral.")
                continue
            if len(values) > len(columns):
                self.add_error("rows", f"Line {number} ({label}) has more values than there are columns.")
                continue
            for value in values:
                if value and as_number(value) is None:
                    self.add_error("rows", f"Line {number} ({label}): “{value}” is not a number.")
            rows.append(
                {
                    "label": label,
                    "unit": unit,
                    "direction": direction,
                    "values": values,
                    "indicator": indicators.get(label.lower()) if not any(values) else None,
                }
            )
        cleaned["rows"] = rows
        return cleaned


class BackgroundPapersForm(GdsFormMixin, forms.Form):
    papers = forms.CharField(
        label="Background papers, one per line",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Each line: title | date (YYYY-MM-DD, optional) | link (optional), e.g. "
        '"Appendix A - Action plan 2021/22 | 2022-02-07 | https://example.org/plan.pdf".',
    )

    def clean_papers(self) -> list[dict[str, Any]]:
        papers = []
        for number, line in enumerate(
            (ln for ln in self.cleaned_data["papers"].splitlines() if ln.strip()), 1
        ):
            parts = [p.strip() for p in line.split("|")] + ["", ""]
            title, day, link = parts[0], parts[1], parts[2]
            if not title:
                raise forms.ValidationError(f"Line {number} needs a title.")
            try:
                date = datetime.date.fromisoformat(day) if day else None
            except ValueError:
                raise forms.ValidationError(
                    f"Line {number}: “{day}” is not a date like 2022-02-07."
                ) from None
            if link and not link.startswith(("http://", "https://")):
                raise forms.ValidationError(f"Line {number}: the link must start with https://.")
            papers.append({"title": title, "date": date, "link": link})
        return papers
