"""Demo data built once per module (rolled back after), and helpers to read PDFs as text."""

import io
import re

import pytest
from django.db import transaction
from pypdf import PdfReader

from plans.demo_data import demo_load
from plans.models import Plan


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        demo_load()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo_plan(demo, db) -> Plan:
    return Plan.objects.select_related("partnership").get(
        partnership__slug="marshfield", status=Plan.Status.LIVE
    )


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def squash(text: str) -> str:
    """Whitespace collapsed, so text wrapped across lines compares equal to the source (a line
    broken after a hyphen, "alcohol-\nrelated", reads as the unbroken word)."""
    return re.sub(r"-\s+", "-", re.sub(r"\s+", " ", text)).strip()


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return squash(" ".join(page.extract_text() or "" for page in reader.pages))


def pdf_reader(content: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(content))


MARGIN_TOP_PT, MARGIN_BOTTOM_PT = 51, 45  # print.css: 18mm and 16mm page margins


def pdf_body_text(content: bytes) -> str:
    """The text inside the page margins only: a table row that breaks across pages reads as one
    passage, without the running header and footer printed between its halves."""
    parts: list[str] = []
    for page in PdfReader(io.BytesIO(content)).pages:
        height = float(page.mediabox.height)

        def visit(text, cm, tm, _font, _size, height=height):
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if MARGIN_BOTTOM_PT < y < height - MARGIN_TOP_PT or not text.strip():
                parts.append(text)

        page.extract_text(visitor_text=visit)
        parts.append(" ")
    return squash("".join(parts))
