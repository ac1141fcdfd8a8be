"""Composing a draft scrutiny report: its sections, statistics tables and background papers;
issuing it (after a confirmation page) and starting a new version of an issued one."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, TemplateView

from csp_tracker.form_pages import ConfirmRemovePage, FormPageMixin
from csp_tracker.tenancy import PartnershipMixin
from reports.forms import BackgroundPapersForm, SectionForm, StatisticsTableForm
from reports.models import ReportSection, ScrutinyReport, StatisticsTable
from reports.services import (
    background_papers_save,
    scrutiny_report_issue,
    scrutiny_report_new_version,
    section_delete,
    section_move,
    section_save,
    statistics_table_save,
)

MANAGE = "partners.manage_partnership"


class DraftMixin(PartnershipMixin):
    """Loads the partnership's draft named in the URL (an issued report is never edited)."""

    permission_required = MANAGE
    report: ScrutinyReport
    kwargs: dict[str, Any]

    def drafts(self) -> QuerySet[ScrutinyReport]:
        return self.partnership.scrutiny_reports.filter(status=ScrutinyReport.Status.DRAFT)

    def load_report(self) -> ScrutinyReport:
        if not hasattr(self, "report"):
            self.report = get_object_or_404(self.drafts().select_related("plan"), pk=self.kwargs["pk"])
        return self.report

    def compose_url(self) -> str:
        return reverse("scrutiny_compose", args=[self.partnership.slug, self.kwargs["pk"]])


class ScrutinyComposeView(DraftMixin, TemplateView):
    template_name = "reports/scrutiny_compose.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        report = self.load_report()
        sections = list(report.sections.all())
        top = [s for s in sections if not s.parent_id]
        context.update(
            report=report,
            sections=[
                (
                    str(n),
                    section,
                    [
                        (f"{n}.{m}", c)
                        for m, c in enumerate((c for c in sections if c.parent_id == section.pk), 1)
                    ],
                )
                for n, section in enumerate(top, start=1)
            ],
            tables=list(report.statistics_tables.prefetch_related("rows")),
            papers=list(report.background_papers.all()),
        )
        return context


class SectionFormView(DraftMixin, FormPageMixin, FormView):
    form_class = SectionForm
    success_message = "Section saved."
    section: ReportSection | None = None

    def get_parent_kwargs(self) -> dict[str, Any]:
        return {"report": self.load_report(), "section": self.get_section()}

    def get_section(self) -> ReportSection | None:
        if "section_pk" in self.kwargs and self.section is None:
            self.section = get_object_or_404(self.load_report().sections, pk=self.kwargs["section_pk"])
        return self.section

    def get_initial(self) -> dict[str, Any]:
        section = self.get_section()
        if section is None:
            return {}
        return {
            "title": section.title,
            "parent": section.parent,
            "body": section.body,
            "shows_partners": section.shows_partners,
        }

    def get_heading(self) -> str:
        section = self.get_section()
        return f"Edit section: {section.title}" if section else "Add a section"

    def save(self, form: BaseForm) -> ReportSection:
        data = form.cleaned_data
        section = self.get_section() or ReportSection(report=self.load_report())
        if section.parent != data["parent"]:
            section.parent, section.position = data["parent"], 0 if section.pk is None else section.position
        section.shows_partners = data["shows_partners"]
        return section_save(section=section, title=data["title"], body=data["body"], theme=data["theme"])

    def get_success_url(self) -> str:
        return self.compose_url()


class SectionDeleteView(DraftMixin, ConfirmRemovePage, TemplateView):
    consequence = "Its text and its subsections are removed from this draft."

    def get_section(self) -> ReportSection:
        if not hasattr(self, "section"):
            self.section = get_object_or_404(self.load_report().sections, pk=self.kwargs["section_pk"])
        return self.section

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.caption = self.load_report().title
        return super().get_context_data(**kwargs)

    def record_label(self) -> str:
        return f"the section “{self.get_section().title}”"

    def remove(self) -> None:
        section_delete(section=self.get_section())

    def back_url(self) -> str:
        return self.compose_url()


class SectionMoveView(DraftMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        section = get_object_or_404(self.load_report().sections, pk=kwargs["section_pk"])
        section_move(section=section, offset=-1 if request.POST.get("direction") == "up" else 1)
        return HttpResponseRedirect(self.compose_url())


class StatisticsTableFormView(DraftMixin, FormPageMixin, FormView):
    form_class = StatisticsTableForm
    success_message = "Statistics table saved: variance is worked out for you."
    table: StatisticsTable | None = None

    def get_parent_kwargs(self) -> dict[str, Any]:
        return {"report": self.load_report()}

    def get_table(self) -> StatisticsTable | None:
        if "table_pk" in self.kwargs and self.table is None:
            self.table = get_object_or_404(self.load_report().statistics_tables, pk=self.kwargs["table_pk"])
        return self.table

    def get_initial(self) -> dict[str, Any]:
        table = self.get_table()
        if table is None:
            return {"compares": True}
        lines = [
            " | ".join([row.label, row.unit, row.direction, *[str(v) for v in row.values]])
            for row in table.rows.all()
        ]
        return {
            "title": table.title,
            "columns": " | ".join(table.columns),
            "rows": "\n".join(lines),
            "compares": table.compares,
            "section": table.section,
        }

    def get_heading(self) -> str:
        table = self.get_table()
        return f"Edit statistics table: {table.title}" if table else "Add a statistics table"

    def save(self, form: BaseForm) -> StatisticsTable:
        data = form.cleaned_data
        return statistics_table_save(
            table=self.get_table() or StatisticsTable(report=self.load_report()),
            title=data["title"],
            columns=data["columns"],
            rows=data["rows"],
            compares=data["compares"],
            section=data["section"],
        )

    def get_success_url(self) -> str:
        return self.compose_url()


class BackgroundPapersView(DraftMixin, FormPageMixin, FormView):
    form_class = BackgroundPapersForm
    heading = "Background papers"
    success_message = "Background papers saved."

    def get_initial(self) -> dict[str, Any]:
        lines = [
            " | ".join([p.title, p.date.isoformat() if p.date else "", p.link]).rstrip(" |")
            for p in self.load_report().background_papers.all()
        ]
        return {"papers": "\n".join(lines)}

    def save(self, form: BaseForm) -> None:
        background_papers_save(report=self.load_report(), papers=form.cleaned_data["papers"])

    def get_success_url(self) -> str:
        return self.compose_url()


class ScrutinyIssueView(DraftMixin, TemplateView):
    """A confirmation page (GET) before the report is issued (POST with confirm)."""

    template_name = "reports/scrutiny_issue.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["report"] = self.load_report()
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        report = self.load_report()
        if request.POST.get("confirm") != "yes":
            messages.error(request, "Nothing was issued: confirm that the report is ready to issue.")
            return HttpResponseRedirect(reverse("scrutiny_issue", args=[self.partnership.slug, report.pk]))
        scrutiny_report_issue(report=report, user=self.user)
        messages.success(request, f"{report.title} is issued: its PDF is now fixed and members can read it.")
        return HttpResponseRedirect(reverse("scrutiny_list", args=[self.partnership.slug]))


class ScrutinyNewVersionView(PartnershipMixin, View):
    permission_required = MANAGE
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        report = get_object_or_404(
            self.partnership.scrutiny_reports.filter(status=ScrutinyReport.Status.ISSUED), pk=kwargs["pk"]
        )
        try:
            copy = scrutiny_report_new_version(report=report, user=self.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(reverse("scrutiny_list", args=[self.partnership.slug]))
        messages.success(
            request, f"Version {copy.version} started: issuing it will supersede version {report.version}."
        )
        return HttpResponseRedirect(reverse("scrutiny_compose", args=[self.partnership.slug, copy.pk]))
