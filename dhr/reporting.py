"""The DHR section of the board pack and the scrutiny report, and the evidence-file references of
a plan's appendix. Reports import this; it never imports reports."""

from dataclasses import dataclass

from django.db.models import Q

from dhr import selectors, services
from dhr.attachments import Attachment
from dhr.models import ReadLog
from partners.models import Partnership
from partners.rules import may_see_dhr
from plans.models import Plan, ProgressUpdate


@dataclass
class DhrSection:
    lines: list[selectors.RegisterLine]

    @property
    def overdue(self) -> int:
        return sum(line.clocks.recommendations_overdue for line in self.lines)


def dhr_section(*, partnership: Partnership, user, what: str) -> DhrSection | None:
    """The register for a cleared reader (and the read written to the log); None for anyone else,
    so the report simply has no such section."""
    if user is None or not user.is_authenticated or not may_see_dhr(user, partnership):
        return None
    lines = selectors.register(user, partnership)
    services.reads_record(
        partnership=partnership,
        user=user,
        channel=ReadLog.Channel.PDF,
        what=what,
        reviews=[line.review for line in lines],
    )
    return DhrSection(lines)


def attachment_references(plan: Plan) -> list[Attachment]:
    """Evidence files on the plan's actions and on their non-draft updates, for the appendix."""
    return list(
        Attachment.objects.filter(
            Q(action__plan=plan)
            | Q(progress_update__row__action__plan=plan, progress_update__status__in=_shown_statuses())
        )
        .select_related("action", "progress_update__row__action")
        .order_by("uploaded_at", "pk")
    )


def _shown_statuses() -> list[str]:
    return [ProgressUpdate.Status.SUBMITTED, ProgressUpdate.Status.ACCEPTED, ProgressUpdate.Status.RETURNED]
