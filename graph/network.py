"""Network queries over the projection: :func:`neighbors`, :func:`paths`, :func:`centrality`,
:func:`communities`."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import replace
from itertools import islice
from typing import Any

import networkx as nx

from .attrs import (
    ANCHORS,
    CATEGORY,
    CERTAINTY,
    DOCUMENT,
    EARLIEST,
    ENTITY,
    EVENT,
    INVERSE_LABEL,
    KIND,
    LABEL,
    LATEST,
    NAMED,
    PREDICATE,
    QUOTE,
    RELATION,
    ROLE,
    STATED_BY,
    TYPE,
    TYPE_LABEL,
    WEIGHT,
)
from .errors import QueryError
from .records import (
    CENTRALITY_KINDS,
    Community,
    Edge,
    Neighborhood,
    Node,
    Path,
    PathStep,
    RankedNode,
    Score,
)
from .view import GraphView, View
from .window import DateLike, Window, as_window

__all__ = [
    "CENTRALITY_KINDS",
    "centrality",
    "communities",
    "ego_network",
    "layout",
    "neighbors",
    "paths",
    "ranked_nodes",
    "time_span",
]

EXACT_BETWEENNESS_UP_TO = 256  # nodes; above this, betweenness is estimated from a sample
BETWEENNESS_SAMPLE = 48  # seeded sources (bundled corpus: same top 5, 9 of the exact top 10)
BETWEENNESS_BUDGET = 4_000_000  # nodes + edges visited; fewer sources (down to 16) above it

NodeTest = Callable[[str, dict[str, Any]], bool]
EdgeTest = Callable[[dict[str, Any]], bool]
When = Window | tuple[DateLike, DateLike] | None


def _type_test(view: View, types: Iterable[str] | None, what: str) -> NodeTest | None:
    """A test "is this node one of ``types``" (entity types include their subtypes)."""
    if types is None:
        return None
    vocab = view.vocabulary
    known = [*NAMED, *vocab.entity_types, *vocab.event_types]
    wanted = set(view.check_terms(what, types, known))

    def test(node: str, data: dict[str, Any]) -> bool:
        kind = data[KIND]
        if kind in wanted:
            return True
        if kind == EVENT:
            return data[TYPE] in wanted
        return any(t in wanted for t in vocab.ancestors(data[TYPE]))

    return test


def _edge_test(view: GraphView, categories: Iterable[str] | None, window: Window) -> EdgeTest:
    cats = None
    if categories is not None:
        cats = set(view.check_terms("category", categories, view.current.categories))

    def test(d: dict[str, Any]) -> bool:
        if cats is not None and d[CATEGORY] not in cats:
            return False
        return window.open or window.overlaps(d[EARLIEST], d[LATEST])

    return test


def _node_test(types: NodeTest | None, window: Window, center: str = "") -> NodeTest:
    def test(node: str, data: dict[str, Any]) -> bool:
        if node == center:
            return True
        if types is not None and not types(node, data):
            return False
        if data[KIND] == EVENT and not window.open:
            return window.overlaps(data[EARLIEST], data[LATEST])
        return True

    return test


def _as_node(view: GraphView, node: str, distance: int = 0) -> Node:
    d = view.current.graph.nodes[node]
    return Node(node, d[LABEL], d[KIND], d[TYPE], d[TYPE_LABEL], distance)


def nodes(view: View, ids: Iterable[str]) -> dict[str, Node]:
    """The entities and events with these ids, by id; unknown ids are left out.

    >>> from extract import build
    >>> from graph.view import EXAMPLE_DATA
    >>> found = nodes(GraphView.from_build(build(EXAMPLE_DATA, None)), ["ice", "nope"])
    >>> found["ice"].label, list(found)
    ('U.S. Immigration and Customs Enforcement', ['ice'])
    """
    wanted = sorted(set(ids))
    focused = view.focus_nodes(wanted)
    g = focused.projection.graph
    return {n: _as_node(focused, n) for n in wanted if n in g and g.nodes[n][KIND] in NAMED}


def _as_edge(u: str, v: str, key: str, d: dict[str, Any]) -> Edge:
    return Edge(
        source=u,
        target=v,
        kind=d[KIND],
        predicate=d[PREDICATE],
        label=d[LABEL],
        inverse_label=d[INVERSE_LABEL],
        category=d[CATEGORY],
        key=key,
        role=d.get(ROLE, ""),
        quote=d[QUOTE],
        document=d[DOCUMENT],
        earliest=d[EARLIEST],
        latest=d[LATEST],
        certainty=d[CERTAINTY],
        stated_by=d[STATED_BY],
    )


def links(view: View, ids: Iterable[str], *, categories: Iterable[str] | None = None) -> list[Edge]:
    """The edges among these nodes (both ends in ``ids``), by key; a lazy view fetches them all
    at once.

    ``categories`` keeps relations of these categories (``event`` for the links between events;
    ``participation`` for roles).

    >>> from extract import build
    >>> from graph.view import EXAMPLE_DATA
    >>> view = GraphView.from_build(build(EXAMPLE_DATA, None))
    >>> [(e.source, e.label, e.target) for e in links(view, ["ice", "khalil-arrest", "nope"])]
    [('ice', 'took part as arresting agency in', 'khalil-arrest')]
    """
    wanted = set(ids)
    focused = view.focus_nodes(sorted(wanted))
    g = focused.projection.graph
    edge_ok = _edge_test(focused, categories, Window())
    found = [
        _as_edge(u, v, key, d)
        for u, v, key, d in g.edges(keys=True, data=True)
        if u in wanted and v in wanted and edge_ok(d)
    ]
    return sorted(found, key=lambda e: e.key)


def most_linked(
    view: View, limit: int = 20, *, kinds: Iterable[str] = ("entity",)
) -> list[tuple[Node, int]]:
    """The nodes with the most claims, roles and places, most first, with that number.

    The view counts them (:meth:`graph.view.View.degree`): a lazy view's store, among its
    :attr:`~graph.view.View.ranked_among` most linked, or the projection of the whole store.

    >>> from extract import build
    >>> from graph.view import EXAMPLE_DATA
    >>> view = GraphView.from_build(build(EXAMPLE_DATA, None))
    >>> [(n.id, d) for n, d in most_linked(view, 2)]
    [('ice', 2), ('mahmoud-khalil', 2)]
    """
    kinds = tuple(kinds)
    table = view.node_table()
    top = [(n, d) for n, d in view.degree() if n in table and table[n][0] in kinds][:limit]
    found = nodes(view, [n for n, _d in top])
    return [(found[n], d) for n, d in top if n in found]


def neighbors(
    view: View,
    name: str,
    depth: int = 1,
    *,
    categories: Iterable[str] | None = None,
    types: Iterable[str] | None = None,
    when: When = None,
) -> Neighborhood:
    """The ego network of a node: everything within ``depth`` hops, in either direction.

    Parameters
    ----------
    view
        The graph.
    name
        Id, label or alias of an entity or event (the centre).
    depth
        How many hops from the centre (1 = direct neighbours).
    categories
        Walk only relations of these categories (``position``, ``legal``... and
        ``participation`` for entity–event edges); ``None`` walks all.
    types
        Keep only nodes of these types: entity types (``organization`` includes its subtypes),
        event types, or ``entity``/``event``. Other nodes are neither shown nor walked through.
    when
        A :class:`~graph.window.Window` or ``(start, end)`` pair (``YYYY[-MM[-DD]]``, either may
        be ``None``). An edge or event counts when its date bounds overlap the window; an undated
        one always counts. A participation takes its event's dates.

    Returns
    -------
    Neighborhood
        The centre, the nodes reached (with their distance) and every kept edge among them.

    Raises
    ------
    UnknownNode
        The centre names nothing.
    QueryError
        An unknown category or type, a bad date, or a negative depth.

    Examples
    --------
    >>> from extract import build
    >>> from graph.view import EXAMPLE_DATA
    >>> view = GraphView.from_build(build(EXAMPLE_DATA, None))
    >>> [(n.id, n.distance) for n in neighbors(view, "Khalil").nodes]
    [('mahmoud-khalil', 0), ('columbia-university', 1), ('khalil-arrest', 1)]
    >>> [n.id for n in neighbors(view, "Khalil", 2, types=["organization", "event"]).nodes]
    ['mahmoud-khalil', 'columbia-university', 'khalil-arrest', 'ice']
    >>> [n.id for n in neighbors(view, "ICE", when=("2025-03-15", "2025-03-31")).nodes]
    ['ice', 'ozturk-detention']
    >>> [e.label for e in neighbors(view, "Khalil", categories=["education"]).edges]
    ['studied at']
    """
    if depth < 0:
        raise QueryError(f"depth must be 0 or more, not {depth}")
    focused = view.focus([name], depth)
    center = focused.resolve(name)
    window = as_window(when)
    node_ok = _node_test(_type_test(focused, types, "type"), window, center)
    edge_ok = _edge_test(focused, categories, window)
    distance = _reach(focused.projection.graph, center, depth, node_ok, edge_ok)
    return _neighborhood(focused, center, distance, edge_ok)


def _reach(
    g: nx.MultiDiGraph, center: str, depth: int, node_ok: NodeTest, edge_ok: EdgeTest
) -> dict[str, int]:
    """The hops from ``center`` of every node within ``depth``, walking kept edges either way."""
    distance = {center: 0}
    queue = deque([center])
    while queue:
        node = queue.popleft()
        if distance[node] >= depth:
            continue
        steps = [
            *((v, d) for _u, v, d in g.out_edges(node, data=True)),
            *((u, d) for u, _v, d in g.in_edges(node, data=True)),
        ]
        for other, d in steps:
            if other in distance or not edge_ok(d) or not node_ok(other, g.nodes[other]):
                continue
            distance[other] = distance[node] + 1
            queue.append(other)
    return distance


def _neighborhood(
    view: GraphView, center: str, distance: dict[str, int], edge_ok: EdgeTest
) -> Neighborhood:
    """The nodes reached (nearest first, entities before events) and the kept edges among them."""
    g = view.current.graph
    nodes = sorted(distance, key=lambda n: (distance[n], g.nodes[n][KIND] != ENTITY, n))
    edges = [
        _as_edge(u, v, k, d)
        for u, v, k, d in g.subgraph(nodes).edges(keys=True, data=True)
        if edge_ok(d)
    ]
    edges.sort(key=lambda e: (e.source, e.target, e.kind, e.key))
    found = tuple(_as_node(view, n, distance[n]) for n in nodes)
    return Neighborhood(center, found, tuple(edges))


def ego_network(
    view: View,
    name: str,
    depth: int = 1,
    *,
    expand: Iterable[str] = (),
    categories: Iterable[str] | None = None,
    types: Iterable[str] | None = None,
    when: When = None,
    source: str | None = None,
    limit: int | None = None,
) -> Neighborhood:
    """An ego network grown around more than one centre, and kept to what one source says.

    Parameters
    ----------
    view
        The graph.
    name
        Id, label or alias of the centre.
    depth
        Hops from the centre, as in :func:`neighbors`.
    expand
        Node ids whose direct neighbours are added (with the edges among them) when the network
        reached them; the others are ignored. A node added this way has the distance from the
        centre through the node that brought it.
    categories, types, when
        As in :func:`neighbors`; they apply to the expansions too.
    source
        Keep only the edges quoted from this source document (its id), and the nodes they join;
        the centre always stays.
    limit
        Keep the centre and at most this many other nodes: the best ranked by PageRank, each
        linked to one kept before it (so the network stays connected); nodes added by
        ``expand`` always stay. ``hidden`` says how many were left out.

    Returns
    -------
    Neighborhood
        The centre's nodes first, then those the expansions add, in order; edges likewise.

    Raises
    ------
    UnknownNode
        The centre names nothing.
    QueryError
        As for :func:`neighbors`.

    Examples
    --------
    >>> from extract import build
    >>> from graph.view import EXAMPLE_DATA
    >>> view = GraphView.from_build(build(EXAMPLE_DATA, None))
    >>> [n.id for n in ego_network(view, "Khalil").nodes]
    ['mahmoud-khalil', 'columbia-university', 'khalil-arrest']
    >>> grown = ego_network(view, "Khalil", expand=["khalil-arrest"])
    >>> [(n.id, n.distance) for n in grown.nodes][2:]
    [('khalil-arrest', 1), ('ice', 2), ('mccarran-walter-act', 2)]
    >>> len(ego_network(view, "Khalil", source="nope").nodes)
    1
    >>> small = ego_network(view, "ICE", 2, limit=2)
    >>> [n.id for n in small.nodes], small.hidden
    (['ice', 'khalil-arrest', 'ozturk-detention'], 5)
    """
    options: dict[str, Any] = {"categories": categories, "types": types, "when": when}
    hood = neighbors(view, name, depth, **options)
    found = {n.id: n for n in hood.nodes}
    edges = {(e.source, e.target, e.key): e for e in hood.edges}
    for extra in dict.fromkeys(expand):
        if extra not in found:
            continue
        base = found[extra].distance
        more = neighbors(view, extra, 1, **options)
        for n in more.nodes:
            if n.id not in found:
                found[n.id] = replace(n, distance=base + n.distance)
        edges.update({(e.source, e.target, e.key): e for e in more.edges})
    if source is not None:
        edges = {k: e for k, e in edges.items() if e.document == source}
        joined = {e.source for e in edges.values()} | {e.target for e in edges.values()}
        found = {n: v for n, v in found.items() if n in joined or n == hood.center}
    hidden = 0
    if limit is not None and len(found) > limit + 1:
        base = {n.id for n in hood.nodes}
        keep = _strongest(view, hood.center, found, edges.values(), limit, base)
        hidden = len(found) - len(keep)
        found = {n: v for n, v in found.items() if n in keep}
        edges = {k: e for k, e in edges.items() if e.source in keep and e.target in keep}
    return Neighborhood(hood.center, tuple(found.values()), tuple(edges.values()), hidden)


def _strongest(
    view: View,
    center: str,
    found: dict[str, Node],
    edges: Iterable[Edge],
    limit: int,
    base: set[str],
) -> set[str]:
    """The centre and the ``limit`` best ranked nodes of ``base`` (the centre's network), each
    adjacent to a node kept before it, and what expansions added to them."""
    score = {s.id: s.score for s in centrality(view, "pagerank", include_events=True)}
    near: dict[str, set[str]] = {n: set() for n in found}
    for e in edges:
        near[e.source].add(e.target)
        near[e.target].add(e.source)
    order = sorted(base & set(found), key=lambda n: (-score.get(n, 0.0), found[n].distance, n))
    keep = {center}
    grown = True
    while grown and len(keep) <= limit:
        grown = False
        for n in order:
            if n not in keep and near[n] & keep:
                keep.add(n)
                grown = True
                break
    added = set(found) - base
    return keep | {n for n in added if near[n] & keep}


def layout(
    hood: Neighborhood, *, seed: int = 7, width: float = 1000.0, height: float = 640.0
) -> dict[str, tuple[float, float]]:
    """Positions for drawing a network, the same at every call (a seeded spring layout with the
    centre fixed in the middle), stretched to fill a ``width`` × ``height`` frame.

    >>> from extract import build
    >>> from graph.view import EXAMPLE_DATA
    >>> view = GraphView.from_build(build(EXAMPLE_DATA, None))
    >>> pos = layout(ego_network(view, "ICE", 2))
    >>> pos["ice"], pos == layout(ego_network(view, "ICE", 2))
    ((0.0, 0.0), True)
    >>> max(abs(x) for x, _y in pos.values()), max(abs(y) for _x, y in pos.values())
    (500.0, 320.0)
    """
    import math

    g = nx.Graph()
    ids = [n.id for n in hood.nodes]
    g.add_nodes_from(ids)
    for e in hood.edges:
        if e.source != e.target:
            w = g.edges[e.source, e.target]["weight"] + 1 if g.has_edge(e.source, e.target) else 1
            g.add_edge(e.source, e.target, weight=w)
    if len(ids) == 1:
        return {ids[0]: (0.0, 0.0)}
    rings: dict[int, list[str]] = {}
    for n in hood.nodes:
        rings.setdefault(n.distance, []).append(n.id)
    start: dict[str, tuple[float, float]] = {}
    for distance, members in rings.items():
        for i, n in enumerate(members):
            angle = 2 * math.pi * i / len(members) + distance
            start[n] = (distance * math.cos(angle), distance * math.sin(angle))
    start[hood.center] = (0.0, 0.0)
    pos = nx.spring_layout(
        g, pos=start, fixed=[hood.center], seed=seed, iterations=120, k=1.0, weight=None
    )
    pos = {n: (float(p[0]), float(p[1])) for n, p in pos.items()}
    cx, cy = pos[hood.center]
    rx = max(abs(p[0] - cx) for p in pos.values()) or 1.0
    ry = max(abs(p[1] - cy) for p in pos.values()) or 1.0
    return {
        n: (round((p[0] - cx) / rx * width / 2, 1), round((p[1] - cy) / ry * height / 2, 1))
        for n, p in pos.items()
    }


def time_span(view: View, *, until: str = "", share: float = 0.5) -> tuple[str, str, int] | None:
    """The years where the dated events are: ``(start, end, before)``.

    ``start`` is 1 January of the latest year from which ``share`` of the dated events (by
    earliest day) begin; ``end`` the latest day an event begins, not after ``until`` (an ISO
    date or ``YYYY[-MM]``: the newest source's publication, say) when any begins by then;
    ``before`` how many events begin before ``start``. None without dated events. A lazy view
    looks at its most linked events.

    >>> from extract import build
    >>> from graph.view import EXAMPLE_DATA
    >>> time_span(GraphView.from_build(build(EXAMPLE_DATA, None)))
    ('2025-01-01', '2025-03-21', 0)
    """
    g = view.focus_top().projection.graph
    days = sorted(d[EARLIEST] for _n, d in g.nodes(data=True) if d[KIND] == EVENT and d[EARLIEST])
    if not days:
        return None
    cap = until + "-12-31"[len(until) - 4 :] if until and len(until) < 10 else until
    if cap[5:7] in ("02", "04", "06", "09", "11") and cap[8:] == "31":
        cap = cap[:8] + ("28" if cap[5:7] == "02" else "30")
    ends = [d for d in days if not cap or d <= cap]
    end = (ends or days)[-1]
    year = int(end[:4])
    while sum(d >= f"{year}-01-01" for d in days) < share * len(days) and year > int(days[0][:4]):
        year -= 1
    start = f"{year:04d}-01-01"
    return start, end, sum(d < start for d in days)


def _hop_rank(d: dict[str, Any]) -> tuple[Any, ...]:
    return (
        d[KIND] != RELATION,
        not d[QUOTE],
        d[CERTAINTY] not in ("", "asserted"),
    )


def _best_hop(
    view: GraphView, u: str, v: str, edge_ok: EdgeTest
) -> tuple[str, str, str, dict[str, Any], bool]:
    g = view.current.graph
    options = []
    for a, b, forward in ((u, v, True), (v, u, False)):
        if g.has_edge(a, b):
            for key, d in g[a][b].items():
                if edge_ok(d):
                    options.append((_hop_rank(d), not forward, key, a, b, d, forward))
    _rank, _back, key, a, b, d, forward = min(options, key=lambda o: o[:3])
    return a, b, key, d, forward


def _meeting_ground(g: nx.Graph, a: str, b: str, radius: int) -> nx.Graph:
    """The nodes within ``radius`` of ``a`` or ``b`` (every path of up to twice that many hops
    lies among them) and their edges, in sorted order, so that paths of equal length come out
    in the same order whatever the graph they were cut from (a whole view or a lazy one)."""
    near = set(nx.single_source_shortest_path_length(g, a, cutoff=radius))
    near |= set(nx.single_source_shortest_path_length(g, b, cutoff=radius))
    ground = nx.Graph()
    ground.add_nodes_from(sorted(near))
    edges = sorted((min(u, v), max(u, v)) for u, v in g.subgraph(near).edges())
    ground.add_edges_from((u, v, g.edges[u, v]) for u, v in edges)
    return ground


def paths(
    view: View,
    a: str,
    b: str,
    *,
    max_len: int = 4,
    k: int = 3,
    exclude_types: Iterable[str] = (),
    exclude_ids: Iterable[str] = (),
    categories: Iterable[str] | None = None,
    when: When = None,
) -> list[Path]:
    """The ``k`` shortest simple paths from ``a`` to ``b``, each hop with its label and quote.

    Edges are walked in either direction; each hop's ``label`` reads in the direction walked (the
    relation's inverse label when the path goes from a claim's object to its subject). Between
    two nodes linked several times, a hop uses a relation before a participation, a quoted claim
    before an unquoted one and an asserted claim before a reported or alleged one.

    Parameters
    ----------
    view
        The graph.
    a, b
        Ids, labels or aliases of the two ends (entities or events).
    max_len
        Longest path, in hops.
    k
        At most this many paths, shortest first.
    exclude_types
        Walk through no node of these types (``country``, ``place``, ``event``...): hubs that
        link everything and explain nothing. The two ends are never excluded.
    exclude_ids
        Walk through none of these nodes (ids, labels or aliases).
    categories, when
        As for :func:`neighbors`: walk only these relation categories, and only edges and events
        whose dates overlap the window.

    Returns
    -------
    list of Path
        Shortest first; empty when no path of at most ``max_len`` hops exists.

    Raises
    ------
    UnknownNode
        An end or an excluded id names nothing.
    QueryError
        The same node at both ends, an unknown type or category, or ``max_len``/``k`` < 1.

    Examples
    --------
    >>> from extract import build
    >>> from graph.view import EXAMPLE_DATA
    >>> view = GraphView.from_build(build(EXAMPLE_DATA, None))
    >>> [(s.source, s.label, s.target) for s in paths(view, "Khalil", "rumeysa ozturk")[0].steps]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('mahmoud-khalil', 'took part as person arrested in', 'khalil-arrest'),
     ('khalil-arrest', 'had as arresting agency', 'ice'),
     ('ice', 'took part as arresting agency in', 'ozturk-detention'),
     ('ozturk-detention', 'had as person detained', 'rumeysa-ozturk')]
    >>> step = paths(view, "U.S. Department of State", "Marco Rubio")[0].steps[0]
    >>> step.label, step.forward, step.quote
    ('has in a position', False, 'Secretary of State Marco Rubio')
    >>> paths(view, "Khalil", "rumeysa ozturk", exclude_ids=["ICE"])
    []
    """
    if max_len < 1 or k < 1:
        raise QueryError("max_len and k must be at least 1")
    focused = view.focus([a, b], (max_len + 1) // 2)  # a path of n hops meets in the middle
    p = focused.projection
    source, target = focused.resolve(a), focused.resolve(b)
    if source == target:
        raise QueryError(f"both ends are {focused.label(source)!r} — give two different nodes")
    g = p.graph
    window = as_window(when)
    excluded = {view.resolve(x) for x in exclude_ids} - {source, target}
    types = _type_test(focused, list(exclude_types), "type") if exclude_types else None
    node_ok = _node_test(None, window)
    edge_ok = _edge_test(focused, categories, window)
    filter_edges = categories is not None or not window.open

    def keep_node(n: str) -> bool:
        if n in (source, target):
            return True
        if n in excluded:
            return False
        data = g.nodes[n]
        return not (types is not None and types(n, data)) and node_ok(n, data)

    def keep_edge(u: str, v: str) -> bool:
        pairs = ((u, v), (v, u))
        return any(g.has_edge(x, y) and any(map(edge_ok, g[x][y].values())) for x, y in pairs)

    h = nx.subgraph_view(
        _meeting_ground(p.simple, source, target, (max_len + 1) // 2),
        filter_node=keep_node,
        filter_edge=keep_edge if filter_edges else nx.filters.no_filter,
    )
    found: list[Path] = []
    try:
        for nodes in islice(nx.shortest_simple_paths(h, source, target), k):
            if len(nodes) - 1 > max_len:
                break
            steps = []
            for u, v in zip(nodes, nodes[1:], strict=False):
                a_, b_, key, d, forward = _best_hop(focused, u, v, edge_ok)
                anchor = d[ANCHORS][0] if d[ANCHORS] else ""
                steps.append(
                    PathStep(
                        source=u,
                        source_label=focused.label(u),
                        target=v,
                        target_label=focused.label(v),
                        label=d[LABEL] if forward else d[INVERSE_LABEL],
                        predicate=d[PREDICATE] if d[KIND] == RELATION else d[ROLE],
                        forward=forward,
                        kind=d[KIND],
                        category=d[CATEGORY],
                        key=key,
                        quote=d[QUOTE],
                        evidence=focused.evidence_of(anchor) if anchor else None,
                        certainty=d[CERTAINTY],
                        stated_by=focused.label(d[STATED_BY]) if d[STATED_BY] else "",
                    )
                )
            found.append(Path(tuple(steps)))
    except nx.NetworkXNoPath:
        pass
    return found


def _pagerank(g: nx.Graph, alpha: float = 0.85, tol: float = 1e-10) -> dict[str, float]:
    """PageRank of an undirected weighted graph by power iteration (numpy, no scipy)."""
    import numpy as np  # only here: the other commands start without it

    nodes = list(g)
    n = len(nodes)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    pairs = [(index[u], index[v], w) for u, v, w in g.edges(data=WEIGHT, default=1)]
    src = np.array([p[0] for p in pairs] + [p[1] for p in pairs], dtype=np.int64)
    dst = np.array([p[1] for p in pairs] + [p[0] for p in pairs], dtype=np.int64)
    weight = np.array([p[2] for p in pairs] * 2, dtype=float)
    out = np.bincount(src, weights=weight, minlength=n)
    dangling = out == 0
    share = weight / np.where(out[src] == 0, 1, out[src]) if len(src) else weight
    x = np.full(n, 1.0 / n)
    for _ in range(1000):
        spread = np.bincount(dst, weights=x[src] * share, minlength=n)
        new = alpha * spread + (alpha * x[dangling].sum() + 1 - alpha) / n
        done = np.abs(new - x).sum() < n * tol
        x = new
        if done:
            break
    return dict(zip(nodes, x.tolist(), strict=True))


def _scores(view: GraphView, kind: str) -> dict[str, float]:
    g = view.current.simple
    if kind == "degree":
        return nx.degree_centrality(g) if len(g) > 1 else dict.fromkeys(g, 0.0)
    if kind == "betweenness":
        if len(g) <= EXACT_BETWEENNESS_UP_TO:
            return nx.betweenness_centrality(g)
        size = g.number_of_nodes() + g.number_of_edges()
        sample = max(16, min(BETWEENNESS_SAMPLE, BETWEENNESS_BUDGET // size))
        return nx.betweenness_centrality(g, k=min(sample, len(g)), seed=42)
    return _pagerank(g)


def centrality(
    view: View,
    kind: str = "degree",
    *,
    types: Iterable[str] | None = None,
    include_events: bool = False,
    limit: int | None = None,
) -> list[Score]:
    """Entities ranked by how central they are in the graph.

    Scores are computed once per graph version over the undirected projection (entities and
    events, every relation and participation; parallel edges count as weight for PageRank).

    Parameters
    ----------
    view
        The graph.
    kind
        ``degree`` (share of the other nodes linked directly), ``betweenness`` (share of shortest
        paths through the node; above 256 nodes estimated from 48 source nodes sampled with a
        fixed seed, which keeps it under 50 ms on the bundled corpus, and from as few as 16 on
        very large graphs) or ``pagerank`` (damping 0.85).
    types
        Rank only these entity types (with their subtypes).
    include_events
        Rank events too.
    limit
        At most this many, most central first.

    Returns
    -------
    list of Score
        Most central first (ties by label), ranked from 1.

    Raises
    ------
    QueryError
        An unknown kind or type.

    Examples
    --------
    >>> from extract import build
    >>> from graph.view import EXAMPLE_DATA
    >>> view = GraphView.from_build(build(EXAMPLE_DATA, None))
    >>> [(s.id, round(s.score, 2)) for s in centrality(view, "degree", limit=2)]
    [('mahmoud-khalil', 0.2), ('ice', 0.2)]
    >>> centrality(view, "pagerank", types=["person"])[0].label
    'Mahmoud Khalil'
    """
    if kind not in CENTRALITY_KINDS:
        raise QueryError(
            f"unknown centrality {kind!r} — choose one of {', '.join(CENTRALITY_KINDS)}"
        )
    among = view.ranked_among
    top = view.focus_top()
    g = top.projection.graph
    test = _type_test(top, types, "type")

    def ranked() -> list[tuple[str, float]]:
        scores = _scores(top, kind)
        return sorted(scores.items(), key=lambda r: (-r[1], g.nodes[r[0]][LABEL].casefold(), r[0]))

    out: list[Score] = []
    for node, score in top.cached(("centrality", kind), ranked):
        data = g.nodes[node]
        if data[KIND] == EVENT and not include_events:
            continue
        if data[KIND] not in NAMED or (test is not None and not test(node, data)):
            continue
        out.append(
            Score(node, data[LABEL], data[TYPE], data[TYPE_LABEL], score, len(out) + 1, among)
        )
        if limit and len(out) >= limit:
            break
    return out


def ranked_nodes(
    view: View, kind: str = "pagerank", *, limit: int | None = None
) -> list[RankedNode]:
    """Entities and events ranked together by centrality, each saying which of the two it is.

    Parameters
    ----------
    view
        The graph; a lazy view ranks its :attr:`~graph.view.View.ranked_among` most linked
        nodes (each result says so: ``among``).
    kind
        ``degree``, ``betweenness`` or ``pagerank``, as in :func:`centrality`.
    limit
        At most this many, most central first.

    Returns
    -------
    list of RankedNode
        Most central first (ties by label), ranked from 1.

    Raises
    ------
    QueryError
        An unknown kind.

    Examples
    --------
    >>> from extract import build
    >>> from graph.view import EXAMPLE_DATA
    >>> view = GraphView.from_build(build(EXAMPLE_DATA, None))
    >>> [(r.id, r.kind) for r in ranked_nodes(view, "degree", limit=3)]
    [('ozturk-detention', 'event'), ('khalil-arrest', 'event'), ('mahmoud-khalil', 'entity')]
    """
    scores = centrality(view, kind, include_events=True, limit=limit)
    g = view.focus_top().projection.graph
    return [
        RankedNode(
            s.id, s.label, g.nodes[s.id][KIND], s.type, s.type_label, s.score, s.rank, s.among
        )
        for s in scores
    ]


def _canonical(g: nx.Graph) -> nx.Graph:
    """A copy of ``g`` with its nodes and edges in sorted order.

    Louvain visits nodes in the graph's order, so the same seed gives different groups when the
    projection was built (or read from the cache) in another order; sorting makes them depend on
    the graph alone.
    """
    out = nx.Graph()
    out.add_nodes_from(sorted(g.nodes))
    out.add_edges_from(sorted((min(u, v), max(u, v), d) for u, v, d in g.edges(data=True)))
    return out


def communities(
    view: View,
    *,
    seed: int = 42,
    resolution: float = 1.0,
    types: Iterable[str] | None = None,
) -> list[Community]:
    """Groups of entities that act together: Louvain communities of the actor network.

    The actor network links two entities through the events they share (weight = how many).
    Entities that take part in no event belong to no community.

    Parameters
    ----------
    view
        The graph.
    seed
        Louvain is randomised; the same seed gives the same communities.
    resolution
        Above 1 favours smaller communities, below 1 larger ones.
    types
        Group only entities of these types (with their subtypes): ``agent`` keeps people and
        organizations, leaving out laws, ideas and places that events name.

    Returns
    -------
    list of Community
        Largest first; members ordered by label, and ranked by PageRank in ``leading``.

    Examples
    --------
    >>> from extract import build
    >>> from graph.view import EXAMPLE_DATA
    >>> view = GraphView.from_build(build(EXAMPLE_DATA, None))
    >>> for c in communities(view):
    ...     print(c.index, c.labels)
    0 ('Louisiana', 'Rümeysa Öztürk')
    1 ('Mahmoud Khalil', 'U.S. Immigration and Customs Enforcement')
    >>> [c.labels for c in communities(view, types=["agent"])]
    [('Mahmoud Khalil', 'Rümeysa Öztürk', 'U.S. Immigration and Customs Enforcement')]
    >>> communities(view, types=["agent"])[0].leading_labels(1)
    ('Mahmoud Khalil',)
    """
    wanted = None if types is None else tuple(sorted(set(types)))

    def compute() -> list[Community]:
        test = _type_test(top, wanted, "type")
        g = top.projection.graph
        kept = actors if test is None else actors.subgraph(n for n in actors if test(n, g.nodes[n]))
        groups = nx.community.louvain_communities(
            _canonical(kept), weight=WEIGHT, resolution=resolution, seed=seed
        )
        groups = [group for group in groups if len(group) > 1 or test is None]
        label = top.label
        score = {s.id: s.score for s in centrality(view, "pagerank", include_events=True)}
        ordered = [sorted(group, key=lambda n: (label(n).casefold(), n)) for group in groups]
        ordered.sort(key=lambda members: (-len(members), label(members[0]).casefold()))
        return [
            Community(
                i,
                tuple(members),
                tuple(label(m) for m in members),
                among,
                tuple(
                    sorted(
                        members,
                        key=lambda n: (-round(score.get(n, 0.0), 9), label(n).casefold(), n),
                    )
                ),
            )
            for i, members in enumerate(ordered)
        ]

    among = view.ranked_among
    top = view.focus_top()
    actors = top.projection.actors
    return top.cached(("communities", seed, resolution, wanted), compute)
