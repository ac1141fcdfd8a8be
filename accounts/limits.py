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


class RateLimitedPostMixin:
    """A form view whose POSTs are limited per client address; over the limit it answers 429 with
    a page saying when to try again, and does nothing else."""

    rate_scope: str
    rate_setting: str

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        rate = getattr(settings, self.rate_setting)
        if over_limit(scope=self.rate_scope, key=client_ip(request) or "unknown", rate=rate):
            logger.warning("rate_limited", extra={"scope": self.rate_scope})
            minutes = max(1, parse_rate(rate)[1] // 60)
            response = render(request, "registration/rate_limited.html", {"minutes": minutes}, status=429)
            response["Retry-After"] = str(parse_rate(rate)[1])
            return response
        return super().post(request, *args, **kwargs)  # type: ignore[misc]
