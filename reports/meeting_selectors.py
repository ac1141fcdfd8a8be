"""Reads for a meeting's page (a fixed number of queries). The action log carried from earlier
meetings has its one home in `reports.board_pack.carried_action_log`, shared with the pack."""

from dataclasses import dataclass

from partners.models import Meeting
from reports.board_pack import carried_action_log, previous_meeting
from reports.models import ActionLogItem, AgendaItem, MeetingAttendance


@dataclass
class MeetingPageContent:
    """A meeting's page: its agenda (with the minutes of each item), who attended and who sent
    apologies, the actions agreed at it (with the number of the item they were agreed under),
    and the actions carried to it from earlier meetings."""

    meeting: Meeting
    previous: Meeting | None
    agenda: list[AgendaItem]
    present: list[MeetingAttendance]
    apologies: list[MeetingAttendance]
    actions: list[tuple[int | None, ActionLogItem]]
    carried: list[ActionLogItem]

    @property
    def has_minutes(self) -> bool:
        return any(item.minutes for item in self.agenda)

    @property
    def attendance_groups(self) -> list[tuple[str, list[MeetingAttendance], str]]:
        return [
            ("Attended", self.present, MeetingAttendance.Status.PRESENT),
            ("Apologies", self.apologies, MeetingAttendance.Status.APOLOGIES),
        ]

    @property
    def carried_rows(self) -> list[tuple[None, ActionLogItem]]:
        return [(None, action) for action in self.carried]


def meeting_page_content(meeting: Meeting) -> MeetingPageContent:
    previous = previous_meeting(meeting)
    agenda = list(meeting.agenda_items.select_related("section__report"))
    attendance = list(meeting.attendance.select_related("person__organisation", "organisation"))
    numbers = {item.pk: number for number, item in enumerate(agenda, start=1)}
    actions = [
        (numbers.get(action.agenda_item_id) if action.agenda_item_id else None, action)
        for action in meeting.action_log.order_by("id")
    ]
    return MeetingPageContent(
        meeting=meeting,
        previous=previous,
        agenda=agenda,
        present=[a for a in attendance if a.status == MeetingAttendance.Status.PRESENT],
        apologies=[a for a in attendance if a.status == MeetingAttendance.Status.APOLOGIES],
        actions=actions,
        carried=carried_action_log(meeting, previous),
    )
