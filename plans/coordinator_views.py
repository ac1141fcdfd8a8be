"""The coordinator's actions from their home: remind the leads of a round's outstanding rows."""

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views import View

from csp_tracker.tenancy import PartnershipMixin
from plans.models import UpdateRound
from plans.tasks import send_round_reminders_task


class RoundRemindView(PartnershipMixin, View):
    """POST only: e-mail every lead with outstanding rows in the round (once a day each), through
    the background worker."""

    permission_required = "plans.manage_plan"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        update_round = get_object_or_404(
            self.plan.rounds.filter(status=UpdateRound.Status.OPEN), pk=kwargs["round_pk"]
        )
        day = timezone.localdate().isoformat()
        transaction.on_commit(lambda: send_round_reminders_task.enqueue(update_round.pk, day))
        messages.success(
            request,
            "Reminders are being sent to the leads with outstanding rows (each lead at most once a day); "
            "each appears in the e-mail log when it has gone.",
        )
        return redirect("home")
