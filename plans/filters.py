import django_filters
from django import forms

from partners.models import Organisation, RagStatus
from plans.models import Plan, ProjectRow, Theme


class ChoicesReadOnce:
    """A filter set whose model choices are read in one query each when its form is built: a
    template looping over a model field's choices otherwise counts them, then reads them."""

    @property
    def form(self) -> forms.Form:
        if not hasattr(self, "_form"):
            form = super().form  # type: ignore[misc]
            for field in form.fields.values():
                if isinstance(field, forms.ModelChoiceField):
                    # Django's ModelChoiceField serves `_choices` when set (its "set manually"
                    # case); django-filter's `choices` setter would wrap the list again.
                    field._choices = field.widget.choices = list(iter(field.choices))  # type: ignore[attr-defined,arg-type]  # no count first
        return self._form  # type: ignore[attr-defined]


class PlanRowFilter(ChoicesReadOnce, django_filters.FilterSet):
    """Filters the project rows shown on a plan page; every choice is limited to the plan."""

    theme = django_filters.ModelChoiceFilter(
        field_name="action__theme", queryset=Theme.objects.none(), empty_label="All themes", label="Theme"
    )
    organisation = django_filters.ModelChoiceFilter(
        field_name="lead_organisations",
        queryset=Organisation.objects.none(),
        empty_label="All organisations",
        label="Lead organisation",
        method="filter_organisation",
    )
    rag = django_filters.ModelChoiceFilter(
        field_name="current_update__rag",
        queryset=RagStatus.objects.none(),
        empty_label="Any status",
        label="RAG status",
        to_field_name="code",
    )
    no_status = django_filters.BooleanFilter(
        method="filter_no_status", label="Only rows with no update yet", widget=forms.CheckboxInput
    )

    class Meta:
        model = ProjectRow
        fields = ["theme", "organisation", "rag"]

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["theme"].queryset = plan.themes.all()
        self.filters["organisation"].queryset = plan.partnership.organisations.all()
        self.filters["rag"].queryset = plan.partnership.rag_statuses.all()

    def filter_organisation(self, queryset, name, value):
        return queryset.led_by(value)

    def filter_no_status(self, queryset, name, value):
        return queryset.filter(current_update__isnull=True) if value else queryset

    @property
    def is_filtering(self) -> bool:
        return (
            any(self.form.cleaned_data.get(name) for name in self.filters) if self.form.is_valid() else False
        )
