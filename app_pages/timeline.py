"""Timeline: events on a time axis, fuzzy dates drawn as ranges; a click opens the event's card.

Each event is a marker at its earliest possible day with a bar to its latest possible day, so a
date the source gives only as a month, a year or a vague phrase is visibly a range. Lanes group the
events by type or by actor. The drawing helpers (:func:`placements`, :func:`figure`,
:func:`chart`, :func:`event_card`) are shared with the Stories page; the page itself runs only when
Streamlit runs this file as a page.

On a lazy view (a large or remote store, :mod:`graph.lazy`) the page asks only for what it shows:
without actors, the first events of the window up to a cap (it says so when the cap is reached);
the actor picker offers the participants of those events and the most linked entities, and a
search finds any other.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import graph
import graph.view as graph_view
from app_pages import state, widgets

# Event types grouped in families, one Okabe–Ito colour each (distinguishable with the common
# colour-vision deficiencies). Types a curator adds later fall into "other".
FAMILIES: tuple[tuple[str, str, frozenset[str]], ...] = (
    (
        "government and elections",
        "#0072B2",
        frozenset(
            {
                "election",
                "inauguration",
                "executive-action",
                "legislative-action",
                "appointment",
                "dismissal",
                "funding-cut",
            }
        ),
    ),
    (
        "enforcement",
        "#D55E00",
        frozenset({"arrest", "detention", "deportation", "raid", "visa-revocation"}),
    ),
    (
        "courts and investigations",
        "#CC79A7",
        frozenset({"court-ruling", "lawsuit", "investigation"}),
    ),
    ("statements and publications", "#56B4E9", frozenset({"statement", "publication"})),
    ("protests and strikes", "#009E73", frozenset({"protest", "strike"})),
    ("economy and trade", "#E69F00", frozenset({"economic-event", "tariff-measure"})),
    ("war and diplomacy", "#000000", frozenset({"military-action", "diplomatic-event", "meeting"})),
)
OTHER_FAMILY = ("other", "#999999")
FAMILY_ORDER = [name for name, _, _ in FAMILIES] + [OTHER_FAMILY[0]]

# How a link between two events is drawn (grey lines, one dash style per kind of link).
LINK_DASH = {"led_to": "solid", "response_to": "dash", "part_of_event": "dot"}
LINK_COLOUR = "#6b6b6b"
MAX_ACTOR_LANES = 12
LANE_LABEL_CHARS = 34
LANES = {"type": "Event type", "actor": "Actor"}
MOST_LINKED = 40  # on a lazy view, the actor picker offers these most linked entities too
FIND_HITS = 6  # matches shown by the actor search of a lazy view

HOW_TO_READ = (
    "Each marker sits at the **earliest** day the event can have happened; its bar runs to the "
    "**latest** possible day, so a date the source gives as a month, a year or a vague phrase "
    "shows as a range."
)


def family(event_type: str) -> tuple[str, str]:
    """The family name and colour of an event type."""
    for name, colour, members in FAMILIES:
        if event_type in members:
            return name, colour
    return OTHER_FAMILY


def is_dated(item: graph.TimelineItem) -> bool:
    return bool(item.earliest or item.latest)


def _day(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.day} {d:%B %Y}"


def bounds_text(item: graph.TimelineItem) -> str:
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


def _short(text: str, limit: int = LANE_LABEL_CHARS) -> str:
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
    found_by: dict[str, set[str]] | None = None,
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
        mine = (
            found_by.get(i.id, set()) if (actors and found_by) else {p.id for p in i.participants}
        )
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
        name = _short(label)
        while name in names:
            name += " "
        names.append(name)
    return names


# ------------------------------------------------------------------ drawing
def _x(item: graph.TimelineItem) -> str:
    return item.earliest or item.latest


def _symbol(item: graph.TimelineItem) -> str:
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


def _hover(item: graph.TimelineItem) -> str:
    """Hover text: Plotly renders it as HTML, so every piece of data is escaped."""
    phrase = f"“{plotly_text(item.date_text)}”" if item.date_text else "no date phrase"
    edtf = f" · EDTF {plotly_text(item.edtf)}" if item.edtf else ""
    return (
        f"<b>{plotly_text(_short(item.label, 90))}</b><br>{phrase}{edtf}<br>"
        f"{plotly_text(bounds_text(item))}<br>{plotly_text(item.type_label)} · click for the card"
    )


def _axis_range(placed: Sequence[Placed]) -> tuple[date, date]:
    days = [date.fromisoformat(d) for p in placed for d in (p.item.earliest, p.item.latest) if d]
    lo, hi = min(days), max(days)
    pad = max(timedelta(days=4), (hi - lo) * 0.03)
    return lo - pad, hi + pad


ROW_PX = 24  # one row of markers
LANE_GAP = 0.6  # space between lanes, in rows
MAX_ROWS = 6  # rows a lane may grow to before markers overlap


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
            key=lambda k: (_x(placed[k].item), placed[k].item.latest or "9999"),
        )
        ends: list[float] = []
        for k in members:
            it = placed[k].item
            start = date.fromisoformat(_x(it)).toordinal()
            stop = date.fromisoformat(it.latest).toordinal() if it.latest else right
            stop = max(stop, start) + gap
            row = next((r for r, last in enumerate(ends) if last < start), None)
            if row is None:
                if len(ends) < MAX_ROWS:
                    ends.append(stop)
                    row = len(ends) - 1
                else:
                    row = min(range(len(ends)), key=ends.__getitem__)
            ends[row] = max(ends[row], stop)
            y[k] = top + row
        rows = max(1, len(ends))
        ticks.append((top + (rows - 1) / 2, lane))
        bands.append((top - 0.5, top + rows - 0.5))
        top += rows + LANE_GAP
    return Layout(tuple(y), tuple(ticks), tuple(bands), max(1.0, top - LANE_GAP))


def _colour_of(fam: str) -> str:
    return next((c for n, c, _ in FAMILIES if n == fam), OTHER_FAMILY[1])


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
    highlight = set(highlight)
    fade = bool(highlight)
    x0, x1 = _axis_range(placed)
    if span is not None and span[0] and span[1]:
        lo, hi = date.fromisoformat(span[0]), date.fromisoformat(span[1])
        pad = max(timedelta(days=1), (hi - lo) * 0.03)
        x0, x1 = lo - pad, hi + pad
    right_edge = x1.isoformat()
    layout = stack(placed, lanes, x0, x1)
    middle = (x0 + (x1 - x0) * 0.55).isoformat()
    fig = go.Figure()
    where: dict[str, tuple[str, float]] = {}  # event id -> (x, y) of its first placement
    for k, p in enumerate(placed):
        where.setdefault(p.item.id, (_x(p.item), layout.y[k]))

    # alternate lanes are shaded, so their rows read as one group
    for n, (lo, hi) in enumerate(layout.bands):
        if n % 2 == 0:
            fig.add_hrect(y0=lo, y1=hi, fillcolor="#f3f4f6", line_width=0, layer="below")

    # links first, so they sit under the markers
    by_kind: dict[str, list[graph.Edge]] = defaultdict(list)
    for e in links:
        if e.source in where and e.target in where:
            by_kind[e.predicate].append(e)
    for predicate, edges in sorted(by_kind.items()):
        xs: list[str | None] = []
        ys: list[float | None] = []
        for e in edges:
            (xa, ya), (xb, yb) = where[e.source], where[e.target]
            xs += [xa, xb, None]
            ys += [ya, yb, None]
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
                opacity=0.5,
                hoverinfo="skip",
                showlegend=False,
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
                line={"color": _colour_of(fam), "width": 4, "dash": "dash" if dashed else "solid"},
                opacity=0.2 if faded else 0.6,
                hoverinfo="skip",
                showlegend=False,
            )
        )

    # markers: one trace per family
    groups: dict[str, list[int]] = defaultdict(list)
    for k, p in enumerate(placed):
        groups[family(p.item.type)[0]].append(k)
    for fam in FAMILY_ORDER:
        members = groups.get(fam)
        if not members:
            continue
        colour = _colour_of(fam)
        strong = [not fade or placed[k].item.id in highlight for k in members]
        fig.add_trace(
            go.Scatter(
                x=[_x(placed[k].item) for k in members],
                y=[layout.y[k] for k in members],
                mode="markers",
                customdata=[[placed[k].item.id] for k in members],
                hovertext=[_hover(placed[k].item) for k in members],
                hovertemplate="%{hovertext}<extra></extra>",
                marker={
                    "color": colour,
                    "symbol": [_symbol(placed[k].item) for k in members],
                    "size": [16 if fade and s else 12 for s in strong],
                    "opacity": [1.0 if s else 0.3 for s in strong],
                    "line": {"width": 2, "color": colour},
                },
                selected={"marker": {"opacity": 1.0}},
                unselected={"marker": {"opacity": 1.0 if not fade else 0.3}},
                name=fam,
                showlegend=False,
            )
        )

    if fade and label_highlighted:  # labels on a white ground, so bars do not cross them
        labelled: set[str] = set()
        for k, p in enumerate(placed):
            if p.item.id not in highlight or p.item.id in labelled:
                continue
            labelled.add(p.item.id)
            left = _x(p.item) > middle
            fig.add_annotation(
                x=_x(p.item),
                y=layout.y[k],
                text=plotly_text(_short(p.item.label, 60)),
                showarrow=False,
                xanchor="right" if left else "left",
                xshift=-13 if left else 13,
                bgcolor="rgba(255,255,255,0.9)",
                borderpad=2,
                font={"size": 14, "color": "#111111"},
            )

    for p, y in open_ends:
        fig.add_annotation(
            x=right_edge,
            y=y,
            ax=-16,
            ay=0,
            text="",
            showarrow=True,
            arrowhead=2,
            arrowsize=1.1,
            arrowwidth=2,
            arrowcolor=family(p.item.type)[1],
        )

    if selected and selected in where:
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
    fig.update_layout(
        height=int(layout.rows * ROW_PX + 120),
        margin={"l": 10, "r": 20, "t": 78, "b": 10},
        clickmode="event+select",
        dragmode="zoom",
        hovermode="closest",
        hoverlabel={"align": "left", "font": {"size": 14}},
        showlegend=False,
        font={"size": 14},
    )
    fig.update_xaxes(
        tickfont={"size": 13, "color": "#333333"},
        type="date",
        side="top",
        range=[x0.isoformat(), right_edge],
        showgrid=True,
        gridcolor="#dddddd",
        zeroline=False,
    )
    fig.update_yaxes(
        tickvals=[y for y, _ in layout.ticks],
        ticktext=[plotly_text(lane) for _, lane in layout.ticks],
        range=[layout.rows - 0.4, -0.6],
        showgrid=False,
        zeroline=False,
        automargin=True,
        fixedrange=True,
        tickfont={"size": 14, "color": "#222222"},
    )
    return fig


def _chip(glyph: str, colour: str, label: str) -> str:
    return (
        f"<span style='white-space:nowrap;margin-right:1.2em'><span style='color:{colour};"
        f"font-size:1.15em;letter-spacing:-.08em;margin-right:.3em'>{glyph}</span>"
        f"{escape(label)}</span>"
    )


def legend_html(families: Iterable[str] = (), links: Iterable[str] = ()) -> str:
    """The chart's legend: colours of the event families, how dates are drawn, link styles."""
    present = set(families)
    fams = [f for f in FAMILY_ORDER if f in present] or FAMILY_ORDER
    grey = "#555555"
    rows = [
        "<b>Event types</b>&ensp;" + " ".join(_chip("●", _colour_of(f), f) for f in fams),
        "<b>Dates</b>&ensp;"
        + " ".join(
            [
                _chip("●", grey, "exact day"),
                _chip("●━━", grey, "a month, a year or a stated span"),
                _chip("○╍╍", grey, "exact date not known"),
                _chip("◇", grey, "approximate"),
                _chip("╍╍▶", grey, "no end given"),
            ]
        ),
    ]
    kinds = set(links)
    glyphs = {
        "led_to": ("───", "led to"),
        "response_to": ("╌╌╌", "responded to"),
        "part_of_event": ("┈┈┈", "part of"),
    }
    chips = [_chip(*glyphs[k][:1], LINK_COLOUR, glyphs[k][1]) for k in glyphs if k in kinds]
    if kinds - set(glyphs):
        chips.append(_chip("─·─", LINK_COLOUR, "linked"))
    if chips:
        rows.append("<b>Links</b>&ensp;" + " ".join(chips))
    return (
        "<div style='font-size:.92em;line-height:1.9;color:#333'>"
        + "".join(f"<div>{r}</div>" for r in rows)
        + "</div>"
    )


def chart(fig: go.Figure, key: str) -> None:
    """Draw a timeline figure that reports clicks (read them with :func:`clicked`)."""
    st.plotly_chart(
        fig,
        key=key,
        on_select="rerun",
        selection_mode="points",
        width="stretch",
        config={
            "displaylogo": False,
            "scrollZoom": False,
            "modeBarButtonsToRemove": ["select2d", "lasso2d"],
        },
    )


def clicked(key: str) -> str | None:
    """The event id of the point a chart's selection holds (``None`` when nothing is selected).

    Read before drawing: the selection arrives in session state with the rerun the click caused.
    """
    value = st.session_state.get(key)
    try:
        points = value["selection"]["points"]  # dict access: a real click and AppTest alike
    except (KeyError, TypeError):
        return None
    for point in points:
        data = point.get("customdata") if isinstance(point, dict) else None
        if data:
            return str(data[0] if isinstance(data, list | tuple) else data)
    return None


def changed(key: str, now: str | None) -> str | None:
    """``now`` if it differs from what ``key`` reported on the last run, else ``None``.

    Charts and tables keep reporting their last selection on every rerun; only a change is a
    new click.
    """
    seen_key = f"_{key}_seen"
    if now == st.session_state.get(seen_key):
        return None
    st.session_state[seen_key] = now
    return now


def new_click(key: str) -> str | None:
    """An event id clicked on a chart since the last run."""
    return changed(key, clicked(key))


def event_links(view: graph.GraphView, ids: Iterable[str]) -> list[graph.Edge]:
    """The links among these events (responded to, part of, led to, linked) the graph holds."""
    return graph.links(view, ids, categories=["event"])


# ------------------------------------------------------------------ the event card
def _open_event(event_id: str) -> None:
    st.query_params["event"] = event_id


def event_card(view: graph.GraphView, item: graph.TimelineItem, *, key: str = "card") -> None:
    """An event's card: label, date as written and as EDTF, bounds, participants, quote, links."""
    hood = graph.neighbors(view, item.id, 1)
    labels = {n.id: n.label for n in hood.nodes}
    # participations carry their event's attribution (TimelineItem has no stated_by)
    stated_by = next(
        (e.stated_by for e in hood.edges if e.kind == "participation" and e.stated_by), ""
    )
    with st.container(border=True):
        colour = family(item.type)[1]
        st.html(
            f"<div style='font-size:.85em;color:#444'><span style='display:inline-block;"
            f"width:.75em;height:.75em;border-radius:50%;background:{colour};margin-right:.35em'>"
            f"</span>{escape(item.type_label)}</div>"
            f"<div style='font-size:1.35em;font-weight:600;line-height:1.3;margin:.2em 0'>"
            f"{escape(item.label)}</div>"
        )
        phrase = f"“{escape(item.date_text)}”" if item.date_text else "—"
        edtf = f"<code>{escape(item.edtf)}</code>" if item.edtf else "none (undated)"
        place = f"<br><b>Place:</b> {escape(item.place_label)}" if item.place_label else ""
        who = labels.get(stated_by) or (_label_of(view, stated_by) if stated_by else "")
        st.html(
            "<div style='line-height:1.6'>"
            f"<b>Date in the source:</b> {phrase}<br>"
            f"<b>EDTF:</b> {edtf} · {escape(bounds_text(item))}"
            + (
                f"<br><span style='color:#555'>earliest possible day {escape(item.earliest or '—')}"
                f" · latest {escape(item.latest or 'open')}</span>"
                if is_dated(item)
                else ""
            )
            + place
            + f"<br><b>Certainty:</b> {escape(widgets.certainty_note(item.certainty, who))}"
            + "</div>"
        )
        if item.participants:
            st.markdown("**Participants**")
            for part in item.participants:
                left, right = st.columns([2, 5], vertical_alignment="center")
                left.caption(widgets.md_escape(part.role_label))
                right.page_link(
                    "app_pages/entity.py",
                    label=widgets.md_escape(part.label),
                    query_params={"entity": part.id},
                    icon=":material/person:",
                )
        quotes = [
            q for q in graph.evidence(view, item.id) if q.kind == "event" and q.item == item.id
        ]
        if quotes:
            for q in quotes:
                widgets.quote_card(q.evidence, caption="What the source says")
        elif item.quote:
            st.html(f"<blockquote>{escape(item.quote)}</blockquote>")
        linked = [e for e in hood.edges if e.category == "event"]
        if linked:
            st.markdown("**Linked events**")
            for e in linked:
                out = e.source == item.id
                other = e.target if out else e.source
                verb = e.label if out else e.inverse_label
                left, right = st.columns([2, 5], vertical_alignment="center")
                left.caption(widgets.md_escape(verb))
                right.button(
                    _short(labels.get(other, other), 70),
                    key=f"{key}-link-{e.key}-{other}",
                    on_click=_open_event,
                    args=(other,),
                    type="tertiary",
                    icon=":material/event:",
                    help=f"Open this event. The source: “{_short(e.quote, 160)}”"
                    if e.quote
                    else "Open this event",
                )


def _close_card() -> None:
    if "event" in st.query_params:
        del st.query_params["event"]


@st.dialog("Event", width="large", on_dismiss=_close_card)
def card_dialog(
    view: graph.GraphView,
    events: dict[str, graph.TimelineItem],
    shown: frozenset[str] | None = None,
    outside: str = "This event is outside the current filters.",
) -> None:
    """The card of the event in the URL, in a dialog; closing it takes the event off the URL.

    A button in a dialog reruns only the dialog, so the event is read from the URL each time
    (a linked event opens in place); ``events`` are the items at hand, any other is fetched.
    ``shown``: the events the current filters keep; ``outside`` is said of an event not among them.
    """
    wanted = state.param("event")
    item = events.get(wanted) or (graph.events(view, [wanted]).get(wanted) if wanted else None)
    if item is None:
        st.info("No event is open.")
        return
    event_card(view, item, key="timeline-card")
    if shown is not None and item.id not in shown:
        st.caption(outside)


def _label_of(view: graph.GraphView, ident: str) -> str:
    try:
        return graph.entity(view, ident).label
    except graph.GraphError:
        return ident


# ------------------------------------------------------------------ the page
def focus_start(items: Sequence[graph.TimelineItem]) -> date | None:
    """The first of January of the year from which at least half the dated events start.

    ``None`` when that covers every dated event anyway (then there is nothing to focus on).
    """
    starts = sorted(date.fromisoformat(_x(i)) for i in items if is_dated(i))
    if len(starts) < 4:
        return None
    pivot = starts[len(starts) - (len(starts) + 1) // 2]
    first = date(pivot.year, 1, 1)
    return first if first > starts[0] else None


def _valid(key: str, options: Sequence[str], what: str) -> None:
    """Drop values the URL gave for a multiselect that are not among its options, saying so."""
    chosen = st.session_state.get(key) or []
    bad = [v for v in chosen if v not in options]
    if bad:
        st.session_state[key] = [v for v in chosen if v in options]
        st.warning(f"Ignored unknown {what} in the link: {', '.join(bad)}.")


def timeline_order(item: graph.TimelineItem) -> tuple[bool, str, str, str, str]:
    """The order of :func:`graph.timeline`: dated events first, by earliest bound, then latest
    (an open end last), then label."""
    return (
        not is_dated(item),
        item.earliest or item.latest,
        item.latest or "9999",
        item.label.casefold(),
        item.id,
    )


def most_linked(view: graph.GraphView, limit: int = MOST_LINKED) -> list[graph.Node]:
    """The entities with the most links (claims, roles, places), counted by the store, most first.

    A lazy view's stand-in for "every participant" in the actor picker; computed once per view.
    A view of the whole store gives none (its picker offers every participant).
    """
    if not view.lazy:
        return []
    return _most_linked(view, id(view), limit)


@st.cache_resource(max_entries=4, show_spinner=False)
def _most_linked(_view: graph.GraphView, version: int, limit: int) -> list[graph.Node]:
    return [node for node, _links in graph.most_linked(_view, limit)]


def _add_actor(ident: str) -> None:
    chosen = list(st.session_state.get("actor") or [])
    if ident not in chosen:
        chosen.append(ident)
    st.session_state["actor"] = chosen
    st.session_state["actor_find"] = ""


def _find_actor(view: graph.GraphView, where: Any) -> None:
    """A search box whose matches add an entity to the actors (on a large graph the picker offers
    only some of them)."""
    query = where.text_input(
        "Find another actor",
        key="actor_find",
        placeholder="type a name, an alias or part of one",
        help="Fuzzy search over every entity of the graph: accents, case and small misspellings "
        "do not matter. Click a match to add it to the actors.",
    )
    if not query.strip():
        return
    chosen = set(st.session_state.get("actor") or [])
    hits = graph.search(view, query, kinds=("entity",), limit=FIND_HITS + len(chosen))
    hits = [h for h in hits if h.id not in chosen][:FIND_HITS]
    if not hits:
        where.caption("No other entity is named like this.")
        return
    row = where.container(horizontal=True, gap="small")
    for h in hits:
        row.button(
            f"{_short(h.label, 60)} ({h.type_label})",
            key=f"actor-add-{h.id}",
            on_click=_add_actor,
            args=(h.id,),
            icon=":material/add:",
            help="Add to the actors",
            width="content",
        )


def main() -> None:
    app = state.data()
    filters = state.global_filters(app)
    view = app.view
    vocab = view.vocabulary
    # a lazy view (a large or remote store) fetches only what is asked: no list of every event,
    # and a timeline without actors holds at most `cap` events, the earliest of the window
    lazy = app.lazy
    cap = graph_view.TIMELINE_CAP

    st.title("Timeline")
    everything = [] if lazy else graph.timeline(view, undated=True)

    def type_ok(type_name: str) -> bool:
        return not filters.types or any(vocab.is_a(type_name, t) for t in filters.types)

    # ---- controls (state in the URL); the values are read before the widgets are drawn, since
    # on a lazy view the actors offered come from the events found
    participants: dict[str, graph.Participant] = {}
    counts: Counter[str] = Counter()
    for it in everything:
        for p in {q.id: q for q in it.participants}.values():
            participants.setdefault(p.id, p)
            counts[p.id] += 1
    state.url_state("actor", [], state.split)
    missing = [a for a in st.session_state.get("actor") or [] if a not in participants]
    if lazy and missing:
        for n in graph.nodes(view, missing).values():
            if n.kind == "entity":
                participants[n.id] = graph.Participant(n.id, n.label, n.type, "", "")
    for a in [] if lazy else missing:  # an entity without events of its own (linked ones may be)
        try:
            prof = graph.entity(view, a)
        except graph.GraphError:
            continue
        participants[prof.id] = graph.Participant(prof.id, prof.label, prof.type, "", "")
    _valid("actor", list(participants), "actor")
    if lazy:  # every event type of the vocabulary: which are present would need every event
        present_types = sorted(app.event_types, key=lambda t: t[1])
    else:
        present_types = sorted({(i.type, i.type_label) for i in everything}, key=lambda t: t[1])
    type_labels = dict(present_types)
    state.url_state("etype", [], state.split)
    _valid("etype", list(type_labels), "event type")
    state.url_state("lane", "type")
    if st.session_state["lane"] not in LANES:
        st.session_state["lane"] = "type"
    state.url_state("related", False, lambda s: s == "1")
    actors: list[str] = list(st.session_state.get("actor") or [])
    etypes: list[str] = list(st.session_state.get("etype") or [])
    related = bool(actors and st.session_state.get("related"))

    # ---- the events
    start, end = filters.window
    kwargs = {
        "types": etypes or None,
        "start": start,
        "end": end,
        "source": filters.source or None,
        "undated": True,
    }
    found_by: dict[str, set[str]] = defaultdict(set)
    problem = ""
    capped = False
    try:
        if actors:
            items_by_id: dict[str, graph.TimelineItem] = {}
            for a in actors:
                for it in graph.timeline(view, a, include_related=related, **kwargs):
                    items_by_id[it.id] = it
                    found_by[it.id].add(a)
            items = sorted(items_by_id.values(), key=timeline_order)
        else:
            # a large graph: the latest events of the window (a news corpus is about its present)
            items = graph.timeline(view, limit=cap if lazy else None, latest=lazy, **kwargs)
            capped = lazy and len(items) >= cap
    except graph.GraphError as exc:
        problem = str(exc)
        items = []
    if filters.types:
        items = [i for i in items if any(type_ok(p.type) for p in i.participants)]

    if lazy:  # the participants of the events found, and the most linked entities
        for it in items:
            for p in it.participants:
                participants.setdefault(p.id, p)
        for n in most_linked(view):
            participants.setdefault(n.id, graph.Participant(n.id, n.label, n.type, "", ""))
    actor_options = sorted(
        (a for a, p in participants.items() if type_ok(p.type) or a in actors),
        key=lambda a: participants[a].label.casefold(),
    )

    c1, c2, c3 = st.columns([4, 3, 2])
    c1.multiselect(
        "Actors",
        actor_options,
        key="actor",
        format_func=(
            (lambda a: participants[a].label)
            if lazy
            else (lambda a: f"{participants[a].label} ({counts[a]})")
        ),
        placeholder="type a name: all actors",
        help=(
            "Only the events these entities take part in. Offered: the participants of the "
            "events shown and the most linked entities; find any other below."
            if lazy
            else "Only the events these entities take part in (the number is their events)."
        ),
    )
    if lazy:
        _find_actor(view, c1)
    c2.multiselect(
        "Event types",
        list(type_labels),
        key="etype",
        format_func=lambda t: type_labels.get(t, t),
        placeholder="all event types",
    )
    lane = c3.radio("Lanes by", list(LANES), key="lane", format_func=LANES.get, horizontal=True)
    if actors:
        st.checkbox("Also the events of entities directly linked to these actors", key="related")
    if problem:
        st.error(f"The filters could not be applied: {problem}")

    dated = [i for i in items if is_dated(i)]
    undated = [i for i in items if not is_dated(i)]

    # the events a card can show: those found, and any other asked for by id
    known = {i.id: i for i in [*everything, *items]}

    def event_of(ident: str) -> graph.TimelineItem | None:
        if ident and ident not in known:
            known.update(graph.events(view, [ident]))
        return known.get(ident)

    if capped:
        st.info(
            f"Showing the latest {cap} dated events"
            + (" of this window" if start or end else "")
            + " — set the dates in the sidebar or choose actors to see the others."
        )

    # ---- period: most events of a corpus like this one are recent, a few reach far back
    pivot = focus_start(dated)
    period = "all"
    if pivot is not None:
        recent = [i for i in dated if _x(i) >= pivot.isoformat()]
        first = min(date.fromisoformat(_x(i)) for i in dated)
        wanted = event_of(state.param("event"))
        default = "recent"
        if wanted is not None and is_dated(wanted) and _x(wanted) < pivot.isoformat():
            default = "all"
        state.url_state("period", default)
        if st.session_state["period"] not in ("recent", "all"):
            st.session_state["period"] = default
        names = {
            "recent": f"From {pivot.year} ({len(recent)} events)",
            "all": f"All dates, {first.year}–{max(date.fromisoformat(_x(i)) for i in dated).year} "
            f"({len(dated)} events)",
        }
        period = (
            st.segmented_control(
                "Period", ["recent", "all"], key="period", format_func=names.get, required=True
            )
            or "recent"
        )
        if period == "recent":
            dated = recent
        state.set_params(
            period=period if period != default or "period" in st.query_params else None
        )

    state.set_params(
        actor=actors,
        etype=etypes,
        lane=lane if lane != "type" else None,
        related="1" if related else None,
    )

    # ---- which event is open: a click, else the URL
    selected = state.param("event") or None
    click = new_click("timeline")
    try:
        row = st.session_state["undated"]["selection"]["rows"][0]
        picked = undated[row].id
    except (KeyError, IndexError, TypeError):
        picked = None
    click = changed("undated", picked) or click
    if click:
        selected = click
    if selected and event_of(selected) is None:
        st.warning(f"No event has the id “{selected}”; the link may be out of date.")
        selected = None
    state.set_params(event=selected)

    # ---- draw
    if not dated and not undated:
        st.info(
            "No event matches these filters. Remove an actor or an event type, or widen the date "
            "window in the sidebar."
        )
    elif not dated:
        st.info("No dated event matches these filters; the undated ones are listed below.")
    if dated:
        placed, lanes = placements(
            dated,
            lane,
            actors,
            found_by,
            actor_ok=lambda p: type_ok(p.type),
            names={a: p.label for a, p in participants.items()},
        )
        if lane == "actor" and not actors:
            st.caption(
                f"Lanes: the {len([n for n in lanes if n != 'other actors'])} actors with the "
                "most events shown; "
                "choose actors above for others."
            )
        links: list[graph.Edge] = []
        if not filters.categories or "event" in filters.categories:
            links = event_links(view, [i.id for i in dated])
        chart(figure(placed, lanes, links=links, selected=selected), key="timeline")
        st.html(legend_html({family(i.type)[0] for i in dated}, {e.predicate for e in links}))
        st.caption(
            f"{len(dated)} dated event{'' if len(dated) == 1 else 's'} in {len(lanes)} "
            f"lane{'' if len(lanes) == 1 else 's'}"
            + (f", {len(links)} links between them" if links else "")
            + ". Hover a marker for its date, click it for its card; drag across a period to "
            "zoom in, double-click to zoom out. " + HOW_TO_READ
        )
    if selected:
        card_dialog(
            view,
            known,
            frozenset(i.id for i in items),
            outside=(
                f"This event is not among the latest {cap} events drawn."
                if capped
                else "This event is outside the current filters."
            ),
        )

    if undated:
        st.subheader(f"Undated events ({len(undated)})")
        st.caption(
            "The source gives no date the timeline can place; click a row for its card. "
            "The date window does not apply to them."
            + (f" More may lie beyond the latest {cap} events." if capped else "")
        )
        table = pd.DataFrame(
            {
                "event": [i.label for i in undated],
                "type": [i.type_label for i in undated],
                "date phrase": [i.date_text for i in undated],
                "participants": [", ".join(p.label for p in i.participants) for i in undated],
            }
        )
        st.dataframe(
            table,
            key="undated",
            on_select="rerun",
            selection_mode="single-row",
            hide_index=True,
            width="stretch",
            height=min(420, 35 * (len(undated) + 1) + 3),
        )


if __name__ == "__main__":
    main()
