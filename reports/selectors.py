"""Reads that assemble a report's content. Every function costs a fixed number of queries."""

import re
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User

from partners.models import GlossaryTerm, Partnership, RagStatus
from partners.rules import may_see_dhr
from plans.models import Plan
from plans.selectors import PlanTree, plan_tree


@dataclass(frozen=True)
class Audience:
    """Whom a report is rendered for. Content follows permissions: restricted sections (such as
    Domestic Homicide Reviews) are included only when `sees_restricted` is true."""

    label: str
    sees_restricted: bool

    @classmethod
    def of(cls, user: User | AnonymousUser | None, partnership: Partnership) -> "Audience":
        if user is None or not user.is_authenticated:
            return cls("a viewer without restricted access", False)
        return cls(user.get_full_name() or user.get_username(), bool(may_see_dhr(user, partnership)))


@dataclass
class DeliveryPlanContent:
    plan: Plan
    partnership: Partnership
    tree: PlanTree
    rag_scale: list[RagStatus]
    glossary: list[GlossaryTerm]
    audience: Audience


def delivery_plan_content(plan: Plan, audience: Audience) -> DeliveryPlanContent:
    partnership = plan.partnership
    return DeliveryPlanContent(
        plan=plan,
        partnership=partnership,
        tree=plan_tree(plan),
        rag_scale=list(partnership.rag_statuses.all()),
        glossary=list(partnership.glossary.all()),
        audience=audience,
    )


def terms_used(terms: list[GlossaryTerm], text: str) -> list[GlossaryTerm]:
    """The glossary terms whose acronym appears in the text as a whole word (case as written:
    "DA" the acronym, not "da" inside a word)."""
    return [term for term in terms if re.search(rf"(?<![\w&/]){re.escape(term.acronym)}(?![\w&/])", text)]
