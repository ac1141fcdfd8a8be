"""Money records can be corrected and removed (after a confirmation page), never leaving an
allocation without its source or spend without its allocation; carry-over brings what is left of
each carried action's allocations into the next plan as carry-over money."""

import datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse

from plans import budget_services
from plans.budget import plan_budget
from plans.importing.carry_over import plan_carry_over
from plans.models import Allocation, FundingSource, Spend


@pytest.fixture
def coordinator(client, world):
    client.force_login(world.users["coordinator"])
    return client


def url(name: str, world, *args) -> str:
    return reverse(name, args=[world.partnership.slug, world.plan.pk, *args])


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


# --- spend ------------------------------------------------------------------------------------


def test_recorded_spend_can_be_corrected(coordinator, world, money):
    response = coordinator.post(
        url("spend_update", world, money.row_a_allocation.pk, money.spend.pk),
        {"spent_on": "2025-07-01", "amount": "1,300.10", "description": "Q1 salary and on-costs"},
    )
    assert response["Location"] == url("plan_budget", world)
    money.spend.refresh_from_db()
    assert (money.spend.spent_on, money.spend.amount, money.spend.description) == (
        datetime.date(2025, 7, 1),
        Decimal("1300.10"),
        "Q1 salary and on-costs",
    )
    assert money.spend.history.count() == 2  # what it said before is kept


def test_the_correction_form_shows_the_spend_as_recorded(coordinator, world, money):
    soup = soup_of(coordinator.get(url("spend_update", world, money.row_a_allocation.pk, money.spend.pk)))
    assert soup.find("input", attrs={"name": "description"})["value"] == "Q1 salary"
    assert soup.find("input", attrs={"name": "spent_on"})["value"] == "2025-06-30"


def test_a_correction_to_nothing_is_refused_and_keeps_what_was_typed(coordinator, world, money):
    response = coordinator.post(
        url("spend_update", world, money.row_a_allocation.pk, money.spend.pk),
        {"spent_on": "2025-07-01", "amount": "0", "description": "Refund"},
    )
    soup = soup_of(response)
    assert "Spend must be more than £0.00." in soup.find(class_="govuk-error-summary").get_text()
    assert soup.find("input", attrs={"name": "description"})["value"] == "Refund"
    money.spend.refresh_from_db()
    assert money.spend.amount == Decimal("1250.25")


def test_a_lead_officer_returns_to_the_action_page_after_a_correction(client, world, money):
    client.force_login(world.users["lead"])
    response = client.post(
        url("spend_update", world, money.row_a_allocation.pk, money.spend.pk),
        {"spent_on": "2025-06-30", "amount": "1250.25", "description": "Q1 salary (June)"},
    )
    assert response["Location"] == url("action_detail", world, world.action.pk)


def test_spend_of_another_allocation_is_not_found(coordinator, world, money):
    assert (
        coordinator.get(url("spend_update", world, money.action_allocation.pk, money.spend.pk)).status_code
        == 404
    )


def test_spend_is_removed_after_confirmation(coordinator, world, money):
    confirm = soup_of(coordinator.get(url("spend_delete", world, money.row_a_allocation.pk, money.spend.pk)))
    assert confirm.h1.get_text(strip=True) == "Remove the spend of £1,250.25 on 30 June 2025 (Q1 salary)?"
    coordinator.post(url("spend_delete", world, money.row_a_allocation.pk, money.spend.pk))
    assert not Spend.objects.exists()


def test_the_action_page_offers_correct_and_remove_beside_each_spend(client, world, money):
    client.force_login(world.users["lead"])
    soup = soup_of(client.get(url("action_detail", world, world.action.pk)))
    links = {a["href"] for a in soup.find(attrs={"data-testid": "action-budget"}).find_all("a")}
    assert url("spend_update", world, money.row_a_allocation.pk, money.spend.pk) in links
    assert url("spend_delete", world, money.row_a_allocation.pk, money.spend.pk) in links
    assert url("allocation_delete", world, money.row_a_allocation.pk) not in links  # the coordinator's


# --- sources and allocations --------------------------------------------------------------------


def test_a_source_that_allocations_draw_on_is_not_removed(coordinator, world, money):
    page = soup_of(coordinator.get(url("funding_source_delete", world, money.grant.pk)))
    assert page.h1.get_text(strip=True) == "This cannot be removed yet"
    assert "1 allocation draws on it (Allocation to row 1 of action 1.1)" in page.get_text()
    assert page.find("button", string="Yes, remove it") is None
    response = coordinator.post(url("funding_source_delete", world, money.grant.pk), follow=True)
    assert "“PCC grant, first instalment” cannot be removed" in soup_of(response).get_text()
    assert FundingSource.objects.filter(pk=money.grant.pk).exists()


def test_a_source_nothing_draws_on_is_removed_after_confirmation(coordinator, world, money):
    spare = budget_services.funding_source_save(
        plan=world.plan, name="Housing association", amount=Decimal("5000"), status="expected"
    )
    confirm = soup_of(coordinator.get(url("funding_source_delete", world, spare.pk)))
    assert confirm.find("button", string="Yes, remove it") is not None
    response = coordinator.post(url("funding_source_delete", world, spare.pk))
    assert response["Location"] == url("plan_budget", world) + "#sources"
    assert not FundingSource.objects.filter(pk=spare.pk).exists()
    assert plan_budget(world.plan).funding_total == Decimal("13790.00")


def test_an_allocation_with_spend_is_not_removed(coordinator, world, money):
    page = soup_of(coordinator.get(url("allocation_delete", world, money.row_a_allocation.pk)))
    assert "£1,250.25 of spend (1 entry) is recorded against it" in page.get_text()
    with pytest.raises(ValidationError):
        budget_services.allocation_delete(allocation=money.row_a_allocation)
    assert Allocation.objects.filter(pk=money.row_a_allocation.pk).exists()


def test_an_allocation_without_spend_is_removed_and_its_source_then_can_be(coordinator, world, money):
    coordinator.post(url("allocation_delete", world, money.action_allocation.pk))
    assert not Allocation.objects.filter(pk=money.action_allocation.pk).exists()
    assert budget_services.funding_source_delete_problem(money.pledge) == ""


def test_the_budget_page_offers_remove_links_to_the_coordinator(coordinator, world, money):
    links = {a["href"] for a in soup_of(coordinator.get(url("plan_budget", world))).find_all("a")}
    assert url("funding_source_delete", world, money.grant.pk) in links
    assert url("allocation_delete", world, money.action_allocation.pk) in links


# --- carry-over -----------------------------------------------------------------------------


def carry(world):
    return plan_carry_over(
        source_plan=world.plan,
        actions=[world.action],
        renumber={},
        title="Next year",
        start=datetime.date(2026, 4, 1),
        end=datetime.date(2027, 3, 31),
        user=world.users["coordinator"],
    )


def test_carry_over_brings_what_is_left_of_each_allocation_as_carry_over_money(world, money):
    plan = carry(world)
    copy = plan.actions.get()
    carried = list(plan.allocations.select_related("row").order_by("-carry_over_amount"))
    assert [
        (a.action, a.row.position if a.row else None, a.carry_over_amount, a.new_amount) for a in carried
    ] == [
        (copy, 1, Decimal("3750.25"), Decimal("0.00")),  # £5,000.50 less £1,250.25 spent
        (copy, None, Decimal("2000.00"), Decimal("0.00")),
    ]
    assert carried[0].note == "Carried over: £3,750.25 left of £5,000.50 (IDVA post)"
    source = plan.funding_sources.get()
    assert (source.name, source.amount, source.is_carry_over, source.status) == (
        "Carry-over from Home Delivery Plan",
        Decimal("5750.25"),
        True,
        FundingSource.Status.EXPECTED,
    )
    assert all(list(a.sources.all()) == [source] for a in carried)
    budget = plan_budget(plan)
    assert (budget.allocated, budget.unallocated, budget.spent) == (Decimal("5750.25"), Decimal("0.00"), 0)


def test_a_fully_spent_allocation_carries_nothing(world, money):
    budget_services.spend_record(
        allocation=money.action_allocation,
        spent_on=datetime.date(2025, 9, 1),
        amount=Decimal("2000.00"),
        description="Campaign printing",
        recorded_by=None,
    )
    plan = carry(world)
    assert list(plan.allocations.values_list("carry_over_amount", flat=True)) == [Decimal("3750.25")]


def test_carrying_actions_without_money_adds_no_source(world):
    plan = carry(world)
    assert not plan.funding_sources.exists() and not plan.allocations.exists()


def test_the_old_plans_money_is_unchanged_by_carry_over(world, money):
    before = plan_budget(world.plan)
    carry(world)
    after = plan_budget(world.plan)
    assert (after.allocated, after.spent, after.funding_total) == (
        before.allocated,
        before.spent,
        before.funding_total,
    )
