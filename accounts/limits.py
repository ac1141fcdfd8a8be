"""Rate limits on the login and password-reset forms, counted per client address in Django's
default cache (a fixed window: "<count>/<seconds>", e.g. LOGIN_RATE_LIMIT = "20/300")."""

import logging
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from csp_tracker.request_context import client_ip

logger = logging.getLogger("csp.accounts")


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


def refused_over_limit(request: HttpRequest, *, scope: str, setting: str) -> HttpResponse | None:
    """Count this POST against the address's allowance; over it, the 429 page saying when to try
    again (and nothing else is done), else None."""
    rate = getattr(settings, setting)
    if not over_limit(scope=scope, key=client_ip(request) or "unknown", rate=rate):
        return None
    logger.warning("rate_limited", extra={"scope": scope})
    seconds = parse_rate(rate)[1]
    response = render(
        request, "registration/rate_limited.html", {"minutes": max(1, seconds // 60)}, status=429
    )
    response["Retry-After"] = str(seconds)
    return response


class RateLimitedPostMixin:
    """A form view whose POSTs are limited per client address."""

    rate_scope: str
    rate_setting: str

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refused = refused_over_limit(request, scope=self.rate_scope, setting=self.rate_setting)
        return refused or super().post(request, *args, **kwargs)  # type: ignore[misc]


def admin_login(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
    """The admin site's own login form, under the same limit as ours."""
    from django.contrib import admin

    if request.method == "POST":
        refused = refused_over_limit(request, scope="login", setting="LOGIN_RATE_LIMIT")
        if refused is not None:
            return refused
    return admin.site.login(request, extra_context)
