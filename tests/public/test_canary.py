"""Nothing unpublished reaches the public: the demo, published with its default settings, gets a
canary in every field the public must not see; no public page, file or stylesheet contains one.

Each canary names its field (CANARY:model.field), so a leak says exactly what leaked.
"""

import re

import pytest
from django.contrib.auth.models import User
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse

from indicators.models import Indicator, IndicatorValue
from partners.models import GlossaryTerm, Meeting, Person
from plans.demo_data import demo_load
from plans.models import Action, ExpectedOutcome, Plan, ProgressUpdate, SentEmail, Theme
from public.demo import publish_demo
from public.models import PublicationSettings
from reports.models import ReportSection, ScrutinyReport

CANARY = re.compile(r"CANARY:[\w.]+")
Status = ProgressUpdate.Status


def canary(model, field: str) -> Value:
    return Value(f"CANARY:{model.__name__}.{field}")


def plant_canaries(published: Plan) -> None:
    """A canary in every field hidden under the default settings, and in every field of
    anything the public site does not publish at all."""
    unreviewed = ProgressUpdate.objects.exclude(status=Status.ACCEPTED)
    fields = ["narrative", "risk", "rag_reason", "review_comment", "author_name"]
    unreviewed.update(**{f: canary(ProgressUpdate, f"{f} (not accepted)") for f in fields})
    ProgressUpdate.objects.filter(status=Status.ACCEPTED).update(
        risk=canary(ProgressUpdate, "risk"),
        review_comment=canary(ProgressUpdate, "review_comment"),
        author_name=canary(ProgressUpdate, "author_name"),
    )
    Person.objects.update(
        name=canary(Person, "name"), job_title=canary(Person, "job_title"), email="canary@example.invalid"
    )
    User.objects.update(first_name=canary(User, "first_name"), last_name=canary(User, "last_name"))
    Action.objects.update(budget_text=canary(Action, "budget_text"), resource=canary(Action, "resource"))
    Plan.objects.update(
        highlights=canary(Plan, "highlights"), carry_over_notes=canary(Plan, "carry_over_notes")
    )
    Theme.objects.update(indicators=canary(Theme, "indicators"))
    ExpectedOutcome.objects.update(status_note=canary(ExpectedOutcome, "status_note"))
    Indicator.objects.update(
        name=Concat(canary(Indicator, "name"), Cast("id", CharField())),
        description=canary(Indicator, "description"),
    )
    IndicatorValue.objects.update(note=canary(IndicatorValue, "note"))
    GlossaryTerm.objects.update(meaning=canary(GlossaryTerm, "meaning"))
    Meeting.objects.update(notes=canary(Meeting, "notes"))
    SentEmail.objects.update(body=canary(SentEmail, "body"), subject=canary(SentEmail, "subject"))
    ScrutinyReport.objects.update(
        priorities_next_year=canary(ScrutinyReport, "priorities_next_year"),
        snapshot_html=canary(ScrutinyReport, "snapshot_html"),
    )
    ReportSection.objects.update(body=canary(ReportSection, "body"), title=canary(ReportSection, "title"))
    ScrutinyReport.objects.filter(status=ScrutinyReport.Status.DRAFT).update(
        you_said_we_did=[{"you_said": "CANARY:ScrutinyReport.draft", "we_did": "CANARY:ScrutinyReport.draft"}]
    )
    # Another partnership's plan, live but not published: every word of it is a canary.
    for plan in Plan.objects.exclude(pk=published.pk):
        Plan.objects.filter(pk=plan.pk).update(title=canary(Plan, f"title of unpublished plan {plan.pk}"))
        Action.objects.filter(plan=plan).update(title=canary(Action, "title (unpublished plan)"))


def public_urls(plan: Plan) -> list[str]:
    slug = plan.partnership.slug
    urls = [
        reverse("public_plan", args=[slug, plan.pk]),
        reverse("public_plan_csv", args=[slug, plan.pk]),
        reverse("public_rag_css", args=[slug]),
        reverse("public_accessibility"),
    ]
    urls += [
        reverse("public_action", args=[slug, plan.pk, pk]) for pk in plan.actions.values_list("pk", flat=True)
    ]
    for other in Plan.objects.exclude(pk=plan.pk).select_related("partnership"):
        urls.append(reverse("public_plan", args=[other.partnership.slug, other.pk]))
        urls.append(reverse("public_plan_csv", args=[other.partnership.slug, other.pk]))
    return urls


@pytest.mark.django_db
def test_no_canary_reaches_any_public_page_or_file(client):
    demo_load()
    assert publish_demo()
    published = PublicationSettings.objects.get(is_published=True).plan
    plant_canaries(published)
    assert ScrutinyReport.objects.filter(plan=published, status="issued").exists()
    assert Plan.objects.exclude(pk=published.pk).filter(status="live").exists()
    leaks, pages = {}, 0
    for url in public_urls(published):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        pages += response.status_code == 200
        found = set(CANARY.findall(response.content.decode("utf-8-sig")))
        if found:
            leaks[url] = found
    assert pages >= 25  # the plan, its CSV, the stylesheet, the statement and every action
    assert leaks == {}


@pytest.mark.django_db
def test_the_canaries_would_be_seen_if_their_fields_were_published(client):
    """The check above can fail: publishing risk and officer names shows their canaries."""
    demo_load()
    publish_demo()
    publication = PublicationSettings.objects.get(is_published=True)
    plant_canaries(publication.plan)
    PublicationSettings.objects.filter(pk=publication.pk).update(show_risk=True, show_officer_names=True)
    seen = set()
    for url in public_urls(publication.plan):
        seen |= set(CANARY.findall(client.get(url).content.decode("utf-8-sig")))
    assert {"CANARY:ProgressUpdate.risk", "CANARY:Person.name"} <= seen
