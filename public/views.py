"""Public progress pages: no login, read-only, cacheable; and the coordinator's settings and preview.

Public pages answer 404 unless the plan is live and published. They never touch the session or
the user, so a shared cache (a CDN) may keep them: each response carries `Cache-Control: public`,
an ETag of its content and the time its content last changed, and answers 304 when unchanged.
"""

import csv
import datetime
import hashlib
import io
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.forms import BaseModelForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.response import SimpleTemplateResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views import View
from django.views.generic import TemplateView, UpdateView

from csp_tracker.cells import csv_cell
from csp_tracker.form_pages import FormPageMixin
from csp_tracker.tenancy import PartnershipMixin
from partners.models import Partnership
from plans.models import Plan
from public import selectors, services
from public.forms import PublicationSettingsForm
from public.models import PublicationSettings


def public_response(
    request: HttpRequest, response: HttpResponse, changed: datetime.datetime | None
) -> HttpResponse:
    """Mark a public response cacheable by anyone, with validators; 304 when the client's copy is current."""
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    response["ETag"] = etag
    last_modified = None
    if changed is not None:
        last_modified = int(changed.timestamp())
        response["Last-Modified"] = http_date(last_modified)
    conditional = get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)
    return response if conditional is None else conditional


def _published(slug: str, plan_pk: int) -> Plan:
    plan = selectors.published_plan(slug, plan_pk)
    if plan is None:
        raise Http404("No published plan here.")
    return plan


def cached_public_page(
    request: HttpRequest, plan: Plan, variant: str, build: Callable[[datetime.datetime], HttpResponse]
) -> HttpResponse:
    """A public page from the server's cache, as a CDN would hold it: kept for the same max-age,
    and keyed by when the page's progress or settings last changed (an accepted update, a change
    of what is published) and by the plan's roll-up version (renewed by any change to its
    structure, plans/outline.py), so those show at once; `build` renders it when it is not held."""
    changed = selectors.last_updated(plan, plan.publication)
    version = f"{plan.pk}:{variant}:{changed.isoformat()}:{plan.rollup_version}"
    key = "public-page:" + hashlib.sha256(version.encode()).hexdigest()
    stored = cache.get(key)
    if stored is None:
        built = build(changed)  # may answer 404: only pages that exist are kept
        stored = (built.content, built["Content-Type"], built.get("Content-Disposition"))
        cache.set(key, stored, settings.PUBLIC_CACHE_SECONDS)
    body, content_type, disposition = stored
    response = HttpResponse(body, content_type=content_type)
    if disposition:
        response["Content-Disposition"] = disposition
    return public_response(request, response, changed)


def _page_context(content: selectors.PublicPlan, *, preview: bool, **more: Any) -> dict[str, Any]:
    slug, pk = content.partnership.slug, content.plan_pk
    if preview:
        plan_url = reverse("public_preview", args=[slug, pk])
        action_url = reverse("public_preview_action", args=[slug, pk, 0]).removesuffix("0/")
    else:
        plan_url = reverse("public_plan", args=[slug, pk])
        action_url = reverse("public_action", args=[slug, pk, 0]).removesuffix("0/")
    return {
        "content": content,
        "public_partnership": content.partnership,
        "preview": preview,
        "plan_url": plan_url,
        "action_url_prefix": action_url,
        "csv_url": reverse("public_plan_csv", args=[slug, pk]),
        **more,
    }


class PublicPlanView(View):
    def get(self, request: HttpRequest, slug: str, plan_pk: int) -> HttpResponse:
        plan = _published(slug, plan_pk)

        def build(changed: datetime.datetime) -> HttpResponse:
            content = selectors.public_plan(plan, plan.publication, changed=changed)
            return render(request, "public/plan.html", _page_context(content, preview=False))

        return cached_public_page(request, plan, "plan", build)


class PublicActionView(View):
    def get(self, request: HttpRequest, slug: str, plan_pk: int, action_pk: int) -> HttpResponse:
        plan = _published(slug, plan_pk)
        if not plan.actions.filter(pk=action_pk).exists():  # cheaply, before any rendering
            raise Http404("No such action in this plan.")

        def build(changed: datetime.datetime) -> HttpResponse:
            content = selectors.public_plan(
                plan, plan.publication, changed=changed, detail_action_pk=action_pk
            )
            action = content.action(action_pk)
            if action is None:
                raise Http404("No such action in this plan.")
            context = _page_context(content, preview=False, action=action)
            return render(request, "public/action.html", context)

        return cached_public_page(request, plan, f"action-{action_pk}", build)


class PublicPlanCsvView(View):
    """The public page's project rows as a CSV file, with the same fields as the page."""

    def get(self, request: HttpRequest, slug: str, plan_pk: int) -> HttpResponse:
        plan = _published(slug, plan_pk)

        def build(changed: datetime.datetime) -> HttpResponse:
            content = selectors.public_plan(plan, plan.publication, changed=changed, all_figures=True)
            columns, table = selectors.public_rows_table(content)
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            writer.writerow(columns)
            writer.writerows([csv_cell(cell) for cell in line] for line in table)
            response = HttpResponse(
                buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = f'attachment; filename="{slug}-plan-{plan_pk}-progress.csv"'
            return response

        return cached_public_page(request, plan, "csv", build)


def public_rag_stylesheet(request: HttpRequest, slug: str) -> HttpResponse:
    """The colours of a publishing partnership's RAG scale, as classes (no inline styles)."""
    partnership = get_object_or_404(
        Partnership.objects.filter(plans__publication__is_published=True).distinct(), slug=slug
    )
    css = "\n".join(
        f".govuk-tag.csp-rag-{s.pk} {{ background: {s.colour}; color: {s.text_colour}; }}"
        for s in partnership.rag_statuses.all()
    )
    return public_response(request, HttpResponse(css, content_type="text/css"), None)


class AccessibilityStatementView(TemplateView):
    template_name = "public/accessibility.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        if isinstance(response, SimpleTemplateResponse):
            response.render()
        return public_response(request, response, None)


# --- the coordinator's side ------------------------------------------------------------------


class PublicationSettingsView(
    PartnershipMixin, FormPageMixin[PublicationSettings, BaseModelForm[PublicationSettings]], UpdateView
):
    permission_required = "plans.manage_plan"
    form_class = PublicationSettingsForm
    template_name = "public/settings.html"
    success_message = "Publication settings saved."

    def get_object(self, queryset: QuerySet[PublicationSettings] | None = None) -> PublicationSettings:
        return selectors.publication_of(self.plan)

    def get_heading(self) -> str:
        return f"Public page: {self.plan.title}"

    def save(self, form: BaseModelForm[PublicationSettings]) -> PublicationSettings:
        return services.publication_save(publication=form.instance, user=self.user)

    def get_success_url(self) -> str:
        return reverse("public_settings", args=[self.partnership.slug, self.plan.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        slug, pk = self.partnership.slug, self.plan.pk
        context["cancel_url"] = reverse("plan_detail", args=[slug, pk])
        context["public_url"] = self.request.build_absolute_uri(reverse("public_plan", args=[slug, pk]))
        context["preview_url"] = reverse("public_preview", args=[slug, pk])
        return context


class PublicPreviewView(PartnershipMixin, View):
    """The public page as the public would see it under the saved settings, published or not;
    private and never stored by a cache."""

    permission_required = "plans.manage_plan"

    def get(
        self, request: HttpRequest, *args: Any, action_pk: int | None = None, **kwargs: Any
    ) -> HttpResponse:
        publication = selectors.publication_of(self.plan)
        content = selectors.public_plan(self.plan, publication, detail_action_pk=action_pk)
        more: dict[str, Any] = {}
        if action_pk is not None:
            more["action"] = content.action(action_pk)
            if more["action"] is None:
                raise Http404("No such action in this plan.")
        context = _page_context(content, preview=True, **more)
        context["settings_url"] = reverse("public_settings", args=[self.partnership.slug, self.plan.pk])
        template = "public/action.html" if action_pk is not None else "public/plan.html"
        response = render(request, template, context)
        patch_cache_control(response, private=True, no_store=True)
        return response
