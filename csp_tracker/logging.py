"""Structured log lines: `ts=… level=… logger=… event=… request_id=… user_id=… key=value…`, or
one JSON object per line with LOG_FORMAT=json.

Callers log an event name and a few ids as `extra` (never a narrative, a password or a token):
`logger.info("import_confirmed", extra={"plan_id": plan.pk, "rows": 12})`.
"""

import json
import logging
from datetime import UTC, datetime
from typing import Any

from django.tasks.base import TaskResultStatus
from django.tasks.signals import task_finished

from csp_tracker import request_context

# Attributes every LogRecord has; anything else on a record came from `extra`.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id", "user_id"}
_SECRET_WORDS = ("password", "token", "secret", "otp")


class RequestContextFilter(logging.Filter):
    """Stamp each record with the current request's id and user id ("-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = request_context.current()
        record.request_id = context.request_id if context else "-"
        user_id = context.user_id if context else None
        record.user_id = user_id if user_id is not None else "-"
        return True


def _value(value: Any) -> str:
    text = str(value)
    if not text or any(c in text for c in ' ="\n\r\t'):
        return json.dumps(text)
    return text


class StructuredFormatter(logging.Formatter):
    def __init__(self, *args: Any, json: bool = False, **kwargs: Any) -> None:  # noqa: A002
        super().__init__(*args, **kwargs)
        self.as_json = json

    def fields(self, record: logging.LogRecord) -> dict[str, Any]:
        fields: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
            "user_id": getattr(record, "user_id", "-"),
        }
        for key, value in vars(record).items():
            if key in _STANDARD or key.startswith("_"):
                continue
            fields[key] = "[hidden]" if any(word in key.lower() for word in _SECRET_WORDS) else value
        if record.exc_info:
            fields["exc_type"] = record.exc_info[0].__name__ if record.exc_info[0] else "-"
            fields["exc"] = self.formatException(record.exc_info)
        return fields

    def format(self, record: logging.LogRecord) -> str:
        fields = self.fields(record)
        if self.as_json:
            return json.dumps(fields, default=str)
        exc = fields.pop("exc", None)
        line = " ".join(f"{key}={_value(value)}" for key, value in fields.items())
        return f"{line}\n{exc}" if exc else line


task_logger = logging.getLogger("csp.tasks")


def log_task_failure(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """One line for every background task that failed (the worker also keeps its traceback)."""
    if task_result.status != TaskResultStatus.FAILED:
        return
    errors = task_result.errors
    task_logger.error(
        "task_failed",
        extra={
            "task": task_result.task.module_path,
            "task_id": task_result.id,
            "exc_type": errors[-1].exception_class_path if errors else "-",
        },
    )


# Connected when the logging configuration loads this module, so it holds in the worker too.
task_finished.connect(log_task_failure, dispatch_uid="csp_log_task_failure")
