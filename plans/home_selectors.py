"""The coordinator's home: for each round a person runs, what is outstanding (by theme and by
organisation), what waits for review (oldest first) and the next meeting. A fixed number of
queries per round."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.utils import timezone

from partners.models import Meeting, Membership
from partners.rules import partnership_allows_self_review, wrote_update
from plans.models import ProgressUpdate, UpdateRound
from plans.selectors import RoundLine, round_row_statuses


@dataclass
class Group:
    label: str
    lines: list[RoundLine] = field(default_factory=list)


@dataclass
class CoordinatorRound:
    round: UpdateRound
    outstanding: list[RoundLine]
    by_theme: list[Group]
    by_organisation: list[Group]
    waiting_review: list[ProgressUpdate]
    next_meeting: Meeting | None
    # Submitted updates this coordinator wrote (or that were written for them): another must review.
    for_another_reviewer: list[ProgressUpdate] = field(default_factory=list)

    @property
    def is_overdue(self) -> bool:
        return self.round.due_date < timezone.localdate()


def _grouped(lines: list[RoundLine], by_org: bool) -> list[Group]:
    groups: dict[str, Group] = {}
    for line in lines:
        labels = [org.display_name for org in line.organisations] if by_org else [str(line.row.action.theme)]
        for label in labels or ["No organisation named"]:
            groups.setdefault(label, Group(label)).lines.append(line)
    return sorted(groups.values(), key=lambda g: g.label) if by_org else list(groups.values())


def coordinator_rounds(user: User, today: datetime.date | None = None) -> list[CoordinatorRound]:
    """Every open round in the partnerships the user coordinates."""
    today = today or timezone.localdate()
    partnership_ids = list(
        Membership.objects.filter(user=user, role=Membership.Role.COORDINATOR).values_list(
            "partnership_id", flat=True
        )
    )
    if not partnership_ids:
        return []
    rounds = list(
        UpdateRound.objects.filter(plan__partnership_id__in=partnership_ids, status=UpdateRound.Status.OPEN)
        .select_related("plan__partnership")
        .order_by("due_date", "pk")
    )
    waiting: dict[int, list[ProgressUpdate]] = defaultdict(list)
    for_another: dict[int, list[ProgressUpdate]] = defaultdict(list)
    for update in (
        ProgressUpdate.objects.filter(round__in=rounds, status=ProgressUpdate.Status.SUBMITTED)
        .select_related("row__action__plan__partnership", "rag", "on_behalf_of")
        .order_by("submitted_at", "pk")
    ):
        # The user coordinates these rounds, so `plans.review_update` comes down to these two.
        may_review = not wrote_update(user, update) or partnership_allows_self_review(user, update)
        (waiting if may_review else for_another)[update.round_id].append(update)  # type: ignore[index]
    meetings = list(
        Meeting.objects.filter(partnership_id__in=partnership_ids, date__gte=today).order_by("date", "pk")
    )
    result = []
    for update_round in rounds:
        lines = [line for line in round_row_statuses(update_round) if line.is_outstanding]
        plan = update_round.plan
        next_meeting = next(
            (m for m in meetings if m.partnership_id == plan.partnership_id and m.plan_id in (None, plan.pk)),
            None,
        )
        result.append(
            CoordinatorRound(
                round=update_round,
                outstanding=lines,
                by_theme=_grouped(lines, by_org=False),
                by_organisation=_grouped(lines, by_org=True),
                waiting_review=waiting.get(update_round.pk, []),
                next_meeting=next_meeting,
                for_another_reviewer=for_another.get(update_round.pk, []),
            )
        )
    return result
