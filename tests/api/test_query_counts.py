"""The API's lists cost a fixed number of queries however much the plan holds: each is measured
at N actions and at 3N (with rows, leads, targets, updates, figures and indicator values) and
the counts must be equal; the count at the small size is pinned, so a new query is deliberate."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from api.services import token_create
from indicators.models import Indicator, IndicatorValue
from tests.api.conftest import bearer
from tests.plans.test_query_counts import Grower, N

# The token, the user's memberships and partnerships (for the rules), the count and the page: 5;
# plus the prefetches each dataset needs (actions' rows, rows' leads and targets).
PINNED = {
    "plan": 5,
    "theme": 7,
    "action": 6,
    "row": 9,
    "target": 5,
    "figure": 5,
    "update": 5,
    "indicator": 5,
    "indicator-value": 5,
}
# Each audit event (the token's use; a file is a download too) is an organisation look-up and
# one INSERT.
AUDIT_QUERIES = 2


def grow(grower: Grower, world, n: int) -> None:
    grower.grow(n)
    for i in range(n):
        indicator = Indicator.objects.create(
            partnership=world.partnership, name=f"Indicator {grower.count}-{i}"
        )
        for month in (4, 7):
            IndicatorValue.objects.create(
                indicator=indicator, period_start=datetime.date(2025, month, 1), value=i
            )


def count(client, raw: str, dataset: str, fmt: str) -> int:
    url = reverse(f"api-{dataset}-list") + f"?page_size=1000&format={fmt}"
    client.get(url, **bearer(raw))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **bearer(raw))
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("fmt", ["json", "csv"])
@pytest.mark.parametrize("dataset", sorted(PINNED))
def test_list_queries_do_not_grow_with_the_data(client, world, dataset, fmt):
    raw = token_create(user=world.users["viewer"], name="x", days=30)[1]
    grower = Grower(world)
    grow(grower, world, N)
    small = count(client, raw, dataset, fmt)
    grow(grower, world, 2 * N)
    large = count(client, raw, dataset, fmt)
    assert small == large
    events = 2 if fmt == "csv" else 1
    # A file is one page, so it has no count query, but it has one for the partnerships whose
    # records it holds (its download is recorded in each one's audit log): the same number.
    assert small == PINNED[dataset] + AUDIT_QUERIES * events
