"""How long a session lives: SESSION_IDLE_MINUTES without a request, SESSION_MAX_HOURS after
signing in. Times are kept in the session as epoch seconds; the last-seen time is rewritten at
most once a minute, so an ordinary page does not write its session every time."""

import time

from django.conf import settings
from django.contrib.auth.models import User
from django.http import HttpRequest

from accounts.two_factor import has_device, two_factor_required

LOGIN_AT = "csp_login_at"
SEEN_AT = "csp_seen_at"
# What the second factor still asks of this session: "verify" (type a code), "enrol" (set one
# up), or nothing. Decided once at sign-in, so a page view costs no query.
TWO_FACTOR_STEP = "csp_two_factor"
SEEN_RESOLUTION_SECONDS = 60


def session_start(request: HttpRequest, user: User) -> None:
    now = int(time.time())
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now
    if has_device(user):
        request.session[TWO_FACTOR_STEP] = "verify"
    elif two_factor_required(user):
        request.session[TWO_FACTOR_STEP] = "enrol"
    else:
        request.session.pop(TWO_FACTOR_STEP, None)


def expired_because(request: HttpRequest, now: float) -> str | None:
    """Why this signed-in session is over ("idle" or "lifetime"), or None."""
    login_at = request.session.get(LOGIN_AT)
    seen_at = request.session.get(SEEN_AT)
    if login_at is None or seen_at is None:
        return None  # a session from before this policy: it starts counting now
    if now - login_at > settings.SESSION_MAX_HOURS * 3600:
        return "lifetime"
    if now - seen_at > settings.SESSION_IDLE_MINUTES * 60:
        return "idle"
    return None


def session_touch(request: HttpRequest, now: float) -> None:
    if request.session.get(LOGIN_AT) is None:
        request.session[LOGIN_AT] = int(now)
        request.session[SEEN_AT] = int(now)
    elif now - request.session[SEEN_AT] >= SEEN_RESOLUTION_SECONDS:
        request.session[SEEN_AT] = int(now)


def idle_seconds_left(request: HttpRequest) -> int:
    seen_at = request.session.get(SEEN_AT, time.time())
    return max(0, int(seen_at + settings.SESSION_IDLE_MINUTES * 60 - time.time()))
