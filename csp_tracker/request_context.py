"""Who is asking, from where, under which request id: set once per request by
`RequestContextMiddleware`, read by the log formatter and by the audit log.

A context variable rather than a thread-local, so it is right under ASGI too. Outside a request
(commands, the task worker) it is empty and log lines say `request_id=-`.
"""

import ipaddress
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    ip_address: str | None
    request: HttpRequest | None = None

    @property
    def user_id(self) -> int | None:
        user = signed_in_user_or_none(self.request) if self.request is not None else None
        return user.pk if user is not None else None


_current: ContextVar[RequestContext | None] = ContextVar("csp_request_context", default=None)


def current() -> RequestContext | None:
    return _current.get()


def signed_in_user_or_none(request: HttpRequest) -> Any:
    """The request's signed-in user, or None, without opening the session of a visitor who has no
    session cookie: looking would add `Vary: Cookie` to the public site's cacheable pages. An
    API token's user (set on the request by the API's authentication) counts."""
    user = request.__dict__.get("user")
    if user is None:
        return None
    if isinstance(user, SimpleLazyObject) and settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None
    return user if user.is_authenticated else None


def _trusted(address: str, proxies: tuple[IPNetwork, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in proxies)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: the one rule for the audit log, the rate limits and the lockout
    (`AXES_CLIENT_IP_CALLABLE`).

    The connecting address, unless it is one of `TRUSTED_PROXIES` (the proxy or load balancer in
    front): then the right-most address in `X-Forwarded-For` that is not a trusted proxy, as each
    proxy appends the address it was reached from. Only a trusted proxy's header is read, so a
    client that reaches the app directly cannot choose its address; and entries left of the first
    untrusted one (which the client itself may have written) are never used. Without this, every
    person behind the proxy would share its one address, and the per-address lockout would lock
    the whole site out at once.
    """
    peer = request.META.get("REMOTE_ADDR") or None
    proxies: tuple[IPNetwork, ...] = settings.TRUSTED_PROXIES
    if peer is None or not proxies or not _trusted(peer, proxies):
        return peer
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, proxies):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:  # not an address: written by no proxy of ours
                return peer
        peer = hop
    return peer


class RequestContextMiddleware:
    """Give every request an id (or keep a well-formed `X-Request-ID` from the proxy in front),
    and answer with it so a person's report of a problem can be matched to the log."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        offered = request.headers.get("X-Request-ID", "")
        request_id = offered if offered.isalnum() and 8 <= len(offered) <= 32 else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = _current.set(
            RequestContext(request_id=request_id, ip_address=client_ip(request), request=request)
        )
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response["X-Request-ID"] = request_id
        return response
