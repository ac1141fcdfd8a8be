"""Carrying a plan's actions over into next year's plan, keeping their history linked."""

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from plans.budget_services import allocations_carry_over
from plans.models import Action, ExpectedOutcome, Plan, ProjectRow, Theme
from plans.rollup import action_rag


def action_is_finished(action: Action) -> bool:
    """Finished when its rolled-up status is a 'complete' one (e.g. Blue, or Green where green
    means complete)."""
    status = action_rag(action).status
    return bool(status and status.is_complete)


@transaction.atomic
def plan_carry_over(
    *,
    source_plan: Plan,
    actions: list[Action],
    renumber: dict[int, str],
    title: str,
    start: datetime.date,
    end: datetime.date,
    user: User | None,
) -> Plan:
    """A new draft plan holding copies of `actions` (rows, targets, leads, expected outcomes,
    and what is left of their allocations as carry-over money), each linked to its origin by
    `carried_from`. Updates are not copied: the action page's
    timeline follows the link to show them. The source plan is not changed.

    `renumber` maps an action's id to its new reference; an empty or missing entry keeps it.
    """
    if any(action.plan_id != source_plan.pk for action in actions):
        raise ValidationError("Choose actions of this plan.")
    plan = Plan(
        partnership=source_plan.partnership,
        title=title,
        kind=source_plan.kind,
        start_date=start,
        end_date=end,
        status=Plan.Status.DRAFT,
        vision=source_plan.vision,
        previous_plan=source_plan,
    )
    plan.full_clean()
    plan.save()
    themes: dict[int, Theme] = {}
    copies: dict[int, Action] = {}
    row_copies: dict[int, ProjectRow] = {}
    references: set[str] = set()
    for action in actions:
        reference = (renumber.get(action.pk) or action.reference).strip()
        if reference in references:
            raise ValidationError({f"reference_{action.pk}": f"Reference {reference} is used twice."})
        references.add(reference)
        origin_theme = action.theme
        if origin_theme.pk not in themes:
            theme = Theme(
                plan=plan,
                number=origin_theme.number,
                title=origin_theme.title,
                description=origin_theme.description,
                lead_agency=origin_theme.lead_agency,
                indicators=origin_theme.indicators,
            )
            theme.full_clean()
            theme.save()
            themes[origin_theme.pk] = theme
        copy = Action(
            plan=plan,
            theme=themes[origin_theme.pk],
            reference=reference,
            title=action.title,
            outcome=action.outcome,
            resource=action.resource,
            budget=action.budget,
            budget_text=action.budget_text,
            due_text=action.due_text,
            carried_from=action,
        )
        try:
            copy.full_clean()
        except ValidationError as error:
            raise ValidationError({f"reference_{action.pk}": error.messages}) from error
        copy.save()
        copies[action.pk] = copy
        for outcome in action.expected_outcomes.all():
            ExpectedOutcome.objects.create(
                action=copy,
                number=outcome.number,
                text=outcome.text,
                status=outcome.status,
                status_note=outcome.status_note,
            )
        for row in action.rows.all():
            new_row = ProjectRow.objects.create(
                action=copy,
                position=row.position,
                description=row.description,
                target_text=row.target_text,
                milestone=row.milestone,
            )
            row_copies[row.pk] = new_row
            new_row.lead_people.set(row.lead_people.all())
            new_row.lead_organisations.set(row.lead_organisations.all())
            for target in row.targets.all():
                target.pk = None
                target.row = new_row
                target.save()
    allocations_carry_over(source_plan=source_plan, plan=plan, copies=copies, rows=row_copies)
    return plan
