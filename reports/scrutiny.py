"""The Overview and Scrutiny report: composed sections, statistics tables, numbered output.

Statistics come from the figures reported against numeric targets: the latest quarter's
accepted figure against the same quarter a year earlier. Variance is always computed here,
never typed, so it always equals the difference of the two numbers shown.
"""

import datetime
import time
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from csp_tracker.periods import Quarter
from dhr.reporting import DhrSection, dhr_section
from indicators.selectors import IndicatorSummary, indicator_summaries
from partners.audience import Audience
from partners.models import Organisation
from plans.models import Plan, ProgressUpdate, Target, TargetFigure, Theme
from plans.rollup import RULE_TEXT
from reports.budget_content import partner_list
from reports.models import BackgroundPaper, ReportSection, ScrutinyReport
from reports.pdf import html_to_pdf
from reports.renderers import PdfReport, assemble_pdf_html
from reports.rich_text import plain_to_html, sanitise
from reports.selectors import DeliveryPlanContent, delivery_plan_content
from reports.statistics_tables import StatisticsTableContent, statistics_tables_content

FIGURE_ORDER = ["target__row__action__sort_key", "target_id", "update__period_year", "update__period_quarter"]


@dataclass
class Statistic:
    target: Target
    reference: str
    earlier_label: str
    earlier: Decimal
    later_label: str
    later: Decimal

    @property
    def variance(self) -> Decimal:
        return self.later - self.earlier

    @property
    def variance_percent(self) -> Decimal | None:
        if not self.earlier:
            return None
        return (self.variance * 100 / self.earlier).quantize(Decimal("0.1"))

    @property
    def direction_word(self) -> str:
        if not self.variance:
            return "No change"
        better = (self.variance > 0) == (self.target.direction == Target.Direction.HIGHER)
        return "Better" if better else "Worse"


def statistics(plan: Plan) -> list[Statistic]:
    """For each numeric target: its latest quarter's figure against the same quarter a year
    earlier (like for like, so a part-year is never set against a whole year)."""
    figures = (
        TargetFigure.objects.filter(
            target__row__action__plan=plan,
            target__kind=Target.Kind.NUMERIC,
            update__status=ProgressUpdate.Status.ACCEPTED,
        )
        .select_related("target__row__action", "update")
        .order_by(*FIGURE_ORDER)
    )
    by_target: dict[int, dict[tuple[int, int], TargetFigure]] = defaultdict(dict)
    targets: dict[int, Target] = {}
    for figure in figures:
        targets[figure.target_id] = figure.target
        # Ordered oldest first, so a quarter's latest accepted figure wins.
        by_target[figure.target_id][(figure.update.period_year, figure.update.period_quarter)] = figure
    start_month = plan.partnership.year_start_month
    result = []
    for target_id, quarters in by_target.items():
        year, quarter = max(quarters)
        earlier = quarters.get((year - 1, quarter))
        if earlier is None:
            continue
        later = quarters[(year, quarter)]
        result.append(
            Statistic(
                targets[target_id],
                targets[target_id].row.action.reference,
                Quarter(year - 1, quarter, start_month).label,
                earlier.value,
                Quarter(year, quarter, start_month).label,
                later.value,
            )
        )
    return result


def section_defaults(plan: Plan) -> list[tuple[str, str, bool]]:
    """Starting sections (title, plain text, lists partners), from the plan; the coordinator
    edits, reorders, removes and adds to them afterwards."""
    content = delivery_plan_content(plan, Audience.of(None, plan.partnership))
    partnership = plan.partnership
    performance = []
    for theme_node in content.tree.themes:
        rows = [row for node in theme_node.actions for row in node.rows]
        counts: dict[str, int] = defaultdict(int)
        for row in rows:
            counts[row.current_rag.label if row.current_rag else "no status yet"] += 1
        spread = ", ".join(f"{n} {label}" for label, n in counts.items())
        status = theme_node.rag.status.label if theme_node.rag.status else "no status yet"
        performance.append(
            f"{theme_node.theme.title}: overall {status}. Of {len(rows)} project rows, {spread}."
        )
    return [
        (
            "Purpose of the report and summary",
            f"This report updates the panel on the work of {partnership.name} and on its performance "
            f"against {plan.title} ({plan.period_label}).",
            False,
        ),
        ("Key issues", "\n\n".join(line for line in plan.highlights.splitlines() if line.strip()), False),
        (
            "Recommendations",
            "That the panel notes the partnership's progress against its delivery plan.",
            False,
        ),
        (
            "Background",
            f"{partnership.name} brings together the statutory partners that the Crime and Disorder Act "
            "1998 requires to work together to reduce crime and disorder, with invited partners from the "
            "voluntary and housing sectors. The partners are listed below.",
            True,
        ),
        ("Performance updates per priority", "\n\n".join(performance), False),
    ]


def theme_text(theme: Theme) -> str:
    """A theme's actions and each row's narrative, with its dated accepted updates inside the
    narrative as councils print them ("Update for 17/07/2020 ..."), oldest first."""
    start_month = theme.plan.partnership.year_start_month
    updates = (
        ProgressUpdate.objects.accepted()
        .filter(row__action__theme=theme)
        .select_related("row__action")
        .order_by("row__action__sort_key", "row__position", "row_id", "update_date", "id")
    )
    by_row: dict[int, list[ProgressUpdate]] = defaultdict(list)
    for update in updates:
        by_row[update.row_id].append(update)
    parts = []
    for action in theme.actions.order_by("sort_key").prefetch_related("rows"):
        parts.append(f"<h3>{escape(action.reference)} {escape(action.title)}</h3>")
        for row in action.rows.all():
            parts.append(f"<p><strong>{escape(row.description)}</strong></p>")
            for update in by_row.get(row.pk, []):
                label = f"Update for {update.update_date:%d/%m/%Y} ({update.period(start_month).label})"
                parts.append(f"<p><u>{escape(label)}</u></p>{plain_to_html(update.narrative)}")
    return "".join(parts)


@dataclass
class SectionContent:
    number: str
    section: ReportSection
    body: SafeString
    tables: list[StatisticsTableContent]
    subsections: list["SectionContent"]


@dataclass
class ScrutinyContent:
    """Everything the report shows, gathered once; `scrutiny_html` only renders it."""

    report: ScrutinyReport
    plan_content: DeliveryPlanContent
    sections: list[SectionContent]
    priorities: SafeString
    statutory: list[Organisation]
    invited: list[Organisation]
    statistics: list[Statistic]
    tables: list[StatisticsTableContent]  # those not printed inside a section
    indicators: list[IndicatorSummary]
    background_papers: list[BackgroundPaper]
    audience: Audience
    dhr: DhrSection | None = None  # the restricted register, only for a cleared reader

    @property
    def next_number(self) -> int:
        return len(self.sections) + 1


def numbered_sections(report: ScrutinyReport, tables: list[StatisticsTableContent]) -> list[SectionContent]:
    """Top-level sections numbered 1, 2 ...; their subsections 4.1, 4.2 ... in position order."""
    by_section: dict[int | None, list[StatisticsTableContent]] = defaultdict(list)
    for table in tables:
        by_section[table.table.section_id].append(table)
    sections = list(report.sections.all())
    children: dict[int, list[ReportSection]] = defaultdict(list)
    for section in sections:
        if section.parent_id:
            children[section.parent_id].append(section)
    result = []
    for n, section in enumerate((s for s in sections if not s.parent_id), start=1):
        subsections = [
            SectionContent(f"{n}.{m}", child, mark_safe(child.body), by_section[child.pk], [])
            for m, child in enumerate(children[section.pk], start=1)
        ]
        # body is stored sanitised (reports.rich_text.sanitise), so it is safe to print as is
        result.append(
            SectionContent(str(n), section, mark_safe(section.body), by_section[section.pk], subsections)
        )
    return result


def scrutiny_content(
    report: ScrutinyReport, audience: Audience, dhr: DhrSection | None = None
) -> ScrutinyContent:
    organisations = list(partner_list(report.partnership, report.plan))  # with their commitments
    tables = statistics_tables_content(report)
    plan_themes = report.plan.themes.all()
    indicators = report.partnership.indicators.filter(Q(theme__isnull=True) | Q(theme__in=plan_themes))
    return ScrutinyContent(
        report=report,
        plan_content=delivery_plan_content(report.plan, audience),
        sections=numbered_sections(report, tables),
        priorities=mark_safe(sanitise(report.priorities_next_year)),
        statutory=[o for o in organisations if o.kind == Organisation.Kind.STATUTORY],
        invited=[o for o in organisations if o.kind != Organisation.Kind.STATUTORY],  # and voluntary
        statistics=statistics(report.plan),
        tables=[t for t in tables if t.table.section_id is None],
        indicators=[s for s in indicator_summaries(report.partnership, indicators) if s.latest],
        background_papers=list(report.background_papers.all()),
        audience=audience,
        dhr=dhr if audience.sees_restricted else None,
    )


def scrutiny_html(
    report: ScrutinyReport,
    audience: Audience,
    today: datetime.date | None = None,
    dhr: DhrSection | None = None,
) -> str:
    """The complete HTML of the report as it stands now (issuing stores this). `dhr` is the
    restricted DHR section, given only when the report is rendered for a cleared reader."""
    content = scrutiny_content(report, audience, dhr)
    count = len(content.sections)
    context = {
        "content": content,
        "report": report,
        "plan": report.plan,
        "partnership": report.partnership,
        "sections": content.sections,
        "you_said_number": count + 1,
        "statistics_number": count + 2,
        "priorities_number": count + 3,
        "statutory": content.statutory,
        "invited": content.invited,
        "statistics": content.statistics,
        "tree": content.plan_content.tree,
        "rag_scale": content.plan_content.rag_scale,
        "rollup_rule": RULE_TEXT,
        "audience": audience,
        "generated_on": today or timezone.localdate(),
        "heading_prefix": "Appendix A: ",
        "dhr_section": content.dhr,
        "dhr_number": count + 4,
    }
    body = render_to_string("reports/pdf/scrutiny.html", context)
    return assemble_pdf_html(
        partnership=report.partnership,
        document_title=report.title,
        body=body,
        audience=audience,
        glossary_terms=content.plan_content.glossary,
    )


def check_may_read(user: User | AnonymousUser | None, report) -> None:
    """Drafts are the coordinator's; an issued report is for every member who may see the plan."""
    if user is None:
        if not report.is_issued:
            raise PermissionDenied("A draft report is for the coordinator only.")
        return
    if user.has_perm("plans.manage_plan", report.plan):
        return
    if not (report.is_issued and user.has_perm("plans.view_plan", report.plan)):
        raise PermissionDenied("You may not see this report.")


def scrutiny_report_pdf(*, report, user: User | AnonymousUser | None = None) -> PdfReport:
    check_may_read(user, report)
    started = time.perf_counter()
    audience = Audience.of(user, report.partnership)
    if report.is_issued and report.restricted_snapshot_html and audience.sees_restricted:
        # The version with the DHR section, frozen for cleared readers; reading it is logged.
        dhr_section(partnership=report.partnership, user=user, what=f"Scrutiny report PDF: {report.title}")
        html = report.restricted_snapshot_html
    elif report.is_issued:
        html = report.snapshot_html  # frozen when issued: the same document whatever changed since
    else:
        section = dhr_section(
            partnership=report.partnership, user=user, what=f"Scrutiny draft PDF: {report.title}"
        )
        html = scrutiny_html(report, audience, dhr=section)
    result = html_to_pdf(html)
    filename = f"{slugify(report.title)}-{report.meeting_date:%Y-%m-%d}.pdf"
    return PdfReport(
        filename, result.content, result.pages, time.perf_counter() - started, result.layout_seconds, html
    )
