"""The coordinator's resource-commitment forms, and the mixin that finds an organisation of the
partnership (the organisation page itself, which shows plans' rows and money, is
`plans.organisation_views`)."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import FormView

from csp_tracker.tenancy import PartnershipMixin
from partners.commitment_forms import CommitmentForm
from partners.commitment_services import commitment_save
from partners.models import Organisation, ResourceCommitment


class OrganisationMixin(PartnershipMixin):
    def get_organisation(self) -> Organisation:
        if not hasattr(self, "organisation"):
            key = self.kwargs.get("org_pk", self.kwargs.get("pk"))
            self.organisation = get_object_or_404(
                self.partnership.organisations.select_related("partnership"), pk=key
            )
        return self.organisation

    def get_permission_object(self):
        return self.get_organisation()

    def organisation_url(self) -> str:
        return reverse("organisation_detail", args=[self.partnership.slug, self.get_organisation().pk])


class CommitmentFormMixin(OrganisationMixin):
    template_name: str | None = "form_page.html"
    heading = ""
    success_message = "Saved."

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"organisation": self.get_organisation()}  # type: ignore[misc]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "heading": f"{self.heading}: {self.get_organisation().name}",
            "cancel_url": self.organisation_url(),
        }

    def get_success_url(self) -> str:
        return self.organisation_url() + "#commitments"

    def form_valid(self, form):
        commitment_save(
            organisation=self.get_organisation(), commitment=self.get_commitment(), **form.cleaned_data
        )
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())

    def get_commitment(self) -> ResourceCommitment | None:
        return None


class CommitmentCreateView(CommitmentFormMixin, FormView):
    permission_required = "partners.manage_commitments"
    form_class = CommitmentForm
    heading = "Add a resource commitment"
    success_message = "Commitment added."


class CommitmentUpdateView(CommitmentFormMixin, FormView):
    permission_required = "partners.manage_commitments"
    form_class = CommitmentForm
    heading = "Edit resource commitment"
    success_message = "Commitment saved."

    def get_commitment(self) -> ResourceCommitment:
        if not hasattr(self, "commitment"):
            self.commitment = get_object_or_404(
                self.get_organisation().commitments.all(), pk=self.kwargs["pk"]
            )
        return self.commitment

    def get_form_kwargs(self):
        copy = ResourceCommitment.objects.get(pk=self.get_commitment().pk)
        return super().get_form_kwargs() | {"instance": copy}
