"""An organisation's page: its people, the rows it leads with their status, the funding it
contributes and its resource commitments. Here rather than in partners because it reads plans."""

from django.views.generic import TemplateView

from partners.organisation_views import OrganisationMixin
from plans.budget import organisation_money


class OrganisationDetailView(OrganisationMixin, TemplateView):
    permission_required = "partners.view_organisation"
    template_name = "partners/organisation_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.get_organisation()
        context.update(
            organisation=organisation,
            people=list(organisation.people.all()),
            commitments=list(
                organisation.commitments.select_related("plan").prefetch_related("actions__plan")
            ),
            **organisation_money(organisation),
        )
        return context
