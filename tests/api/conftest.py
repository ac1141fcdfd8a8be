import pytest
from django.core.cache import cache

from api.services import token_create


@pytest.fixture
def tokens(world) -> dict[str, str]:
    """A raw token per logged-in role of the `world`."""
    return {
        role: token_create(user=user, name=f"{role} token", days=30)[1] for role, user in world.users.items()
    }


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate-limit counters live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()
