"""The partnership's year: the calendar page, editing duties, the defaults, and the secret
iCalendar feed (no login: a long random token, compared by digest in constant time)."""

from typing import Any

from django.contrib import messages
from django.forms import BaseForm, BaseModelForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from assessments.calendar import (
    calendar_feed_reset,
    calendar_ics,
    duties_add_defaults,
    duty_delete,
    duty_lines,
    duty_save,
    feed_matches,
)
from assessments.forms import DefaultsForm, DutyForm
from assessments.models import CalendarFeed, Duty
from assessments.services import assessed_year_default
from csp_tracker.form_pages import FormPageMixin
from csp_tracker.tenancy import PartnershipMixin
from partners.models import Partnership

VIEW, MANAGE = "partners.view_partnership", "partners.manage_partnership"


class CalendarView(PartnershipMixin, TemplateView):
    permission_required = VIEW
    template_name = "assessments/calendar.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        can_manage = self.request.user.has_perm(MANAGE, self.partnership)
        context.update(
            lines=duty_lines(self.partnership, today),
            today=today,
            can_manage=can_manage,
            has_feed=can_manage and CalendarFeed.objects.filter(partnership=self.partnership).exists(),
            defaults_form=DefaultsForm(
                initial={"year": assessed_year_default(today, self.partnership.year_start_month) + 1}
            ),
        )
        return context


class DutyFormView(PartnershipMixin, FormPageMixin[Duty, BaseModelForm[Duty]], FormView):
    permission_required = MANAGE
    form_class = DutyForm
    success_message = "Duty saved."

    def duty(self) -> Duty | None:
        if "pk" not in self.kwargs:
            return None
        if not hasattr(self, "_duty"):
            self._duty = get_object_or_404(self.partnership.duties, pk=self.kwargs["pk"])
        return self._duty

    def get_parent_kwargs(self) -> dict[str, Any]:
        return {"partnership": self.partnership}

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        if self.duty() is not None:
            kwargs["instance"] = self.duty()
        return kwargs

    def get_heading(self) -> str:
        duty = self.duty()
        return f"Edit duty: {duty.title}" if duty else "Add a duty"

    def save(self, form: BaseModelForm[Duty]) -> Duty:
        return duty_save(duty=form.instance)

    def get_success_url(self) -> str:
        return reverse("calendar", args=[self.partnership.slug])


class DutyDeleteView(PartnershipMixin, View):
    permission_required = MANAGE
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        duty = get_object_or_404(self.partnership.duties, pk=kwargs["pk"])
        duty_delete(duty=duty)
        messages.success(request, f"“{duty.title}” removed from the calendar.")
        return HttpResponseRedirect(reverse("calendar", args=[self.partnership.slug]))


class DutyDefaultsView(PartnershipMixin, FormPageMixin[Duty, BaseForm], FormView):
    """Adds a year's default duties (GET shows the form; the calendar page posts to it too)."""

    permission_required = MANAGE
    form_class = DefaultsForm
    heading = "Add a year's statutory duties"

    def get_initial(self) -> dict[str, Any]:
        today = timezone.localdate()
        return {"year": assessed_year_default(today, self.partnership.year_start_month) + 1}

    def save(self, form: BaseForm) -> None:
        added = duties_add_defaults(partnership=self.partnership, year=form.cleaned_data["year"])
        self.success_message = (
            f"{len(added)} duties added: edit their dates to suit the partnership."
            if added
            else "Nothing added: that year's duties are already in the calendar."
        )

    def get_success_url(self) -> str:
        return reverse("calendar", args=[self.partnership.slug])


class FeedResetView(PartnershipMixin, View):
    permission_required = MANAGE
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token = calendar_feed_reset(partnership=self.partnership)
        address = request.build_absolute_uri(reverse("calendar_feed", args=[self.partnership.slug, token]))
        messages.success(
            request,
            f"The calendar's new secret address (shown only now; any earlier address has stopped working): "
            f"{address}",
        )
        return HttpResponseRedirect(reverse("calendar", args=[self.partnership.slug]))


class FeedView(View):
    """No login (Outlook subscribes without one): the token in the address is the key."""

    http_method_names = ["get"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        partnership = Partnership.objects.filter(slug=kwargs["slug"]).first()
        if partnership is None or not feed_matches(partnership, kwargs["token"]):
            raise Http404("No such calendar.")
        response = HttpResponse(calendar_ics(partnership, timezone.localdate()), content_type="text/calendar")
        response["Content-Disposition"] = f'inline; filename="{partnership.slug}-year.ics"'
        response["Cache-Control"] = "private, max-age=900"
        return response
