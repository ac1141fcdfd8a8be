"""Background tasks (Django's Tasks framework, run by `manage.py db_worker`)."""

from django.tasks import task

from reports.generation import report_file_generate
from reports.models import ReportFile


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
