from django.contrib import admin

from reports.models import ActionLogItem, AgendaItem, MeetingAttendance


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["meeting", "position", "title", "presenter", "brings"]
    list_filter = ["meeting__partnership"]
    # Minutes are sanitised rich text, written only on the meeting's minutes page.
    readonly_fields = ["minutes"]


@admin.register(MeetingAttendance)
class MeetingAttendanceAdmin(admin.ModelAdmin):
    list_display = ["meeting", "display_name", "status"]
    list_filter = ["meeting__partnership", "status"]


@admin.register(ActionLogItem)
class ActionLogItemAdmin(admin.ModelAdmin):
    list_display = ["meeting", "description", "owner", "due_date", "status"]
    list_filter = ["meeting__partnership", "status"]
