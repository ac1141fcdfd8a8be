"""Import pages (upload → preview → confirm) and the carry-over page.

The uploaded file is kept in default storage under a random token, which only this user's
session knows, between the preview and the confirmation; nothing reaches the plan tables until
the coordinator confirms, and then all of it in one transaction.
"""

import datetime
import secrets
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from csp_tracker.tenancy import PartnershipMixin
from plans.importing.carry_over import action_is_finished, plan_carry_over
from plans.importing.forms import CarryOverForm, HeaderMappingForm, ImportUploadForm
from plans.importing.ir import ImportedPlan, ImportFailed
from plans.importing.services import ImportResult, plan_import, plan_import_parse
from plans.models import Action

SESSION_KEY = "plan_imports"


class PlanImportView(PartnershipMixin, FormView):
    permission_required = "partners.manage_partnership"
    template_name = "plans/import_upload.html"
    form_class = ImportUploadForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"partnership": self.partnership}

    def form_valid(self, form: ImportUploadForm) -> HttpResponse:
        upload, data = form.cleaned_data["file"], form.cleaned_data
        token = secrets.token_urlsafe(16)
        extension = upload.name.rsplit(".", 1)[-1].lower()
        path = default_storage.save(f"plan-imports/{token}.{extension}", ContentFile(upload.read()))
        pending = self.request.session.get(SESSION_KEY, {})
        pending[token] = {
            "partnership": self.partnership.pk,
            "path": path,
            "name": upload.name[:100],
            "plan": data["plan"].pk if data.get("plan") else None,
            "title": data.get("title") or "",
            "start": data["start_date"].isoformat() if data.get("start_date") else "",
            "end": data["end_date"].isoformat() if data.get("end_date") else "",
            "mapping": {},
        }
        self.request.session[SESSION_KEY] = pending
        return redirect("plan_import_preview", self.partnership.slug, token)


class PlanImportPreviewView(PartnershipMixin, TemplateView):
    permission_required = "partners.manage_partnership"
    template_name = "plans/import_preview.html"

    def pending(self) -> dict[str, Any]:
        """The import this user's session started (JSON, as the session stores it)."""
        entry = self.request.session.get(SESSION_KEY, {}).get(self.kwargs["token"])
        if not entry or entry["partnership"] != self.partnership.pk:
            raise Http404("No such import.")
        return entry

    def target(self, entry: dict[str, Any]) -> dict[str, Any]:
        plan = self.partnership.plans.filter(pk=entry["plan"]).first() if entry["plan"] else None
        if plan is not None:
            return {"plan": plan}
        return {
            "title": entry["title"],
            "start_date": datetime.date.fromisoformat(entry["start"]),
            "end_date": datetime.date.fromisoformat(entry["end"]),
        }

    def run(self, entry: dict[str, Any], *, dry_run: bool) -> tuple[ImportedPlan, ImportResult]:
        target = self.target(entry)
        start = target["plan"].start_date if "plan" in target else target["start_date"]
        with default_storage.open(entry["path"], "rb") as stored:
            data = stored.read()
        parsed = plan_import_parse(
            data=data,
            filename=entry["name"],
            mapping=entry["mapping"],
            plan_start=start,
            year_start_month=self.partnership.year_start_month,
        )
        result = plan_import(
            partnership=self.partnership,
            parsed=parsed,
            user=self.user,
            source_name=entry["name"],
            dry_run=dry_run,
            **target,
        )
        return parsed, result

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        entry = self.pending()
        context.update(entry=entry, target=self.target(entry), token=self.kwargs["token"])
        try:
            parsed, result = self.run(entry, dry_run=True)
        except ImportFailed as error:
            context["error"] = str(error)
            return context
        context.update(parsed=parsed, result=result, kinds=_count_rows(result))
        if parsed.unknown_headers:
            context["mapping_form"] = kwargs.get("mapping_form") or HeaderMappingForm(
                headers=parsed.unknown_headers
            )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        entry = self.pending()
        if "apply_mapping" in request.POST:
            headers = request.POST.getlist("headers")
            form = HeaderMappingForm(request.POST, headers=headers)
            if form.is_valid():
                entry["mapping"] = entry["mapping"] | form.mapping()
                request.session.modified = True
            return redirect("plan_import_preview", self.partnership.slug, kwargs["token"])
        try:
            _, result = self.run(entry, dry_run=False)
        except ImportFailed as error:
            return self.render_to_response(self.get_context_data(error=str(error)))
        default_storage.delete(entry["path"])
        request.session[SESSION_KEY].pop(kwargs["token"], None)
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
        errors: dict[str, str] = {}
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
