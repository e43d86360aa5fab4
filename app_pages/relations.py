"""Relations: the ego network of an entity, and the paths that connect two entities.

The network is drawn by st-link-analysis (Cytoscape.js, bundled in its wheel); only the ego network
or the path subgraph goes to the browser. Every choice lives in the URL, so a copied link restores
the view. A click on a node opens its card, a double-click adds the node's neighbours.

On a large store (a lazy view) the page fetches only what it draws: labels and types come with the
network or path results, and node sizes use the PageRank computed among the most linked nodes
(the others are drawn smallest).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Any

import streamlit as st
from st_link_analysis import Event, st_link_analysis
from st_link_analysis.component.layouts import LAYOUTS

import graph
from app_pages import state, widgets

GRAPH_KEY = "relations_graph"  # the component's value: its last event (re-sent on every rerun)
SEEN_KEY = "relations_graph_seen"  # the timestamp of the last event acted on
HEIGHT = 640
MODES = {"ego": "Ego network", "connect": "Connect A and B"}
TIMES = {"all": "All dates", "asof": "As of a date", "window": "Within a window"}
PARTICIPATION = "participation"
EVENT = "event"
CARD_RELATIONS = 4
ICONS = {
    "person": "person",
    "organization": "account_balance",
    "legislation": "description",
    "court-decision": "assured_workload",
    "place": "place",
    "publication": "folder",
    "concept": "science",
    "event": "flag",
}
PATH_COLOUR = "#D55E00"


# ------------------------------------------------------------------ cached per graph version
@dataclass(frozen=True)
class NodeInfo:
    label: str
    kind: str
    type: str
    type_label: str
    score: float


@st.cache_resource(max_entries=4, show_spinner=False)
def _index(_view: graph.GraphView, version: int) -> dict[str, NodeInfo]:
    """The ranked entities and events with their PageRank (computed once per graph version):
    every one on a view of the whole store, the ``TOP_NODES`` most linked on a lazy view."""
    entities = {s.id for s in graph.centrality(_view, "pagerank")}
    return {
        s.id: NodeInfo(
            s.label, "entity" if s.id in entities else EVENT, s.type, s.type_label, s.score
        )
        for s in graph.centrality(_view, "pagerank", include_events=True)
    }


def _infos(
    view: graph.GraphView,
    ids: Iterable[str],
    idx: dict[str, NodeInfo],
    known: Iterable[graph.Node] = (),
) -> dict[str, NodeInfo]:
    """Label, kind, type and PageRank of these nodes, by id in the order given (unknown ids are
    left out). Labels come from ``known`` (the nodes of a network result), the ranking, or
    :func:`graph.nodes` for the rest; a node outside the ranking (lazy views rank only the most
    linked) scores 0."""
    have = {n.id: n for n in known}
    wanted = list(dict.fromkeys(ids))
    infos = {
        n: NodeInfo(
            have[n].label,
            have[n].kind,
            have[n].type,
            have[n].type_label,
            idx[n].score if n in idx else 0.0,
        )
        for n in wanted
        if n in have
    }
    infos.update({n: idx[n] for n in wanted if n not in infos and n in idx})
    missing = [n for n in wanted if n not in infos]
    if missing:
        found = graph.nodes(view, missing)
        infos.update(
            {n: NodeInfo(v.label, v.kind, v.type, v.type_label, 0.0) for n, v in found.items()}
        )
    return {n: infos[n] for n in wanted if n in infos}


@dataclass(frozen=True)
class TimeChoice:
    """The time control's mode and the window left with the sidebar's dates (None = empty)."""

    mode: str
    window: tuple[str | None, str | None] | None


# ------------------------------------------------------------------ URL state
def _seed(key: str, name: str, default: Any, parse: Callable[[str], Any] = str) -> None:
    """Seed a widget from the URL parameter ``name`` once, before it is drawn."""
    if key in st.session_state:
        return
    raw = st.query_params.get(name)
    value = default
    if raw is not None:
        try:
            value = parse(raw)
        except (ValueError, TypeError):
            value = default
    st.session_state[key] = value


def _choices(options: Iterable[str]) -> Callable[[str], list[str]]:
    allowed = list(options)

    def parse(raw: str) -> list[str]:
        return [] if raw == "none" else [v for v in state.split(raw) if v in allowed]

    return parse


def _bounded(lo: int, hi: int) -> Callable[[str], int]:
    return lambda raw: min(hi, max(lo, int(raw)))


def _clamp(day: date, lo: date, hi: date) -> date:
    return min(hi, max(lo, day))


def _day(lo: date, hi: date) -> Callable[[str], date]:
    return lambda raw: _clamp(date.fromisoformat(raw), lo, hi)


def _days(lo: date, hi: date) -> Callable[[str], tuple[date, date]]:
    def parse(raw: str) -> tuple[date, date]:
        a, b = (_clamp(date.fromisoformat(v), lo, hi) for v in raw.split(","))
        return (a, b) if a <= b else (b, a)

    return parse


# ------------------------------------------------------------------ clicks in the network
def _handle_graph_event() -> None:
    """Act on a click or double-click once: the component re-sends its last event every rerun."""
    event = st.session_state.get(GRAPH_KEY)
    if not isinstance(event, dict) or event.get("timestamp") is None:
        return
    if event["timestamp"] == st.session_state.get(SEEN_KEY):
        return
    st.session_state[SEEN_KEY] = event["timestamp"]
    data = event.get("data") or {}
    if event.get("action") == "select_node" and data.get("target_id"):
        state.set_params(node=str(data["target_id"]))
    elif event.get("action") == "expand" and data.get("node_ids"):
        expanded = state.params("expand")
        expanded += [str(n) for n in data["node_ids"] if str(n) not in expanded]
        state.set_params(expand=expanded, node=str(data["node_ids"][0]))


def _centre(node: str) -> None:
    """Callback: make ``node`` the centre of the ego network."""
    st.query_params["entity"] = node
    st.query_params["node"] = node
    if "expand" in st.query_params:
        del st.query_params["expand"]
    st.session_state["rel_mode"] = "ego"
    st.session_state["rel_q"] = ""


def _use_as(end: str, node: str) -> None:
    """Callback: make ``node`` end ``a`` or ``b`` of a connection."""
    st.query_params[end] = node
    st.session_state[f"rel_{end}_q"] = ""
    st.session_state["rel_mode"] = "connect"


# ------------------------------------------------------------------ drawing
class _Style:
    """A Cytoscape style rule, in the shape st-link-analysis passes to the browser."""

    def __init__(self, selector: str, **style: Any) -> None:
        self.selector, self.style = selector, {k.replace("_", "-"): v for k, v in style.items()}

    def dump(self) -> dict[str, Any]:
        return {"selector": self.selector, "style": self.style}


STYLES = [
    _Style(
        "node",
        width="data(size)",
        height="data(size)",
        label="data(name)",
        font_size=12,
        text_wrap="ellipsis",
        text_max_width="150px",
        text_margin_y=2,
        min_zoomed_font_size=5,
    ),
    *(
        _Style(
            f"node[label='{group}']",
            background_color=colour,
            background_image=f"./icons/{ICONS[group]}.svg",
        )
        for group, colour in widgets.PALETTE.items()
    ),
    _Style("node[focus]", border_width=3, border_color="#222222", font_weight="bold"),
    _Style(
        "edge",
        label="data(rel)",
        font_size=8,
        target_arrow_shape="triangle",
        min_zoomed_font_size=5,
        text_max_width="90px",
        text_wrap="ellipsis",
    ),
    _Style("edge[label='participation']", line_style="dashed"),
    _Style(
        "edge[label='path']",
        line_color=PATH_COLOUR,
        target_arrow_color=PATH_COLOUR,
        text_background_color=PATH_COLOUR,
        color="#FFFFFF",
        width=3.5,
    ),
]


def _node(node: str, info: NodeInfo, top: float, focus: str = "") -> dict[str, Any]:
    """A node to draw; its size grows with its PageRank (the smallest when it has none)."""
    group = EVENT if info.kind == EVENT else widgets.root_type(info.type)
    size = 16 + 34 * math.sqrt(info.score / top) if top > 0 else 16
    data: dict[str, Any] = {
        "id": node,
        "label": group,
        "name": widgets.canvas_text(info.label),
        "type": widgets.canvas_text(info.type_label),
        **({"pagerank": round(info.score, 4)} if info.score else {}),
        "size": round(size, 1),
    }
    if focus:
        data["focus"] = focus
    return {"data": data}


def _role_label(view: graph.GraphView, role: str) -> str:
    spec = view.vocabulary.role_types.get(role)
    return spec.label if spec else role.replace("-", " ")


def _edge(view: graph.GraphView, e: graph.Edge) -> dict[str, Any]:
    participation = e.kind == PARTICIPATION
    label = _role_label(view, e.role) if participation else e.label
    return {
        "data": {
            "id": f"{e.key}:{e.source}>{e.target}",
            "source": e.source,
            "target": e.target,
            "label": PARTICIPATION if participation else "relation",
            "rel": widgets.canvas_text(label),
            "category": e.category,
            "quote": widgets.canvas_text(e.quote[:300]),
        }
    }


def _path_edge(step: graph.PathStep) -> dict[str, Any]:
    return {
        "data": {
            "id": f"{step.key}:{step.source}>{step.target}",
            "source": step.source,
            "target": step.target,
            "label": "path",
            "rel": widgets.canvas_text(step.label),
            "category": step.category,
            "quote": widgets.canvas_text(step.quote[:300]),
        }
    }


def _draw(
    elements: dict[str, list[dict[str, Any]]], version: str, ends: tuple[str, str] | None = None
) -> None:
    """The network; ``version`` changes when the picture is new, so the layout runs again.

    ``ends`` pins two nodes left and right (a path then reads from left to right).
    """
    # st-link-analysis re-runs its layout only when the layout options change; new elements
    # without a new layout would pile up at the origin. A double-click expansion keeps the
    # version: the component then lays out only the added nodes around the clicked one.
    layout = {**LAYOUTS["fcose"], "idealEdgeLength": 80, "nodeRepulsion": 6000, "version": version}
    if ends:
        layout["fixedNodeConstraint"] = [
            {"nodeId": ends[0], "position": {"x": 0, "y": 0}},
            {
                "nodeId": ends[1],
                "position": {"x": 200 * max(2, len(elements["nodes"]) // 2), "y": 0},
            },
        ]
    st_link_analysis(
        elements,
        layout=layout,
        node_styles=STYLES,  # type: ignore[arg-type]  (any object with dump() will do)
        height=HEIGHT,
        key=GRAPH_KEY,
        events=[Event("select_node", "click tap", "node")],
        node_actions=["expand"],
    )


def _version(*parts: Any) -> str:
    return hashlib.sha1(repr(parts).encode()).hexdigest()[:12]


# ------------------------------------------------------------------ pickers and filters
def _pick(view: graph.GraphView, label: str, key: str, current: str, now: str) -> str:
    """A fuzzy search box (accents and case ignored) with its matches; returns the chosen id.

    ``now`` is the label of ``current`` ("" when it names nothing)."""
    query = st.text_input(
        label,
        key=f"{key}_q",
        placeholder=f"{now} — type to search" if now else "type a name, an alias or part of one",
        help="Fuzzy search: accents, case and small misspellings do not matter.",
    )
    if not query.strip():
        return current
    hits = graph.search(view, query, limit=8)
    if not hits:
        st.warning("Nothing in the graph is named like this.")
        return current
    hit = st.selectbox(
        "Matches",
        hits,
        key=f"{key}_pick",
        format_func=lambda h: f"{h.label} ({h.type_label})",
        label_visibility="collapsed",
    )
    return hit.id


def _when(filters: state.Filters, lo: date, hi: date) -> TimeChoice:
    """Draw the time control; return the window it and the sidebar's dates leave."""
    _seed("rel_time", "time", "all", lambda raw: raw if raw in TIMES else "all")
    _seed("rel_at", "at", hi, _day(lo, hi))
    _seed("rel_window", "window", (lo, hi), _days(lo, hi))
    left, middle, right = st.columns([1.1, 3, 2.2], vertical_alignment="bottom")
    mode = left.selectbox("Time", list(TIMES), format_func=TIMES.get, key="rel_time")
    start, end = filters.start, filters.end
    if mode == "asof":
        at = middle.slider(
            "Show the network as of",
            lo,
            hi,
            key="rel_at",
            format="YYYY-MM-DD",
            help="Events up to this day and relations that had begun by then.",
        )
        end = min(end, at) if end else at
        state.set_params(time=mode, at=at.isoformat())
    elif mode == "window":
        a, b = middle.slider(
            "Show the network within",
            lo,
            hi,
            key="rel_window",
            format="YYYY-MM-DD",
            help="Events and relations whose dates overlap this window.",
        )
        start = max(start, a) if start else a
        end = min(end, b) if end else b
        state.set_params(time=mode, window=[a.isoformat(), b.isoformat()])
    else:
        middle.slider(
            "Time slider (choose a time mode)",
            lo,
            hi,
            (lo, hi),
            disabled=True,
            format="YYYY",
            key="rel_time_off",
        )
        state.set_params(time=None)
    right.caption(
        "Relations and events dated outside the time chosen are **hidden**; undated ones always "
        "show." + (" The sidebar's dates apply too." if filters.start or filters.end else "")
    )
    if start and end and end < start:
        return TimeChoice(mode, None)
    return TimeChoice(
        mode, (start.isoformat() if start else None, end.isoformat() if end else None)
    )


def _categories(app: state.AppData, filters: state.Filters, chosen: list[str]) -> list[str] | None:
    """The relation categories to walk: the page's choice within the sidebar's (None = all)."""
    if not chosen and not filters.categories:
        return None
    base = list(filters.categories) or list(app.categories)
    if not chosen:
        return [*base, PARTICIPATION]
    return [c for c in chosen if c in base or c == PARTICIPATION]


def _types(filters: state.Filters, chosen: list[str]) -> list[str] | None:
    """The node types to keep: the page's within the sidebar's entity types (None = all)."""
    if not chosen and not filters.types:
        return None
    if not chosen:
        return [*filters.types, EVENT]
    vocab = graph.default_vocabulary()
    allowed = set(filters.types)

    def within(t: str) -> bool:
        return not allowed or any(a in allowed for a in vocab.ancestors(t))

    return [t for t in chosen if t == EVENT or within(t)]


# ------------------------------------------------------------------ cards
def _card(view: graph.GraphView, node: str, info: NodeInfo | None, shown: set[str]) -> None:
    with st.container(border=True):
        if info is None:
            st.warning(f"Nothing in the graph has the id “{widgets.md_escape(node)}”.")
            return
        if info.kind == EVENT:
            _event_card(view, node, info)
        else:
            _entity_card(view, node, shown)
        with st.container(horizontal=True):
            st.button("Centre here", key="rel_centre", on_click=_centre, args=(node,))
            st.button("Use as A", key="rel_use_a", on_click=_use_as, args=("a", node))
            st.button("Use as B", key="rel_use_b", on_click=_use_as, args=("b", node))


def _entity_card(view: graph.GraphView, node: str, shown: set[str]) -> None:
    profile = graph.entity(view, node)
    st.markdown(f"#### {widgets.md_escape(profile.label)}")
    st.caption(widgets.md_escape(" · ".join(profile.types)))
    if profile.description:
        st.text(profile.description)
    links = [link for group in profile.relations for link in group.links]
    links.sort(key=lambda k: (k.other not in shown, not k.quotes, k.other_label.casefold()))
    quoted = False
    for link in links[:CARD_RELATIONS]:
        label = f"{link.label} ({link.title})" if link.title else link.label
        st.html(widgets.hop_html(profile.label, label, link.other_label))
        if link.quotes:
            quoted = True
            widgets.quote_compact(
                link.quotes[0], caption=widgets.certainty_note(link.certainty, link.stated_by)
            )
    if len(links) > CARD_RELATIONS:
        st.caption(f"{len(links) - CARD_RELATIONS} more relation(s) on the entity page.")
    if not quoted and profile.mentions:
        widgets.quote_compact(profile.mentions[0], caption="where the source names it")
    if profile.events:
        st.caption(f"Takes part in {len(profile.events)} event(s), e.g.:")
        for role in profile.events[:3]:
            st.html(
                widgets.hop_html(profile.label, f"took part as {role.role_label} in", role.label)
            )
    st.page_link(
        "app_pages/entity.py",
        label="Open the entity page",
        icon=":material/person:",
        query_params={"entity": profile.id},
    )


def _event_card(view: graph.GraphView, node: str, info: NodeInfo) -> None:
    st.markdown(f"#### {widgets.md_escape(info.label)}")
    item = graph.events(view, [node]).get(node)
    when = f" · {item.date_text or item.edtf} ({item.edtf})" if item and item.edtf else ""
    st.caption(widgets.md_escape(f"event · {info.type_label}{when}"))
    quotes = [q for q in graph.evidence(view, node) if q.kind == EVENT]
    for q in quotes[:2]:
        note = widgets.certainty_note(item.certainty if item else "")
        widgets.quote_compact(q.evidence, caption=note)
    hood = graph.neighbors(view, node, 1, categories=[PARTICIPATION])
    labels = {n.id: n.label for n in hood.nodes}
    for e in hood.edges:
        if e.kind == PARTICIPATION and e.target == node:
            role = f"took part as {_role_label(view, e.role)} in"
            st.html(widgets.hop_html(labels[e.source], role, info.label))
    st.page_link(
        "app_pages/timeline.py",
        label="Show on the timeline",
        icon=":material/timeline:",
        query_params={"event": node},
    )


# ------------------------------------------------------------------ the two views
@dataclass(frozen=True)
class EgoChoice:
    centre: str
    depth: int
    categories: list[str] | None
    types: list[str] | None
    time: TimeChoice
    expanded: list[str]


def _ego_controls(
    app: state.AppData, filters: state.Filters, idx: dict[str, NodeInfo]
) -> EgoChoice:
    view = app.view
    default = graph.centrality(view, "pagerank", limit=1)
    url_entity = state.param("entity") or (default[0].id if default else "")
    cat_options = [*app.categories, PARTICIPATION]
    type_options = [*(n for n, _ in app.entity_types), EVENT]
    type_labels = {**dict(app.entity_types), EVENT: "events"}
    _seed("rel_depth", "depth", 1, _bounded(1, 3))
    _seed("rel_cats", "rcats", [], _choices(cat_options))
    _seed("rel_types", "rtypes", [], _choices(type_options))
    c1, c2, c3, c4 = st.columns([2.6, 1, 2, 2])
    now = _infos(view, [url_entity], idx).get(url_entity) if url_entity else None
    with c1:
        centre = _pick(view, "Entity at the centre", "rel", url_entity, now.label if now else "")
    depth = c2.slider("Depth (hops)", 1, 3, key="rel_depth")
    cats = c3.multiselect(
        "Relation categories",
        cat_options,
        key="rel_cats",
        placeholder="all categories",
        format_func=lambda c: "event participation" if c == PARTICIPATION else c,
    )
    types = c4.multiselect(
        "Node types",
        type_options,
        key="rel_types",
        placeholder="all types",
        format_func=lambda t: type_labels.get(t, t),
    )
    lo, hi = app.span or (date(1900, 1, 1), date.today())
    time = _when(filters, lo, hi)
    changed = centre != url_entity
    state.set_params(
        mode="ego",
        entity=centre,
        depth=str(depth),
        rcats=cats,
        rtypes=types,
        **({"expand": None, "node": None} if changed else {}),
    )
    return EgoChoice(
        centre,
        depth,
        _categories(app, filters, cats),
        _types(filters, types),
        time,
        [] if changed else state.params("expand"),
    )


def _ego_draw(
    app: state.AppData, filters: state.Filters, idx: dict[str, NodeInfo], top: float, ego: EgoChoice
) -> dict[str, NodeInfo]:
    """Draw the ego network; return the nodes drawn."""
    view, when = app.view, ego.time.window
    if when is None:
        st.warning("The time window is empty: the sidebar's dates and this page's do not overlap.")
        return {}
    try:
        hood = graph.neighbors(
            view, ego.centre, ego.depth, categories=ego.categories, types=ego.types, when=when
        )
        nodes = {n.id: n for n in hood.nodes}
        edges = {(e.source, e.target, e.key): e for e in hood.edges}
        for extra in ego.expanded:
            if extra in nodes:
                more = graph.neighbors(
                    view, extra, 1, categories=ego.categories, types=ego.types, when=when
                )
                nodes.update({n.id: n for n in more.nodes if n.id not in nodes})
                edges.update({(e.source, e.target, e.key): e for e in more.edges})
    except graph.UnknownNode as exc:
        st.error(
            f"{widgets.md_escape(str(exc))}. Search for an entity above, or open one from the "
            "Overview."
        )
        return {}
    except graph.GraphError as exc:
        st.error(widgets.md_escape(str(exc)))
        return {}
    if filters.source:
        edges = {k: e for k, e in edges.items() if e.document == filters.source}
        linked = {e.source for e in edges.values()} | {e.target for e in edges.values()}
        nodes = {n: v for n, v in nodes.items() if n in linked or n == hood.center}
    infos = _infos(view, nodes, idx, nodes.values())
    label = infos[hood.center].label if hood.center in infos else hood.center
    expanded = [x for x in ego.expanded if x in nodes]
    st.caption(
        f"**{widgets.md_escape(label)}** and what lies within {ego.depth} hop(s): "
        f"{len(nodes)} nodes, {len(edges)} edges"
        + (f", {len(expanded)} node(s) expanded by double-click" if expanded else "")
    )
    if len(nodes) <= 1:
        st.info(
            "Nothing is linked to this entity with the current filters: widen the categories, "
            "types or time window."
        )
    elements = {
        "nodes": [
            _node(n, info, top, "centre" if n == hood.center else "") for n, info in infos.items()
        ],
        "edges": [_edge(view, e) for e in edges.values()],
    }
    _draw(
        elements,
        _version("ego", hood.center, ego.depth, ego.categories, ego.types, when, filters.source),
    )
    return infos


@dataclass(frozen=True)
class ConnectChoice:
    a: str
    b: str
    max_len: int
    k: int
    exclude_types: list[str]
    exclude_ids: list[str]
    categories: list[str] | None
    time: TimeChoice


def _connect_controls(
    app: state.AppData, filters: state.Filters, idx: dict[str, NodeInfo]
) -> ConnectChoice:
    view = app.view
    url_a, url_b = state.param("a"), state.param("b")
    type_options = [n for n, _ in app.entity_types] + [EVENT]
    type_labels = {**dict(app.entity_types), EVENT: "events"}
    default_x = ["country"] if "country" in type_options else []
    _seed("rel_maxlen", "maxlen", 4, _bounded(1, 6))
    _seed("rel_k", "k", 3, _bounded(1, 5))
    _seed("rel_xtypes", "xtypes", default_x, _choices(type_options))
    excludable = idx
    if app.lazy:  # the ranking holds only the most linked nodes: add those the URL excludes
        excludable = {**idx, **_infos(view, state.params("xids"), idx)}
    _seed("rel_xids", "xids", [], _choices(excludable))
    ends = _infos(view, [n for n in (url_a, url_b) if n], idx)
    c1, c2, c3, c4 = st.columns([2.3, 2.3, 1, 1])
    with c1:
        a = _pick(view, "From (A)", "rel_a", url_a, ends[url_a].label if url_a in ends else "")
    with c2:
        b = _pick(view, "To (B)", "rel_b", url_b, ends[url_b].label if url_b in ends else "")
    max_len = c3.slider("Longest path", 1, 6, key="rel_maxlen", help="In hops.")
    k = c4.slider("Paths", 1, 5, key="rel_k", help="At most this many, shortest first.")
    c5, c6 = st.columns(2)
    x_types = c5.multiselect(
        "Do not pass through these types",
        type_options,
        key="rel_xtypes",
        format_func=lambda t: type_labels.get(t, t),
        placeholder="no type excluded",
        help="Hubs such as countries link almost everything and explain little.",
    )
    x_ids = c6.multiselect(
        "Do not pass through",
        list(excludable),
        key="rel_xids",
        placeholder="no entity excluded",
        format_func=lambda n: excludable[n].label,
        help=f"Among the {graph.TOP_NODES} most linked nodes and those already excluded."
        if app.lazy
        else None,
    )
    lo, hi = app.span or (date(1900, 1, 1), date.today())
    time = _when(filters, lo, hi)
    state.set_params(
        mode="connect",
        a=a,
        b=b,
        maxlen=str(max_len),
        k=str(k),
        xtypes=x_types or "none",
        xids=x_ids,
    )
    return ConnectChoice(a, b, max_len, k, x_types, x_ids, _categories(app, filters, []), time)


def _connect_draw(
    app: state.AppData, idx: dict[str, NodeInfo], top: float, c: ConnectChoice
) -> tuple[list[graph.Path], dict[str, NodeInfo]]:
    """Find and draw the paths; return them (empty when there is nothing to show) and the nodes
    drawn."""
    if not c.a or not c.b:
        st.info("Choose two entities (or events), A and B, to see how the graph connects them.")
        return [], {}
    if c.time.window is None:
        st.warning("The time window is empty: the sidebar's dates and this page's do not overlap.")
        return [], {}
    try:
        found = graph.paths(
            app.view,
            c.a,
            c.b,
            max_len=c.max_len,
            k=c.k,
            exclude_types=c.exclude_types,
            exclude_ids=c.exclude_ids,
            categories=c.categories,
            when=c.time.window,
        )
    except graph.GraphError as exc:
        st.error(widgets.md_escape(str(exc)))
        return [], {}
    nodes = list(dict.fromkeys(n for p in found for n in p.nodes))
    infos = _infos(app.view, [*nodes, c.a, c.b], idx)
    names = [widgets.md_escape(infos[x].label if x in infos else x) for x in (c.a, c.b)]
    if not found:
        st.info(
            f"No path of at most {c.max_len} hop(s) links {names[0]} and {names[1]} with these "
            "filters. Allow longer paths, exclude fewer types or widen the time window."
        )
        return [], {}
    ends = {found[0].nodes[0]: "A", found[0].nodes[-1]: "B"}
    infos = {n: infos[n] for n in nodes if n in infos}
    steps = {(s.source, s.target, s.key): s for p in found for s in p.steps}
    st.caption(
        f"{len(found)} shortest path(s) from **{names[0]}** to **{names[1]}**, drawn in orange; "
        "each hop reads in the direction walked."
    )
    elements = {
        "nodes": [_node(n, info, top, ends.get(n, "")) for n, info in infos.items()],
        "edges": [_path_edge(s) for s in steps.values()],
    }
    _draw(
        elements,
        _version("connect", tuple(p.nodes for p in found)),
        (found[0].nodes[0], found[0].nodes[-1]),
    )
    return found, infos


def _list_paths(found: list[graph.Path]) -> None:
    for i, path in enumerate(found, start=1):
        hops = len(path)
        route = " → ".join([*(s.source_label for s in path.steps), path.steps[-1].target_label])
        with st.expander(
            f"Path {i} · {hops} hop{'s' if hops != 1 else ''}: {widgets.md_escape(route)}",
            expanded=i == 1,
        ):
            for step in path.steps:
                st.html(widgets.hop_html(step.source_label, step.label, step.target_label))
                note = widgets.certainty_note(step.certainty, step.stated_by)
                if step.evidence is not None:
                    widgets.quote_compact(step.evidence, caption=note)
                elif step.quote:
                    st.html(f"<blockquote>{escape(step.quote)}</blockquote>")
                    st.caption(note)
                else:
                    st.caption(f"No quote recorded for this hop ({note}).")


# ------------------------------------------------------------------ the page
app = state.data()
filters = state.global_filters(app)
view = app.view
_handle_graph_event()
idx = _index(view, id(view))
top = max((i.score for i in idx.values()), default=0.0)

st.title("Relations")
_seed(
    "rel_mode",
    "mode",
    "connect" if state.param("a") and state.param("b") else "ego",
    lambda raw: raw if raw in MODES else "ego",
)
mode = (
    st.segmented_control(
        "View",
        list(MODES),
        key="rel_mode",
        format_func=MODES.get,
        required=True,
        label_visibility="collapsed",
    )
    or "ego"
)

if mode == "connect":
    connect = _connect_controls(app, filters, idx)
else:
    ego = _ego_controls(app, filters, idx)
found: list[graph.Path] = []
left, right = st.columns([2, 1], gap="medium")
with left:
    if mode == "connect":
        found, shown = _connect_draw(app, idx, top, connect)
    else:
        shown = _ego_draw(app, filters, idx, top, ego)
    sizes = (
        f"PageRank among the {graph.TOP_NODES} most linked nodes of this large graph (the "
        "others are drawn smallest)"
        if app.lazy
        else "PageRank centrality"
    )
    st.caption(
        "Click a node for its card (click empty space to close the network's own side panel); "
        f"double-click a node to add its neighbours; scroll to zoom. Node size: {sizes}. Arrows "
        "and labels read from subject to object; dashed lines join an actor to an event, "
        "labelled with its role."
    )
    widgets.legend()
with right:
    if found:
        st.markdown("##### Paths, hop by hop")
        _list_paths(found)
    selected = state.param("node")
    if selected:
        info = shown.get(selected) or _infos(view, [selected], idx).get(selected)
        _card(view, selected, info, set(shown))
    elif not found:
        st.info("Click a node in the network to open its card here.")
