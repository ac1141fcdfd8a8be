"""Find the tenant once per request.

Views below a partnership's URL load the partnership (and plan) named in the URL, answer 404
to a user without a membership and put them on the request. Related objects are then fetched
only through them, so an id typed into a URL can never reach another partnership's data.
Permissions come from `partners/rules.py` through the rules mixin.
"""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404
from rules.contrib.views import PermissionRequiredMixin

from partners.models import Partnership
from partners.rules import is_member, memberships_of


class PartnershipMixin(PermissionRequiredMixin):
    """Each view names its own `permission_required` (there is deliberately no default)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.partnership = get_object_or_404(Partnership, slug=kwargs["slug"])
        if not is_member(request.user, self.partnership):
            raise Http404("No such partnership.")
        request.partnership = self.partnership
        request.membership = memberships_of(request.user)[self.partnership.pk]
        if "plan_pk" in kwargs:
            self.plan = get_object_or_404(self.partnership.plans, pk=kwargs["plan_pk"])
            request.plan = self.plan
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return getattr(self, "plan", None) or self.partnership

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["partnership"] = self.partnership
        context["membership"] = self.request.membership
        if hasattr(self, "plan"):
            context["plan"] = self.plan
        return context


class TenantObjectMixin(PartnershipMixin):
    """For a view of one object of the partnership, found through `self.partnership` or `self.plan`
    in `get_queryset`; permission is checked against that object."""

    def get_permission_object(self):
        return self.get_object()

    def get_object(self, queryset=None):
        # Fetched once: the permission check and the view both ask for it.
        if queryset is not None:
            return super().get_object(queryset)
        if not hasattr(self, "_tenant_object"):
            self._tenant_object = super().get_object()
        return self._tenant_object
