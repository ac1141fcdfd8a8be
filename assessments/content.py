"""The strategic assessment as a document: everything computed once into `AssessmentContent`,
then rendered to HTML (the page preview, the frozen copy) and to a tagged PDF in the reports'
house style (`reports.renderers.assemble_pdf_html`, `reports.pdf.html_to_pdf`)."""

import datetime
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from assessments.models import (
    EmergingIssue,
    PriorityReview,
    RecommendedPriority,
    ScanningRow,
    StrategicAssessment,
)
from csp_tracker import charts
from indicators import periods
from indicators.models import Indicator
from indicators.selectors import indicator_trend
from indicators.trends import Trend
from partners.audience import Audience
from plans.models import Action
from plans.selectors import ActionNode, plan_tree
from reports.renderers import PdfReport, ReportHtml, assemble_pdf_html

BAR_FILLS = ("#1d70b8", "#505a5f")  # the earlier year, the later year: told apart by words too


@dataclass
class ReviewContent:
    review: PriorityReview
    actions: list[ActionNode]
    judgement: SafeString


@dataclass
class ScanningContent:
    row: ScanningRow
    trend: Trend | None
    actions: list[Action]  # the partnership activity on the topic
    computed_previous: str = ""  # the words the figures give, shown beside words typed instead


@dataclass
class YearsAppendix:
    """Incidents per year of one indicator, as a chart and the same figures as a table."""

    indicator: Indicator
    trend: Trend
    chart: SafeString


@dataclass
class LocationsAppendix:
    """One indicator by location for its latest two years, side by side."""

    indicator: Indicator
    earlier_label: str
    later_label: str
    rows: list[tuple[str, Decimal | None, Decimal | None]]
    chart: SafeString


@dataclass
class AssessmentContent:
    assessment: StrategicAssessment
    executive_summary: SafeString
    key_findings: SafeString
    reviews: list[ReviewContent]
    scanning: list[ScanningContent]
    emerging: list[tuple[EmergingIssue, SafeString]]
    recommendations: list[tuple[RecommendedPriority, SafeString]]
    years: list[YearsAppendix] = field(default_factory=list)
    locations: list[LocationsAppendix] = field(default_factory=list)


def _years_appendix(indicator: Indicator, trend: Trend) -> YearsAppendix:
    svg = charts.line_chart(
        chart_id=f"years-{indicator.pk}",
        title=f"{indicator.name}: each year",
        desc=f"{len(trend.series)} years, from {trend.series[0].label} to {trend.series[-1].label}; "
        "the figures are in the table below.",
        series=[(f.label, f.value) for f in trend.series],
        unit=indicator.unit,
    )
    return YearsAppendix(indicator, trend, mark_safe(svg))  # our own SVG, its text escaped


def _locations_appendix(indicator: Indicator, year: int) -> LocationsAppendix | None:
    """The indicator by location in the assessed year and the year before (None without locations)."""
    start_month = indicator.partnership.year_start_month
    month = 1 if indicator.period_kind == periods.CALENDAR_YEAR else start_month
    values = [v for v in indicator.values.all() if v.area and v.period_start.year in (year - 1, year)]
    if not values:
        return None
    by_area: dict[str, dict[int, Decimal]] = defaultdict(dict)
    for value in values:
        by_area[value.area][value.period_start.year] = value.value

    def label(y: int) -> str:
        return periods.period_label(indicator.period_kind, datetime.date(y, month, 1), start_month)

    earlier, later = label(year - 1), label(year)
    rows = [(area, by_area[area].get(year - 1), by_area[area].get(year)) for area in sorted(by_area)]
    groups = [
        (
            area,
            [
                charts.AmountBar(label, value or Decimal(0), fill, f"{label}: {_n(value)}")
                for label, value, fill in ((earlier, a, BAR_FILLS[0]), (later, b, BAR_FILLS[1]))
            ],
        )
        for area, a, b in rows
    ]
    svg = charts.paired_amounts(
        chart_id=f"locations-{indicator.pk}",
        title=f"{indicator.name} by location, {earlier} and {later}",
        desc="Each location's figure for both years, side by side; the table below gives them.",
        groups=groups,
    )
    return LocationsAppendix(indicator, earlier, later, rows, mark_safe(svg))


def _n(value: Decimal | None) -> str:
    if value is None:
        return "no figure"
    text = f"{value:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def assessment_content(assessment: StrategicAssessment) -> AssessmentContent:
    reviews: list[ReviewContent] = []
    if assessment.reviewed_plan is not None:
        tree = plan_tree(assessment.reviewed_plan)
        nodes = {node.theme.pk: node for node in tree.themes}
        for review in assessment.reviews.select_related("theme"):
            node = nodes.get(review.theme_id)
            reviews.append(
                ReviewContent(review, node.actions if node else [], mark_safe(review.judgement))  # sanitised
            )
    rows = list(assessment.scanning_rows.select_related("indicator__partnership").prefetch_related("actions"))
    scanning, years, locations = [], [], []
    seen: set[int] = set()
    for row in rows:
        trend = indicator_trend(row.indicator, up_to=assessment.year) if row.indicator else None
        computed = trend.previous_12_months_text(row.indicator.unit) if trend and row.indicator else ""
        scanning.append(ScanningContent(row, trend, list(row.actions.all()), computed))
        if row.indicator is not None and trend is not None and trend.series and row.indicator.pk not in seen:
            seen.add(row.indicator.pk)
            years.append(_years_appendix(row.indicator, trend))
            by_location = _locations_appendix(row.indicator, trend.series[-1].year)
            if by_location is not None:
                locations.append(by_location)
    return AssessmentContent(
        assessment=assessment,
        executive_summary=mark_safe(assessment.executive_summary),  # stored sanitised
        key_findings=mark_safe(assessment.key_findings),
        reviews=reviews,
        scanning=scanning,
        emerging=[(issue, mark_safe(issue.body)) for issue in assessment.emerging.all()],
        recommendations=[
            (r, mark_safe(r.rationale)) for r in assessment.recommendations.select_related("theme__plan")
        ],
        years=years,
        locations=locations,
    )


def assessment_html(assessment: StrategicAssessment, today: datetime.date | None = None) -> str:
    """The complete HTML of the document as it stands now (issuing stores this)."""
    content = assessment_content(assessment)
    partnership = assessment.partnership
    body = render_to_string(
        "assessments/pdf/assessment.html",
        {
            "content": content,
            "assessment": assessment,
            "partnership": partnership,
            "generated_on": today or timezone.localdate(),
        },
    )
    return assemble_pdf_html(
        partnership=partnership,
        document_title=assessment.title,
        body=body,
        audience=Audience.of(None, partnership),
        glossary_terms=partnership.glossary.all(),
    )


def check_may_read(user: User | AnonymousUser | None, assessment: StrategicAssessment) -> None:
    """A draft is the coordinator's; an issued assessment is for every member."""
    if user is None:
        if assessment.is_draft:
            raise PermissionDenied("A draft assessment is for the coordinator only.")
        return
    if user.has_perm("partners.manage_partnership", assessment.partnership):
        return
    if assessment.is_draft or not user.has_perm("partners.view_partnership", assessment.partnership):
        raise PermissionDenied("You may not see this assessment.")


def assessment_report_html(
    *, assessment: StrategicAssessment, user: User | AnonymousUser | None = None
) -> ReportHtml:
    """The HTML the PDF is printed from: frozen when issued, else as the draft stands now. Every
    reader gets the same document."""
    started = time.perf_counter()
    check_may_read(user, assessment)
    html = assessment.snapshot_html if not assessment.is_draft else assessment_html(assessment)
    filename = f"{slugify(assessment.title)}-{assessment.assessment_date:%Y-%m-%d}.pdf"
    return ReportHtml(filename, html, started)


def assessment_pdf(*, assessment: StrategicAssessment, user: User | AnonymousUser | None = None) -> PdfReport:
    return assessment_report_html(assessment=assessment, user=user).to_pdf()
