from django.conf import settings
from django.http import HttpRequest


def session_timing(request: HttpRequest) -> dict[str, int]:
    """For the idle warning on long forms (static/js/update-form.mjs): no query."""
    return {
        "session_idle_seconds": settings.SESSION_IDLE_MINUTES * 60,
        "session_warning_seconds": settings.SESSION_IDLE_WARNING_MINUTES * 60,
    }
