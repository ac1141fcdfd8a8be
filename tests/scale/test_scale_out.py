"""Stateless app servers: files through STORAGES (S3 via django-storages, against moto's mock),
sessions and cache from settings, reads of dashboards and search from a replica, and background
tasks shared by several `db_worker` processes without one task taken twice."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import boto3
import pytest
from django.core.cache.backends.redis import RedisCache
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from moto import mock_aws

from reports.generation import report_file_generate
from reports.models import ReportFile
from tests.test_settings_deploy import run_manage

ROOT = Path(__file__).resolve().parent.parent.parent


def setting(name: str, **env: str) -> str:
    result = run_manage(
        "shell", "--no-imports", "-c", f"from django.conf import settings; print(settings.{name})", **env
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_sessions_live_in_the_database_by_default():
    assert setting("SESSION_ENGINE") == "django.contrib.sessions.backends.db"


def test_sessions_may_live_in_the_cache_in_front_of_the_database():
    engine = setting("SESSION_ENGINE", SESSION_BACKEND="cached_db", REDIS_URL="redis://127.0.0.1:6379/0")
    assert engine == "django.contrib.sessions.backends.cached_db"


def test_an_unknown_session_backend_is_named_in_the_error():
    result = run_manage("check", SESSION_BACKEND="memcache")
    assert result.returncode != 0
    assert "SESSION_BACKEND is 'memcache': choose one of db, cache, cached_db" in result.stderr


def test_redis_url_selects_djangos_redis_cache():
    backend = setting("CACHES['default']['BACKEND']", REDIS_URL="redis://127.0.0.1:6379/3")
    assert backend == "django.core.cache.backends.redis.RedisCache"


def test_s3_bucket_selects_the_s3_storage_for_files():
    backend = setting("STORAGES['default']['BACKEND']", S3_BUCKET="csp-files")
    assert backend == "storages.backends.s3.S3Storage"


def test_replica_url_adds_a_replica_alias_mirrored_in_tests():
    test = setting(
        "DATABASES['replica']['TEST']['MIRROR']", DATABASE_REPLICA_URL="postgres://u@replica.invalid/csp"
    )
    assert test == "default"


def test_redis_cache_shares_values_between_clients():
    """Two app servers' caches, as two clients of the same Redis (skipped where none runs)."""
    prefix = f"csp-test-{uuid.uuid4().hex}"
    first = RedisCache("redis://127.0.0.1:6379/0", {"KEY_PREFIX": prefix})
    second = RedisCache("redis://127.0.0.1:6379/0", {"KEY_PREFIX": prefix})
    try:
        first.set("page", "rendered", 30)
    except Exception as error:  # noqa: BLE001 - no Redis here: nothing to test against
        pytest.skip(f"no Redis at 127.0.0.1:6379 ({error})")
    try:
        assert second.get("page") == "rendered"
    finally:
        first.delete("page")


S3 = {
    "BACKEND": "storages.backends.s3.S3Storage",
    "OPTIONS": {
        "bucket_name": "csp-test-files",
        "region_name": "us-east-1",
        "access_key": "testing",
        "secret_key": "testing",
        "default_acl": "private",
        "file_overwrite": False,
    },
}


@pytest.fixture
def s3_bucket(settings):
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket="csp-test-files")
        settings.STORAGES = {**settings.STORAGES, "default": S3}
        yield client


def test_a_generated_report_is_stored_in_the_bucket_and_downloaded_from_it(client, world, s3_bucket):
    user = world.users["coordinator"]
    report_file = ReportFile.objects.create(
        kind=ReportFile.Kind.DELIVERY_PLAN, partnership=world.partnership, plan=world.plan, requested_by=user
    )
    report_file_generate(report_file=report_file)
    keys = [item["Key"] for item in s3_bucket.list_objects_v2(Bucket="csp-test-files")["Contents"]]
    assert keys == [report_file.file.name]
    client.force_login(user)
    response = client.get(reverse("report_file_download", args=[world.partnership.slug, report_file.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


# The replica: a second alias on the same server (the same test database), committed data. Module
# scope, so that it exists before the test case is set up with it (higher scopes come first).
@pytest.fixture(scope="module")
def replica(django_db_setup):
    connections.settings["replica"] = {**connections.settings["default"], "TEST": {"MIRROR": "default"}}
    try:
        yield connections["replica"]
    finally:
        connections["replica"].close()
        del connections.settings["replica"]
        del connections["replica"]


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
@pytest.mark.parametrize("page", ["plan_dashboard", "search", "indicator_dashboard"])
def test_dashboards_and_search_read_from_the_replica(client, world, replica, page):
    slug = world.partnership.slug
    url = {
        "plan_dashboard": reverse("plan_dashboard", args=[slug, world.plan.pk]),
        "search": reverse("search", args=[slug]) + "?q=partners",
        "indicator_dashboard": reverse("indicator_dashboard", args=[slug]),
    }[page]
    client.force_login(world.users["coordinator"])
    with CaptureQueriesContext(replica) as on_replica, CaptureQueriesContext(connection) as on_primary:
        response = client.get(url)
    assert response.status_code == 200
    assert len(on_replica) > 0
    primary_tables = " ".join(q["sql"] for q in on_primary)
    assert "plans_" not in primary_tables and "indicators_" not in primary_tables


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_other_pages_and_every_write_use_the_primary(client, world, replica):
    client.force_login(world.users["coordinator"])
    with CaptureQueriesContext(replica) as on_replica:
        response = client.get(reverse("plan_detail", args=[world.partnership.slug, world.plan.pk]))
    assert response.status_code == 200
    assert len(on_replica) == 0


@pytest.mark.django_db(transaction=True)
def test_two_workers_never_take_the_same_task():
    if connection.vendor != "postgresql":
        pytest.skip("several workers share a queue on PostgreSQL (SQLite has one writer)")
    from django_tasks_db.models import DBTaskResult

    from tests.scale.worker_tasks import worker_probe

    results = [worker_probe.enqueue(n) for n in range(60)]
    settings_db = connection.settings_dict
    url = (
        f"postgres://{settings_db['USER']}@{settings_db['HOST']}:{settings_db['PORT']}/{settings_db['NAME']}"
    )
    env = os.environ | {"DATABASE_URL": url}
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--batch",
                "--no-startup-delay",
                "--interval",
                "0.05",
                "--worker-id",
                name,
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )  # fmt: skip
        for name in ("worker-a", "worker-b")
    ]
    for worker in workers:
        _, stderr = worker.communicate(timeout=120)
        assert worker.returncode == 0, stderr.decode()[-2000:]
    rows = DBTaskResult.objects.filter(id__in=[r.id for r in results])
    assert rows.count() == 60
    assert all(row.status == "SUCCESSFUL" for row in rows)
    assert all(len(row.worker_ids) == 1 for row in rows), "a task was taken by more than one worker"
    assert {row.worker_ids[0] for row in rows} == {"worker-a", "worker-b"}
