"""The undated events as a strip: placed by where their source tells them, not by a date.

Half the events of a news article carry no date the timeline can place. The strip gives them a
visible place beside the chart: one band per source, each event a square (the timeline draws
none) at the share of the text where its first quote sits, rows keeping markers
apart. A click opens the card, as on the timeline (:func:`app_pages.views.timeline_clicks.chart`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

import graph
from app_pages import widgets
from app_pages.views.rows import pack_rows
from app_pages.views.timeline_chart import CLICKABLE, LANE_SHADE, family, plotly_text, short

ROW_PX = 22
GAP = 1.5  # % of the text between two markers of one row
MAX_ROWS = 10
SYMBOL = "square"


@dataclass(frozen=True)
class Told:
    """An undated event and where its source tells it: ``at`` is % of that source's text."""

    item: graph.TimelineItem
    source: str
    at: float


def told(
    items: Sequence[graph.TimelineItem],
    order: Sequence[tuple[str, str, int]],
    lengths: Mapping[str, int],
) -> list[Told]:
    """The items in ``order`` (:func:`graph.told_order`), each at its share of its source's text
    (``lengths``: characters per source; an unknown length puts the last quote at 100%)."""
    by_id = {i.id: i for i in items}
    last: dict[str, int] = {}
    for _e, src, start in order:
        last[src] = max(last.get(src, 1), start + 1)
    placed = []
    for e, src, start in order:
        if e in by_id:
            size = lengths.get(src) or last.get(src, 1)
            placed.append(Told(by_id[e], src, 100.0 * max(start, 0) / max(size, 1)))
    return placed


def _rows(xs: Sequence[float]) -> list[int]:
    """A row per marker (``xs`` in increasing order): the first whose last marker is at least
    ``GAP`` to the left."""
    return pack_rows(((x, x + GAP) for x in xs), MAX_ROWS, touching=True)


def strip_figure(placed: Sequence[Told], titles: Mapping[str, str]) -> go.Figure:
    """The strip: a band per source (``titles``: its name), markers by family colour."""
    fig = go.Figure()
    sources = list(dict.fromkeys(t.source for t in placed))
    top = 0.0
    ticks: list[tuple[float, str]] = []
    points: list[tuple[Told, float]] = []
    for n, src in enumerate(sources):
        members = sorted((t for t in placed if t.source == src), key=lambda t: t.at)
        rows = _rows([t.at for t in members])
        height = max(rows, default=0) + 1
        if n % 2 == 0:
            fig.add_hrect(
                y0=top - 0.5,
                y1=top + height - 0.5,
                fillcolor=LANE_SHADE,
                line_width=0,
                layer="below",
            )
        ticks.append((top + (height - 1) / 2, short(titles.get(src, src), 28)))
        points += [(t, top + r) for t, r in zip(members, rows, strict=True)]
        top += height + 0.4
    by_family: dict[str, list[tuple[Told, float]]] = {}
    for t, y in points:
        by_family.setdefault(family(t.item.type)[0], []).append((t, y))
    for fam, members in by_family.items():
        colour = widgets.shade(family(members[0][0].item.type)[1], LANE_SHADE)
        fig.add_trace(
            go.Scatter(
                x=[t.at for t, _y in members],
                y=[y for _t, y in members],
                mode="markers",
                customdata=[[t.item.id] for t, _y in members],
                hovertext=[
                    f"<b>{plotly_text(short(t.item.label, 80))}</b><br>{plotly_text(fam)} · "
                    f"{plotly_text(t.item.type_label)}<br>no date given; told "
                    f"{t.at:.0f}% into the text"
                    for t, _y in members
                ],
                hovertemplate="%{hovertext}<extra></extra>",
                marker={
                    "symbol": SYMBOL,
                    "size": 11,
                    "color": colour,
                    "line": {"width": 1, "color": "#ffffff"},
                },
                selected={"marker": {"opacity": 1.0}},
                unselected={"marker": {"opacity": 1.0}},
                name=fam,
                showlegend=False,
            )
        )
    fig.update_layout(
        height=int(max(top - 0.4, 1) * ROW_PX + 90),
        margin={"l": 10, "r": 20, "t": 50, "b": 10},
        **CLICKABLE,
    )
    fig.update_xaxes(
        range=[-2, 102],
        side="top",
        tickvals=[0, 25, 50, 75, 100],
        ticktext=["start of the text", "¼", "½", "¾", "end"],
        tickfont={"size": 13, "color": "#333333"},
        showgrid=True,
        gridcolor="#dddddd",
        zeroline=False,
    )
    fig.update_yaxes(
        tickvals=[y for y, _ in ticks],
        ticktext=[plotly_text(s) for _, s in ticks],
        range=[max(top - 0.4, 1) - 0.4, -0.6],
        showgrid=False,
        zeroline=False,
        automargin=True,
        fixedrange=True,
        tickfont={"size": 14, "color": "#222222"},
    )
    return fig
