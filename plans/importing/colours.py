"""A cell's shading mapped to the partnership's own RAG scale by the nearest colour."""

from partners.models import RagStatus


def rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def distance(first: str, second: str) -> float:
    """How far apart two colours look: RGB distance weighted for the eye ("redmean")."""
    (r1, g1, b1), (r2, g2, b2) = rgb(first), rgb(second)
    mean = (r1 + r2) / 2
    dr, dg, db = r1 - r2, g1 - g2, b1 - b2
    return ((2 + mean / 256) * dr * dr + 4 * dg * dg + (2 + (255 - mean) / 256) * db * db) ** 0.5


def nearest_status(colour: str, scale: list[RagStatus]) -> RagStatus | None:
    """The status of `scale` whose colour is nearest `colour` (#RRGGBB)."""
    try:
        return min(scale, key=lambda status: distance(colour, status.colour), default=None)
    except ValueError:
        return None
