from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from plans.models import (
    Action,
    Allocation,
    ExpectedOutcome,
    FundingSource,
    Plan,
    ProgressUpdate,
    ProjectRow,
    Spend,
    Target,
    TargetFigure,
    Theme,
)


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "partnership", "kind", "status", "start_date", "end_date"]
    list_filter = ["partnership", "status", "kind"]


@admin.register(Theme)
class ThemeAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "plan"]
    list_filter = ["plan"]


class ExpectedOutcomeInline(admin.TabularInline):
    model = ExpectedOutcome
    extra = 0


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "title", "plan", "theme"]
    list_filter = ["plan"]
    search_fields = ["reference", "title"]
    inlines = [ExpectedOutcomeInline]
    raw_id_fields = ["carried_from"]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


@admin.register(ProjectRow)
class ProjectRowAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "milestone"]
    list_filter = ["action__plan"]
    filter_horizontal = ["lead_people", "lead_organisations"]
    inlines = [TargetInline]


class TargetFigureInline(admin.TabularInline):
    model = TargetFigure
    extra = 0


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    """Read-only: updates are append-only records."""

    list_display = ["row", "quarter", "update_date", "rag", "status", "author_name"]
    list_filter = ["status", "row__action__plan"]
    list_select_related = ["row__action__plan__partnership", "rag"]
    inlines = [TargetFigureInline]

    @admin.display(description="Quarter")
    def quarter(self, update: ProgressUpdate) -> str:
        return update.period(update.row.action.plan.partnership.year_start_month).label

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FundingSource)
class FundingSourceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "plan", "organisation", "amount", "status", "received_on"]
    list_filter = ["plan__partnership", "status"]


class SpendInline(admin.TabularInline):
    model = Spend
    extra = 0


@admin.register(Allocation)
class AllocationAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "plan", "carry_over_amount", "new_amount", "note"]
    list_filter = ["plan__partnership"]
    inlines = [SpendInline]
