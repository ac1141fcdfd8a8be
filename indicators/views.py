"""Indicator pages: the dashboard every member sees and the coordinator's management pages."""

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.forms import BaseModelForm
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import CreateView, FormView, TemplateView, UpdateView

from csp_tracker.form_pages import FormPageMixin
from csp_tracker.records import record_save
from csp_tracker.replica import ReplicaReadsMixin
from csp_tracker.tenancy import PartnershipMixin
from indicators import forms, selectors, services
from indicators.models import Indicator, IndicatorValue
from partners.models import Partnership


class IndicatorDashboardView(ReplicaReadsMixin, PartnershipMixin, TemplateView):
    permission_required = "indicators.view_indicator"
    template_name = "dashboards/indicators.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["summaries"] = selectors.indicator_summaries(self.partnership)
        return context


class IndicatorMixin:
    """For pages of one indicator, found through the partnership."""

    kwargs: dict[str, Any]
    partnership: Partnership
    indicator: Indicator

    def load_indicator(self) -> Indicator:
        if not hasattr(self, "indicator"):
            self.indicator = get_object_or_404(
                self.partnership.indicators.select_related("partnership", "theme"),
                pk=self.kwargs["indicator_pk"],
            )
        return self.indicator


class IndicatorDetailView(IndicatorMixin, PartnershipMixin, TemplateView):
    permission_required = "indicators.view_indicator"
    template_name = "indicators/indicator_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        indicator = self.load_indicator()
        summaries = selectors.indicator_summaries(
            self.partnership, self.partnership.indicators.filter(pk=indicator.pk)
        )
        context.update(indicator=indicator, summary=summaries[0], values=indicator.values.all())
        return context


class IndicatorFormMixin(FormPageMixin[Indicator, BaseModelForm[Indicator]]):
    partnership: Partnership

    def save(self, form: BaseModelForm[Indicator]) -> Indicator:
        return record_save(record=form.instance)

    def get_parent_kwargs(self) -> dict[str, Any]:
        return {"partnership": self.partnership}

    def get_success_url(self) -> str:
        if getattr(self, "object", None) and self.object.pk:
            return reverse("indicator_detail", args=[self.partnership.slug, self.object.pk])
        return reverse("indicator_dashboard", args=[self.partnership.slug])


class IndicatorCreateView(PartnershipMixin, IndicatorFormMixin, CreateView):
    permission_required = "indicators.manage_indicator"
    form_class = forms.IndicatorForm
    heading = "Add an indicator"
    success_message = "Indicator added. Now record its values."


class IndicatorUpdateView(IndicatorMixin, PartnershipMixin, IndicatorFormMixin, UpdateView):
    permission_required = "indicators.manage_indicator"
    form_class = forms.IndicatorForm
    success_message = "Indicator saved."

    object: Indicator

    def get_object(self, queryset: QuerySet[Indicator] | None = None) -> Indicator:
        return self.load_indicator()

    def get_heading(self) -> str:
        return f"Edit indicator: {self.object.name}"


class ValueFormMixin(IndicatorMixin, FormPageMixin[IndicatorValue, BaseModelForm[IndicatorValue]]):
    success_message = "Value saved."

    def get_parent_kwargs(self) -> dict[str, Any]:
        return {"indicator": self.load_indicator()}

    def get_success_url(self) -> str:
        return reverse("indicator_detail", args=[self.partnership.slug, self.load_indicator().pk])

    def save(self, form: BaseModelForm[IndicatorValue]) -> IndicatorValue:
        return services.indicator_value_save(value=form.instance)


class ValueCreateView(ValueFormMixin, PartnershipMixin, CreateView):
    permission_required = "indicators.manage_indicator"
    form_class = forms.IndicatorValueForm

    def get_heading(self) -> str:
        return f"Record a value of {self.load_indicator().name}"


class ValueUpdateView(ValueFormMixin, PartnershipMixin, UpdateView):
    permission_required = "indicators.manage_indicator"
    form_class = forms.IndicatorValueForm
    object: IndicatorValue

    def get_queryset(self) -> QuerySet[IndicatorValue]:
        return self.load_indicator().values.all()

    def get_heading(self) -> str:
        return f"Edit the {self.object.period_label} value of {self.load_indicator().name}"


class ValuesUploadView(IndicatorMixin, PartnershipMixin, FormView):
    permission_required = "indicators.manage_indicator"
    form_class = forms.ValuesUploadForm
    template_name = "indicators/upload.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["indicator"] = self.load_indicator()
        context["heading"] = f"Upload values of {self.indicator.name}"
        return context

    def form_valid(self, form: forms.ValuesUploadForm) -> HttpResponse:
        indicator = self.load_indicator()
        try:
            result = services.indicator_values_import(
                indicator=indicator, content=form.cleaned_data["file"].read()
            )
        except services.CsvRejected as rejected:
            form.add_error("file", "The file was not imported: fix the rows listed and upload it again.")
            return self.render_to_response(self.get_context_data(form=form, row_errors=rejected.errors))
        messages.success(
            self.request, f"Imported {result.created} new value(s) and replaced {result.updated}."
        )
        return redirect("indicator_detail", self.partnership.slug, indicator.pk)
