"""Writes of the public app."""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from public.models import PublicationSettings


def publication_save(*, publication: PublicationSettings, user: User | None) -> PublicationSettings:
    """Save a plan's publication settings; the first publication is dated."""
    publication.updated_by = user
    if publication.is_published and publication.published_at is None:
        publication.published_at = timezone.now()
    with transaction.atomic():
        publication.full_clean()
        publication.save()
    return publication


def plan_publish(*, plan, user: User | None = None, **switches: bool) -> PublicationSettings:
    """Publish a live plan with the default switches (or those given)."""
    publication, _created = PublicationSettings.objects.get_or_create(plan=plan)
    publication.is_published = True
    for name, value in switches.items():
        setattr(publication, name, value)
    return publication_save(publication=publication, user=user)
