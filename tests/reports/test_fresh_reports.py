"""Reports ready when asked: a delivery plan rendered after the plan last changed is served at
once; a change makes the next request render again; the background keeps a copy rendered for
each coordinator once changes settle (reports/fresh.py)."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from plans import services
from plans.models import Plan, ProgressUpdate, UpdateRound
from reports import generation
from reports.fresh import fresh_reports_render
from reports.models import ReportFile
from reports.services import report_file_request
from tests import factories

KIND = ReportFile.Kind.DELIVERY_PLAN


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()  # the debounce keys of other tests


@pytest.fixture
def live_round(world):
    Plan.objects.filter(pk=world.plan.pk).update(status=Plan.Status.LIVE)
    world.plan.refresh_from_db()
    return UpdateRound.objects.create(
        plan=world.plan, year=2025, quarter=3, due_date=datetime.date(2026, 1, 15)
    )


def done_file(world, user) -> ReportFile:
    return ReportFile.objects.create(
        kind=KIND,
        partnership=world.partnership,
        plan=world.plan,
        requested_by=user,
        status=ReportFile.Status.DONE,
    )


def test_a_copy_rendered_after_the_last_change_is_served_at_once(world):
    user = world.users["coordinator"]
    copy = done_file(world, user)
    assert report_file_request(kind=KIND, plan=world.plan, user=user) == copy


def test_an_accepted_update_after_the_copy_makes_the_request_render_again(world, live_round):
    user = world.users["coordinator"]
    copy = done_file(world, user)
    update = factories.ProgressUpdateFactory(
        row=world.row_a, round=live_round, status=ProgressUpdate.Status.SUBMITTED
    )
    services.update_accept(update=update, reviewer=user)
    requested = report_file_request(kind=KIND, plan=world.plan, user=user)
    assert requested != copy
    assert requested.status == ReportFile.Status.QUEUED


def test_a_structure_change_after_the_copy_makes_the_request_render_again(world):
    user = world.users["coordinator"]
    copy = done_file(world, user)
    world.action.title = "A new title"
    services.structure_save(record=world.action)
    assert report_file_request(kind=KIND, plan=world.plan, user=user) != copy


def test_another_persons_copy_is_never_served(world):
    copy = done_file(world, world.users["coordinator"])
    assert report_file_request(kind=KIND, plan=world.plan, user=world.users["viewer"]) != copy


def test_yesterdays_copy_is_not_served(world):
    user = world.users["coordinator"]
    copy = done_file(world, user)
    ReportFile.objects.filter(pk=copy.pk).update(created_at=timezone.now() - datetime.timedelta(days=1))
    assert report_file_request(kind=KIND, plan=world.plan, user=user) != copy


def test_accepting_an_update_schedules_a_debounced_render(
    world, live_round, django_capture_on_commit_callbacks
):
    update = factories.ProgressUpdateFactory(
        row=world.row_a, round=live_round, status=ProgressUpdate.Status.SUBMITTED
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.update_accept(update=update, reviewer=world.users["coordinator"])
    task = DBTaskResult.objects.get(task_path="reports.tasks.fresh_reports_task")
    assert task.args_kwargs["args"] == [world.plan.pk]
    assert task.run_after > timezone.now() + datetime.timedelta(seconds=60)


def test_the_background_renders_for_each_coordinator_once_changes_settle(world, live_round, monkeypatch):
    rendered = []
    monkeypatch.setattr(
        generation, "report_file_generate", lambda *, report_file: rendered.append(report_file)
    )
    later = timezone.now() + datetime.timedelta(hours=1)
    assert fresh_reports_render(plan_id=world.plan.pk, now=later) == 1
    assert [f.requested_by for f in rendered] == [world.users["coordinator"]]


def test_the_background_waits_while_changes_keep_coming(world, live_round, monkeypatch):
    monkeypatch.setattr(generation, "report_file_generate", lambda *, report_file: pytest.fail("rendered"))
    assert fresh_reports_render(plan_id=world.plan.pk, now=timezone.now()) == 0
    assert DBTaskResult.objects.filter(task_path="reports.tasks.fresh_reports_task").count() == 1


def test_a_plan_without_an_open_round_is_not_rendered_in_the_background(world, monkeypatch):
    monkeypatch.setattr(generation, "report_file_generate", lambda *, report_file: pytest.fail("rendered"))
    later = timezone.now() + datetime.timedelta(hours=1)
    assert fresh_reports_render(plan_id=world.plan.pk, now=later) == 0
