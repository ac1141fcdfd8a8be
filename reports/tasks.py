"""Background tasks (Django's Tasks framework, run by `manage.py db_worker`)."""

import datetime

from django.tasks import task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reports.generation import report_file_generate
from reports.models import ReportFile
from reports.retention import clean_up

CLEAN_UP_TASK_PATH = "reports.tasks.clean_up_task"
CLEAN_UP_EVERY = datetime.timedelta(hours=1)


@task
def generate_report_file_task(report_file_id: int) -> int:
    report_file = ReportFile.objects.select_related("plan__partnership", "meeting", "requested_by").get(
        pk=report_file_id
    )
    return report_file_generate(report_file=report_file).pages or 0


@task
def fresh_reports_task(plan_id: int) -> int:
    """Keep the open round's delivery plan rendered (reports/fresh.py)."""
    from reports.fresh import fresh_reports_render

    return fresh_reports_render(plan_id=plan_id)


def clean_up_schedule() -> None:
    """Queue the next clean-up unless one is already waiting (the run re-queues itself). A backend
    that cannot run a task later (the immediate one, in tests) leaves it to `manage.py clean_up`."""
    if not clean_up_task.get_backend().supports_defer:
        return
    if not DBTaskResult.objects.filter(task_path=CLEAN_UP_TASK_PATH, status="READY").exists():
        clean_up_task.using(run_after=timezone.now() + CLEAN_UP_EVERY).enqueue()


@task
def clean_up_task() -> str:
    """Hourly: stale uploads, expired report files, reports whose worker died (reports/retention.py)."""
    summary = str(clean_up())
    clean_up_schedule()  # this run is RUNNING, not READY, so the next one is queued
    return summary
