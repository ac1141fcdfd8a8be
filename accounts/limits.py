"""Rate limits on the login and password-reset forms, counted in Django's default cache (a fixed
window: "<count>/<seconds>", e.g. LOGIN_RATE_LIMIT = "20/300").

Each form has two limits. The tight one counts one address typing one username (or e-mail): a
person, or a script hammering one account. The wide one counts the address alone: many accounts
tried from one place. The wide one is high because a council or police office sends everyone
through one NAT address, and at a quarter's deadline a whole office logs in within minutes."""

import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from csp_tracker.request_context import client_ip

logger = logging.getLogger("csp.accounts")


@dataclass(frozen=True)
class RateLimit:
    scope: str
    setting: str  # the name of the setting holding "<count>/<seconds>"
    field: str | None = None  # also counted per value of this form field (lower-cased)

    def key(self, request: HttpRequest) -> str:
        address = client_ip(request) or "unknown"
        if self.field is None:
            return address
        return f"{address}:{request.POST.get(self.field, '').strip().lower()}"


LOGIN_LIMITS = (
    RateLimit("login", "LOGIN_RATE_LIMIT", field="username"),
    RateLimit("login-address", "LOGIN_RATE_LIMIT_PER_ADDRESS"),
)
PASSWORD_RESET_LIMITS = (
    RateLimit("password-reset", "PASSWORD_RESET_RATE_LIMIT", field="email"),
    RateLimit("password-reset-address", "PASSWORD_RESET_RATE_LIMIT_PER_ADDRESS"),
)


def parse_rate(rate: str) -> tuple[int, int]:
    count, _, seconds = rate.partition("/")
    return int(count), int(seconds or 60)


def over_limit(*, scope: str, key: str, rate: str) -> bool:
    """Count one attempt; True once the window's allowance is used up."""
    allowed, seconds = parse_rate(rate)
    cache_key = f"csp-rate:{scope}:{key}"
    if cache.add(cache_key, 1, seconds):
        return allowed < 1
    try:
        return cache.incr(cache_key) > allowed
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, seconds)
        return allowed < 1


def refused_over_limit(request: HttpRequest, limits: tuple[RateLimit, ...]) -> HttpResponse | None:
    """Count this POST against each of its limits; over any, the 429 page saying when to try again
    (and nothing else is done), else None."""
    exceeded = [
        limit
        for limit in limits
        if over_limit(scope=limit.scope, key=limit.key(request), rate=getattr(settings, limit.setting))
    ]
    if not exceeded:
        return None
    logger.warning("rate_limited", extra={"scope": exceeded[0].scope})
    seconds = max(parse_rate(getattr(settings, limit.setting))[1] for limit in exceeded)
    response = render(
        request, "registration/rate_limited.html", {"minutes": max(1, seconds // 60)}, status=429
    )
    response["Retry-After"] = str(seconds)
    return response


class RateLimitedPostMixin:
    """A form view whose POSTs are limited (`rate_limits`)."""

    rate_limits: tuple[RateLimit, ...]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refused = refused_over_limit(request, self.rate_limits)
        return refused or super().post(request, *args, **kwargs)  # type: ignore[misc]


def admin_login(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
    """The admin site's own login form, under the same limits as ours."""
    from django.contrib import admin

    if request.method == "POST":
        refused = refused_over_limit(request, LOGIN_LIMITS)
        if refused is not None:
            return refused
    return admin.site.login(request, extra_context)
