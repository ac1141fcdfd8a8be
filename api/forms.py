from django import forms

from csp_tracker.forms import GdsFormMixin
from partners.models import Partnership
from partners.rules import memberships_of

EXPIRY_CHOICES = [(30, "30 days"), (90, "90 days"), (180, "180 days"), (366, "1 year")]


class TokenCreateForm(GdsFormMixin, forms.Form):
    name = forms.CharField(
        max_length=100, label="What is the token for?", help_text="For example, Power BI dashboard."
    )
    days = forms.TypedChoiceField(
        choices=EXPIRY_CHOICES, coerce=int, initial=90, label="Expires after", widget=forms.RadioSelect
    )
    partnership = forms.ModelChoiceField(
        queryset=Partnership.objects.none(),
        required=False,
        empty_label="All my partnerships",
        label="Partnership",
        help_text="Limit the token to one partnership. It can never see more than you can.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = Partnership.objects.filter(pk__in=list(memberships_of(user)))
