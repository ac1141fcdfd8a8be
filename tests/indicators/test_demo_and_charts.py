"""Demo indicators, the indicator dashboard and the SVG charts."""

import datetime
from decimal import Decimal

from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from csp_tracker import charts
from indicators.demo import load_indicator_demo
from indicators.models import IndicatorValue
from tests.indicators.factories import IndicatorFactory, IndicatorValueFactory


def test_demo_indicators_have_several_years_of_values_some_by_area(world):
    assert load_indicator_demo(world.partnership) == 3
    values = IndicatorValue.objects.filter(indicator__partnership=world.partnership)
    assert values.exclude(area="").values("area").distinct().count() == 3
    years = {value.period_start.year for value in values}
    assert max(years) - min(years) >= 3
    assert world.partnership.indicators.filter(direction="lower").count() == 3


def test_demo_indicators_load_once(world):
    load_indicator_demo(world.partnership)
    count = IndicatorValue.objects.count()
    assert load_indicator_demo(world.partnership) == 0
    assert IndicatorValue.objects.count() == count


def test_indicator_dashboard_shows_chart_figures_and_areas(client, world):
    indicator = IndicatorFactory(
        partnership=world.partnership,
        name="ASB",
        target_value=20,
        baseline_value=30,
        baseline_period="2023/24",
    )
    for start, value in (
        (datetime.date(2024, 4, 1), 10),
        (datetime.date(2024, 7, 1), 0),
        (datetime.date(2025, 4, 1), 6),
    ):
        IndicatorValueFactory(indicator=indicator, period_start=start, area="Saltmarsh", value=value)
        IndicatorValueFactory(indicator=indicator, period_start=start, area="Cotterell", value=value)
    client.force_login(world.users["viewer"])
    soup = BeautifulSoup(client.get(reverse("indicator_dashboard", args=["home"])).content, "html.parser")
    chart = soup.find(
        "svg", attrs={"aria-labelledby": f"indicator-{indicator.pk}-title indicator-{indicator.pk}-desc"}
    )
    assert chart["role"] == "img"
    rows = [
        [c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
        for tr in soup.select(f"[data-testid=figures-{indicator.pk}] tbody tr")
    ]
    # newest first; totals of the two areas; Q2 2024/25 was zero so the next quarter has no % change
    assert rows[0] == ["Q1 2025/26", "12", "n/a", "-8 (-40%) Better"]
    assert rows[1] == ["Q2 2024/25", "0", "-20 (-100%) Better", "n/a"]
    assert soup.find(
        "svg",
        attrs={
            "aria-labelledby": f"indicator-{indicator.pk}-areas-title indicator-{indicator.pk}-areas-desc"
        },
    )
    assert "Green" in soup.get_text()  # 12 meets a target of 20 where lower is better


def test_indicator_dashboard_queries_do_not_grow_with_indicators(client, world):
    client.force_login(world.users["viewer"])
    url = reverse("indicator_dashboard", args=["home"])

    def add(n):
        for _ in range(n):
            indicator = IndicatorFactory(partnership=world.partnership, theme=world.action.theme)
            for month in (4, 7, 10):
                IndicatorValueFactory(indicator=indicator, period_start=datetime.date(2024, month, 1))

    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    add(2)
    small = count()
    add(4)
    assert count() == small == 6  # the partnership comes with the memberships (issue 18)


def test_chart_text_is_escaped():
    svg = charts.line_chart(chart_id="c", title="<script>", desc="a & b", series=[("Q1", Decimal(1))])
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "a &amp; b" in svg


def test_line_chart_of_no_values_is_still_a_labelled_image():
    soup = BeautifulSoup(charts.line_chart(chart_id="c", title="T", desc="D", series=[]), "html.parser")
    assert soup.svg["role"] == "img" and soup.svg.title.get_text() == "T"


def test_stacked_bars_label_segments_with_counts_and_a_legend_in_words():
    red = charts.Segment("Red", 3, "#d4351c", "#ffffff", "/x?rag=red")
    svg = charts.stacked_bars(
        chart_id="s", title="T", desc="D", bars=[charts.Bar("Theme 1", [red])], legend=[red]
    )
    soup = BeautifulSoup(svg, "html.parser")
    texts = [t.get_text() for t in soup.find_all("text")]
    assert "3" in texts and "Red" in texts
    assert soup.find("a")["aria-label"] == "Theme 1: Red, 3"
    assert "style=" not in svg  # our CSP blocks style attributes


def test_a_long_bar_label_wraps_at_word_boundaries_and_its_link_name_contains_it_all():
    label = "Anti-social behaviour and street drinking in the town centres and villages"
    svg = charts.stacked_bars(
        chart_id="s",
        title="T",
        desc="D",
        bars=[charts.Bar(label, [charts.Segment("Red", 3, "#d4351c")], href="/x")],
        legend=[],
    )
    soup = BeautifulSoup(svg, "html.parser")
    link = soup.find("a", attrs={"href": "/x"})
    spans = [t.get_text() for t in link.find_all("tspan")]
    assert len(spans) > 1 and all(len(s.strip()) <= charts.LABEL_LINE_CHARS for s in spans)
    assert "".join(spans) == label  # every word shown, none cut
    assert link["aria-label"].startswith(label)
