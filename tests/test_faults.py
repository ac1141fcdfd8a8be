"""Faults: the database dropping the connection mid-session (as when it restarts) and a full disk
when a file is saved. The person sees a clear page, can try again, and nothing is half-written."""

import datetime
import errno

import pytest
from bs4 import BeautifulSoup
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django.urls import reverse

from csp_tracker.busy import fault_of
from plans import services
from plans.models import ProgressUpdate, TargetFigure
from tests import factories
from tests.plans.importing import corpus

DROPPED = "server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally"


@pytest.fixture
def open_round(world):
    return services.round_open(
        plan=world.plan,
        year=2025,
        quarter=3,
        due_date=datetime.date(2026, 1, 14),
        opened_by=world.users["coordinator"],
    )


def drop_on_children(execute, sql, params, many, context):
    """The connection goes when the update's figures are written: after the update's own row."""
    if sql.lstrip().upper().startswith("INSERT") and "plans_targetfigure" in sql:
        raise OperationalError(DROPPED)
    return execute(sql, params, many, context)


def save_update(client, world, target):
    url = reverse("update_form", args=[world.partnership.slug, world.plan.pk, world.row_a.pk])
    state = BeautifulSoup(client.get(url).content, "html.parser").find("input", {"name": "state"})["value"]
    data = {"state": state, "narrative": "Forty referrals", "risk": "", "rag_reason": "", "save": "1"}
    return client.post(url, data | {f"figure_{target.pk}": "40", "rag": world.rag("green").pk})


def test_a_dropped_database_connection_shows_a_clear_page_and_writes_nothing(client, world, open_round):
    target = factories.TargetFactory(row=world.row_a, description="Referrals")
    client.force_login(world.users["lead"])
    client.raise_request_exception = False
    with connection.execute_wrapper(drop_on_children):
        response = save_update(client, world, target)
    assert response.status_code == 503
    assert response["Retry-After"]
    page = BeautifulSoup(response.content, "html.parser")
    assert "lost its connection to the database" in page.get_text()
    assert "Nothing you sent has been saved" in page.get_text()
    assert (ProgressUpdate.objects.count(), TargetFigure.objects.count()) == (0, 0)

    assert save_update(client, world, target).status_code == 302  # trying again works
    assert ProgressUpdate.objects.get().narrative == "Forty referrals"
    assert TargetFigure.objects.get().value == 40


def test_a_full_disk_on_upload_says_so_and_keeps_nothing(client, world, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", full)
    client.force_login(world.users["coordinator"])
    client.raise_request_exception = False
    response = client.post(
        reverse("plan_import", args=[world.partnership.slug]),
        {
            "title": "Fenland 2014/15",
            "start_date": "2014-04-01",
            "end_date": "2015-03-31",
            "file": SimpleUploadedFile("plan.docx", corpus.word_numbered_headings()),
        },
    )
    assert response.status_code == 507
    assert "no room left to store files" in BeautifulSoup(response.content, "html.parser").get_text()
    assert not list(tmp_path.rglob("*.docx"))


def test_other_database_errors_are_not_dressed_up():
    assert fault_of(OperationalError("no such table: nothing")) is None
    assert fault_of(OperationalError(DROPPED)) == "database"
    assert fault_of(OSError(errno.EACCES, "Permission denied")) is None


def drop_on_session(execute, sql, params, many, context):
    """The connection goes at the first query of the request: the session's, in a middleware."""
    if "django_session" in sql:
        raise OperationalError(DROPPED)
    return execute(sql, params, many, context)


def test_a_connection_dropped_before_any_view_gets_the_same_clear_page(client, world):
    client.force_login(world.users["lead"])
    client.raise_request_exception = False
    with connection.execute_wrapper(drop_on_session):
        response = client.get(reverse("home"))
    assert response.status_code == 503  # not the 500 page: the site's 500 handler knows this fault
    assert "lost its connection to the database" in BeautifulSoup(response.content, "html.parser").get_text()
    assert client.get(reverse("home")).status_code == 200


def test_any_other_error_before_a_view_is_still_the_500_page(client, world):
    def broken(execute, sql, params, many, context):
        if "django_session" in sql:
            raise ValueError("a bug")
        return execute(sql, params, many, context)

    client.force_login(world.users["lead"])
    client.raise_request_exception = False
    with connection.execute_wrapper(broken):
        response = client.get(reverse("home"))
    assert response.status_code == 500
