"""Input limits and unsafe characters (csp_tracker/text.py): a 100,000-character action title is
refused with a message; single-line fields lose bidi overrides and controls; U+202E never
reaches a page's HTML or a PDF, where it shows as a visible code instead."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse

from csp_tracker.text import TITLE_MAX, reveal_unsafe, strip_unsafe
from plans.models import Action, ProgressUpdate
from reports.renderers import delivery_plan_report
from tests import factories
from tests.reports.conftest import pdf_text

RLO = "\u202e"


def action_form_data(world, **fields) -> dict:
    return {
        "theme": world.action.theme_id,
        "reference": "1.1",
        "title": "Support victims",
        "outcome": "",
        "resource": "",
        "budget": "",
        "budget_text": "",
        "due_date": "",
        "due_text": "",
        "rag_override": "",
        "rag_override_reason": "",
    } | fields


def test_the_cleaning_rule():
    assert strip_unsafe(f"Pay{RLO}fdp.exe\u2066x\x00\x1b\x7f\tok\n") == "Payfdp.exex\tok\n"
    assert reveal_unsafe(f"a{RLO}b\x07") == "a[U+202E]b[U+0007]"


def test_a_100000_character_action_title_is_refused_with_a_message(client, world):
    client.force_login(world.users["coordinator"])
    url = reverse("action_update", args=[world.partnership.slug, world.plan.pk, world.action.pk])
    response = client.post(url, action_form_data(world, title="x" * 100_000))
    assert response.status_code in {200, 400}
    page = BeautifulSoup(response.content, "html.parser")
    summary = page.select_one(".govuk-error-summary").get_text(" ", strip=True)
    assert f"{TITLE_MAX} characters or fewer" in summary and "100000" in summary
    textarea = page.find("textarea", {"name": "title"})
    assert textarea.get("maxlength") is None  # counted, never cut: what was typed is kept
    assert len(textarea.text.strip()) == 100_000
    assert Action.objects.get(pk=world.action.pk).title == "Support victims"


def test_the_model_refuses_a_long_title_whatever_saves_it(world):
    world.action.title = "x" * (TITLE_MAX + 1)
    with pytest.raises(ValidationError) as refused:
        world.action.full_clean()
    assert "title" in refused.value.message_dict


def test_a_single_line_field_loses_bidi_overrides(client, world):
    client.force_login(world.users["coordinator"])
    url = reverse("action_update", args=[world.partnership.slug, world.plan.pk, world.action.pk])
    response = client.post(url, action_form_data(world, due_text=f"March{RLO} 2026\x1b"))
    assert response.status_code == 302
    assert Action.objects.get(pk=world.action.pk).due_text == "March 2026"


def test_u202e_in_a_narrative_is_shown_as_a_visible_code_on_the_page(client, world):
    factories.ProgressUpdateFactory(
        row=world.row_a, narrative=f"Spent {RLO}000,01£", status=ProgressUpdate.Status.ACCEPTED
    )
    Action.objects.filter(pk=world.action.pk).update(title=f"Support {RLO}victims")
    client.force_login(world.users["viewer"])
    response = client.get(
        reverse("action_detail", args=[world.partnership.slug, world.plan.pk, world.action.pk])
    )
    html = response.content.decode()
    assert RLO not in html
    assert "Spent [U+202E]000,01£" in BeautifulSoup(html, "html.parser").get_text()


def test_u202e_never_reaches_a_pdf(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    update = factories.ProgressUpdateFactory(
        row=world.row_a, narrative=f"Spent {RLO}000,01£", status=ProgressUpdate.Status.ACCEPTED
    )
    world.row_a.current_update = update
    world.row_a.save()
    Action.objects.filter(pk=world.action.pk).update(title=f"Support {RLO}victims")
    report = delivery_plan_report(plan=world.plan, user=world.users["coordinator"])
    text = pdf_text(report.content)
    assert RLO not in text
    assert "[U+202E]" in text


# Text written by the system, not typed by a person: an e-mail as sent, a renderer's error.
SYSTEM_TEXT = {("plans", "SentEmail", "body"), ("reports", "ReportFile", "error")}


def test_every_text_field_a_person_types_has_a_limit():
    """A new model's text field cannot be added without a limit (titles, names, narratives)."""
    from django.apps import apps
    from django.core.validators import MaxLengthValidator
    from django.db import models

    unlimited = [
        f"{model._meta.label}.{field.name}"
        for config in apps.get_app_configs()
        if not config.name.startswith(("django", "simple_history", "axes", "rest_framework", "django_"))
        for model in config.get_models()
        if not model.__name__.startswith("Historical")
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField)
        and field.editable
        and (config.label, model.__name__, field.name) not in SYSTEM_TEXT
        and not any(isinstance(v, MaxLengthValidator) for v in field.validators)
    ]
    assert unlimited == []
