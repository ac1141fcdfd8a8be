"""Report renderers: each takes data and a reader, and returns a `PdfReport` (its
`as_rendered()` gives (filename, content_type, bytes)).

Renderers are not views: the same function serves the web download, the background task and
`manage.py render_report`. Each checks that the reader may see the plan and renders only what
they may see (see `Audience`).
"""

import datetime
import time
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from partners.audience import Audience
from partners.glossary import terms_used
from partners.models import Meeting, Partnership
from plans.models import Plan
from plans.rollup import RULE_TEXT
from reports.board_pack import board_pack_content
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


def render_pdf(
    *,
    partnership: Partnership,
    document_title: str,
    template: str,
    context: dict,
    audience: Audience,
    glossary_terms,
    filename: str,
) -> PdfReport:
    started = time.perf_counter()
    body = render_to_string(template, context)
    html = assemble_pdf_html(
        partnership=partnership,
        document_title=document_title,
        body=body,
        audience=audience,
        glossary_terms=glossary_terms,
    )
    result = html_to_pdf(html)
    return PdfReport(
        filename, result.content, result.pages, time.perf_counter() - started, result.layout_seconds, html
    )


def delivery_plan_report(
    *, plan: Plan, user: User | AnonymousUser | None = None, today: datetime.date | None = None
) -> PdfReport:
    check_may_view(user, plan)
    audience = Audience.of(user, plan.partnership)
    content = delivery_plan_content(plan, audience)
    today = today or timezone.localdate()
    return render_pdf(
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
        filename=f"{slugify(plan.title)}-{today:%Y-%m-%d}.pdf",
    )


def render_delivery_plan(*, plan: Plan, user: User | AnonymousUser | None = None) -> Rendered:
    return delivery_plan_report(plan=plan, user=user).as_rendered()


def board_pack_report(*, meeting: Meeting, user: User | AnonymousUser | None = None) -> PdfReport:
    if meeting.plan is None:
        raise PermissionDenied("This meeting reviews no plan, so there is no board pack to print.")
    check_may_view(user, meeting.plan)
    audience = Audience.of(user, meeting.partnership)
    content = board_pack_content(meeting, audience, reader=user)
    title = f"Board pack: {meeting.title}"
    return render_pdf(
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
        filename=f"{slugify(meeting.title)}-{meeting.date:%Y-%m-%d}-board-pack.pdf",
    )
