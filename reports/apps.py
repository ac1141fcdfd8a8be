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
