"""The words and figures of the demo's generated progress updates (used by `plans/demo_data.py`).

Each row's status moves between green, amber and red like real work does, its narrative is put
together from sentences that fit the kind of work, and its figures agree with its status. A
coordinator who returns an update asks for something the lead officer then adds.
"""

import random
from decimal import ROUND_HALF_UP, Decimal

from csp_tracker.periods import MONTH_NAMES, Quarter
from partners.models import Person
from plans.models import Target

# The chance of each status next quarter, given this quarter's.
FIRST_STATUS = [("green", 0.75), ("amber", 0.2), ("red", 0.05)]
TRANSITIONS = {
    "green": [("green", 0.82), ("amber", 0.15), ("red", 0.03)],
    "amber": [("green", 0.5), ("amber", 0.35), ("red", 0.15)],
    "red": [("amber", 0.5), ("red", 0.25), ("green", 0.25)],
}
# How much better than its (pro-rata) target a figure is for each status, as a fraction.
FIGURE_BANDS = {"green": (0.0, 0.12), "blue": (0.0, 0.12), "amber": (-0.07, 0.0), "red": (-0.25, -0.08)}

OPENINGS = {
    "first": ["Work on {subject} started this quarter.", "{Subject} got under way in {month}."],
    "green": [
        "{Subject} is progressing to plan.",
        "Good progress on {subject} during {quarter}.",
        "{Subject} continues to be delivered as agreed at the last partnership meeting.",
        "Work on {subject} remains on track.",
        "{Subject} is on schedule and partners report good engagement.",
        "{Subject} is running well; no issues to escalate.",
    ],
    "recovered": [
        "{Subject} is back on track after last quarter's delay.",
        "The issues reported last quarter on {subject} have been resolved.",
        "Following the actions agreed in {month}, {subject} has recovered.",
    ],
    "amber": [
        "{Subject} has slipped slightly behind the planned timescale.",
        "Progress on {subject} has been slower than expected this quarter.",
        "Some delay to {subject}; the lead officer is working with partners to recover the position.",
        "{Subject} is continuing, but at reduced capacity.",
    ],
    "red": [
        "{Subject} is significantly behind plan.",
        "Little progress has been possible on {subject} this quarter.",
        "{Subject} has stalled and needs the partnership's attention.",
    ],
    "blue": ["{Subject} is complete.", "{Subject} has been delivered in full and can be closed."],
}
DETAILS = {
    "any": [
        "A multi-agency meeting on {day} {month} with {org} agreed the next steps.",
        "{org} has confirmed staff time for this work until the end of the financial year.",
        "Figures for the quarter have been shared with the analyst for the strategic assessment.",
        "The approach was presented to the county-wide practitioners' forum on {day} {month}.",
    ],
    "casework": [
        "{n} new referrals were received, most of them from {place}.",
        "Cases are now recorded on the shared case management system, so partners see the same information.",
        "A case study for the board shows the difference this work made to one family in {place}.",
        "Average time from referral to first contact was {small} working days.",
        "{small} cases were closed this quarter with the risk reduced.",
    ],
    "sessions": [
        "{n} sessions were delivered this quarter, reaching about {people} people.",
        "Messages went out through partner social media and reached an estimated {reach:,} people.",
        "Evaluation forms show {pct}% of participants feel more confident about what to do next.",
        "Sessions in {place} were fully booked; a waiting list is held for next quarter.",
    ],
    "patrols": [
        "Joint patrols took place in {place} on {n} occasions, talking to residents and local businesses.",
        "Feedback from residents in {place} has been positive; the ward councillor reports fewer complaints.",
        "Officers made {n} engagement visits in {place}.",
        "Operational activity was focused on {place} after concerns raised at the Problem Solving Group.",
    ],
    "project": [
        "A project meeting on {day} {month} reviewed the timetable and budget.",
        "Spend to date is within the agreed budget.",
        "Key milestones for next quarter have been agreed with {org}.",
        "The task and finish group met twice this quarter and agreed a revised delivery timetable.",
    ],
}
CLOSINGS = {
    1: ["Plans for the year have been agreed with partners.", "Activity for the year started in April."],
    2: [
        "Summer activity has been reviewed ahead of the autumn.",
        "A mid-year review is planned for October.",
    ],
    3: ["The winter programme is under way.", "Priorities for next year are being discussed with partners."],
    4: [
        "A year-end summary will go to the April partnership meeting.",
        "Year-end figures are being checked with the analyst.",
    ],
    "blue": [
        "No further updates are needed; the row can be closed at the next meeting.",
        "Learning from this work will be shared at the next partnership meeting.",
    ],
}
RISKS = {
    "any": [
        "A vacancy at {org} means reduced capacity until a replacement is in post.",
        "Funding beyond March {next_year} is not yet confirmed.",
        "The data sharing agreement has not yet been signed by every partner.",
        "Staff sickness has delayed planned activity.",
    ],
    "casework": ["Demand is higher than current capacity and waiting times are increasing."],
    "sessions": ["Venue availability in {place} has limited the number of sessions."],
    "patrols": ["Officers have been abstracted to cover county-wide operations."],
    "project": ["Depends on a county-wide procurement timetable that has slipped."],
}
REASONS = {
    "amber": [
        "Behind the planned timescale but recoverable within the year.",
        "Target at risk: current figures are below the planned position.",
        "Delay outside the lead officer's control; mitigation in place.",
    ],
    "red": [
        "The target will not be met without additional resource.",
        "No progress this quarter; escalated to the partnership board.",
        "Key post vacant; delivery paused.",
    ],
}

# What a coordinator asks for when returning an update, and the sentence the lead officer adds.
RETURNS = {
    "off_track": [
        (
            "Please say what is being done to bring this back on track, and by when.",
            "To recover the position, {org} has agreed extra staff time; we expect to be back on track "
            "by the end of {next_quarter}.",
        ),
        (
            "Does the partnership need to help with this? Please say what support you need from the board.",
            "Support needed from the board: agreement to raise the capacity issue with partners' chief "
            "officers.",
        ),
    ],
    "any": [
        (
            "Thanks. Please add what is planned for next quarter, so the board can see the next steps.",
            "Next steps for {next_quarter}: a review with {org} and a report to the partnership meeting.",
        ),
        (
            "Could you say which partners have been involved this quarter?",
            "Partners involved this quarter: {org} and the community safety team, with data from the "
            "analyst.",
        ),
        (
            "Can you add something on the difference this is making for residents?",
            "Feedback from residents in {place} shows the work is noticed and valued.",
        ),
    ],
}


class Narrator:
    """Makes up each row's story of statuses, and the words and figures of each of its updates."""

    def __init__(self, rng: random.Random, rag_codes: set[str], places: list[str]):
        self.rng, self.rag_codes, self.places = rng, rag_codes, places
        self.written: set[str] = set()

    def story(self, spec: dict, length: int) -> list[str | None]:
        """A status for each of the plan's first `length` quarters (None: no update).

        Finished rows end blue, never straight from red.
        """
        done = spec["done"]
        story: list[str | None] = []
        code: str | None = None
        for index in range(length):
            if spec["silent"] or index < spec["start"] or (done is not None and index > done):
                story.append(None)
                continue
            if done is not None and index == done:
                code = "blue" if "blue" in self.rag_codes else "green"
            elif code is None:
                code = self._pick(FIRST_STATUS)
            else:
                code = self._pick(TRANSITIONS[code])
            if done is not None and index == done - 1 and code == "red":
                code = "amber"
            story.append(code)
        return story

    def _pick(self, choices: list[tuple[str, float]]) -> str:
        codes, weights = zip(*choices, strict=True)
        return self.rng.choices(codes, weights)[0]

    def words(self, spec: dict, lead: Person, quarter: Quarter, place: str) -> dict:
        month = (quarter.start.month + self.rng.randint(0, 2) - 1) % 12 + 1
        return {
            "subject": spec["subject"],
            "Subject": spec["subject"][0].upper() + spec["subject"][1:],
            "quarter": quarter.label,
            "quarter_number": quarter.number,
            "next_quarter": quarter.next().label,
            "month": MONTH_NAMES[month],
            "day": self.rng.randint(2, 27),
            "org": lead.organisation.short_name if lead.organisation is not None else "partners",
            "place": self.rng.choice([place, place, *self.places]),
            "n": self.rng.randint(4, 18),
            "small": self.rng.randint(2, 6),
            "people": self.rng.randrange(40, 400, 10),
            "pct": self.rng.randint(78, 96),
            "reach": self.rng.randrange(1500, 12000, 100),
            "next_year": quarter.year + 2,
        }

    def narrative(
        self, code: str, previous: str | None, kind: str, words: dict, details: list[str], figures: list[str]
    ) -> str:
        """`details` are the row's own sentences, used up in turn; `figures` report its figures."""
        if previous is None and code == "green" and (words["quarter_number"] != 1 or self.rng.random() < 0.3):
            opening = "first"
        elif code == "green" and previous in {"amber", "red"}:
            opening = "recovered"
        else:
            opening = code
        sentences = [self.rng.choice(OPENINGS[opening])]
        if details and self.rng.random() < 0.6:
            sentences.append(details.pop(0))
        more = DETAILS[kind] + DETAILS["any"]
        sentences += self.rng.sample(more, self.rng.randint(1, 2))
        closing = figures[:]
        if code == "blue":
            closing.append(self.rng.choice(CLOSINGS["blue"]))
        elif self.rng.random() < 0.5:
            closing.append(self.rng.choice(CLOSINGS[words["quarter_number"]]))
        text = " ".join(sentence.format(**words) for sentence in sentences + closing)
        while text in self.written:  # a short narrative can come out the same twice: add a detail
            sentences.append(self.rng.choice([sentence for sentence in more if sentence not in sentences]))
            text = " ".join(sentence.format(**words) for sentence in sentences + closing)
        self.written.add(text)
        return text

    def risk(self, code: str, kind: str, words: dict) -> tuple[str, str]:
        """The risk and the reason for the status: only an off-track update has them."""
        if code not in REASONS:
            return "", ""
        risks = RISKS["any"] + RISKS[kind]
        risk = " ".join(r.format(**words) for r in self.rng.sample(risks, self.rng.randint(1, 2)))
        return risk, self.rng.choice(REASONS[code])

    def figure(self, target: Target, ytd: bool, code: str, quarter: Quarter) -> tuple[Decimal, str, str]:
        """A figure that fits the status, its note, and the sentence that reports it (of a numeric
        target, which always has a target value)."""
        if target.target_value is None:
            raise ValueError(f"Target {target.pk} has no target value to report against.")
        expected = target.target_value * quarter.number / 4 if ytd else target.target_value
        low, high = FIGURE_BANDS[code]
        better_by = Decimal(str(round(self.rng.uniform(low, high), 3)))
        value = expected * (1 - better_by if target.direction == Target.Direction.LOWER else 1 + better_by)
        if target.unit == "%":
            value = min(value, Decimal(100)).quantize(Decimal("0.1"), ROUND_HALF_UP)
        else:
            value = value.quantize(Decimal("1"), ROUND_HALF_UP)
        span = ("Full year" if quarter.number == 4 else "Year to date") if ytd else "This quarter"
        unit = target.unit if target.unit == "%" else f" {target.unit}"
        limit = "a maximum of" if target.direction == Target.Direction.LOWER else "a target of"
        per = " a year" if ytd else ""
        target_value = f"{target.target_value.normalize():f}{unit}{per}"
        sentence = f"{span}: {value.normalize():f}{unit} against {limit} {target_value}."
        return value, f"{span}, {quarter.label}", sentence

    def returned(self, code: str, words: dict) -> tuple[str, str]:
        """A coordinator's comment returning an update, and the sentence that answers it."""
        comment, answer = self.rng.choice(RETURNS["off_track" if code in REASONS else "any"])
        return comment, answer.format(**words)
