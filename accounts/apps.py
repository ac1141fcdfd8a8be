from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Signing in: the second factor, session lifetimes, rate limits, and the audit events of
    logins and of changes to who may sign in. Above partners (it reads roles), below plans."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "Sign-in and sessions"

    def ready(self) -> None:
        from accounts import signals  # noqa: F401 - connects the receivers
