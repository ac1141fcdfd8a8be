"""The partnership's year: done, due soon and late in one place; reminders through the e-mail
log with its de-duplication; the secret iCalendar feed."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from assessments.calendar import (
    DONE,
    DUE_SOON,
    LATE,
    UPCOMING,
    calendar_feed_reset,
    default_duties,
    duties_add_defaults,
    duty_state,
    send_duty_reminders,
)
from assessments.models import Duty
from assessments.services import assessment_issue
from partners.models import Meeting
from plans.models import Plan, SentEmail

TODAY = datetime.date(2026, 11, 1)


def duty(world, days: int, **links) -> Duty:
    record = Duty(
        partnership=world.partnership,
        kind=Duty.Kind.OTHER,
        title="A duty",
        due_date=TODAY + datetime.timedelta(days=days),
        **links,
    )
    record.full_clean()
    record.save()
    return record


@pytest.mark.parametrize(("days", "state"), [(-1, LATE), (0, DUE_SOON), (30, DUE_SOON), (31, UPCOMING)])
def test_state_of_a_duty_not_done(world, days, state):
    assert duty_state(duty(world, days), TODAY) == state


def test_a_duty_is_done_when_its_assessment_is_issued(world, assessment):
    record = duty(world, -5, assessment=assessment)
    assert duty_state(record, TODAY) == LATE  # a draft does not count
    assessment_issue(assessment=assessment, user=world.users["coordinator"])
    record.refresh_from_db()
    assert duty_state(record, TODAY) == DONE


def test_a_duty_is_done_when_its_plan_is_live(world):
    world.plan.status = Plan.Status.LIVE
    world.plan.save()
    assert duty_state(duty(world, -5, plan=world.plan), TODAY) == DONE


def test_a_meeting_counts_once_it_is_held(world):
    meeting = Meeting.objects.create(partnership=world.partnership, date=TODAY, title="Board")
    record = duty(world, -5, meeting=meeting)
    assert duty_state(record, TODAY - datetime.timedelta(days=6)) == DUE_SOON
    assert duty_state(record, TODAY) == DONE


def test_done_outside_the_app(world):
    assert duty_state(duty(world, -5, done_on=TODAY - datetime.timedelta(days=7)), TODAY) == DONE


def test_a_duty_cannot_link_another_partnerships_plan(world):
    with pytest.raises(Exception, match="this partnership"):
        duty(world, 1, plan=world.other_plan)


def test_default_duties_cover_the_statutory_year(world):
    kinds = [d.kind for d in default_duties(world.partnership, 2026)]
    assert set(kinds) == set(Duty.Kind.values) - {Duty.Kind.OTHER}
    assert kinds.count(Duty.Kind.BOARD_MEETING) == 4


def test_defaults_are_not_added_twice(world):
    assert len(duties_add_defaults(partnership=world.partnership, year=2026)) == 10
    assert duties_add_defaults(partnership=world.partnership, year=2026) == []


def test_reminders_go_to_coordinators_once(world):
    world.users["coordinator"].email = "cora@example.org"
    world.users["coordinator"].save()
    duty(world, 7)
    assert send_duty_reminders(today=TODAY) == 1
    assert send_duty_reminders(today=TODAY) == 0  # the same reminder is never sent twice
    sent = SentEmail.objects.get()
    assert (sent.to_email, sent.kind) == ("cora@example.org", SentEmail.Kind.REMINDER)
    assert mail.outbox[0].subject == "Due 8 November 2026: A duty"


def test_a_late_duty_is_reminded_the_day_after_then_weekly(world):
    world.users["coordinator"].email = "cora@example.org"
    world.users["coordinator"].save()
    record = duty(world, -1)
    assert send_duty_reminders(today=TODAY) == 1
    assert send_duty_reminders(today=TODAY + datetime.timedelta(days=3)) == 0
    assert send_duty_reminders(today=TODAY + datetime.timedelta(days=7)) == 1
    assert SentEmail.objects.filter(kind=SentEmail.Kind.OVERDUE).count() == 2
    record.done_on = TODAY
    record.save()
    assert send_duty_reminders(today=TODAY + datetime.timedelta(days=14)) == 0


def test_the_feed_lists_every_duty(client, world):
    duty(world, 400)  # upcoming whenever the test runs (the feed is as at the real today)
    token = calendar_feed_reset(partnership=world.partnership)
    response = client.get(reverse("calendar_feed", args=["home", token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar"
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["A duty"]
    assert events[0].decoded("dtstart") == TODAY + datetime.timedelta(days=400)


def test_the_feed_needs_the_right_token(client, world):
    calendar_feed_reset(partnership=world.partnership)
    assert client.get(reverse("calendar_feed", args=["home", "guess"])).status_code == 404
    assert client.get(reverse("calendar_feed", args=["other", "guess"])).status_code == 404


def test_resetting_the_feed_shuts_out_the_old_address(client, world):
    old = calendar_feed_reset(partnership=world.partnership)
    new = calendar_feed_reset(partnership=world.partnership)
    assert client.get(reverse("calendar_feed", args=["home", old])).status_code == 404
    assert client.get(reverse("calendar_feed", args=["home", new])).status_code == 200


def test_the_token_is_stored_only_as_its_digest(world):
    token = calendar_feed_reset(partnership=world.partnership)
    stored = world.partnership.calendar_feed.token_digest
    assert token not in stored and len(stored) == 64


def test_a_token_of_one_partnership_does_not_open_another(client, world):
    token = calendar_feed_reset(partnership=world.partnership)
    calendar_feed_reset(partnership=world.other_partnership)
    assert client.get(reverse("calendar_feed", args=["other", token])).status_code == 404


def test_saving_a_duty_queues_the_daily_reminder_task_once(world, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    from assessments.calendar import duty_save
    from assessments.tasks import CALENDAR_TASK_PATH

    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            duty_save(
                duty=Duty(partnership=world.partnership, kind=Duty.Kind.OTHER, title="D", due_date=TODAY)
            )
    assert DBTaskResult.objects.filter(task_path=CALENDAR_TASK_PATH, status="READY").count() == 1


def test_the_task_sends_and_queues_its_next_run_while_a_duty_is_not_done(world):
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from assessments.tasks import CALENDAR_TASK_PATH, send_calendar_reminders_task

    world.users["coordinator"].email = "cora@example.org"
    world.users["coordinator"].save()
    Duty.objects.create(
        partnership=world.partnership, kind=Duty.Kind.OTHER, title="D", due_date=timezone.localdate()
    )
    assert send_calendar_reminders_task.call() == 1
    assert DBTaskResult.objects.filter(task_path=CALENDAR_TASK_PATH, status="READY").count() == 1
