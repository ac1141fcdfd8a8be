"""Filters of the API's lists (django-filter): partnership, plan, period and status."""

import re

import django_filters
from django.db.models import Q

from indicators.models import Indicator, IndicatorValue
from plans.models import Action, Plan, ProgressUpdate, ProjectRow, Target, TargetFigure, Theme

PERIOD = re.compile(r"^(\d{4})(?:-[qQ]([1-4]))?$")
NO_STATUS = "none"


def period_q(value: str, year_field: str, quarter_field: str) -> Q:
    """`2025` (a financial year) or `2025-q2` (a quarter of it) as a filter."""
    match = PERIOD.match(value.strip())
    if not match:
        return Q(pk__in=[])
    condition = Q(**{year_field: int(match[1])})
    if match[2]:
        condition &= Q(**{quarter_field: int(match[2])})
    return condition


class PlanFilter(django_filters.FilterSet):
    partnership = django_filters.CharFilter(field_name="partnership__slug")
    status = django_filters.ChoiceFilter(choices=Plan.Status.choices)

    class Meta:
        model = Plan
        fields = ["partnership", "status"]


class ThemeFilter(django_filters.FilterSet):
    partnership = django_filters.CharFilter(field_name="plan__partnership__slug")

    class Meta:
        model = Theme
        fields = ["partnership", "plan"]


class ActionFilter(django_filters.FilterSet):
    partnership = django_filters.CharFilter(field_name="plan__partnership__slug")

    class Meta:
        model = Action
        fields = ["partnership", "plan", "theme"]


class RowFilter(django_filters.FilterSet):
    partnership = django_filters.CharFilter(field_name="action__plan__partnership__slug")
    plan = django_filters.NumberFilter(field_name="action__plan")
    status = django_filters.CharFilter(
        method="filter_status", help_text="RAG code of the current status, or 'none' for rows without one"
    )

    class Meta:
        model = ProjectRow
        fields = ["partnership", "plan", "action", "status"]

    def filter_status(self, queryset, name, value):
        if value == NO_STATUS:
            return queryset.filter(current_update__rag__isnull=True)
        return queryset.filter(current_update__rag__code=value)


class TargetFilter(django_filters.FilterSet):
    partnership = django_filters.CharFilter(field_name="row__action__plan__partnership__slug")
    plan = django_filters.NumberFilter(field_name="row__action__plan")

    class Meta:
        model = Target
        fields = ["partnership", "plan", "row", "kind"]


class FigureFilter(django_filters.FilterSet):
    partnership = django_filters.CharFilter(field_name="target__row__action__plan__partnership__slug")
    plan = django_filters.NumberFilter(field_name="target__row__action__plan")
    period = django_filters.CharFilter(method="filter_period", help_text="2025 or 2025-q2")

    class Meta:
        model = TargetFigure
        fields = ["partnership", "plan", "target", "period"]

    def filter_period(self, queryset, name, value):
        return queryset.filter(period_q(value, "update__period_year", "update__period_quarter"))


class UpdateFilter(django_filters.FilterSet):
    partnership = django_filters.CharFilter(field_name="row__action__plan__partnership__slug")
    plan = django_filters.NumberFilter(field_name="row__action__plan")
    period = django_filters.CharFilter(method="filter_period", help_text="2025 or 2025-q2")
    status = django_filters.CharFilter(field_name="rag__code", help_text="RAG code")

    class Meta:
        model = ProgressUpdate
        fields = ["partnership", "plan", "row", "period", "status"]

    def filter_period(self, queryset, name, value):
        return queryset.filter(period_q(value, "period_year", "period_quarter"))


class IndicatorFilter(django_filters.FilterSet):
    partnership = django_filters.CharFilter(field_name="partnership__slug")
    plan = django_filters.NumberFilter(field_name="theme__plan")

    class Meta:
        model = Indicator
        fields = ["partnership", "plan", "theme"]


class IndicatorValueFilter(django_filters.FilterSet):
    partnership = django_filters.CharFilter(field_name="indicator__partnership__slug")
    period_from = django_filters.DateFilter(field_name="period_start", lookup_expr="gte")
    period_to = django_filters.DateFilter(field_name="period_start", lookup_expr="lte")

    class Meta:
        model = IndicatorValue
        fields = ["partnership", "indicator", "area", "period_from", "period_to"]
