"""The demo's Overview & Scrutiny reports: last year's, issued (with You said - We did, a
statistics table in the shape of a real CCTV table, and background papers), and this year's
draft, pre-filled from the plan as a coordinator would find it. Built through the services, so
the demo's reports are exactly what a coordinator would make."""

import datetime

from django.contrib.auth.models import User
from django.utils import timezone

from partners.models import Membership, Partnership
from plans.models import Plan
from reports.models import ScrutinyReport, StatisticsTable
from reports.services import (
    background_papers_save,
    scrutiny_report_create,
    scrutiny_report_details_save,
    scrutiny_report_issue,
    statistics_table_save,
)

YOU_SAID_WE_DID = [
    {
        "you_said": "Street drinking around the bus station makes people avoid the town centre.",
        "we_did": "Extended the Public Spaces Protection Order and ran joint evening patrols every week.",
    },
    {
        "you_said": "It is hard to know where to get help about domestic abuse.",
        "we_did": "Put the helpline and drop-in times on every GP surgery and library noticeboard.",
    },
    {
        "you_said": "Young people have nowhere to go in the evenings.",
        "we_did": "Opened two youth sessions a week in Marshfield and Upton with a detached youth worker.",
    },
]

# Two calendar years side by side, judged by each measure's direction (variance is computed).
CCTV_ROWS = [
    ("Incidents recorded by CCTV operators", "incidents", "neutral", ["1,137", "1,268"]),
    ("Incidents leading to an arrest", "arrests", "higher", ["196", "211"]),
    ("Patrols directed by the control room", "patrols", "neutral", ["402", "455"]),
    ("Cameras working at the monthly check", "%", "higher", ["94", "97"]),
]


def _coordinator(partnership: Partnership) -> User | None:
    membership = (
        partnership.memberships.filter(role=Membership.Role.COORDINATOR).select_related("user").first()
    )
    return membership.user if membership else None


def load_scrutiny_demo(partnership: Partnership, today: datetime.date) -> list[ScrutinyReport]:
    """An issued report for last year's committee and a draft for this year's."""
    plan = partnership.plans.filter(status=Plan.Status.LIVE).first()
    user = _coordinator(partnership)
    if plan is None or user is None:
        return []
    committee = datetime.date(today.year, 11, 19)
    if committee < today:
        committee = committee.replace(year=today.year + 1)
    last_year, this_year = committee.year - 1, committee.year
    issued = scrutiny_report_create(
        plan=plan,
        user=user,
        agenda_item="7",
        committee="Overview and Scrutiny Panel",
        meeting_date=committee.replace(year=last_year),
        title=f"{partnership.name}: annual report to scrutiny {last_year}",
        portfolio_holder="Cllr Sam Hughes, Portfolio Holder for Communities",
        report_originators=f"{user.get_full_name()}, Community Safety Partnership Coordinator",
        contact_officers=f"{user.get_full_name()}, {user.email}",
    )
    scrutiny_report_details_save(report=issued, you_said_we_did=YOU_SAID_WE_DID)
    statistics_table_save(
        table=StatisticsTable(report=issued),
        title="CCTV: incidents, outcomes and service level",
        columns=[str(last_year - 2), str(last_year - 1)],
        rows=[
            {"label": label, "unit": unit, "direction": direction, "values": values}
            for label, unit, direction, values in CCTV_ROWS
        ],
    )
    background_papers_save(
        report=issued,
        papers=[
            {"title": f"Community Safety Partnership Strategic Assessment {last_year - 1}", "date": None},
            {"title": plan.title, "date": plan.start_date},
        ],
    )
    scrutiny_report_issue(report=issued, user=user)
    # Issued when the committee's papers went out, ten days before it met (the service stamps now).
    issued_on = datetime.datetime.combine(
        issued.meeting_date - datetime.timedelta(days=10), datetime.time(10)
    )
    ScrutinyReport.objects.filter(pk=issued.pk).update(issued_at=timezone.make_aware(issued_on))
    draft = scrutiny_report_create(
        plan=plan,
        user=user,
        agenda_item="",
        meeting_date=committee,
        title=f"{partnership.name}: annual report to scrutiny {this_year}",
        report_originators=f"{user.get_full_name()}, Community Safety Partnership Coordinator",
    )
    return [issued, draft]
