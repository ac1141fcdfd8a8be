"""The database really dropping the app's connection mid-session (PostgreSQL only): the server
ends the app's own backend with `pg_terminate_backend`, as a restart or a failover would, while a
person is signed in. The app runs in a real server thread (`live_server`, its own connections and
the whole request cycle, health checks included) and is driven over HTTP.

Only the app's own connections are ended: their process ids are taken as the server thread opens
them (`connection_created`), and the terminating query also names this test's own database.
Never any other session."""

import datetime
import threading
from collections.abc import Iterator

import psycopg2
import pytest
import requests
from bs4 import BeautifulSoup
from django.db import connection, connections
from django.db.backends.signals import connection_created
from django.urls import reverse

from plans import services
from plans.models import ProgressUpdate, TargetFigure
from tests import factories
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="a real PostgreSQL server ends the connection"
    ),
    pytest.mark.django_db(transaction=True),
]


class AppConnections:
    """The live server's database connections, as it opens them; can end them for real, at once
    or just before the app writes a given table (inside its transaction)."""

    def __init__(self) -> None:
        self.test_thread = threading.get_ident()
        self.wrappers: list = []
        self.kill_before: str | None = None
        self.killed: list[int] = []

    def opened(self, sender, connection, **kwargs) -> None:
        if threading.get_ident() == self.test_thread or connection.alias != "default":
            return
        self.wrappers.append(connection)
        connection.execute_wrappers.append(self._maybe_kill)

    def pids(self) -> list[int]:
        return [w.connection.info.backend_pid for w in self.wrappers if w.connection is not None]

    def terminate(self, pids: list[int]) -> None:
        """End these backends from a connection of the test's own, waiting until they are gone."""
        params = connection.get_connection_params()
        killer = psycopg2.connect(**params)
        try:
            with killer.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
                    "WHERE pid = ANY(%s) AND datname = current_database()",
                    [pids],
                )
                assert all(ok for (ok,) in cursor.fetchall())
        finally:
            killer.close()
        self.killed += pids

    def _maybe_kill(self, execute, sql, params, many, context):
        if self.kill_before and sql.lstrip().upper().startswith("INSERT") and self.kill_before in sql:
            self.kill_before = None
            self.terminate([context["connection"].connection.info.backend_pid])
        return execute(sql, params, many, context)


@pytest.fixture
def app_connections() -> Iterator[AppConnections]:
    watcher = AppConnections()
    connection_created.connect(watcher.opened)
    yield watcher
    connection_created.disconnect(watcher.opened)
    if watcher.pids():  # the server thread outlives the test: leave no session on its database
        watcher.terminate(watcher.pids())


@pytest.fixture
def signed_in(live_server, world, app_connections):
    """A lead officer signed in over HTTP, a round open and a target on the row they lead."""
    services.round_open(
        plan=world.plan,
        year=2025,
        quarter=3,
        due_date=datetime.date(2026, 1, 14),
        opened_by=world.users["coordinator"],
    )
    target = factories.TargetFactory(row=world.row_a, description="Referrals")
    browser = requests.Session()
    login = live_server.url + reverse("login")
    token = csrf_of(browser.get(login, timeout=30))
    response = browser.post(
        login,
        {"username": "lead", "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": login},
        timeout=30,
    )
    assert response.status_code == 200 and reverse("login") not in response.url
    return browser, target


def csrf_of(response) -> str:
    return BeautifulSoup(response.text, "html.parser").find("input", {"name": "csrfmiddlewaretoken"})["value"]


def form_url(live_server, world) -> str:
    return live_server.url + reverse(
        "update_form", args=[world.partnership.slug, world.plan.pk, world.row_a.pk]
    )


def save_draft(browser, url: str, target) -> requests.Response:
    page = BeautifulSoup(browser.get(url, timeout=30).text, "html.parser")
    data = {
        "csrfmiddlewaretoken": page.find("input", {"name": "csrfmiddlewaretoken"})["value"],
        "state": page.find("input", {"name": "state"})["value"],
        "narrative": "Forty referrals",
        "risk": "",
        "rag_reason": "",
        "save": "1",
        f"figure_{target.pk}": "40",
    }
    return browser.post(url, data, headers={"Referer": url}, allow_redirects=False, timeout=30)


def test_after_the_connection_is_ended_between_requests_the_next_page_and_save_just_work(
    live_server, world, signed_in, app_connections
):
    browser, target = signed_in
    url = form_url(live_server, world)
    assert browser.get(url, timeout=30).status_code == 200
    before = app_connections.pids()
    assert before, "the app has no connection of its own to end"
    app_connections.terminate(before)

    page = browser.get(url, timeout=30)  # the health check finds the connection gone, reconnects
    assert page.status_code == 200
    assert set(app_connections.pids()).isdisjoint(before)
    app_connections.terminate(app_connections.pids())
    assert save_draft(browser, url, target).status_code == 302
    assert ProgressUpdate.objects.get().narrative == "Forty referrals"
    assert TargetFigure.objects.get().value == 40


def test_a_connection_ended_inside_a_save_shows_the_try_again_page_keeps_nothing_and_a_retry_saves(
    live_server, world, signed_in, app_connections
):
    browser, target = signed_in
    url = form_url(live_server, world)
    app_connections.kill_before = "plans_targetfigure"  # after the update's own row is written
    response = save_draft(browser, url, target)
    assert app_connections.killed, "the save never reached its figures"
    assert response.status_code == 503
    assert response.headers["Retry-After"]
    text = BeautifulSoup(response.text, "html.parser").get_text()
    assert "lost its connection to the database" in text and "Traceback" not in text
    assert (ProgressUpdate.objects.count(), TargetFigure.objects.count()) == (0, 0)

    assert save_draft(browser, url, target).status_code == 302  # trying again works
    assert ProgressUpdate.objects.get().narrative == "Forty referrals"
    assert TargetFigure.objects.get().value == 40


def test_a_connection_that_dies_before_a_middleware_reads_the_session_gets_the_try_again_page(
    live_server, world, signed_in, app_connections, monkeypatch
):
    """Health checks cannot see a connection that dies just after them; then the first query to
    meet it is the session's, in a middleware, before any view. Without health checks the app
    meets the dead connection that way on every kind of page."""
    browser, _target = signed_in
    url = form_url(live_server, world)
    monkeypatch.setitem(connections.settings["default"], "CONN_HEALTH_CHECKS", False)
    browser.close()  # a new keep-alive connection, so a new server thread and database connection
    assert browser.get(url, timeout=30).status_code == 200
    app_connections.terminate(app_connections.pids())

    response = browser.get(url, timeout=30)
    assert response.status_code == 503  # was a 500 error page: the middleware's error met no handler
    assert "lost its connection to the database" in BeautifulSoup(response.text, "html.parser").get_text()
    assert browser.get(url, timeout=30).status_code == 200  # the broken connection is replaced
