"""An API export is audited: each CSV, XLSX or feed call (every record at once) writes one "Export
or download" event naming the dataset, its format and the query, in the log of each partnership
whose records it holds; a paginated JSON call is a page of a list, recorded only as the token's
use (one event per call, as every call)."""

import pytest
from django.urls import reverse

from api.services import token_create
from audit.models import AuditEvent
from tests import factories
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
    assert event.partnership_id == world.partnership.pk  # in the home coordinator's log
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


def test_an_export_across_partnerships_is_in_each_partnership_s_log(client, world, raw):
    factories.MembershipFactory(user=world.users["viewer"], partnership=world.other_partnership)
    assert client.get(reverse("api-action-list") + "?format=csv", **bearer(raw)).status_code == 200
    both = {world.partnership.pk, world.other_partnership.pk}
    assert sorted(e.partnership_id for e in downloads()) == sorted(both)
    assert {e.object_repr for e in downloads()} == {"api-action.csv"}

    seen = len(downloads())  # the log is append-only (on PostgreSQL a trigger refuses DELETE)
    url = reverse("api-action-list") + f"?format=feed&partnership={world.other_partnership.slug}"
    assert client.get(url, **bearer(raw)).status_code == 200
    assert [e.partnership_id for e in downloads()[: len(downloads()) - seen]] == [world.other_partnership.pk]
