"""Demo meetings: the two latest board meetings of each demo plan, with an agenda, attendance,
minutes and an action log carried from one to the next; called from `load_demo`."""

import datetime

from django.db import transaction

from partners.models import Meeting, Partnership
from plans.models import Plan, UpdateRound
from reports.models import ActionLogItem, AgendaItem, MeetingAttendance
from reports.rich_text import sanitise

AGENDA = [
    ("Welcome, introductions and apologies", "Chair", "", ""),
    (
        "Minutes and action log of the previous meeting",
        "Community Safety Officer",
        AgendaItem.Brings.PREVIOUS_MINUTES,
        "The minutes were agreed as a true record. Open actions were carried forward.",
    ),
    (
        "Performance summary",
        "Community Safety Officer",
        AgendaItem.Brings.SUMMARY,
        "The board noted the overall status and the completeness of updates.",
    ),
    (
        "Exceptions: rows off track",
        "Lead officers",
        AgendaItem.Brings.EXCEPTIONS,
        "Each lead officer explained the red and amber rows; the board agreed the actions below.",
    ),
    (
        "Indicators",
        "Police analyst",
        AgendaItem.Brings.INDICATORS,
        "The board noted the year-on-year trends.",
    ),
    (
        "Changes since the previous meeting",
        "Community Safety Officer",
        AgendaItem.Brings.CHANGES,
        "",
    ),
    ("Any other business", "Chair", "", "None raised."),
]


def _meeting_agenda(meeting: Meeting, minutes: bool) -> list[AgendaItem]:
    items = []
    for position, (title, presenter, brings, text) in enumerate(AGENDA, start=1):
        item = AgendaItem(
            meeting=meeting,
            position=position,
            title=title,
            presenter=presenter,
            brings=brings,
            minutes=sanitise(text) if minutes else "",
        )
        item.full_clean()
        item.save()
        items.append(item)
    return items


def _attendance(meeting: Meeting, partnership: Partnership) -> None:
    people = list(partnership.people.select_related("organisation").order_by("name")[:6])
    for index, person in enumerate(people):
        status = (
            MeetingAttendance.Status.APOLOGIES
            if index == len(people) - 1
            else MeetingAttendance.Status.PRESENT
        )
        MeetingAttendance.objects.create(meeting=meeting, person=person, status=status)
    organisation = partnership.organisations.order_by("name").last()
    if organisation is not None:
        MeetingAttendance.objects.create(
            meeting=meeting, organisation=organisation, status=MeetingAttendance.Status.APOLOGIES
        )


def load_meeting_demo(partnership: Partnership) -> list[Meeting]:
    """The meeting the latest closed round fed (held, with minutes and actions) and the next one
    (agenda set, its pack ready to print)."""
    plan = partnership.plans.filter(status=Plan.Status.LIVE).order_by("-start_date").first()
    if plan is None:
        return []
    dates: list[datetime.date] = [
        day
        for day in UpdateRound.objects.filter(plan=plan, meeting_date__isnull=False)
        .order_by("meeting_date")
        .values_list("meeting_date", flat=True)
        if day is not None
    ]
    if not dates:
        return []
    next_on = dates[-1]
    held_on = dates[-2] if len(dates) > 1 else next_on - datetime.timedelta(days=91)
    with transaction.atomic():
        held = Meeting.objects.create(
            partnership=partnership, plan=plan, date=held_on, title=f"Partnership board, {held_on:%B %Y}"
        )
        items = _meeting_agenda(held, minutes=True)
        _attendance(held, partnership)
        exceptions = items[3]
        ActionLogItem.objects.create(
            meeting=held,
            agenda_item=exceptions,
            description="Bring a recovery plan for each red row to the next meeting.",
            owner="Lead officers",
            due_date=next_on - datetime.timedelta(days=7),
            status=ActionLogItem.Status.IN_PROGRESS,
        )
        ActionLogItem.objects.create(
            meeting=held,
            agenda_item=items[4],
            description="Add the town breakdown to the ASB indicator.",
            owner="Police analyst",
            due_date=held_on + datetime.timedelta(days=30),
            status=ActionLogItem.Status.DONE,
            done_on=held_on + datetime.timedelta(days=21),
        )
        upcoming = Meeting.objects.create(
            partnership=partnership, plan=plan, date=next_on, title=f"Partnership board, {next_on:%B %Y}"
        )
        _meeting_agenda(upcoming, minutes=False)
    return [held, upcoming]
