"""The user's account page: their memberships and their personal access tokens for the API.

A new token's value is shown once, in the response to the form that created it; it is not kept
in the session or anywhere else (only its digest is stored).
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View

from accounts.two_factor import has_device
from api.forms import TokenCreateForm
from api.services import token_create, token_revoke
from csp_tracker.tenancy import signed_in_user
from partners.models import Membership


class AccountView(LoginRequiredMixin, View):
    template_name = "api/account.html"

    def context(self, form, **more):
        user = signed_in_user(self.request)
        return {
            "heading": "Your account",
            "form": form,
            "memberships": Membership.objects.filter(user=user).select_related("partnership"),
            "tokens": user.api_tokens.select_related("partnership"),
            "two_factor_on": has_device(user),
            "api_root": self.request.build_absolute_uri(reverse("api-plan-list")),
            "feed_example": self.request.build_absolute_uri(reverse("api-row-list")) + "?format=feed",
            **more,
        }

    def get(self, request):
        return render(request, self.template_name, self.context(TokenCreateForm(user=request.user)))

    def post(self, request):
        form = TokenCreateForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                token, raw = token_create(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                response = render(
                    request,
                    self.template_name,
                    self.context(TokenCreateForm(user=request.user), new_token=token, raw_token=raw),
                )
                response["Cache-Control"] = "private, no-store"
                return response
        return render(request, self.template_name, self.context(form), status=400)


class TokenRevokeView(LoginRequiredMixin, View):
    def post(self, request, pk: int):
        token = get_object_or_404(request.user.api_tokens, pk=pk)  # someone else's token: not found
        token_revoke(token=token)
        messages.success(request, f"Token “{token.name}” revoked: it no longer works.")
        return redirect("account")
