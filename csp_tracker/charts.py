"""Server-side SVG charts: one code path for web pages and PDFs, no dependencies.

Each function returns an SVG string with role="img" (role="group" when its segments are links),
labelled by its <title> and <desc>, with words next to the colours (segment counts and a legend
with each status's label), so colour never carries meaning alone. Colours are SVG presentation
attributes, which our Content Security Policy allows (it blocks only style attributes). Pages
put the data table beside each chart; the table is the full text alternative.
"""

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

INK = "#0b0c0c"
GRID = "#b1b4b6"
LINE = "#1d70b8"
TARGET = "#00703c"
BASELINE = "#505a5f"
NO_STATUS_FILL = "#ffffff"
FONT = 'font-family="arial, sans-serif"'


@dataclass(frozen=True)
class Segment:
    label: str  # the status label, e.g. Red
    count: int
    fill: str
    text_colour: str = INK
    href: str = ""


@dataclass(frozen=True)
class Bar:
    label: str
    segments: Sequence[Segment]
    href: str = ""


def _open(
    chart_id: str, width: int, height: int, title: str, desc: str, *, linked: bool = False
) -> list[str]:
    # A chart whose segments are links is a group of links (an image may not hold controls).
    role = "group" if linked else "img"
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="csp-chart" viewBox="0 0 {width} {height}" '
        f'width="100%" role="{role}" aria-labelledby="{chart_id}-title {chart_id}-desc" {FONT}>',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]


def _text(
    x: float, y: float, text: str, *, size: int = 13, anchor: str = "start", fill: str = INK, bold=False
):
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{fill}"{weight}>'
        f"{escape(text)}</text>"
    )


def _link(href: str, label: str, inner: str) -> str:
    if not href:
        return inner
    return f'<a href="{escape(href)}" aria-label="{escape(label)}">{inner}</a>'


def stacked_bars(
    *, chart_id: str, title: str, desc: str, bars: Sequence[Bar], legend: Sequence[Segment]
) -> str:
    """Horizontal bars, one per label, split into status segments sized by count."""
    label_width, bar_width, bar_height, gap, top = 230, 440, 26, 12, 10
    legend_height = 30
    height = top + len(bars) * (bar_height + gap) + legend_height + 10
    width = label_width + bar_width + 60
    linked = any(bar.href or any(segment.href for segment in bar.segments) for bar in bars)
    parts = _open(chart_id, width, height, title, desc, linked=linked)
    for index, bar in enumerate(bars):
        y = top + index * (bar_height + gap)
        total = sum(segment.count for segment in bar.segments)
        # Shortened at a word boundary, never mid-word; the full label is in the table alternative.
        name = textwrap.shorten(bar.label, width=34, placeholder=" …")
        parts.append(_link(bar.href, f"{bar.label}: all rows", _text(0, y + 18, name)))
        x = float(label_width)
        for segment in bar.segments:
            if not segment.count:
                continue
            w = bar_width * segment.count / total
            rect = (
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_height}" fill="{segment.fill}" '
                f'stroke="{INK}" stroke-width="1"><title>{escape(bar.label)}: {escape(segment.label)} '
                f"{segment.count}</title></rect>"
            )
            if w >= 22:
                rect += _text(
                    x + w / 2,
                    y + 18,
                    str(segment.count),
                    anchor="middle",
                    fill=segment.text_colour,
                    bold=True,
                )
            parts.append(_link(segment.href, f"{bar.label}: {segment.label}, {segment.count}", rect))
            x += w
        parts.append(_text(label_width + bar_width + 8, y + 18, f"{total} rows" if total != 1 else "1 row"))
    parts.append(_legend(legend, top + len(bars) * (bar_height + gap) + 8))
    parts.append("</svg>")
    return "".join(parts)


def _legend(items: Sequence[Segment], y: float) -> str:
    parts, x = [], 0.0
    for item in items:
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="16" height="16" fill="{item.fill}" '
            f'stroke="{INK}" stroke-width="1"/>'
        )
        parts.append(_text(x + 22, y + 13, item.label))
        x += 34 + 8 * len(item.label)
    return "".join(parts)


def _number(value: Decimal) -> str:
    return f"{value.normalize():,f}" if value == value.to_integral() else f"{value:,}"


@dataclass(frozen=True)
class Scale:
    low: Decimal
    high: Decimal
    top: float
    bottom: float

    def y(self, value: Decimal) -> float:
        if self.high == self.low:
            return (self.top + self.bottom) / 2
        return self.bottom - float((value - self.low) / (self.high - self.low)) * (self.bottom - self.top)


def _scale(values: Sequence[Decimal], top: float, bottom: float) -> Scale:
    low, high = min(values), max(values)
    low = min(low, Decimal(0)) if low >= 0 else low
    high = high if high != low else low + 1
    return Scale(low, high * Decimal("1.1") if high > 0 else high, top, bottom)


def _series_parts(
    series: Sequence[tuple[str, Decimal]],
    *,
    left: float,
    width: float,
    scale: Scale,
    target: Decimal | None,
    baseline: Decimal | None,
    compact: bool,
) -> list[str]:
    parts = []
    right = left + width
    for value, colour, name, dash in (
        (target, TARGET, "Target", "6 4"),
        (baseline, BASELINE, "Baseline", "2 3"),
    ):
        if value is None:
            continue
        y = scale.y(value)
        parts.append(
            f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{right:.1f}" y2="{y:.1f}" stroke="{colour}" '
            f'stroke-width="2" stroke-dasharray="{dash}"/>'
        )
        if not compact:
            parts.append(_text(right + 4, y + 4, f"{name} {_number(value)}", size=12, fill=colour))
    if not series:
        return parts
    step = width / max(len(series) - 1, 1)
    points = [
        (left + i * step if len(series) > 1 else left + width / 2, scale.y(v))
        for i, (_l, v) in enumerate(series)
    ]
    parts.append(
        f'<polyline fill="none" stroke="{LINE}" stroke-width="3" points="'
        + " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        + '"/>'
    )
    every = max(1, -(-len(series) // (4 if compact else 6)))  # at most about six labels
    for index, ((label, value), (x, y)) in enumerate(zip(series, points, strict=True)):
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{3 if compact else 4}" fill="{LINE}">'
            f"<title>{escape(label)}: {_number(value)}</title></circle>"
        )
        if not compact and (index % every == 0 or index == len(series) - 1):
            parts.append(_text(x, scale.bottom + 18, label, size=11, anchor="middle"))
    if compact and series:
        parts.append(
            _text(points[-1][0], points[-1][1] - 8, _number(series[-1][1]), size=11, anchor="end", bold=True)
        )
    return parts


def line_chart(
    *,
    chart_id: str,
    title: str,
    desc: str,
    series: Sequence[tuple[str, Decimal]],
    target: Decimal | None = None,
    baseline: Decimal | None = None,
    unit: str = "",
) -> str:
    """A series over periods, with dashed target and baseline lines labelled in words."""
    width, height, left, top, bottom = 720, 260, 60, 16, 220
    plot_width = width - left - 110
    values = [v for _l, v in series] + [v for v in (target, baseline) if v is not None]
    scale = _scale(values or [Decimal(0)], top, bottom)
    parts = _open(chart_id, width, height, title, desc)
    for fraction in (0, 0.5, 1):
        value = scale.low + (scale.high - scale.low) * Decimal(str(fraction))
        y = scale.y(value)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_width}" y2="{y:.1f}" stroke="{GRID}"/>'
        )
        parts.append(_text(left - 6, y + 4, _number(value.quantize(Decimal("1"))), size=11, anchor="end"))
    if unit:
        parts.append(_text(0, top - 4, unit, size=11))
    parts += _series_parts(
        series, left=left, width=plot_width, scale=scale, target=target, baseline=baseline, compact=False
    )
    parts.append("</svg>")
    return "".join(parts)


def small_multiples(
    *,
    chart_id: str,
    title: str,
    desc: str,
    panels: Sequence[tuple[str, Sequence[tuple[str, Decimal]]]],
    target: Decimal | None = None,
) -> str:
    """One small line chart per area on a shared scale, so areas compare at a glance."""
    columns, panel_width, panel_height = 3, 230, 120
    rows = max(1, (len(panels) + columns - 1) // columns)
    width, height = columns * panel_width, rows * panel_height
    values = [v for _name, series in panels for _l, v in series] + ([target] if target is not None else [])
    parts = _open(chart_id, width, height, title, desc)
    for index, (name, series) in enumerate(panels):
        x0 = (index % columns) * panel_width
        y0 = (index // columns) * panel_height
        parts.append(_text(x0 + 10, y0 + 16, name, size=13, bold=True))
        scale = _scale(values or [Decimal(0)], y0 + 30, y0 + panel_height - 14)
        parts.append(
            f'<line x1="{x0 + 10}" y1="{scale.bottom:.1f}" x2="{x0 + panel_width - 20}" '
            f'y2="{scale.bottom:.1f}" stroke="{GRID}"/>'
        )
        parts += _series_parts(
            series,
            left=x0 + 14,
            width=panel_width - 40,
            scale=scale,
            target=target,
            baseline=None,
            compact=True,
        )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class AmountBar:
    label: str
    value: Decimal
    fill: str
    text: str  # the value in words, e.g. £1,234.56


def paired_amounts(
    *, chart_id: str, title: str, desc: str, groups: Sequence[tuple[str, Sequence[AmountBar]]]
) -> str:
    """Horizontal bars of amounts (e.g. allocated and spent) in groups (e.g. one per theme), all on
    one scale, each bar labelled with its amount in words and the legend naming each bar."""
    label_width, bar_width, bar_height, inner_gap, group_gap, top = 230, 380, 18, 4, 16, 10
    values = [bar.value for _label, bars in groups for bar in bars]
    high = max(values, default=Decimal(0)) or Decimal(1)
    group_height = max((len(bars) for _l, bars in groups), default=1) * (bar_height + inner_gap)
    legend_y = top + len(groups) * (group_height + group_gap)
    width, height = label_width + bar_width + 120, legend_y + 30
    parts = _open(chart_id, width, height, title, desc)
    for index, (label, bars) in enumerate(groups):
        y0 = top + index * (group_height + group_gap)
        name = label if len(label) <= 34 else label[:33] + "…"
        parts.append(_text(0, y0 + 14, name))
        for position, bar in enumerate(bars):
            y = y0 + position * (bar_height + inner_gap)
            w = max(float(bar.value / high) * bar_width, 1.0) if bar.value > 0 else 0.0
            parts.append(
                f'<rect x="{label_width}" y="{y}" width="{w:.1f}" height="{bar_height}" fill="{bar.fill}" '
                f'stroke="{INK}" stroke-width="1"><title>{escape(label)}: {escape(bar.label)} '
                f"{escape(bar.text)}</title></rect>"
            )
            parts.append(_text(label_width + w + 6, y + 14, f"{bar.label} {bar.text}", size=12))
    legend = [Segment(bar.label, 0, bar.fill) for bar in (groups[0][1] if groups else [])]
    parts.append(_legend(legend, legend_y + 6))
    parts.append("</svg>")
    return "".join(parts)
