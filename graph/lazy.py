"""The store-backed view: queries on large or remote stores that never project the whole graph.

A :class:`LazyView` implements :class:`graph.view.View` by projecting, for each question, only
the part of the store it needs. Its name index (for search and name resolution) comes from one
SPARQL query; a question about named nodes expands from them over SPARQL, one query per hop over
the current frontier (:func:`expand`), and projects only the nodes reached, with the claims,
roles, qualifiers and quotes among them (:func:`scope_of`). Paths expand from both ends, each
half the length asked. Timelines without an entity ask the store for the events of a window, in
date order (:func:`graph.eventorder.sparql_order`) and capped (:data:`TIMELINE_CAP`); rankings
use the :data:`TOP_NODES` most linked nodes, counted by the store.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rdflib import Dataset, Graph
from rdflib.plugins.stores.memory import Memory

from .eventorder import sparql_order
from .namespaces import EVT
from .projection import Scope, local_id, paused_gc
from .records import Stats
from .remote import RemoteDataset
from .source_texts import fold
from .sparql import select_rows, triple_count
from .view import GraphView, View
from .vocabulary import Vocabulary, default_vocabulary
from .window import Window

__all__ = ["LAZY_ABOVE", "TIMELINE_CAP", "TOP_NODES", "LazyView", "expand", "scope_of", "view_for"]

LAZY_ABOVE = 200_000
"""Stores holding more triples than this get a lazy view from :func:`view_for`."""
TIMELINE_CAP = 500
"""At most this many events in a timeline without an entity on a lazy view, unless a limit is
given (:func:`graph.timeline`)."""
TOP_NODES = 400
"""How many of the most linked nodes whole-graph rankings and communities look at."""
_SUBVIEWS = 24  # focused views kept per lazy view (a page asks the same question several times)

Q_NAMES = """SELECT ?e ?kind ?label ?alias WHERE {
  { ?e schema:additionalType ?t BIND("entity" AS ?kind) }
  UNION { ?e sem:eventType ?t BIND("event" AS ?kind) }
  ?e rdfs:label ?label OPTIONAL { ?e skos:altLabel ?alias } }"""
Q_LINKED = """SELECT DISTINCT ?l WHERE { VALUES ?a { $NODES } VALUES ?b { $NODES }
  { ?l rdf:subject ?a ; rdf:object ?b } UNION { ?a sem:hasActor ?l . ?l rdf:value ?b } }"""
Q_STEP = """SELECT DISTINCT ?n WHERE {
  { VALUES ?x { $NODES } ?c rdf:subject ?x ; rdf:object ?n }
  UNION { VALUES ?x { $NODES } ?c rdf:object ?x ; rdf:subject ?n }
  UNION { VALUES ?x { $NODES } ?x sem:hasActor ?r . ?r rdf:value ?n }
  UNION { VALUES ?x { $NODES } ?r rdf:value ?x . ?n sem:hasActor ?r }
  UNION { VALUES ?x { $NODES } ?x sem:hasPlace ?n }
  UNION { VALUES ?x { $NODES } ?n sem:hasPlace ?x } }"""
# VALUES inside each branch: Oxigraph evaluates a UNION before joining an outer VALUES (35 s
# against 44 ms for 1,300 nodes at 1M triples)
Q_DEGREE = """SELECT ?n (COUNT(?link) AS ?d) WHERE {
  { ?link rdf:subject ?n ; a kg:Claim } UNION { ?link rdf:object ?n ; a kg:Claim }
  UNION { ?ev sem:hasActor ?link . ?link rdf:value ?n }
  UNION { ?n sem:hasActor ?link } UNION { ?n sem:hasPlace ?link } UNION { ?link sem:hasPlace ?n }
} GROUP BY ?n ORDER BY DESC(?d) ?n LIMIT $LIMIT"""
Q_WINDOW = """SELECT DISTINCT ?e ?lo ?hi WHERE {
  ?e sem:eventType ?t $TYPES
  OPTIONAL { ?e sem:hasEarliestBeginTimeStamp ?lo } OPTIONAL { ?e sem:hasLatestEndTimeStamp ?hi }
  $SOURCE $FILTER
} ORDER BY $ORDER LIMIT $LIMIT"""
Q_CLAIM_ENDS = """SELECT ?s ?o WHERE {
  ?c a kg:Claim ; rdf:subject ?s ; rdf:object ?o FILTER(STRENDS(STR(?c), $ID)) }"""
Q_SPAN = """SELECT (MIN(STR(?d)) AS ?lo) (MAX(STR(?d)) AS ?hi) WHERE {
  ?e sem:eventType ?t { ?e sem:hasEarliestBeginTimeStamp ?d } UNION {
  ?e sem:hasLatestEndTimeStamp ?d } }"""
Q_SOURCE_NODES = """SELECT DISTINCT ?x ?s ?o WHERE {
  ?d schema:identifier $SOURCE . ?a oa:hasSource ?d . ?x prov:wasDerivedFrom|kg:mentionedAt ?a
  OPTIONAL { ?x rdf:subject ?s ; rdf:object ?o } }"""


def _values(iris: Iterable[str]) -> str:
    return " ".join(f"<{iri}>" for iri in sorted(iris))


def _literal(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def expand(ds: Dataset | Graph, seeds: Iterable[str], hops: int) -> set[str]:
    """IRIs of the nodes within ``hops`` of ``seeds``: claims, participations and places, both
    ways."""
    seen = set(seeds)
    frontier = set(seen)
    for _ in range(hops):
        if not frontier:
            break
        rows = select_rows(ds, Q_STEP.replace("$NODES", _values(frontier)))
        frontier = {row[0] for row in rows} - seen
        seen |= frontier
    return seen


def scope_of(ds: Dataset | Graph, nodes: Iterable[str]) -> Scope:
    """The scope of these node IRIs: them, and the claims and roles among them."""
    nodes = frozenset(nodes)
    linked = select_rows(ds, Q_LINKED.replace("$NODES", _values(nodes))) if nodes else ()
    return Scope(nodes, frozenset(row[0] for row in linked))


@dataclass
class LazyView(View):
    """A view that projects, for each question, only the part of the store it needs.

    Use it for stores too large to project whole (a million triples on Oxigraph) and for remote
    SPARQL endpoints, where projecting the whole graph would pull it across the network. The
    query functions give the same answers as on a :class:`GraphView` of the whole store, except
    that whole-graph rankings (:func:`graph.centrality`, :func:`graph.communities`) are computed
    among the :data:`TOP_NODES` most linked nodes (they say so: ``among``), and a timeline
    without an entity holds at most :data:`TIMELINE_CAP` events unless a limit is given (it says
    so: :attr:`graph.records.Timeline.capped`).

    Examples
    --------
    >>> from extract import build
    >>> from graph.view import EXAMPLE_DATA
    >>> import graph
    >>> result = build(EXAMPLE_DATA, None)
    >>> lazy = LazyView(result.dataset)
    >>> [s.target_label for s in graph.paths(lazy, "Khalil", "Rümeysa Öztürk")[0].steps]
    ... # doctest: +NORMALIZE_WHITESPACE
    ['Arrest of Mahmoud Khalil', 'U.S. Immigration and Customs Enforcement',
     'Detention of Rümeysa Öztürk', 'Rümeysa Öztürk']
    >>> lazy.projected  # nodes in each projection made (2 hops around both ends): 9 of 11
    [9]
    """

    dataset: Dataset | Graph
    texts: Mapping[str, str] = field(default_factory=dict)
    vocabulary: Vocabulary = field(default_factory=default_vocabulary)
    _cache: dict[object, Any] = field(default_factory=dict, init=False, repr=False)
    _subviews: OrderedDict[object, GraphView] = field(
        default_factory=OrderedDict, init=False, repr=False
    )
    projected: list[int] = field(default_factory=list, init=False, repr=False)
    """How many nodes each projection made so far held (for tests and benchmarks)."""

    # --- what the view is -------------------------------------------------------------------

    @property
    def describe(self) -> str:
        return "fetches only what each page shows"

    @property
    def timeline_cap(self) -> int | None:
        return TIMELINE_CAP

    @property
    def ranked_among(self) -> int | None:
        return TOP_NODES

    def refresh(self) -> None:
        self._cache.clear()
        self._subviews.clear()

    def cached(self, key: object, compute: Any) -> Any:
        if key not in self._cache:
            with paused_gc():
                self._cache[key] = compute()
        return self._cache[key]

    # --- names, from one SPARQL query --------------------------------------------------------

    def _name_rows(self) -> tuple[dict[str, tuple[str, str]], dict[str, str], list]:
        def build() -> tuple[dict[str, tuple[str, str]], dict[str, str], list]:
            table: dict[str, tuple[str, str]] = {}
            iris: dict[str, str] = {}
            names: list[tuple[str, str, str]] = []
            seen: set[tuple[str, str]] = set()
            for iri, kind, label, alias in sorted(select_rows(self.dataset, Q_NAMES)):
                node = local_id(iri)
                if node not in table:
                    table[node] = (kind, label)
                    iris[node] = iri
                for name in (label, alias):
                    if name and (node, name) not in seen:
                        seen.add((node, name))
                        names.append((node, name, fold(name)))
            return table, iris, names

        return self.cached("name_rows", build)

    def node_table(self) -> Mapping[str, tuple[str, str]]:
        return self._name_rows()[0]

    def names(self) -> list[tuple[str, str, str]]:
        return self._name_rows()[2]

    def iri(self, node: str) -> str:
        """The IRI of a node id."""
        return self._name_rows()[1][node]

    # --- focus --------------------------------------------------------------------------------

    def _view_of(self, key: object, nodes: Any) -> GraphView:
        if key in self._subviews:
            self._subviews.move_to_end(key)
            return self._subviews[key]
        iris = nodes() if callable(nodes) else nodes
        sub = GraphView(
            self.dataset, self.texts, self.vocabulary, scope_of(self.dataset, iris), outer=self
        )
        self.projected.append(len(iris))
        self._subviews[key] = sub
        if len(self._subviews) > _SUBVIEWS:
            self._subviews.popitem(last=False)
        return sub

    def focus(
        self, names: Iterable[str], hops: int, kinds: Iterable[str] = ("entity", "event")
    ) -> GraphView:
        kinds = tuple(kinds)
        nodes = tuple(sorted({self.resolve(n, kinds) for n in names}))
        return self.focus_nodes(nodes, hops)

    def focus_item(self, name: str) -> GraphView:
        if name.strip() not in self.node_table():
            query = Q_CLAIM_ENDS.replace("$ID", _literal("/" + name.strip()))
            ends = {local_id(iri) for row in select_rows(self.dataset, query) for iri in row}
            if ends:
                return self.focus_nodes(ends)
        return self.focus([name], 1)

    def focus_nodes(self, nodes: Iterable[str], hops: int = 0) -> GraphView:
        table = self._name_rows()[1]
        seeds = tuple(sorted({table[n] for n in nodes if n in table}))
        return self._view_of(("nodes", seeds, hops), lambda: expand(self.dataset, seeds, hops))

    def focus_events(
        self,
        window: tuple[str | None, str | None],
        *,
        types: Iterable[str] | None = None,
        source: str | None = None,
        undated: bool = False,
        limit: int | None = None,
        latest: bool = False,
    ) -> GraphView:
        span = Window.of(*window)
        wanted = sorted(types) if types is not None else None
        key = ("events", span, tuple(wanted or ()), source, undated, limit, latest)

        def nodes() -> set[str]:
            query = Q_WINDOW.replace("$LIMIT", str(limit or TIMELINE_CAP))
            query = query.replace("$ORDER", sparql_order(latest))
            type_clause = ""
            if wanted is not None:
                terms = " ".join(f"<{EVT[t]}>" for t in wanted)
                type_clause = f". VALUES ?t {{ {terms} }}"
            query = query.replace("$TYPES", type_clause)
            query = query.replace(
                "$SOURCE",
                "FILTER EXISTS { ?e (prov:wasDerivedFrom|kg:mentionedAt)/oa:hasSource/"
                f"schema:identifier "
                f"{_literal(source)} }}"
                if source
                else "",
            )
            tests = [] if undated else ["(BOUND(?lo) || BOUND(?hi))"]
            if span.start:  # no end before the window's start (an open bound never rules out)
                tests.append(f'(!BOUND(?hi) || STR(?hi) >= "{span.start}")')
            if span.end:  # and no start after its end
                tests.append(f'(!BOUND(?lo) || STR(?lo) <= "{span.end}")')
            if undated and (span.start or span.end):
                tests = [f"((!BOUND(?lo) && !BOUND(?hi)) || ({' && '.join(tests)}))"]
            query = query.replace("$FILTER", f"FILTER({' && '.join(tests)})" if tests else "")
            events = {row[0] for row in select_rows(self.dataset, query)}
            return expand(self.dataset, events, 1)

        return self._view_of(key, nodes)

    def focus_timeline(self, entity: str, include_related: bool = False) -> GraphView:
        near = self.focus([entity], 1, kinds=("entity",))
        node = near.resolve(entity, kinds=("entity",))
        seeds = {node} | near.projection.events_of(node)
        if include_related:
            related = near.current.related_entities(node)
            far = self.focus_nodes(sorted(related), 1).projection
            for other in related:
                seeds |= {other} | far.events_of(other)
        return self.focus_nodes(sorted(seeds), 1)

    def focus_source(self, source: str) -> GraphView:
        def nodes() -> set[str]:
            rows = select_rows(self.dataset, Q_SOURCE_NODES.replace("$SOURCE", _literal(source)))
            table = self._name_rows()[1].values()
            known = set(table)
            return {r for row in rows for r in row if r in known}

        return self._view_of(("source", source), nodes)

    def focus_top(self) -> GraphView:
        def nodes() -> set[str]:
            rows = select_rows(self.dataset, Q_DEGREE.replace("$LIMIT", str(TOP_NODES)))
            known = set(self._name_rows()[1].values())
            return {n for n, _d in rows if n in known}

        return self._view_of("top", nodes)

    def whole(self) -> GraphView:
        return self.cached("whole", lambda: GraphView(self.dataset, self.texts, self.vocabulary))

    # --- counts, by the store -------------------------------------------------------------------

    def degree(self, limit: int | None = None) -> list[tuple[str, int]]:
        query = Q_DEGREE.replace("$LIMIT", str(TOP_NODES if limit is None else limit))
        rows = select_rows(self.dataset, query)
        table = self.node_table()
        return [(local_id(n), int(d)) for n, d in rows if local_id(n) in table]

    def date_span(self) -> tuple[str, str] | None:
        rows = select_rows(self.dataset, Q_SPAN)
        lo, hi = rows[0] if rows else ("", "")
        return (lo[:10], hi[:10]) if lo and hi else None

    def stats(self) -> Stats:
        from .counts import stats  # counts imports graph.view, which this module imports

        return stats(self.dataset)


def view_for(
    ds: Dataset | Graph,
    texts: Mapping[str, str] | None = None,
    *,
    lazy_above: int | None = None,
) -> View:
    """The view to query ``ds`` through: a :class:`LazyView` of a remote store or of one holding
    more than ``lazy_above`` triples (default :data:`LAZY_ABOVE`; rdflib's memory store is never
    lazy unless ``lazy_above`` is given), else a :class:`GraphView` of the whole store.

    >>> from extract import build
    >>> from graph.view import EXAMPLE_DATA
    >>> ds = build(EXAMPLE_DATA, None).dataset
    >>> type(view_for(ds)).__name__, type(view_for(ds, lazy_above=0)).__name__
    ('GraphView', 'LazyView')
    """
    texts = dict(texts or {})
    if isinstance(ds, RemoteDataset):
        return LazyView(ds, texts)
    if lazy_above is None:
        if isinstance(ds.store, Memory):
            return GraphView(ds, texts)
        lazy_above = LAZY_ABOVE
    return LazyView(ds, texts) if triple_count(ds) > lazy_above else GraphView(ds, texts)
