"""Retrying a background task later, for work that talks to another server (e-mail)."""

import datetime
from typing import Any

from django.conf import settings
from django.tasks import Task
from django.utils import timezone

# Waits before the second, third, ... attempt: a server that is down for an hour still gets its
# mail, and one that refuses for ever is given up on within a few hours.
RETRY_DELAYS_SECONDS = (60, 300, 900, 3600, 3 * 3600)


def retry_later(task: Task, *args: Any, attempt: int) -> bool:
    """Queue `task(*args, attempt=attempt + 1)` after a growing delay. False when the attempts
    (`TASK_RETRY_ATTEMPTS`) are used up or the backend cannot run a task later: the caller then
    lets the error fail the task, so the worker records it."""
    if attempt >= settings.TASK_RETRY_ATTEMPTS or not task.get_backend().supports_defer:
        return False
    delay = RETRY_DELAYS_SECONDS[min(attempt, len(RETRY_DELAYS_SECONDS)) - 1]
    run_after = timezone.now() + datetime.timedelta(seconds=delay)
    task.using(run_after=run_after).enqueue(*args, attempt=attempt + 1)
    return True
