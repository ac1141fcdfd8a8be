"""Who may do what: the one source of truth, used by views, templates and querysets.

Every object is resolved to its partnership; the user's role there decides. Roles are read
once per request and cached on the user object, so checks inside loops cost no queries.
"""

import rules
from django.contrib.auth.models import AnonymousUser, User

from partners.models import Membership, Partnership

Role = Membership.Role


def memberships_of(user: User | AnonymousUser) -> dict[int, Membership]:
    """The user's memberships keyed by partnership id, each with its partnership (cached on the
    user: one query a request finds both the tenant named in a URL and the user's role there)."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_csp_memberships", None)
    if cached is None:
        cached = {
            m.partnership_id: m for m in Membership.objects.filter(user=user).select_related("partnership")
        }
        user._csp_memberships = cached  # type: ignore[attr-defined]  # a per-request cache on the user
    return cached


def membership_by_slug(user: User | AnonymousUser, slug: str) -> Membership | None:
    """The user's membership of the partnership with this slug (None: not a member, or no such
    partnership; the two are told apart to nobody)."""
    return next((m for m in memberships_of(user).values() if m.partnership.slug == slug), None)


def partnership_id_of(obj: object) -> int | None:
    """The partnership an object belongs to, following the plan structure upwards."""
    if obj is None:
        return None
    if isinstance(obj, Partnership):
        return obj.pk
    for path in ("partnership_id", "plan", "action", "row", "theme", "recommendation"):
        value = getattr(obj, path, None)
        if value is None:
            continue
        return value if path == "partnership_id" else partnership_id_of(value)
    return None


def partnership_of(obj: object) -> Partnership | None:
    """The partnership object itself (for its settings), following the same path upwards; uses
    what the caller has already selected, so costs a query only for what it has not."""
    if obj is None or isinstance(obj, Partnership):
        return obj
    for path in ("partnership", "plan", "action", "row", "recommendation"):
        value = getattr(obj, path, None)
        if value is not None:
            return partnership_of(value)
    return None


def membership_in(user: User | AnonymousUser, obj: object) -> Membership | None:
    """The user's membership of the partnership `obj` belongs to, if any."""
    partnership_id = partnership_id_of(obj)
    return memberships_of(user).get(partnership_id) if partnership_id is not None else None


def role_in(user: User | AnonymousUser, obj: object) -> str | None:
    membership = membership_in(user, obj)
    return membership.role if membership else None


@rules.predicate
def is_member(user, obj) -> bool:
    return role_in(user, obj) is not None


@rules.predicate
def is_coordinator(user, obj) -> bool:
    return role_in(user, obj) == Role.COORDINATOR


@rules.predicate
def is_lead_officer(user, obj) -> bool:
    return role_in(user, obj) == Role.LEAD_OFFICER


@rules.predicate
def leads_row(user, row) -> bool:
    """The user is one of the row's lead people (uses the prefetched leads when present)."""
    if not user.is_authenticated or row is None:
        return False
    return any(person.user_id == user.pk for person in row.lead_people.all())


@rules.predicate
def leads_allocation(user, allocation) -> bool:
    """The user leads the allocation's row, or (for an allocation to a whole action) one of the
    action's rows (uses prefetched rows and leads when present)."""
    if allocation is None:
        return False
    if allocation.row_id:
        return leads_row(user, allocation.row)
    return any(leads_row(user, row) for row in allocation.action.rows.all())


@rules.predicate
def plan_lets_leads_record_spend(user, obj) -> bool:
    plan = getattr(obj, "plan", None)
    return bool(plan and plan.leads_record_spend)


@rules.predicate
def may_see_dhr(user, obj) -> bool:
    membership = membership_in(user, obj)
    return bool(membership and membership.can_see_dhr)


# Separation of duties: one rule for every kind of update a coordinator reviews (a plan row's
# progress update, a DHR recommendation's update). An update has an `author` and, for a plan row,
# perhaps `on_behalf_of` (the lead officer it was typed in for).


@rules.predicate
def wrote_update(user, update) -> bool:
    """The user wrote the update, or it was written on their behalf."""
    if not user.is_authenticated or update is None:
        return False
    if update.author_id == user.pk:
        return True
    on_behalf_of = getattr(update, "on_behalf_of", None)
    return bool(on_behalf_of is not None and on_behalf_of.user_id == user.pk)


@rules.predicate
def partnership_allows_self_review(user, update) -> bool:
    partnership = partnership_of(update)
    return bool(partnership is not None and not partnership.reviewer_not_author)


# A coordinator who did not write it, unless the partnership allows self-review (on by default).
reviews_update = is_coordinator & (~wrote_update | partnership_allows_self_review)


# Reading: any member of the partnership.
rules.add_perm("partners.view_partnership", is_member)
rules.add_perm("plans.view_plan", is_member)
rules.add_perm("plans.view_action", is_member)
# Managing the partnership and the plan structure: the coordinator.
rules.add_perm("partners.manage_partnership", is_coordinator)
rules.add_perm("partners.view_audit_log", is_coordinator)
rules.add_perm("plans.manage_plan", is_coordinator)
# A project row: the coordinator, or a lead officer who leads it.
rules.add_perm("plans.update_row", is_coordinator | (is_lead_officer & leads_row))
rules.add_perm("partners.view_dhr", is_member & may_see_dhr)
# Reviewing an update: separation of duties (`reviews_update`).
rules.add_perm("plans.review_update", reviews_update)
# Money: members read the budget; the coordinator manages it; a lead officer records spend on
# allocations to the rows they lead, when the plan allows it.
rules.add_perm("plans.view_budget", is_member)
rules.add_perm("plans.manage_budget", is_coordinator)
rules.add_perm(
    "plans.record_spend",
    is_coordinator | (is_lead_officer & plan_lets_leads_record_spend & leads_allocation),
)
# Organisations' pages and their resource commitments.
rules.add_perm("partners.view_organisation", is_member)
rules.add_perm("partners.manage_commitments", is_coordinator)


# --- Domestic Homicide Reviews (the dhr app) ---------------------------------------------------
# Everything of a review needs the partnership's DHR grant. A recommendation's lead officer
# without the grant may see and update their own recommendation (its text and due date only).


@rules.predicate
def owns_recommendation(user, recommendation) -> bool:
    lead = getattr(recommendation, "lead_officer", None)
    return bool(user.is_authenticated and lead is not None and lead.user_id == user.pk) and is_member(
        user, recommendation
    )


@rules.predicate
def may_see_attachment(user, attachment) -> bool:
    """An evidence file is visible to whoever may see the record it belongs to."""
    if attachment is None or not is_member(user, attachment):
        return False
    if attachment.review_id:
        return bool(may_see_dhr(user, attachment))
    update = attachment.progress_update
    if update is not None and update.status == "draft":  # a draft is its writers' alone
        return user.has_perm("plans.update_row", update.row)
    return True


@rules.predicate
def may_attach_to(user, parent) -> bool:
    """Who may add a file: to a review, a cleared coordinator; to an action, the coordinator;
    to a progress update, whoever may write that row's update."""
    kind = type(parent).__name__
    if kind == "Review":
        return bool(is_coordinator(user, parent) and may_see_dhr(user, parent))
    if kind == "ProgressUpdate":
        return user.has_perm("plans.update_row", parent.row)
    return bool(is_coordinator(user, parent))


rules.add_perm("dhr.view_register", is_member & may_see_dhr)
rules.add_perm("dhr.manage_register", is_coordinator & may_see_dhr)
rules.add_perm("dhr.view_read_log", is_coordinator & may_see_dhr)
rules.add_perm("dhr.view_recommendation", (is_member & may_see_dhr) | owns_recommendation)
rules.add_perm("dhr.update_recommendation", (is_coordinator & may_see_dhr) | owns_recommendation)
# Accepting or returning a recommendation's update: the same separation of duties as a plan row's.
rules.add_perm("dhr.review_update", reviews_update & may_see_dhr)
rules.add_perm("dhr.view_attachment", may_see_attachment)
rules.add_perm("dhr.add_attachment", may_attach_to)
