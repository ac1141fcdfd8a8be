"""How long audit events are kept, and the only way they are removed."""

import datetime

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from audit.models import AuditEvent

# The PostgreSQL trigger lets a DELETE through only while this transaction-local setting is on.
PRUNE_SETTING = "audit.pruning"


def retention_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) - datetime.timedelta(days=settings.AUDIT_RETENTION_DAYS)


@transaction.atomic
def events_prune(*, before: datetime.datetime) -> int:
    """Delete the events that occurred before `before`; the number deleted."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, 'on', true)", [PRUNE_SETTING])
    deleted, _ = AuditEvent.objects.older_than(before).delete()
    return deleted
