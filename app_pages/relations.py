"""Relations: the ego network of an entity, and the paths that connect two entities.

The network is drawn by st-link-analysis (Cytoscape.js, bundled in its wheel); only the ego network
or the path subgraph goes to the browser. Every choice lives in the URL, so a copied link restores
the view. A click on a node opens its card, a double-click adds the node's neighbours.

On a large store (a lazy view) the page fetches only what it draws: labels and types come with the
network or path results, and node sizes use the PageRank computed among the most linked nodes
(the others are drawn smallest).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import streamlit as st

import graph
from app_pages import state, widgets
from app_pages.views.network_chart import (
    EVENT,
    PARTICIPATION,
    NodeInfo,
    as_text,
    draw,
    edge_element,
    handle_graph_event,
    node_element,
    path_element,
    version,
)
from app_pages.views.node_cards import entity_card, event_card, path_list
from app_pages.views.relation_controls import TimeChoice
from app_pages.views.relation_controls import bounded as _bounded
from app_pages.views.relation_controls import choices as _choices
from app_pages.views.relation_controls import seed as _seed
from app_pages.views.relation_controls import time_control as _when

MODES = {"ego": "Ego network", "connect": "Connect A and B"}
FIRST_SHOWN = 20  # neighbours drawn before "show all": more is a tangle
#: the box the ego network is laid out in: about the frame's own size beside the card at 1400 px
#: (600 × 640), so the picture fills it and is drawn near its own scale (labels near 12 px)
LAYOUT_BOX = (700.0, 640.0)


# ------------------------------------------------------------------ cached per graph version
@st.cache_resource(max_entries=4, show_spinner=False)
def _index(_view: graph.GraphView, version: int) -> dict[str, NodeInfo]:
    """The ranked entities and events with their PageRank (computed once per graph version):
    every one on a view of the whole store, the most linked on a lazy view (:func:`_among`)."""
    return {
        r.id: NodeInfo(r.label, r.kind, r.type, r.type_label, r.score)
        for r in graph.ranked_nodes(_view, "pagerank")
    }


def _among(view: graph.View) -> int | None:
    """How many of the most linked nodes the ranking looked at (None: every node)."""
    first = graph.ranked_nodes(view, "pagerank", limit=1)
    return first[0].among if first else None


def _infos(
    view: graph.View,
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


# ------------------------------------------------------------------ clicks in the network
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
            st.warning(f"Nothing in the graph has the id {widgets.md_literal(node)}.")
            return
        if info.kind == EVENT:
            event_card(view, node, info)
        else:
            entity_card(view, node, shown)
        with st.container(horizontal=True):
            pressed = [
                st.button("Centre here", key="rel_centre", on_click=_centre, args=(node,)),
                st.button("Use as A", key="rel_use_a", on_click=_use_as, args=("a", node)),
                st.button("Use as B", key="rel_use_b", on_click=_use_as, args=("b", node)),
            ]
        if any(pressed):  # the card is in a fragment: the controls above must be drawn again
            st.rerun(scope="app")


# ------------------------------------------------------------------ the two views
@dataclass(frozen=True)
class EgoChoice:
    centre: str
    depth: int
    categories: list[str] | None
    types: list[str] | None
    time: TimeChoice
    expanded: list[str]
    show_all: bool = False


def _ego_controls(
    app: state.AppData, filters: state.Filters, idx: dict[str, NodeInfo]
) -> EgoChoice:
    view = app.view
    default = graph.centrality(view, "pagerank", limit=1)
    url_entity = state.param("entity") or (default[0].id if default else "")
    type_options = [*(n for n, _ in app.entity_types), EVENT]
    type_labels = {**dict(app.entity_types), EVENT: "events"}
    _seed("rel_depth", "depth", 1, _bounded(1, 3))
    _seed("rel_types", "rtypes", [], _choices(type_options))
    c1, c2, c4 = st.columns([2.6, 1, 2])
    now = _infos(view, [url_entity], idx).get(url_entity) if url_entity else None
    with c1:
        centre = _pick(view, "Entity at the centre", "rel", url_entity, now.label if now else "")
    depth = c2.slider("Depth (hops)", 1, 3, key="rel_depth")
    types = c4.multiselect(
        "Node types",
        type_options,
        key="rel_types",
        placeholder="all types",
        format_func=lambda t: type_labels.get(t, t),
    )
    time = _when(app, filters)
    changed = centre != url_entity
    state.set_params(
        mode="ego",
        entity=centre,
        depth=str(depth),
        rtypes=types,
        **({"expand": None, "node": None} if changed else {}),
    )
    return EgoChoice(
        centre,
        depth,
        _categories(app, filters, []),  # the sidebar's "Relation categories": one control
        _types(filters, types),
        time,
        [] if changed else state.params("expand"),
        state.param("all") == "1",
    )


def _show_all(on: bool) -> None:
    """Callback of "show all" / "show the best linked only"."""
    state.set_params(all="1" if on else None)


@dataclass
class Ego:
    """The neighbourhood found for an :class:`EgoChoice`, or why there is none (``notice``)."""

    hood: graph.Neighborhood | None
    infos: dict[str, NodeInfo]
    notice: tuple[str, str] | None = None  # (st.warning | st.error, its text)


def _ego_find(
    app: state.AppData, filters: state.Filters, idx: dict[str, NodeInfo], ego: EgoChoice
) -> Ego:
    """Find the ego network of ``ego``; draws nothing, so the card beside it can be drawn first
    (a click on a node shows its card without waiting for the network component)."""
    view, when = app.view, ego.time.window
    if when is None:
        text = "The time window is empty: the sidebar's dates and this page's do not overlap."
        return Ego(None, {}, ("warning", text))
    try:
        hood = graph.ego_network(
            view,
            ego.centre,
            ego.depth,
            expand=ego.expanded,
            categories=ego.categories,
            types=ego.types,
            when=when,
            source=filters.source or None,
            limit=None if ego.show_all else FIRST_SHOWN,
        )
    except graph.UnknownNode as exc:
        text = (
            f"{widgets.md_escape(str(exc))}. Search for an entity above, or open one from the "
            "Overview."
        )
        return Ego(None, {}, ("error", text))
    except graph.GraphError as exc:
        return Ego(None, {}, ("error", widgets.md_escape(str(exc))))
    nodes = {n.id: n for n in hood.nodes}
    return Ego(hood, _infos(view, nodes, idx, nodes.values()))


def _ego_draw(
    app: state.AppData, filters: state.Filters, top: float, ego: EgoChoice, found: Ego
) -> None:
    """Draw the ego network found (or the notice saying why there is none) and its text."""
    if found.notice is not None:
        kind, text = found.notice
        getattr(st, kind)(text)
        return
    view, when, hood, infos = app.view, ego.time.window, found.hood, found.infos
    assert hood is not None  # found without a notice
    nodes = {n.id: n for n in hood.nodes}
    edges = {(e.source, e.target, e.key): e for e in hood.edges}
    label = infos[hood.center].label if hood.center in infos else hood.center
    expanded = [x for x in ego.expanded if x in nodes]
    total = len(nodes) + hood.hidden
    with st.container(horizontal=True, vertical_alignment="center"):
        st.caption(
            f"**{widgets.md_escape(label)}** and what lies within {ego.depth} hop(s): "
            + (
                f"the {len(nodes) - 1} best linked of {total - 1} neighbours (by PageRank), "
                if hood.hidden
                else ""
            )
            + f"{len(nodes)} nodes, {len(edges)} edges"
            + (f", {len(expanded)} node(s) expanded by double-click" if expanded else "")
        )
        if hood.hidden:
            st.button(
                f"Show all {total} nodes",
                key="rel_all",
                on_click=_show_all,
                args=(True,),
                help="Draw every node within reach; a large network is hard to read.",
            )
        elif ego.show_all and total > FIRST_SHOWN + 1:
            st.button(
                f"Show the {FIRST_SHOWN} best linked only",
                key="rel_all",
                on_click=_show_all,
                args=(False,),
            )
    if len(nodes) <= 1:
        st.info(
            "Nothing is linked to this entity with the current filters: widen the categories, "
            "types or time window."
        )
    where = graph.layout(hood, width=LAYOUT_BOX[0], height=LAYOUT_BOX[1])
    picked = state.param("node")
    elements = {
        "nodes": [
            node_element(
                n, info, top, "centre" if n == hood.center else "", where.get(n), n == picked
            )
            for n, info in infos.items()
        ],
        "edges": [edge_element(view, e) for e in edges.values()],
    }
    draw(
        elements,
        version(
            "ego",
            hood.center,
            ego.depth,
            ego.categories,
            ego.types,
            when,
            filters.source,
            ego.show_all,
            expanded,
        ),
        label=f"Network of {label}: {len(nodes)} nodes and {len(edges)} edges",
    )
    as_text(infos, list(edges.values()))


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
    # the ranking may hold only the most linked nodes: add those the URL excludes
    excludable = {**idx, **_infos(view, state.params("xids"), idx)}
    among = _among(view)
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
        help=f"Among the {among} most linked nodes and those already excluded." if among else None,
    )
    time = _when(app, filters)
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


@dataclass
class Connection:
    """The paths found for a :class:`ConnectChoice`, or why there are none (``notice``)."""

    found: list[graph.Path]
    infos: dict[str, NodeInfo]
    names: tuple[str, str] = ("", "")
    notice: tuple[str, str] | None = None  # (st.info | st.warning | st.error, its text)


def _connect_find(app: state.AppData, idx: dict[str, NodeInfo], c: ConnectChoice) -> Connection:
    """Find the paths of ``c``; draws nothing, so the path list can be drawn before the network
    (the browser shows it without waiting for the network component)."""
    if not c.a or not c.b:
        text = "Choose two entities (or events), A and B, to see how the graph connects them."
        return Connection([], {}, notice=("info", text))
    if c.time.window is None:
        text = "The time window is empty: the sidebar's dates and this page's do not overlap."
        return Connection([], {}, notice=("warning", text))
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
        return Connection([], {}, notice=("error", widgets.md_escape(str(exc))))
    nodes = list(dict.fromkeys(n for p in found for n in p.nodes))
    infos = _infos(app.view, [*nodes, c.a, c.b], idx)
    a, b = (widgets.md_escape(infos[x].label if x in infos else x) for x in (c.a, c.b))
    if not found:
        text = (
            f"No path of at most {c.max_len} hop(s) links {a} and {b} with these "
            "filters. Allow longer paths, exclude fewer types or widen the time window."
        )
        return Connection([], {}, (a, b), ("info", text))
    return Connection(found, {n: infos[n] for n in nodes if n in infos}, (a, b))


def _connect_draw(top: float, found: Connection) -> None:
    """The network of the paths found (or the notice saying why there is none) and its text."""
    if found.notice is not None:
        kind, text = found.notice
        getattr(st, kind)(text)
        return
    paths, infos, (a, b) = found.found, found.infos, found.names
    ends = {paths[0].nodes[0]: "A", paths[0].nodes[-1]: "B"}
    steps = {(s.source, s.target, s.key): s for p in paths for s in p.steps}
    st.caption(
        f"{len(paths)} shortest path(s) from **{a}** to **{b}**, drawn in purple; "
        "each hop reads in the direction walked."
    )
    elements = {
        "nodes": [node_element(n, info, top, ends.get(n, "")) for n, info in infos.items()],
        "edges": [path_element(s) for s in steps.values()],
    }
    draw(
        elements,
        version("connect", tuple(p.nodes for p in paths)),
        (paths[0].nodes[0], paths[0].nodes[-1]),
        label=f"Paths from {a} to {b}: {len(infos)} nodes, {len(steps)} hops",
    )
    as_text(infos, list(steps.values()))


# ------------------------------------------------------------------ the page
app = state.data()
filters = state.global_filters(app)
view = app.view
handle_graph_event()
idx = _index(view, id(view))
top = max((i.score for i in idx.values()), default=0.0)

st.title("Relations", anchor=False)
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


@st.fragment
def network_and_card(choice: EgoChoice | ConnectChoice) -> None:
    """The network and the card of the node clicked in it. A click on a node reruns only this
    fragment (the controls and the sidebar stay as they are): the clicked node goes into the URL
    and its card is drawn. A double-click adds neighbours, which the controls pass to the ego
    network, so it reruns the whole page."""
    if handle_graph_event() == "expand":
        st.rerun(scope="app")
    found: list[graph.Path] = []
    left, right = st.columns([2, 1], gap="medium")
    if isinstance(choice, ConnectChoice):
        connection = _connect_find(app, idx, choice)
        found, shown = connection.found, connection.infos
        with right:  # first: the paths are listed before the network component is sent
            _side(found, shown)
        with left:
            _connect_draw(top, connection)
    else:
        ego = _ego_find(app, filters, idx, choice)
        shown = ego.infos
        with right:  # first, as for Connect: a click on a node shows its card at once
            _side(found, shown)
        with left:
            _ego_draw(app, filters, top, choice, ego)
    with left:
        among = _among(view)
        sizes = (
            f"PageRank among the {among} most linked nodes of this large graph (the "
            "others are drawn smallest)"
            if among
            else "PageRank centrality"
        )
        st.caption(
            "Click a node for its card (click empty space to close the network's own side "
            f"panel); double-click a node to add its neighbours; scroll to zoom. Node size: "
            f"{sizes}. Arrows and labels read from subject to object; dashed lines join an actor "
            "to an event, labelled with its role."
        )
        widgets.legend()


def _side(found: list[graph.Path], shown: dict[str, NodeInfo]) -> None:
    """Beside the network: the paths hop by hop, and the card of the node chosen in it."""
    if found:
        st.header("Paths, hop by hop", anchor=False)
        path_list(found, view)
    selected = state.param("node")
    if selected:
        info = shown.get(selected) or _infos(view, [selected], idx).get(selected)
        _card(view, selected, info, set(shown))
    elif not found:
        st.info("Click a node in the network to open its card here.")


@st.fragment
def connect_section() -> None:
    """Connect's controls with the network and the paths: a new A or B (Enter in its box), a
    longer path or another exclusion reruns only this (the sidebar and the title stay)."""
    network_and_card(_connect_controls(app, filters, idx))


if mode == "connect":
    connect_section()
else:
    network_and_card(_ego_controls(app, filters, idx))
