"""Reads on the DHR register: the register with its clocks, a review's timeline, the owner's
recommendations and the dashboard panel. Every list starts from `.visible_to(user)`."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from dhr.models import (
    DEFAULT_EXPECTED_DAYS,
    ReadLog,
    Recommendation,
    RecommendationUpdate,
    Review,
    Stage,
)
from partners.models import Partnership
from partners.rules import may_see_dhr


def expected_days(partnership: Partnership) -> dict[str, int]:
    days = {str(stage): d for stage, d in DEFAULT_EXPECTED_DAYS.items()}
    days.update({t.stage: t.days for t in partnership.dhr_stage_times.all()})
    return days


@dataclass
class Clocks:
    days_since_notification: int
    days_since_submission: int | None
    days_at_stage: int
    expected_at_stage: int | None
    recommendations_total: int
    recommendations_overdue: int

    @property
    def stage_is_late(self) -> bool:
        return self.expected_at_stage is not None and self.days_at_stage > self.expected_at_stage


@dataclass
class RegisterLine:
    review: Review
    clocks: Clocks
    recommendations: list[Recommendation] = field(default_factory=list)


def _recommendations_prefetch() -> Prefetch:
    return Prefetch(
        "recommendations",
        queryset=Recommendation.objects.select_related(
            "owner_organisation", "lead_officer", "current_update__rag"
        ),
    )


def clocks_of(review: Review, expected: dict[str, int], today: datetime.date) -> Clocks:
    """Works from prefetched stage events and recommendations (no queries of its own)."""
    submitted = [e.date for e in review.stage_events.all() if e.stage == Stage.SUBMITTED]
    recommendations = list(review.recommendations.all())
    finished = review.stage in {Stage.ACTION_PLAN_COMPLETE} or review.decision == Review.Decision.NO_REVIEW
    return Clocks(
        days_since_notification=(today - review.notification_date).days,
        days_since_submission=(today - min(submitted)).days if submitted else None,
        days_at_stage=(today - review.stage_since).days,
        expected_at_stage=None if finished else expected.get(review.stage),
        recommendations_total=len(recommendations),
        recommendations_overdue=sum(1 for r in recommendations if r.is_overdue(today)),
    )


def register(user, partnership: Partnership, today: datetime.date | None = None) -> list[RegisterLine]:
    today = today or timezone.localdate()
    reviews = (
        Review.objects.visible_to(user)
        .filter(partnership=partnership)
        .prefetch_related("stage_events", _recommendations_prefetch())
    )
    expected = expected_days(partnership)
    return [RegisterLine(r, clocks_of(r, expected, today), list(r.recommendations.all())) for r in reviews]


def review_for(user, partnership: Partnership, pk: int) -> Review:
    return (
        Review.objects.visible_to(user)
        .filter(partnership=partnership)
        .prefetch_related(
            "stage_events__recorded_by",
            "progress__rag",
            _recommendations_prefetch(),
            "attachments",
        )
        .get(pk=pk)
    )


@dataclass
class Panel:
    open_reviews: int
    late_stages: int
    recommendations_overdue: int
    recommendations_open: int
    lines: list[RegisterLine]


def dashboard_panel(user, partnership: Partnership) -> Panel | None:
    """The DHR figures for a cleared member's dashboard; None for everyone else."""
    if not may_see_dhr(user, partnership):
        return None
    lines = register(user, partnership)
    open_lines = [line for line in lines if line.review.stage != Stage.ACTION_PLAN_COMPLETE]
    return Panel(
        open_reviews=len(open_lines),
        late_stages=sum(1 for line in open_lines if line.clocks.stage_is_late),
        recommendations_overdue=sum(line.clocks.recommendations_overdue for line in lines),
        recommendations_open=sum(1 for line in lines for r in line.recommendations if not r.is_complete),
        lines=open_lines,
    )


def my_recommendations(user) -> list[Recommendation]:
    """The recommendations the user leads, in every partnership they belong to, with the latest
    version of each one's update (for My actions)."""
    recommendations = list(
        Recommendation.objects.owned_by(user)
        .select_related("partnership", "owner_organisation", "current_update__rag")
        .prefetch_related(
            Prefetch("updates", queryset=RecommendationUpdate.objects.order_by("-version", "-id"))
        )
        .order_by("due_date", "pk")
    )
    for recommendation in recommendations:
        versions = list(recommendation.updates.all())
        recommendation.latest = versions[0] if versions else None
    return recommendations


def recommendations_for_round(user, partnership: Partnership) -> list[Recommendation]:
    """Every open recommendation of the partnership, with its latest update, for a cleared
    coordinator's round tracking page."""
    recommendations = list(
        Recommendation.objects.visible_to(user)
        .filter(partnership=partnership)
        .filter(Q(current_update__isnull=True) | Q(current_update__rag__is_complete=False))
        .select_related("review", "owner_organisation", "lead_officer", "current_update__rag")
        .prefetch_related(
            Prefetch("updates", queryset=RecommendationUpdate.objects.order_by("-version", "-id"))
        )
    )
    for recommendation in recommendations:
        versions = list(recommendation.updates.all())
        recommendation.latest = versions[0] if versions else None
    return recommendations


def search(user, partnership: Partnership, query: str) -> list[Review]:
    words = [w for w in query.split() if w][:8]
    if not words:
        return []
    reviews = Review.objects.visible_to(user).filter(partnership=partnership)
    for word in words:
        reviews = reviews.filter(
            Q(reference__icontains=word)
            | Q(home_office_reference__icontains=word)
            | Q(area__icontains=word)
            | Q(summary__icontains=word)
            | Q(progress__narrative__icontains=word)
            | Q(recommendations__text__icontains=word)
        )
    return list(reviews.distinct()[:50])


def read_log(partnership: Partnership) -> QuerySet[ReadLog]:
    return ReadLog.objects.filter(partnership=partnership).select_related("review")[:1000]
