"""The delivery plan PDF for the demo plan: content, metadata, running header and footer, glossary."""

import pytest

from partners.models import GlossaryTerm
from plans.models import ProjectRow
from reports.renderers import delivery_plan_report
from tests.reports.conftest import pdf_body_text, pdf_reader, pdf_text, squash


@pytest.fixture
def demo_report(demo_plan):
    return delivery_plan_report(plan=demo_plan)


@pytest.fixture
def demo_rows(demo_plan) -> list[ProjectRow]:
    return list(
        ProjectRow.objects.filter(action__plan=demo_plan)
        .select_related("action", "current_update")
        .prefetch_related("lead_people__organisation", "lead_organisations")
    )


def test_every_action_reference_appears(demo_report, demo_plan):
    text = pdf_text(demo_report.content)
    missing = [a.reference for a in demo_plan.actions.all() if a.reference not in text]
    assert missing == []


def test_every_lead_appears(demo_report, demo_rows):
    text = pdf_text(demo_report.content)
    missing = [lead for row in demo_rows for lead in row.lead_lines if squash(lead) not in text]
    assert missing == []


def test_every_latest_narrative_appears(demo_report, demo_rows):
    text = pdf_body_text(demo_report.content)
    # A tall row may break across pages (no half-empty pages): each narrative's opening is there.
    openings = [squash(row.current_update.narrative)[:60] for row in demo_rows if row.current_update]
    assert openings
    assert [o for o in openings if o not in text] == []


def test_rag_key_gives_the_partnership_meanings(demo_report, demo_plan):
    text = pdf_text(demo_report.content)
    for status in demo_plan.partnership.rag_statuses.all():
        assert squash(status.meaning) in text


def test_page_count_is_sane(demo_report):
    assert 8 <= demo_report.pages <= 40
    assert len(pdf_reader(demo_report.content).pages) == demo_report.pages


def test_running_footer_says_page_x_of_y(demo_report):
    reader = pdf_reader(demo_report.content)
    assert f"Page 2 of {len(reader.pages)}" in squash(reader.pages[1].extract_text())


def test_running_header_names_partnership_and_title(demo_report, demo_plan):
    page = squash(pdf_reader(demo_report.content).pages[2].extract_text())
    assert demo_plan.partnership.name in page
    assert demo_plan.title in page


def test_pdf_has_title_language_and_tags(demo_report, demo_plan):
    reader = pdf_reader(demo_report.content)
    assert reader.metadata.title == demo_plan.title
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in root  # a tagged PDF (PDF/UA-1)


def test_glossary_holds_only_acronyms_in_the_document(demo_plan):
    GlossaryTerm.objects.create(partnership=demo_plan.partnership, acronym="ZQX", meaning="Never used term")
    glossary = squash(pdf_reader(delivery_plan_report(plan=demo_plan).content).pages[-1].extract_text())
    assert "Never used term" not in glossary
    assert "Anti-social behaviour" in glossary
