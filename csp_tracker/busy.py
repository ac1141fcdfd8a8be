"""A friendly page when the database or the disk cannot take a request, instead of a traceback.

- SQLite waits for its lock (see the busy timeout in settings); a request that still meets
  "database is locked" gets a 503 asking the person to try again.
- A database that is restarting or unreachable (the connection dropped mid-session) gets a 503
  saying so; Django's connection health checks reconnect on the next request.
- A full disk when a file is saved gets a 507 saying nothing was stored.

A fault raised by a view reaches `DatabaseBusyMiddleware`; one raised before any view (a
middleware reading the session when the connection has just dropped) reaches `server_error`,
the site's 500 handler, which answers it with the same page.

Nothing is half-saved in any of these cases: every write runs inside a transaction that is rolled
back when the error reaches here.
"""

import errno
import logging
import sys
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

logger = logging.getLogger(__name__)

BUSY_MARKERS = ("database is locked", "database table is locked", "database is busy")
# What PostgreSQL (psycopg2) and SQLite say when the database is restarting or out of reach.
DOWN_MARKERS = (
    "server closed the connection",
    "could not connect",
    "connection refused",
    "terminating connection",
    "the database system is",
    "connection already closed",
    "connection to server",
    "ssl syscall error",
    "unable to open database file",
)
RETRY_AFTER_SECONDS = 5
FALLBACK = (
    "<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'><title>{title}</title></head>"
    "<body><main><h1>{title}</h1><p>{message}</p></main></body></html>"
)
PAGES = {
    "busy": (503, "Sorry, the service is busy", "Several people are saving at the same moment."),
    "database": (
        503,
        "Sorry, the service is not available for a moment",
        "The service lost its connection to the database (it may be restarting).",
    ),
    "disk": (507, "Sorry, the file could not be stored", "The server has no room left to store files."),
}


def is_busy_error(error: BaseException) -> bool:
    return isinstance(error, OperationalError) and any(m in str(error).lower() for m in BUSY_MARKERS)


def fault_of(error: BaseException) -> str | None:
    """Which page answers this error ("busy", "database", "disk"), or None for any other."""
    if is_busy_error(error):
        return "busy"
    if isinstance(error, InterfaceError) or (
        isinstance(error, OperationalError) and any(m in str(error).lower() for m in DOWN_MARKERS)
    ):
        return "database"
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        return "disk"
    return None


def fault_response(request: HttpRequest, fault: str) -> HttpResponse:
    """The page for a fault: its status, what happened, that nothing was saved, and when to retry."""
    status, title, cause = PAGES[fault]
    context = {"retry_after": RETRY_AFTER_SECONDS, "title": title, "cause": cause}
    try:
        body: str = render_to_string("busy.html", context, request=request)
    except Exception:  # the page itself needs the database (the menu): say it plainly instead
        body = FALLBACK.format(title=title, message=f"{cause} Nothing you sent has been saved. Try again.")
    response = HttpResponse(body, status=status)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseBusyMiddleware:
    """A fault raised by a view."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        fault = fault_of(exception)
        if fault is None:
            return None
        logger.warning("%s fault on %s %s: %s", fault, request.method, request.path, exception)
        return fault_response(request, fault)


def server_error(request: HttpRequest) -> HttpResponse:
    """The site's 500 handler (`handler500`): a fault raised outside any view, such as the session
    or the signed-in user being read by a middleware when the connection has just dropped, gets its
    page too; anything else gets Django's own 500 page (templates/500.html)."""
    error = sys.exc_info()[1]
    fault = fault_of(error) if error is not None else None
    if fault is None:
        return defaults.server_error(request)
    logger.warning("%s fault on %s %s: %s", fault, request.method, request.path, error)
    return fault_response(request, fault)
