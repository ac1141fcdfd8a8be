"""The coordinator's actions from their home: remind the leads of a round's outstanding rows."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views import View

from csp_tracker.tenancy import PartnershipMixin
from plans.models import UpdateRound
from plans.notifications import send_round_reminders


class RoundRemindView(PartnershipMixin, View):
    """POST only: e-mail every lead with outstanding rows in the round (once a day each)."""

    permission_required = "plans.manage_plan"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        update_round = get_object_or_404(
            self.plan.rounds.filter(status=UpdateRound.Status.OPEN), pk=kwargs["round_pk"]
        )
        sent = send_round_reminders(update_round=update_round)
        if sent:
            messages.success(
                request, f"Sent {sent} reminder{'s' if sent != 1 else ''}; they are in the e-mail log."
            )
        else:
            messages.info(
                request, "Nobody new to remind: each lead with outstanding rows was reminded today."
            )
        return redirect("home")
