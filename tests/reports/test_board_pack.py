"""The board pack for the demo plan: contents, summary chart, exceptions, changes, appendix."""

import datetime

import pytest
from bs4 import BeautifulSoup

from partners.audience import Audience
from partners.models import Meeting
from plans.models import ProjectRow
from reports.board_pack import board_pack_content
from reports.models import ActionLogItem, MeetingAttendance
from reports.renderers import board_pack_report
from tests.reports.conftest import pdf_body_text, pdf_reader, pdf_text, squash


@pytest.fixture
def meetings(demo_plan):
    """Two meetings of our own, without an agenda (the demo's are set aside for these tests)."""
    Meeting.objects.filter(plan=demo_plan).delete()
    earlier = Meeting.objects.create(
        partnership=demo_plan.partnership,
        plan=demo_plan,
        date=datetime.date.today() - datetime.timedelta(days=120),
        title="Earlier board",
    )
    latest = Meeting.objects.create(
        partnership=demo_plan.partnership, plan=demo_plan, date=datetime.date.today(), title="Latest board"
    )
    return earlier, latest


@pytest.fixture
def pack(meetings):
    return board_pack_report(meeting=meetings[1])


def test_every_reference_and_narrative_is_in_the_appendix(pack, demo_plan):
    text = pdf_body_text(pack.content)
    rows = ProjectRow.objects.filter(action__plan=demo_plan).select_related("action", "current_update")
    assert [r.action.reference for r in rows if r.action.reference not in text] == []
    # A tall row may break across pages (no half-empty pages), so its narrative's halves can be
    # read apart: each narrative's opening is what must be there.
    openings = [squash(r.current_update.narrative)[:60] for r in rows if r.current_update]
    assert [o for o in openings if o not in text] == []


def test_contents_give_page_numbers(pack):
    cover = squash(pdf_reader(pack.content).pages[0].extract_text())
    assert "1. Summary" in cover
    assert "Appendix: the full plan" in cover
    agenda_line = cover[cover.index("Agenda") : cover.index("1. Summary")]
    assert agenda_line.rstrip(". ").endswith("2")
    summary_line = cover[cover.index("1. Summary") : cover.index("2. Exceptions")]
    assert summary_line.rstrip(". ").endswith("3")


def test_summary_fits_one_page_with_chart_and_figures(pack):
    page = squash(pdf_reader(pack.content).pages[2].extract_text())
    assert "1. Summary" in page
    assert "Project rows by status in each theme: the figures" in page
    assert "Update completeness" in page


def test_exceptions_list_every_off_track_row(pack, meetings):
    content = board_pack_content(meetings[1], Audience.of(None, meetings[1].partnership))
    text = pdf_text(pack.content)
    exceptions = text[
        text.index("Every project row whose status asks for a reason") : text.index(
            "Compared with the statuses"
        )
    ]
    assert content.exceptions
    for row, _theme in content.exceptions:
        assert squash(row.description) in exceptions


def test_changes_compare_with_the_previous_meeting(meetings):
    content = board_pack_content(meetings[1], Audience.of(None, meetings[1].partnership))
    changes = content.changes
    assert changes.since == meetings[0].date
    for change in changes.worsened:
        assert change.after.severity > change.before.severity
    for change in changes.improved:
        assert change.after.severity < change.before.severity


def test_chart_counts_add_up_to_the_rows(meetings, demo_plan):
    content = board_pack_content(meetings[1], Audience.of(None, meetings[1].partnership))
    assert (
        sum(total for _c, _v, total in content.chart.rows)
        == ProjectRow.objects.filter(action__plan=demo_plan).count()
    )


def test_page_count_is_sane(pack):
    assert 8 <= pack.pages <= 45


def demo_meetings(demo_plan) -> tuple[Meeting, Meeting]:
    held, upcoming = (
        Meeting.objects.filter(plan=demo_plan, agenda_items__isnull=False).distinct().order_by("date")
    )
    return held, upcoming


def test_the_demo_has_a_meeting_with_agenda_attendance_minutes_and_action_log(demo_plan):
    held, _upcoming = demo_meetings(demo_plan)
    assert held.agenda_items.count() >= 5
    assert held.agenda_items.exclude(minutes="").exists()
    statuses = set(held.attendance.values_list("status", flat=True))
    assert statuses == {MeetingAttendance.Status.PRESENT, MeetingAttendance.Status.APOLOGIES}
    assert held.action_log.exists()


def test_the_packs_contents_follow_the_agenda(demo_plan):
    _held, upcoming = demo_meetings(demo_plan)
    pack = board_pack_report(meeting=upcoming)
    cover = squash(pdf_reader(pack.content).pages[0].extract_text())
    titles = list(upcoming.agenda_items.values_list("title", flat=True))
    positions = [cover.index(f"{n}. {title}") for n, title in enumerate(titles, start=1)]
    assert positions == sorted(positions)


def test_the_pack_carries_the_previous_meetings_open_actions_and_minutes(demo_plan):
    held, upcoming = demo_meetings(demo_plan)
    content = board_pack_content(upcoming, Audience.of(None, upcoming.partnership))
    assert content.previous == held
    assert {a.meeting_id for a in content.action_log} == {held.pk}
    text = pdf_text(board_pack_report(meeting=upcoming).content)
    open_action = held.action_log.exclude(status=ActionLogItem.Status.DONE).first()
    assert squash(open_action.description) in text
    minutes = held.agenda_items.exclude(minutes="").first().minutes  # rich text: printed, not shown as tags
    assert squash(BeautifulSoup(minutes, "html.parser").get_text(" ")) in text
    assert "<p>" not in text


def test_an_action_done_before_the_last_meeting_is_no_longer_carried(demo_plan):
    held, upcoming = demo_meetings(demo_plan)
    old = ActionLogItem.objects.create(
        meeting=held, description="Long done", owner="Chair", status="done", done_on=held.date
    )
    ActionLogItem.objects.filter(pk=old.pk).update(done_on=held.date - datetime.timedelta(days=1))
    content = board_pack_content(upcoming, Audience.of(None, upcoming.partnership))
    assert old not in content.action_log


def test_an_open_action_is_carried_until_it_is_done(demo_plan):
    held, upcoming = demo_meetings(demo_plan)
    later = Meeting.objects.create(
        partnership=demo_plan.partnership,
        plan=demo_plan,
        date=upcoming.date + datetime.timedelta(days=91),
        title="Later board",
    )
    open_action = held.action_log.exclude(status=ActionLogItem.Status.DONE).first()
    assert open_action in board_pack_content(later, Audience.of(None, later.partnership)).action_log
