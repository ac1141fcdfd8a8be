"""The plan dashboard and search: read-only pages for every member of the partnership."""

from typing import Any

from django.urls import reverse
from django.views.generic import TemplateView

from csp_tracker.replica import ReplicaReadsMixin
from csp_tracker.tenancy import PartnershipMixin
from indicators.dashboard_selectors import plan_dashboard
from indicators.forms import SearchForm
from indicators.money_panel import money_panel
from indicators.search import search
from partners.audience import Audience
from plans.budget import plan_budget
from plans.outline import plan_outline
from plans.rollup import explain


class PlanDashboardView(ReplicaReadsMixin, PartnershipMixin, TemplateView):
    permission_required = "plans.view_plan"
    template_name = "dashboards/plan_dashboard.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        base_url = reverse("plan_dashboard", args=[self.partnership.slug, self.plan.pk])
        outline = plan_outline(self.plan, Audience.of(self.request.user, self.partnership))
        context["dashboard"] = plan_dashboard(self.plan, self.request.GET, base_url, outline)
        context["rollup_explained"] = explain(outline.rag, outline.row_statuses)
        context["base_url"] = base_url
        context["money"] = money_panel(plan_budget(self.plan, summary=True))
        return context


class SearchView(ReplicaReadsMixin, PartnershipMixin, TemplateView):
    permission_required = "partners.view_partnership"
    template_name = "dashboards/search.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = SearchForm(self.request.GET or None)
        query = form.cleaned_data["q"] if form.is_valid() else ""
        audience = Audience.of(self.request.user, self.partnership)
        context.update(form=form, results=search(self.partnership, query, audience) if query else None)
        return context
