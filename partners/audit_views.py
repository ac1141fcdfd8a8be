"""The audit log as a partnership's coordinators see it: filtered by kind, person and date, and
as a CSV file (cells revealed and neutralised, `csp_tracker.cells`)."""

import csv
import datetime
import io
from typing import Any

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.generic import TemplateView

from audit.models import AuditEvent
from csp_tracker.cells import csv_cell
from csp_tracker.forms import GdsFormMixin, form_field
from csp_tracker.tenancy import PartnershipMixin
from partners.audit import members_for_filter, partnership_audit_events
from partners.models import Partnership

PAGE_SIZE = 100
CSV_HEADERS = ["When (UTC)", "What", "Who", "Organisation", "Object", "Object id", "Detail", "Address"]


class AuditFilterForm(GdsFormMixin, forms.Form):
    kind = forms.ChoiceField(label="What", required=False)
    person = forms.TypedChoiceField(label="Who", required=False, coerce=int, empty_value=None)
    date_from = forms.DateField(
        label="From", required=False, widget=forms.DateInput({"type": "date"}, "%Y-%m-%d")
    )
    date_to = forms.DateField(
        label="To", required=False, widget=forms.DateInput({"type": "date"}, "%Y-%m-%d")
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "kind", forms.ChoiceField).choices = [("", "Everything"), *AuditEvent.Kind.choices]
        form_field(self, "person", forms.ChoiceField).choices = [
            ("", "Everyone"),
            *members_for_filter(partnership),
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date must be on or after the start date.")
        return cleaned

    def apply(self, events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        data = self.cleaned_data
        if data.get("kind"):
            events = events.filter(kind=data["kind"])
        if data.get("person"):
            events = events.filter(actor_id=data["person"])
        if data.get("date_from"):
            events = events.filter(occurred_at__gte=_start_of(data["date_from"]))
        if data.get("date_to"):
            events = events.filter(occurred_at__lt=_start_of(data["date_to"] + datetime.timedelta(days=1)))
        return events


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class AuditLogView(PartnershipMixin, TemplateView):
    permission_required = "partners.view_audit_log"
    template_name = "partners/audit_log.html"

    def get_permission_object(self) -> Partnership:
        return self.partnership

    def filtered(self) -> tuple[AuditFilterForm, QuerySet[AuditEvent]]:
        form = AuditFilterForm(self.request.GET or None, partnership=self.partnership)
        events = partnership_audit_events(self.partnership)
        if form.is_bound and form.is_valid():
            events = form.apply(events)
        elif form.is_bound:
            events = events.none()
        return form, events

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form, events = self.filtered()
        page = Paginator(events, PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            form=form,
            page=page,
            query=query.urlencode(),
            heading="Audit log",
            retention_days=settings.AUDIT_RETENTION_DAYS,
        )
        return context

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        response = super().render_to_response(context, **kwargs)
        if context["form"].is_bound and context["form"].errors:
            response.status_code = 400
        return response


class AuditLogCsvView(AuditLogView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form, events = self.filtered()
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(CSV_HEADERS)
        for event in events.iterator():
            writer.writerow(
                csv_cell(cell)
                for cell in [
                    event.occurred_at.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S"),
                    event.get_kind_display(),
                    event.actor_name,
                    event.organisation,
                    event.object_repr,
                    event.object_id,
                    event.detail,
                    event.ip_address or "",
                ]
            )
        response = HttpResponse(
            ("\ufeff" + buffer.getvalue()).encode(), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{self.partnership.slug}-audit-log.csv"'
        return response
