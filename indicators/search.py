"""Search one partnership's plans: actions, targets and update narratives.

PostgreSQL gets full-text search (English stemming, ranked); SQLite gets a word-by-word
case-insensitive match. Drafts are private to their author and never found; only submitted and
accepted updates are. Every query starts from the partnership, so nothing else can be reached.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q, QuerySet

from partners.audience import Audience
from partners.models import Partnership
from plans.models import Action, ProgressUpdate, Target

RESULT_LIMIT = 25
MAX_QUERY_LENGTH = 200


@dataclass
class SearchResults:
    query: str
    actions: list[Action] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    updates: list[ProgressUpdate] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.actions) + len(self.targets) + len(self.updates)


def _matching(queryset: QuerySet, fields: list[str], text: str, exact: Sequence[str] = ()) -> QuerySet:
    """On PostgreSQL, against the stored `search_vector` of `fields` (plans/search_vectors.py
    keeps it current and indexed); elsewhere every word must appear in one of the fields."""
    if connection.vendor == "postgresql":
        query = SearchQuery(text, config="english", search_type="websearch")
        exact_match = reduce(or_, (Q(**{f"{name}__iexact": text}) for name in exact), Q(pk__in=[]))
        return (
            queryset.annotate(rank=SearchRank(F("search_vector"), query))
            .filter(Q(search_vector=query) | exact_match)
            .order_by("-rank", "pk")
        )
    words = text.split()[:10]
    per_word = [reduce(or_, (Q(**{f"{name}__icontains": word}) for name in fields)) for word in words]
    return queryset.filter(reduce(and_, per_word)).order_by("pk")


def search(partnership: Partnership, text: str, audience: Audience) -> SearchResults:
    text = " ".join(text.split())[:MAX_QUERY_LENGTH]
    results = SearchResults(text)
    if not text:
        return results
    actions = Action.objects.filter(plan__partnership=partnership).select_related("plan", "theme")
    results.actions = list(
        _matching(actions, ["reference", "title", "outcome"], text, ["reference"])[:RESULT_LIMIT]
    )
    targets = Target.objects.filter(row__action__plan__partnership=partnership).select_related(
        "row__action__plan"
    )
    results.targets = list(_matching(targets, ["description", "target_period"], text)[:RESULT_LIMIT])
    updates = (
        ProgressUpdate.objects.filter(row__action__plan__partnership=partnership)
        .visible_to(audience)
        .select_related("row__action__plan", "rag")
    )
    results.updates = list(_matching(updates, ["narrative", "risk", "rag_reason"], text)[:RESULT_LIMIT])
    return results
