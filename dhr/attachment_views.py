"""Adding and downloading evidence files. A file is served only to someone who may see the record
it belongs to, always as a download (never rendered by the browser)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, View

from dhr import services
from dhr.attachments import Attachment, check_upload
from dhr.forms import AttachmentForm
from dhr.models import ReadLog, Review
from dhr.views import DhrMixin
from plans.models import Action, ProgressUpdate

PARENT_KINDS = ("review", "update", "action")


class AttachmentUploadView(DhrMixin, FormView):
    permission_required = "dhr.add_attachment"
    template_name = "dhr/form.html"
    form_class = AttachmentForm

    def get_parent(self):
        if not hasattr(self, "parent"):
            kind, pk = self.kwargs["kind"], self.kwargs["parent_pk"]
            if kind == "review":
                queryset = Review.objects.visible_to(self.request.user).filter(partnership=self.partnership)
            elif kind == "update":
                queryset = ProgressUpdate.objects.filter(row__action__plan__partnership=self.partnership)
                queryset = queryset.select_related("row__action__plan")
            elif kind == "action":
                queryset = Action.objects.filter(plan__partnership=self.partnership).select_related("plan")
            else:
                raise Http404("Page not found.")
            self.parent = get_object_or_404(queryset, pk=pk)
        return self.parent

    def get_permission_object(self):
        return self.get_parent()

    def handle_no_permission(self):
        if self.kwargs["kind"] != "review" and self.request.user.is_authenticated:
            return super(DhrMixin, self).handle_no_permission()  # a plan record: the usual 403
        return super().handle_no_permission()

    def parent_url(self) -> str:
        parent, slug = self.get_parent(), self.partnership.slug
        if isinstance(parent, Review):
            return reverse("dhr_review_detail", args=[slug, parent.pk]) + "#evidence"
        action = parent if isinstance(parent, Action) else parent.row.action
        return reverse("action_detail", args=[slug, action.plan_id, action.pk]) + "#timeline"

    def parent_label(self) -> str:
        parent = self.get_parent()
        if isinstance(parent, Review):
            return f"DHR {parent.reference}"
        if isinstance(parent, Action):
            return f"action {parent.reference}"
        row = parent.row
        quarter = parent.period(self.partnership.year_start_month).label
        return f"the {quarter} update on action {row.action.reference}, row {row.position}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=f"Attach a file to {self.parent_label()}",
            cancel_url=self.parent_url(),
            multipart=True,
            submit_label="Attach file",
            **kwargs,
        )

    def form_valid(self, form):
        try:
            checked = check_upload(form.cleaned_data["file"])
            attachment = services.attachment_add(
                parent=self.get_parent(),
                checked=checked,
                user=self.request.user,
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(self.request, f"“{attachment.name}” attached.")
        return redirect(self.parent_url())


class AttachmentDownloadView(DhrMixin, View):
    permission_required = "dhr.view_attachment"

    def get_attachment(self) -> Attachment:
        if not hasattr(self, "attachment"):
            self.attachment = get_object_or_404(
                Attachment.objects.filter(partnership=self.partnership).select_related("review"),
                pk=self.kwargs["pk"],
            )
        return self.attachment

    def get_permission_object(self):
        return self.get_attachment()

    def handle_no_permission(self):
        raise Http404("Page not found.")  # a file one may not see does not exist for them

    def get(self, request, *args, **kwargs):
        attachment = self.get_attachment()
        if attachment.review_id:
            services.read_record(
                partnership=self.partnership,
                user=request.user,
                channel=ReadLog.Channel.FILE,
                what=f"Evidence file “{attachment.name}” of DHR {attachment.review.reference}",
                review=attachment.review,
            )
        response = FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.name,
            content_type=attachment.content_type,
        )
        response["Cache-Control"] = "private, no-store"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response
