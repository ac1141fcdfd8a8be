"""The one behaviour of every create/edit page: a heading, a back link, a service that saves, a
message. Views say which service saves (`save`); the form only validates."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import BaseForm, BaseModelForm
from django.http import HttpResponse, HttpResponseRedirect


def many_to_many_values(form: BaseModelForm[Any]) -> dict[str, Any]:
    """The many-to-many choices a model form collected, by field name, for a service to set."""
    names = {field.name for field in form.instance._meta.many_to_many}
    return {name: value for name, value in form.cleaned_data.items() if name in names}


class FormPageMixin[Saved: models.Model, PageForm: BaseForm]:
    """`Saved` is the model the page's service saves (`self.object` afterwards), `PageForm` the
    form it collects."""

    template_name: str | None = "form_page.html"
    heading = ""
    success_message = "Saved."
    # The generic view's own attribute, `Saved | None` on a create page and `Saved` on an edit
    # page: one declaration here cannot match both, so edit views declare it precisely.
    object: Any

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()  # type: ignore[misc]
        kwargs.update(self.get_parent_kwargs())
        return kwargs

    def get_parent_kwargs(self) -> dict[str, Any]:
        return {}

    def get_heading(self) -> str:
        return self.heading

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["heading"] = self.get_heading()
        context["cancel_url"] = self.get_success_url()  # type: ignore[attr-defined]
        return context

    def save(self, form: PageForm) -> Saved | None:
        """Write what the form collected through the domain's service."""
        raise NotImplementedError(f"{type(self).__name__} must say which service saves its form.")

    def form_valid(self, form: PageForm) -> HttpResponse:
        try:
            saved = self.save(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)  # type: ignore[attr-defined]
        if saved is not None:
            self.object = saved
        messages.success(self.request, self.success_message)  # type: ignore[attr-defined]
        return HttpResponseRedirect(self.get_success_url())  # type: ignore[attr-defined]


class ConfirmRemovePage:
    """The one way a record is removed from a page: GET asks (saying what will be lost), POST
    removes. Where removing would orphan other records, the page says why and offers no button.
    Mixed into a `TemplateView`; subclasses name the record, what removing loses, and where to
    go back to."""

    template_name: str | None = "components/confirm_remove.html"
    caption = ""  # the page's caption, e.g. the plan or meeting the record belongs to
    consequence = ""  # what removing it means, in a sentence
    request: Any

    def record_label(self) -> str:
        raise NotImplementedError

    def problem(self) -> str:
        """Why it cannot be removed (empty when it can)."""
        return ""

    def remove(self) -> None:
        raise NotImplementedError

    def back_url(self) -> str:
        raise NotImplementedError

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context.update(
            record_label=self.record_label(),
            problem=self.problem(),
            cancel_url=self.back_url(),
            caption=self.caption,
            consequence=self.consequence,
        )
        return context

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        label = self.record_label()
        try:
            self.remove()
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(request.path)
        messages.success(request, f"{label[0].upper()}{label[1:]} removed.")
        return HttpResponseRedirect(self.back_url())
