from django import forms

from csp_tracker.forms import GdsFormMixin


class CodeForm(GdsFormMixin, forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        strip=True,
        error_messages={"required": "Enter the code from your authenticator app."},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )

    def __init__(self, *args, recovery: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        if recovery:
            field.help_text = "The 6 digits your authenticator app shows now, or one of your recovery codes."
        else:
            field.help_text = "The 6 digits your authenticator app shows now."
            field.widget.attrs["inputmode"] = "numeric"
