"""Find the tenant once per request.

Views below a partnership's URL load the partnership (and plan) named in the URL, answer 404
to a user without a membership and put them on the request. Related objects are then fetched
only through them, so an id typed into a URL can never reach another partnership's data.
Permissions come from `partners/rules.py` through the rules mixin.
"""

from typing import Any

from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.db import models
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from rules.contrib.views import PermissionRequiredMixin

from partners.models import Partnership
from partners.rules import membership_by_slug


def signed_in_user(request: HttpRequest) -> User:
    """The user of a request that has passed a login check (the type says who may be anonymous)."""
    user = request.user
    if not isinstance(user, User):
        raise TypeError("A page for signed-in users answered a request that is not signed in.")
    return user


class PartnershipMixin(PermissionRequiredMixin):
    """Each view names its own `permission_required` (there is deliberately no default)."""

    # Set by the view machinery and by `dispatch`; `self.plan` too, below a plan's URL (typed by
    # its assignment there: this lowest layer does not import plans).
    request: HttpRequest
    kwargs: dict[str, Any]
    partnership: Partnership

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        membership = membership_by_slug(request.user, kwargs["slug"])
        if membership is None:
            raise Http404("No such partnership.")
        self.partnership = membership.partnership
        # The tenant rides on the request for templates and template tags; HttpRequest has no
        # such attributes in the stubs.
        request.partnership = self.partnership  # type: ignore[attr-defined]
        request.membership = membership  # type: ignore[attr-defined]
        if "plan_pk" in kwargs:
            self.plan = get_object_or_404(self.partnership.plans, pk=kwargs["plan_pk"])
            request.plan = self.plan  # type: ignore[attr-defined]
        return super().dispatch(request, *args, **kwargs)

    @property
    def user(self) -> User:
        """The signed-in user: `dispatch` sends anyone else to the login page."""
        return signed_in_user(self.request)

    def get_permission_object(self) -> models.Model:
        return getattr(self, "plan", None) or self.partnership

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]  # mixin: the view supplies it
        context["partnership"] = self.partnership
        context["membership"] = self.request.membership  # type: ignore[attr-defined]  # set in dispatch
        if hasattr(self, "plan"):
            context["plan"] = self.plan
        return context


class TenantObjectMixin(PartnershipMixin):
    """For a view of one object of the partnership, found through `self.partnership` or `self.plan`
    in `get_queryset`; permission is checked against that object."""

    _tenant_object: models.Model

    def get_permission_object(self) -> models.Model:
        return self.get_object()

    def get_object(self, queryset: models.QuerySet[Any] | None = None) -> models.Model:
        # Fetched once: the permission check and the view both ask for it.
        if queryset is not None:
            return super().get_object(queryset)  # type: ignore[misc]  # mixin: the view supplies it
        if not hasattr(self, "_tenant_object"):
            self._tenant_object = super().get_object()  # type: ignore[misc]  # mixin: the view supplies it
        return self._tenant_object
