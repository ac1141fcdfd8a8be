"""Admin for the DHR register: superusers only, and no list filter names a review, so nothing of
the register shows on other models' admin pages."""

from django.conf import settings
from django.contrib import admin

from dhr.attachments import Attachment, clamd_address, max_bytes
from dhr.models import ExpectedStageTime, ReadLog, Recommendation, Review


class SuperuserOnly(admin.ModelAdmin):
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    has_change_permission = has_add_permission = has_delete_permission = has_view_permission


@admin.register(Review)
class ReviewAdmin(SuperuserOnly):
    list_display = ["reference", "partnership", "stage", "notification_date"]
    list_filter = ["partnership", "stage"]


@admin.register(Recommendation)
class RecommendationAdmin(SuperuserOnly):
    list_display = ["__str__", "review", "owner_organisation", "due_date"]
    raw_id_fields = ["review", "lead_officer"]


@admin.register(ExpectedStageTime)
class ExpectedStageTimeAdmin(SuperuserOnly):
    list_display = ["partnership", "stage", "days"]
    list_filter = ["partnership"]


@admin.register(ReadLog)
class ReadLogAdmin(SuperuserOnly):
    list_display = ["read_at", "user_name", "channel", "what", "partnership"]
    list_filter = ["partnership", "channel"]

    def has_change_permission(self, request, obj=None):
        return False  # the log is a record: never edited

    has_add_permission = has_change_permission


@admin.register(Attachment)
class AttachmentAdmin(SuperuserOnly):
    list_display = ["name", "partnership", "content_type", "size", "scan", "uploaded_at"]
    list_filter = ["partnership", "scan"]
    readonly_fields = ["sha256", "size", "content_type", "scan"]
    raw_id_fields = ["review", "progress_update", "action"]

    def changelist_view(self, request, extra_context=None):
        address = clamd_address()
        scanning = (
            f"Virus scanning is ON: files are checked by ClamAV (clamd at {settings.ATTACHMENT_CLAMD})."
            if address
            else "Virus scanning is OFF: set ATTACHMENT_CLAMD to a clamd address "
            "(host:port or a socket path) to scan every uploaded file."
        )
        extra_context = (extra_context or {}) | {
            "title": f"Evidence files. {scanning} Size cap {max_bytes() // 1048576} MB."
        }
        return super().changelist_view(request, extra_context)
