import pytest

from public.services import plan_publish


@pytest.fixture
def published(world):
    """The home plan, published with the default switches."""
    return plan_publish(plan=world.plan, user=world.users["coordinator"])
