"""The coordinator's meeting pages, and the board pack request for a meeting."""

from typing import Any

from django.db.models import QuerySet
from django.forms import BaseModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views import View
from django.views.generic import CreateView, TemplateView, UpdateView

from csp_tracker.form_pages import FormPageMixin
from csp_tracker.records import record_save
from csp_tracker.tenancy import PartnershipMixin, TenantObjectMixin
from partners.models import Meeting, Partnership
from plans.models import Plan
from reports.forms import MeetingForm
from reports.models import ReportFile
from reports.services import report_file_request


class MeetingListView(PartnershipMixin, TemplateView):
    """Every member reads the meetings; the coordinator adds and edits them."""

    permission_required = "partners.view_partnership"
    template_name = "reports/meeting_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["meetings"] = self.partnership.meetings.select_related("plan")
        context["can_manage"] = self.user.has_perm("partners.manage_partnership", self.partnership)
        return context


class MeetingFormMixin(FormPageMixin[Meeting, BaseModelForm[Meeting]]):
    partnership: Partnership

    def save(self, form: BaseModelForm[Meeting]) -> Meeting:
        return record_save(record=form.instance)

    def get_parent_kwargs(self) -> dict[str, Any]:
        return {"partnership": self.partnership}

    def get_success_url(self) -> str:
        if self.object is not None and self.object.pk:
            return reverse("meeting_detail", args=[self.partnership.slug, self.object.pk])
        return reverse("meeting_list", args=[self.partnership.slug])


class MeetingCreateView(PartnershipMixin, MeetingFormMixin, CreateView):
    permission_required = "partners.manage_partnership"
    form_class = MeetingForm
    heading = "Add a meeting"
    success_message = "Meeting added."


class MeetingUpdateView(TenantObjectMixin, MeetingFormMixin, UpdateView):
    permission_required = "partners.manage_partnership"
    form_class = MeetingForm
    success_message = "Meeting saved."
    object: Meeting

    def get_queryset(self) -> QuerySet[Meeting]:
        return self.partnership.meetings.all()

    def get_heading(self) -> str:
        return f"Edit {self.object.title}"


class BoardPackRequestView(PartnershipMixin, View):
    """Queues the meeting's board pack; anyone who may see the plan it reviews may ask."""

    permission_required = "plans.view_plan"
    http_method_names = ["post"]
    meeting: Meeting

    def get_permission_object(self) -> Plan | Partnership:
        self.meeting = get_object_or_404(
            self.partnership.meetings.select_related("plan"), pk=self.kwargs["pk"]
        )
        return self.meeting.plan or self.partnership

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.meeting.plan is None:
            return HttpResponseRedirect(
                reverse("meeting_update", args=[self.partnership.slug, self.meeting.pk])
            )
        report_file = report_file_request(
            kind=ReportFile.Kind.BOARD_PACK, meeting=self.meeting, user=self.user
        )
        return HttpResponseRedirect(
            reverse("report_file_detail", args=[self.partnership.slug, report_file.pk])
        )
