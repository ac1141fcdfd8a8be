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


def dhr_section(*, partnership: Partnership, user, what: str, record_read: bool = True) -> DhrSection | None:
    """The register for a cleared reader (and, unless `record_read` is false, the read written to
    the log); None for anyone else, so the report simply has no such section."""
    if user is None or not user.is_authenticated or not may_see_dhr(user, partnership):
        return None
    section = DhrSection(selectors.register(user, partnership))
    if record_read:
        dhr_section_read(partnership=partnership, user=user, what=what, section=section)
    return section


def dhr_section_read(*, partnership: Partnership, user, what: str, section: DhrSection) -> None:
    """Log that `user` was given `section` (in a PDF): a report kept ready for them is logged
    when they are given it, not when it was prepared."""
    services.reads_record(
        partnership=partnership,
        user=user,
        channel=ReadLog.Channel.PDF,
        what=what,
        reviews=[line.review for line in section.lines],
    )


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
