"""Publish the demo's live strategy; the public page shows the "You said - We did" of the
scrutiny report the reports app's demo issued. Called from `load_demo` (through
`PublicConfig.demo_extend`)."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from plans.models import Plan
from public.models import PublicationSettings
from public.services import plan_publish

DEMO_SLUG = "marshfield"


def publish_demo() -> list[str]:
    """Publish the demo partnership's live plan once (idempotent); return lines to print."""
    plan = (
        Plan.objects.filter(partnership__slug=DEMO_SLUG, status=Plan.Status.LIVE)
        .select_related("partnership")
        .order_by("-start_date")
        .first()
    )
    if plan is None:
        return []
    with transaction.atomic():
        if not PublicationSettings.objects.filter(plan=plan).exists():
            plan_publish(plan=plan, introduction=plan.partnership.description)
    url = settings.SITE_URL.rstrip("/") + reverse("public_plan", args=[plan.partnership.slug, plan.pk])
    return [f"public page of {plan.title}: {url}"]
