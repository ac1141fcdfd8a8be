"""One append-only table of security-relevant events.

Nothing here points at another table: people, partnerships and objects are stored as their ids
and a short name at the time, so an event outlives whatever it was about and deleting a user or
a partnership never has to change (or cascade into) the log. On PostgreSQL a trigger refuses
UPDATE and DELETE (migration 0002); `audit_prune` alone may delete rows past their retention.
"""

from django.db import models
from django.utils import timezone


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def for_partnership(self, partnership_id: int) -> "AuditEventQuerySet":
        return self.filter(partnership_id=partnership_id)

    def older_than(self, moment) -> "AuditEventQuerySet":
        return self.filter(occurred_at__lt=moment)


class AuditEvent(models.Model):
    class Kind(models.TextChoices):
        LOGIN = "login", "Logged in"
        LOGIN_FAILED = "login_failed", "Failed login"
        LOCKOUT = "lockout", "Locked out"
        LOGOUT = "logout", "Logged out"
        PASSWORD_RESET = "password_reset", "Password reset requested"
        TWO_FACTOR_ADDED = "two_factor_added", "Two-factor device added"
        TWO_FACTOR_REMOVED = "two_factor_removed", "Two-factor device removed"
        RECOVERY_CODES = "recovery_codes", "Recovery codes made"
        TWO_FACTOR_FAILED = "two_factor_failed", "Wrong two-factor code"
        ROLE_CHANGED = "role_changed", "Role given or changed"
        MEMBERSHIP_REMOVED = "membership_removed", "Membership removed"
        USER_DEACTIVATED = "user_deactivated", "Login deactivated"
        DOWNLOAD = "download", "Export or download"
        IMPORT = "import", "Plan imported"
        DHR_READ = "dhr_read", "DHR record read"
        API_TOKEN_USE = "api_token_use", "API token used"

    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)  # stored in UTC
    kind = models.CharField(max_length=30, choices=Kind.choices, db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor_name = models.CharField(max_length=150, blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    partnership_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=32, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["partnership_id", "-occurred_at"], name="audit_partnership_time")]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.get_kind_display()} {self.actor_name}".strip()
