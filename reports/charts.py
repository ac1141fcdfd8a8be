"""Chart data for the PDFs; the SVG itself is drawn by `csp_tracker/charts.py`, the same code the
web dashboards use.

A chart is data first: `StackedBarChart` holds categories, series and counts, renders itself as
SVG (no script, no external fonts or images, so it passes our CSP and WeasyPrint's fetcher)
and always carries its own table alternative (`rows`), which templates show beside or under it
(`templates/reports/_chart_table.html`). Colours come from the partnership's RAG scale; each
segment is also labelled with its count, and the legend names each series in words, so colour
is never the only cue.
"""

from dataclasses import dataclass, field

from django.utils.safestring import SafeString, mark_safe

from csp_tracker.charts import Bar, Segment, stacked_bars


@dataclass(frozen=True)
class Series:
    label: str
    colour: str
    text_colour: str = "#ffffff"


@dataclass
class StackedBarChart:
    """Horizontal bars, one per category, each stacked from the series' counts."""

    title: str
    categories: list[str]
    series: list[Series]
    values: list[list[int]]  # values[category][series]
    description: str = ""
    id: str = field(default="chart")

    @property
    def totals(self) -> list[int]:
        return [sum(row) for row in self.values]

    @property
    def rows(self) -> list[tuple[str, list[int], int]]:
        """The table alternative: (category, counts per series, total)."""
        return [(c, v, sum(v)) for c, v in zip(self.categories, self.values, strict=True)]

    def svg(self) -> SafeString:
        """Drawn by the same SVG code as the web dashboards (csp_tracker/charts.py)."""
        legend = [Segment(s.label, 0, s.colour, s.text_colour) for s in self.series]
        bars = [
            Bar(
                category,
                [
                    Segment(s.label, count, s.colour, s.text_colour)
                    for s, count in zip(self.series, counts, strict=True)
                ],
            )
            for category, counts in zip(self.categories, self.values, strict=True)
        ]
        desc = self.description or self._summary()
        svg = stacked_bars(chart_id=self.id, title=self.title, desc=desc, bars=bars, legend=legend)
        return mark_safe(svg)  # stacked_bars escapes every text it draws

    def _summary(self) -> str:
        pieces = []
        for category, counts, total in self.rows:
            named = ", ".join(
                f"{count} {s.label}" for s, count in zip(self.series, counts, strict=True) if count
            )
            pieces.append(f"{category}: {named or 'none'} ({total} in all)")
        return "; ".join(pieces)
