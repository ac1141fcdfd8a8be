"""Writes about partnerships and their people."""

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from partners.models import Membership, Partnership, Person
from partners.tasks import send_invite_task

DEFAULT_RAG_SCALE = [
    # code, label, meaning, colour, text colour, severity, is_complete, needs_reason
    ("red", "Red", "Off track: significant problems, action needed", "#d4351c", "#ffffff", 40, False, True),
    ("amber", "Amber", "Some slippage or risk: being managed", "#f47738", "#0b0c0c", 30, False, True),
    ("green", "Green", "Progressing well and on target", "#00703c", "#ffffff", 20, False, False),
]
OPTIONAL_RAG_STATUSES = {
    "blue": ("blue", "Blue", "Complete", "#1d70b8", "#ffffff", 10, True, False),
    "grey": ("grey", "Grey", "Not started", "#505a5f", "#ffffff", 25, False, False),
}


@transaction.atomic
def partnership_create(
    *, name: str, slug: str, with_blue: bool = False, with_grey: bool = False, **fields: Any
) -> Partnership:
    """A partnership with its RAG scale (Red, Amber, Green, and optionally Blue and Grey)."""
    partnership = Partnership(name=name, slug=slug, **fields)
    partnership.full_clean()
    partnership.save()
    scale = list(DEFAULT_RAG_SCALE)
    if with_grey:
        scale.append(OPTIONAL_RAG_STATUSES["grey"])
    if with_blue:
        scale.append(OPTIONAL_RAG_STATUSES["blue"])
    for position, (code, label, meaning, colour, text, severity, complete, reason) in enumerate(scale, 1):
        partnership.rag_statuses.create(
            code=code,
            label=label,
            meaning=meaning,
            colour=colour,
            text_colour=text,
            position=position,
            severity=severity,
            is_complete=complete,
            needs_reason=reason,
        )
    return partnership


@transaction.atomic
def membership_grant(
    *,
    person: Person,
    role: str,
    can_see_dhr: bool = False,
    invite: bool = True,
    granted_by: User | None = None,
) -> Membership:
    """Give a person a login (reusing one with the same e-mail) and a role in their partnership.

    A new login gets no password; the person is e-mailed a link to choose one.
    Raises ValidationError when the login already belongs to another person here, or when the
    coordinator granting it would take away their own coordinator role.
    """
    if not person.email:
        raise ValidationError(f"Add an e-mail address for {person.name} before giving them a login.")
    user = person.user or User.objects.filter(email__iexact=person.email).first()
    created = user is None
    if user is None:
        user = User(username=person.email.lower(), email=person.email, first_name=person.name[:150])
        user.set_unusable_password()
        user.full_clean()
        user.save()
    elif person.user_id != user.pk and person.partnership.people.filter(user=user).exists():
        raise ValidationError(
            f"The login for {person.email} already belongs to someone else in this partnership."
        )
    if granted_by is not None and user.pk == granted_by.pk and role != Membership.Role.COORDINATOR:
        raise ValidationError("You cannot take away your own coordinator role.")
    if person.user_id != user.pk:
        person.user = user
        person.full_clean()
        person.save()
    membership, _ = Membership.objects.update_or_create(
        user=user, partnership=person.partnership, defaults={"role": role, "can_see_dhr": can_see_dhr}
    )
    if created and invite:
        partnership_id = person.partnership_id
        transaction.on_commit(lambda: send_invite_task.enqueue(user.pk, partnership_id))
    return membership
