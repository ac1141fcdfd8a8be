"""Reads that assemble a report's content. Every function costs a fixed number of queries."""

from dataclasses import dataclass

from partners.audience import Audience
from partners.models import GlossaryTerm, Partnership, RagStatus
from plans.budget import attach_action_money
from plans.models import Plan
from plans.selectors import PlanTree, plan_tree


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
    tree = plan_tree(plan)
    attach_action_money(plan, [node.action for theme in tree.themes for node in theme.actions])  # budgets
    return DeliveryPlanContent(
        plan=plan,
        partnership=partnership,
        tree=tree,
        rag_scale=list(partnership.rag_statuses.all()),
        glossary=list(partnership.glossary.all()),
        audience=audience,
    )
