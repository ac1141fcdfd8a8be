"""A partnership's coordinators read its audit log, filtered, and download it as CSV."""

import csv
import datetime
import io

from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from tests.test_export_cells import HOSTILE, REVEALED

Kind = AuditEvent.Kind


def rows(response) -> list[list[str]]:
    table = BeautifulSoup(response.content, "html.parser").select_one("[data-testid=audit-events]")
    if table is None:
        return []
    return [[td.get_text(" ", strip=True) for td in tr.select("td")] for tr in table.select("tbody tr")]


def make(world, **fields) -> AuditEvent:
    return AuditEvent.objects.create(**{"partnership_id": world.partnership.pk, **fields})


def url(world, name: str = "audit_log") -> str:
    return reverse(name, args=[world.partnership.slug])


def test_coordinator_sees_their_partnerships_events_and_members_logins_only(client, world):
    make(world, kind=Kind.DOWNLOAD, actor_name="lead", object_repr="plan.csv")
    AuditEvent.objects.create(
        kind=Kind.DOWNLOAD, partnership_id=world.other_partnership.pk, object_repr="other.csv"
    )
    AuditEvent.objects.create(kind=Kind.LOGIN, actor_id=world.users["viewer"].pk, actor_name="viewer")
    AuditEvent.objects.create(kind=Kind.LOGIN, actor_id=world.users["outsider"].pk, actor_name="outsider")
    client.force_login(world.users["coordinator"])
    text = " ".join(" ".join(r) for r in rows(client.get(url(world))))
    assert "plan.csv" in text and "viewer" in text
    assert "other.csv" not in text and "outsider" not in text


def test_filters_by_kind_person_and_date(client, world):
    lead = world.users["lead"]
    make(world, kind=Kind.DOWNLOAD, actor_id=lead.pk, actor_name="lead", object_repr="a.csv")
    make(world, kind=Kind.IMPORT, actor_id=lead.pk, actor_name="lead", object_repr="b.docx")
    make(
        world,
        kind=Kind.DOWNLOAD,
        actor_id=lead.pk,
        actor_name="lead",
        object_repr="old.csv",
        occurred_at=timezone.now() - datetime.timedelta(days=40),
    )
    make(
        world, kind=Kind.DOWNLOAD, actor_id=world.users["viewer"].pk, actor_name="viewer", object_repr="c.csv"
    )
    client.force_login(world.users["coordinator"])
    since = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    response = client.get(url(world), {"kind": "download", "person": lead.pk, "date_from": since})
    assert [r[3] for r in rows(response)] == ["a.csv"]


def test_a_backwards_date_range_is_explained(client, world):
    client.force_login(world.users["coordinator"])
    response = client.get(url(world), {"date_from": "2026-05-01", "date_to": "2026-04-01"})
    assert response.status_code == 400
    summary = BeautifulSoup(response.content, "html.parser").select_one(".govuk-error-summary")
    assert "To: The end date must be on or after the start date." in summary.get_text(" ", strip=True)


def test_csv_export_follows_the_filters_and_neutralises_cells(client, world):
    make(world, kind=Kind.IMPORT, actor_name="lead", object_repr="=HYPERLINK(1)", ip_address="10.0.0.1")
    make(world, kind=Kind.DOWNLOAD, actor_name="lead", object_repr="plan.csv")
    client.force_login(world.users["coordinator"])
    response = client.get(url(world, "audit_log_csv"), {"kind": "import"})
    assert response["Content-Disposition"] == 'attachment; filename="home-audit-log.csv"'
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0][0] == "When (UTC)"
    assert [line[4] for line in lines[1:]] == ["'=HYPERLINK(1)"]
    assert lines[1][7] == "10.0.0.1"


def test_csv_export_shows_unsafe_characters_as_codes(client, world):
    make(world, kind=Kind.IMPORT, actor_name="lead", object_repr=HOSTILE, detail="\u200b=1+1")
    client.force_login(world.users["coordinator"])
    response = client.get(url(world, "audit_log_csv"), {"kind": "import"})
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert (lines[1][4], lines[1][6]) == (REVEALED, "[U+200B]=1+1")
