"""Quarterly update pages: the lead officer's form, rounds, tracking, review and the e-mail log."""

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.views.generic import FormView, TemplateView, View

from csp_tracker.periods import Quarter, quarters_between
from csp_tracker.tenancy import PartnershipMixin
from partners.audience import Audience
from partners.models import Person
from plans import selectors, services
from plans.models import ProgressUpdate, ProjectRow, SentEmail, UpdateRound
from plans.outline import plan_outline
from plans.update_forms import Difference, ReturnForm, RoundForm, UpdateForm, resolve_conflict


def previous_updates(
    row: ProjectRow, *, exclude_round: UpdateRound | None, limit: int = 4
) -> list[ProgressUpdate]:
    """The row's recent accepted updates, newest first, for reference beside the form."""
    updates = row.updates.accepted().select_related("rag")
    if exclude_round is not None:
        updates = updates.exclude(round=exclude_round)
    return list(updates.latest_first()[:limit])


class UpdateFormView(PartnershipMixin, TemplateView):
    """Write, save as draft and submit a row's update for the plan's open round."""

    permission_required = "plans.update_row"
    template_name = "plans/update_form.html"
    row: ProjectRow
    round: UpdateRound | None

    def get_row(self) -> ProjectRow:
        if not hasattr(self, "row"):
            self.row = get_object_or_404(
                ProjectRow.objects.filter(action__plan=self.plan)
                .select_related("action__plan__partnership", "action__theme", "current_update__rag")
                .prefetch_related(
                    Prefetch("lead_people", Person.objects.select_related("organisation")),
                    "targets",
                    "action__expected_outcomes",
                ),
                pk=self.kwargs["row_pk"],
            )
        return self.row

    def get_permission_object(self) -> ProjectRow:
        return self.get_row()

    def setup_state(self) -> None:
        self.round = selectors.open_round(self.plan)

    # Read only where the page needs them: a save reads the update again itself, under its
    # compare-and-set, so a draft save that succeeds costs neither query.
    @cached_property
    def latest(self) -> ProgressUpdate | None:
        """The row's update in the open round as it stands."""
        return (
            services.update_for_editing(row=self.get_row(), update_round=self.round) if self.round else None
        )

    @cached_property
    def previous(self) -> list[ProgressUpdate]:
        return previous_updates(self.get_row(), exclude_round=self.round)

    def make_form(self, data: QueryDict | None = None) -> UpdateForm:
        if data is not None:  # what was posted is the form (it has no disabled fields)
            return UpdateForm(data, row=self.get_row())
        return UpdateForm(
            row=self.get_row(),
            initial={
                **UpdateForm.initial_from(self.latest),
                "state": services.update_state_token(self.latest),
            },
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_state()
        return self.render_page(self.make_form())

    def render_page(
        self,
        form: UpdateForm,
        status: int = 200,
        conflict: ProgressUpdate | None = None,
        differences: list[Difference] | None = None,
        unresolved: Iterable[Difference] = (),
    ) -> HttpResponse:
        row = self.get_row()
        context = self.get_context_data(
            form=form,
            row=row,
            action=row.action,
            round=self.round,
            latest=self.latest,
            previous=self.previous,
            conflict=conflict,
            conflict_is_mine=conflict is not None and conflict.author_id == self.user.pk,
            differences=differences or [],
            unresolved={d.name for d in unresolved},
            on_behalf=services.writes_on_behalf(row=row, author=self.user),
            locked=self.latest is not None and self.latest.status == ProgressUpdate.Status.SUBMITTED,
            help=selectors.update_form_help(row=row, previous=self.previous),
            deadline=selectors.round_deadline(self.round),
        )
        return self.render_to_response(context, status=status)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_state()
        submitting = "submit" in request.POST
        row = self.get_row()
        if self.round is None:
            messages.error(request, "There is no open update round for this plan, so nothing was saved.")
            return redirect("action_detail", self.partnership.slug, self.plan.pk, row.action_id)
        data = request.POST.copy()
        if "resolving" in data and self.latest is not None:
            # Saving after a conflict: every field that differs needs the person's choice.
            unresolved = resolve_conflict(data, UpdateForm(data, row=row), self.latest)
            if unresolved:
                return self.conflict_page(data, self.latest, unresolved=unresolved)
        form = self.make_form(data)
        if not form.is_valid():
            return self.render_page(form, status=400)
        try:
            update = services.update_save(
                row=row,
                update_round=self.round,
                author=self.user,
                content=form.content(),
                expected_state=form.cleaned_data["state"],
                submit=submitting,
            )
        except services.EditConflict as conflict:
            if conflict.current is None:  # the version the form was opened on has gone
                data = data.copy()
                data["state"] = services.update_state_token(None)
                gone = self.make_form(data)
                gone.is_valid()
                gone.add_error(
                    None,
                    "The update you opened is no longer there. Nothing was saved: save again to keep "
                    "your text.",
                )
                return self.render_page(gone, status=409)
            return self.conflict_page(data, conflict.current)
        except services.UpdateLocked as locked:
            form.add_error(None, f"{locked} Nothing was saved; your text is still below.")
            return self.render_page(form, status=409)
        except ValidationError as error:
            form.add_error(None, error)  # a rule's message goes beside the field it names
            return self.render_page(form, status=400)
        if submitting:
            messages.success(request, f"Update for {row.action.reference} submitted for review.")
            return redirect("home")
        messages.success(
            request, f"Draft saved at {update.updated_at:%H:%M}. You can come back and finish it later."
        )
        return redirect("update_form", self.partnership.slug, self.plan.pk, row.pk)

    def conflict_page(
        self, data: QueryDict, current: ProgressUpdate, unresolved: Iterable[Difference] = ()
    ) -> HttpResponse:
        """Someone saved in between: show every field that differs side by side; the form keeps
        what this person typed and now carries the newer version's token, and saving needs a
        choice for each difference."""
        self.latest = current  # the page now shows the newer version
        data = data.copy()
        data["state"] = services.update_state_token(current)
        fresh = UpdateForm(data, row=self.get_row())
        fresh.is_valid()
        differences = fresh.differences_from(current)
        return self.render_page(
            fresh, status=409, conflict=current, differences=differences, unresolved=unresolved
        )


class UpdateAutosaveView(UpdateFormView):
    """The form's periodic draft save (JavaScript): the same service and compare-and-set as
    "Save draft", answered in JSON so the page keeps the person's place. Never submits."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_state()
        if self.round is None:
            return JsonResponse({"saved": False, "message": "There is no open update round."}, status=409)
        form = self.make_form(request.POST)
        if not form.is_valid():
            return JsonResponse(
                {"saved": False, "message": "Not saved automatically: check the form."}, status=400
            )
        try:
            update = services.update_save(
                row=self.get_row(),
                update_round=self.round,
                author=self.user,
                content=form.content(),
                expected_state=form.cleaned_data["state"],
                submit=False,
            )
        except services.EditConflict:
            message = "Not saved automatically: this update was saved elsewhere. Save draft to compare."
            return JsonResponse({"saved": False, "conflict": True, "message": message}, status=409)
        except (services.UpdateLocked, ValidationError) as error:
            return JsonResponse({"saved": False, "message": f"Not saved automatically: {error}"}, status=409)
        return JsonResponse(
            {
                "saved": True,
                "state": services.update_state_token(update),
                "message": f"Draft saved automatically at {update.updated_at:%H:%M}.",
            }
        )


class WithdrawView(PartnershipMixin, View):
    """Take a submitted update back to draft until the coordinator has reviewed it."""

    permission_required = "plans.update_row"
    http_method_names = ["post"]

    def get_update(self) -> ProgressUpdate:
        if not hasattr(self, "update"):
            self.update = get_object_or_404(
                ProgressUpdate.objects.filter(row__action__plan=self.plan)
                .select_related("row__action")
                .prefetch_related("row__lead_people"),
                pk=self.kwargs["pk"],
            )
        return self.update

    def get_permission_object(self) -> ProjectRow:
        return self.get_update().row

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        update = self.get_update()
        try:
            services.update_withdraw(update=update, by=self.user)
            messages.success(request, "Update withdrawn to a draft. Change it and submit it again.")
        except services.UpdateLocked as locked:
            messages.error(request, str(locked))
        return redirect("update_form", self.partnership.slug, self.plan.pk, update.row_id)


class RoundListView(PartnershipMixin, FormView):
    """The plan's update rounds, and opening a new one."""

    permission_required = "plans.manage_plan"
    template_name = "plans/round_list.html"
    form_class = RoundForm

    def available_quarters(self) -> list[Quarter]:
        start_month = self.partnership.year_start_month
        taken = {(r.year, r.quarter) for r in self.plan.rounds.all()}
        return [
            q
            for q in quarters_between(self.plan.start_date, self.plan.end_date, start_month)
            if (q.year, q.number) not in taken
        ]

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"quarters": self.available_quarters()}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["rounds"] = self.plan.rounds.all()
        context["open_round"] = selectors.open_round(self.plan)
        return context

    def form_valid(self, form: RoundForm) -> HttpResponse:
        quarter = form.cleaned_data["quarter"]
        try:
            update_round = services.round_open(
                plan=self.plan,
                year=quarter.year,
                quarter=quarter.number,
                due_date=form.cleaned_data["due_date"],
                meeting_date=form.cleaned_data["meeting_date"],
                reminder_offsets=form.cleaned_data["reminder_offsets"],
                opened_by=self.user,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        quarter = update_round.period(self.partnership.year_start_month)
        messages.success(self.request, f"Round {quarter} is open. Lead officers can now write updates.")
        return redirect("round_detail", self.partnership.slug, self.plan.pk, update_round.pk)


class RoundMixin(PartnershipMixin):
    permission_required = "plans.manage_plan"
    round: UpdateRound

    def get_round(self) -> UpdateRound:
        if not hasattr(self, "round"):
            self.round = get_object_or_404(self.plan.rounds, pk=self.kwargs["round_pk"])
        return self.round


class RoundDetailView(RoundMixin, TemplateView):
    """Tracking: every row's status for the round, with completeness per theme and organisation."""

    template_name = "plans/round_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        update_round = self.get_round()
        outline = plan_outline(self.plan, Audience.of(self.request.user, self.partnership))
        lines = selectors.round_tracking(update_round, outline)
        overall, themes, orgs = selectors.round_completeness(lines)
        only_outstanding = self.request.GET.get("show") == "outstanding"
        context.update(
            round=update_round,
            lines=[line for line in lines if line.is_outstanding] if only_outstanding else lines,
            only_outstanding=only_outstanding,
            overall=overall,
            theme_counts=themes,
            organisation_counts=orgs,
        )
        return context


class RoundCloseView(RoundMixin, View):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        update_round = services.round_close(update_round=self.get_round())
        messages.success(
            request, f"Round {update_round.period(self.partnership.year_start_month)} is closed."
        )
        return redirect("round_list", self.partnership.slug, self.plan.pk)


class ReviewView(PartnershipMixin, TemplateView):
    """Accept a submitted update or return it with a comment."""

    permission_required = "plans.manage_plan"
    template_name = "plans/review.html"
    update: ProgressUpdate

    def get_update(self) -> ProgressUpdate:
        if not hasattr(self, "update"):
            self.update = get_object_or_404(
                ProgressUpdate.objects.filter(row__action__plan=self.plan)
                .select_related(
                    "row__action__plan__partnership", "rag", "round", "on_behalf_of", "supersedes__rag"
                )
                .prefetch_related(
                    "figures__target",
                    "outcome_statuses__outcome",
                    "outcome_statuses__status",
                    Prefetch("row__lead_people"),
                ),
                pk=self.kwargs["pk"],
            )
        return self.update

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        update = self.get_update()
        context.update(
            update=update,
            row=update.row,
            previous=previous_updates(update.row, exclude_round=update.round),
            return_form=kwargs.get("return_form") or ReturnForm(),
            may_review=self.user.has_perm("plans.review_update", update),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        update = self.get_update()
        try:
            if "accept" in request.POST:
                services.update_accept(update=update, reviewer=self.user)
                messages.success(request, f"Update for {update.row.action.reference} accepted.")
            else:
                form = ReturnForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(return_form=form), status=400)
                services.update_return(
                    update=update, reviewer=self.user, comment=form.cleaned_data["comment"]
                )
                messages.success(request, f"Update for {update.row.action.reference} returned to its author.")
        except services.UpdateLocked as locked:
            messages.error(request, str(locked))
        if update.round_id:
            return redirect("round_detail", self.partnership.slug, self.plan.pk, update.round_id)
        return redirect("action_detail", self.partnership.slug, self.plan.pk, update.row.action_id)


class EmailLogView(PartnershipMixin, TemplateView):
    permission_required = "partners.manage_partnership"
    template_name = "plans/email_log.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["emails"] = SentEmail.objects.filter(partnership=self.partnership).select_related("round")[
            :500
        ]
        return context
