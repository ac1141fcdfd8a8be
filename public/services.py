"""Writes of the public app."""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from plans.models import Plan
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


def plan_publish(*, plan: Plan, user: User | None = None, **settings: bool | str) -> PublicationSettings:
    """Publish a live plan with the default settings, or those given (switches, introduction)."""
    publication, _created = PublicationSettings.objects.get_or_create(plan=plan)
    publication.is_published = True
    for name, value in settings.items():
        setattr(publication, name, value)
    return publication_save(publication=publication, user=user)
