"""Where a person lands: "My actions" (the rows they lead across their partnerships), and
after logging in, a scrutiny member of one live plan goes straight to its dashboard."""

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import reverse
from django.views.generic import TemplateView

from accounts.limits import LOGIN_LIMITS, RateLimitedPostMixin
from csp_tracker.tenancy import signed_in_user
from partners.models import Membership
from plans.home_selectors import coordinator_rounds
from plans.models import Plan
from plans.selectors import my_deadlines, my_row_groups, my_rows


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "partners/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = signed_in_user(self.request)  # LoginRequiredMixin sent anyone else to log in
        context["memberships"] = (
            Membership.objects.filter(user=user)
            .select_related("partnership")
            .prefetch_related("partnership__plans")
        )
        rows = my_rows(user)
        context.update(my_rows=rows, my_groups=my_row_groups(rows), deadlines=my_deadlines(rows))
        context["coordinator_rounds"] = coordinator_rounds(user)
        return context


class LoginView(RateLimitedPostMixin, auth_views.LoginView):
    """Scrutiny members land on the dashboard: a user who is only a viewer, of one live plan,
    goes straight there after logging in (unless they were sent to log in from another page)."""

    redirect_authenticated_user = True
    rate_limits = LOGIN_LIMITS

    def get_default_redirect_url(self) -> str:
        # Asked once the user is logged in (or, already logged in, comes back to this page).
        user = signed_in_user(self.request)
        memberships = list(Membership.objects.filter(user=user))
        if memberships and all(m.role == Membership.Role.VIEWER for m in memberships):
            live = list(
                Plan.objects.filter(
                    partnership__memberships__user=user, status=Plan.Status.LIVE
                ).select_related("partnership")[:2]
            )
            if len(live) == 1:
                return reverse("plan_dashboard", args=[live[0].partnership.slug, live[0].pk])
        return super().get_default_redirect_url()
