import pytest
from django.core.cache import cache

from public.services import plan_publish


@pytest.fixture
def published(world):
    """The home plan, published with the default switches."""
    return plan_publish(plan=world.plan, user=world.users["coordinator"])


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Rendered public pages are kept in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()
