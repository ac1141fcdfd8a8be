"""Several people at once on SQLite: concurrent writers against a file database see no error,
and a "database is locked" that still gets through becomes a friendly 503 page."""

import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import AnonymousUser
from django.db import OperationalError, connections, transaction
from django.test import RequestFactory

from csp_tracker.busy import DatabaseBusyMiddleware
from csp_tracker.sqlite import SQLITE_OPTIONS

WRITERS, WRITES_EACH = 6, 15


@pytest.fixture
def file_database(tmp_path: Path, django_db_blocker):
    alias = "concurrency_test"
    connections.settings[alias] = {
        **connections.settings["default"],
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(tmp_path / "shared.sqlite3"),
        "OPTIONS": dict(SQLITE_OPTIONS),
        "CONN_MAX_AGE": 0,
        "TEST": {},
    }
    with django_db_blocker.unblock():
        with connections[alias].cursor() as cursor:
            cursor.execute("CREATE TABLE tally (id INTEGER PRIMARY KEY, writer INTEGER, seen INTEGER)")
        connections[alias].close()
        yield alias
    del connections.settings[alias]


def test_concurrent_read_then_write_transactions_all_succeed(file_database):
    errors: list[BaseException] = []

    def writer(number: int) -> None:
        try:
            for _ in range(WRITES_EACH):
                # Read first, then write: the pattern that deadlocks under DEFERRED transactions.
                with transaction.atomic(using=file_database), connections[file_database].cursor() as cursor:
                    cursor.execute("SELECT COUNT(*) FROM tally")
                    seen = cursor.fetchone()[0]
                    cursor.execute("INSERT INTO tally (writer, seen) VALUES (%s, %s)", [number, seen])
        except BaseException as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connections[file_database].close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    with connections[file_database].cursor() as cursor:
        cursor.execute("SELECT COUNT(*), COUNT(DISTINCT seen) FROM tally")
        total, distinct_seen = cursor.fetchone()
        cursor.execute("PRAGMA journal_mode")
        (mode,) = cursor.fetchone()
    connections[file_database].close()
    assert total == WRITERS * WRITES_EACH
    assert distinct_seen == total  # each writer saw every earlier write: they really queued
    assert mode == "wal"


def busy_response(error: Exception):
    request = RequestFactory().post("/p/home/plans/1/")
    request.user = AnonymousUser()
    return DatabaseBusyMiddleware(lambda r: None).process_exception(request, error)  # type: ignore[arg-type,return-value]


def test_a_locked_database_gets_a_busy_try_again_page(db):
    response = busy_response(OperationalError("database is locked"))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    heading = BeautifulSoup(response.content, "html.parser").select_one("h1")
    assert heading is not None
    assert heading.get_text(strip=True) == "Sorry, the service is busy"


def test_other_database_errors_are_not_hidden(db):
    assert busy_response(OperationalError("no such table: nothing")) is None
