"""The strategic assessment's pages: the list, starting and composing a draft, issuing it, its
PDF, and turning its recommended priorities into next year's draft plan."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import BaseForm, BaseModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views import View
from django.views.generic import CreateView, FormView, TemplateView

from assessments.content import assessment_content
from assessments.forms import (
    AssessmentForm,
    EmergingIssueForm,
    JudgementForm,
    RecommendationForm,
    ScanningRowForm,
    YearlyFiguresForm,
)
from assessments.models import (
    EmergingIssue,
    PriorityReview,
    RecommendedPriority,
    ScanningRow,
    StrategicAssessment,
)
from assessments.report_files import assessment_pdf_request
from assessments.services import (
    assessment_create,
    assessment_details_save,
    assessment_issue,
    emerging_issue_delete,
    emerging_issue_save,
    next_year_plan,
    priority_review_save,
    recommendation_delete,
    recommendation_save,
    recommendations_to_plan,
    scanning_row_delete,
    scanning_row_save,
)
from csp_tracker.form_pages import FormPageMixin
from csp_tracker.tenancy import PartnershipMixin
from indicators.services import CsvRejected
from indicators.yearly_import import yearly_figures_import
from partners.models import Partnership

VIEW, MANAGE = "partners.view_partnership", "partners.manage_partnership"


def visible_assessments(request: HttpRequest, partnership: Partnership) -> QuerySet[StrategicAssessment]:
    """Drafts are the coordinator's; issued assessments are for every member."""
    assessments = partnership.assessments.all()
    if request.user.has_perm(MANAGE, partnership):
        return assessments
    return assessments.exclude(status=StrategicAssessment.Status.DRAFT)


class AssessmentListView(PartnershipMixin, TemplateView):
    permission_required = VIEW
    template_name = "assessments/assessment_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["assessments"] = visible_assessments(self.request, self.partnership)
        context["can_manage"] = self.request.user.has_perm(MANAGE, self.partnership)
        return context


class AssessmentCreateView(
    PartnershipMixin, FormPageMixin[StrategicAssessment, BaseModelForm[StrategicAssessment]], CreateView
):
    permission_required = MANAGE
    form_class = AssessmentForm
    heading = "Start a strategic assessment"
    success_message = "Draft started: each of last year's priorities has a review waiting for your judgement."

    def get_parent_kwargs(self) -> dict[str, Any]:
        return {"partnership": self.partnership}

    def save(self, form: BaseModelForm[StrategicAssessment]) -> StrategicAssessment:
        return assessment_create(assessment=form.instance, user=self.user)

    def get_success_url(self) -> str:
        if getattr(self, "object", None):
            return reverse("assessment_detail", args=[self.partnership.slug, self.object.pk])
        return reverse("assessment_list", args=[self.partnership.slug])


class AssessmentMixin(PartnershipMixin):
    """Loads the assessment named in the URL, as the reader may see it."""

    permission_required = MANAGE
    drafts_only = True
    assessment: StrategicAssessment

    def load_assessment(self) -> StrategicAssessment:
        if not hasattr(self, "assessment"):
            assessments = visible_assessments(self.request, self.partnership)
            if self.drafts_only:
                assessments = assessments.filter(status=StrategicAssessment.Status.DRAFT)
            self.assessment = get_object_or_404(
                assessments.select_related("reviewed_plan", "partnership"), pk=self.kwargs["pk"]
            )
        return self.assessment

    def detail_url(self) -> str:
        return reverse("assessment_detail", args=[self.partnership.slug, self.kwargs["pk"]])

    def get_success_url(self) -> str:
        return self.detail_url()


class AssessmentDetailView(AssessmentMixin, TemplateView):
    """The composer for a draft (coordinator); the issued document for every member."""

    permission_required = VIEW
    drafts_only = False
    template_name = "assessments/assessment_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        assessment = self.load_assessment()
        can_manage = self.request.user.has_perm(MANAGE, self.partnership)
        context.update(
            assessment=assessment,
            content=assessment_content(assessment),
            can_compose=can_manage and assessment.is_draft,
            can_manage=can_manage,
            next_plan=next_year_plan(assessment),
            waiting=[r for r in assessment.recommendations.all() if not r.theme_id],
        )
        return context


class AssessmentUpdateView(
    AssessmentMixin, FormPageMixin[StrategicAssessment, BaseModelForm[StrategicAssessment]], FormView
):
    form_class = AssessmentForm
    success_message = "Document details saved."

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.load_assessment()
        return kwargs

    def get_parent_kwargs(self) -> dict[str, Any]:
        return {"partnership": self.partnership}

    def get_heading(self) -> str:
        return f"Edit document details: {self.load_assessment().title}"

    def save(self, form: BaseModelForm[StrategicAssessment]) -> StrategicAssessment:
        return assessment_details_save(assessment=form.instance)


class ReviewUpdateView(AssessmentMixin, FormPageMixin[PriorityReview, BaseForm], FormView):
    form_class = JudgementForm
    success_message = "Judgement saved."

    def review(self) -> PriorityReview:
        return get_object_or_404(
            self.load_assessment().reviews.select_related("theme"), pk=self.kwargs["review_pk"]
        )

    def get_initial(self) -> dict[str, Any]:
        return {"judgement": self.review().judgement}

    def get_heading(self) -> str:
        return f"Judge the impact: {self.review().theme.title}"

    def save(self, form: BaseForm) -> PriorityReview:
        return priority_review_save(review=self.review(), judgement=form.cleaned_data["judgement"])


class ChildFormView[Child: ScanningRow | EmergingIssue | RecommendedPriority](
    AssessmentMixin, FormPageMixin[Child, BaseModelForm[Child]], FormView
):
    """Adds (no child id in the URL) or edits one part of a draft."""

    related_name = ""
    child_kwarg = "child_pk"
    noun = ""

    def get_parent_kwargs(self) -> dict[str, Any]:
        return {"assessment": self.load_assessment()}

    def child(self) -> Child | None:
        if self.child_kwarg not in self.kwargs:
            return None
        if not hasattr(self, "_child"):
            related = getattr(self.load_assessment(), self.related_name)
            self._child = get_object_or_404(related, pk=self.kwargs[self.child_kwarg])
        return self._child

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        if self.child() is not None:
            kwargs["instance"] = self.child()
        return kwargs

    def get_heading(self) -> str:
        child = self.child()
        return f"Edit {self.noun}: {child}" if child else f"Add {self.noun}"


class ScanningRowFormView(ChildFormView[ScanningRow]):
    form_class = ScanningRowForm
    related_name = "scanning_rows"
    noun = "a scanning table row"
    success_message = "Scanning row saved: the figures are worked out from the indicator."

    def get_heading(self) -> str:
        child = self.child()
        return f"Edit scanning row: {child}" if child else "Add a scanning table row"

    def save(self, form: BaseModelForm[ScanningRow]) -> ScanningRow:
        return scanning_row_save(
            row=form.instance,
            actions=form.cleaned_data["actions"],
            refill_figures=form.cleaned_data["refill_figures"],
        )


class ScanningRowDeleteView(AssessmentMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        row = get_object_or_404(self.load_assessment().scanning_rows, pk=kwargs["child_pk"])
        scanning_row_delete(row=row)
        messages.success(request, f"Scanning row “{row.topic}” removed.")
        return HttpResponseRedirect(self.detail_url())


class ChildDeleteView(AssessmentMixin, View):
    """Removes one part of a draft (a button on the composer)."""

    http_method_names = ["post"]
    related_name = ""

    def remove(self, child: Any) -> None:
        raise NotImplementedError

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        child = get_object_or_404(getattr(self.load_assessment(), self.related_name), pk=kwargs["child_pk"])
        try:
            self.remove(child)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"“{child}” removed.")
        return HttpResponseRedirect(self.detail_url())


class EmergingIssueDeleteView(ChildDeleteView):
    related_name = "emerging"

    def remove(self, child: EmergingIssue) -> None:
        emerging_issue_delete(issue=child)


class RecommendationDeleteView(ChildDeleteView):
    related_name = "recommendations"

    def remove(self, child: RecommendedPriority) -> None:
        recommendation_delete(recommendation=child)


class EmergingIssueFormView(ChildFormView[EmergingIssue]):
    form_class = EmergingIssueForm
    related_name = "emerging"
    noun = "an emerging issue"
    success_message = "Emerging issue saved."

    def save(self, form: BaseModelForm[EmergingIssue]) -> EmergingIssue:
        return emerging_issue_save(issue=form.instance)


class RecommendationFormView(ChildFormView[RecommendedPriority]):
    form_class = RecommendationForm
    related_name = "recommendations"
    noun = "a recommended priority"
    success_message = "Recommended priority saved."

    def save(self, form: BaseModelForm[RecommendedPriority]) -> RecommendedPriority:
        return recommendation_save(recommendation=form.instance)


class RecommendationsToPlanView(AssessmentMixin, View):
    """One step: each recommended priority becomes a theme of next year's draft plan."""

    drafts_only = False
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        assessment = self.load_assessment()
        try:
            plan, themes = recommendations_to_plan(assessment=assessment)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(self.detail_url())
        messages.success(
            request,
            f"{len(themes)} theme{'s' if len(themes) != 1 else ''} added to the draft plan {plan.title}.",
        )
        return HttpResponseRedirect(reverse("plan_detail", args=[self.partnership.slug, plan.pk]))


class AssessmentIssueView(AssessmentMixin, TemplateView):
    """A confirmation page (GET) before the assessment is issued and frozen (POST with confirm)."""

    template_name = "assessments/assessment_issue.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["assessment"] = self.load_assessment()
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        assessment = self.load_assessment()
        if request.POST.get("confirm") != "yes":
            messages.error(request, "Nothing was issued: confirm that the assessment is ready to issue.")
            return HttpResponseRedirect(
                reverse("assessment_issue", args=[self.partnership.slug, assessment.pk])
            )
        assessment_issue(assessment=assessment, user=self.user)
        messages.success(
            request, f"{assessment.title} is issued: its PDF is now fixed and members can read it."
        )
        return HttpResponseRedirect(self.detail_url())


class AssessmentPdfView(AssessmentMixin, View):
    """POST only: the PDF is prepared in the background like the other reports, and the reader
    waits on its page; a copy kept fresh (an issued assessment's, rendered once) is given at once."""

    permission_required = VIEW
    drafts_only = False
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        report_file = assessment_pdf_request(assessment=self.load_assessment(), user=self.user)
        return HttpResponseRedirect(
            reverse("report_file_detail", args=[self.partnership.slug, report_file.pk])
        )


class YearlyFiguresUploadView(PartnershipMixin, FormView):
    """Ten years' figures for the assessment, from one CSV (`indicators.yearly_import`): every
    problem listed by row and column, nothing imported until the file is right."""

    permission_required = MANAGE
    form_class = YearlyFiguresForm
    template_name = "assessments/yearly_upload.html"

    def form_valid(self, form: YearlyFiguresForm) -> HttpResponse:
        try:
            result = yearly_figures_import(
                partnership=self.partnership, content=form.cleaned_data["file"].read()
            )
        except CsvRejected as rejected:
            form.add_error("file", "The file was not imported: fix the problems listed and upload it again.")
            return self.render_to_response(self.get_context_data(form=form, row_errors=rejected.errors))
        messages.success(self.request, result.summary)
        return HttpResponseRedirect(reverse("assessment_list", args=[self.partnership.slug]))
