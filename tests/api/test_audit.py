"""An API export is audited: each CSV, XLSX or feed call (every record at once) writes exactly one
"Export or download" event naming the dataset, its format and the query; a paginated JSON call is
a page of a list, recorded only as the token's use (one event per call, as every call)."""

import pytest
from django.urls import reverse

from api.services import token_create
from audit.models import AuditEvent
from tests.api.conftest import bearer

Kind = AuditEvent.Kind


@pytest.fixture
def raw(world) -> str:
    return token_create(user=world.users["viewer"], name="Power BI", days=30)[1]


def downloads() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(kind=Kind.DOWNLOAD))


@pytest.mark.parametrize(
    ("export_format", "name"), [("csv", "api-row.csv"), ("xlsx", "api-row.xlsx"), ("feed", "api-row.json")]
)
def test_each_export_call_writes_exactly_one_download_event(client, world, raw, export_format, name):
    for call in (1, 2):
        response = client.get(reverse("api-row-list") + f"?format={export_format}&status=none", **bearer(raw))
        assert response.status_code == 200
        assert len(downloads()) == call
    event = downloads()[-1]
    assert (event.actor_id, event.object_repr) == (world.users["viewer"].pk, name)
    assert event.detail == f"GET {reverse('api-row-list')}?format={export_format}&status=none"


def test_a_page_of_json_is_not_an_export_but_its_token_use_is_recorded(client, world, raw):
    response = client.get(reverse("api-row-list"), **bearer(raw))
    assert response.status_code == 200
    assert not downloads()
    assert AuditEvent.objects.filter(kind=Kind.API_TOKEN_USE).count() == 1


def test_a_refused_export_writes_no_download(client, world):
    response = client.get(reverse("api-row-list") + "?format=csv", **bearer("not-a-token"))
    assert response.status_code in {401, 403}
    assert not downloads()
