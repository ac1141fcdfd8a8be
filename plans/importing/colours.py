"""A cell's shading mapped to the partnership's own RAG scale by the nearest colour.

Colours are compared in CIELAB, where distance follows what the eye sees: Excel's light green
(#92D050) is nearer a dark green than an orange, as a person would say.
"""

from partners.models import RagStatus


def rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def lab(colour: str) -> tuple[float, float, float]:
    """sRGB (#RRGGBB) to CIELAB under the D65 white point."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb(colour))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def distance(first: str, second: str) -> float:
    """CIE76 colour difference (ΔE)."""
    return sum((p - q) ** 2 for p, q in zip(lab(first), lab(second), strict=True)) ** 0.5


def nearest_status(colour: str, scale: list[RagStatus]) -> RagStatus | None:
    """The status of `scale` whose colour is nearest `colour` (#RRGGBB)."""
    try:
        return min(scale, key=lambda status: distance(colour, status.colour), default=None)
    except ValueError:
        return None
