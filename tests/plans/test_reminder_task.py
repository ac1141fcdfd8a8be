"""The reminder job also runs as a self-scheduling background task (django-tasks-db)."""

import datetime
from zoneinfo import ZoneInfo

from django_tasks_db.models import DBTaskResult

from plans import services
from plans.tasks import REMINDER_TASK_PATH, next_run_after, schedule_reminders, send_reminders_task

LONDON = ZoneInfo("Europe/London")


def test_next_run_is_eight_the_next_morning_after_eight():
    now = datetime.datetime(2026, 1, 5, 9, 30, tzinfo=LONDON)
    assert next_run_after(now) == datetime.datetime(2026, 1, 6, 8, 0, tzinfo=LONDON)


def test_next_run_is_eight_the_same_morning_before_eight():
    now = datetime.datetime(2026, 1, 5, 6, 0, tzinfo=LONDON)
    assert next_run_after(now) == datetime.datetime(2026, 1, 5, 8, 0, tzinfo=LONDON)


def test_opening_a_round_queues_the_reminder_task_once(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.round_open(
            plan=world.plan,
            year=2025,
            quarter=3,
            due_date=datetime.date(2026, 1, 14),
            opened_by=world.users["coordinator"],
        )
    schedule_reminders()
    queued = DBTaskResult.objects.filter(task_path=REMINDER_TASK_PATH, status="READY")
    assert queued.count() == 1
    assert queued.get().run_after > datetime.datetime.now(tz=LONDON)


def test_the_task_sends_reminders_and_queues_its_next_run(world):
    services.round_open(
        plan=world.plan,
        year=2025,
        quarter=3,
        due_date=datetime.date.today(),
        opened_by=world.users["coordinator"],
    )
    result = send_reminders_task.call()
    assert result == 2
    assert DBTaskResult.objects.filter(task_path=REMINDER_TASK_PATH, status="READY").count() == 1
