"""Budget pages: thin views that find the tenant, check permission, call one service, render."""

from typing import Any

from django.contrib import messages
from django.forms import BaseForm
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from csp_tracker.form_pages import ConfirmRemovePage, FormPageMixin
from csp_tracker.tenancy import PartnershipMixin
from partners.models import Partnership
from plans import budget_services
from plans.budget import plan_budget
from plans.budget_forms import AllocationForm, FundingSourceForm, SpendForm, SpendSettingForm
from plans.models import Allocation, FundingSource, Plan, Spend


class BudgetView(PartnershipMixin, TemplateView):
    permission_required = "plans.view_budget"
    template_name = "plans/budget.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["budget"] = plan_budget(self.plan)
        context["setting_form"] = SpendSettingForm(
            initial={"leads_record_spend": self.plan.leads_record_spend}
        )
        return context


class BudgetFormMixin[Saved: (FundingSource, Allocation, Spend), PageForm: BaseForm](
    FormPageMixin[Saved, PageForm]
):
    """A money form page inside a plan; returns to the budget page."""

    partnership: Partnership
    plan: Plan

    def budget_url(self) -> str:
        return reverse("plan_budget", args=[self.partnership.slug, self.plan.pk])

    def get_success_url(self) -> str:
        return self.budget_url()

    def get_parent_kwargs(self) -> dict[str, Any]:
        return {"plan": self.plan}


class FundingSourceCreateView(PartnershipMixin, BudgetFormMixin[FundingSource, FundingSourceForm], FormView):
    permission_required = "plans.manage_budget"
    form_class = FundingSourceForm
    heading = "Add a funding source"
    success_message = "Funding source added."

    def save(self, form: FundingSourceForm) -> FundingSource:
        return budget_services.funding_source_save(plan=self.plan, **form.cleaned_data)


class FundingSourceUpdateView(PartnershipMixin, BudgetFormMixin[FundingSource, FundingSourceForm], FormView):
    permission_required = "plans.manage_budget"
    form_class = FundingSourceForm
    heading = "Edit funding source"
    success_message = "Funding source saved."

    def get_source(self) -> FundingSource:
        if not hasattr(self, "source"):
            self.source = get_object_or_404(self.plan.funding_sources.all(), pk=self.kwargs["pk"])
        return self.source

    def get_form_kwargs(self) -> dict[str, Any]:
        # A copy for the form: validating writes the typed values into the form's instance.
        return super().get_form_kwargs() | {"instance": FundingSource.objects.get(pk=self.get_source().pk)}

    def save(self, form: FundingSourceForm) -> FundingSource:
        return budget_services.funding_source_save(
            plan=self.plan, source=self.get_source(), **form.cleaned_data
        )


class AllocationCreateView(PartnershipMixin, BudgetFormMixin[Allocation, AllocationForm], FormView):
    permission_required = "plans.manage_budget"
    form_class = AllocationForm
    heading = "Allocate money"
    success_message = "Allocation added."

    def get_initial(self) -> dict[str, Any]:
        action_id = self.request.GET.get("action", "")
        action = self.plan.actions.filter(pk=int(action_id)).first() if action_id.isdigit() else None
        return {"action": action} if action else {}

    def save(self, form: AllocationForm) -> Allocation:
        return budget_services.allocation_save(plan=self.plan, **form.cleaned_data)


class AllocationUpdateView(PartnershipMixin, BudgetFormMixin[Allocation, AllocationForm], FormView):
    permission_required = "plans.manage_budget"
    form_class = AllocationForm
    heading = "Edit allocation"
    success_message = "Allocation saved."

    def get_allocation(self) -> Allocation:
        if not hasattr(self, "allocation"):
            self.allocation = get_object_or_404(self.plan.allocations.all(), pk=self.kwargs["pk"])
        return self.allocation

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"instance": Allocation.objects.get(pk=self.get_allocation().pk)}

    def save(self, form: AllocationForm) -> Allocation:
        return budget_services.allocation_save(
            plan=self.plan, allocation=self.get_allocation(), **form.cleaned_data
        )


class AllocationSpendMixin(PartnershipMixin):
    """Spend pages: the allocation named in the URL, whose spend the user may record."""

    permission_required = "plans.record_spend"
    plan: Plan

    def get_allocation(self) -> Allocation:
        if not hasattr(self, "allocation"):
            self.allocation = get_object_or_404(
                self.plan.allocations.select_related("action", "row", "plan").prefetch_related(
                    "action__rows__lead_people", "row__lead_people"
                ),
                pk=self.kwargs["allocation_pk"],
            )
        return self.allocation

    def get_permission_object(self) -> Allocation:
        return self.get_allocation()

    def allocation_label(self) -> str:
        allocation = self.get_allocation()
        where = f"row {allocation.row.position} of " if allocation.row is not None else ""
        return f"the allocation to {where}action {allocation.action.reference}"

    def back_url(self) -> str:
        """A lead officer works on spend from the action page and goes back there."""
        if self.user.has_perm("plans.manage_budget", self.plan):
            return reverse("plan_budget", args=[self.partnership.slug, self.plan.pk])
        allocation = self.get_allocation()
        return reverse("action_detail", args=[self.partnership.slug, self.plan.pk, allocation.action_id])

    def get_spend(self) -> Spend:
        if not hasattr(self, "spend"):
            self.spend = get_object_or_404(self.get_allocation().spends.all(), pk=self.kwargs["pk"])
        return self.spend


class SpendCreateView(AllocationSpendMixin, BudgetFormMixin[Spend, SpendForm], FormView):
    form_class = SpendForm
    success_message = "Spend recorded."

    def get_parent_kwargs(self) -> dict[str, Any]:
        return {"allocation": self.get_allocation()}

    def get_heading(self) -> str:
        return f"Record spend against {self.allocation_label()}"

    def get_success_url(self) -> str:
        return self.back_url()

    def save(self, form: SpendForm) -> Spend:
        return budget_services.spend_record(
            allocation=self.get_allocation(), recorded_by=self.user, **form.cleaned_data
        )


class SpendSettingView(PartnershipMixin, FormView):
    """POST only: the plan's switch letting lead officers record spend."""

    permission_required = "plans.manage_budget"
    form_class = SpendSettingForm
    http_method_names = ["post"]

    def form_valid(self, form: SpendSettingForm) -> HttpResponse:
        allowed = form.cleaned_data["leads_record_spend"]
        budget_services.plan_spend_setting_update(plan=self.plan, leads_record_spend=allowed)
        messages.success(
            self.request,
            "Lead officers may now record spend on the rows they lead."
            if allowed
            else "Only the coordinator may now record spend.",
        )
        return HttpResponseRedirect(reverse("plan_budget", args=[self.partnership.slug, self.plan.pk]))


class SpendUpdateView(AllocationSpendMixin, BudgetFormMixin[Spend, SpendForm], FormView):
    form_class = SpendForm
    success_message = "Spend corrected."

    def get_parent_kwargs(self) -> dict[str, Any]:
        # A copy for the form: validating writes the typed values into the form's instance.
        return {"allocation": self.get_allocation(), "instance": Spend.objects.get(pk=self.get_spend().pk)}

    def get_heading(self) -> str:
        return f"Correct spend against {self.allocation_label()}"

    def get_success_url(self) -> str:
        return self.back_url()

    def save(self, form: SpendForm) -> Spend:
        return budget_services.spend_update(spend=self.get_spend(), changed_by=self.user, **form.cleaned_data)


class BudgetDeleteView(ConfirmRemovePage, TemplateView):
    """A money record's confirmation page; the budget's totals are worked out again without it."""

    consequence = "The budget's totals are worked out again without it. Its history is kept."
    plan: Plan

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.caption = f"{self.plan.title} · Budget"
        return super().get_context_data(**kwargs)


class FundingSourceDeleteView(PartnershipMixin, BudgetDeleteView):
    permission_required = "plans.manage_budget"
    plan: Plan

    def get_source(self) -> FundingSource:
        if not hasattr(self, "source"):
            self.source = get_object_or_404(self.plan.funding_sources.all(), pk=self.kwargs["pk"])
        return self.source

    def record_label(self) -> str:
        return f"the funding source “{self.get_source().name}”"

    def problem(self) -> str:
        return budget_services.funding_source_delete_problem(self.get_source())

    def remove(self) -> None:
        budget_services.funding_source_delete(source=self.get_source())

    def back_url(self) -> str:
        return reverse("plan_budget", args=[self.partnership.slug, self.plan.pk]) + "#sources"


class AllocationDeleteView(PartnershipMixin, BudgetDeleteView):
    permission_required = "plans.manage_budget"
    plan: Plan

    def get_allocation(self) -> Allocation:
        if not hasattr(self, "allocation"):
            self.allocation = get_object_or_404(
                self.plan.allocations.select_related("action", "row"), pk=self.kwargs["pk"]
            )
        return self.allocation

    def record_label(self) -> str:
        allocation = self.get_allocation()
        return f"the {str(allocation)[0].lower()}{str(allocation)[1:]} ({allocation.total:,.2f} pounds)"

    def problem(self) -> str:
        return budget_services.allocation_delete_problem(self.get_allocation())

    def remove(self) -> None:
        budget_services.allocation_delete(allocation=self.get_allocation())

    def back_url(self) -> str:
        return reverse("plan_budget", args=[self.partnership.slug, self.plan.pk]) + "#allocations"


class SpendDeleteView(AllocationSpendMixin, BudgetDeleteView):
    def record_label(self) -> str:
        spend = self.get_spend()
        return f"the spend of £{spend.amount:,.2f} on {spend.spent_on:%-d %B %Y} ({spend.description})"

    def remove(self) -> None:
        budget_services.spend_delete(spend=self.get_spend())
