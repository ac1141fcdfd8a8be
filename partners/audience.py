"""Whom a page, a report or an export is for: what they may see follows from their role."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User

from partners.models import Partnership
from partners.rules import is_coordinator, may_see_dhr


@dataclass(frozen=True)
class Audience:
    """A reader of a partnership's content. Restricted sections (such as Domestic Homicide
    Reviews) are included only when `sees_restricted` is true. `sees_submitted` follows the
    partnership's "publish on submit" setting: submitted updates shown as not yet reviewed."""

    label: str
    sees_restricted: bool
    is_coordinator: bool = False
    user_id: int | None = None
    sees_submitted: bool = False

    @property
    def cache_key(self) -> str:
        """The same for readers who may see the same of a partnership's content, different for
        any two who may not: a cached copy made for one is never served to the other. (A lead's
        own rows' submitted updates are per person: nothing cached by this key may hold them.)"""
        kind = "coordinator" if self.is_coordinator else "member" if self.user_id else "public"
        restricted = "restricted" if self.sees_restricted else "open"
        return f"{kind}-{restricted}-{'submitted' if self.sees_submitted else 'accepted'}"

    @classmethod
    def of(cls, user: User | AnonymousUser | None, partnership: Partnership) -> "Audience":
        if user is None or not user.is_authenticated:
            return cls("a viewer without restricted access", False)
        return cls(
            sees_submitted=partnership.publish_on_submit,
            label=user.get_full_name() or user.get_username(),
            sees_restricted=bool(may_see_dhr(user, partnership)),
            is_coordinator=bool(is_coordinator(user, partnership)),
            user_id=user.pk,
        )
