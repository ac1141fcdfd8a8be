"""Evidence files attached to progress updates, actions and reviews.

A file is accepted only when its bytes are one of the allowed kinds (the name is never trusted),
it is under the size cap and, when a ClamAV daemon is configured, the scanner passes it. Files
are stored through Django's default storage under a random name; the name a person gave is kept
(cleaned) only to offer on download, with `Content-Disposition: attachment`.
"""

import hashlib
import io
import os
import socket
import struct
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

MAX_NAME = 150


@dataclass(frozen=True)
class FileKind:
    label: str
    content_type: str
    extensions: tuple[str, ...]


PDF = FileKind("PDF", "application/pdf", (".pdf",))
PNG = FileKind("PNG image", "image/png", (".png",))
JPEG = FileKind("JPEG image", "image/jpeg", (".jpg", ".jpeg"))
GIF = FileKind("GIF image", "image/gif", (".gif",))
DOCX = FileKind(
    "Word document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)
)
XLSX = FileKind(
    "Excel workbook", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)
)
PPTX = FileKind(
    "PowerPoint presentation",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    (".pptx",),
)
ODT = FileKind("OpenDocument text", "application/vnd.oasis.opendocument.text", (".odt",))
ODS = FileKind("OpenDocument spreadsheet", "application/vnd.oasis.opendocument.spreadsheet", (".ods",))
LEGACY_OFFICE = FileKind("Office 97-2003 document", "application/octet-stream", (".doc", ".xls", ".ppt"))
ALLOWED_TEXT = "PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG or GIF"

_OOXML = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}
_ODF = {ODT.content_type: ODT, ODS.content_type: ODS}


def max_bytes() -> int:
    return int(getattr(settings, "ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))


def sniff(head: bytes, data: io.BytesIO) -> FileKind | None:
    """The kind of file these bytes are, judged by their signature, or None."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return LEGACY_OFFICE
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(data) as archive:
                names = archive.namelist()
                if "mimetype" in names:
                    return _ODF.get(archive.read("mimetype").decode("ascii", "replace").strip())
                if "[Content_Types].xml" in names:
                    for prefix, kind in _OOXML.items():
                        if any(name.startswith(prefix) for name in names):
                            return kind
        except (zipfile.BadZipFile, OSError, KeyError):
            return None
    return None


def clean_name(name: str) -> str:
    """The file's own name only (no folders, no control characters), for the download header."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '"<>:|?*')
    name = name.strip().lstrip(".")
    return name[-MAX_NAME:] or "file"


def check_name(name: str) -> None:
    raw = name or ""
    if "/" in raw or "\\" in raw or "\x00" in raw or raw.strip() in {".", ".."}:
        raise ValidationError(
            f"The file name “{clean_name(raw)}” contains a folder path. Rename the file and try again."
        )


class ScanFailed(Exception):
    pass


def clamd_address() -> tuple[str, int] | str | None:
    """Where clamd listens (ATTACHMENT_CLAMD = "host:port" or a socket path), or None when off."""
    value = getattr(settings, "ATTACHMENT_CLAMD", "") or ""
    if not value:
        return None
    if value.startswith("/"):
        return value
    host, _, port = value.rpartition(":")
    return (host or "127.0.0.1", int(port or 3310))


def scan(data: bytes) -> str:
    """'clean', or 'not scanned' when no scanner is configured; raises ValidationError on a virus
    and ScanFailed when the scanner cannot be reached (the file is then refused, not waved on)."""
    address = clamd_address()
    if address is None:
        return Attachment.Scan.NOT_SCANNED
    family = socket.AF_UNIX if isinstance(address, str) else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.settimeout(30)
            sock.connect(address)
            sock.sendall(b"zINSTREAM\0")
            for start in range(0, len(data), 65536):
                chunk = data[start : start + 65536]
                sock.sendall(struct.pack("!L", len(chunk)) + chunk)
            sock.sendall(struct.pack("!L", 0))
            reply = sock.recv(4096).rstrip(b"\0").decode("utf-8", "replace")
    except OSError as error:
        raise ScanFailed(f"The virus scanner could not be reached ({error}).") from error
    if reply.endswith("OK"):
        return Attachment.Scan.CLEAN
    if "FOUND" in reply:
        raise ValidationError("The virus scanner found a problem in this file, so it was not attached.")
    raise ScanFailed(f"The virus scanner answered: {reply}")


@dataclass(frozen=True)
class CheckedFile:
    name: str
    kind: FileKind
    data: bytes
    scan: str


def check_upload(upload) -> CheckedFile:
    """Validate an uploaded file by its name, size and bytes; a clear message says what is wrong."""
    check_name(upload.name)
    name = clean_name(upload.name)
    limit = max_bytes()
    if upload.size > limit:
        raise ValidationError(
            f"“{name}” is {upload.size / 1048576:.1f} MB; files can be at most {limit / 1048576:.0f} MB."
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(f"“{name}” is larger than {limit / 1048576:.0f} MB.")
    if not data:
        raise ValidationError(f"“{name}” is empty.")
    kind = sniff(data[:16], io.BytesIO(data))
    if kind is None:
        raise ValidationError(
            f"“{name}” is not a file type we accept (its contents are not {ALLOWED_TEXT}), whatever its "
            "name says. Save it as one of those and try again."
        )
    extension = os.path.splitext(name)[1].lower()
    if extension not in kind.extensions:
        name = os.path.splitext(name)[0] + kind.extensions[0]
    try:
        scanned = scan(data)
    except ScanFailed as error:
        message = f"“{name}” could not be checked for viruses, so it was not attached. {error}"
        raise ValidationError(message) from error
    return CheckedFile(name=name, kind=kind, data=data, scan=scanned)


def stored_name(instance, filename: str) -> str:
    return f"attachments/{instance.partnership_id}/{uuid.uuid4().hex}"


class AttachmentQuerySet(models.QuerySet):
    def for_parent(self, parent) -> "AttachmentQuerySet":
        return self.filter(**{Attachment.parent_field(parent): parent})


class Attachment(models.Model):
    """An evidence file on exactly one progress update, action or review."""

    class Scan(models.TextChoices):
        NOT_SCANNED = "not_scanned", "Not scanned (no scanner configured)"
        CLEAN = "clean", "Scanned: clean"

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="+")
    review = models.ForeignKey(
        "dhr.Review", null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    progress_update = models.ForeignKey(
        "plans.ProgressUpdate", null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    action = models.ForeignKey(
        "plans.Action", null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=stored_name, max_length=200)
    name = models.CharField(max_length=MAX_NAME + 10, help_text="The name offered on download.")
    description = models.CharField(max_length=300, blank=True)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    scan = models.CharField(max_length=20, choices=Scan.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_by_name = models.CharField(max_length=200)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(review__isnull=False, progress_update__isnull=True, action__isnull=True)
                    | Q(review__isnull=True, progress_update__isnull=False, action__isnull=True)
                    | Q(review__isnull=True, progress_update__isnull=True, action__isnull=False)
                ),
                name="attachment_has_one_parent",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def parent_field(parent) -> str:
        return {"Review": "review", "ProgressUpdate": "progress_update", "Action": "action"}[
            type(parent).__name__
        ]

    @property
    def parent(self):
        return self.review or self.progress_update or self.action

    @property
    def is_restricted(self) -> bool:
        return self.review_id is not None


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
