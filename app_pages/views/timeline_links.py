"""How the timeline chart draws links between events: at right angles, never slanting across
lanes (:func:`link_paths`), and darker for the open event (:func:`strong_links`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

import graph

LINK_STRONG = "#333333"  # the links of the open event
Point = tuple[str, float]  # (ISO day, row)
GAP_LANES = (0.0, -0.14, 0.14)  # where a link's horizontal run sits in a gap between lanes


def link_paths(
    edges: Sequence[graph.Edge],
    where: Mapping[str, Point],
    band: Mapping[str, tuple[float, float]],
    lane_gap: float,
) -> dict[tuple[str, str, str], list[Point]]:
    """Each link as a right-angled path, so that no line slants across the lanes.

    A link within one row is a straight line; within one lane it runs along the first event's
    row, then up or down to the second; between lanes it runs from the first event up or down
    to the gap (``lane_gap`` rows high) beside the second event's lane (``band``: each event's
    lane extent, in rows), along that gap, then into the second event. Links sharing a gap are
    spread a little apart.
    """
    paths: dict[tuple[str, str, str], list[Point]] = {}
    in_gap: Counter[float] = Counter()
    for e in edges:
        (xa, ya), (xb, yb) = where[e.source], where[e.target]
        if ya == yb:
            path = [(xa, ya), (xb, yb)]
        elif band[e.source] == band[e.target]:
            path = [(xa, ya), (xb, ya), (xb, yb)]
        else:
            lo, hi = band[e.target]
            middle = round(lo - lane_gap / 2 if ya < yb else hi + lane_gap / 2, 3)
            gap = middle + GAP_LANES[in_gap[middle] % len(GAP_LANES)]
            in_gap[middle] += 1
            path = [(xa, ya), (xa, gap), (xb, gap), (xb, yb)]
        paths[(e.source, e.target, e.key)] = path
    return paths


def strong_links(fig: go.Figure, selected: str) -> None:
    """Draw the links of ``selected`` darker, beneath every other trace (the link traces name
    their links in ``meta``)."""
    strong: list[go.Scatter] = []
    for trace in fig.data:
        meta = trace.meta if isinstance(trace.meta, dict) else {}
        if "links" not in meta:
            continue
        xs: list[Any] = []
        ys: list[Any] = []
        segments = _segments(list(trace.x), list(trace.y))
        for (source, target), (sx, sy) in zip(meta["links"], segments, strict=True):
            if selected in (source, target):
                xs += [*sx, None]
                ys += [*sy, None]
        if xs:
            strong.append(
                go.Scatter(
                    x=xs,
                    y=ys,
                    mode="lines",
                    line={"color": LINK_STRONG, "width": 2.4, "dash": trace.line.dash},
                    opacity=0.9,
                    hoverinfo="skip",
                    showlegend=False,
                )
            )
    if strong:
        fig.add_traces(strong)
        fig.data = fig.data[-len(strong) :] + fig.data[: -len(strong)]


def _segments(xs: list[Any], ys: list[Any]) -> list[tuple[list[Any], list[Any]]]:
    """The polylines of a trace whose paths are separated by ``None``."""
    out: list[tuple[list[Any], list[Any]]] = [([], [])]
    for x, y in zip(xs, ys, strict=True):
        if x is None:
            out.append(([], []))
        else:
            out[-1][0].append(x)
            out[-1][1].append(y)
    return [s for s in out if s[0]]
