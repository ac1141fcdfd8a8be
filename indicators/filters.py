"""The plan dashboard's filters: shareable GET parameters, every choice limited to the plan.

Theme, lead organisation and text narrow the rows in the database. RAG and quarter depend on
each row's status as at a quarter, worked out from the update history, so the dashboard
selector applies them (they are declared here so the form validates and renders them).
"""

import django_filters
from django.db.models import Q

from csp_tracker.periods import Quarter
from partners.models import Organisation
from plans.filters import ChoicesReadOnce
from plans.models import Plan, ProjectRow, Theme

NO_STATUS = "none"


def quarter_key(quarter: Quarter) -> str:
    return f"{quarter.year}-q{quarter.number}"


class DashboardFilter(ChoicesReadOnce, django_filters.FilterSet):
    theme = django_filters.ModelChoiceFilter(
        field_name="action__theme", queryset=Theme.objects.none(), empty_label="All themes", label="Theme"
    )
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.none(),
        empty_label="All organisations",
        label="Lead organisation",
        method="filter_organisation",
    )
    rag = django_filters.ChoiceFilter(label="RAG status", empty_label="Any status", method="keep_all")
    quarter = django_filters.ChoiceFilter(label="Status as at", empty_label="Latest", method="keep_all")
    q = django_filters.CharFilter(label="Search the rows", method="filter_text")

    class Meta:
        model = ProjectRow
        fields = ["theme", "organisation", "rag", "quarter", "q"]

    def __init__(self, *args, plan: Plan, scale, quarters: list[Quarter], **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["theme"].queryset = plan.themes.all()
        self.filters["organisation"].queryset = plan.partnership.organisations.all()
        self.filters["rag"].extra["choices"] = [(s.code, s.label) for s in scale] + [
            (NO_STATUS, "No status yet")
        ]
        self.filters["quarter"].extra["choices"] = [(quarter_key(q), q.label) for q in quarters]
        self.quarters = {quarter_key(q): q for q in quarters}

    def filter_organisation(self, queryset, name, value):
        return queryset.led_by(value)

    def filter_text(self, queryset, name, value):
        for word in value.split()[:10]:
            queryset = queryset.filter(
                Q(description__icontains=word)
                | Q(target_text__icontains=word)
                | Q(action__reference__icontains=word)
                | Q(action__title__icontains=word)
                | Q(action__outcome__icontains=word)
            )
        return queryset

    def keep_all(self, queryset, name, value):
        return queryset

    def cleaned(self, name: str):
        return self.form.cleaned_data.get(name) if self.form.is_valid() else None

    @property
    def as_of(self) -> Quarter | None:
        return self.quarters.get(self.cleaned("quarter") or "")

    @property
    def narrows_rows(self) -> bool:
        """A filter the database applies (theme, organisation, text) is chosen."""
        return any(self.cleaned(name) for name in ("theme", "organisation", "q"))

    @property
    def is_filtering(self) -> bool:
        return any(self.cleaned(name) for name in self.filters)
