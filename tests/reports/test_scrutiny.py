"""The Overview and Scrutiny report: pre-filled sections, computed variance, numbering, issuing."""

import datetime
import re
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied

from partners.models import Organisation
from plans.models import ProjectRow
from reports.scrutiny import numbered, scrutiny_report_pdf, statistics
from reports.services import scrutiny_report_create, scrutiny_report_issue
from tests.reports.conftest import pdf_text, squash


@pytest.fixture
def coordinator(demo) -> User:
    return User.objects.get(username="coordinator")


@pytest.fixture
def draft(demo_plan, coordinator):
    return scrutiny_report_create(
        plan=demo_plan,
        user=coordinator,
        meeting_date=datetime.date(2026, 11, 30),
        title="Community Safety Partnership annual report",
        portfolio_holder="Cllr A Smith",
    )


def test_sections_are_prefilled_from_the_plan(draft, demo_plan):
    assert demo_plan.partnership.name in draft.purpose
    first_highlight = next(line for line in demo_plan.highlights.splitlines() if line.strip())
    assert first_highlight.strip() in draft.key_issues
    for theme in demo_plan.themes.all():
        assert theme.title in draft.performance


def test_paragraphs_are_numbered_within_their_section():
    assert numbered("First.\n\nSecond.\n\n\nThird.", 3) == [
        ("3.1", "First."),
        ("3.2", "Second."),
        ("3.3", "Third."),
    ]


def test_variance_equals_the_difference_of_the_numbers_shown(draft, coordinator):
    html = scrutiny_report_pdf(report=draft, user=coordinator).html
    rows = BeautifulSoup(html, "html.parser").select("tr[data-statistic]")
    assert rows
    for row in rows:
        earlier = Decimal(row.select_one("[data-earlier]").get_text())
        later = Decimal(row.select_one("[data-later]").get_text())
        assert Decimal(row.select_one("[data-variance]").get_text()) == later - earlier


def test_statistics_compare_the_same_quarter_a_year_apart(demo_plan):
    for stat in statistics(demo_plan):
        assert stat.earlier_label.split()[0] == stat.later_label.split()[0]


def test_pdf_lists_partners_by_kind_and_every_reference_and_lead(draft, coordinator, demo_plan):
    text = pdf_text(scrutiny_report_pdf(report=draft, user=coordinator).content)
    for org in Organisation.objects.filter(partnership=demo_plan.partnership):
        assert squash(org.name) in text
    assert "Statutory partners" in text and "Invited partners" in text
    for action in demo_plan.actions.all():
        assert action.reference in text
    assert re.search(r"1\.1 This report updates the panel", text)


def test_issued_pdf_stays_the_same_after_the_plan_changes(draft, coordinator, demo_plan):
    issued = scrutiny_report_issue(report=draft, user=coordinator)
    before = pdf_text(scrutiny_report_pdf(report=issued, user=coordinator).content)
    row = ProjectRow.objects.filter(action__plan=demo_plan, current_update__isnull=False).first()
    row.current_update.narrative = "Rewritten after the report was issued."
    row.current_update.save()
    demo_plan.actions.update(title="Renamed")
    after = pdf_text(scrutiny_report_pdf(report=issued, user=coordinator).content)
    assert after == before
    assert "Rewritten after the report was issued." not in after


def test_a_draft_is_the_coordinators_only(draft, demo):
    viewer = User.objects.filter(
        memberships__role="viewer", memberships__partnership=draft.partnership
    ).first()
    with pytest.raises(PermissionDenied):
        scrutiny_report_pdf(report=draft, user=viewer)


def test_an_issued_report_is_for_every_member(draft, coordinator):
    issued = scrutiny_report_issue(report=draft, user=coordinator)
    viewer = User.objects.filter(
        memberships__role="viewer", memberships__partnership=draft.partnership
    ).first()
    assert scrutiny_report_pdf(report=issued, user=viewer).pages >= 5


def test_page_count_is_sane(draft, coordinator):
    assert 6 <= scrutiny_report_pdf(report=draft, user=coordinator).pages <= 40
