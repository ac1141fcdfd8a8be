from django.apps import AppConfig


class DhrConfig(AppConfig):
    """Domestic Homicide Reviews: a register kept apart from the plan because only named people
    in a partnership may see any of it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "dhr"
    verbose_name = "Domestic Homicide Reviews"

    def demo_load(self, *, partnerships, today) -> None:
        """Called by `load_demo` for every app that has it, so plans need not import dhr."""
        from dhr.demo import load_dhr_demo

        load_dhr_demo(partnerships=partnerships, today=today)
