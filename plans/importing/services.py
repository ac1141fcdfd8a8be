"""Reading an import file into an ImportedPlan; previewing it; writing it in one transaction.

Preview and import share one step: `writer.Importer.prepare` matches the imported plan against what
the partnership and plan already hold and builds (without saving) every object the import would
create or change, each validated as a save would validate it. The preview reports that; the
import then writes it with bulk inserts and updates, and records the plan-structure history
with django-simple-history's bulk helpers. Nothing is written to preview.
"""

import datetime
import logging

from django.contrib.auth.models import User
from django.db import transaction

from audit.models import AuditEvent
from audit.services import event_record
from csp_tracker.periods import Quarter, financial_year_of
from partners.models import Partnership
from plans.importing.builder import build
from plans.importing.ir import ImportedPlan
from plans.importing.readers import read
from plans.importing.result import ImportResult
from plans.importing.safety import format_of
from plans.importing.writer import Importer
from plans.models import Plan

logger = logging.getLogger("csp.imports")


def plan_import_parse(
    *,
    data: bytes,
    filename: str,
    mapping: dict[str, str] | None = None,
    plan_start: datetime.date,
    year_start_month: int,
) -> ImportedPlan:
    """Read a .docx, .xlsx or .csv file into an ImportedPlan (nothing is written)."""
    year = financial_year_of(plan_start, year_start_month)
    document = read(data, format_of(filename))
    return build(
        document,
        mapping=mapping or {},
        quarter_end=lambda n: Quarter(year, n, year_start_month).end,
        year_start_month=year_start_month,
    )


def plan_import_preview(
    *,
    partnership: Partnership,
    parsed: ImportedPlan,
    plan: Plan | None = None,
    title: str = "",
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
) -> ImportResult:
    """What `plan_import` would do, with the same validation, computed without writing."""
    importer = Importer(partnership, None, "the imported file")
    importer.prepare(parsed, plan, title, start_date, end_date)
    importer.result.dry_run = True
    return importer.result


def plan_import(
    *,
    partnership: Partnership,
    parsed: ImportedPlan,
    user: User | None,
    plan: Plan | None = None,
    title: str = "",
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    source_name: str = "the imported file",
    dry_run: bool = False,
) -> ImportResult:
    """Write an imported plan into `plan` (or a new draft plan) in one transaction.

    Re-importing the same file into the same plan updates in place: themes, actions, rows and
    outcomes are matched by number, reference and position, updates by row, quarter and text.
    With `dry_run` nothing is written (see `plan_import_preview`).
    """
    if dry_run:
        return plan_import_preview(
            partnership=partnership,
            parsed=parsed,
            plan=plan,
            title=title,
            start_date=start_date,
            end_date=end_date,
        )
    importer = Importer(partnership, user, source_name)
    with transaction.atomic():
        importer.prepare(parsed, plan, title, start_date, end_date, lock=True)
        importer.save()
        result = importer.result
        event_record(
            kind=AuditEvent.Kind.IMPORT,
            actor=user,
            partnership_id=partnership.pk,
            object_type="plans.plan",
            object_id=result.plan_id or "",
            object_repr=source_name,
            detail=result.summary(),
        )
    logger.info(
        "plan_imported", extra={"partnership_id": partnership.pk, "plan_id": result.plan_id, **result.totals}
    )
    return result
