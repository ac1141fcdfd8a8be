"""Server-side SVG charts, one code path for web pages and PDFs.

A chart is data first: `StackedBarChart` holds categories, series and counts, renders itself as
SVG (no script, no external fonts or images, so it passes our CSP and WeasyPrint's fetcher)
and always carries its own table alternative (`rows`), which templates show beside or under it
(`templates/reports/_chart_table.html`). Colours come from the partnership's RAG scale; each
segment is also labelled with its count, and the legend names each series in words, so colour
is never the only cue.
"""

from dataclasses import dataclass, field
from html import escape

from django.utils.safestring import SafeString, mark_safe


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
    width: int = 720
    bar_height: int = 26
    gap: int = 12
    label_width: int = 220
    id: str = field(default="chart")

    @property
    def totals(self) -> list[int]:
        return [sum(row) for row in self.values]

    @property
    def rows(self) -> list[tuple[str, list[int], int]]:
        """The table alternative: (category, counts per series, total)."""
        return [(c, v, sum(v)) for c, v in zip(self.categories, self.values, strict=True)]

    def svg(self) -> SafeString:
        scale_max = max(self.totals, default=0) or 1
        plot_width = self.width - self.label_width - 50
        top = 8
        legend_y = top + len(self.categories) * (self.bar_height + self.gap) + 8
        height = legend_y + 28
        title_id, desc_id = f"{self.id}-title", f"{self.id}-desc"
        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width} {height}" '
            f'width="{self.width}" height="{height}" role="img" aria-labelledby="{title_id} {desc_id}" '
            f'font-family="Liberation Sans, DejaVu Sans, Arial, sans-serif" font-size="13">',
            f'<title id="{title_id}">{escape(self.title)}</title>',
            f'<desc id="{desc_id}">{escape(self.description or self._summary())}</desc>',
        ]
        for index, (category, counts) in enumerate(zip(self.categories, self.values, strict=True)):
            y = top + index * (self.bar_height + self.gap)
            middle = y + self.bar_height / 2 + 4.5
            parts.append(
                f'<text x="{self.label_width - 8}" y="{middle:.1f}" text-anchor="end" fill="#0b0c0c">'
                f"{escape(_shorten(category, 32))}</text>"
            )
            x = float(self.label_width)
            for series, count in zip(self.series, counts, strict=True):
                if not count:
                    continue
                width = plot_width * count / scale_max
                parts.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{self.bar_height}" '
                    f'fill="{escape(series.colour)}" stroke="#ffffff" stroke-width="1"/>'
                )
                if width >= 18:
                    parts.append(
                        f'<text x="{x + width / 2:.1f}" y="{middle:.1f}" text-anchor="middle" '
                        f'font-weight="bold" fill="{escape(series.text_colour)}">{count}</text>'
                    )
                x += width
            parts.append(f'<text x="{x + 6:.1f}" y="{middle:.1f}" fill="#505a5f">{sum(counts)}</text>')
        x = float(self.label_width)
        for series in self.series:
            parts.append(
                f'<rect x="{x:.1f}" y="{legend_y}" width="14" height="14" fill="{escape(series.colour)}"/>'
                f'<text x="{x + 19:.1f}" y="{legend_y + 12}" fill="#0b0c0c">{escape(series.label)}</text>'
            )
            x += 30 + 7.5 * len(series.label)
        parts.append("</svg>")
        return mark_safe("".join(parts))  # every interpolated text is escaped above

    def _summary(self) -> str:
        pieces = []
        for category, counts, total in self.rows:
            named = ", ".join(
                f"{count} {s.label}" for s, count in zip(self.series, counts, strict=True) if count
            )
            pieces.append(f"{category}: {named or 'none'} ({total} in all)")
        return "; ".join(pieces)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
