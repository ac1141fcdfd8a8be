"""A friendly page when the database is too busy to answer, instead of a traceback.

SQLite waits for its lock (see the busy timeout in settings); a request that still meets
"database is locked" gets a 503 asking the person to try again, and nothing is half-saved
because every write runs inside a transaction that is rolled back.
"""

import logging
from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

BUSY_MARKERS = ("database is locked", "database table is locked", "database is busy")
RETRY_AFTER_SECONDS = 5


def is_busy_error(error: BaseException) -> bool:
    return isinstance(error, OperationalError) and any(m in str(error).lower() for m in BUSY_MARKERS)


class DatabaseBusyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_busy_error(exception):
            return None
        logger.warning("Database busy on %s %s: %s", request.method, request.path, exception)
        body = render_to_string("busy.html", {"retry_after": RETRY_AFTER_SECONDS}, request=request)
        response = HttpResponse(body, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
