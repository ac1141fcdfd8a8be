from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The audit log: append-only records of who did what, kept below every other app (it has no
    foreign keys and imports none of them) so that each can write to it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "audit"
    verbose_name = "Audit log"
