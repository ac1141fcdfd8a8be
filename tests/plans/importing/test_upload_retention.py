"""Import uploads are not kept: deleted on confirm, cancel or refusal, and any left behind by an
abandoned preview removed by the clean-up after a day."""

import datetime
import os
import time

from bs4 import BeautifulSoup
from django.utils import timezone

from plans.importing.uploads import uploads_remove_stale
from tests.plans.importing.test_import_views import media, upload  # noqa: F401 - `media` is a fixture


def kept(tmp_path) -> list[str]:
    folder = tmp_path / "plan-imports"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_refused_file_is_deleted_at_once_and_the_reason_shown(client, world, tmp_path):
    client.force_login(world.users["coordinator"])
    response = upload(client, world, data=b"MZ\x90\x00 not a plan at all", name="plan.docx")
    assert kept(tmp_path) == []
    page = BeautifulSoup(client.get(response["Location"]).content, "html.parser")
    assert page.select_one("[data-testid=import-error]").get_text(strip=True)
    assert page.find("button", {"name": "cancel"}) is not None


def test_cancel_on_a_refused_file_forgets_it(client, world, tmp_path):
    client.force_login(world.users["coordinator"])
    location = upload(client, world, data=b"MZ\x90\x00", name="plan.docx")["Location"]
    assert client.post(location, {"cancel": "1"}).status_code == 302
    assert client.get(location).status_code == 404


def test_confirming_deletes_the_upload(client, world, tmp_path):
    client.force_login(world.users["coordinator"])
    location = upload(client, world)["Location"]
    assert kept(tmp_path) != []
    assert client.post(location, {"confirm": "1"}).status_code == 302
    assert kept(tmp_path) == []


def test_the_clean_up_removes_uploads_older_than_a_day_only(client, world, tmp_path):
    client.force_login(world.users["coordinator"])
    upload(client, world)
    old = tmp_path / "plan-imports" / "abandoned.docx"
    old.write_bytes(b"left behind")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    before = kept(tmp_path)
    assert uploads_remove_stale() == 1
    assert kept(tmp_path) == [name for name in before if name != "abandoned.docx"]
    assert uploads_remove_stale(now=timezone.now() + datetime.timedelta(days=2)) == len(before) - 1
    assert kept(tmp_path) == []
