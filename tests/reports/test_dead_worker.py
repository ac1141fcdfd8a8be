"""A real `manage.py db_worker` killed (SIGKILL) in the middle of a PDF render: the report is
noticed as stalled, failed with a message, and one retry completes with a fresh worker.

The worker is another process, so it needs a database it can reach: on PostgreSQL the test
database itself; on SQLite a file copied from the in-memory test database (the online backup API).
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from reports.models import ReportFile
from reports.services import report_file_request

ROOT = Path(settings.BASE_DIR)


def database_url(tmp_path: Path) -> str:
    if connection.vendor == "sqlite":
        target = sqlite3.connect(tmp_path / "worker.sqlite3")
        connection.ensure_connection()
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{tmp_path / 'worker.sqlite3'}"
    params = connection.settings_dict
    user = params["USER"] or "postgres"
    return f"postgres://{user}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{params['NAME']}"


def status_of(pk: int, url: str) -> str:
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            return db.execute("select status from reports_reportfile where id = ?", (pk,)).fetchone()[0]
    return ReportFile.objects.get(pk=pk).status


def wait_for(predicate, timeout: float, step: float = 0.02) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return False


def manage(*args: str, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_is_noticed_and_the_retry_completes(world, tmp_path):
    report = report_file_request(
        kind=ReportFile.Kind.DELIVERY_PLAN, plan=world.plan, user=world.users["coordinator"]
    )
    url = database_url(tmp_path)
    env = os.environ | {
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "REPORT_FILE_TIME_LIMIT": "1",
        "DJANGO_ENV": "development",
    }
    worker = manage("db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.1", env=env)
    try:
        assert wait_for(lambda: status_of(report.pk, url) == "running", timeout=60), (
            "the worker never started"
        )
        worker.send_signal(signal.SIGKILL)  # mid-render: WeasyPrint takes a second or more
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    assert status_of(report.pk, url) == "running"  # nobody else will ever finish it

    time.sleep(1.1)  # past REPORT_FILE_TIME_LIMIT
    clean = subprocess.run(
        [sys.executable, "manage.py", "clean_up"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "marked 1 stalled report(s) failed" in clean.stdout
    assert status_of(report.pk, url) == "failed"

    # One click: "Try again" on the report page queues a new copy; a new worker renders it.
    retry = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from reports.models import ReportFile; from reports.services import report_file_again; "
            f"failed = ReportFile.objects.get(pk={report.pk}); "
            "print(report_file_again(report_file=failed, user=failed.requested_by).pk)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    again = int(retry.stdout.strip().splitlines()[-1])
    batch = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert status_of(again, url) == "done", batch.stdout + batch.stderr
    assert status_of(report.pk, url) == "failed"
