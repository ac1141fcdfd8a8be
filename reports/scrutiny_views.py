"""The Overview and Scrutiny composer: the coordinator drafts, edits and issues; members read
issued reports."""

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.forms import BaseModelForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views import View
from django.views.generic import CreateView, TemplateView, UpdateView

from csp_tracker.form_pages import FormPageMixin
from csp_tracker.tenancy import PartnershipMixin, TenantObjectMixin
from partners.models import Partnership
from reports.forms import ScrutinyCreateForm, ScrutinyEditForm
from reports.models import ReportFile, ScrutinyReport
from reports.services import report_file_request, scrutiny_report_create, scrutiny_report_details_save


def visible_reports(user: User | AnonymousUser, partnership: Partnership) -> QuerySet[ScrutinyReport]:
    """Drafts are the coordinator's; issued reports are for every member."""
    reports = partnership.scrutiny_reports.select_related("plan")
    if user.has_perm("partners.manage_partnership", partnership):
        return reports
    return reports.filter(status=ScrutinyReport.Status.ISSUED)


class ScrutinyListView(PartnershipMixin, TemplateView):
    permission_required = "partners.view_partnership"
    template_name = "reports/scrutiny_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["reports"] = visible_reports(self.request.user, self.partnership)
        context["can_manage"] = self.request.user.has_perm("partners.manage_partnership", self.partnership)
        return context


class ScrutinyCreateView(
    PartnershipMixin, FormPageMixin[ScrutinyReport, BaseModelForm[ScrutinyReport]], CreateView
):
    permission_required = "partners.manage_partnership"
    form_class = ScrutinyCreateForm
    heading = "Start an Overview and Scrutiny report"
    success_message = "Draft started: every section is pre-filled from the plan for you to edit."

    def get_parent_kwargs(self) -> dict[str, Any]:
        return {"partnership": self.partnership}

    def save(self, form: BaseModelForm[ScrutinyReport]) -> ScrutinyReport:
        header = {name: form.cleaned_data[name] for name in ScrutinyCreateForm.Meta.fields if name != "plan"}
        return scrutiny_report_create(plan=form.cleaned_data["plan"], user=self.user, **header)

    def get_success_url(self) -> str:
        if getattr(self, "object", None):
            return reverse("scrutiny_compose", args=[self.partnership.slug, self.object.pk])
        return reverse("scrutiny_list", args=[self.partnership.slug])


class ScrutinyUpdateView(
    TenantObjectMixin, FormPageMixin[ScrutinyReport, BaseModelForm[ScrutinyReport]], UpdateView
):
    """Only drafts are edited: an issued report is a record."""

    permission_required = "partners.manage_partnership"
    form_class = ScrutinyEditForm
    success_message = "Draft saved."
    object: ScrutinyReport

    def get_parent_kwargs(self) -> dict[str, Any]:
        return {"partnership": self.partnership}

    def get_permission_object(self) -> Partnership:
        return self.partnership

    def get_queryset(self) -> QuerySet[ScrutinyReport]:
        return self.partnership.scrutiny_reports.filter(status=ScrutinyReport.Status.DRAFT)

    def get_heading(self) -> str:
        return f"Edit draft: {self.object.title}"

    def save(self, form: BaseModelForm[ScrutinyReport]) -> ScrutinyReport:
        return scrutiny_report_details_save(
            report=form.instance, you_said_we_did=form.cleaned_data["you_said_we_did_text"]
        )

    def get_success_url(self) -> str:
        return reverse("scrutiny_compose", args=[self.partnership.slug, self.object.pk])


class ScrutinyPdfRequestView(PartnershipMixin, View):
    permission_required = "partners.view_partnership"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        report = visible_reports(request.user, self.partnership).filter(pk=kwargs["pk"]).first()
        if report is None:
            raise Http404("No such report.")
        report_file = report_file_request(
            kind=ReportFile.Kind.SCRUTINY, scrutiny_report=report, user=self.user
        )
        return HttpResponseRedirect(
            reverse("report_file_detail", args=[self.partnership.slug, report_file.pk])
        )
