import datetime

import pytest

from plans.importing.services import plan_import, plan_import_parse

PLAN_START = datetime.date(2020, 4, 1)
PLAN_END = datetime.date(2021, 3, 31)


@pytest.fixture
def import_file(world):
    """Parse and import a file into a new plan (or `plan`) of the home partnership."""

    def run(data: bytes, filename: str, *, plan=None, dry_run=False, mapping=None):
        parsed = plan_import_parse(
            data=data,
            filename=filename,
            mapping=mapping,
            plan_start=plan.start_date if plan else PLAN_START,
            year_start_month=world.partnership.year_start_month,
        )
        target = (
            {"plan": plan}
            if plan
            else {"title": "Imported plan", "start_date": PLAN_START, "end_date": PLAN_END}
        )
        return plan_import(
            partnership=world.partnership,
            parsed=parsed,
            user=world.users["coordinator"],
            source_name=filename,
            dry_run=dry_run,
            **target,
        )

    return run
