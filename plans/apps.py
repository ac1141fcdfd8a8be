from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Plans and progress"

    def ready(self) -> None:
        from plans import signals

        signals.connect()  # cached outlines expire with every change they show
