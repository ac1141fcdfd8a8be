"""Background tasks (Django's Tasks framework, run by `manage.py db_worker`).

Reminders run as a self-scheduling daily task: opening a round queues it, and each run queues
the next one while any round is open. `manage.py send_reminders` does the same job from cron.
"""

import datetime

from django.tasks import task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from plans.models import UpdateRound
from plans.notifications import send_reminders

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
