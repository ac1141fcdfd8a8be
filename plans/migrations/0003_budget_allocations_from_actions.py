"""Data: each action's budget figure (as imported or typed before budgets existed) becomes an
allocation of new money, with the words as written as its note. Reversible: the allocations it
made (marked `imported`) are removed again."""

from django.db import migrations


def allocations_from_action_budgets(apps, schema_editor):
    Action = apps.get_model("plans", "Action")
    Allocation = apps.get_model("plans", "Allocation")
    with_budget = Action.objects.filter(budget__gt=0).exclude(allocations__imported=True)
    Allocation.objects.bulk_create(
        Allocation(
            plan_id=action.plan_id,
            action_id=action.pk,
            new_amount=action.budget,
            note=action.budget_text[:300],
            imported=True,
        )
        for action in with_budget
    )


def remove_imported_allocations(apps, schema_editor):
    apps.get_model("plans", "Allocation").objects.filter(imported=True, spends__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0002_budget")]

    operations = [migrations.RunPython(allocations_from_action_budgets, remove_imported_allocations)]
