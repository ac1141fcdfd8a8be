"""Money in the reports: the board pack's budget section and commitments appendix, the XLSX
budget sheet, each action's budget in the delivery plan PDF, commitments in the scrutiny report."""

import datetime
import io
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from partners.audience import Audience
from partners.models import Meeting
from reports.renderers import board_pack_report, delivery_plan_report
from reports.scrutiny import scrutiny_html
from reports.services import scrutiny_report_create
from reports.spreadsheets import plan_xlsx
from tests.reports.conftest import pdf_text


@pytest.fixture
def pack_text(world, money) -> str:
    meeting = Meeting.objects.create(
        partnership=world.partnership,
        plan=world.plan,
        date=datetime.date(2025, 10, 20),
        title="October board",
    )
    return pdf_text(board_pack_report(meeting=meeting).content)


def section(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end, text.index(start))]


def test_board_pack_has_a_budget_section_with_totals(pack_text):
    budget = section(pack_text, "5. Budget Funding", "Appendix")
    assert "Funding £13,790.00 (£8,790.00 received, £5,000.00 expected)" in budget
    assert "allocated £7,000.50" in budget
    assert "unallocated £6,789.50" in budget
    assert "spent to date £1,250.25" in budget


def test_board_pack_budget_section_lists_sources_allocations_and_warnings(pack_text):
    budget = section(pack_text, "5. Budget Funding", "Appendix")
    assert "PCC grant, first instalment" in budget
    assert "Police contribution" in budget
    assert "All allocations £7,000.50 £1,250.25 £5,750.25" in budget
    assert "“Police contribution”, which is not received yet" in budget


def test_board_pack_contents_and_appendix_include_commitments(pack_text):
    assert "5. Budget" in pack_text[: pack_text.index("1. Summary Overall")]
    appendix = pack_text[pack_text.index("Appendix: partners' commitments What") :]
    assert "Will lead the monthly problem-solving group" in appendix
    assert "Testshire Police" in appendix


def test_delivery_plan_shows_each_actions_budget(world, money):
    text = pdf_text(delivery_plan_report(plan=world.plan).content)
    assert "Budget: £7,000.50 allocated; £1,250.25 spent; £5,750.25 remaining." in text


def test_xlsx_has_a_budget_sheet_with_exact_amounts(world, money):
    workbook = load_workbook(io.BytesIO(plan_xlsx(plan=world.plan).content))
    sheet = workbook["Budget"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    by_label = {row[0]: row for row in rows if row[0]}
    assert Decimal(str(by_label["Total funding"][4])) == Decimal("13790.00")
    assert Decimal(str(by_label["All allocations"][7])) == Decimal("7000.50")
    assert Decimal(str(by_label["All allocations"][8])) == Decimal("1250.25")
    assert Decimal(str(by_label["Unallocated funding"][7])) == Decimal("6789.50")
    assert sheet.cell(row=3, column=5).number_format == '"£"#,##0.00'
    warnings = rows[[r[0] for r in rows].index("Warnings") + 1 :]
    assert any("not received yet" in (r[0] or "") for r in warnings)


def test_scrutiny_partner_list_includes_commitments(world, money):
    report = scrutiny_report_create(
        plan=world.plan, user=world.users["coordinator"], meeting_date=datetime.date(2026, 1, 30), title="O&S"
    )
    soup = BeautifulSoup(scrutiny_html(report, Audience.of(None, world.partnership)), "html.parser")
    partners = soup.select_one(".partners")
    police = next(li for li in partners.find_all("li") if li.get_text().startswith("Testshire Police"))
    assert "Will lead the monthly problem-solving group" in police.get_text()
    assert "agreed; actions 1.1" in " ".join(police.get_text().split())
