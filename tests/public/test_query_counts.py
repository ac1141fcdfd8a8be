"""The public pages cost a fixed number of queries however large the plan: measured at N actions
and at 3N, rendered in full and from the page cache; the counts at the small size are pinned."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from public.services import plan_publish
from tests.plans.test_query_counts import Grower, N

# The plan (with its settings), when it last changed (and on an action page, that the action is
# the plan's); then, rendering: themes, actions, rows,
# their leads, leads' organisations, row organisations, targets, expected outcomes and their
# statuses, the RAG scale and "You said - We did"; and the figures, on an action page and in the file.
# Issue 18: rows, leads and roll-ups from the plan's outline (its version, and when built the RAG
# scale, leads, lead organisations, rows, themes with actions); targets and expected outcomes
# read only for the pages that show them (an action's page; targets for the file).
RENDERED = {"public_plan": 9, "public_action": 13, "public_plan_csv": 11}
FROM_CACHE = {"public_plan": 2, "public_action": 3, "public_plan_csv": 2}  # the plan, when it last
# changed (and on an action page, that the action is the plan's, checked before the cache)


def url_for(name: str, world) -> str:
    args = ["home", world.plan.pk] + ([world.action.pk] if name == "public_action" else [])
    return reverse(name, args=args)


def count(client, url: str, *, rendered: bool) -> int:
    client.get(url)
    if rendered:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("rendered", [True, False], ids=["rendered", "from-cache"])
@pytest.mark.parametrize("name", sorted(RENDERED))
def test_public_queries_do_not_grow_with_the_plan(client, world, name, rendered):
    plan_publish(plan=world.plan, show_risk=True, show_officer_names=True, show_budget=True)
    grower = Grower(world)
    grower.grow(N)
    small = count(client, url_for(name, world), rendered=rendered)
    grower.grow(2 * N)
    large = count(client, url_for(name, world), rendered=rendered)
    assert small == large
    assert small == (RENDERED if rendered else FROM_CACHE)[name]
