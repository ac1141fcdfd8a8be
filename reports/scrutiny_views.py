"""The Overview and Scrutiny composer: the coordinator drafts, edits and issues; members read
issued reports."""

from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.views import View
from django.views.generic import CreateView, TemplateView, UpdateView

from csp_tracker.form_pages import FormPageMixin
from csp_tracker.tenancy import PartnershipMixin, TenantObjectMixin
from reports.forms import ScrutinyCreateForm, ScrutinyEditForm
from reports.models import ReportFile, ScrutinyReport
from reports.services import report_file_request, scrutiny_report_create, scrutiny_report_details_save


def visible_reports(user, partnership):
    """Drafts are the coordinator's; issued reports are for every member."""
    reports = partnership.scrutiny_reports.select_related("plan")
    if user.has_perm("partners.manage_partnership", partnership):
        return reports
    return reports.filter(status=ScrutinyReport.Status.ISSUED)


class ScrutinyListView(PartnershipMixin, TemplateView):
    permission_required = "partners.view_partnership"
    template_name = "reports/scrutiny_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reports"] = visible_reports(self.request.user, self.partnership)
        context["can_manage"] = self.request.user.has_perm("partners.manage_partnership", self.partnership)
        return context


class ScrutinyCreateView(PartnershipMixin, FormPageMixin, CreateView):
    permission_required = "partners.manage_partnership"
    form_class = ScrutinyCreateForm
    heading = "Start an Overview and Scrutiny report"
    success_message = "Draft started: every section is pre-filled from the plan for you to edit."

    def get_parent_kwargs(self):
        return {"partnership": self.partnership}

    def save(self, form):
        header = {name: form.cleaned_data[name] for name in form.Meta.fields if name != "plan"}
        return scrutiny_report_create(plan=form.cleaned_data["plan"], user=self.request.user, **header)

    def get_success_url(self):
        if getattr(self, "object", None):
            return reverse("scrutiny_compose", args=[self.partnership.slug, self.object.pk])
        return reverse("scrutiny_list", args=[self.partnership.slug])


class ScrutinyUpdateView(TenantObjectMixin, FormPageMixin, UpdateView):
    """Only drafts are edited: an issued report is a record."""

    permission_required = "partners.manage_partnership"
    form_class = ScrutinyEditForm
    success_message = "Draft saved."

    def get_parent_kwargs(self):
        return {"partnership": self.partnership}

    def get_permission_object(self):
        return self.partnership

    def get_queryset(self):
        return self.partnership.scrutiny_reports.filter(status=ScrutinyReport.Status.DRAFT)

    def get_heading(self):
        return f"Edit draft: {self.object.title}"

    def save(self, form):
        return scrutiny_report_details_save(
            report=form.instance, you_said_we_did=form.cleaned_data["you_said_we_did_text"]
        )

    def get_success_url(self):
        return reverse("scrutiny_compose", args=[self.partnership.slug, self.object.pk])


class ScrutinyPdfRequestView(PartnershipMixin, View):
    permission_required = "partners.view_partnership"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        report = visible_reports(request.user, self.partnership).filter(pk=kwargs["pk"]).first()
        if report is None:
            raise Http404("No such report.")
        report_file = report_file_request(
            kind=ReportFile.Kind.SCRUTINY, scrutiny_report=report, user=request.user
        )
        return HttpResponseRedirect(
            reverse("report_file_detail", args=[self.partnership.slug, report_file.pk])
        )
