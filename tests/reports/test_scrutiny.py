"""The Overview and Scrutiny report: pre-filled sections, computed variance, numbering, issuing."""

import datetime
import re
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError

from partners.models import Organisation
from plans.models import ProjectRow
from reports.models import ReportSection, ScrutinyReport
from reports.scrutiny import scrutiny_report_pdf, statistics
from reports.services import (
    background_papers_save,
    scrutiny_report_create,
    scrutiny_report_issue,
    scrutiny_report_new_version,
    section_delete,
    section_move,
    section_save,
    statistics_table_save,
)
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


def section_titled(report, title: str) -> ReportSection:
    return report.sections.get(title=title)


def test_sections_are_prefilled_from_the_plan(draft, demo_plan):
    assert demo_plan.partnership.name in section_titled(draft, "Purpose of the report and summary").body
    first_highlight = next(line for line in demo_plan.highlights.splitlines() if line.strip())
    key_issues = BeautifulSoup(section_titled(draft, "Key issues").body, "html.parser").get_text()
    assert first_highlight.strip() in key_issues
    performance = section_titled(draft, "Performance updates per priority").body
    for theme in demo_plan.themes.all():
        assert theme.title in performance


def test_priorities_for_next_year_start_empty_not_from_the_carry_over_list(draft):
    assert draft.priorities_next_year == ""


def test_sections_are_numbered_in_order_and_subsections_within_them(draft, coordinator):
    covid = section_save(section=ReportSection(report=draft), title="COVID-19", body="The pandemic.")
    section_save(
        section=ReportSection(report=draft, parent=covid), title="Lockdown", body="Meetings moved online."
    )
    section_move(section=covid, offset=-10)
    text = pdf_text(scrutiny_report_pdf(report=draft, user=coordinator).content)
    assert "1 COVID-19" in text and "1.1 Lockdown" in text
    assert "2 Purpose of the report and summary" in text


def test_a_removed_section_is_gone_and_the_rest_renumber(draft, coordinator):
    section_delete(section=section_titled(draft, "Purpose of the report and summary"))
    text = pdf_text(scrutiny_report_pdf(report=draft, user=coordinator).content)
    assert "Purpose of the report" not in text
    assert "1 Key issues" in text


def test_section_text_is_sanitised(draft):
    section = section_save(
        section=ReportSection(report=draft),
        title="Safe",
        body=(
            '<p onclick="x()">Kept <strong>bold</strong></p>'
            '<script>alert(1)</script><a href="javascript:x">l</a>'
        ),
    )
    soup = BeautifulSoup(section.body, "html.parser")
    assert soup.find("script") is None
    assert soup.find("strong").get_text() == ["Kept", "bold"][1]
    assert not soup.find("p").has_attr("onclick")
    assert not soup.find("a").has_attr("href")


def test_plain_text_becomes_paragraphs_and_lists(draft):
    section = section_save(section=ReportSection(report=draft), title="ASB", body="Intro.\n\n- one\n- two")
    soup = BeautifulSoup(section.body, "html.parser")
    assert soup.find("p").get_text() == "Intro."
    assert [li.get_text() for li in soup.select("ul li")] == ["one", "two"]


def test_a_section_prefilled_from_a_theme_holds_its_actions_and_dated_updates(draft, demo_plan):
    theme = demo_plan.themes.first()
    section = section_save(section=ReportSection(report=draft), title=theme.title, body="", theme=theme)
    text = BeautifulSoup(section.body, "html.parser").get_text(" ")
    for action in theme.actions.all():
        assert action.reference in text
    assert re.search(r"Update for \d\d/\d\d/\d{4}", text)


CCTV_ROWS = [
    {"label": "Incidents", "unit": "incidents", "direction": "neutral", "values": ["1,137", "1,268"]},
    {
        "label": "Enforcement Outcomes – arrests, fines and warnings",
        "unit": "outcomes",
        "direction": "higher",
        "values": ["83", "101"],
    },
    {"label": "Camera Patrols", "unit": "patrols", "direction": "higher", "values": ["6501", "4919"]},
    {"label": "Service delivery provided", "unit": "%", "direction": "higher", "values": ["100", "100"]},
    {"label": "No. of Cameras (Public Space)", "unit": "", "direction": "higher", "values": ["77", "83"]},
]


def cctv_table(report):
    section = section_save(
        section=ReportSection(report=report),
        title="CCTV performance report for 2021",
        body="The CCTV service.",
    )
    return statistics_table_save(
        table=report.statistics_tables.model(report=report),
        title="CCTV service performance overview",
        columns=["Total 2020 (Jan – Dec)", "Total 2021 (Jan – Dec)"],
        rows=CCTV_ROWS,
        section=section,
    )


def test_the_real_reports_cctv_table_is_held_and_its_variance_computed(draft, coordinator):
    cctv_table(draft)
    pdf = scrutiny_report_pdf(report=draft, user=coordinator)
    soup = BeautifulSoup(pdf.html, "html.parser")
    table = next(t for t in soup.select("table[data-statistics-table]") if "CCTV" in t.caption.get_text())
    cells = {
        row.th.get_text(): [td.get_text() for td in row.select("td")]
        for row in table.select("tr[data-statistic-row]")
    }
    assert cells["Incidents"] == ["1,137", "1,268", "+131 incidents", "+11.5%", "Not judged"]
    assert cells["Enforcement Outcomes – arrests, fines and warnings"] == [
        "83",
        "101",
        "+18 outcomes",
        "+21.7%",
        "Better",
    ]
    assert cells["Camera Patrols"] == ["6,501", "4,919", "-1,582 patrols", "-24.3%", "Worse"]
    assert cells["Service delivery provided"] == ["100%", "100%", "No change", "—", "No change"]
    assert cells["No. of Cameras (Public Space)"] == ["77", "83", "+6", "+7.8%", "Better"]
    text = pdf_text(pdf.content)
    assert "+131 incidents" in text and "+137" not in text
    assert "+11.5%" in text and "-24.3%" in text and "+21.7%" in text


def test_a_row_pulls_calendar_year_values_from_an_indicator(draft, coordinator):
    from indicators.models import Indicator, IndicatorValue

    indicator = Indicator.objects.create(
        partnership=draft.partnership, name="CCTV incidents", period_kind=Indicator.PeriodKind.CALENDAR_YEAR
    )
    IndicatorValue.objects.create(indicator=indicator, period_start=datetime.date(2020, 6, 1), value=1137)
    IndicatorValue.objects.create(indicator=indicator, period_start=datetime.date(2021, 2, 1), value=1268)
    assert list(indicator.values.values_list("period_label", flat=True)) == ["2020", "2021"]
    statistics_table_save(
        table=draft.statistics_tables.model(report=draft),
        title="Pulled",
        columns=["2020", "2021"],
        rows=[{"label": "Incidents", "unit": "", "direction": "lower", "values": [], "indicator": indicator}],
    )
    soup = BeautifulSoup(scrutiny_report_pdf(report=draft, user=coordinator).html, "html.parser")
    table = next(t for t in soup.select("table[data-statistics-table]") if t.caption.get_text() == "Pulled")
    assert [td.get_text() for td in table.select("tr[data-statistic-row] td")] == [
        "1,137",
        "1,268",
        "+131",
        "+11.5%",
        "Worse",
    ]


def test_background_papers_are_listed_with_date_and_link(draft, coordinator):
    background_papers_save(
        report=draft,
        papers=[
            {"title": "Appendix A - FCSP Action plan 2021/22", "date": datetime.date(2022, 2, 7), "link": ""},
            {"title": "CCTV performance report 2021", "date": None, "link": "https://example.org/cctv.pdf"},
        ],
    )
    text = pdf_text(scrutiny_report_pdf(report=draft, user=coordinator).content)
    assert squash("Appendix A - FCSP Action plan 2021/22, 7 February 2022") in text
    assert "CCTV performance report 2021: https://example.org/cctv.pdf" in text


def test_committee_paper_details_are_printed(draft, coordinator):
    draft.agenda_item = "7"
    draft.forward_plan_reference = "FP/22/03"
    draft.save()
    text = pdf_text(scrutiny_report_pdf(report=draft, user=coordinator).content)
    assert "Agenda item no. 7" in text
    assert "Forward plan reference FP/22/03" in text
    assert "Portfolio holder(s) Cllr A Smith" in text


def test_a_committee_paper_carries_no_audience_line(draft, coordinator):
    issued = scrutiny_report_issue(report=draft, user=coordinator)
    # The copy every member reads (a reader cleared for DHR is given the copy with the
    # restricted DHR section instead).
    text = pdf_text(scrutiny_report_pdf(report=issued, user=None).content)
    assert "Prepared for" not in text and "restricted" not in text


def test_a_new_version_supersedes_the_issued_one_which_stays(draft, coordinator):
    cctv_table(draft)
    issued = scrutiny_report_issue(report=draft, user=coordinator)
    copy = scrutiny_report_new_version(report=issued, user=coordinator)
    assert copy.version == 2 and copy.is_draft
    assert copy.sections.count() == issued.sections.count()
    assert copy.statistics_tables.get().rows.count() == 5
    scrutiny_report_issue(report=copy, user=coordinator)
    issued.refresh_from_db()
    assert issued.status == ScrutinyReport.Status.SUPERSEDED
    assert issued.snapshot_html


def test_an_issued_report_is_never_edited(draft, coordinator):
    issued = scrutiny_report_issue(report=draft, user=coordinator)
    with pytest.raises(ValidationError):
        section_save(section=ReportSection(report=issued), title="Late", body="Too late.")


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
    assert re.search(r"1 Purpose of the report and summary This report updates the panel", text)


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
