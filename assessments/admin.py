from django.contrib import admin

from assessments.models import CalendarFeed, Duty, StrategicAssessment


@admin.register(StrategicAssessment)
class StrategicAssessmentAdmin(admin.ModelAdmin):
    list_display = ["title", "partnership", "year", "status"]
    list_filter = ["partnership", "status"]


@admin.register(Duty)
class DutyAdmin(admin.ModelAdmin):
    list_display = ["title", "partnership", "kind", "due_date"]
    list_filter = ["partnership", "kind"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["partnership", "created_at"]
    readonly_fields = ["token_digest"]
