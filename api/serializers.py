"""Flat, read-only representations: one level, stable field names, so that the same names serve
as JSON keys and as CSV/XLSX column headings. Statuses are RAG codes (the partnership's own
scale) with their labels beside them."""

from rest_framework import serializers

from indicators.models import Indicator, IndicatorValue
from plans.models import Action, Plan, ProgressUpdate, ProjectRow, Target, TargetFigure, Theme
from plans.rollup import action_rag, theme_rag


class PlanSerializer(serializers.ModelSerializer):
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Plan
        fields = ["id", "partnership", "title", "kind", "status", "start_date", "end_date", "vision"]


class RolledUpMixin(serializers.Serializer):
    status = serializers.SerializerMethodField(
        help_text="RAG code: the roll-up, or the coordinator's override"
    )
    status_label = serializers.SerializerMethodField()
    status_overridden = serializers.SerializerMethodField()
    status_reason = serializers.SerializerMethodField(help_text="The coordinator's reason for an override")

    rollup = staticmethod(action_rag)

    def _rolled(self, obj):
        cache = self.context.setdefault("_rolled", {})
        key = (type(obj).__name__, obj.pk)
        if key not in cache:
            cache[key] = self.rollup(obj)
        return cache[key]

    def get_status(self, obj) -> str:
        status = self._rolled(obj).status
        return status.code if status else ""

    def get_status_label(self, obj) -> str:
        status = self._rolled(obj).status
        return status.label if status else ""

    def get_status_overridden(self, obj) -> bool:
        return self._rolled(obj).overridden

    def get_status_reason(self, obj) -> str:
        return self._rolled(obj).reason


class ThemeSerializer(RolledUpMixin, serializers.ModelSerializer):
    lead_agency = serializers.SlugRelatedField(slug_field="short_name", read_only=True)
    rollup = staticmethod(theme_rag)

    class Meta:
        model = Theme
        fields = ["id", "plan", "number", "title", "description", "lead_agency"]
        fields += ["status", "status_label", "status_overridden", "status_reason"]


class ActionSerializer(RolledUpMixin, serializers.ModelSerializer):
    class Meta:
        model = Action
        fields = ["id", "plan", "theme", "reference", "title", "outcome", "due_date", "due_text", "budget"]
        fields += ["status", "status_label", "status_overridden", "status_reason"]


class RowSerializer(serializers.ModelSerializer):
    plan = serializers.IntegerField(source="action.plan_id", read_only=True)
    action_reference = serializers.CharField(source="action.reference", read_only=True)
    lead = serializers.CharField(source="lead_display", read_only=True)
    lead_organisations = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField(help_text="RAG code of the latest accepted update")
    status_label = serializers.SerializerMethodField()
    status_reason = serializers.SerializerMethodField()
    status_period = serializers.SerializerMethodField()
    status_date = serializers.DateField(source="current_update.update_date", read_only=True, default=None)
    narrative = serializers.CharField(source="current_update.narrative", read_only=True, default="")
    risk = serializers.CharField(source="current_update.risk", read_only=True, default="")

    class Meta:
        model = ProjectRow
        fields = ["id", "plan", "action", "action_reference", "position", "description", "target_text"]
        fields += ["milestone", "lead", "lead_organisations", "status", "status_label", "status_reason"]
        fields += ["status_period", "status_date", "narrative", "risk", "current_update"]

    def get_lead_organisations(self, row) -> str:
        return ", ".join(org.short_name for org in row.lead_organisations.all())

    def get_status(self, row) -> str:
        return row.current_rag.code if row.current_rag else ""

    def get_status_label(self, row) -> str:
        return row.current_rag.label if row.current_rag else ""

    def get_status_reason(self, row) -> str:
        return row.current_update.rag_reason if row.current_update_id else ""

    def get_status_period(self, row) -> str:
        if not row.current_update_id:
            return ""
        return row.current_update.period(row.action.plan.partnership.year_start_month).label


class TargetSerializer(serializers.ModelSerializer):
    action_reference = serializers.CharField(source="row.action.reference", read_only=True)

    class Meta:
        model = Target
        fields = ["id", "row", "action_reference", "position", "description", "kind", "unit", "baseline"]
        fields += ["baseline_period", "target_value", "target_period", "direction"]


class FigureSerializer(serializers.ModelSerializer):
    row = serializers.IntegerField(source="target.row_id", read_only=True)
    period = serializers.SerializerMethodField(help_text="The quarter, in the partnership's own year")
    period_year = serializers.IntegerField(source="update.period_year", read_only=True)
    period_quarter = serializers.IntegerField(source="update.period_quarter", read_only=True)
    met = serializers.BooleanField(read_only=True, allow_null=True)

    class Meta:
        model = TargetFigure
        fields = ["id", "target", "row", "update", "period", "period_year", "period_quarter", "value"]
        fields += ["met", "note"]

    def get_period(self, figure) -> str:
        return figure.update.period(figure.target.row.action.plan.partnership.year_start_month).label


class UpdateSerializer(serializers.ModelSerializer):
    plan = serializers.IntegerField(source="row.action.plan_id", read_only=True)
    action_reference = serializers.CharField(source="row.action.reference", read_only=True)
    period = serializers.SerializerMethodField(help_text="The quarter, in the partnership's own year")
    rag = serializers.SlugRelatedField(slug_field="code", read_only=True)
    rag_label = serializers.CharField(source="rag.label", read_only=True, default="")

    class Meta:
        model = ProgressUpdate
        fields = ["id", "plan", "row", "action_reference", "period", "period_year", "period_quarter"]
        fields += ["update_date", "author_name", "rag", "rag_label", "rag_reason", "narrative", "risk"]
        fields += ["version", "reviewed_at"]

    def get_period(self, update) -> str:
        return update.period(update.row.action.plan.partnership.year_start_month).label


class IndicatorSerializer(serializers.ModelSerializer):
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Indicator
        fields = ["id", "partnership", "theme", "name", "unit", "direction", "period_kind", "baseline_value"]
        fields += ["baseline_period", "target_value", "target_period", "description"]


class IndicatorValueSerializer(serializers.ModelSerializer):
    indicator_name = serializers.CharField(source="indicator.name", read_only=True)

    class Meta:
        model = IndicatorValue
        fields = [
            "id",
            "indicator",
            "indicator_name",
            "period_start",
            "period_label",
            "area",
            "value",
            "note",
        ]
