"""Writes about partnerships and their people."""

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction
from django.http import HttpRequest

from partners.models import Membership, Partnership, Person

User = get_user_model()

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
    *, name: str, slug: str, with_blue: bool = False, with_grey: bool = False, **fields
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
    *, person: Person, role: str, can_see_dhr: bool = False, request: HttpRequest | None = None
) -> Membership:
    """Give a person a login (reusing one with the same e-mail) and a role in their partnership.

    A new login gets no password; the person is e-mailed a link to choose one.
    """
    if not person.email:
        raise ValueError("A person needs an e-mail address before they can log in.")
    user = person.user or User.objects.filter(email__iexact=person.email).first()
    created = user is None
    if created:
        user = User(username=person.email.lower(), email=person.email, first_name=person.name[:150])
        user.set_unusable_password()
        user.full_clean()
        user.save()
    if person.user_id != user.pk:
        person.user = user
        person.full_clean()
        person.save()
    membership, _ = Membership.objects.update_or_create(
        user=user, partnership=person.partnership, defaults={"role": role, "can_see_dhr": can_see_dhr}
    )
    if created and request is not None:
        invite = PasswordResetForm({"email": user.email})
        invite.is_valid()
        transaction.on_commit(
            lambda: invite.save(
                request=request,
                subject_template_name="registration/invite_subject.txt",
                email_template_name="registration/invite_email.txt",
                extra_email_context={"partnership": person.partnership},
            )
        )
    return membership
