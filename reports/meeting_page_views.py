"""A meeting's own page (members read it; the coordinator edits it) and the coordinator's pages
for its agenda, attendance, minutes and action log. Each write goes through `reports.services`."""

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.forms import BaseForm, BaseModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, TemplateView

from csp_tracker.form_pages import ConfirmRemovePage, FormPageMixin
from csp_tracker.tenancy import PartnershipMixin
from partners.models import Meeting
from reports.meeting_forms import (
    ActionLogItemForm,
    ActionStatusForm,
    AgendaItemForm,
    AttendanceForm,
    MinutesForm,
)
from reports.meeting_selectors import meeting_page_content
from reports.models import ActionLogItem, AgendaItem, MeetingAttendance
from reports.services import (
    action_log_item_delete,
    action_log_item_save,
    action_log_item_status_set,
    agenda_item_delete,
    agenda_item_move,
    agenda_item_save,
    attendance_delete,
    attendance_save,
    meeting_minutes_save,
)

MANAGE = "partners.manage_partnership"


class MeetingMixin(PartnershipMixin):
    """Loads the partnership's meeting named in the URL."""

    permission_required = MANAGE
    _meeting: Meeting

    @property
    def meeting(self) -> Meeting:
        if not hasattr(self, "_meeting"):
            self._meeting = get_object_or_404(
                self.partnership.meetings.select_related("plan", "partnership"), pk=self.kwargs["pk"]
            )
        return self._meeting

    def meeting_url(self) -> str:
        return reverse("meeting_detail", args=[self.partnership.slug, self.meeting.pk])


class MeetingDetailView(MeetingMixin, TemplateView):
    permission_required = "partners.view_partnership"
    template_name = "reports/meeting_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            meeting=self.meeting,
            content=meeting_page_content(self.meeting),
            can_manage=self.user.has_perm(MANAGE, self.partnership),
            status_choices=ActionLogItem.Status.choices,
        )
        return context


class MeetingRecordFormView[Record: AgendaItem | MeetingAttendance | ActionLogItem](
    MeetingMixin, FormPageMixin[Record, BaseModelForm[Record]], FormView
):
    """Adds (no id in the URL) or edits (`record_kwarg` in the URL) one record of the meeting."""

    record_kwarg = ""
    noun = ""
    _record: Record | None

    def records(self) -> QuerySet[Record]:
        raise NotImplementedError

    def get_record(self) -> Record | None:
        if not hasattr(self, "_record"):
            pk = self.kwargs.get(self.record_kwarg)
            self._record = get_object_or_404(self.records(), pk=pk) if pk is not None else None
        return self._record

    def get_parent_kwargs(self) -> dict[str, Any]:
        return {"meeting": self.meeting, "instance": self.get_record()}

    def get_heading(self) -> str:
        record = self.get_record()
        return f"Edit {self.noun}: {record}" if record else f"Add {self.noun}"

    def get_success_url(self) -> str:
        return self.meeting_url()


class AgendaItemFormView(MeetingRecordFormView[AgendaItem]):
    form_class = AgendaItemForm
    record_kwarg = "item_pk"
    noun = "agenda item"
    success_message = "Agenda item saved."

    def get_heading(self) -> str:
        record = self.get_record()
        return f"Edit agenda item: {record}" if record else "Add an agenda item"

    def records(self) -> QuerySet[AgendaItem]:
        return self.meeting.agenda_items.all()

    def save(self, form: BaseModelForm[AgendaItem]) -> AgendaItem:
        return agenda_item_save(item=form.instance)


class AttendanceFormView(MeetingRecordFormView[MeetingAttendance]):
    form_class = AttendanceForm
    record_kwarg = "attendance_pk"
    success_message = "Attendance recorded."

    def get_heading(self) -> str:
        record = self.get_record()
        return f"Edit attendance: {record}" if record else "Record attendance or apologies"

    def get_initial(self) -> dict[str, Any]:
        status = self.request.GET.get("status")
        return {"status": status} if status in MeetingAttendance.Status.values else {}

    def records(self) -> QuerySet[MeetingAttendance]:
        return self.meeting.attendance.all()

    def save(self, form: BaseModelForm[MeetingAttendance]) -> MeetingAttendance:
        return attendance_save(attendance=form.instance)


class ActionLogItemFormView(MeetingRecordFormView[ActionLogItem]):
    """An action agreed at this meeting, or one carried to it from an earlier meeting."""

    form_class = ActionLogItemForm
    record_kwarg = "action_pk"
    success_message = "Action saved."

    def get_heading(self) -> str:
        record = self.get_record()
        return f"Edit action: {record}" if record else "Add an action"

    def records(self) -> QuerySet[ActionLogItem]:
        return ActionLogItem.objects.filter(
            meeting__partnership=self.partnership, meeting__date__lte=self.meeting.date
        ).select_related("meeting")

    def save(self, form: BaseModelForm[ActionLogItem]) -> ActionLogItem:
        return action_log_item_save(item=form.instance)


class MinutesView(MeetingMixin, FormPageMixin[AgendaItem, MinutesForm], FormView):
    form_class = MinutesForm
    success_message = "Minutes saved."

    def get_heading(self) -> str:
        return f"Minutes: {self.meeting.title}"

    def get_parent_kwargs(self) -> dict[str, Any]:
        return {"meeting": self.meeting}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.meeting.agenda_items.exists():
            messages.error(request, "Add the agenda first: minutes are written under each agenda item.")
            return HttpResponseRedirect(self.meeting_url())
        return super().get(request, *args, **kwargs)

    def save(self, form: MinutesForm) -> None:
        meeting_minutes_save(meeting=self.meeting, minutes=form.minutes())

    def get_success_url(self) -> str:
        return self.meeting_url()


class AgendaItemMoveView(MeetingMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        item = get_object_or_404(self.meeting.agenda_items, pk=kwargs["item_pk"])
        agenda_item_move(item=item, offset=-1 if request.POST.get("direction") == "up" else 1)
        return HttpResponseRedirect(self.meeting_url() + "#agenda")


class AgendaItemDeleteView(MeetingMixin, ConfirmRemovePage, TemplateView):
    consequence = "Its minutes are removed with it, and the items after it move up."

    def get_item(self) -> AgendaItem:
        if not hasattr(self, "item"):
            self.item = get_object_or_404(self.meeting.agenda_items, pk=self.kwargs["item_pk"])
        return self.item

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.caption = self.meeting.title
        return super().get_context_data(**kwargs)

    def record_label(self) -> str:
        return f"the agenda item “{self.get_item().title}”"

    def remove(self) -> None:
        agenda_item_delete(item=self.get_item())

    def back_url(self) -> str:
        return self.meeting_url() + "#agenda"


class AttendanceDeleteView(MeetingMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        attendance = get_object_or_404(self.meeting.attendance, pk=kwargs["attendance_pk"])
        attendance_delete(attendance=attendance)
        messages.success(request, f"{attendance.display_name} removed from the attendance.")
        return HttpResponseRedirect(self.meeting_url() + "#attendance")


class ActionStatusView(MeetingMixin, View):
    """The status change offered beside each action on the meeting page (no script needed)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        item = get_object_or_404(
            ActionLogItem.objects.filter(
                meeting__partnership=self.partnership, meeting__date__lte=self.meeting.date
            ),
            pk=kwargs["action_pk"],
        )
        form: BaseForm = ActionStatusForm(request.POST)
        if not form.is_valid():
            messages.error(request, f"Choose a status for “{item}”: Open, In progress or Done.")
        else:
            action_log_item_status_set(item=item, status=form.cleaned_data["status"])
            messages.success(request, f"“{item}” is now {item.get_status_display().lower()}.")
        return HttpResponseRedirect(self.meeting_url() + "#action-log")


class ActionLogItemDeleteView(MeetingMixin, ConfirmRemovePage, TemplateView):
    """Removes an action agreed at this meeting (one carried from earlier is removed there)."""

    consequence = "It leaves the action log: it is no longer carried to later meetings or their board packs."

    def get_item(self) -> ActionLogItem:
        if not hasattr(self, "item"):
            self.item = get_object_or_404(self.meeting.action_log, pk=self.kwargs["action_pk"])
        return self.item

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.caption = self.meeting.title
        return super().get_context_data(**kwargs)

    def record_label(self) -> str:
        return f"the action “{self.get_item()}”"

    def remove(self) -> None:
        action_log_item_delete(item=self.get_item())

    def back_url(self) -> str:
        return self.meeting_url() + "#action-log"
