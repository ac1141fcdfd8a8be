"""Reports ready when asked (reports/fresh.py): a delivery plan or board pack whose HTML is the
same as a kept copy's is served at once, without rendering; any change to what it shows makes the
next request render again; the background keeps a copy for each kind of reader once changes
settle."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from dhr.models import ReadLog
from partners.models import GlossaryTerm, Meeting
from plans import services
from plans.budget_services import allocation_save
from plans.models import Plan, ProgressUpdate, UpdateRound
from reports import renderers
from reports.fresh import (
    FRESH_TASK_PATH,
    fresh_readers,
    fresh_reports_render,
    fresh_reports_schedule,
    report_file_keep_fresh,
)
from reports.generation import report_file_generate
from reports.models import ActionLogItem, AgendaItem, MeetingAttendance, ReportFile
from reports.pdf import PdfResult
from reports.services import (
    action_log_item_save,
    agenda_item_delete,
    agenda_item_save,
    attendance_save,
    meeting_minutes_save,
    report_file_request,
)
from tests import factories

PLAN, PACK = ReportFile.Kind.DELIVERY_PLAN, ReportFile.Kind.BOARD_PACK


@pytest.fixture(autouse=True)
def renders(monkeypatch) -> list[str]:
    """WeasyPrint stands aside: each render is counted (the HTML it was given) and makes a
    small PDF, so a test can tell a served copy from a new render."""
    made: list[str] = []

    def fake_pdf(html: str) -> PdfResult:
        made.append(html)
        return PdfResult(b"%PDF-1.7 render " + str(len(made)).encode(), 3, 0.0, [])

    monkeypatch.setattr(renderers, "html_to_pdf", fake_pdf)
    return made


@pytest.fixture
def live_round(world):
    Plan.objects.filter(pk=world.plan.pk).update(status=Plan.Status.LIVE)
    world.plan.refresh_from_db()
    return UpdateRound.objects.create(
        plan=world.plan, year=2025, quarter=3, due_date=datetime.date(2026, 1, 15)
    )


@pytest.fixture
def meeting(world) -> Meeting:
    return Meeting.objects.create(
        partnership=world.partnership,
        plan=world.plan,
        title="Board",
        date=timezone.localdate() + datetime.timedelta(days=14),
    )


def ask(world, user, kind, meeting=None) -> ReportFile:
    if kind == PACK:
        return report_file_request(kind=kind, meeting=meeting, user=user)
    return report_file_request(kind=kind, plan=world.plan, user=user)


def rendered(world, user, kind, meeting=None) -> ReportFile:
    """A copy as the worker leaves it: requested, then rendered."""
    report_file = ask(world, user, kind, meeting)
    assert report_file.status == ReportFile.Status.QUEUED
    return report_file_generate(report_file=report_file)


@pytest.fixture(params=[PLAN, PACK])
def kind(request):
    return request.param


def test_a_copy_is_served_at_once_when_nothing_changed_since(world, meeting, kind, renders):
    user = world.users["coordinator"]
    copy = rendered(world, user, kind, meeting)
    assert len(renders) == 1
    assert ask(world, user, kind, meeting) == copy
    assert len(renders) == 1  # served, not rendered


def test_an_accepted_update_after_the_copy_makes_the_request_render_again(world, meeting, live_round, kind):
    user = world.users["coordinator"]
    copy = rendered(world, user, kind, meeting)
    update = factories.ProgressUpdateFactory(
        row=world.row_a, round=live_round, status=ProgressUpdate.Status.SUBMITTED, narrative="New work."
    )
    services.update_accept(update=update, reviewer=world.users["coordinator"])
    requested = ask(world, user, kind, meeting)
    assert requested != copy
    assert requested.status == ReportFile.Status.QUEUED


def test_a_structure_change_after_the_copy_makes_the_request_render_again(world, meeting, kind):
    user = world.users["coordinator"]
    copy = rendered(world, user, kind, meeting)
    world.action.title = "A new title"
    services.structure_save(record=world.action)
    assert ask(world, user, kind, meeting) != copy


def test_money_allocated_after_the_copy_makes_the_request_render_again(world, meeting, kind):
    """The plan's history says nothing of its money; the report's HTML does."""
    user = world.users["coordinator"]
    copy = rendered(world, user, kind, meeting)
    allocation_save(plan=world.plan, action=world.action, new_amount=Decimal("2500.00"))
    assert ask(world, user, kind, meeting) != copy


def test_a_new_glossary_term_used_in_the_report_makes_the_request_render_again(world, meeting, kind):
    user = world.users["coordinator"]
    copy = rendered(world, user, kind, meeting)
    GlossaryTerm.objects.create(partnership=world.partnership, acronym="IDVA", meaning="Independent adviser")
    assert ask(world, user, kind, meeting) != copy


def test_tomorrow_yesterdays_copy_is_not_served(world, meeting, kind, monkeypatch):
    user = world.users["coordinator"]
    copy = rendered(world, user, kind, meeting)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(renderers.timezone, "localdate", lambda *args: tomorrow)
    assert ask(world, user, kind, meeting) != copy


def test_a_reader_whose_report_is_the_same_gets_a_copy_without_a_render(world, meeting, kind, renders):
    copy = rendered(world, world.users["viewer"], kind, meeting)
    given = ask(world, world.users["lead"], kind, meeting)
    assert len(renders) == 1
    assert given != copy
    assert given.requested_by == world.users["lead"]
    assert given.status == ReportFile.Status.DONE
    assert given.file.read() == copy.file.read()
    assert given.html_digest == copy.html_digest


def test_a_reader_whose_report_differs_never_gets_anothers_copy(world, meeting, kind):
    """The coordinator is cleared for DHR records: their report says so, the viewer's does not."""
    rendered(world, world.users["coordinator"], kind, meeting)
    assert ask(world, world.users["viewer"], kind, meeting).status == ReportFile.Status.QUEUED


def test_another_partnerships_copy_is_never_served(world, kind):
    other_plan = factories.PlanFactory(partnership=world.other_partnership)
    other = ReportFile.objects.create(
        kind=PLAN, partnership=world.other_partnership, plan=other_plan, requested_by=world.users["outsider"]
    )
    report_file_generate(report_file=other)
    mine = report_file_request(kind=PLAN, plan=world.plan, user=world.users["viewer"])
    assert mine.status == ReportFile.Status.QUEUED


# The board pack holds the meeting's own records: each change to them is a different pack.


def _agenda_added(meeting):
    agenda_item_save(item=AgendaItem(meeting=meeting, title="Knife crime", brings=AgendaItem.Brings.SUMMARY))


def _attendance(meeting):
    attendance_save(attendance=MeetingAttendance(meeting=meeting, name="Cllr A Smith"))


def _action_logged(meeting):
    earlier = Meeting.objects.create(
        partnership=meeting.partnership, plan=meeting.plan, title="Earlier", date=datetime.date(2025, 1, 10)
    )
    action_log_item_save(item=ActionLogItem(meeting=earlier, description="Map the hotspots", owner="Police"))


def _meeting_renamed(meeting):
    meeting.title = "Board (rescheduled)"
    meeting.save()


MEETING_CHANGES = {
    "agenda": _agenda_added,
    "attendance": _attendance,
    "action log": _action_logged,
    "meeting": _meeting_renamed,
}


@pytest.mark.parametrize("change", sorted(MEETING_CHANGES))
def test_a_change_to_the_meeting_makes_the_pack_render_again(world, meeting, change):
    user = world.users["coordinator"]
    copy = rendered(world, user, PACK, meeting)
    MEETING_CHANGES[change](meeting)
    meeting.refresh_from_db()
    assert ask(world, user, PACK, meeting) != copy


def test_minutes_of_the_previous_meeting_make_the_pack_render_again(world, meeting):
    previous = Meeting.objects.create(
        partnership=world.partnership, plan=world.plan, title="Previous", date=datetime.date(2025, 1, 10)
    )
    item = agenda_item_save(item=AgendaItem(meeting=previous, title="Updates"))
    agenda_item_save(
        item=AgendaItem(meeting=meeting, title="Last minutes", brings=AgendaItem.Brings.PREVIOUS_MINUTES)
    )
    user = world.users["coordinator"]
    copy = rendered(world, user, PACK, meeting)
    meeting_minutes_save(meeting=previous, minutes={item.pk: "<p>Agreed to map hotspots.</p>"})
    assert ask(world, user, PACK, meeting) != copy


def test_removing_an_agenda_item_makes_the_pack_render_again(world, meeting):
    item = agenda_item_save(item=AgendaItem(meeting=meeting, title="Any other business"))
    user = world.users["coordinator"]
    copy = rendered(world, user, PACK, meeting)
    agenda_item_delete(item=item)
    assert ask(world, user, PACK, meeting) != copy


def test_serving_a_cleared_readers_pack_logs_one_dhr_read(world, meeting):
    user = world.users["coordinator"]
    rendered(world, user, PACK, meeting)
    before = ReadLog.objects.filter(user=user).count()
    ask(world, user, PACK, meeting)
    assert ReadLog.objects.filter(user=user).count() == before + 1


def test_an_uncleared_readers_pack_logs_no_dhr_read(world, meeting):
    rendered(world, world.users["viewer"], PACK, meeting)
    ask(world, world.users["viewer"], PACK, meeting)
    assert not ReadLog.objects.filter(user=world.users["viewer"]).exists()


# Scheduling and the background


def test_accepting_an_update_schedules_a_debounced_render(
    world, live_round, django_capture_on_commit_callbacks
):
    update = factories.ProgressUpdateFactory(
        row=world.row_a, round=live_round, status=ProgressUpdate.Status.SUBMITTED
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.update_accept(update=update, reviewer=world.users["coordinator"])
    task = DBTaskResult.objects.get(task_path=FRESH_TASK_PATH)
    assert task.args_kwargs["args"] == [world.plan.pk]
    assert task.run_after > timezone.now() + datetime.timedelta(seconds=60)


def test_each_change_moves_the_one_waiting_render_later(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        fresh_reports_schedule(plan_id=world.plan.pk)
    first = DBTaskResult.objects.get(task_path=FRESH_TASK_PATH).run_after
    with django_capture_on_commit_callbacks(execute=True):
        fresh_reports_schedule(plan_id=world.plan.pk)
    waiting = DBTaskResult.objects.get(task_path=FRESH_TASK_PATH)
    assert waiting.run_after > first


def test_a_change_to_the_next_meetings_agenda_schedules_its_plan(
    world, meeting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _agenda_added(meeting)
    assert DBTaskResult.objects.get(task_path=FRESH_TASK_PATH).args_kwargs["args"] == [world.plan.pk]


def test_a_rolled_back_change_schedules_nothing(world, meeting, django_capture_on_commit_callbacks):
    from django.db import transaction

    class Refused(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Refused),
        transaction.atomic(),
    ):
        _agenda_added(meeting)
        world.action.title = "Renamed"
        services.structure_save(record=world.action)
        raise Refused
    assert callbacks == []
    assert not DBTaskResult.objects.filter(task_path=FRESH_TASK_PATH).exists()


def test_a_draft_saved_schedules_nothing(world, live_round, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        factories.ProgressUpdateFactory(row=world.row_a, round=live_round, status=ProgressUpdate.Status.DRAFT)
    assert not DBTaskResult.objects.filter(task_path=FRESH_TASK_PATH).exists()


def test_one_reader_of_each_kind_of_audience_is_rendered_for(world):
    """The coordinator (cleared for DHR records), then a viewer for everyone not a coordinator and
    not cleared: the leads get the viewer's copy."""
    assert fresh_readers(world.partnership) == [world.users["coordinator"], world.users["viewer"]]


def test_the_background_renders_the_plan_and_the_next_pack_once_changes_settle(
    world, live_round, meeting, renders
):
    later = timezone.now() + datetime.timedelta(hours=1)
    assert fresh_reports_render(plan_id=world.plan.pk, now=later) == 4
    kept = ReportFile.objects.filter(status=ReportFile.Status.DONE)
    assert sorted((f.kind, f.requested_by.username) for f in kept) == [
        (PACK, "coordinator"),
        (PACK, "viewer"),
        (PLAN, "coordinator"),
        (PLAN, "viewer"),
    ]
    assert kept.get(kind=PACK, requested_by=world.users["viewer"]).meeting == meeting


def test_after_the_background_render_a_request_is_served_without_rendering(
    world, live_round, meeting, renders
):
    fresh_reports_render(plan_id=world.plan.pk, now=timezone.now() + datetime.timedelta(hours=1))
    count = len(renders)
    for user in ("coordinator", "viewer", "lead"):
        assert ask(world, world.users[user], PACK, meeting).status == ReportFile.Status.DONE
    assert len(renders) == count


def test_the_background_renders_nothing_when_the_copies_are_current(world, live_round, meeting):
    later = timezone.now() + datetime.timedelta(hours=1)
    fresh_reports_render(plan_id=world.plan.pk, now=later)
    assert fresh_reports_render(plan_id=world.plan.pk, now=later) == 0


def test_preparing_a_pack_in_the_background_logs_no_dhr_read(world, meeting):
    fresh_reports_render(plan_id=world.plan.pk, now=timezone.now() + datetime.timedelta(hours=1))
    assert ReportFile.objects.filter(kind=PACK, requested_by=world.users["coordinator"]).exists()
    assert not ReadLog.objects.exists()


def test_the_background_waits_while_changes_keep_coming(world, live_round, meeting, renders):
    assert fresh_reports_render(plan_id=world.plan.pk, now=timezone.now()) == 0
    assert renders == []
    assert DBTaskResult.objects.filter(task_path=FRESH_TASK_PATH).count() == 1


def test_a_plan_without_an_open_round_or_a_next_meeting_is_not_rendered(world, renders):
    Meeting.objects.create(
        partnership=world.partnership, plan=world.plan, title="Past", date=datetime.date(2025, 1, 10)
    )
    later = timezone.now() + datetime.timedelta(hours=1)
    assert fresh_reports_render(plan_id=world.plan.pk, now=later) == 0
    assert renders == []


def test_a_copy_prepared_ahead_is_removed_when_a_newer_one_replaces_it(
    world, live_round, meeting, django_capture_on_commit_callbacks
):
    """Each settled change renders again; the copies nobody was given do not pile up."""
    later = timezone.now() + datetime.timedelta(hours=1)
    fresh_reports_render(plan_id=world.plan.pk, now=later)
    first = ReportFile.objects.get(kind=PLAN, requested_by=world.users["coordinator"])
    assert first.prepared_ahead and first.file.storage.exists(first.file.name)
    name = first.file.name
    world.action.title = "A new title"  # changes every reader's delivery plan
    world.action.save()
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the record says so
        assert fresh_reports_render(plan_id=world.plan.pk, now=later + datetime.timedelta(hours=1)) == 4
    first.refresh_from_db()
    assert first.status == ReportFile.Status.EXPIRED and not first.file.storage.exists(name)
    kept = ReportFile.objects.filter(status=ReportFile.Status.DONE)
    assert kept.count() == 4 and all(f.prepared_ahead for f in kept)


def test_a_copy_prepared_ahead_that_its_reader_was_given_is_kept(world, live_round, meeting):
    later = timezone.now() + datetime.timedelta(hours=1)
    fresh_reports_render(plan_id=world.plan.pk, now=later)
    coordinator = world.users["coordinator"]
    given = ask(world, coordinator, PLAN)
    assert given.status == ReportFile.Status.DONE and not given.prepared_ahead
    world.action.title = "A new title"
    world.action.save()
    fresh_reports_render(plan_id=world.plan.pk, now=later + datetime.timedelta(hours=1))
    given.refresh_from_db()
    assert given.status == ReportFile.Status.DONE  # theirs now, until the retention period ends


def test_a_newer_copy_for_one_reader_leaves_other_readers_copies_alone(world, live_round, meeting, renders):
    later = timezone.now() + datetime.timedelta(hours=1)
    fresh_reports_render(plan_id=world.plan.pk, now=later)
    viewer_copy = ReportFile.objects.get(kind=PLAN, requested_by=world.users["viewer"])
    world.action.title = "A new title"
    world.action.save()
    coordinator_plan = ReportFile(
        kind=PLAN, partnership=world.partnership, plan=world.plan, requested_by=world.users["coordinator"]
    )
    assert report_file_keep_fresh(coordinator_plan) == 1
    viewer_copy.refresh_from_db()
    assert viewer_copy.status == ReportFile.Status.DONE  # the viewer's, replaced only by the viewer's
    older = ReportFile.objects.filter(kind=PLAN, requested_by=world.users["coordinator"]).exclude(
        pk=coordinator_plan.pk
    )
    assert [f.status for f in older] == [ReportFile.Status.EXPIRED]
