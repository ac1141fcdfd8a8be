"""The councillor's summary at the top of the plan dashboard, in plain words: what is off
track, what is overdue, what changed since last quarter, and what has no plan to recover."""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from csp_tracker.periods import Quarter
from partners.models import RagStatus
from plans.models import UpdateRound


class ShownUpdate(Protocol):
    """What the summary reads of the update a line shows (a model or the dashboard's plain one)."""

    rag_reason: str
    risk: str


class ShownRow(Protocol):
    @property
    def pk(self) -> int: ...


class Line(Protocol):
    @property
    def row(self) -> ShownRow: ...

    @property
    def update(self) -> ShownUpdate | None: ...

    @property
    def status(self) -> RagStatus | None: ...


@dataclass
class SummaryPoint:
    text: str
    href: str = ""
    link_text: str = ""


@dataclass
class CouncillorSummary:
    points: list[SummaryPoint] = field(default_factory=list)


def _rows(n: int) -> str:
    return f"{n} project row{'s' if n != 1 else ''}"


def councillor_summary(
    *,
    lines: Sequence[Line],
    previous_status: Callable[[Line], RagStatus | None],
    previous_quarter: Quarter | None,
    open_round: UpdateRound | None,
    outstanding: int,
    off_track_link: str,
    today: datetime.date,
    start_month: int,
) -> CouncillorSummary:
    """Four sentences from figures already loaded (no queries)."""
    summary = CouncillorSummary()
    off_track = [line for line in lines if line.status and line.status.needs_reason]
    if off_track:
        summary.points.append(
            SummaryPoint(
                f"Off track: {_rows(len(off_track))} of {len(lines)}.",
                off_track_link,
                "See the rows off track",
            )
        )
    else:
        summary.points.append(SummaryPoint(f"Off track: none of the {_rows(len(lines))}."))

    if open_round and open_round.due_date < today and outstanding:
        period = open_round.period(start_month).label
        summary.points.append(
            SummaryPoint(
                f"Overdue: {_rows(outstanding)} have not sent their {period} update, "
                f"due {open_round.due_date:%-d %B %Y}."
            )
        )
    elif open_round:
        summary.points.append(
            SummaryPoint(f"Overdue: nothing; updates are due by {open_round.due_date:%-d %B %Y}.")
        )
    else:
        summary.points.append(SummaryPoint("Overdue: nothing; no update round is open."))

    if previous_quarter is not None:
        worse = better = 0
        for line in lines:
            before, now = previous_status(line), line.status
            if before is None or now is None or before.pk == now.pk:
                continue
            if now.severity > before.severity:
                worse += 1
            elif now.severity < before.severity:
                better += 1
        if worse or better:
            summary.points.append(
                SummaryPoint(
                    f"Since {previous_quarter.label}: {_rows(worse)} got worse and {_rows(better)} improved."
                )
            )
        else:
            summary.points.append(SummaryPoint(f"Since {previous_quarter.label}: no row changed status."))

    no_recovery = [
        line
        for line in off_track
        if line.update and not (line.update.rag_reason.strip() or line.update.risk.strip())
    ]
    if no_recovery:
        summary.points.append(
            SummaryPoint(
                f"No plan to recover: {_rows(len(no_recovery))} off track "
                f"{'gives' if len(no_recovery) == 1 else 'give'} no reason or risk mitigation."
            )
        )
    elif off_track:
        summary.points.append(SummaryPoint("Every row off track says why and how it will recover."))
    return summary
