from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from indicators.models import Indicator, IndicatorValue, Location, Population


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0
    readonly_fields = ["period_label"]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "partnership", "theme", "unit", "direction", "period_kind"]
    list_filter = ["partnership", "direction", "period_kind"]
    search_fields = ["name"]
    inlines = [IndicatorValueInline]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "period_label", "area", "value"]
    list_filter = ["indicator__partnership"]
    readonly_fields = ["period_label"]


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "partnership", "kind"]
    list_filter = ["partnership", "kind"]


@admin.register(Population)
class PopulationAdmin(admin.ModelAdmin):
    list_display = ["partnership", "area", "year", "population"]
    list_filter = ["partnership"]
