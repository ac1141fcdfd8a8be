import datetime

from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Strategic assessments and the partnership's year"

    def demo_load(self, *, partnerships: list, today: datetime.date) -> None:
        """Called by `load_demo` after the apps below it (indicators, reports) made their demo."""
        from assessments.demo import load_assessment_demo  # the app registry is ready only now

        for partnership in partnerships:
            load_assessment_demo(partnership, today=today)

    def ready(self) -> None:
        """The assessment's PDF is a kind of report file (assessments/report_files.py)."""
        from assessments.report_files import register

        register()
