"""Changes, progress and RAG suggestions for indicator values: computed, never typed.

Pure functions of numbers, so they are tested without a database. A missing or zero previous
value gives "n/a" for the percentage change rather than a division error.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

BETTER, WORSE, SAME, UNKNOWN = "better", "worse", "no change", "n/a"
HIGHER, LOWER = "higher", "lower"
ONE_DP = Decimal("0.1")
# Without a baseline, a miss by no more than this fraction of the target counts as amber.
NEAR_TARGET = Decimal("0.10")


def _rounded(value: Decimal) -> Decimal:
    return value.quantize(ONE_DP, rounding=ROUND_HALF_UP)


def signed(value: Decimal) -> str:
    """+15, -0.5 or 0: a change as people write it, without trailing zeros."""
    text = f"{value:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"+{text}" if value > 0 else text


def judge(difference: Decimal | None, direction: str) -> str:
    """Whether a change is for the better, given whether higher or lower is better."""
    if difference is None:
        return UNKNOWN
    if difference == 0:
        return SAME
    improved = difference > 0 if direction == HIGHER else difference < 0
    return BETTER if improved else WORSE


@dataclass(frozen=True)
class Change:
    previous: Decimal | None
    difference: Decimal | None
    percent: Decimal | None  # None when there is no previous value or it is zero
    verdict: str

    @property
    def difference_display(self) -> str:
        return UNKNOWN if self.difference is None else signed(self.difference)

    @property
    def percent_display(self) -> str:
        return UNKNOWN if self.percent is None else f"{signed(self.percent)}%"


def change(current: Decimal, previous: Decimal | None, direction: str) -> Change:
    if previous is None:
        return Change(None, None, None, UNKNOWN)
    difference = current - previous
    percent = _rounded(difference * 100 / abs(previous)) if previous else None
    return Change(previous, difference, percent, judge(difference, direction))


def target_met(value: Decimal, target: Decimal, direction: str) -> bool:
    return value <= target if direction == LOWER else value >= target


def progress_to_target(
    value: Decimal, baseline: Decimal | None, target: Decimal | None, direction: str
) -> Decimal | None:
    """How far from the baseline to the target the value has come, in per cent (100 = reached;
    negative = moved away). None when there is no baseline or target, or they are equal."""
    if baseline is None or target is None or baseline == target:
        return None
    return _rounded((value - baseline) * 100 / (target - baseline))


def rag_suggestion(
    value: Decimal, baseline: Decimal | None, target: Decimal | None, direction: str
) -> str | None:
    """green: target met; amber: not met but better than the baseline (or, with no baseline,
    within 10% of the target); red: otherwise. None when there is no target."""
    if target is None:
        return None
    if target_met(value, target, direction):
        return "green"
    if baseline is not None:
        return "amber" if judge(value - baseline, direction) == BETTER else "red"
    gap = abs(value - target)
    return "amber" if gap <= abs(target) * NEAR_TARGET else "red"
