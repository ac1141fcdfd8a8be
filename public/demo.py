"""Publish the demo's live strategy, with an issued scrutiny report whose "You said - We did"
the public page shows; called from `load_demo` (through `PublicConfig.demo_extend`)."""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from partners.models import Membership
from plans.models import Plan
from public.models import PublicationSettings
from public.services import plan_publish
from reports.models import ScrutinyReport
from reports.services import scrutiny_report_create, scrutiny_report_issue

DEMO_SLUG = "marshfield"
YOU_SAID_WE_DID = [
    {
        "you_said": "Street drinking around the bus station makes people avoid the town centre.",
        "we_did": "Extended the Public Spaces Protection Order and ran joint evening patrols every week.",
    },
    {
        "you_said": "It is hard to know where to get help about domestic abuse.",
        "we_did": "Put the helpline and drop-in times on every GP surgery and library noticeboard.",
    },
    {
        "you_said": "Young people have nowhere to go in the evenings.",
        "we_did": "Opened two youth sessions a week in Marshfield and Upton with a detached youth worker.",
    },
]


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
            _issued_scrutiny_report(plan)
    url = settings.SITE_URL.rstrip("/") + reverse("public_plan", args=[plan.partnership.slug, plan.pk])
    return [f"public page of {plan.title}: {url}"]


def _issued_scrutiny_report(plan: Plan) -> None:
    if ScrutinyReport.objects.filter(plan=plan, status=ScrutinyReport.Status.ISSUED).exists():
        return
    coordinator = (
        Membership.objects.filter(partnership=plan.partnership, role=Membership.Role.COORDINATOR)
        .select_related("user")
        .first()
    )
    if coordinator is None:
        return
    today = timezone.localdate()
    report = scrutiny_report_create(
        plan=plan,
        user=coordinator.user,
        meeting_date=today - datetime.timedelta(days=30),
        title=f"{plan.partnership.name}: annual report to Overview and Scrutiny",
    )
    report.you_said_we_did = YOU_SAID_WE_DID
    report.save(update_fields=["you_said_we_did"])
    scrutiny_report_issue(report=report, user=coordinator.user)
