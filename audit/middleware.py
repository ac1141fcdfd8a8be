"""One audit event for every export and download a signed-in person (or an API token) takes:
any response sent as an attachment, or marked as an export with the name to record
(`response.audit_download`: the API's JSON feed, every record at once). Kept in one place so no
new export can escape the log. The API's paginated JSON is not an export (a page of a list, as a
person browsing it): each call is recorded once as a token use (`api.services.token_authenticate`)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from audit.models import AuditEvent
from audit.services import event_record
from csp_tracker.request_context import signed_in_user_or_none


def _filename(disposition: str) -> str:
    _, _, rest = disposition.partition("filename=")
    return rest.strip().strip('"')


class DownloadAuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        disposition = response.get("Content-Disposition", "")
        if disposition.startswith("attachment"):
            name = _filename(disposition) or "download"
        else:
            name = getattr(response, "audit_download", "")
        if response.status_code != 200 or not name:
            return response
        user = signed_in_user_or_none(request)
        if user is None:
            return response
        partnership = getattr(request, "partnership", None)
        # A page of one partnership is recorded in its log; an API export, in the log of each
        # partnership whose records it holds (`response.audit_partnership_ids`, one event each).
        partnership_ids = getattr(response, "audit_partnership_ids", None) or [
            partnership.pk if partnership is not None else None
        ]
        for partnership_id in partnership_ids:
            event_record(
                kind=AuditEvent.Kind.DOWNLOAD,
                actor=user,
                partnership_id=partnership_id,
                object_type="download",
                object_repr=name,
                detail=f"{request.method} {request.get_full_path()}"[:300],
            )
        return response
