"""The demo's money and partners' commitments (used by `plans/demo_data.py`).

Marshfield's plan is funded from six sources, one of them (the PCC grant's second instalment) not
received yet; most actions have an allocation, taken from their budget cell where they have one;
some have spend; and the allocations exceed the funding by £20, as in one real plan whose own
tables said £39,600 was allocated against £39,580, so the over-allocation warning shows.
Deterministic, and written through the budget services like any coordinator's entries.
"""

import datetime
from decimal import Decimal

from partners.commitment_services import commitment_save
from partners.models import Organisation, ResourceCommitment
from plans import budget_services
from plans.models import Action, FundingSource, Plan, ProjectRow

OVER_ALLOCATED_BY = Decimal("20.00")
RECEIVED, EXPECTED = FundingSource.Status.RECEIVED, FundingSource.Status.EXPECTED

# name, organisation short name (None: the partnership), amount (None: the balancing core budget),
# received, carry-over
SOURCES = [
    ("Carry-over from last year", None, Decimal("12000.00"), True, True),
    ("PCC grant, first instalment", "OPCC", Decimal("40000.00"), True, False),
    ("PCC grant, second instalment", "OPCC", Decimal("22000.00"), False, False),
    ("District council core budget", "MDC", None, True, False),
    ("County council contribution", "SCC", Decimal("24000.00"), True, False),
    ("Housing association contribution", "MVH", Decimal("5000.00"), True, False),
]
# Allocations to actions with no budget cell: reference -> (amount, note, allocate to its first row)
EXTRA = {
    "1.1.2": (Decimal("1500.00"), "Body-worn video refresher training", True),
    "1.2.3": (Decimal("750.00"), "Printing of the workplace policy toolkit", False),
    "1.3.1": (Decimal("2000.00"), "Learning event venue and facilitator", False),
    "2.1(a)": (Decimal("1200.00"), "Case review software licences", True),
    "2.3(a)": (Decimal("2500.00"), "Fire-setter intervention sessions", False),
    "3.1.1": (Decimal("1070.00"), "Test purchase operations", True),
}
CARRY_OVER = {"1.1.1": Decimal("8000.00"), "2.2(b)": Decimal("4000.00")}
DRAWS = {  # reference -> the sources an allocation draws on (by name); otherwise by budget wording
    "2.2(b)": ["Carry-over from last year", "Housing association contribution"],
    "1.1.1": ["Carry-over from last year", "PCC grant, first instalment", "District council core budget"],
    "4.3(b)": ["District council core budget", "PCC grant, second instalment"],
}
SPEND_SHARES = {  # reference -> shares of the allocation spent, one spend record each
    "1.1.1": ["0.25", "0.25", "0.2"],
    "1.1.2": ["0.4"],
    "1.2.1": ["0.5"],
    "2.1(b)": ["0.25", "0.25"],
    "2.2(b)": ["0.3"],
    "3.2.2": ["0.45"],
    "4.2(a)": ["0.6", "0.15"],
}
COMMITMENTS = [  # organisation, what it commits, action references, status, note
    (
        "Police",
        "Will lead the monthly problem-solving group for the Saltmarsh estate",
        ["2.1(a)", "2.1(c)"],
        ResourceCommitment.Status.IN_PLACE,
        "",
    ),
    (
        "MVH",
        "Will hold £6,000 in reserve for one Domestic Homicide Review",
        [],
        ResourceCommitment.Status.AGREED,
        "Confirmed by the board of Marsh Vale Homes",
    ),
    (
        "SFRS",
        "Two prevention officers for safe and well visits to repeat victims",
        ["1.1.1"],
        ResourceCommitment.Status.IN_PLACE,
        "",
    ),
    (
        "BWR",
        "A recovery worker at the town centre hub on Friday and Saturday nights",
        ["4.2(a)"],
        ResourceCommitment.Status.AT_RISK,
        "Funding for the post ends in March",
    ),
    (
        "ICB",
        "Analyst time to share anonymised A&E assault data each quarter",
        ["4.3(a)"],
        ResourceCommitment.Status.PROPOSED,
        "",
    ),
]
SPEND_WORDS = ["Invoice for the quarter", "Staff costs", "Venue and materials", "Contract payment"]


def _sources_for(reference: str, wording: str, sources: dict[str, FundingSource]) -> list[FundingSource]:
    if reference in DRAWS:
        return [sources[name] for name in DRAWS[reference]]
    named = []
    if "OPCC" in wording or "PCC" in wording:
        named.append(sources["PCC grant, first instalment"])
    if "SCC" in wording:
        named.append(sources["County council contribution"])
    if "MDC" in wording or not named:
        named.append(sources["District council core budget"])
    return named


def load_money_demo(*, plan: Plan, orgs: dict[str, Organisation], today: datetime.date) -> None:
    actions = list(plan.actions.prefetch_related("rows").order_by("sort_key"))
    planned: list[
        tuple[Action, ProjectRow | None, Decimal, Decimal, str]
    ] = []  # (action, row, carry-over, new money, note)
    for action in actions:
        if action.budget:
            carry = CARRY_OVER.get(action.reference, Decimal("0.00"))
            planned.append((action, None, carry, action.budget - carry, action.budget_text))
        elif action.reference in EXTRA:
            amount, note, to_row = EXTRA[action.reference]
            planned.append((action, action.rows.all()[0] if to_row else None, Decimal("0.00"), amount, note))
    allocated = sum((carry + new for _a, _r, carry, new, _n in planned), Decimal("0.00"))
    known = sum((amount for _n, _o, amount, _r, _c in SOURCES if amount), Decimal("0.00"))
    received_on = min(plan.start_date + datetime.timedelta(days=30), today)
    sources = {
        name: budget_services.funding_source_save(
            plan=plan,
            name=name,
            organisation=orgs[org] if org else None,
            amount=amount if amount is not None else allocated - OVER_ALLOCATED_BY - known,
            status=RECEIVED if received else EXPECTED,
            received_on=received_on if received else None,
            is_carry_over=carry_over,
        )
        for name, org, amount, received, carry_over in SOURCES
    }
    for index, (action, row, carry, new, note) in enumerate(planned):
        allocation = budget_services.allocation_save(
            plan=plan,
            action=action,
            row=row,
            carry_over_amount=carry,
            new_amount=new,
            sources=_sources_for(action.reference, note, sources),
            note=note,
        )
        for count, share in enumerate(SPEND_SHARES.get(action.reference, []), start=1):
            budget_services.spend_record(
                allocation=allocation,
                spent_on=min(received_on + datetime.timedelta(days=60 * count + index), today),
                amount=(allocation.total * Decimal(share)).quantize(Decimal("0.01")),
                description=SPEND_WORDS[(index + count) % len(SPEND_WORDS)],
                recorded_by=None,
            )
    budget_services.plan_spend_setting_update(plan=plan, leads_record_spend=True)
    by_reference = {action.reference: action for action in actions}
    for org, text, references, status, note in COMMITMENTS:
        commitment_save(
            organisation=orgs[org],
            description=text,
            status=status,
            status_note=note,
            plan=plan,
            actions=[by_reference[r] for r in references],
        )
