"""Creating, revoking and using personal access tokens."""

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from api.models import ApiToken, new_raw_token, token_digest
from audit.models import AuditEvent
from audit.services import event_record
from partners.models import Partnership
from partners.rules import memberships_of

MAX_DAYS = 366
USE_RECORDED_EVERY = datetime.timedelta(minutes=1)


def token_create(
    *, user: User, name: str, days: int, partnership: Partnership | None = None
) -> tuple[ApiToken, str]:
    """A new token for the user; returns it with the raw value, which is never stored or shown again."""
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": f"Choose from 1 to {MAX_DAYS} days."})
    if partnership is not None and partnership.pk not in memberships_of(user):
        raise ValidationError({"partnership": "Choose one of your partnerships."})
    raw = new_raw_token()
    token = ApiToken(
        user=user,
        name=name.strip(),
        digest=token_digest(raw),
        hint=raw[:10],
        partnership=partnership,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    with transaction.atomic():
        token.full_clean()
        token.save()
    return token, raw


def token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_authenticate(*, raw: str) -> ApiToken | None:
    """The usable token with this value, its use recorded (at most once a minute), or None."""
    token = ApiToken.objects.usable().select_related("user").filter(digest=token_digest(raw)).first()
    if token is None or not token.user.is_active:
        return None
    event_record(
        kind=AuditEvent.Kind.API_TOKEN_USE,
        actor=token.user,
        partnership_id=token.partnership_id,
        obj=token,
        object_repr=str(token),
    )
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > USE_RECORDED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
