"""Report renderers: each takes data and a reader, and returns a `PdfReport` (its
`as_rendered()` gives (filename, content_type, bytes)).

Renderers are not views: the same function serves the web download, the background task and
`manage.py render_report`. Each checks that the reader may see the plan and renders only what
they may see (see `Audience`).
"""

import datetime
import hashlib
import time
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from dhr.reporting import DhrSection
from partners.audience import Audience
from partners.glossary import terms_used
from partners.models import Meeting, Partnership
from plans.models import Plan
from plans.rollup import RULE_TEXT
from reports.board_pack import board_pack_content, board_pack_read_what
from reports.pdf import html_to_pdf
from reports.selectors import delivery_plan_content

PDF = "application/pdf"

Rendered = tuple[str, str, bytes]


@dataclass
class PdfReport:
    filename: str
    content: bytes
    pages: int
    total_seconds: float
    layout_seconds: float
    html: str

    def as_rendered(self) -> Rendered:
        return self.filename, PDF, self.content


def check_may_view(user: User | AnonymousUser | None, plan: Plan) -> None:
    """None means the command line's default reader: a viewer without restricted access."""
    if user is not None and not user.has_perm("plans.view_plan", plan):
        raise PermissionDenied("You may not see this plan.")


def assemble_pdf_html(
    *, partnership: Partnership, document_title: str, body: str, audience: Audience, glossary_terms
) -> str:
    """Wrap a document body with the running header, metadata and a glossary holding only the
    acronyms that appear in the body."""
    used = terms_used(list(glossary_terms), strip_tags(body))
    return render_to_string(
        "reports/pdf/base.html",
        {
            "partnership": partnership,
            "document_title": document_title,
            "audience": audience,
            "body": mark_safe(body),  # our own template's output, already escaped
            "glossary": used,
        },
    )


@dataclass
class ReportHtml:
    """The complete HTML a report is printed from, as one reader would get it now. Two readers
    whose HTML is the same get the same PDF, so its digest says whether a kept copy is still the
    report they would get (reports/fresh.py)."""

    filename: str
    html: str
    started: float  # when gathering began (perf_counter), for the whole render's time
    dhr: DhrSection | None = None  # the restricted section it holds, whose read is logged
    read_what: str = ""  # what the DHR read log calls it

    @property
    def digest(self) -> str:
        return html_digest(self.html)

    def to_pdf(self) -> PdfReport:
        result = html_to_pdf(self.html)
        return PdfReport(
            self.filename,
            result.content,
            result.pages,
            time.perf_counter() - self.started,
            result.layout_seconds,
            self.html,
        )


def html_digest(html: str) -> str:
    return hashlib.sha256(html.encode()).hexdigest()


def render_html(
    *,
    partnership: Partnership,
    document_title: str,
    template: str,
    context: dict,
    audience: Audience,
    glossary_terms,
) -> str:
    body = render_to_string(template, context)
    return assemble_pdf_html(
        partnership=partnership,
        document_title=document_title,
        body=body,
        audience=audience,
        glossary_terms=glossary_terms,
    )


def delivery_plan_html(
    *, plan: Plan, user: User | AnonymousUser | None = None, today: datetime.date | None = None
) -> ReportHtml:
    started = time.perf_counter()
    check_may_view(user, plan)
    audience = Audience.of(user, plan.partnership)
    content = delivery_plan_content(plan, audience)
    today = today or timezone.localdate()
    html = render_html(
        partnership=content.partnership,
        document_title=plan.title,
        template="reports/pdf/delivery_plan.html",
        context={
            "plan": plan,
            "partnership": content.partnership,
            "tree": content.tree,
            "rag_scale": content.rag_scale,
            "rollup_rule": RULE_TEXT,
            "audience": audience,
            "generated_on": today,
        },
        audience=audience,
        glossary_terms=content.glossary,
    )
    return ReportHtml(f"{slugify(plan.title)}-{today:%Y-%m-%d}.pdf", html, started)


def delivery_plan_report(
    *, plan: Plan, user: User | AnonymousUser | None = None, today: datetime.date | None = None
) -> PdfReport:
    return delivery_plan_html(plan=plan, user=user, today=today).to_pdf()


def render_delivery_plan(*, plan: Plan, user: User | AnonymousUser | None = None) -> Rendered:
    return delivery_plan_report(plan=plan, user=user).as_rendered()


def board_pack_html(
    *, meeting: Meeting, user: User | AnonymousUser | None = None, record_read: bool = True
) -> ReportHtml:
    """The pack's HTML for `user`; with `record_read` false, a DHR section it holds is not
    logged as read (the caller logs it if the reader is given the pack)."""
    started = time.perf_counter()
    if meeting.plan is None:
        raise PermissionDenied("This meeting reviews no plan, so there is no board pack to print.")
    check_may_view(user, meeting.plan)
    audience = Audience.of(user, meeting.partnership)
    content = board_pack_content(meeting, audience, reader=user, record_read=record_read)
    title = f"Board pack: {meeting.title}"
    html = render_html(
        partnership=meeting.partnership,
        document_title=title,
        template="reports/pdf/board_pack.html",
        context={
            "content": content,
            "meeting": meeting,
            "plan": meeting.plan,
            "partnership": meeting.partnership,
            "tree": content.tree,
            "rag_scale": content.rag_scale,
            "rollup_rule": RULE_TEXT,
            "audience": audience,
            "generated_on": timezone.localdate(),
            "document_title": title,
            "heading_prefix": "Appendix: ",
            "change_groups": content.change_groups,
            "glossary_expected": bool(content.glossary),
            "dhr_section": content.dhr,
            "attachment_references": content.attachment_references,
        },
        audience=audience,
        glossary_terms=content.glossary,
    )
    filename = f"{slugify(meeting.title)}-{meeting.date:%Y-%m-%d}-board-pack.pdf"
    return ReportHtml(filename, html, started, content.dhr, board_pack_read_what(meeting))


def board_pack_report(*, meeting: Meeting, user: User | AnonymousUser | None = None) -> PdfReport:
    return board_pack_html(meeting=meeting, user=user).to_pdf()
