"""Writes about partnerships and their people."""

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from partners.models import Membership, Partnership, Person

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
        transaction.on_commit(lambda: send_invite(user=user, partnership=person.partnership))
    return membership


def send_invite(*, user: User, partnership: Partnership) -> None:
    """E-mail a new user a one-time link to choose their password (Django's reset token)."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {"user": user, "partnership": partnership, "url": settings.SITE_URL.rstrip("/") + path}
    subject = render_to_string("registration/invite_subject.txt", context).strip()
    body = render_to_string("registration/invite_email.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
