"""What the audit log needs to know of people here: the organisation someone acts for."""

from django.db.models import Q, QuerySet

from audit.models import AuditEvent
from partners.models import Partnership, Person


def organisation_name(user_id: int, partnership_id: int | None) -> str:
    people = Person.objects.filter(user_id=user_id, organisation__isnull=False).select_related("organisation")
    if partnership_id is not None:
        people = people.filter(partnership_id=partnership_id)
    person = people.order_by("pk").first()
    return person.organisation.name if person is not None and person.organisation is not None else ""


def partnership_audit_events(partnership: Partnership) -> QuerySet[AuditEvent]:
    """What a partnership's coordinators see of the audit log: its own events, and the sign-in
    events (logins, two-factor) of its members, which belong to no one partnership."""
    member_ids = list(partnership.memberships.values_list("user_id", flat=True))
    return AuditEvent.objects.filter(
        Q(partnership_id=partnership.pk) | Q(partnership_id__isnull=True, actor_id__in=member_ids)
    )


def members_for_filter(partnership: Partnership) -> list[tuple[int, str]]:
    members = partnership.memberships.select_related("user").order_by("user__username")
    return [(m.user_id, m.user.get_full_name() or m.user.get_username()) for m in members]
