"""Two pieces of sign-in policy applied to every request of a signed-in person."""

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse

from accounts import session_policy
from csp_tracker.request_context import signed_in_user_or_none

# Reachable while the second factor is still outstanding: that step itself and signing out
# (never the device pages while a code is owed: a password alone must not replace the app).
OPEN_PATHS = {
    "verify": ("/accounts/two-factor/", "/accounts/logout/", "/static/"),
    "enrol": ("/account/two-factor/app/", "/accounts/logout/", "/static/"),
}


class SessionLifetimeMiddleware:
    """End a session idle for too long or older than its lifetime; the person logs in again and
    comes back to where they were."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if signed_in_user_or_none(request) is not None:
            now = time.time()
            reason = session_policy.expired_because(request, now)
            if reason is not None:
                logout(request)
                if request.headers.get("Accept", "").startswith("application/json"):
                    return JsonResponse({"error": "signed_out", "reason": reason}, status=401)
                messages.info(
                    request,
                    "You were signed out after "
                    + (
                        f"{settings.SESSION_IDLE_MINUTES} minutes without activity."
                        if reason == "idle"
                        else f"{settings.SESSION_MAX_HOURS} hours. Log in again to carry on."
                    ),
                )
                return HttpResponseRedirect(
                    reverse(settings.LOGIN_URL) + "?" + urlencode({"next": request.get_full_path()})
                )
            session_policy.session_touch(request, now)
        return self.get_response(request)


class TwoFactorMiddleware:
    """After the password, nothing but the second factor: a person with a device types a code;
    one who must have a device (TWO_FACTOR_REQUIRED) sets one up before anything else. The
    admin site sits behind this too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = signed_in_user_or_none(request)
        step = request.session.get(session_policy.TWO_FACTOR_STEP) if user is not None else None
        if (
            step and not request.path.startswith(OPEN_PATHS.get(step, ())) and not request.user.is_verified()  # type: ignore[union-attr]
        ):
            target = "two_factor_verify" if step == "verify" else "two_factor_totp"
            return HttpResponseRedirect(reverse(target) + "?" + urlencode({"next": request.get_full_path()}))
        return self.get_response(request)
