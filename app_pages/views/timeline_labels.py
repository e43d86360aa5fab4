"""Labels on the timeline chart: the most important events labelled where the text fits.

Plotly places no labels of its own without overlaps, so the chart estimates, in pixels, where
each marker and each label box would be drawn (:class:`Canvas`) and places labels greedily, the
most important event first (:func:`importance`): right of its marker, else left of it, else
shorter, else not at all. A label is never placed over another label or another marker; the
events left unlabelled are read by hovering or in the list beside the chart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import graph

CHAR_PX = 7.0  # width of a character of a 12 px label (generous: a short label never overlaps)
LABEL_FONT_PX = 12
LABEL_PAD_PX = 2  # the white ground's padding around the text
LABEL_H_PX = 18.0  # a label box: 12 px text, its line height and the padding
LABEL_SHIFT_PX = 15  # from a marker's centre to its label's near edge
MARKER_PX = 16.0  # a marker with its ring
LABEL_CHARS = (40, 24)  # a label's text is cut to the first of these lengths that fits
LABEL_INK = "#111111"  # 18:1 on white, 17:1 on the lane shading
LABEL_GROUND = "rgba(255,255,255,0.8)"
LANE_CHAR_PX = 7.0  # width of a character of a 14 px lane label (the y axis's tick labels)
FIGURE_PX = 940  # the chart's width in a 1400 px wide window
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


@dataclass(frozen=True)
class Box:
    """A rectangle in pixels, from the plot's top left corner."""

    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )


@dataclass(frozen=True)
class Label:
    """A label placed beside the marker of placement ``index``."""

    index: int
    text: str
    left: bool  # drawn left of the marker
    box: Box


def importance(
    item: graph.TimelineItem, links: int = 0, score: Mapping[str, float] | None = None
) -> float:
    """How much an event deserves a label: ``score[item.id]`` when given, else its participants
    and links, plus two when several sources tell it."""
    if score is not None and item.id in score:
        return float(score[item.id])
    return len(item.participants) + links + (2.0 if len(item.sources) > 1 else 0.0)


def plot_width(lanes: Iterable[str], figure_px: int = FIGURE_PX) -> float:
    """The plot's width in pixels: the figure's, less its margins and the lane labels."""
    longest = max((len(lane) for lane in lanes), default=0)
    return figure_px - 30 - (10 + LANE_CHAR_PX * longest)


@dataclass(frozen=True)
class Canvas:
    """Maps days and rows to pixels in a plot ``width`` × ``height`` px showing ``x0``–``x1``
    but the ``skips`` (stretches the axis leaves out), and the rows ``y_top``–``y_bottom``."""

    x0: date
    x1: date
    y_top: float
    y_bottom: float
    width: float
    height: float
    skips: tuple[tuple[date, date], ...] = ()

    def _shown(self, day: date) -> int:
        """Days shown on the axis from ``x0`` to ``day``."""
        out = (day - self.x0).days
        for lo, hi in self.skips:
            out -= max(0, (min(day, hi) - lo).days)
        return out

    def x(self, day: str) -> float:
        span = max(1, self._shown(self.x1))
        return self._shown(date.fromisoformat(day)) / span * self.width

    def y(self, row: float) -> float:
        return (row - self.y_top) / (self.y_bottom - self.y_top) * self.height

    def marker(self, day: str, row: float) -> Box:
        cx, cy, half = self.x(day), self.y(row), MARKER_PX / 2
        return Box(cx - half, cy - half, cx + half, cy + half)

    def label(self, day: str, row: float, text: str, left: bool) -> Box:
        """The box of ``text`` labelling the marker at ``day``, ``row``."""
        cx, cy = self.x(day), self.y(row)
        wide = CHAR_PX * len(text) + 2 * LABEL_PAD_PX
        start = cx - LABEL_SHIFT_PX - wide if left else cx + LABEL_SHIFT_PX
        return Box(start, cy - LABEL_H_PX / 2, start + wide, cy + LABEL_H_PX / 2)


def place(
    canvas: Canvas,
    points: Sequence[tuple[str, float]],
    texts: Sequence[str],
    order: Sequence[int],
    *,
    ids: Sequence[str] | None = None,
    obstacles: Sequence[Box] = (),
) -> list[Label]:
    """Labels for the points (day, row) taken in ``order`` (most important first), each where
    its box stays inside the plot and clear of every placed label, every other marker and the
    ``obstacles``; ``texts[k]`` (the full text of point ``k``) is cut with ``short`` to fit.
    Points sharing an id (one event in several lanes) get one label between them.
    """
    from app_pages.views.timeline_chart import short  # the chart module imports this one

    markers = [canvas.marker(day, row) for day, row in points] + list(obstacles)
    placed: list[Label] = []
    done: set[str] = set()
    for k in order:
        if ids is not None and ids[k] in done:
            continue
        day, row = points[k]
        near_right = canvas.x(day) > canvas.width * 0.6
        sides = (True, False) if near_right else (False, True)
        for limit in LABEL_CHARS:
            text = short(texts[k], limit)
            found = next(
                (
                    Label(k, text, left, box)
                    for left in sides
                    for box in [canvas.label(day, row, text, left)]
                    if _fits(box, canvas, k, markers, placed)
                ),
                None,
            )
            if found is not None:
                placed.append(found)
                if ids is not None:
                    done.add(ids[k])
                break
    return placed


def _fits(
    box: Box, canvas: Canvas, own: int, markers: Sequence[Box], placed: Iterable[Label]
) -> bool:
    if box.left < 0 or box.right > canvas.width or box.top < 0 or box.bottom > canvas.height:
        return False
    if any(box.overlaps(m) for j, m in enumerate(markers) if j != own):
        return False
    return not any(box.overlaps(other.box) for other in placed)


def ticks(canvas: Canvas, apart: float = 80) -> tuple[list[str], list[str]]:
    """Ticks for an axis that leaves stretches out (Plotly's own would crowd at a skip): the
    first of each month (of each year on a long axis) shown, ``apart`` px from the last."""
    lo, hi = canvas.x0, canvas.x1
    room = max(1.0, canvas.width / apart)  # ticks that fit
    monthly = (hi - lo).days < 6 * 366
    if monthly:
        step = next((n for n in (1, 2, 3, 6) if (hi - lo).days / 30.4 / n <= room), 12)
        days = [date(y, m, 1) for y in range(lo.year, hi.year + 1) for m in range(1, 13, step)]
    else:
        years = hi.year - lo.year
        step = next((n for n in (1, 2, 5, 10, 25, 50) if years / n <= room), 100)
        days = [date(y, 1, 1) for y in range(lo.year, hi.year + 1) if y % step == 0]
    vals: list[str] = []
    texts: list[str] = []
    last = -apart
    for d in days:
        if not lo <= d <= hi or any(a <= d <= b for a, b in canvas.skips):
            continue
        px = canvas.x(d.isoformat())
        if px - last >= apart:
            vals.append(d.isoformat())
            texts.append(f"{MONTHS[d.month - 1]} {d.year}" if monthly else str(d.year))
            last = px
    return vals, texts
