"""The assessment's PDF: house style, a contents list with page numbers, the scanning table's
computed figures, charts with their tables, tagged for accessibility; the delivery plan PDF
names the assessment that recommended a theme."""

import io
import re

import pytest
from pypdf import PdfReader

from assessments.content import assessment_html, assessment_pdf
from assessments.models import EmergingIssue, RecommendedPriority, ScanningRow
from assessments.services import (
    assessment_issue,
    emerging_issue_save,
    recommendation_save,
    recommendations_to_plan,
    scanning_row_save,
)
from reports.renderers import delivery_plan_report


def text_of(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def composed(world, assessment, crime):
    scanning_row_save(
        row=ScanningRow(assessment=assessment, topic="Total crime", indicator=crime, key_findings="Falling."),
        actions=[world.action],
    )
    emerging_issue_save(issue=EmergingIssue(assessment=assessment, title="Vapes", body="Rising in schools."))
    recommendation_save(recommendation=RecommendedPriority(assessment=assessment, title="Scams"))
    return assessment


def test_the_pdf_holds_every_part(world, composed):
    report = assessment_pdf(assessment=composed, user=world.users["coordinator"])
    text = " ".join(text_of(report.content).split())
    for words in [
        "Strategic assessment 2025/26",
        "Review of last year's priorities",
        "Domestic abuse",
        "5,100 crimes in 2025/26 (51 per 1,000 population)",
        "-900 (-15%) over 9 years",
        "Vapes",
        "Recommended priorities",
        "Scams",
        "Appendix A",
        "Appendix B",
        "Marshfield",
    ]:
        assert words in text, words


def test_the_contents_list_gives_page_numbers(world, composed):
    report = assessment_pdf(assessment=composed, user=world.users["coordinator"])
    first_page = PdfReader(io.BytesIO(report.content)).pages[0].extract_text()
    numbers = [int(n) for n in re.findall(r"Scanning table\W+(\d+)", first_page)]
    assert numbers and numbers[0] > 1


def test_the_charts_have_tables_of_their_figures(world, composed):
    html = assessment_pdf(assessment=composed, user=world.users["coordinator"]).html
    assert html.count("<svg") == 2
    assert "data-years-table" in html and "data-locations-table" in html


def test_the_pdf_is_tagged(world, composed):
    report = assessment_pdf(assessment=composed, user=world.users["coordinator"])
    catalog = PdfReader(io.BytesIO(report.content)).trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"]


def test_an_issued_pdf_stays_as_issued(world, composed, crime):
    assessment_issue(assessment=composed, user=world.users["coordinator"])
    crime.values.filter(period_start__year=2025, area="").update(value=1)
    text = " ".join(text_of(assessment_pdf(assessment=composed, user=world.users["viewer"]).content).split())
    assert "5,100 crimes in 2025/26" in text


def test_a_draft_pdf_is_for_the_coordinator_only(world, composed):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        assessment_pdf(assessment=composed, user=world.users["viewer"])


def test_the_delivery_plan_pdf_names_the_recommending_assessment(world, composed):
    plan, _themes = recommendations_to_plan(assessment=composed)
    html = delivery_plan_report(plan=plan, user=world.users["coordinator"]).html
    assert "Recommended by Strategic assessment 2025/26." in html


def test_an_action_of_several_rows_is_named_once_above_its_rows(world, assessment):
    html = assessment_html(assessment)
    review = html[html.index('id="review"') : html.index('id="scanning"')]
    assert review.count("Support victims") == 1
    assert re.search(
        r'<tr class="action-row"><td class="ref">1\.1</td><td colspan="3"><strong>Support victims', review
    )
    assert re.search(r"1\.1&#8239;\(1\)</td><td>IDVA service</td>", review)
    assert re.search(r"1\.1&#8239;\(2\)</td><td>Awareness campaign</td>", review)


def test_an_action_of_one_row_is_named_on_that_row(world, assessment):
    world.row_b.delete()
    html = assessment_html(assessment)
    review = html[html.index('id="review"') : html.index('id="scanning"')]
    assert re.search(r'<td class="ref">1\.1</td><td>Support victims</td>', review)
    assert "action-row" not in review and "IDVA service" not in review
