"""The demo's strategic assessment and partnership year, called from `load_demo` (after the
indicators and meetings demos): ten years' figures imported through the yearly CSV import, an
issued assessment of last year that recommended the live plan's themes, and the calendar with
one duty late. Invented figures, deterministic for a partnership, dated relative to `today`."""

import datetime
import random

from django.contrib.auth.models import User
from django.db import transaction

from assessments.calendar import duties_add_defaults
from assessments.models import (
    Duty,
    EmergingIssue,
    PriorityReview,
    RecommendedPriority,
    ScanningRow,
    StrategicAssessment,
)
from assessments.services import (
    assessment_create,
    assessment_issue,
    emerging_issue_save,
    priority_review_save,
    recommendation_save,
    scanning_row_save,
)
from csp_tracker.periods import Quarter, financial_year_of, year_label
from indicators.demo import TOWNS
from indicators.models import Indicator
from indicators.yearly_import import yearly_figures_import
from partners.models import Meeting, Membership, Partnership
from plans.models import Plan

YEARS = 10
# name, unit, level in the first year, yearly drift, share of the total by town
FIGURES = [
    ("Total recorded crime", "crimes", 6200, -0.015),
    ("Shoplifting offences", "offences", 410, 0.05),
    ("Scams reported to Action Fraud", "reports", 150, 0.08),
]
TOPICS = {
    "Total recorded crime": "Total crime",
    "Shoplifting offences": "Shoplifting",
    "Scams reported to Action Fraud": "Scams",
}


def _csv(partnership: Partnership, last_year: int, rng: random.Random) -> bytes:
    start_month = partnership.year_start_month
    years = list(range(last_year - YEARS + 1, last_year + 1))
    lines = ["Indicator,Area," + ",".join(year_label(y, start_month) for y in years)]
    population = 98_000
    populations = []
    for _year in years:
        populations.append(population)
        population += rng.randint(300, 700)
    lines.append("Population,," + ",".join(str(p) for p in populations))
    share = {town: level / sum(TOWNS.values()) for town, level in TOWNS.items()}
    for name, _unit, level, drift in FIGURES:
        values: list[int | None] = [
            round(level * (1 + drift) ** i * rng.uniform(0.94, 1.06)) for i in range(YEARS)
        ]
        if name == "Scams reported to Action Fraud":
            values[3] = None  # a year the figures were not collected: the trend says so
        lines.append(f"{name},," + ",".join("" if v is None else str(v) for v in values))
        for town, part in share.items():  # by location for the last two years only
            cells = [""] * (YEARS - 2) + [str(round(v * part)) for v in values[-2:] if v is not None]
            lines.append(f"{name},{town}," + ",".join(cells))
    return ("\n".join(lines) + "\n").encode()


@transaction.atomic
def load_assessment_demo(partnership: Partnership, *, today: datetime.date) -> StrategicAssessment | None:
    plan = partnership.plans.filter(status=Plan.Status.LIVE).order_by("-start_date").first()
    membership = (
        Membership.objects.filter(partnership=partnership, role=Membership.Role.COORDINATOR)
        .select_related("user")
        .first()
    )
    if plan is None or membership is None or partnership.assessments.exists():
        return None
    coordinator: User = membership.user
    rng = random.Random(f"assessments-{partnership.slug}")
    start_month = partnership.year_start_month
    this_year = financial_year_of(today, start_month)
    last_year = this_year - 1
    for name, unit, _level, _drift in FIGURES:
        Indicator.objects.get_or_create(
            partnership=partnership,
            name=name,
            defaults={
                "unit": unit,
                "direction": Indicator.Direction.LOWER,
                "period_kind": Indicator.PeriodKind.YEAR,
                "description": "Police-recorded figures for the financial year (demo figures).",
            },
        )
    yearly_figures_import(partnership=partnership, content=_csv(partnership, last_year, rng))

    label = year_label(last_year, start_month)
    first = Quarter(last_year, 1, start_month)
    assessment = assessment_create(
        assessment=StrategicAssessment(
            partnership=partnership,
            year=last_year,
            title=f"Strategic assessment {label}",
            assessment_date=Quarter(last_year, 4, start_month).start,
            author="Community safety analyst",
            contributors="Police intelligence team\nDistrict council ASB team\nYouth offending service",
            coverage=f"The {partnership.name} area",
            period_covered=f"{first.start:%B %Y} to {Quarter(last_year, 4, start_month).end:%B %Y}",
            reviewed_plan=plan,
            executive_summary=(
                "Recorded crime continued its slow fall, but shoplifting and scams rose for a third year.\n\n"
                "The partnership's four priorities remain the right ones; we recommend keeping them."
            ),
            key_findings=(
                "- Total crime fell on the year before and over ten years.\n"
                "- Shoplifting rose, concentrated in Marshfield town centre.\n"
                "- Scams against older residents are under-reported."
            ),
        ),
        user=coordinator,
    )
    for review in PriorityReview.objects.filter(assessment=assessment).select_related("theme"):
        priority_review_save(
            review=review,
            judgement=f"Work on {review.theme.title.lower()} made a difference where it was delivered; "
            "keep it a priority with clearer measures.",
        )
    indicators = {i.name: i for i in partnership.indicators.filter(name__in=TOPICS)}
    actions = list(plan.actions.order_by("sort_key"))
    for position, (name, topic) in enumerate(TOPICS.items(), start=1):
        scanning_row_save(
            row=ScanningRow(
                assessment=assessment,
                position=position,
                topic=topic,
                indicator=indicators[name],
                key_findings=f"{topic}: see the figures; the pattern by town is in the appendix.",
                looking_forward="Expected to continue; watch the next two quarters.",
            ),
            actions=actions[position - 1 : position],
        )
    scanning_row_save(
        row=ScanningRow(
            assessment=assessment,
            position=len(TOPICS) + 1,
            topic="Street drinking",
            key_findings="Complaints cluster around two parks in the summer months.",
            previous_12_months="Complaints to the council: about the same as the year before.",
            long_term_trend="No long-term series is recorded.",
            looking_forward="Renew the PSPO when it ends.",
        ),
    )
    emerging_issue_save(
        issue=EmergingIssue(
            assessment=assessment,
            title="Vapes and young people",
            body="Schools report more vape-related exclusions; trading standards seizures are up.",
        )
    )
    for theme in plan.themes.all():
        recommendation = recommendation_save(
            recommendation=RecommendedPriority(
                assessment=assessment,
                title=theme.title,
                rationale=f"The evidence above supports keeping {theme.title.lower()} a priority.",
            )
        )
        recommendation.theme = theme  # the live plan's theme it became
        recommendation.save(update_fields=["theme"])
    assessment_issue(assessment=assessment, user=coordinator)
    _calendar(partnership, plan, assessment, today, this_year)
    return assessment


def _calendar(
    partnership: Partnership,
    plan: Plan,
    assessment: StrategicAssessment,
    today: datetime.date,
    this_year: int,
) -> None:
    """This year's duties: those already due are done (linked, or done outside the app) except
    one, the Serious Violence Duty strategy review, which is late."""
    last = Duty(
        partnership=partnership,
        kind=Duty.Kind.ASSESSMENT,
        title=assessment.title,
        due_date=assessment.assessment_date,
        assessment=assessment,
    )
    last.full_clean()
    last.save()
    meetings = list(partnership.meetings.filter(date__lte=today, kind=Meeting.Kind.BOARD).order_by("date"))
    for duty in duties_add_defaults(partnership=partnership, year=this_year):
        if duty.kind == Duty.Kind.SVD_STRATEGY:
            duty.due_date = today - datetime.timedelta(days=12)
        elif duty.due_date < today:
            if duty.kind in {Duty.Kind.PLAN_REFRESH, Duty.Kind.PLAN_TO_PCC}:
                duty.plan = plan
            elif duty.kind == Duty.Kind.BOARD_MEETING and (held := _held_in(meetings, duty)):
                duty.meeting = held
            else:
                duty.done_on = duty.due_date
        duty.full_clean()
        duty.save()


def _held_in(meetings: list[Meeting], duty: Duty) -> Meeting | None:
    """A board meeting held in the quarter the duty is due in."""
    start_month = duty.partnership.year_start_month
    quarter = Quarter.containing(duty.due_date, start_month)
    return next((m for m in meetings if quarter.start <= m.date <= quarter.end), None)
