"""Checks a file must pass before any Office library opens it.

A .docx or .xlsx file is a zip of XML parts. A hostile one can be a zip bomb (few bytes that
unpack to gigabytes, or thousands of entries) or carry XML entity declarations ("billion
laughs", external entities). So the zip is inspected with `zipfile` first, every XML part is
read with a running size count (a zip header can lie about sizes) and refused if it declares a
DTD or entities. Office writes its parts in UTF-8 (or an ASCII-compatible encoding), where such a
declaration cannot hide from a byte search for "<!DOCTYPE" or "<!ENTITY"; a part in any other
encoding (UTF-16 and the like: NUL bytes or a byte-order mark) is parsed in full with
defusedxml instead. Only then does python-docx or openpyxl see it.
"""

import io
import zipfile

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.conf import settings

from plans.importing.ir import ImportFailed

FORMATS = {
    "docx": ("a Word document (.docx)", "word/document.xml"),
    "xlsx": ("an Excel workbook (.xlsx)", "xl/workbook.xml"),
}
CHUNK = 64 * 1024


def limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def format_of(filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix not in ("docx", "xlsx", "csv"):
        raise ImportFailed(f"“{filename}” is not a .docx, .xlsx or .csv file.")
    return suffix


def check_size(data: bytes) -> None:
    cap = limit("PLAN_IMPORT_MAX_BYTES", 10 * 1024 * 1024)
    if len(data) > cap:
        raise ImportFailed(f"The file is {len(data) / 1048576:.1f} MB; the limit is {cap / 1048576:.0f} MB.")
    if not data:
        raise ImportFailed("The file is empty.")


def checked_office_file(data: bytes, kind: str) -> bytes:
    """Return `data` once it is known to be a safe .docx/.xlsx, else raise ImportFailed."""
    what, main_part = FORMATS[kind]
    check_size(data)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ImportFailed(f"The file is not {what}: it may be another kind of file renamed.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            max_entries = limit("PLAN_IMPORT_MAX_ZIP_ENTRIES", 1000)
            if len(entries) > max_entries:
                raise ImportFailed(f"The file holds {len(entries)} parts; at most {max_entries} are allowed.")
            if main_part not in archive.namelist():
                raise ImportFailed(f"The file is not {what}: it has no {main_part} part.")
            budget = limit("PLAN_IMPORT_MAX_UNPACKED_BYTES", 100 * 1024 * 1024)
            if sum(entry.file_size for entry in entries) > budget:
                raise ImportFailed(f"The file unpacks to more than {budget // 1048576} MB.")
            for entry in entries:
                budget -= _check_part(archive, entry, budget)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as error:
        raise ImportFailed(f"The file is not {what}: the zip is damaged ({error}).") from error
    return data


def _check_part(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, budget: int) -> int:
    """Read one part within the remaining unpacked-size budget; parse XML parts defusedly."""
    chunks, size = [], 0
    with archive.open(entry) as part:
        while chunk := part.read(CHUNK):
            size += len(chunk)
            if size > budget:
                raise ImportFailed("The file unpacks to more than the allowed size (a zip bomb?).")
            chunks.append(chunk)
    if entry.filename.endswith((".xml", ".rels")):
        _check_xml(entry.filename, b"".join(chunks))
    return size


def _check_xml(name: str, content: bytes) -> None:
    refused = ImportFailed(f"Part {name} declares a DTD or XML entities, which are refused for safety.")
    if not (content[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in content[:64]):
        if b"<!DOCTYPE" in content or b"<!ENTITY" in content:
            raise refused
        return
    try:
        fromstring(content, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise refused from error
    except ParseError as error:
        raise ImportFailed(f"Part {name} is not well-formed XML ({error}).") from error
