"""The board pack for the demo plan: contents, summary chart, exceptions, changes, appendix."""

import datetime

import pytest

from partners.audience import Audience
from partners.models import Meeting
from plans.models import ProjectRow
from reports.board_pack import board_pack_content
from reports.renderers import board_pack_report
from tests.reports.conftest import pdf_reader, pdf_text, squash


@pytest.fixture
def meetings(demo_plan):
    earlier = Meeting.objects.create(
        partnership=demo_plan.partnership,
        plan=demo_plan,
        date=datetime.date.today() - datetime.timedelta(days=120),
        title="Earlier board",
    )
    latest = Meeting.objects.create(
        partnership=demo_plan.partnership, plan=demo_plan, date=datetime.date.today(), title="Latest board"
    )
    return earlier, latest


@pytest.fixture
def pack(meetings):
    return board_pack_report(meeting=meetings[1])


def test_every_reference_and_narrative_is_in_the_appendix(pack, demo_plan):
    text = pdf_text(pack.content)
    rows = ProjectRow.objects.filter(action__plan=demo_plan).select_related("action", "current_update")
    assert [r.action.reference for r in rows if r.action.reference not in text] == []
    narratives = [squash(r.current_update.narrative) for r in rows if r.current_update]
    assert [n[:60] for n in narratives if n not in text] == []


def test_contents_give_page_numbers(pack):
    cover = squash(pdf_reader(pack.content).pages[0].extract_text())
    assert "1. Summary" in cover
    assert "Appendix: the full plan" in cover
    summary_line = cover[cover.index("1. Summary") : cover.index("2. Exceptions")]
    assert summary_line.rstrip(". ").endswith("2")


def test_summary_fits_one_page_with_chart_and_figures(pack):
    page = squash(pdf_reader(pack.content).pages[1].extract_text())
    assert "1. Summary" in page
    assert "Project rows by status in each theme: the figures" in page
    assert "Update completeness" in page


def test_exceptions_list_every_off_track_row(pack, meetings):
    content = board_pack_content(meetings[1], Audience.of(None, meetings[1].partnership))
    text = pdf_text(pack.content)
    exceptions = text[
        text.index("Every project row whose status asks for a reason") : text.index(
            "Compared with the statuses"
        )
    ]
    assert content.exceptions
    for row, _theme in content.exceptions:
        assert squash(row.description) in exceptions


def test_changes_compare_with_the_previous_meeting(meetings):
    content = board_pack_content(meetings[1], Audience.of(None, meetings[1].partnership))
    changes = content.changes
    assert changes.since == meetings[0].date
    for change in changes.worsened:
        assert change.after.severity > change.before.severity
    for change in changes.improved:
        assert change.after.severity < change.before.severity


def test_chart_counts_add_up_to_the_rows(meetings, demo_plan):
    content = board_pack_content(meetings[1], Audience.of(None, meetings[1].partnership))
    assert (
        sum(total for _c, _v, total in content.chart.rows)
        == ProjectRow.objects.filter(action__plan=demo_plan).count()
    )


def test_page_count_is_sane(pack):
    assert 8 <= pack.pages <= 45
