"""Cache-Control: no-store on signed-in pages and downloads (not on the public site or static
files); structured log lines with the request id and user id, hiding secrets."""

import json
import logging

from django.urls import reverse

from csp_tracker.logging import RequestContextFilter, StructuredFormatter
from public.models import PublicationSettings


def test_a_signed_in_page_is_not_stored(client, world):
    client.force_login(world.users["viewer"])
    response = client.get(reverse("plan_detail", args=[world.partnership.slug, world.plan.pk]))
    assert "no-store" in response["Cache-Control"]


def test_a_download_is_not_stored(client, world):
    client.force_login(world.users["viewer"])
    response = client.get(reverse("plan_xlsx", args=[world.partnership.slug, world.plan.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]


def test_a_static_file_is_left_to_be_cached(client, world):
    from django.templatetags.static import static

    client.force_login(world.users["viewer"])
    response = client.get(static("css/csp.css"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_public_site_keeps_its_own_caching_even_for_a_signed_in_reader(client, world):
    PublicationSettings.objects.update_or_create(plan=world.plan, defaults={"is_published": True})
    client.force_login(world.users["viewer"])
    response = client.get(reverse("public_plan", args=[world.partnership.slug, world.plan.pk]))
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "no-store" not in response["Cache-Control"]


def test_every_response_carries_a_request_id(client, world):
    response = client.get(reverse("login"))
    assert len(response["X-Request-ID"]) == 32


def test_a_proxys_well_formed_request_id_is_kept_and_a_hostile_one_replaced(client, world):
    assert (
        client.get(reverse("login"), HTTP_X_REQUEST_ID="abcdef1234567890")["X-Request-ID"]
        == "abcdef1234567890"
    )
    assert (
        client.get(reverse("login"), HTTP_X_REQUEST_ID="x\nInjected: 1")["X-Request-ID"] != "x\nInjected: 1"
    )


def record(msg: str, **extra) -> logging.LogRecord:
    entry = logging.makeLogRecord(
        {"name": "csp.test", "levelname": "INFO", "levelno": 20, "msg": msg, **extra}
    )
    RequestContextFilter().filter(entry)
    return entry


def test_a_log_line_is_key_value_with_request_and_user_ids():
    line = StructuredFormatter().format(record("plan_imported", plan_id=7, source="my plan.docx"))
    assert line.split(" ")[1:6] == [
        "level=info",
        "logger=csp.test",
        "event=plan_imported",
        "request_id=-",
        "user_id=-",
    ]
    assert "plan_id=7" in line and 'source="my plan.docx"' in line


def test_secrets_never_reach_a_log_line():
    line = StructuredFormatter(json=True).format(
        record("login_failed", password="hunter2-hunter2", api_token="abc")
    )
    fields = json.loads(line)
    assert fields["password"] == "[hidden]" and fields["api_token"] == "[hidden]"
    assert "hunter2" not in line


def test_requests_log_with_their_id_and_user(client, world, caplog):
    client.force_login(world.users["viewer"])
    with caplog.at_level(logging.INFO, logger="csp"):
        response = client.post(reverse("logout"))
        client.post(reverse("login"), {"username": "viewer", "password": "wrong-password-here"})
    failed = [r for r in caplog.records if r.getMessage() == "login_failed"]
    assert len(failed) == 1 and failed[0].request_id not in ("", "-")
    assert response.status_code in (200, 302)


def test_settings_configure_the_structured_formatter(settings):
    handler = settings.LOGGING["handlers"]["console"]
    assert handler["formatter"] == "structured" and handler["filters"] == ["request"]


def test_a_failed_task_logs_one_line(caplog):
    from types import SimpleNamespace

    from django.tasks.base import TaskResultStatus

    from csp_tracker.logging import log_task_failure

    result = SimpleNamespace(
        status=TaskResultStatus.FAILED,
        errors=[SimpleNamespace(exception_class_path="builtins.OSError")],
        task=SimpleNamespace(module_path="reports.tasks.generate_report_file_task"),
        id="abc",
    )
    with caplog.at_level(logging.INFO, logger="csp.tasks"):
        log_task_failure(None, task_result=result)
        log_task_failure(None, task_result=SimpleNamespace(status=TaskResultStatus.SUCCESSFUL))
    assert [(r.getMessage(), r.exc_type) for r in caplog.records] == [("task_failed", "builtins.OSError")]


def test_reminders_log_one_line_with_the_count(world, caplog):
    from plans.notifications import send_reminders

    with caplog.at_level(logging.INFO, logger="csp.reminders"):
        send_reminders()
    assert [(r.getMessage(), r.sent) for r in caplog.records] == [("reminders_sent", 0)]


def test_a_server_error_is_logged_once_with_its_request_id(client, world, caplog, monkeypatch):
    from plans import home_views

    def broken(self, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(home_views.HomeView, "get_context_data", broken)
    client.raise_request_exception = False
    client.force_login(world.users["viewer"])
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get(reverse("home"))
    assert response.status_code == 500
    errors = [r for r in caplog.records if r.name == "django.request"]
    assert len(errors) == 1 and errors[0].request_id == response["X-Request-ID"]
    assert "user_id=" in StructuredFormatter().format(errors[0])
