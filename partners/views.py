"""The partnership page and the coordinator's people, organisation and glossary pages."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.forms import BaseModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import CreateView, FormView, TemplateView, UpdateView

from csp_tracker.form_pages import FormPageMixin
from csp_tracker.records import record_save
from csp_tracker.tenancy import PartnershipMixin, TenantObjectMixin
from partners import forms, services
from partners.models import GlossaryTerm, Membership, Organisation, Partnership, Person, RagStatus


class PartnershipDetailView(PartnershipMixin, TemplateView):
    permission_required = "partners.view_partnership"
    template_name = "partners/partnership_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        partnership = self.partnership
        roles = {m.user_id: m for m in partnership.memberships.all()}
        people = list(partnership.people.select_related("organisation"))
        for person in people:
            # For the template only; not a field of Person.
            person.membership = roles.get(person.user_id) if person.user_id else None  # type: ignore[attr-defined]
        context.update(
            plans=partnership.plans.all(),
            organisations=partnership.organisations.all(),
            people=people,
            glossary=partnership.glossary.all(),
            rag_scale=partnership.rag_statuses.all(),
        )
        return context


class ManageMixin[Managed: Model](FormPageMixin[Managed, BaseModelForm[Managed]]):
    partnership: Partnership

    def save(self, form: BaseModelForm[Managed]) -> Managed:
        return record_save(record=form.instance)

    def get_parent_kwargs(self) -> dict[str, Any]:
        return {"partnership": self.partnership}

    def get_success_url(self) -> str:
        return reverse("partnership_detail", args=[self.partnership.slug]) + self.anchor

    anchor = ""


class OrganisationCreateView(PartnershipMixin, ManageMixin[Organisation], CreateView):
    permission_required = "partners.manage_partnership"
    form_class = forms.OrganisationForm
    heading = "Add an organisation"
    success_message = "Organisation added."
    anchor = "#organisations"


class OrganisationUpdateView(TenantObjectMixin, ManageMixin[Organisation], UpdateView):
    permission_required = "partners.manage_partnership"
    form_class = forms.OrganisationForm
    success_message = "Organisation saved."
    anchor = "#organisations"

    object: Organisation

    def get_queryset(self) -> QuerySet[Organisation]:
        return self.partnership.organisations.all()

    def get_heading(self) -> str:
        return f"Edit organisation {self.object.short_name}"


class PersonCreateView(PartnershipMixin, ManageMixin[Person], CreateView):
    permission_required = "partners.manage_partnership"
    form_class = forms.PersonForm
    heading = "Add a person"
    success_message = "Person added."
    anchor = "#people"


class PersonUpdateView(TenantObjectMixin, ManageMixin[Person], UpdateView):
    permission_required = "partners.manage_partnership"
    form_class = forms.PersonForm
    success_message = "Person saved."
    anchor = "#people"

    object: Person

    def get_queryset(self) -> QuerySet[Person]:
        return self.partnership.people.all()

    def get_heading(self) -> str:
        return f"Edit {self.object.name}"


class MembershipView(PartnershipMixin, FormPageMixin[Membership, forms.MembershipForm], FormView):
    """Give a person a login and a role here, or change their role."""

    permission_required = "partners.manage_partnership"
    form_class = forms.MembershipForm
    anchor = "#people"

    person: Person

    def get_permission_object(self) -> Partnership:
        return self.partnership

    def get_person(self) -> Person:
        if not hasattr(self, "person"):
            self.person = get_object_or_404(self.partnership.people, pk=self.kwargs["pk"])
        return self.person

    def get_initial(self) -> dict[str, Any]:
        person = self.get_person()
        membership = self.partnership.memberships.filter(user=person.user).first() if person.user_id else None
        if membership:
            return {"role": membership.role, "can_see_dhr": membership.can_see_dhr}
        return {"role": Membership.Role.LEAD_OFFICER}

    def get_heading(self) -> str:
        return f"Login and role for {self.get_person().name}"

    def get_success_url(self) -> str:
        return reverse("partnership_detail", args=[self.partnership.slug]) + self.anchor

    def form_valid(self, form: forms.MembershipForm) -> HttpResponse:
        person = self.get_person()
        try:
            services.membership_grant(person=person, granted_by=self.user, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"{person.name} is now {dict(Membership.Role.choices)[form.cleaned_data['role']].lower()}.",
        )
        return redirect(self.get_success_url())


class GlossaryTermCreateView(PartnershipMixin, ManageMixin[GlossaryTerm], CreateView):
    permission_required = "partners.manage_partnership"
    form_class = forms.GlossaryTermForm
    heading = "Add an acronym to the glossary"
    success_message = "Acronym added."
    anchor = "#glossary"


class GlossaryTermUpdateView(TenantObjectMixin, ManageMixin[GlossaryTerm], UpdateView):
    permission_required = "partners.manage_partnership"
    form_class = forms.GlossaryTermForm
    success_message = "Acronym saved."
    anchor = "#glossary"

    object: GlossaryTerm

    def get_queryset(self) -> QuerySet[GlossaryTerm]:
        return self.partnership.glossary.all()

    def get_heading(self) -> str:
        return f"Edit acronym {self.object.acronym}"


def rag_stylesheet(request: HttpRequest) -> HttpResponse:
    """Colours of the RAG scales of the user's partnerships, as classes (no inline styles: our
    Content Security Policy forbids them)."""
    statuses = (
        RagStatus.objects.filter(partnership__memberships__user=request.user)
        if request.user.is_authenticated
        else []
    )
    css = "\n".join(
        f".govuk-tag.csp-rag-{s.pk} {{ background: {s.colour}; color: {s.text_colour}; }}" for s in statuses
    )
    response = HttpResponse(css, content_type="text/css")
    response["Cache-Control"] = "private, max-age=300"
    return response
