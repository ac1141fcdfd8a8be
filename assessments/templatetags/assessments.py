"""Hooks that let lower apps' pages show what this app knows, without importing it: the theme a
strategic assessment recommended (plan page, delivery plan PDF) and the partnership's year on
the coordinator's home. Each renders nothing when there is nothing."""

from typing import Any

from django import template
from django.utils import timezone

from assessments.calendar import year_at_a_glance_many
from assessments.models import RecommendedPriority
from partners.models import Membership
from partners.rules import memberships_of
from plans.models import Plan, Theme

register = template.Library()


@register.simple_tag
def recommended_themes(plan: Plan) -> dict[int, RecommendedPriority]:
    """The plan's themes that an assessment recommended, by theme id (one query)."""
    return {
        r.theme_id: r
        for r in RecommendedPriority.objects.filter(theme__plan=plan).select_related("assessment")
        if r.theme_id is not None
    }


@register.inclusion_tag("assessments/_recommended_by.html")
def recommended_by(
    recommended: dict[int, RecommendedPriority], theme: Theme, slug: str = ""
) -> dict[str, Any]:
    """ "Recommended by <assessment>" under a theme: a link on a page (given the partnership's
    slug), plain words in a PDF."""
    recommendation = recommended.get(theme.pk) if recommended else None
    return {"recommendation": recommendation, "slug": slug}


@register.inclusion_tag("assessments/_year_at_a_glance.html", takes_context=True)
def partnership_year(context: template.Context) -> dict[str, Any]:
    """What is due next and what is late, in each partnership the user coordinates."""
    user = context["request"].user
    coordinated = [pid for pid, m in memberships_of(user).items() if m.role == Membership.Role.COORDINATOR]
    glances = year_at_a_glance_many(coordinated, timezone.localdate()) if coordinated else []
    return {"glances": glances}
