"""Budget pages: thin views that find the tenant, check permission, call one service, render."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from csp_tracker.tenancy import PartnershipMixin
from partners.models import Partnership
from plans import budget_services
from plans.budget import plan_budget
from plans.budget_forms import AllocationForm, FundingSourceForm, SpendForm, SpendSettingForm
from plans.models import Allocation, FundingSource, Plan


class BudgetView(PartnershipMixin, TemplateView):
    permission_required = "plans.view_budget"
    template_name = "plans/budget.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["budget"] = plan_budget(self.plan)
        context["setting_form"] = SpendSettingForm(
            initial={"leads_record_spend": self.plan.leads_record_spend}
        )
        return context


class BudgetFormMixin:
    """A money form page inside a plan; returns to the budget page."""

    template_name: str | None = "form_page.html"
    heading = ""
    success_message = "Saved."
    # Set by `PartnershipMixin` and the generic view, which the pages combine this with.
    partnership: Partnership
    plan: Plan
    request: HttpRequest

    def budget_url(self) -> str:
        return reverse("plan_budget", args=[self.partnership.slug, self.plan.pk])

    def get_success_url(self) -> str:
        return self.budget_url()

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"plan": self.plan}  # type: ignore[misc]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {  # type: ignore[misc]
            "heading": self.heading,
            "cancel_url": self.get_success_url(),
        }

    def save(self, data: dict[str, Any]) -> None:
        raise NotImplementedError(f"{type(self).__name__} must say which service saves its form.")

    def form_valid(self, form: Any) -> HttpResponseRedirect:
        self.save(form.cleaned_data)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())


class FundingSourceCreateView(PartnershipMixin, BudgetFormMixin, FormView):
    permission_required = "plans.manage_budget"
    form_class = FundingSourceForm
    heading = "Add a funding source"
    success_message = "Funding source added."

    def save(self, data) -> None:
        budget_services.funding_source_save(plan=self.plan, **data)


class FundingSourceUpdateView(PartnershipMixin, BudgetFormMixin, FormView):
    permission_required = "plans.manage_budget"
    form_class = FundingSourceForm
    heading = "Edit funding source"
    success_message = "Funding source saved."

    def get_source(self) -> FundingSource:
        if not hasattr(self, "source"):
            self.source = get_object_or_404(self.plan.funding_sources.all(), pk=self.kwargs["pk"])
        return self.source

    def get_form_kwargs(self):
        # A copy for the form: validating writes the typed values into the form's instance.
        return super().get_form_kwargs() | {"instance": FundingSource.objects.get(pk=self.get_source().pk)}

    def save(self, data) -> None:
        budget_services.funding_source_save(plan=self.plan, source=self.get_source(), **data)


class AllocationCreateView(PartnershipMixin, BudgetFormMixin, FormView):
    permission_required = "plans.manage_budget"
    form_class = AllocationForm
    heading = "Allocate money"
    success_message = "Allocation added."

    def get_initial(self):
        action_id = self.request.GET.get("action", "")
        action = self.plan.actions.filter(pk=int(action_id)).first() if action_id.isdigit() else None
        return {"action": action} if action else {}

    def save(self, data) -> None:
        budget_services.allocation_save(plan=self.plan, **data)


class AllocationUpdateView(PartnershipMixin, BudgetFormMixin, FormView):
    permission_required = "plans.manage_budget"
    form_class = AllocationForm
    heading = "Edit allocation"
    success_message = "Allocation saved."

    def get_allocation(self) -> Allocation:
        if not hasattr(self, "allocation"):
            self.allocation = get_object_or_404(self.plan.allocations.all(), pk=self.kwargs["pk"])
        return self.allocation

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": Allocation.objects.get(pk=self.get_allocation().pk)}

    def save(self, data) -> None:
        budget_services.allocation_save(plan=self.plan, allocation=self.get_allocation(), **data)


class SpendCreateView(PartnershipMixin, BudgetFormMixin, FormView):
    permission_required = "plans.record_spend"
    form_class = SpendForm
    success_message = "Spend recorded."

    def get_allocation(self) -> Allocation:
        if not hasattr(self, "allocation"):
            self.allocation = get_object_or_404(
                self.plan.allocations.select_related("action", "row", "plan").prefetch_related(
                    "action__rows__lead_people", "row__lead_people"
                ),
                pk=self.kwargs["allocation_pk"],
            )
        return self.allocation

    def get_permission_object(self):
        return self.get_allocation()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        del kwargs["plan"]
        return kwargs | {"allocation": self.get_allocation()}

    def get_context_data(self, **kwargs):
        allocation = self.get_allocation()
        where = f"row {allocation.row.position} of " if allocation.row else ""
        self.heading = f"Record spend against the allocation to {where}action {allocation.action.reference}"
        return super().get_context_data(**kwargs)

    def get_success_url(self) -> str:
        # A lead officer records spend from the action page and goes back there.
        if self.request.user.has_perm("plans.manage_budget", self.plan):
            return self.budget_url()
        allocation = self.get_allocation()
        return reverse("action_detail", args=[self.partnership.slug, self.plan.pk, allocation.action_id])

    def save(self, data) -> None:
        budget_services.spend_record(allocation=self.get_allocation(), recorded_by=self.user, **data)


class SpendSettingView(PartnershipMixin, FormView):
    """POST only: the plan's switch letting lead officers record spend."""

    permission_required = "plans.manage_budget"
    form_class = SpendSettingForm
    http_method_names = ["post"]

    def form_valid(self, form):
        allowed = form.cleaned_data["leads_record_spend"]
        budget_services.plan_spend_setting_update(plan=self.plan, leads_record_spend=allowed)
        messages.success(
            self.request,
            "Lead officers may now record spend on the rows they lead."
            if allowed
            else "Only the coordinator may now record spend.",
        )
        return HttpResponseRedirect(reverse("plan_budget", args=[self.partnership.slug, self.plan.pk]))
