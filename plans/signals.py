"""Every save and delete of something a plan's outline shows gives the plan a new
`rollup_version` in the same transaction (`services.outlines_expire`), so a cached outline
(plans/outline.py) is never served after a change: through the services, imports, the admin or a
test's factory alike. Writes that bypass signals (`QuerySet.update`, `bulk_create`) call
`outlines_expire` themselves (`rows_refresh_current`, the import writer). A plan's own save gives
it a new version in `Plan.save`.
"""

from typing import Any

from django.db.models import Model, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save

from partners.models import Organisation, Person, RagStatus
from plans.models import Action, ExpectedOutcome, Plan, ProgressUpdate, ProjectRow, Target, Theme


def plans_showing(instance: Model) -> QuerySet[Plan] | None:
    """The plans whose outline shows this record, or None when none can."""
    match instance:
        case Theme() | Action():
            return Plan.objects.filter(pk=instance.plan_id)
        case ProjectRow() | ExpectedOutcome():
            return Plan.objects.filter(actions=instance.action_id)
        case Target():
            return Plan.objects.filter(actions__rows=instance.row_id)
        case ProgressUpdate():
            # Only accepted updates are shown (as a row's current update); drafts change often.
            if instance.status != ProgressUpdate.Status.ACCEPTED:
                return None
            return Plan.objects.filter(actions__rows=instance.row_id)
        case RagStatus() | Organisation() | Person():  # names, labels and severities shown
            return Plan.objects.filter(partnership_id=instance.partnership_id)
    return None


def _changed(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    from plans.services import outlines_expire

    if kwargs.get("raw"):  # loading a fixture: nothing cached can be about it
        return
    plans = plans_showing(instance)
    if plans is not None:
        outlines_expire(plans=plans)


def _leads_changed(
    sender: type[Model], instance: Model, action: str, pk_set: set[int] | None, **kwargs: Any
) -> None:
    from plans.services import outlines_expire

    if not action.startswith("post_"):
        return
    if isinstance(instance, ProjectRow):
        outlines_expire(plans=Plan.objects.filter(actions=instance.action_id))
    elif pk_set:  # from the person's or organisation's side: the rows are named
        outlines_expire(plans=Plan.objects.filter(actions__rows__in=pk_set))
    else:  # cleared from the person's or organisation's side
        outlines_expire(plans=Plan.objects.filter(partnership_id=instance.partnership_id))  # type: ignore[attr-defined]


SHOWN = [Theme, Action, ProjectRow, ExpectedOutcome, Target, ProgressUpdate, RagStatus, Organisation, Person]


def connect() -> None:
    for model in SHOWN:
        post_save.connect(_changed, sender=model, dispatch_uid=f"outline-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"outline-delete-{model.__name__}")
    for through in (ProjectRow.lead_people.through, ProjectRow.lead_organisations.through):
        m2m_changed.connect(_leads_changed, sender=through, dispatch_uid=f"outline-leads-{through.__name__}")
