"""Report downloads: thin views that check permission, call a renderer or a service, respond."""

from typing import Any

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from csp_tracker.tenancy import PartnershipMixin
from reports import spreadsheets
from reports.generation import OPEN_CHECKS
from reports.models import ReportFile
from reports.retention import report_file_check_stalled
from reports.services import report_file_again, report_file_request


def _attachment(filename: str, content_type: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class PlanXlsxView(PartnershipMixin, View):
    """Spreadsheets take well under a second even for large plans, so they are served at once."""

    permission_required = "plans.view_plan"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return _attachment(*spreadsheets.plan_xlsx(plan=self.plan, user=self.user).as_rendered())


class PlanCsvView(PartnershipMixin, View):
    permission_required = "plans.view_plan"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return _attachment(*spreadsheets.plan_csv(plan=self.plan, user=self.user).as_rendered())


class PlanUpdatesCsvView(PartnershipMixin, View):
    """Every accepted update, in the columns of the XLSX "Updates" sheet."""

    permission_required = "plans.view_plan"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return _attachment(*spreadsheets.plan_updates_csv(plan=self.plan, user=request.user).as_rendered())


class DeliveryPlanPdfRequestView(PartnershipMixin, View):
    """A PDF can take several seconds: it is queued, and the reader waits on a progress page."""

    permission_required = "plans.view_plan"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        report_file = report_file_request(kind=ReportFile.Kind.DELIVERY_PLAN, plan=self.plan, user=self.user)
        return HttpResponseRedirect(
            reverse("report_file_detail", args=[self.partnership.slug, report_file.pk])
        )


class OwnReportFileMixin(PartnershipMixin):
    """A generated file holds what its requester may see, so only they may open it, and only
    while they may still see the partnership; anyone else is told it does not exist."""

    permission_required = "partners.view_partnership"

    def get_report_file(self) -> ReportFile:
        report_file = get_object_or_404(
            self.partnership.report_files.select_related("plan", "meeting", "scrutiny_report"),
            pk=self.kwargs["pk"],
            requested_by=self.user,
        )
        if report_file.plan and not self.request.user.has_perm("plans.view_plan", report_file.plan):
            raise Http404("No such report.")
        may_open = OPEN_CHECKS.get(report_file.kind)
        if may_open is not None and not may_open(report_file):
            raise Http404("No such report.")
        return report_file


class ReportFileDetailView(OwnReportFileMixin, TemplateView):
    template_name = "reports/report_file_detail.html"
    REFRESH_SECONDS = 2

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["report_file"] = report_file_check_stalled(report_file=self.get_report_file())
        context["refresh_seconds"] = self.REFRESH_SECONDS
        context["retention_days"] = settings.REPORT_FILE_RETENTION_DAYS
        return context


class ReportFileAgainView(OwnReportFileMixin, View):
    """POST only: prepare a failed or expired report again, and follow the new one."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        report_file = self.get_report_file()
        if report_file.status not in {ReportFile.Status.FAILED, ReportFile.Status.EXPIRED}:
            return HttpResponseRedirect(
                reverse("report_file_detail", args=[self.partnership.slug, report_file.pk])
            )
        again = report_file_again(report_file=report_file, user=self.user)
        return HttpResponseRedirect(reverse("report_file_detail", args=[self.partnership.slug, again.pk]))


class ReportFileDownloadView(OwnReportFileMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FileResponse:
        report_file = self.get_report_file()
        if report_file.status != ReportFile.Status.DONE:
            raise Http404("This report is not ready.")
        return FileResponse(
            report_file.file.open("rb"),
            as_attachment=True,
            filename=report_file.filename,
            content_type=report_file.content_type,
        )
