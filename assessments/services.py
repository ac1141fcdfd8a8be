"""Writes for strategic assessments: composing a draft, issuing (frozen), and turning its
recommended priorities into themes of next year's draft plan."""

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.html import strip_tags

from assessments.content import assessment_html
from assessments.models import (
    EmergingIssue,
    PriorityReview,
    RecommendedPriority,
    ScanningRow,
    StrategicAssessment,
)
from assessments.report_files import assessment_pdf_schedule
from csp_tracker.periods import Quarter, financial_year_of, year_label
from indicators.selectors import indicator_trend
from plans.models import Action, Plan, Theme
from plans.services import structure_save
from reports.rich_text import sanitise


def _check_draft(assessment: StrategicAssessment) -> None:
    if not assessment.is_draft:
        raise ValidationError("An issued assessment is never edited.")


def _next_position(records) -> int:
    return (records.aggregate(m=Max("position"))["m"] or 0) + 1


@transaction.atomic
def assessment_create(*, assessment: StrategicAssessment, user: User) -> StrategicAssessment:
    """A draft with a review for each priority (theme) of the reviewed plan."""
    assessment.created_by = user
    assessment.status = StrategicAssessment.Status.DRAFT
    assessment.executive_summary = sanitise(assessment.executive_summary)
    assessment.key_findings = sanitise(assessment.key_findings)
    assessment.full_clean()
    assessment.save()
    if assessment.reviewed_plan is not None:
        for theme in assessment.reviewed_plan.themes.all():
            PriorityReview.objects.create(assessment=assessment, theme=theme)
    return assessment


@transaction.atomic
def assessment_details_save(*, assessment: StrategicAssessment) -> StrategicAssessment:
    """Save a draft's document details; its summary and findings are stored sanitised."""
    _check_draft(assessment)
    assessment.executive_summary = sanitise(assessment.executive_summary)
    assessment.key_findings = sanitise(assessment.key_findings)
    assessment.full_clean()
    assessment.save()
    return assessment


@transaction.atomic
def priority_review_save(*, review: PriorityReview, judgement: str) -> PriorityReview:
    _check_draft(review.assessment)
    review.judgement = sanitise(judgement)
    review.full_clean()
    review.save()
    return review


def scanning_figures(row: ScanningRow) -> tuple[str, str]:
    """The words for "previous 12 months" and "long-term trend", computed from the row's
    indicator up to the assessed year (empty without an indicator)."""
    if row.indicator is None:
        return "", ""
    trend = indicator_trend(row.indicator, up_to=row.assessment.year)
    return trend.previous_12_months_text(row.indicator.unit), trend.long_term_text()


@transaction.atomic
def scanning_row_save(
    *, row: ScanningRow, actions: Iterable[Action] = (), refill_figures: bool = False
) -> ScanningRow:
    """Save a scanning row. Its figure columns are filled from the indicator when they are empty
    or `refill_figures` asks (words typed there are otherwise kept as typed)."""
    _check_draft(row.assessment)
    if row.indicator is not None:
        previous, long_term = scanning_figures(row)
        if refill_figures or not row.previous_12_months.strip():
            row.previous_12_months = previous
        if refill_figures or not row.long_term_trend.strip():
            row.long_term_trend = long_term
    if row.pk is None and not row.position:
        row.position = _next_position(row.assessment.scanning_rows)
    chosen = list(actions)
    if any(action.plan.partnership_id != row.assessment.partnership_id for action in chosen):
        raise ValidationError({"actions": "Choose actions of this partnership's plans."})
    row.full_clean()
    row.save()
    row.actions.set(chosen)
    return row


@transaction.atomic
def scanning_row_delete(*, row: ScanningRow) -> None:
    _check_draft(row.assessment)
    row.delete()


@transaction.atomic
def emerging_issue_save(*, issue: EmergingIssue) -> EmergingIssue:
    _check_draft(issue.assessment)
    issue.body = sanitise(issue.body)
    if issue.pk is None and not issue.position:
        issue.position = _next_position(issue.assessment.emerging)
    issue.full_clean()
    issue.save()
    return issue


@transaction.atomic
def emerging_issue_delete(*, issue: EmergingIssue) -> None:
    _check_draft(issue.assessment)
    issue.delete()


@transaction.atomic
def recommendation_save(*, recommendation: RecommendedPriority) -> RecommendedPriority:
    _check_draft(recommendation.assessment)
    recommendation.rationale = sanitise(recommendation.rationale)
    if recommendation.pk is None and not recommendation.position:
        recommendation.position = _next_position(recommendation.assessment.recommendations)
    recommendation.full_clean()
    recommendation.save()
    return recommendation


@transaction.atomic
def recommendation_delete(*, recommendation: RecommendedPriority) -> None:
    _check_draft(recommendation.assessment)
    if recommendation.theme_id:
        raise ValidationError("This priority is already a theme of a plan: it stays as the record of why.")
    recommendation.delete()


def assessment_issue(*, assessment: StrategicAssessment, user: User) -> StrategicAssessment:
    """Freeze the assessment: its HTML is stored as it renders now, so the PDF never changes."""
    _check_draft(assessment)
    assessment.status = StrategicAssessment.Status.ISSUED
    assessment.issued_at = timezone.now()
    assessment.issued_by = user
    assessment.snapshot_html = assessment_html(assessment, timezone.localdate())
    with transaction.atomic():
        assessment.full_clean()
        assessment.save()
        assessment_pdf_schedule(assessment=assessment)  # the frozen PDF, rendered once
    return assessment


def next_year_plan(assessment: StrategicAssessment) -> Plan | None:
    """The draft plan of the year after the assessed one, if the partnership has one."""
    start_month = assessment.partnership.year_start_month
    start = Quarter(assessment.year + 1, 1, start_month).start
    return (
        assessment.partnership.plans.filter(status=Plan.Status.DRAFT, start_date=start).order_by("id").first()
    )


@transaction.atomic
def recommendations_to_plan(*, assessment: StrategicAssessment) -> tuple[Plan, list[Theme]]:
    """Make each recommended priority that is not yet a theme a theme of next year's draft plan
    (creating the draft plan when there is none), linked back to the recommendation."""
    waiting = list(assessment.recommendations.filter(theme__isnull=True))
    if not waiting:
        raise ValidationError("Every recommended priority is already a theme of a plan.")
    partnership = assessment.partnership
    start_month = partnership.year_start_month
    plan = next_year_plan(assessment)
    if plan is None:
        first = Quarter(assessment.year + 1, 1, start_month)
        plan = structure_save(
            record=Plan(
                partnership=partnership,
                title=f"Delivery plan {year_label(assessment.year + 1, start_month)}",
                start_date=first.start,
                end_date=Quarter(assessment.year + 1, 4, start_month).end,
                status=Plan.Status.DRAFT,
                previous_plan=assessment.reviewed_plan,
                vision=f"Priorities recommended by {assessment.title}.",
            )
        )
    numbers = {theme.number for theme in plan.themes.all()}
    themes = []
    for recommendation in waiting:
        number = next(str(n) for n in range(1, len(numbers) + 2) if str(n) not in numbers)
        numbers.add(number)
        theme = structure_save(
            record=Theme(
                plan=plan,
                number=number,
                title=recommendation.title,
                description=_plain(recommendation.rationale),
            )
        )
        recommendation.theme = theme
        recommendation.save(update_fields=["theme"])
        themes.append(theme)
    return plan, themes


def _plain(html: str) -> str:
    return strip_tags(html.replace("</p>", "\n\n")).strip()


def assessed_year_default(today: datetime.date, start_month: int) -> int:
    """The year an assessment written today would assess: the current financial year."""
    return financial_year_of(today, start_month)
