"""Composing an assessment: reviews from the plan, scanning rows filled from the indicators,
issuing (frozen), and recommended priorities becoming themes of next year's draft plan."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from assessments.models import RecommendedPriority, ScanningRow
from assessments.services import (
    assessment_issue,
    recommendation_save,
    recommendations_to_plan,
    scanning_row_save,
)
from plans.models import Plan
from tests import factories


def test_a_new_assessment_reviews_each_theme_of_last_years_plan(world, assessment):
    assert [r.theme for r in assessment.reviews.all()] == list(world.plan.themes.all())


def test_a_scanning_row_is_filled_from_its_indicator(assessment, crime):
    row = scanning_row_save(row=ScanningRow(assessment=assessment, topic="Total crime", indicator=crime))
    assert row.previous_12_months == (
        "5,100 crimes in 2025/26 (51 per 1,000 population): -100 (-1.9%) on 2024/25, better."
    )
    assert row.long_term_trend == "-900 (-15%) over 9 years, 2016/17 to 2025/26, better."


def test_words_typed_in_the_figure_columns_are_kept(assessment, crime):
    row = scanning_row_save(
        row=ScanningRow(assessment=assessment, topic="Crime", indicator=crime, previous_12_months="Fell.")
    )
    assert row.previous_12_months == "Fell."
    row = scanning_row_save(row=row, refill_figures=True)
    assert row.previous_12_months.startswith("5,100 crimes in 2025/26")


def test_partnership_activity_must_be_the_partnerships_own_actions(world, assessment):
    with pytest.raises(ValidationError):
        scanning_row_save(
            row=ScanningRow(assessment=assessment, topic="Crime"),
            actions=list(world.other_plan.actions.all()),
        )


def test_recommendations_become_themes_of_a_new_draft_plan(world, assessment):
    for title in ("Domestic abuse", "Shoplifting"):
        recommendation_save(recommendation=RecommendedPriority(assessment=assessment, title=title))
    plan, themes = recommendations_to_plan(assessment=assessment)
    assert plan.status == Plan.Status.DRAFT
    assert (plan.start_date, plan.end_date) == (datetime.date(2026, 4, 1), datetime.date(2027, 3, 31))
    assert plan.previous_plan == world.plan
    assert [(t.number, t.title) for t in plan.themes.all()] == [("1", "Domestic abuse"), ("2", "Shoplifting")]
    assert [t.recommended_by.assessment for t in themes] == [assessment, assessment]


def test_recommendations_join_the_existing_draft_plan_after_its_themes(world, assessment):
    draft = factories.PlanFactory(
        partnership=world.partnership,
        title="Next",
        status=Plan.Status.DRAFT,
        start_date=datetime.date(2026, 4, 1),
        end_date=datetime.date(2027, 3, 31),
    )
    factories.ThemeFactory(plan=draft, number="1", title="Already there")
    recommendation_save(recommendation=RecommendedPriority(assessment=assessment, title="Scams"))
    plan, themes = recommendations_to_plan(assessment=assessment)
    assert plan == draft
    assert [t.number for t in themes] == ["2"]


def test_recommendations_already_themes_are_not_added_twice(assessment):
    recommendation_save(recommendation=RecommendedPriority(assessment=assessment, title="Scams"))
    recommendations_to_plan(assessment=assessment)
    with pytest.raises(ValidationError, match="already a theme"):
        recommendations_to_plan(assessment=assessment)


def test_issuing_freezes_the_document(world, assessment, crime):
    row = scanning_row_save(row=ScanningRow(assessment=assessment, topic="Total crime", indicator=crime))
    assessment_issue(assessment=assessment, user=world.users["coordinator"])
    assert "Total crime" in assessment.snapshot_html
    with pytest.raises(ValidationError, match="never edited"):
        scanning_row_save(row=row)


def test_recommendation_text_is_sanitised(assessment):
    saved = recommendation_save(
        recommendation=RecommendedPriority(
            assessment=assessment, title="Scams", rationale="<script>x()</script><p>Rising</p>"
        )
    )
    assert saved.rationale == "<p>Rising</p>"
