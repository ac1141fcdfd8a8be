"""The budget page, the money forms, and money beside the RAG on the plan and action pages."""

import datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans import budget_services
from plans.models import Allocation, FundingSource, Spend
from tests import factories


def soup_of(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def budget_url(world) -> str:
    return reverse("plan_budget", args=[world.partnership.slug, world.plan.pk])


def text(node) -> str:
    return " ".join(node.get_text(" ").split())


def test_budget_page_shows_computed_totals(client, world, money):
    client.force_login(world.users["viewer"])
    soup = soup_of(client.get(budget_url(world)))
    totals = text(soup.find(attrs={"data-testid": "budget-totals"}))
    assert "Funding £13,790.00" in totals
    assert "£8,790.00 received; £5,000.00 expected" in totals
    assert "Allocated £7,000.50" in totals
    assert "Unallocated £6,789.50" in totals
    assert "Spent to date £1,250.25" in totals
    sources = soup.find(attrs={"data-testid": "sources"})
    assert "Total funding £13,790.00" in text(sources.find("tfoot"))


def test_budget_page_lists_allocations_per_theme_with_spend_and_remaining(client, world, money):
    client.force_login(world.users["viewer"])
    soup = soup_of(client.get(budget_url(world)))
    table = soup.find(attrs={"data-testid": "allocations-1"})
    cells = [[text(td) for td in tr.find_all("td")] for tr in table.tbody.find_all("tr")]
    first = next(c for c in cells if "Row 1: IDVA service" in c[0])
    assert first[2:] == ["£5,000.50", "£1,250.25", "£3,750.25"]
    assert "PCC grant, first instalment" in first[1]
    assert text(table.tfoot) == "Theme 1 total £7,000.50 £1,250.25 £5,750.25"


def test_budget_page_warns_about_a_source_not_received(client, world, money):
    client.force_login(world.users["viewer"])
    soup = soup_of(client.get(budget_url(world)))
    warnings = soup.find(attrs={"data-testid": "budget-warnings"})
    assert "“Police contribution”, which is not received yet" in text(warnings)


def test_budget_page_warns_about_over_allocation(client, world, money):
    budget_services.allocation_save(plan=world.plan, action=world.action, new_amount=Decimal("7000"))
    client.force_login(world.users["viewer"])
    soup = soup_of(client.get(budget_url(world)))
    items = soup.select(".csp-budget-warning--over_allocated")
    assert len(items) == 1
    assert "by £210.50" in text(items[0])
    assert text(soup.find(attrs={"data-testid": "unallocated"})) == "−£210.50"


def test_viewer_sees_no_edit_links(client, world, money):
    client.force_login(world.users["viewer"])
    soup = soup_of(client.get(budget_url(world)))
    assert not soup.find("a", string="Add a funding source")
    assert not soup.find("a", string=lambda s: s and s.startswith("Record spend"))


def test_coordinator_records_a_source_through_the_form(client, world):
    client.force_login(world.users["coordinator"])
    url = reverse("funding_source_create", args=[world.partnership.slug, world.plan.pk])
    response = client.post(
        url,
        {"name": "PCC grant", "amount": "£8,790.50", "status": "received", "received_on": "2025-05-01"},
    )
    assert response.status_code == 302
    source = FundingSource.objects.get()
    assert source.amount == Decimal("8790.50")
    assert source.plan == world.plan


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("12.345", "Amount (£): Enter pence as two digits at most, such as 1,234.50."),
        ("-5", "Amount (£): An amount cannot be negative."),
        ("lots", "Amount (£): Enter an amount in pounds and pence, such as 1,234.50."),
    ],
)
def test_a_bad_amount_is_named_in_the_error_summary(client, world, amount, message):
    client.force_login(world.users["coordinator"])
    url = reverse("funding_source_create", args=[world.partnership.slug, world.plan.pk])
    soup = soup_of(client.post(url, {"name": "Grant", "amount": amount, "status": "expected"}))
    summary = soup.select_one(".govuk-error-summary")
    assert message in [text(li) for li in summary.select("li")]
    assert not FundingSource.objects.exists()


def test_a_received_source_without_its_date_is_refused_with_a_message(client, world):
    client.force_login(world.users["coordinator"])
    url = reverse("funding_source_create", args=[world.partnership.slug, world.plan.pk])
    soup = soup_of(client.post(url, {"name": "Grant", "amount": "10", "status": "received"}))
    summary = text(soup.select_one(".govuk-error-summary"))
    assert "Date received: Give the date the money was received." in summary


def test_coordinator_allocates_to_an_action_drawing_on_sources(client, world, money):
    client.force_login(world.users["coordinator"])
    url = reverse("allocation_create", args=[world.partnership.slug, world.plan.pk])
    data = {
        "action": world.action.pk,
        "row": world.row_b.pk,
        "carry_over_amount": "0",
        "new_amount": "300",
        "sources": [money.grant.pk],
        "note": "Leaflets",
    }
    assert client.post(url, data).status_code == 302
    allocation = Allocation.objects.get(note="Leaflets")
    assert allocation.row == world.row_b
    assert list(allocation.sources.all()) == [money.grant]


def test_an_allocation_to_a_row_of_another_action_is_refused(client, world, money):
    other = factories.ActionFactory(plan=world.plan, theme=world.action.theme, reference="1.9")
    client.force_login(world.users["coordinator"])
    url = reverse("allocation_create", args=[world.partnership.slug, world.plan.pk])
    data = {"action": other.pk, "row": world.row_a.pk, "carry_over_amount": "0", "new_amount": "1"}
    soup = soup_of(client.post(url, data))
    assert "Project row: Choose a project row of the chosen action." in text(
        soup.select_one(".govuk-error-summary")
    )


def test_lead_records_spend_and_returns_to_the_action(client, world, money):
    client.force_login(world.users["lead"])
    url = reverse("spend_create", args=[world.partnership.slug, world.plan.pk, money.row_a_allocation.pk])
    response = client.post(url, {"spent_on": "2025-08-01", "amount": "99.99", "description": "Training"})
    assert response["Location"] == reverse(
        "action_detail", args=[world.partnership.slug, world.plan.pk, world.action.pk]
    )
    spend = Spend.objects.get(description="Training")
    assert (spend.amount, spend.recorded_by) == (Decimal("99.99"), world.users["lead"])


def test_coordinator_switches_off_lead_spend(client, world, money):
    client.force_login(world.users["coordinator"])
    url = reverse("budget_settings", args=[world.partnership.slug, world.plan.pk])
    assert client.post(url, {}).status_code == 302
    world.plan.refresh_from_db()
    assert world.plan.leads_record_spend is False


def test_action_page_shows_allocation_and_spend_beside_the_rag(client, world, money):
    client.force_login(world.users["lead"])
    url = reverse("action_detail", args=[world.partnership.slug, world.plan.pk, world.action.pk])
    soup = soup_of(client.get(url))
    status_line = soup.find(attrs={"data-testid": "action-money"}).parent
    assert "Allocated £7,000.50" in text(status_line)
    assert "spent £1,250.25" in text(status_line)
    assert "Action status" in text(status_line)
    spends = [text(s) for s in soup.find_all(attrs={"data-testid": "spend"})]
    assert spends == ["£1,250.25: Q1 salary"]
    record = [a for a in soup.find_all("a") if text(a).startswith("Record spend")]
    assert len(record) == 2  # row A's allocation (led by `lead`) and the whole action's


def test_plan_page_shows_each_actions_money(client, world, money):
    client.force_login(world.users["viewer"])
    soup = soup_of(client.get(reverse("plan_detail", args=[world.partnership.slug, world.plan.pk])))
    meta = soup.find(attrs={"data-testid": "action-money"}).parent
    assert "Allocated £7,000.50" in text(meta)


def test_dashboard_money_panel_has_a_chart_and_its_table(client, world, money):
    client.force_login(world.users["viewer"])
    soup = soup_of(client.get(reverse("plan_dashboard", args=[world.partnership.slug, world.plan.pk])))
    panel = soup.find(attrs={"data-testid": "money-panel"})
    svg = panel.find("svg")
    assert svg["role"] == "img"
    assert "£7,000.50 allocated, £1,250.25 spent" in svg.find("desc").get_text()
    rows = [[text(c) for c in tr.find_all(["th", "td"])] for tr in panel.find("table").tbody.find_all("tr")]
    assert rows == [["1. Domestic abuse", "£7,000.50", "£1,250.25", "£5,750.25"]]


def test_organisation_page_shows_people_rows_money_and_commitments(client, world, money):
    client.force_login(world.users["viewer"])
    url = reverse("organisation_detail", args=[world.partnership.slug, world.police.pk])
    soup = soup_of(client.get(url))
    assert soup.h1.get_text(strip=True) == "Testshire Police"
    assert "Insp Lena Lead" in text(soup.find(attrs={"data-testid": "people"}))
    assert "IDVA service" in text(soup.find(attrs={"data-testid": "rows-led"}))
    assert "Police contribution" in text(soup.find(attrs={"data-testid": "funding"}))
    commitments = text(soup.find(attrs={"data-testid": "commitments"}))
    assert "Will lead the monthly problem-solving group" in commitments
    assert "Agreed" in commitments
    assert "Supports 1.1" in commitments


def test_coordinator_updates_a_commitments_status(client, world, money):
    client.force_login(world.users["coordinator"])
    url = reverse("commitment_update", args=[world.partnership.slug, world.police.pk, money.commitment.pk])
    data = {"description": money.commitment.description, "status": "at_risk", "status_note": "Staff leaving"}
    assert client.post(url, data).status_code == 302
    money.commitment.refresh_from_db()
    assert (money.commitment.status, money.commitment.status_note) == ("at_risk", "Staff leaving")


def test_a_commitment_linked_to_another_plans_action_is_refused(client, world, money):
    second = factories.PlanFactory(partnership=world.partnership, title="Second")
    client.force_login(world.users["coordinator"])
    url = reverse("commitment_create", args=[world.partnership.slug, world.police.pk])
    data = {"description": "Help", "status": "agreed", "plan": second.pk, "actions": [world.action.pk]}
    soup = soup_of(client.post(url, data))
    assert "Choose actions of the chosen plan" in text(soup.select_one(".govuk-error-summary"))


def grow_money(world, n: int, start: int) -> None:
    source = budget_services.funding_source_save(
        plan=world.plan, name=f"Source {start}", amount=Decimal("100"), status="expected"
    )
    for i in range(start, start + n):
        theme = factories.ThemeFactory(plan=world.plan, number=f"M{i}")
        action = factories.ActionFactory(plan=world.plan, theme=theme, reference=f"9.{i}")
        row = factories.ProjectRowFactory(action=action)
        row.lead_people.add(world.lead_person)
        allocation = budget_services.allocation_save(
            plan=world.plan, action=action, row=row, new_amount=Decimal("10"), sources=[source]
        )
        budget_services.spend_record(
            allocation=allocation,
            spent_on=datetime.date(2025, 6, 1),
            amount=Decimal("1"),
            description="x",
            recorded_by=None,
        )


BUDGET_PAGE_QUERIES = 12  # the partnership comes with the user's memberships (issue 18)


@pytest.mark.parametrize("role", ["coordinator", "lead"])
def test_budget_page_query_count_is_pinned_at_two_sizes(client, world, money, role):
    client.force_login(world.users[role])
    counts = []
    for size, start in ((2, 0), (6, 10)):
        grow_money(world, size, start)
        client.get(budget_url(world))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(budget_url(world)).status_code == 200
        counts.append(len(queries))
    assert counts == [BUDGET_PAGE_QUERIES, BUDGET_PAGE_QUERIES]
