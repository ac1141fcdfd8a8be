"""E-mail goes through the background worker, never inside a request: with the mail server down
or slow, accepting or returning an update answers at once; the e-mail is retried and logged."""

import datetime

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from plans import services
from plans.models import ProgressUpdate, SentEmail
from plans.tasks import notify_reviewed_task

DOWN = {"default": {"BACKEND": "tests.plans.test_email_in_worker.DownMailBackend"}}
LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


class DownMailBackend(BaseEmailBackend):
    """A mail server that refuses every connection (as smtplib would say)."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


@pytest.fixture
def submitted(world):
    update_round = services.round_open(
        plan=world.plan,
        year=2025,
        quarter=3,
        due_date=datetime.date(2026, 1, 14),
        opened_by=world.users["coordinator"],
    )
    world.users["lead"].email = "lead@example.org"
    world.users["lead"].save()
    return services.update_save(
        row=world.row_a,
        update_round=update_round,
        author=world.users["lead"],
        content=services.UpdateContent(narrative="Done", rag=world.rag("green")),
        expected_state="new",
        submit=True,
    )


def review(client, world, update, data, callbacks):
    client.force_login(world.users["coordinator"])
    url = reverse("update_review", args=[world.partnership.slug, world.plan.pk, update.pk])
    with callbacks(execute=True):
        return client.post(url, data)


@pytest.mark.parametrize("data", [{"accept": "1"}, {"return": "1", "comment": "Add the figures"}])
def test_reviewing_answers_with_the_mail_server_down_and_queues_the_email(
    client, world, submitted, settings, django_capture_on_commit_callbacks, data
):
    settings.MAILERS = DOWN
    response = review(client, world, submitted, data, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert ProgressUpdate.objects.get(pk=submitted.pk).status != ProgressUpdate.Status.SUBMITTED
    queued = DBTaskResult.objects.get(task_path="plans.tasks.notify_reviewed_task")
    assert (queued.status, queued.args_kwargs["args"]) == ("READY", [submitted.pk])
    assert SentEmail.objects.count() == 0


def test_a_refused_email_is_retried_later_then_sent_once_and_logged(world, submitted, settings):
    services.update_accept(update=submitted, reviewer=world.users["coordinator"])
    settings.MAILERS = DOWN
    notify_reviewed_task.call(submitted.pk)
    retry = DBTaskResult.objects.get(task_path="plans.tasks.notify_reviewed_task")
    assert retry.args_kwargs == {"args": [submitted.pk], "kwargs": {"attempt": 2}}
    assert retry.run_after > timezone.now()
    assert SentEmail.objects.count() == 0

    settings.MAILERS = LOCMEM
    notify_reviewed_task.call(submitted.pk, attempt=2)
    notify_reviewed_task.call(submitted.pk, attempt=2)  # a duplicate retry sends nothing more
    assert [message.to for message in mail.outbox] == [["lead@example.org"]]
    assert SentEmail.objects.get().kind == SentEmail.Kind.ACCEPTED


def test_after_the_last_attempt_the_task_fails_with_the_error(world, submitted, settings):
    services.update_accept(update=submitted, reviewer=world.users["coordinator"])
    settings.MAILERS = DOWN
    with pytest.raises(ConnectionRefusedError):
        notify_reviewed_task.call(submitted.pk, attempt=settings.TASK_RETRY_ATTEMPTS)
    assert not DBTaskResult.objects.exists()


def test_remind_these_answers_at_once_and_queues_the_reminders(
    client, world, submitted, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = DOWN
    client.force_login(world.users["coordinator"])
    url = reverse("round_remind", args=["home", world.plan.pk, submitted.round_id])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    queued = DBTaskResult.objects.get(task_path="plans.tasks.send_round_reminders_task")
    assert queued.args_kwargs["args"] == [submitted.round_id, timezone.localdate().isoformat()]
