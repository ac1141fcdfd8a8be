"""Every API call is checked by the same `rules` predicates as the pages (partners/rules.py)."""

from rest_framework import permissions

from api.models import ApiToken
from partners.models import Partnership
from partners.rules import memberships_of, partnership_id_of


class RulesPermission(permissions.BasePermission):
    """A token is required; objects are checked with the view's `permission_required`."""

    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, ApiToken) and request.user.is_authenticated

    def has_object_permission(self, request, view, obj) -> bool:
        return allowed_to(request, view.permission_required, view.permission_object(obj))


def allowed_to(request, permission: str, obj) -> bool:
    token: ApiToken = request.auth
    if token.partnership_id and partnership_id_of(obj) != token.partnership_id:
        return False
    return request.user.has_perm(permission, obj)


def readable_partnership_ids(request, permission: str = "partners.view_partnership") -> list[int]:
    """The partnerships the token may read: its user's, each passing the rules predicate,
    narrowed to the token's partnership if it has one (one query, cached per request)."""
    cache_key = f"_api_partnerships_{permission}"
    if hasattr(request, cache_key):
        return getattr(request, cache_key)
    ids = list(memberships_of(request.user))
    token: ApiToken = request.auth
    if token.partnership_id:
        ids = [pk for pk in ids if pk == token.partnership_id]
    allowed = [p.pk for p in Partnership.objects.filter(pk__in=ids) if request.user.has_perm(permission, p)]
    setattr(request, cache_key, allowed)
    return allowed
