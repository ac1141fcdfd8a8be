import datetime

from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = "Indicators and dashboards"

    def demo_load(self, *, partnerships: list, today: datetime.date) -> None:
        """Called by `load_demo` for every app that has it, so plans need not import indicators."""
        from indicators.demo import load_indicator_demo  # the app registry is ready only now

        for partnership in partnerships:
            load_indicator_demo(partnership)
