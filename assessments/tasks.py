"""Calendar reminders as a self-scheduling daily background task (run by `manage.py db_worker`),
like the update rounds' reminders: saving a duty queues it, and each run queues the next while
any duty is not done. `manage.py send_calendar_reminders` does the same job from cron."""

from django.tasks import task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from assessments.calendar import send_duty_reminders
from assessments.models import Duty
from plans.tasks import next_run_after

CALENDAR_TASK_PATH = "assessments.tasks.send_calendar_reminders_task"


def schedule_calendar_reminders() -> None:
    """Queue the next run unless one is already waiting."""
    if not DBTaskResult.objects.filter(task_path=CALENDAR_TASK_PATH, status="READY").exists():
        send_calendar_reminders_task.using(run_after=next_run_after(timezone.now())).enqueue()


@task
def send_calendar_reminders_task() -> int:
    sent = send_duty_reminders()
    today = timezone.localdate()
    if any(
        not duty.is_done(today)
        for duty in Duty.objects.select_related("assessment", "plan", "scrutiny_report", "meeting")
    ):
        schedule_calendar_reminders()  # this run is RUNNING, not READY, so the next is queued
    return sent


@task
def assessment_pdf_keep_task(assessment_id: int) -> int:
    """An issued assessment's PDF, rendered once (assessments/report_files.py)."""
    from assessments.report_files import assessment_pdf_keep

    return assessment_pdf_keep(assessment_id=assessment_id)
