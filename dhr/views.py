"""DHR register pages below /p/<slug>/dhr/. Thin views: find the tenant, check the rule, call a
service or selector, render.

Someone without the partnership's DHR grant gets "page not found" from every page here (a 403
would confirm there is something to see); the one exception is a recommendation's owner, who may
open and update their own recommendation.
"""

import csv
import io

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView, View
from openpyxl import Workbook

from csp_tracker.cells import csv_cell, xlsx_append
from csp_tracker.tenancy import PartnershipMixin
from dhr import forms, selectors, services
from dhr.models import ReadLog, Recommendation, RecommendationUpdate, Review, Stage
from partners.rules import may_see_dhr
from plans.update_forms import ReturnForm

Channel = ReadLog.Channel


class DhrMixin(PartnershipMixin):
    """A DHR page: anyone the rule refuses who lacks the grant is told it does not exist."""

    def handle_no_permission(self):
        if self.request.user.is_authenticated and not may_see_dhr(self.request.user, self.partnership):
            raise Http404("Page not found.")
        return super().handle_no_permission()

    def get_permission_object(self):
        return self.partnership

    def review_url(self, review: Review) -> str:
        return reverse("dhr_review_detail", args=[self.partnership.slug, review.pk])


class ReviewMixin(DhrMixin):
    """A page about one review, found through the user's visible reviews of this partnership."""

    def get_review(self) -> Review:
        if not hasattr(self, "review"):
            try:
                self.review = selectors.review_for(self.request.user, self.partnership, self.kwargs["pk"])
            except ObjectDoesNotExist:
                raise Http404("Page not found.") from None
        return self.review

    def get_context_data(self, **kwargs):
        return super().get_context_data(review=self.get_review(), **kwargs)


# --- the register ---------------------------------------------------------------------------


class RegisterView(DhrMixin, TemplateView):
    permission_required = "dhr.view_register"
    template_name = "dhr/register.html"

    def get_context_data(self, **kwargs):
        lines = selectors.register(self.request.user, self.partnership)
        services.reads_record(
            partnership=self.partnership,
            user=self.request.user,
            channel=Channel.PAGE,
            what="Register",
            reviews=[line.review for line in lines],
        )
        return super().get_context_data(
            lines=lines, panel=selectors.dashboard_panel(self.request.user, self.partnership), **kwargs
        )


EXPORT_HEADERS = [
    "Reference",
    "Home Office reference",
    "Town or area",
    "Date of death",
    "Notified",
    "Decision",
    "Decision date",
    "Chair",
    "Author",
    "Managing body",
    "Stage",
    "Stage since",
    "Days since notification",
    "Days since submission to the Home Office",
    "Stage late",
    "Recommendations",
    "Recommendations overdue",
    "Summary",
]


def export_rows(lines) -> list[list]:
    return [
        [
            line.review.reference,
            line.review.home_office_reference,
            line.review.area,
            line.review.date_of_death,
            line.review.notification_date,
            line.review.get_decision_display(),
            line.review.decision_date,
            line.review.chair,
            line.review.author,
            line.review.managing_body,
            line.review.get_stage_display(),
            line.review.stage_since,
            line.clocks.days_since_notification,
            line.clocks.days_since_submission,
            "late" if line.clocks.stage_is_late else "",
            line.clocks.recommendations_total,
            line.clocks.recommendations_overdue,
            line.review.summary,
        ]
        for line in lines
    ]


class RegisterExportView(DhrMixin, View):
    permission_required = "dhr.view_register"
    file_format = "csv"

    def get(self, request, *args, **kwargs):
        lines = selectors.register(request.user, self.partnership)
        services.reads_record(
            partnership=self.partnership,
            user=request.user,
            channel=Channel.EXPORT,
            what=f"Register export ({self.file_format.upper()})",
            reviews=[line.review for line in lines],
        )
        rows = export_rows(lines)
        filename = f"{self.partnership.slug}-dhr-register.{self.file_format}"
        if self.file_format == "csv":
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            writer.writerow(EXPORT_HEADERS)
            writer.writerows([[csv_cell(v) for v in row] for row in rows])
            content, content_type = ("\ufeff" + buffer.getvalue()).encode(), "text/csv; charset=utf-8"
        else:
            book = Workbook()
            sheet = book.active
            sheet.title = "DHR register"
            xlsx_append(sheet, EXPORT_HEADERS)
            for row in rows:
                xlsx_append(sheet, row)
            out = io.BytesIO()
            book.save(out)
            content = out.getvalue()
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "no-store"
        return response


class ReviewCreateView(DhrMixin, FormView):
    permission_required = "dhr.manage_register"
    template_name = "dhr/form.html"
    form_class = forms.ReviewForm

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"partnership": self.partnership}

    def get_context_data(self, **kwargs):
        cancel = reverse("dhr_register", args=[self.partnership.slug])
        return super().get_context_data(heading="Add a review to the register", cancel_url=cancel, **kwargs)

    def form_valid(self, form):
        try:
            review = services.review_create(
                partnership=self.partnership, user=self.request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, f"DHR {review.reference} added to the register.")
        return redirect(self.review_url(review))


class ReviewDetailView(ReviewMixin, TemplateView):
    permission_required = "dhr.view_register"
    template_name = "dhr/review_detail.html"

    def get_context_data(self, **kwargs):
        review = self.get_review()
        services.read_record(
            partnership=self.partnership,
            user=self.request.user,
            channel=Channel.PAGE,
            what=f"Review page: DHR {review.reference}",
            review=review,
        )
        clocks = selectors.clocks_of(review, selectors.expected_days(self.partnership), timezone.localdate())
        return super().get_context_data(
            clocks=clocks,
            stage_events=review.stage_events.all(),
            progress=review.progress.all(),
            recommendations=review.recommendations.all(),
            attachments=review.attachments.all(),
            stages=Stage.choices,
            **kwargs,
        )


class ReviewEditView(ReviewMixin, FormView):
    permission_required = "dhr.manage_register"
    template_name = "dhr/form.html"
    form_class = forms.ReviewForm

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"partnership": self.partnership, "instance": self.get_review()}

    def get_context_data(self, **kwargs):
        review = self.get_review()
        return super().get_context_data(
            heading=f"Edit DHR {review.reference}", cancel_url=self.review_url(review), **kwargs
        )

    def form_valid(self, form):
        review = self.get_review()
        try:
            services.review_edit(review=review, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, f"DHR {review.reference} saved.")
        return redirect(self.review_url(review))


class StageRecordView(ReviewMixin, FormView):
    permission_required = "dhr.manage_register"
    template_name = "dhr/form.html"
    form_class = forms.StageForm

    def get_initial(self):
        review = self.get_review()
        following = min(review.stage_position + 1, len(Stage.choices) - 1)
        return {"stage": Stage.choices[following][0], "date": timezone.localdate()}

    def get_context_data(self, **kwargs):
        review = self.get_review()
        return super().get_context_data(
            heading=f"Record a stage: DHR {review.reference}",
            intro=f"Current stage: {review.get_stage_display()} since {review.stage_since:%-d %B %Y}.",
            cancel_url=self.review_url(review),
            **kwargs,
        )

    def form_valid(self, form):
        review = self.get_review()
        try:
            event = services.stage_record(review=review, user=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request, f"Stage recorded: {event.get_stage_display()} on {event.date:%-d %B %Y}."
        )
        return redirect(self.review_url(review))


class ReviewProgressView(ReviewMixin, FormView):
    permission_required = "dhr.manage_register"
    template_name = "dhr/progress_form.html"
    form_class = forms.ReviewProgressForm

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"partnership": self.partnership}

    def get_context_data(self, **kwargs):
        review = self.get_review()
        return super().get_context_data(
            heading=f"Progress update: DHR {review.reference}", cancel_url=self.review_url(review), **kwargs
        )

    def form_valid(self, form):
        review = self.get_review()
        try:
            services.review_progress_add(review=review, user=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, "Progress update added.")
        return redirect(self.review_url(review))


# --- recommendations ------------------------------------------------------------------------


class RecommendationCreateView(ReviewMixin, FormView):
    permission_required = "dhr.manage_register"
    template_name = "dhr/form.html"
    form_class = forms.RecommendationForm

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"review": self.get_review()}

    def get_context_data(self, **kwargs):
        review = self.get_review()
        return super().get_context_data(
            heading=f"Add a recommendation: DHR {review.reference}",
            cancel_url=self.review_url(review),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            recommendation = services.recommendation_save(recommendation=form.instance)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Recommendation {recommendation.number} added.")
        return redirect(self.review_url(self.get_review()) + "#recommendations")


class RecommendationMixin(DhrMixin):
    def get_recommendation(self) -> Recommendation:
        if not hasattr(self, "recommendation"):
            self.recommendation = get_object_or_404(
                Recommendation.objects.filter(partnership=self.partnership).select_related(
                    "review", "lead_officer", "owner_organisation", "current_update__rag"
                ),
                pk=self.kwargs["pk"],
            )
        return self.recommendation

    def get_permission_object(self):
        return self.get_recommendation()

    def handle_no_permission(self):
        if self.request.user.is_authenticated and not self.request.user.has_perm(
            "dhr.view_recommendation", self.get_recommendation()
        ):
            raise Http404("Page not found.")
        return super().handle_no_permission()

    def get_context_data(self, **kwargs):
        recommendation = self.get_recommendation()
        return super().get_context_data(
            recommendation=recommendation,
            sees_case=self.request.user.has_perm("dhr.view_register", self.partnership),
            **kwargs,
        )

    def recommendation_url(self) -> str:
        return reverse(
            "dhr_recommendation_detail", args=[self.partnership.slug, self.get_recommendation().pk]
        )


class RecommendationEditView(RecommendationMixin, FormView):
    permission_required = "dhr.manage_register"
    template_name = "dhr/form.html"
    form_class = forms.RecommendationForm

    def get_permission_object(self):
        return self.partnership

    def get_form_kwargs(self):
        recommendation = self.get_recommendation()
        return super().get_form_kwargs() | {"review": recommendation.review, "instance": recommendation}

    def get_context_data(self, **kwargs):
        recommendation = self.get_recommendation()
        return super().get_context_data(
            heading=f"Edit recommendation {recommendation.number}",
            cancel_url=self.recommendation_url(),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            services.recommendation_save(recommendation=form.instance)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, "Recommendation saved.")
        return redirect(self.recommendation_url())


class RecommendationDetailView(RecommendationMixin, TemplateView):
    """For a cleared member, the recommendation within its review; for its owner without the
    grant, only its text, due date and their own updates."""

    permission_required = "dhr.view_recommendation"
    template_name = "dhr/recommendation_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        recommendation = self.get_recommendation()
        if context["sees_case"]:
            services.read_record(
                partnership=self.partnership,
                user=self.request.user,
                channel=Channel.PAGE,
                what=f"Recommendation {recommendation.number} of DHR {recommendation.review.reference}",
                review=recommendation.review,
            )
        context["updates"] = recommendation.updates.select_related("rag").order_by("-version", "-id")
        context["can_update"] = self.request.user.has_perm("dhr.update_recommendation", recommendation)
        context["can_manage"] = self.request.user.has_perm("dhr.manage_register", self.partnership)
        return context


class RecommendationUpdateFormView(RecommendationMixin, TemplateView):
    """The owner's quarterly update, with the same draft / submit / conflict rules as a plan row."""

    permission_required = "dhr.update_recommendation"
    template_name = "dhr/recommendation_update_form.html"

    def setup_state(self):
        recommendation = self.get_recommendation()
        self.latest = services.recommendation_latest(recommendation)
        self.round = services.recommendation_open_round(recommendation)
        self.previous = list(recommendation.updates.accepted().select_related("rag").latest_first()[:4])
        self.previous_rag = self.previous[0].rag if self.previous else None

    def make_form(self, data=None, submitting=False):
        return forms.RecommendationUpdateForm(
            data,
            partnership=self.partnership,
            previous_rag=self.previous_rag,
            submitting=submitting,
            initial={
                **forms.RecommendationUpdateForm.initial_from(self.latest),
                "state": services.state_token(self.latest),
            },
        )

    def render_page(self, form, status=200, conflict=None):
        context = self.get_context_data(
            form=form,
            latest=self.latest,
            round=self.round,
            previous=self.previous,
            conflict=conflict,
            locked=self.latest is not None and self.latest.status == RecommendationUpdate.Status.SUBMITTED,
        )
        return self.render_to_response(context, status=status)

    def get(self, request, *args, **kwargs):
        self.setup_state()
        return self.render_page(self.make_form())

    def post(self, request, *args, **kwargs):
        self.setup_state()
        submitting = "submit" in request.POST
        form = self.make_form(request.POST, submitting=submitting)
        if not form.is_valid():
            return self.render_page(form, status=400)
        try:
            services.recommendation_update_save(
                recommendation=self.get_recommendation(),
                author=request.user,
                content=form.content(),
                expected_state=form.cleaned_data["state"],
                submit=submitting,
            )
        except services.EditConflict as conflict:
            self.latest = conflict.current
            data = request.POST.copy()
            data["state"] = services.state_token(conflict.current)
            fresh = forms.RecommendationUpdateForm(
                data, partnership=self.partnership, previous_rag=self.previous_rag, submitting=False
            )
            fresh.is_valid()
            return self.render_page(fresh, status=409, conflict=conflict.current)
        except services.UpdateLocked as locked:
            form.add_error(None, f"{locked} Nothing was saved; your text is still below.")
            return self.render_page(form, status=409)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.render_page(form, status=400)
        number = self.get_recommendation().number
        if submitting:
            messages.success(request, f"Update on recommendation {number} submitted for review.")
            return redirect("home")
        messages.success(request, "Draft saved. You can come back and finish it later.")
        return redirect("dhr_recommendation_update", self.partnership.slug, self.get_recommendation().pk)


class RecommendationReviewView(DhrMixin, TemplateView):
    permission_required = "dhr.manage_register"
    template_name = "dhr/recommendation_review.html"

    def get_update(self) -> RecommendationUpdate:
        if not hasattr(self, "update"):
            self.update = get_object_or_404(
                RecommendationUpdate.objects.filter(
                    recommendation__partnership=self.partnership
                ).select_related("recommendation__review", "recommendation__partnership", "rag"),
                pk=self.kwargs["pk"],
            )
        return self.update

    def get_context_data(self, **kwargs):
        update = self.get_update()
        return super().get_context_data(
            update=update,
            recommendation=update.recommendation,
            return_form=kwargs.pop("return_form", None) or ReturnForm(),
            may_review=self.request.user.has_perm("dhr.review_update", update),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        update = self.get_update()
        try:
            if "accept" in request.POST:
                services.recommendation_update_accept(update=update, reviewer=request.user)
                messages.success(
                    request, f"Update on recommendation {update.recommendation.number} accepted."
                )
            else:
                form = ReturnForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(return_form=form), status=400)
                services.recommendation_update_return(
                    update=update, reviewer=request.user, comment=form.cleaned_data["comment"]
                )
                messages.success(
                    request, f"Update on recommendation {update.recommendation.number} returned."
                )
        except services.UpdateLocked as locked:
            messages.error(request, str(locked))
        return redirect("dhr_recommendation_detail", self.partnership.slug, update.recommendation_id)


class ReadLogView(DhrMixin, TemplateView):
    permission_required = "dhr.view_read_log"
    template_name = "dhr/read_log.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(entries=selectors.read_log(self.partnership), **kwargs)
