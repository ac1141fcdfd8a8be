"""The second factor: setting up an authenticator app (a QR code made here), recovery codes
shown once, the devices on the account page, and the code asked for after the password."""

import time
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice

from accounts import services, session_policy, two_factor
from accounts.forms import CodeForm
from accounts.limits import PASSWORD_RESET_LIMITS, RateLimitedPostMixin
from audit.models import AuditEvent
from audit.services import event_record
from csp_tracker.tenancy import signed_in_user


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


def _shown_once(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store, private"
    return response


class TwoFactorView(LoginRequiredMixin, View):
    """What protects this login, and buttons to replace or remove it."""

    def get(self, request: HttpRequest) -> HttpResponse:
        user = signed_in_user(request)
        return render(
            request,
            "accounts/two_factor.html",
            {
                "heading": "Two-factor authentication",
                "apps": list(two_factor.totp_devices(user)),
                "codes_left": two_factor.recovery_codes_left(user),
                "required": two_factor.two_factor_required(user),
            },
        )


class TotpSetupView(LoginRequiredMixin, View):
    """Scan the QR code (or type the key), then type a code from the app to confirm it."""

    template_name = "accounts/totp_setup.html"

    def context(self, request: HttpRequest, form: CodeForm) -> dict[str, Any]:
        user = signed_in_user(request)
        device = two_factor.totp_pending(user)
        return {
            "heading": "Set up an authenticator app",
            "form": form,
            "qr_svg": two_factor.qr_svg(device),
            "secret": two_factor.secret_for_typing(device),
            "replacing": two_factor.has_device(user),
            "required": request.session.get(session_policy.TWO_FACTOR_STEP) == "enrol",
            "next": _safe_next(request, ""),
        }

    def get(self, request: HttpRequest) -> HttpResponse:
        return _shown_once(render(request, self.template_name, self.context(request, CodeForm())))

    def post(self, request: HttpRequest) -> HttpResponse:
        user = signed_in_user(request)
        form = CodeForm(request.POST)
        if form.is_valid():
            device = two_factor.totp_pending(user)
            try:
                codes = services.totp_confirm(device=device, code=form.cleaned_data["code"])
            except ValidationError as error:
                form.add_error("code", error.messages[0])
            else:
                otp_login(request, device)
                request.session.pop(session_policy.TWO_FACTOR_STEP, None)
                if codes:
                    return _shown_once(
                        render(
                            request,
                            "accounts/recovery_codes.html",
                            {
                                "heading": "Save your recovery codes",
                                "codes": codes,
                                "next": _safe_next(request, ""),
                            },
                        )
                    )
                messages.success(
                    request, "Your new authenticator app is set up; the old one no longer works."
                )
                return redirect(_safe_next(request, "two_factor"))
        return _shown_once(render(request, self.template_name, self.context(request, form), status=400))


class RecoveryCodesView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        user = signed_in_user(request)
        if not two_factor.has_device(user):
            messages.error(request, "Set up an authenticator app first.")
            return redirect("two_factor")
        codes = services.recovery_codes_replace(user=user)
        return _shown_once(
            render(
                request,
                "accounts/recovery_codes.html",
                {"heading": "Your new recovery codes", "codes": codes},
            )
        )


class TwoFactorRemoveView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            services.two_factor_remove(user=signed_in_user(request))
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, "Two-factor authentication is off for your login.")
        return redirect("two_factor")


class VerifyView(LoginRequiredMixin, View):
    """The second step of logging in: a code from the app, or a recovery code."""

    template_name = "accounts/verify.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = CodeForm(recovery=True)
        return render(
            request,
            self.template_name,
            {"heading": "Enter your code", "form": form, "next": _safe_next(request, "")},
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        user = signed_in_user(request)
        form = CodeForm(request.POST, recovery=True)
        if form.is_valid():
            device = match_token(user, form.cleaned_data["code"].replace(" ", ""))
            if device is not None:
                otp_login(request, device)
                request.session.pop(session_policy.TWO_FACTOR_STEP, None)
                if isinstance(device, StaticDevice):
                    messages.info(
                        request,
                        f"You used a recovery code: {two_factor.recovery_codes_left(user)} left. "
                        "Make new ones on your account page if you are running out.",
                    )
                return redirect(_safe_next(request, "home"))
            event_record(kind=AuditEvent.Kind.TWO_FACTOR_FAILED, actor=user)
            form.add_error(
                "code", "The code is not right, or has been used. Try the code your app shows now."
            )
        context = {"heading": "Enter your code", "form": form, "next": _safe_next(request, "")}
        return render(request, self.template_name, context, status=400)


def _wrong_code_message(user) -> str:
    """django-otp makes each wrong code wait longer before the next is tried; say so."""
    for device in two_factor.totp_devices(user):
        allowed, details = device.verify_is_allowed()
        if not allowed and details and details.get("locked_until"):
            wait = max(1, int((details["locked_until"] - timezone.now()).total_seconds()) + 1)
            seconds = f"{wait} second{'s' if wait != 1 else ''}"
            return f"Too many wrong codes: wait {seconds}, then type the code your app shows."
    return "The code is not right, or has been used. Try the code your app shows now."


class PasswordResetView(RateLimitedPostMixin, auth_views.PasswordResetView):
    """Django's reset (the same answer whether or not an account uses the address), rate-limited."""

    rate_limits = PASSWORD_RESET_LIMITS

    def form_valid(self, form: Any) -> HttpResponse:
        # The address typed, whether or not an account uses it (the page says the same either way).
        event_record(kind=AuditEvent.Kind.PASSWORD_RESET, actor_name=form.cleaned_data["email"])
        return super().form_valid(form)


class KeepAliveView(LoginRequiredMixin, View):
    """ "Stay signed in" from the idle warning: this request restarts the idle clock."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        request.session[session_policy.SEEN_AT] = int(time.time())
        return JsonResponse({"idle_seconds": session_policy.idle_seconds_left(request)})
