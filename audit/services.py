"""The one writer of the audit log: `event_record`, called once for each event."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models

from audit.models import AuditEvent
from csp_tracker import request_context

# Set by the partners app (its AppConfig.ready), which knows people's organisations: this app
# sits below it and cannot ask itself. Called with (user id, partnership id or None).
organisation_of: Callable[[int, int | None], str] | None = None


def _short(text: Any, limit: int) -> str:
    return str(text or "")[:limit]


def event_record(
    *,
    kind: str,
    actor: AbstractBaseUser | AnonymousUser | None = None,
    actor_name: str = "",
    partnership_id: int | None = None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    object_repr: str = "",
    detail: str = "",
) -> AuditEvent:
    """Write one event. Who and from where default to the current request's; an object given as
    `obj` is stored as its label, id and short name (never a narrative: pass a title, at most).

    A single INSERT, so no transaction of its own: called inside a service's transaction, the
    event commits or rolls back with what it records."""
    context = request_context.current()
    if actor is None and context is not None and context.request is not None:
        actor = request_context.signed_in_user_or_none(context.request)
    user = actor if actor is not None and actor.is_authenticated else None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        object_repr = object_repr or str(obj)
    event = AuditEvent(
        kind=kind,
        actor_id=user.pk if user is not None else None,
        actor_name=_short(actor_name or (user.get_username() if user is not None else ""), 150),
        organisation=(
            _short(organisation_of(user.pk, partnership_id), 200)
            if user is not None and organisation_of is not None
            else ""
        ),
        partnership_id=partnership_id,
        object_type=_short(object_type, 100),
        object_id=_short(object_id, 64),
        object_repr=_short(object_repr, 200),
        detail=_short(detail, 300),
        ip_address=context.ip_address if context is not None else None,
        request_id=context.request_id if context is not None else "",
    )
    event.full_clean()
    event.save()
    return event
