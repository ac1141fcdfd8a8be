import datetime

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def demo_load(self, *, partnerships: list, today: datetime.date) -> None:
        """Called by `load_demo` for every app that has it, so plans need not import reports."""
        from reports.demo import load_meeting_demo  # the app registry is ready only now
        from reports.demo_scrutiny import load_scrutiny_demo

        for partnership in partnerships:
            load_meeting_demo(partnership)
            load_scrutiny_demo(partnership, today)

    def ready(self) -> None:
        """Accepted updates and structure changes schedule a fresh delivery plan (reports/fresh.py)."""
        from django.db.models.signals import post_save
        from simple_history.signals import post_create_historical_record

        from plans.models import ProgressUpdate

        post_save.connect(_update_saved, sender=ProgressUpdate, dispatch_uid="fresh_reports_update")
        post_create_historical_record.connect(_structure_changed, dispatch_uid="fresh_reports_structure")


def _update_saved(sender, instance, **kwargs) -> None:
    from plans.models import ProgressUpdate, ProjectRow
    from reports.fresh import fresh_reports_schedule

    if instance.status == ProgressUpdate.Status.ACCEPTED:
        plan_id = (
            ProjectRow.objects.filter(pk=instance.row_id).values_list("action__plan_id", flat=True).first()
        )
        if plan_id:
            fresh_reports_schedule(plan_id=plan_id)


def _structure_changed(sender, instance, **kwargs) -> None:
    from reports.fresh import fresh_reports_schedule, plan_id_of

    plan_id = plan_id_of(instance)
    if plan_id:
        fresh_reports_schedule(plan_id=plan_id)
