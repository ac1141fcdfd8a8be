"""Small actions on one project row that are not form pages."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views import View

from csp_tracker.tenancy import PartnershipMixin
from plans import services
from plans.models import ProjectRow


class RowReopenView(PartnershipMixin, View):
    """POST only: the coordinator reopens a complete row, so it is chased for updates again."""

    permission_required = "plans.manage_plan"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        row = get_object_or_404(
            ProjectRow.objects.filter(action__plan=self.plan, action_id=kwargs["action_pk"]),
            pk=kwargs["row_pk"],
        )
        services.row_reopen(row=row)
        messages.success(
            request, f"Row {row.position} is reopened: its leads will be asked for updates again."
        )
        return redirect("action_detail", self.partnership.slug, self.plan.pk, row.action_id)
