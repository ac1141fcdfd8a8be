"""Small, additive hooks that let other apps' pages show DHR content to the people allowed it,
without those apps importing dhr: each tag renders nothing for anyone else."""

from django import template

from dhr import selectors
from partners.rules import may_see_dhr

register = template.Library()


@register.inclusion_tag("dhr/_my_recommendations.html", takes_context=True)
def dhr_my_recommendations(context):
    """My actions: the recommendations the user leads (text and due date, nothing of the case)."""
    user = context["request"].user
    return {"recommendations": selectors.my_recommendations(user), "request": context["request"]}


@register.inclusion_tag("dhr/_panel.html", takes_context=True)
def dhr_panel(context, partnership):
    """The DHR dashboard panel, for a member with the partnership's grant only."""
    user = context["request"].user
    return {"panel": selectors.dashboard_panel(user, partnership), "partnership": partnership}


@register.inclusion_tag("dhr/_round_recommendations.html", takes_context=True)
def dhr_round_recommendations(context, partnership):
    user = context["request"].user
    cleared = user.has_perm("dhr.manage_register", partnership)
    recommendations = selectors.recommendations_for_round(user, partnership) if cleared else []
    return {"recommendations": recommendations, "partnership": partnership, "cleared": cleared}


@register.inclusion_tag("dhr/_search_results.html", takes_context=True)
def dhr_search_results(context, partnership, query):
    user = context["request"].user
    if not query or not may_see_dhr(user, partnership):
        return {"shown": False}
    from dhr import services
    from dhr.models import ReadLog

    reviews = selectors.search(user, partnership, query)
    if reviews:
        services.reads_record(
            partnership=partnership,
            user=user,
            channel=ReadLog.Channel.PAGE,
            what="Search result",
            reviews=reviews,
        )
    return {"shown": True, "reviews": reviews, "partnership": partnership}


@register.simple_tag(takes_context=True)
def sees_dhr(context, partnership) -> bool:
    return bool(may_see_dhr(context["request"].user, partnership))


@register.inclusion_tag("dhr/_attachments.html", takes_context=True)
def attachments_of(context, parent, partnership, can_add: bool = False, kind: str = ""):
    """The evidence files of an action or progress update (uses the prefetch when present)."""
    files = list(parent.attachments.all()) if hasattr(parent, "attachments") else []
    return {
        "files": files,
        "partnership": partnership,
        "parent": parent,
        "can_add": can_add,
        "kind": kind,
        "request": context["request"],
    }


@register.filter
def filesize(size: int) -> str:
    if size >= 1048576:
        return f"{size / 1048576:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


class TimelineFiles:
    """An action's files and its timeline updates' files, fetched in one query."""

    def __init__(self, action, updates, user):
        from django.db.models import Q

        from dhr.attachments import Attachment

        ids = [u.pk for u in updates]
        # The action's rows come with their leads prefetched, so this costs no queries.
        self.editable_row_ids = {
            row.pk for row in action.rows.all() if user.has_perm("plans.update_row", row)
        }
        self.action: list = []
        self.by_update: dict[int, list] = {}
        for file in Attachment.objects.filter(Q(action=action) | Q(progress_update_id__in=ids)):
            if file.action_id:
                self.action.append(file)
            else:
                self.by_update.setdefault(file.progress_update_id, []).append(file)

    def of(self, update) -> list:
        return self.by_update.get(update.pk, [])


@register.simple_tag
def timeline_files(action, updates, user) -> TimelineFiles:
    return TimelineFiles(action, updates, user)


@register.filter
def files_of(index: TimelineFiles, update) -> list:
    return index.of(update)


@register.filter
def may_attach_to(index: TimelineFiles, update) -> bool:
    return update.row_id in index.editable_row_ids
