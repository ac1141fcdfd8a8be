"""The read-only API: one viewset per dataset, every list scoped to the partnerships the token's
user may read (the `rules` predicates decide), every object checked again by the same predicates.

Lists are paginated as JSON; `?format=csv`, `?format=xlsx` and `?format=feed` (a bare JSON array
for Power BI and Excel) return every selected record at once, with the same field names.
"""

from typing import Any

from django.db.models import Model, Prefetch, QuerySet
from rest_framework import viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from api import filters, serializers
from api.permissions import readable_partnership_ids
from api.renderers import UNPAGINATED_FORMATS, CsvRenderer, FeedRenderer, XlsxRenderer
from indicators.models import Indicator, IndicatorValue
from plans.models import Action, Plan, ProgressUpdate, ProjectRow, Target, TargetFigure, Theme
from plans.selectors import rows_with_status


def accepted_updates() -> QuerySet[ProgressUpdate]:
    """Only accepted updates leave the system: never drafts, submitted or returned ones."""
    return ProgressUpdate.objects.accepted()


class ApiViewSet(viewsets.ReadOnlyModelViewSet):
    permission_required = "plans.view_plan"
    partnership_field = "partnership"  # the path from the model to its partnership
    renderer_classes = [JSONRenderer, CsvRenderer, XlsxRenderer, FeedRenderer]
    lookup_value_converter = "int"

    def base_queryset(self) -> QuerySet[Any]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the model
            return self.base_queryset().none()
        ids = readable_partnership_ids(self.request, self.permission_required)
        return self.base_queryset().filter(**{f"{self.partnership_field}__in": ids})

    def permission_object(self, obj: Any) -> Model:
        return obj

    def exported_partnership_ids(self) -> list[int]:
        """The partnerships whose records the list holds, as filtered (one query)."""
        if self.detail:
            return []
        records = self.filter_queryset(self.get_queryset()).order_by()
        return sorted(records.values_list(self.partnership_field, flat=True).distinct())

    def paginate_queryset(self, queryset: QuerySet[Any]) -> list[Any] | None:
        if getattr(self.request.accepted_renderer, "format", "json") in UNPAGINATED_FORMATS:
            return None
        return super().paginate_queryset(queryset)

    def finalize_response(self, request: Request, response: Response, *args: Any, **kwargs: Any) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        renderer_format = getattr(request, "accepted_renderer", None) and request.accepted_renderer.format
        if renderer_format in {"csv", "xlsx"}:
            response["Content-Disposition"] = f'attachment; filename="{self.basename}.{renderer_format}"'
        elif renderer_format == "feed":  # every record at once: an export, audited as one
            response.audit_download = f"{self.basename}.json"
        if renderer_format in UNPAGINATED_FORMATS and response.status_code == 200:
            # The export is recorded in the audit log of each partnership whose records it holds
            # (audit/middleware.py), so each coordinator sees who took their data.
            response.audit_partnership_ids = self.exported_partnership_ids()
        response["Cache-Control"] = "private, no-store"
        return response


class PlanViewSet(ApiViewSet):
    """Plans of your partnerships."""

    serializer_class = serializers.PlanSerializer
    filterset_class = filters.PlanFilter

    def base_queryset(self) -> QuerySet[Any]:
        return Plan.objects.select_related("partnership").order_by("partnership__slug", "-start_date", "id")


class ThemeViewSet(ApiViewSet):
    """Themes (priorities) with their rolled-up status."""

    serializer_class = serializers.ThemeSerializer
    filterset_class = filters.ThemeFilter
    partnership_field = "plan__partnership"

    def base_queryset(self) -> QuerySet[Any]:
        actions = Action.objects.select_related("rag_override").prefetch_related(
            Prefetch("rows", queryset=ProjectRow.objects.select_related("current_update__rag"))
        )
        return (
            Theme.objects.select_related("lead_agency", "rag_override")
            .prefetch_related(Prefetch("actions", queryset=actions))
            .order_by("plan_id", "sort_key", "id")
        )

    def permission_object(self, obj: Any) -> Model:
        return obj.plan


class ActionViewSet(ApiViewSet):
    """Actions with their rolled-up status."""

    serializer_class = serializers.ActionSerializer
    filterset_class = filters.ActionFilter
    partnership_field = "plan__partnership"

    def base_queryset(self) -> QuerySet[Any]:
        return (
            Action.objects.select_related("rag_override")
            .prefetch_related(
                Prefetch("rows", queryset=ProjectRow.objects.select_related("current_update__rag"))
            )
            .order_by("plan_id", "sort_key", "id")
        )

    def permission_object(self, obj: Any) -> Model:
        return obj.plan


class RowViewSet(ApiViewSet):
    """Project rows with their current status: the latest accepted update."""

    serializer_class = serializers.RowSerializer
    filterset_class = filters.RowFilter
    partnership_field = "action__plan__partnership"

    def base_queryset(self) -> QuerySet[Any]:
        return (
            rows_with_status()
            .select_related("action__plan__partnership")
            .order_by("action__plan_id", "action__sort_key", "position", "id")
        )

    def permission_object(self, obj: Any) -> Model:
        return obj.action.plan


class TargetViewSet(ApiViewSet):
    """Targets and measures of project rows."""

    serializer_class = serializers.TargetSerializer
    filterset_class = filters.TargetFilter
    partnership_field = "row__action__plan__partnership"

    def base_queryset(self) -> QuerySet[Any]:
        return Target.objects.select_related("row__action").order_by("row_id", "position", "id")

    def permission_object(self, obj: Any) -> Model:
        return obj.row.action.plan


class FigureViewSet(ApiViewSet):
    """Figures reported against targets in accepted updates."""

    serializer_class = serializers.FigureSerializer
    filterset_class = filters.FigureFilter
    partnership_field = "target__row__action__plan__partnership"

    def base_queryset(self) -> QuerySet[Any]:
        return (
            TargetFigure.objects.filter(update__in=accepted_updates())
            .select_related("target__row__action__plan__partnership", "update")
            .order_by("target_id", "update__period_year", "update__period_quarter", "id")
        )

    def permission_object(self, obj: Any) -> Model:
        return obj.target.row.action.plan


class UpdateViewSet(ApiViewSet):
    """Accepted progress updates (never drafts, submitted or returned ones, nor review comments)."""

    serializer_class = serializers.UpdateSerializer
    filterset_class = filters.UpdateFilter
    partnership_field = "row__action__plan__partnership"

    def base_queryset(self) -> QuerySet[Any]:
        return (
            accepted_updates()
            .select_related("rag", "row__action__plan__partnership")
            .order_by("row__action__plan_id", "row_id", "period_year", "period_quarter", "version", "id")
        )

    def permission_object(self, obj: Any) -> Model:
        return obj.row.action.plan


class IndicatorViewSet(ApiViewSet):
    """Indicators your partnerships watch."""

    permission_required = "indicators.view_indicator"
    serializer_class = serializers.IndicatorSerializer
    filterset_class = filters.IndicatorFilter

    def base_queryset(self) -> QuerySet[Any]:
        return Indicator.objects.select_related("partnership").order_by("partnership_id", "name", "id")


class IndicatorValueViewSet(ApiViewSet):
    """Indicator values by period and area."""

    permission_required = "indicators.view_indicator"
    serializer_class = serializers.IndicatorValueSerializer
    filterset_class = filters.IndicatorValueFilter
    partnership_field = "indicator__partnership"

    def base_queryset(self) -> QuerySet[Any]:
        return IndicatorValue.objects.select_related("indicator").order_by(
            "indicator_id", "period_start", "area", "id"
        )

    def permission_object(self, obj: Any) -> Model:
        return obj.indicator
