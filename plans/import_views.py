"""Import pages (upload → preview → confirm or cancel) and the carry-over page.

The upload is parsed once and kept with its parsed plan (plans/importing/uploads.py) under a
token only this user's session knows; the preview is computed from the kept plan without
writing, and nothing reaches the plan tables until the coordinator confirms, then all of it in
one transaction.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from csp_tracker.tenancy import PartnershipMixin
from plans.importing.carry_over import action_is_finished, plan_carry_over
from plans.importing.forms import CarryOverForm, HeaderMappingForm, ImportUploadForm
from plans.importing.ir import ImportFailed
from plans.importing.preview import preview_lines
from plans.importing.result import ImportResult
from plans.importing.services import plan_import, plan_import_preview
from plans.importing.uploads import PendingUpload, upload_discard, upload_parse, upload_store
from plans.models import Action

SESSION_KEY = "plan_imports"
PREVIEW_ROWS = 100


class PlanImportView(PartnershipMixin, FormView):
    permission_required = "partners.manage_partnership"
    template_name = "plans/import_upload.html"
    form_class = ImportUploadForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"partnership": self.partnership}

    def form_valid(self, form: ImportUploadForm) -> HttpResponse:
        data = form.cleaned_data
        upload = upload_store(
            partnership=self.partnership,
            data=data["file"].read(),
            name=data["file"].name,
            plan=data.get("plan"),
            title=data.get("title") or "",
            start=data.get("start_date"),
            end=data.get("end_date"),
        )
        pending = self.request.session.get(SESSION_KEY, {})
        pending[upload.token] = upload.as_session()
        self.request.session[SESSION_KEY] = pending
        return redirect("plan_import_preview", self.partnership.slug, upload.token)


class PlanImportPreviewView(PartnershipMixin, TemplateView):
    permission_required = "partners.manage_partnership"
    template_name = "plans/import_preview.html"

    def pending(self) -> PendingUpload:
        entry = self.request.session.get(SESSION_KEY, {}).get(self.kwargs["token"])
        if not entry or entry["partnership"] != self.partnership.pk:
            raise Http404("No such import.")
        return PendingUpload(**entry)

    def remember(self, upload: PendingUpload) -> None:
        self.request.session[SESSION_KEY][upload.token] = upload.as_session()
        self.request.session.modified = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        upload = self.pending()
        target = upload.target(self.partnership)
        context.update(
            entry=upload, target=target, token=upload.token, error=kwargs.get("error") or upload.error
        )
        if context["error"] and not kwargs.get("error"):
            return context
        try:
            parsed = upload.parsed()
            result = plan_import_preview(partnership=self.partnership, parsed=parsed, **target)
        except ImportFailed as error:
            context["error"] = str(error)
            return context
        page = Paginator(preview_lines(parsed, result), PREVIEW_ROWS).get_page(self.request.GET.get("page"))
        unknown = [column for column in parsed.columns if not column.recognised]
        context.update(
            parsed=parsed,
            result=result,
            kinds=_count_rows(result),
            page=page,
            unknown_columns=unknown,
            mapping_form=kwargs.get("mapping_form")
            or (HeaderMappingForm(headers=parsed.unknown_headers) if parsed.unknown_headers else None),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        upload = self.pending()
        if "cancel" in request.POST or upload.error:
            upload_discard(upload=upload)
            request.session[SESSION_KEY].pop(upload.token, None)
            request.session.modified = True
            messages.success(request, "Import cancelled: nothing was saved.")
            return redirect("partnership_detail", self.partnership.slug)
        if "apply_mapping" in request.POST:
            form = HeaderMappingForm(request.POST, headers=request.POST.getlist("headers"))
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(mapping_form=form))
            upload.mapping = upload.mapping | form.mapping()
            upload_parse(upload=upload, partnership=self.partnership)
            self.remember(upload)
            return redirect("plan_import_preview", self.partnership.slug, upload.token)
        try:
            parsed = upload.parsed()
            if parsed.unknown_headers:
                names = ", ".join(f"“{header}”" for header in parsed.unknown_headers)
                raise ImportFailed(f"Say what these columns hold, or ignore them, before importing: {names}.")
            result = plan_import(
                partnership=self.partnership,
                parsed=parsed,
                user=self.user,
                source_name=upload.name,
                **upload.target(self.partnership),
            )
        except ImportFailed as error:
            return self.render_to_response(self.get_context_data(error=str(error)))
        upload_discard(upload=upload)
        request.session[SESSION_KEY].pop(upload.token, None)
        request.session.modified = True
        messages.success(request, f"Plan imported: {_summary_words(result)}.")
        return redirect("plan_detail", self.partnership.slug, result.plan_id)


def _count_rows(result: ImportResult) -> list[tuple[str, int, int, int]]:
    return [(kind, result.totals[kind], result.created[kind], result.updated[kind]) for kind in result.totals]


def _summary_words(result: ImportResult) -> str:
    return ", ".join(f"{count} {kind}" for kind, count in result.totals.items())


class PlanCarryOverView(PartnershipMixin, TemplateView):
    permission_required = "plans.manage_plan"
    template_name = "plans/carry_over.html"

    def actions(self) -> list[Action]:
        return list(
            self.plan.actions.select_related("theme").prefetch_related(
                "rows__current_update__rag",
                "expected_outcomes",
                "rows__lead_people",
                "rows__lead_organisations",
            )
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        actions = self.actions()
        form = kwargs.get("form") or CarryOverForm(initial=CarryOverForm.next_year(self.plan))
        chosen = kwargs.get("chosen")
        renumber = kwargs.get("renumber", {})
        context.update(
            form=form,
            errors=kwargs.get("errors", {}),
            lines=[
                {
                    "action": action,
                    "finished": action_is_finished(action),
                    "checked": (action.pk in chosen)
                    if chosen is not None
                    else not action_is_finished(action),
                    "reference": renumber.get(action.pk, action.reference),
                }
                for action in actions
            ],
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = CarryOverForm(request.POST)
        actions = {action.pk: action for action in self.actions()}
        chosen = {int(pk) for pk in request.POST.getlist("actions") if pk.isdigit() and int(pk) in actions}
        renumber = {pk: request.POST.get(f"reference_{pk}", "").strip() for pk in actions}
        errors = {}
        if not chosen:
            errors["actions"] = "Choose at least one action to carry over."
        if form.is_valid() and not errors:
            try:
                plan = plan_carry_over(
                    source_plan=self.plan,
                    actions=[actions[pk] for pk in sorted(chosen, key=lambda pk: actions[pk].sort_key)],
                    renumber={pk: ref for pk, ref in renumber.items() if pk in chosen},
                    title=form.cleaned_data["title"],
                    start=form.cleaned_data["start_date"],
                    end=form.cleaned_data["end_date"],
                    user=self.user,
                )
            except ValidationError as error:
                errors = {key: " ".join(value) for key, value in error.message_dict.items()}
            else:
                messages.success(request, f"{len(chosen)} actions carried over into the new draft plan.")
                return redirect(reverse("plan_detail", args=[self.partnership.slug, plan.pk]))
        context = self.get_context_data(form=form, chosen=chosen, renumber=renumber, errors=errors)
        return self.render_to_response(context, status=200)
