"""The SVG chart: accessible name, escaped text, a table alternative whose totals add up."""

from bs4 import BeautifulSoup

from reports.charts import Series, StackedBarChart


def chart() -> StackedBarChart:
    return StackedBarChart(
        title="Rows by status",
        categories=["Domestic abuse", "ASB <script>"],
        series=[Series("Red", "#d4351c"), Series("Green", "#00703c")],
        values=[[1, 3], [0, 2]],
    )


def test_svg_has_a_title_and_description_for_screen_readers():
    svg = BeautifulSoup(chart().svg(), "html.parser").find("svg")
    assert svg["role"] == "img"
    assert svg.find("title").get_text() == "Rows by status"
    assert "Domestic abuse: 1 Red, 3 Green (4 in all)" in svg.find("desc").get_text()


def test_text_in_the_svg_is_escaped():
    assert "<script>" not in chart().svg()


def test_segments_are_labelled_with_counts():
    texts = [t.get_text() for t in BeautifulSoup(chart().svg(), "html.parser").find_all("text")]
    assert "3" in texts and "Red" in texts


def test_zero_counts_draw_no_segment():
    rects = BeautifulSoup(chart().svg(), "html.parser").find_all("rect")
    assert len(rects) == 3 + 2  # three non-zero segments and two legend keys


def test_table_alternative_totals():
    assert chart().rows == [("Domestic abuse", [1, 3], 4), ("ASB <script>", [0, 2], 2)]
