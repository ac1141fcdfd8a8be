"""`Cache-Control: no-store` on everything a signed-in person is shown and on every download,
so no browser, proxy or shared computer keeps a copy of OFFICIAL data.

A response that already says how it may be cached keeps its header: the public site's pages
(`Cache-Control: public`, set by the public app) and the few responses that chose their own.
Static files never reach this middleware (WhiteNoise answers them before it)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

from csp_tracker.request_context import signed_in_user_or_none


def is_download(response: HttpResponse) -> bool:
    return response.get("Content-Disposition", "").startswith("attachment")


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        signed_in = signed_in_user_or_none(request) is not None
        if (signed_in or is_download(response)) and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response
