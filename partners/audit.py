"""What the audit log needs to know of people here: the organisation someone acts for."""

from partners.models import Person


def organisation_name(user_id: int, partnership_id: int | None) -> str:
    people = Person.objects.filter(user_id=user_id, organisation__isnull=False).select_related("organisation")
    if partnership_id is not None:
        people = people.filter(partnership_id=partnership_id)
    person = people.order_by("pk").first()
    return person.organisation.name if person is not None and person.organisation is not None else ""
