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
        """Accepted updates, structure and money changes, and changes to meetings and indicators
        schedule the kept reports they affect (reports/fresh.py)."""
        from django.db.models.signals import post_delete, post_save
        from simple_history.signals import post_create_historical_record

        from plans.models import ProgressUpdate
        from reports.models import ActionLogItem, AgendaItem, MeetingAttendance

        post_save.connect(_update_saved, sender=ProgressUpdate, dispatch_uid="fresh_reports_update")
        # Every edit of a record with history (plan structure, money, meetings, indicators and
        # their values, commitments) leaves a historical record, deletions included.
        post_create_historical_record.connect(_record_changed, dispatch_uid="fresh_reports_structure")
        for model in (AgendaItem, MeetingAttendance, ActionLogItem):  # a meeting's own records
            name = model.__name__
            post_save.connect(_record_changed, sender=model, dispatch_uid=f"fresh_reports_{name}")
            post_delete.connect(_record_changed, sender=model, dispatch_uid=f"fresh_reports_{name}_delete")


def _update_saved(sender, instance, **kwargs) -> None:
    """A submission counts in the board pack's completeness; an acceptance changes statuses.
    Drafts (autosaves) change no report."""
    from plans.models import ProgressUpdate, ProjectRow
    from reports.fresh import fresh_reports_schedule

    if instance.status != ProgressUpdate.Status.DRAFT:
        plan_id = (
            ProjectRow.objects.filter(pk=instance.row_id).values_list("action__plan_id", flat=True).first()
        )
        if plan_id:
            fresh_reports_schedule(plan_id=plan_id)


def _record_changed(sender, instance, **kwargs) -> None:
    from reports.fresh import fresh_reports_schedule_for

    fresh_reports_schedule_for(instance)
