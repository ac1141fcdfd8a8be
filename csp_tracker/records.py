"""Saving one validated record with its many-to-many choices: the shared last step of the
domain services that write a single record (plan structure, organisations, people)."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models, transaction


@transaction.atomic
def record_save[Record: models.Model](
    *, record: Record, many_to_many: Mapping[str, Iterable[Any]] | None = None
) -> Record:
    record.full_clean()
    record.save()
    for name, values in (many_to_many or {}).items():
        getattr(record, name).set(values)
    return record
