"""Money for the shared `world`: sources (one not received), allocations and spend, a commitment."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from partners.commitment_services import commitment_save
from partners.models import ResourceCommitment
from plans import budget_services
from plans.models import Allocation, FundingSource, Spend


@dataclass
class Money:
    grant: FundingSource
    pledge: FundingSource
    row_a_allocation: Allocation
    action_allocation: Allocation
    spend: Spend
    commitment: ResourceCommitment


def build_money(world) -> Money:
    plan = world.plan
    grant = budget_services.funding_source_save(
        plan=plan,
        name="PCC grant, first instalment",
        amount=Decimal("8790.00"),
        status=FundingSource.Status.RECEIVED,
        received_on=datetime.date(2025, 5, 1),
    )
    pledge = budget_services.funding_source_save(
        plan=plan,
        name="Police contribution",
        organisation=world.police,
        amount=Decimal("5000.00"),
        status=FundingSource.Status.EXPECTED,
    )
    row_a_allocation = budget_services.allocation_save(
        plan=plan,
        action=world.action,
        row=world.row_a,
        carry_over_amount=Decimal("1000.00"),
        new_amount=Decimal("4000.50"),
        sources=[grant],
        note="IDVA post",
    )
    action_allocation = budget_services.allocation_save(
        plan=plan, action=world.action, new_amount=Decimal("2000.00"), sources=[pledge], note="Campaign"
    )
    spend = budget_services.spend_record(
        allocation=row_a_allocation,
        spent_on=datetime.date(2025, 6, 30),
        amount=Decimal("1250.25"),
        description="Q1 salary",
        recorded_by=world.users["coordinator"],
    )
    commitment = commitment_save(
        organisation=world.police,
        description="Will lead the monthly problem-solving group",
        status=ResourceCommitment.Status.AGREED,
        plan=plan,
        actions=[world.action],
    )
    plan.leads_record_spend = True
    plan.save(update_fields=["leads_record_spend"])
    return Money(grant, pledge, row_a_allocation, action_allocation, spend, commitment)


@pytest.fixture
def money(world) -> Money:
    return build_money(world)
