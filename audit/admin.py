from django.contrib import admin
from django.http import HttpRequest

from audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Administrators read the whole log; nobody changes or deletes it here."""

    list_display = [
        "occurred_at",
        "kind",
        "actor_name",
        "organisation",
        "partnership_id",
        "object_repr",
        "ip_address",
    ]
    list_filter = ["kind", "occurred_at"]
    search_fields = ["actor_name", "object_repr", "detail", "ip_address", "request_id"]
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return request.user.is_active and request.user.is_superuser
