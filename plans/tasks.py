"""Background tasks (Django's Tasks framework, run by `manage.py db_worker`).

E-mail is sent here, never inside a request: a mail server that is down or slow delays the
e-mail (retried with `csp_tracker.retry`), not the person's page. Each e-mail is logged in
`SentEmail` when it is sent; its dedupe key stops a retry sending one twice.

Reminders run as a self-scheduling daily task: opening a round queues it, and each run queues
the next one while any round is open. `manage.py send_reminders` does the same job from cron.
"""

import datetime

from django.tasks import task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from csp_tracker.retry import retry_later
from plans.models import UpdateRound
from plans.notifications import notify_reviewed, send_reminders, send_round_reminders

REMINDER_HOUR = 8  # local time: reminders arrive at the start of the working day
REMINDER_TASK_PATH = "plans.tasks.send_reminders_task"


def next_run_after(now: datetime.datetime) -> datetime.datetime:
    local = timezone.localtime(now)
    run = local.replace(hour=REMINDER_HOUR, minute=0, second=0, microsecond=0)
    if run <= local:
        run += datetime.timedelta(days=1)
    return run


def schedule_reminders() -> None:
    """Queue the next reminder run unless one is already waiting."""
    waiting = DBTaskResult.objects.filter(task_path=REMINDER_TASK_PATH, status="READY").exists()
    if not waiting:
        send_reminders_task.using(run_after=next_run_after(timezone.now())).enqueue()


@task
def send_reminders_task() -> int:
    sent = send_reminders()
    if UpdateRound.objects.filter(status=UpdateRound.Status.OPEN).exists():
        # This run's own result is RUNNING, not READY, so the next run does get queued.
        schedule_reminders()
    return sent


@task
def notify_reviewed_task(update_id: int, attempt: int = 1) -> None:
    """Tell an update's author (and the lead it was written for) that it was accepted or returned."""
    try:
        notify_reviewed(update_id=update_id)
    except OSError:  # smtplib's errors, refused connections and time-outs are all OSErrors
        if not retry_later(notify_reviewed_task, update_id, attempt=attempt):
            raise


@task
def send_round_reminders_task(round_id: int, day: str, attempt: int = 1) -> int:
    """The coordinator's "remind these" for a round, on the day they asked (ISO date)."""
    update_round = UpdateRound.objects.select_related("plan__partnership").get(pk=round_id)
    try:
        return send_round_reminders(update_round=update_round, today=datetime.date.fromisoformat(day))
    except OSError:
        if not retry_later(send_round_reminders_task, round_id, day, attempt=attempt):
            raise
        return 0
