"""Plan pages: thin views that find the tenant, check permission, call a form or selector, render."""

from typing import Any

from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.forms import BaseModelForm
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import CreateView, DetailView, TemplateView, UpdateView

from csp_tracker.form_pages import FormPageMixin, many_to_many_values
from csp_tracker.tenancy import PartnershipMixin, TenantObjectMixin
from partners.audience import Audience
from partners.models import Partnership, Person
from plans import forms, selectors, services
from plans.budget import action_budget, action_money
from plans.filters import PlanRowFilter
from plans.models import Action, ExpectedOutcome, Plan, ProjectRow, Target, Theme
from plans.outline import plan_outline
from plans.rollup import RULE_TEXT, action_rag, explain


class PlanDetailView(PartnershipMixin, TemplateView):
    permission_required = "plans.view_plan"
    template_name = "plans/plan_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        row_filter = PlanRowFilter(
            self.request.GET or None,
            queryset=ProjectRow.objects.filter(action__plan=self.plan),
            plan=self.plan,
        )
        shown = set(row_filter.qs.values_list("pk", flat=True)) if row_filter.is_filtering else None
        outline = plan_outline(self.plan, Audience.of(self.request.user, self.partnership))
        themes = outline.narrowed(shown)
        money = action_money(self.plan)
        for theme in themes:
            for action in theme.actions:
                action.money = money.get(action.pk)
        context.update(
            filter=row_filter,
            outline=outline,
            themes=themes,
            row_count=len(outline.rows),
            shown_row_count=sum(len(action.rows) for theme in themes for action in theme.actions),
            rollup_explained=explain(outline.rag, outline.row_statuses),
            rag_scale=outline.scale,
            rollup_rule=RULE_TEXT,
            open_round=selectors.open_round(self.plan),
            # Each action's address is this and its id: one `reverse` for the page, not one a row.
            action_url_prefix=reverse(
                "action_detail", args=[self.partnership.slug, self.plan.pk, 0]
            ).removesuffix("0/"),
        )
        return context


class ActionDetailView(TenantObjectMixin, DetailView):
    permission_required = "plans.view_action"
    template_name = "plans/action_detail.html"
    context_object_name = "action"
    object: Action

    def timeline_length(self) -> int:
        """How many updates of the timeline to show (`?updates=N`, from "Show older updates")."""
        asked = self.request.GET.get("updates", "")
        if asked.isdigit():
            return max(selectors.TIMELINE_PAGE, min(int(asked), 10_000))
        return selectors.TIMELINE_PAGE

    def get_queryset(self) -> QuerySet[Action]:
        return self.plan.actions.select_related(
            "theme", "rag_override", "carried_from__plan"
        ).prefetch_related(
            "expected_outcomes__status",
            # Each row with its current status in the rows' own query, and each lead with their
            # organisation: one query each, not one a level.
            Prefetch(
                "rows",
                ProjectRow.objects.select_related("current_update__rag").prefetch_related(
                    Prefetch("lead_people", Person.objects.select_related("organisation")),
                    "lead_organisations",
                    "targets",
                ),
            ),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        shown = self.timeline_length()
        timeline = selectors.action_timeline(
            self.object, Audience.of(self.request.user, self.partnership), limit=shown
        )
        context["timeline"] = timeline[:shown]
        context["timeline_more"] = len(timeline) > shown
        context["timeline_next"] = shown + selectors.TIMELINE_PAGE
        context["rag"] = action_rag(self.object)
        context["open_round"] = selectors.open_round(self.plan)
        context["coordinators"] = selectors.coordinator_contacts(self.partnership)
        context["money"] = action_budget(self.object)
        return context


class ActionHistoryView(TenantObjectMixin, DetailView):
    """Who changed the action, its rows and targets: a page of its own, so the action page (read
    every quarter) does not pay for years of edits."""

    permission_required = "plans.view_action"
    template_name = "plans/action_history.html"
    context_object_name = "action"
    object: Action
    entries_per_page = 100

    def get_queryset(self) -> QuerySet[Action]:
        return self.plan.actions.select_related("theme")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        history = selectors.action_history(self.object)
        context["page"] = Paginator(history, self.entries_per_page).get_page(self.request.GET.get("page"))
        context["change_count"] = len(history)
        return context


class StructurePageMixin[Structure: (Plan, Theme, Action, ProjectRow, Target, ExpectedOutcome)](
    FormPageMixin[Structure, BaseModelForm[Structure]]
):
    """A plan-structure form page: the structure service saves what the form collected."""

    def save(self, form: BaseModelForm[Structure]) -> Structure:
        return services.structure_save(record=form.instance, many_to_many=many_to_many_values(form))


# --- plans -----------------------------------------------------------------


class PlanCreateView(PartnershipMixin, StructurePageMixin[Plan], CreateView):
    permission_required = "plans.manage_plan"
    form_class = forms.PlanForm
    heading = "New plan"
    success_message = "Plan created."

    def get_permission_object(self) -> Partnership:
        return self.partnership

    def get_parent_kwargs(self) -> dict[str, Any]:
        return {"partnership": self.partnership}

    def get_success_url(self) -> str:
        if getattr(self, "object", None):
            return reverse("plan_detail", args=[self.partnership.slug, self.object.pk])
        return reverse("partnership_detail", args=[self.partnership.slug])


class PlanUpdateView(PartnershipMixin, StructurePageMixin[Plan], UpdateView):
    permission_required = "plans.manage_plan"
    form_class = forms.PlanForm
    success_message = "Plan saved."

    def get_object(self, queryset: QuerySet[Plan] | None = None) -> Plan:
        return self.plan

    def get_heading(self) -> str:
        return f"Edit plan: {self.plan.title}"

    def get_parent_kwargs(self) -> dict[str, Any]:
        return {"partnership": self.partnership}

    def get_success_url(self) -> str:
        return reverse("plan_detail", args=[self.partnership.slug, self.plan.pk])


class InPlanMixin[Structure: (Plan, Theme, Action, ProjectRow, Target, ExpectedOutcome)](
    StructurePageMixin[Structure]
):
    """A form page for something inside a plan; returns to the plan page by default."""

    partnership: Partnership
    plan: Plan

    def get_parent_kwargs(self) -> dict[str, Any]:
        return {"plan": self.plan}

    def get_success_url(self) -> str:
        return reverse("plan_detail", args=[self.partnership.slug, self.plan.pk])


class ThemeCreateView(PartnershipMixin, InPlanMixin[Theme], CreateView):
    permission_required = "plans.manage_plan"
    form_class = forms.ThemeForm
    heading = "Add a theme"
    success_message = "Theme added."


class ThemeUpdateView(TenantObjectMixin, InPlanMixin[Theme], UpdateView):
    permission_required = "plans.manage_plan"
    form_class = forms.ThemeForm
    success_message = "Theme saved."
    object: Theme

    def get_queryset(self) -> QuerySet[Theme]:
        return self.plan.themes.all()

    def get_heading(self) -> str:
        return f"Edit theme {self.object.number}"


class ActionCreateView(PartnershipMixin, InPlanMixin[Action], CreateView):
    permission_required = "plans.manage_plan"
    form_class = forms.ActionForm
    heading = "Add an action"
    success_message = "Action added. Now add the project rows that deliver it."

    def get_initial(self) -> dict[str, Any]:
        theme_id = self.request.GET.get("theme", "")
        theme = self.plan.themes.filter(pk=int(theme_id)).first() if theme_id.isdigit() else None
        return {"theme": theme} if theme else {}

    def get_success_url(self) -> str:
        if getattr(self, "object", None):
            return reverse("action_detail", args=[self.partnership.slug, self.plan.pk, self.object.pk])
        return super().get_success_url()


class ActionMixin:
    """For pages under one action: the action is fetched through the plan."""

    kwargs: dict[str, Any]
    partnership: Partnership
    plan: Plan
    action: Action

    def load_action(self) -> Action:
        if not hasattr(self, "action"):
            self.action = get_object_or_404(
                self.plan.actions.select_related("plan__partnership"), pk=self.kwargs["action_pk"]
            )
        return self.action

    def get_parent_kwargs(self) -> dict[str, Any]:
        return {"action": self.load_action()}

    def get_success_url(self) -> str:
        action = self.load_action()
        return reverse("action_detail", args=[self.partnership.slug, self.plan.pk, action.pk])


class ActionUpdateView(TenantObjectMixin, InPlanMixin[Action], UpdateView):
    permission_required = "plans.manage_plan"
    form_class = forms.ActionForm
    success_message = "Action saved."
    object: Action

    def get_queryset(self) -> QuerySet[Action]:
        return self.plan.actions.all()

    def get_heading(self) -> str:
        return f"Edit action {self.object.reference}"

    def get_success_url(self) -> str:
        return reverse("action_detail", args=[self.partnership.slug, self.plan.pk, self.object.pk])


class RowCreateView(ActionMixin, PartnershipMixin, StructurePageMixin[ProjectRow], CreateView):
    permission_required = "plans.manage_plan"
    form_class = forms.RowForm
    success_message = "Project row added."

    def get_heading(self) -> str:
        return f"Add a project row to action {self.load_action().reference}"


class RowUpdateView(ActionMixin, TenantObjectMixin, StructurePageMixin[ProjectRow], UpdateView):
    permission_required = "plans.update_row"
    success_message = "Project row saved."
    object: ProjectRow

    def get_queryset(self) -> QuerySet[ProjectRow]:
        return ProjectRow.objects.filter(action=self.load_action()).prefetch_related("lead_people")

    def get_form_class(self) -> type[forms.RowForm]:
        # Only the coordinator decides who leads a row.
        if self.request.user.has_perm("plans.manage_plan", self.plan):
            return forms.RowForm
        return forms.LeadRowForm

    def get_heading(self) -> str:
        return f"Edit project row {self.object.position} of action {self.load_action().reference}"

    def save(self, form: BaseModelForm[ProjectRow]) -> ProjectRow:
        return services.structure_save(
            record=form.instance,
            many_to_many=many_to_many_values(form),
            expected_revision=form.cleaned_data["revision"],
        )

    def form_valid(self, form: BaseModelForm[ProjectRow]) -> HttpResponse:
        try:
            return super().form_valid(form)
        except services.StaleRecord:
            pass
        current = ProjectRow.objects.prefetch_related("lead_people").get(pk=self.object.pk)
        data = self.request.POST.copy()  # what the form was bound to
        data["revision"] = str(current.revision)
        # A separate instance: validating the form writes the typed values into its instance.
        editable = ProjectRow.objects.get(pk=self.object.pk)
        fresh = self.get_form_class()(data, instance=editable, **self.get_parent_kwargs())
        fresh.is_valid()
        context = self.get_context_data(form=fresh, conflict=current)
        return self.render_to_response(context, status=409)


class RowChildMixin(ActionMixin):
    """For pages under one project row of an action."""

    row: ProjectRow

    def load_row(self) -> ProjectRow:
        if not hasattr(self, "row"):
            self.row = get_object_or_404(
                ProjectRow.objects.filter(action=self.load_action()).prefetch_related("lead_people"),
                pk=self.kwargs["row_pk"],
            )
        return self.row

    def get_parent_kwargs(self) -> dict[str, Any]:
        return {"row": self.load_row()}


class TargetCreateView(RowChildMixin, PartnershipMixin, StructurePageMixin[Target], CreateView):
    permission_required = "plans.update_row"
    form_class = forms.TargetForm
    success_message = "Target added."

    def get_permission_object(self) -> ProjectRow:
        return self.load_row()

    def get_heading(self) -> str:
        return f"Add a target to action {self.load_action().reference}, row {self.load_row().position}"


class TargetUpdateView(RowChildMixin, PartnershipMixin, StructurePageMixin[Target], UpdateView):
    permission_required = "plans.update_row"
    form_class = forms.TargetForm
    success_message = "Target saved."

    def get_queryset(self) -> QuerySet[Target]:
        return self.load_row().targets.all()

    def get_permission_object(self) -> ProjectRow:
        return self.load_row()

    def get_heading(self) -> str:
        return f"Edit target of action {self.load_action().reference}, row {self.load_row().position}"


class OutcomeCreateView(ActionMixin, PartnershipMixin, StructurePageMixin[ExpectedOutcome], CreateView):
    permission_required = "plans.manage_plan"
    form_class = forms.ExpectedOutcomeForm
    success_message = "Expected outcome added."

    def get_initial(self) -> dict[str, Any]:
        return {"number": self.load_action().expected_outcomes.count() + 1}

    def get_heading(self) -> str:
        return f"Add an expected outcome to action {self.load_action().reference}"


class OutcomeUpdateView(ActionMixin, PartnershipMixin, StructurePageMixin[ExpectedOutcome], UpdateView):
    permission_required = "plans.manage_plan"
    form_class = forms.ExpectedOutcomeForm
    success_message = "Expected outcome saved."
    object: ExpectedOutcome

    def get_queryset(self) -> QuerySet[ExpectedOutcome]:
        return self.load_action().expected_outcomes.all()

    def get_heading(self) -> str:
        return f"Edit expected outcome {self.object.number} of action {self.load_action().reference}"
