from django.apps import AppConfig


class DhrConfig(AppConfig):
    """Domestic Homicide Reviews: a register kept apart from the plan because only named people
    in a partnership may see any of it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "dhr"
    verbose_name = "Domestic Homicide Reviews"
