from django import forms

from csp_tracker.forms import GdsFormMixin, model_choice_field, reject_duplicate
from partners.models import GlossaryTerm, Membership, Organisation, Partnership, Person


class OrganisationForm(GdsFormMixin, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["short_name", "name", "kind"]
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership

    def clean_short_name(self):
        return reject_duplicate(
            self,
            self.instance.partnership.organisations.all(),
            "short_name",
            "Organisation",
            ignore_case=True,
        )


class PersonForm(GdsFormMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "organisation", "job_title", "email"]

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        model_choice_field(self, "organisation").queryset = partnership.organisations.all()


class MembershipForm(GdsFormMixin, forms.Form):
    role = forms.ChoiceField(choices=Membership.Role.choices, widget=forms.RadioSelect)
    can_see_dhr = forms.BooleanField(required=False, label="May see Domestic Homicide Review records")


class GlossaryTermForm(GdsFormMixin, forms.ModelForm):
    class Meta:
        model = GlossaryTerm
        fields = ["acronym", "meaning"]

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership

    def clean_acronym(self):
        return reject_duplicate(
            self, self.instance.partnership.glossary.all(), "acronym", "Acronym", ignore_case=True
        )
