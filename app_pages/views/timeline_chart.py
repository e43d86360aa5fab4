"""The timeline chart: events in lanes on a time axis, fuzzy dates drawn as ranges.

Each event is a marker at its earliest possible day with a bar to its latest possible day, so a
date the source gives only as a month, a year or a vague phrase is visibly a range. Lanes group
the events by type or by actor (:func:`placements`); rows within a lane keep markers apart
(:func:`stack`); :func:`figure` draws them. :mod:`~app_pages.views.timeline_legend` explains the
drawing and :mod:`~app_pages.views.timeline_clicks` shows a figure that reports clicks. The
Timeline and Stories pages draw with it. Colours come from the event families of the vocabulary
(``graph/vocabulary.yaml``), so an event type a curator adds is drawn in its family's colour.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from typing import Any

import plotly.graph_objects as go

import graph
from app_pages import widgets
from app_pages.views import timeline_labels as tl
from app_pages.views.rows import pack_rows
from app_pages.views.timeline_links import link_paths, strong_links

FAMILY_ORDER = [f.label for f in graph.default_vocabulary().families()]

# How a link between two events is drawn (grey lines, one dash style per kind of link).
LINK_DASH = {"led_to": "solid", "response_to": "dash", "part_of_event": "dot"}
LINK_COLOUR = "#6b6b6b"
#: the layout of a chart whose markers are clicked for a card (timeline, undated strip)
CLICKABLE: dict[str, Any] = {
    "clickmode": "event+select",
    "dragmode": "zoom",
    "hovermode": "closest",
    "hoverlabel": {"align": "left", "font": {"size": 14}},
    "showlegend": False,
    "font": {"size": 14},
}
LANE_SHADE = "#f3f4f6"  # every other lane
DIM_RING = "#7a7a7a"  # the ring of a dimmed marker: 3.9:1 on the lane shading
MAX_ACTOR_LANES = 12
LANE_LABEL_CHARS = 34


def family(event_type: str) -> tuple[str, str]:
    """The family name and colour the vocabulary gives an event type (``other`` when none)."""
    found = graph.default_vocabulary().family_of(event_type)
    return found.label, found.colour


def is_dated(item: graph.TimelineItem) -> bool:
    return bool(item.earliest or item.latest)


def _day(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.day} {d:%B %Y}"


def bounds_text(item: graph.TimelineItem | graph.EventRecord) -> str:
    """The date bounds in words: on a day, sometime between two days, or from one to another."""
    lo, hi = item.earliest, item.latest
    if not lo and not hi:
        return "not placed in time"
    if lo and not hi:
        return f"from {_day(lo)}, with no end given"
    if hi and not lo:
        return f"until {_day(hi)}, with no start given"
    if lo == hi:
        return f"on {_day(lo)}"
    if "/" in item.edtf:
        return f"from {_day(lo)} to {_day(hi)}"
    return f"sometime between {_day(lo)} and {_day(hi)}"


def short(text: str, limit: int = LANE_LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# ------------------------------------------------------------------ lanes
@dataclass(frozen=True)
class Placed:
    """An event drawn in one lane (an event with several actors can appear in several lanes)."""

    item: graph.TimelineItem
    lane: str


def lane_of_type(item: graph.TimelineItem) -> str:
    return item.type_label


def placements(
    items: Sequence[graph.TimelineItem],
    by: str = "type",
    actors: Sequence[str] = (),
    found_by: Mapping[str, Collection[str]] | None = None,
    actor_ok: Any = None,
    names: dict[str, str] | None = None,
) -> tuple[list[Placed], list[str]]:
    """Put dated events in lanes: by event type, or by actor.

    By actor, the lanes are the chosen ``actors`` (``found_by`` maps an event to the chosen actors
    whose timeline holds it), or else the most frequent participants; events with none of them go
    to one last lane. ``actor_ok(participant)`` can restrict which participants get a lane;
    ``names`` gives the labels of chosen actors that take part in none of the events.
    Returns the placements and the lanes, top to bottom.
    """
    dated = [i for i in items if is_dated(i)]
    if by != "actor":
        lanes = sorted(
            {lane_of_type(i) for i in dated},
            key=lambda lane: (
                min(FAMILY_ORDER.index(family(i.type)[0]) for i in dated if i.type_label == lane),
                lane,
            ),
        )
        return [Placed(i, lane_of_type(i)) for i in dated], lanes
    labels: dict[str, str] = {}
    for i in dated:
        for p in i.participants:
            labels[p.id] = p.label
    if actors:
        chosen = list(actors)
        for a in chosen:
            labels.setdefault(a, (names or {}).get(a, a))
    else:
        counts = Counter(
            p.id
            for i in dated
            for p in {q.id: q for q in i.participants}.values()
            if actor_ok is None or actor_ok(p)
        )
        chosen = [a for a, _ in sorted(counts.items(), key=lambda kv: (-kv[1], labels[kv[0]]))]
        chosen = chosen[:MAX_ACTOR_LANES]
    shown_names = _lane_names([labels[a] for a in chosen])
    lane_name = dict(zip(chosen, shown_names, strict=True))
    rest = "other actors" if not actors else "linked entities"
    out: list[Placed] = []
    used: set[str] = set()
    for i in dated:
        mine = found_by.get(i.id, ()) if (actors and found_by) else {p.id for p in i.participants}
        hit = [a for a in chosen if a in mine]
        for a in hit:
            out.append(Placed(i, lane_name[a]))
            used.add(lane_name[a])
        if not hit:
            out.append(Placed(i, rest))
            used.add(rest)
    lanes = [lane_name[a] for a in chosen if lane_name[a] in used]
    if rest in used:
        lanes.append(rest)
    return out, lanes


def _lane_names(labels: list[str]) -> list[str]:
    """Shortened lane labels, kept distinct."""
    names: list[str] = []
    for label in labels:
        name = short(label)
        while name in names:
            name += " "
        names.append(name)
    return names


# ------------------------------------------------------------------ drawing
def axis_day(item: graph.TimelineItem) -> str:
    """The day an event is drawn at: its earliest bound, else its latest."""
    return item.earliest or item.latest


def _symbol(item: graph.TimelineItem, differs: bool = False) -> str:
    """A star for an event several sources tell, a star-diamond when their accounts differ
    (the card shows them side by side), hollow when the date is approximate or uncertain."""
    if len(item.sources) > 1:
        shape = "star-diamond" if differs else "star"
        return f"{shape}-open" if item.approximate or item.uncertain else shape
    if item.approximate:
        return "diamond-open"
    if item.uncertain:
        return "circle-open"
    return "circle"


def plotly_text(text: str) -> str:
    """Text from data for Plotly, which reads it as HTML: ``&``, ``<``, ``>`` escaped.

    Plotly decodes ``&amp;``, ``&lt;`` and ``&gt;`` but shows ``&quot;`` as written, so quotes
    stay as they are (they cannot open a tag).
    """
    return escape(text, quote=False)


def _hover(item: graph.TimelineItem, differs: bool = False) -> str:
    """Hover text: Plotly renders it as HTML, so every piece of data is escaped."""
    phrase = f"“{plotly_text(item.date_text)}”" if item.date_text else "no date phrase"
    edtf = f" · EDTF {plotly_text(item.edtf)}" if item.edtf else ""
    return (
        f"<b>{plotly_text(short(item.label, 90))}</b><br>{phrase}{edtf}<br>"
        f"{plotly_text(bounds_text(item))}<br>{plotly_text(item.type_label)} · click for the card"
        + (
            f"<br>{'✦' if differs else '★'} told by {len(item.sources)} sources "
            f"({plotly_text(', '.join(item.sources))}): "
            + (
                "their accounts differ; the card shows where"
                if differs
                else "their accounts agree; the card shows each"
            )
            if len(item.sources) > 1
            else ""
        )
    )


def _axis_range(placed: Sequence[Placed]) -> tuple[date, date]:
    """The days shown: every marker and bar, with a margin of a marker's width or so."""
    days = [date.fromisoformat(d) for p in placed for d in (p.item.earliest, p.item.latest) if d]
    lo, hi = min(days), max(days)
    pad = max(timedelta(days=2), (hi - lo) * 0.015)
    return lo - pad, hi + pad


def skipped(
    placed: Sequence[Placed], x0: date, x1: date, longer: float = 0.1, keep: float = 0.015
) -> list[tuple[date, date]]:
    """The stretches of the axis ``x0``–``x1`` that no marker or bar reaches and that are longer
    than ``longer`` of it: the axis leaves them out but for ``keep`` of its width each side.

    A bar with no end given (drawn to the right edge) does not hold a stretch open."""
    width = (x1 - x0).days
    reach = sorted(
        (
            date.fromisoformat(axis_day(p.item)),
            date.fromisoformat(p.item.latest or axis_day(p.item)),
        )
        for p in placed
    )
    out: list[tuple[date, date]] = []
    edge = x0
    for lo, hi in reach:
        if (lo - edge).days > width * longer:
            out.append((edge + timedelta(days=width * keep), lo - timedelta(days=width * keep)))
        edge = max(edge, hi)
    return out


ROW_PX = 24  # one row of markers
LANE_GAP = 0.6  # space between lanes, in rows
MAX_ROWS = 24  # rows a lane may grow to before markers overlap (a day with many events)
MARGIN = {"l": 10, "r": 20, "t": 78, "b": 10}
LABELS_FIT = 0.85  # fitted labels stay apart on a chart this much narrower than assumed


@dataclass(frozen=True)
class Layout:
    """Where each placement is drawn: lanes grow rows so that markers and bars do not overlap."""

    y: tuple[float, ...]  # per placement
    ticks: tuple[tuple[float, str], ...]  # lane label positions
    bands: tuple[tuple[float, float], ...]  # lane extents
    rows: float  # total height in rows


def stack(placed: Sequence[Placed], lanes: Sequence[str], x0: date, x1: date) -> Layout:
    """Give every placement a row in its lane: a new row when it would touch the previous one."""
    span = max(1, (x1 - x0).days)
    gap = span * 0.018  # about one marker's width, in days
    right = x1.toordinal()
    y = [0.0] * len(placed)
    ticks: list[tuple[float, str]] = []
    bands: list[tuple[float, float]] = []
    top = 0.0
    for lane in lanes:
        members = sorted(
            (k for k, p in enumerate(placed) if p.lane == lane),
            key=lambda k: (axis_day(placed[k].item), placed[k].item.latest or "9999"),
        )
        spans = []
        for k in members:
            it = placed[k].item
            start = date.fromisoformat(axis_day(it)).toordinal()
            stop = date.fromisoformat(it.latest).toordinal() if it.latest else right
            spans.append((start, max(stop, start) + gap))
        in_rows = pack_rows(spans, MAX_ROWS)
        for k, row in zip(members, in_rows, strict=True):
            y[k] = top + row
        rows = max(in_rows, default=0) + 1
        ticks.append((top + (rows - 1) / 2, lane))
        bands.append((top - 0.5, top + rows - 0.5))
        top += rows + LANE_GAP
    return Layout(tuple(y), tuple(ticks), tuple(bands), max(1.0, top - LANE_GAP))


def family_colour(fam: str) -> str:
    """The colour of an event family (that of ``other`` for an unknown one)."""
    colours = {f.label: f.colour for f in graph.default_vocabulary().families()}
    return colours.get(fam, colours[FAMILY_ORDER[-1]])


def figure(
    placed: Sequence[Placed],
    lanes: Sequence[str],
    *,
    links: Iterable[graph.Edge] = (),
    selected: str | None = None,
    highlight: Iterable[str] = (),
    label_highlighted: bool = True,
    span: tuple[str, str] | None = None,
) -> go.Figure:
    """The timeline figure: markers at the earliest bound, bars to the latest, lanes on y.

    ``highlight`` emphasises some events (larger, labelled) and fades the rest; ``selected`` draws
    a ring around one event; ``links`` (event–event edges) are drawn as grey lines. ``span``
    (two ISO days) fixes the visible dates; by default they cover every event.
    """
    fig, where = base_figure(
        placed,
        lanes,
        links=links,
        highlight=highlight,
        label_highlighted=label_highlighted,
        span=span,
    )
    return ring(fig, where, selected)


Positions = dict[str, tuple[str, float]]  # event id -> (x, y) of its first placement


def ring(fig: go.Figure, where: Positions, selected: str | None) -> go.Figure:
    """Draw a ring around the event ``selected`` (if drawn) on ``fig``, and return it.

    Adding the ring to a copy of a figure (``go.Figure(fig)``) is much cheaper than drawing the
    figure again, so the Timeline page keeps the figure without a ring and rings copies. The
    event's links are drawn again, darker and thicker, under the markers."""
    if selected and selected in where:
        strong_links(fig, selected)
        x, y = where[selected]
        fig.add_trace(
            go.Scatter(
                x=[x],
                y=[y],
                mode="markers",
                hoverinfo="skip",
                showlegend=False,
                marker={
                    "symbol": "circle-open",
                    "size": 26,
                    "color": "#000000",
                    "line": {"width": 3, "color": "#000000"},
                },
            )
        )
    return fig


def base_figure(
    placed: Sequence[Placed],
    lanes: Sequence[str],
    *,
    links: Iterable[graph.Edge] = (),
    highlight: Iterable[str] = (),
    label_highlighted: bool = True,
    span: tuple[str, str] | None = None,
    differ: Iterable[str] = (),
    score: Mapping[str, float] | None = None,
    width_px: int = tl.FIGURE_PX,
) -> tuple[go.Figure, Positions]:
    """:func:`figure` without a ring, and where each event is drawn (for :func:`ring`);
    ``differ`` are the events whose sources' accounts differ (:func:`graph.sources_differ`).

    With no ``highlight``, the most important events are labelled where their labels fit in a
    figure ``width_px`` wide (:mod:`~app_pages.views.timeline_labels`); ``score`` (event id to
    importance) ranks them, else their participants, links and sources do."""
    differ = frozenset(differ)
    links = sorted(links, key=lambda e: (e.predicate, e.source, e.target, e.key))
    highlight = set(highlight)
    fade = bool(highlight)
    x0, x1 = _axis_range(placed)
    if span is not None and span[0] and span[1]:
        lo, hi = date.fromisoformat(span[0]), date.fromisoformat(span[1])
        pad = max(timedelta(days=1), (hi - lo) * 0.03)
        x0, x1 = lo - pad, hi + pad
    skips = skipped(placed, x0, x1) if span is None and not fade else []
    right_edge = x1.isoformat()
    layout = stack(placed, lanes, x0, x1)
    middle = (x0 + (x1 - x0) * 0.55).isoformat()
    fig = go.Figure()
    where: Positions = {}
    band: dict[str, tuple[float, float]] = {}  # event id -> the extent of its first lane
    lane_band = dict(zip(lanes, layout.bands, strict=True))
    for k, p in enumerate(placed):
        where.setdefault(p.item.id, (axis_day(p.item), layout.y[k]))
        band.setdefault(p.item.id, lane_band[p.lane])

    # alternate lanes are shaded, so their rows read as one group
    for n, (lo, hi) in enumerate(layout.bands):
        if n % 2 == 0:
            fig.add_hrect(y0=lo, y1=hi, fillcolor=LANE_SHADE, line_width=0, layer="below")

    # links first, so they sit under the markers
    by_kind: dict[str, list[graph.Edge]] = defaultdict(list)
    for e in links:
        if e.source in where and e.target in where:
            by_kind[e.predicate].append(e)
    paths = link_paths(
        [e for kind in sorted(by_kind) for e in by_kind[kind]], where, band, LANE_GAP
    )
    for predicate, edges in sorted(by_kind.items()):
        xs: list[str | None] = []
        ys: list[float | None] = []
        for e in edges:
            for x, y in paths[(e.source, e.target, e.key)]:
                xs.append(x)
                ys.append(y)
            xs.append(None)
            ys.append(None)
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={
                    "color": LINK_COLOUR,
                    "width": 1.2,
                    "dash": LINK_DASH.get(predicate, "dashdot"),
                },
                opacity=0.45,
                hoverinfo="skip",
                showlegend=False,
                meta={"links": [[e.source, e.target] for e in edges]},  # for ring()
            )
        )

    # bars: one trace per (family, dashed, faded)
    bars: dict[tuple[str, bool, bool], tuple[list[Any], list[Any]]] = defaultdict(lambda: ([], []))
    open_ends: list[tuple[Placed, float]] = []
    for k, p in enumerate(placed):
        it = p.item
        if not it.earliest or it.earliest == it.latest:
            continue
        if not it.latest:
            open_ends.append((p, layout.y[k]))
        dashed = it.uncertain or it.approximate or not it.latest
        xs, ys = bars[(family(it.type)[0], dashed, fade and it.id not in highlight)]
        xs += [it.earliest, it.latest or right_edge, None]
        ys += [layout.y[k], layout.y[k], None]
    for (fam, dashed, faded), (xs, ys) in sorted(bars.items()):
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={
                    "color": family_colour(fam),
                    "width": 4,
                    "dash": "dash" if dashed else "solid",
                },
                opacity=0.2 if faded else 0.6,
                hoverinfo="skip",
                showlegend=False,
            )
        )

    # markers: one trace per family; beside the id, a whole chart's points carry their label
    # and rank, for the labels the browser adds when zoomed in (timeline_zoom)
    order = label_order(placed, links, score) if not fade else []
    rank = {k: n for n, k in enumerate(order)}
    groups: dict[str, list[int]] = defaultdict(list)
    for k, p in enumerate(placed):
        groups[family(p.item.type)[0]].append(k)
    for fam in FAMILY_ORDER:
        members = groups.get(fam)
        if not members:
            continue
        colour = family_colour(fam)
        strong = [not fade or placed[k].item.id in highlight for k in members]
        # every marker's ring stands 3:1 on the lane shading (WCAG 1.4.11): the family colour,
        # darkened where it is light; a dimmed marker is pale inside a grey ring, not transparent
        ring = widgets.shade(colour, LANE_SHADE)
        pale = widgets.mix(colour, "#ffffff", 0.7)
        symbols = [_symbol(placed[k].item, placed[k].item.id in differ) for k in members]
        fills = [
            (ring if sym.endswith("-open") else colour)
            if s
            else (DIM_RING if sym.endswith("-open") else pale)
            for s, sym in zip(strong, symbols, strict=True)
        ]
        fig.add_trace(
            go.Scatter(
                x=[axis_day(placed[k].item) for k in members],
                y=[layout.y[k] for k in members],
                mode="markers",
                customdata=[
                    [placed[k].item.id, short(placed[k].item.label, 60), rank[k]]
                    if rank
                    else [placed[k].item.id]
                    for k in members
                ],
                hovertext=[_hover(placed[k].item, placed[k].item.id in differ) for k in members],
                hovertemplate="%{hovertext}<extra></extra>",
                marker={
                    "color": fills,
                    "symbol": symbols,
                    "size": [16 if fade and s else 12 for s in strong],
                    "opacity": 1.0,  # sizes given per point would default it to 0.7 (bubbles)
                    "line": {"width": 2, "color": [ring if s else DIM_RING for s in strong]},
                },
                selected={"marker": {"opacity": 1.0}},
                unselected={"marker": {"opacity": 1.0}},
                name=fam,
                showlegend=False,
            )
        )

    notes: list[dict[str, Any]] = []  # annotations, set at once (adding each one is slow)
    if fade and label_highlighted:  # labels on a white ground, so bars do not cross them
        labelled: set[str] = set()
        for k, p in enumerate(placed):
            if p.item.id not in highlight or p.item.id in labelled:
                continue
            labelled.add(p.item.id)
            left = axis_day(p.item) > middle
            notes.append(
                {
                    "x": axis_day(p.item),
                    "y": layout.y[k],
                    "text": plotly_text(short(p.item.label, 60)),
                    "showarrow": False,
                    "xanchor": "right" if left else "left",
                    "xshift": -13 if left else 13,
                    "bgcolor": "rgba(255,255,255,0.9)",
                    "borderpad": 2,
                    "font": {"size": 14, "color": "#111111"},
                }
            )

    ticks: dict[str, Any] = {}
    labelled_ids: list[str] = []
    if not fade:
        canvas = chart_canvas(layout, (x0, x1), lanes, width_px, skips)
        if skips:
            ticks = dict(zip(("tickvals", "ticktext"), tl.ticks(canvas), strict=True))
        server_labels = _labels(placed, layout, canvas, order, open_ends)
        notes += [note for note, _ in server_labels]
        labelled_ids = [ident for _, ident in server_labels]
    for lo, hi in skips:  # the axis leaves out a stretch with no events: say so where
        fig.add_vline(x=lo.isoformat(), line={"color": "#9ca3af", "width": 1, "dash": "dot"})
        notes.append(
            {
                "x": lo.isoformat(),
                "y": 1,
                "yref": "paper",
                "yanchor": "middle",
                "text": "≈",
                "showarrow": False,
                "bgcolor": "#ffffff",
                "font": {"size": 15, "color": "#444444"},
                "hovertext": plotly_text(
                    f"The axis leaves out {_day(lo.isoformat())} to {_day(hi.isoformat())}: "
                    "no event falls in it"
                ),
            }
        )

    for p, y in open_ends:
        notes.append(
            {
                "x": right_edge,
                "y": y,
                "ax": -16,
                "ay": 0,
                "text": "",
                "showarrow": True,
                "arrowhead": 2,
                "arrowsize": 1.1,
                "arrowwidth": 2,
                "arrowcolor": family(p.item.type)[1],
            }
        )

    fig.update_layout(
        annotations=notes,
        # chart() hides the fitted labels where the chart is narrower than they were fitted for
        # "labelled": the events of the first annotations, in order (timeline_zoom reads them)
        meta={"fitted_labels": int(width_px * LABELS_FIT), "labelled": labelled_ids}
        if not fade
        else None,
        height=_height(layout),
        margin=MARGIN,
        **CLICKABLE,
    )
    fig.update_layout(selectdirection="h")  # a box selects a period (timeline_clicks.chart)
    fig.update_xaxes(
        tickfont={"size": 13, "color": "#333333"},
        type="date",
        side="top",
        range=[x0.isoformat(), right_edge],
        rangebreaks=[{"bounds": [lo.isoformat(), hi.isoformat()]} for lo, hi in skips],
        **ticks,
        showgrid=True,
        gridcolor="#dddddd",
        zeroline=False,
    )
    fig.update_yaxes(
        tickvals=[y for y, _ in layout.ticks],
        ticktext=[plotly_text(lane) for _, lane in layout.ticks],
        range=[layout.rows - 0.4, -0.6],  # as chart_canvas() assumes
        showgrid=False,
        zeroline=False,
        automargin=True,
        fixedrange=True,
        tickfont={"size": 14, "color": "#222222"},
    )
    return fig, where


def label_order(
    placed: Sequence[Placed], links: Sequence[graph.Edge], score: Mapping[str, float] | None
) -> list[int]:
    """The indices of ``placed``, the most important event first: the order labels are given
    their place in, on the server (:func:`_labels`) and in the browser when zoomed in."""
    degree: Counter[str] = Counter()
    for e in links:
        degree[e.source] += 1
        degree[e.target] += 1
    return sorted(
        range(len(placed)),
        key=lambda k: (
            -tl.importance(placed[k].item, degree[placed[k].item.id], score),
            axis_day(placed[k].item),
            placed[k].item.label,
        ),
    )


def _labels(
    placed: Sequence[Placed],
    layout: Layout,
    canvas: tl.Canvas,
    order: Sequence[int],
    open_ends: Sequence[tuple[Placed, float]],
) -> list[tuple[dict[str, Any], str]]:
    """Labels of the events where they fit (:func:`timeline_labels.place`), given in ``order``
    (:func:`label_order`), in dark type on a white ground, as annotations, each with its event's
    id."""
    points = [(axis_day(p.item), y) for p, y in zip(placed, layout.y, strict=True)]
    arrows = [  # the "no end given" arrowheads at the right edge
        tl.Box(canvas.width - 18, canvas.y(y) - 6, canvas.width, canvas.y(y) + 6)
        for _, y in open_ends
    ]
    labels = tl.place(
        canvas,
        points,
        [p.item.label for p in placed],
        order,
        ids=[p.item.id for p in placed],
        obstacles=arrows,
    )
    return [
        (
            {
                "x": points[label.index][0],
                "y": points[label.index][1],
                "text": plotly_text(label.text),
                "showarrow": False,
                "xanchor": "right" if label.left else "left",
                "xshift": -tl.LABEL_SHIFT_PX if label.left else tl.LABEL_SHIFT_PX,
                "bgcolor": tl.LABEL_GROUND,
                "borderpad": tl.LABEL_PAD_PX,
                "font": {"size": tl.LABEL_FONT_PX, "color": tl.LABEL_INK},
            },
            placed[label.index].item.id,
        )
        for label in labels
    ]


def chart_canvas(
    layout: Layout,
    axis: tuple[date, date],
    lanes: Iterable[str],
    width_px: int = tl.FIGURE_PX,
    skips: Iterable[tuple[date, date]] = (),
) -> tl.Canvas:
    """Where the figure :func:`base_figure` draws for ``layout`` puts days and rows, in pixels
    (an estimate: the figure is ``width_px`` wide, its height is set from the rows)."""
    top, bottom = -0.6, layout.rows - 0.4
    height = _height(layout) - MARGIN["t"] - MARGIN["b"]
    width = tl.plot_width(lanes, width_px)
    return tl.Canvas(axis[0], axis[1], top, bottom, width, height, tuple(skips))


def _height(layout: Layout) -> int:
    return int(layout.rows * ROW_PX + 120)


def event_links(view: graph.GraphView, ids: Iterable[str]) -> list[graph.Edge]:
    """The links among these events (responded to, part of, led to, linked) the graph holds."""
    return graph.links(view, ids, categories=["event"])


def focus_start(items: Sequence[graph.TimelineItem]) -> date | None:
    """The first day of the month from which at least half the dated events start: the latest
    such month, so the recent period wastes little of the axis on a sparse past.

    ``None`` when that covers every dated event anyway (then there is nothing to focus on).
    """
    starts = sorted(date.fromisoformat(axis_day(i)) for i in items if is_dated(i))
    if len(starts) < 4:
        return None
    pivot = starts[len(starts) - (len(starts) + 1) // 2]
    first = date(pivot.year, pivot.month, 1)
    return first if first > starts[0] else None


def period_name(pivot: date) -> str:
    """The name of the period from :func:`focus_start`'s day on: "From Apr 2024"."""
    return f"From {tl.MONTHS[pivot.month - 1]} {pivot.year}"
