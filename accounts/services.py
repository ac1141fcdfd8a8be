"""Writes about a person's sign-in: their two-factor devices, and ending their sessions. Each
writes its one audit event."""

import secrets

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor import RECOVERY_NAME, two_factor_required
from audit.models import AuditEvent
from audit.services import event_record


def _recovery_codes_make(user: User) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(settings.RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def totp_confirm(*, device: TOTPDevice, code: str) -> list[str]:
    """Confirm an authenticator app with a code from it; it replaces any earlier one. The first
    time, recovery codes are made too: returned (to be shown once), else an empty list."""
    if device.confirmed:
        raise ValidationError("This authenticator app is already set up.")
    if not device.verify_token(code.replace(" ", "")):
        raise ValidationError({"code": "The code is not right: type the 6 digits your app shows now."})
    user = device.user
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.full_clean()
    device.save()
    first = not StaticToken.objects.filter(device__user=user).exists()
    codes = _recovery_codes_make(user) if first else []
    event_record(kind=AuditEvent.Kind.TWO_FACTOR_ADDED, actor=user, obj=device, object_repr=device.name)
    return codes


@transaction.atomic
def recovery_codes_replace(*, user: User) -> list[str]:
    """New single-use recovery codes; the old ones stop working."""
    codes = _recovery_codes_make(user)
    event_record(kind=AuditEvent.Kind.RECOVERY_CODES, actor=user, object_repr=f"{len(codes)} recovery codes")
    return codes


@transaction.atomic
def two_factor_remove(*, user: User) -> None:
    """Turn two-factor off (someone for whom it is required is sent to set it up again)."""
    if two_factor_required(user):
        raise ValidationError(
            "Two-factor authentication is required for your role: replace your app instead."
        )
    # The removal's audit event comes from the device's deletion (accounts/signals.py), as it
    # does when an administrator resets a lost device in the admin.
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def sessions_end(*, user_id: int) -> int:
    """Sign a person out everywhere, at once: delete their sessions (the database session store
    is not indexed by user, so live sessions are read; this is rare: a deactivation or a
    membership removed). The number ended."""
    ended = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == str(user_id)
    ]
    Session.objects.filter(session_key__in=ended).delete()
    return len(ended)
