"""Remove audit events older than the retention period (AUDIT_RETENTION_DAYS, two years by
default). Safe to run from cron every day."""

from django.conf import settings
from django.core.management.base import BaseCommand

from audit.retention import events_prune, retention_cutoff


class Command(BaseCommand):
    help = "Delete audit events older than AUDIT_RETENTION_DAYS."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count, delete nothing")

    def handle(self, *args, dry_run: bool = False, **options):
        from audit.models import AuditEvent

        cutoff = retention_cutoff()
        if dry_run:
            count = AuditEvent.objects.older_than(cutoff).count()
            verb = "would delete"
        else:
            count = events_prune(before=cutoff)
            verb = "deleted"
        self.stdout.write(
            f"audit_prune: {verb} {count} event(s) older than {cutoff:%Y-%m-%d %H:%M} UTC "
            f"(kept {settings.AUDIT_RETENTION_DAYS} days)."
        )
