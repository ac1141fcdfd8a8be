"""An uploaded plan file between its upload and its confirmation.

The file is parsed once, on upload (and again only when the person maps a column); the parsed
plan is kept beside the file in default storage under a random token, which only the uploading
session knows, until the import is confirmed or cancelled. A file that cannot be read is
deleted at once (only the reason is kept, in the session), and `uploads_remove_stale` (the
nightly clean-up) removes any left behind by an abandoned preview. Previewing reads the kept plan
and writes nothing.
"""

import datetime
import secrets
from dataclasses import asdict, dataclass, field

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from partners.models import Partnership
from plans.importing.ir import ImportedPlan, ImportFailed, plan_from_json, plan_to_json
from plans.importing.services import plan_import_parse
from plans.models import Plan

UPLOADS_FOLDER = "plan-imports"
UPLOAD_LIFETIME = datetime.timedelta(days=1)  # an unconfirmed upload is removed after this


@dataclass
class PendingUpload:
    token: str
    partnership: int
    path: str
    name: str
    plan: int | None
    title: str = ""
    start: str = ""
    end: str = ""
    mapping: dict[str, str] = field(default_factory=dict)
    error: str = ""

    def as_session(self) -> dict:
        return asdict(self)

    @property
    def parsed_path(self) -> str:
        return f"{self.path}.parsed.json"

    def target(self, partnership: Partnership) -> dict:
        """The plan to import into, or the new plan's title and dates, as `plan_import` takes them."""
        plan = partnership.plans.filter(pk=self.plan).first() if self.plan else None
        if plan is not None:
            return {"plan": plan}
        return {
            "title": self.title,
            "start_date": datetime.date.fromisoformat(self.start),
            "end_date": datetime.date.fromisoformat(self.end),
        }

    def parsed(self) -> ImportedPlan:
        with default_storage.open(self.parsed_path, "rb") as stored:
            return plan_from_json(stored.read().decode("utf-8"))


def upload_store(
    *,
    partnership: Partnership,
    data: bytes,
    name: str,
    plan: Plan | None,
    title: str = "",
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> PendingUpload:
    """Keep the file and its parsed plan (or the reason it cannot be read)."""
    token = secrets.token_urlsafe(16)
    extension = name.rsplit(".", 1)[-1].lower()
    path = default_storage.save(f"{UPLOADS_FOLDER}/{token}.{extension}", ContentFile(data))
    upload = PendingUpload(
        token=token,
        partnership=partnership.pk,
        path=path,
        name=name[:100],
        plan=plan.pk if plan else None,
        title=title,
        start=start.isoformat() if start else "",
        end=end.isoformat() if end else "",
    )
    upload_parse(upload=upload, partnership=partnership, data=data)
    return upload


def upload_parse(*, upload: PendingUpload, partnership: Partnership, data: bytes | None = None) -> None:
    """Parse the kept file with the upload's column mapping and keep the result."""
    if data is None:
        with default_storage.open(upload.path, "rb") as stored:
            data = stored.read()
    target = upload.target(partnership)
    start = target["plan"].start_date if "plan" in target else target["start_date"]
    try:
        parsed = plan_import_parse(
            data=data,
            filename=upload.name,
            mapping=upload.mapping,
            plan_start=start,
            year_start_month=partnership.year_start_month,
        )
    except ImportFailed as error:
        upload.error = str(error)
        upload_discard(upload=upload)  # a refused file is not kept
        return
    upload.error = ""
    if default_storage.exists(upload.parsed_path):
        default_storage.delete(upload.parsed_path)
    default_storage.save(upload.parsed_path, ContentFile(plan_to_json(parsed).encode("utf-8")))


def upload_discard(*, upload: PendingUpload) -> None:
    for path in (upload.path, upload.parsed_path):
        if default_storage.exists(path):
            default_storage.delete(path)


def uploads_remove_stale(*, now: datetime.datetime | None = None) -> int:
    """Delete kept upload files older than `UPLOAD_LIFETIME` (abandoned previews); returns how many."""
    cutoff = (now or timezone.now()) - UPLOAD_LIFETIME
    try:
        _, names = default_storage.listdir(UPLOADS_FOLDER)
    except FileNotFoundError:
        return 0
    removed = 0
    for name in names:
        path = f"{UPLOADS_FOLDER}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            removed += 1
    return removed
