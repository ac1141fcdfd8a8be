"""The data migration: budget figures already on actions become allocations, and back again."""

import importlib
from decimal import Decimal

from django.apps import apps

from plans.models import Action, Allocation

migration = importlib.import_module("plans.migrations.0003_budget_allocations_from_actions")


def test_action_budgets_become_imported_allocations_and_are_removed_on_reversal(world):
    Action.objects.filter(pk=world.action.pk).update(budget=Decimal("3500.00"), budget_text="£3,500 signage")
    migration.allocations_from_action_budgets(apps, None)
    migration.allocations_from_action_budgets(apps, None)  # running twice adds nothing
    (allocation,) = Allocation.objects.all()
    assert (allocation.new_amount, allocation.note, allocation.imported) == (
        Decimal("3500.00"),
        "£3,500 signage",
        True,
    )
    migration.remove_imported_allocations(apps, None)
    assert not Allocation.objects.exists()
