"""On PostgreSQL the table refuses UPDATE and DELETE; only the prune may delete."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from audit.models import AuditEvent
from audit.retention import events_prune
from audit.services import event_record

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only trigger exists on PostgreSQL only"
)


@pytest.fixture
def event(db):
    return event_record(kind=AuditEvent.Kind.LOGIN, actor_name="someone")


def test_an_update_is_refused(event):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(detail="tampered")


def test_a_delete_is_refused(event):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_a_raw_delete_is_refused(event):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_auditevent")


def test_the_prune_may_delete_old_events(event):
    assert events_prune(before=timezone.now() + datetime.timedelta(seconds=1)) == 1
    assert not AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db(transaction=True)  # a real transaction, not a savepoint in the test's
def test_the_prunes_permission_ends_with_its_transaction(event):
    events_prune(before=timezone.now() - datetime.timedelta(days=1))
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
