"""RDF → NetworkX: the projection every network query runs on.

:func:`project` reads a built Dataset with a handful of SPARQL SELECTs (so any store answers: rdflib
in memory, Oxigraph, a remote endpoint) and builds a :class:`networkx.MultiDiGraph`:

- one node per entity (``kind="entity"``, ``type``, ``type_label``, ``label``, ``aliases``...)
  and per event (``kind="event"``, ``type``, ``label``, ``date_text``, ``edtf``, ``earliest``,
  ``latest``);
- one edge per claim, subject → object, keyed by the claim id (``kind="relation"``). Its
  ``label``, ``inverse_label``, ``category`` and ``directed`` come from the relation's declaration
  in the vocabulary, so a relation added to ``vocabulary.yaml`` needs no code here;
- one edge per participant, entity → event, keyed by the role id (``kind="participation"``,
  ``role``); an event's place becomes a participation with role ``place``.

Every edge carries its first quote (``quote``, ``document``), every anchor id (``anchors``), and
its date bounds (ISO strings; a participation takes its event's). The *actor network*
(:attr:`Projection.actors`) links two entities through the events they share, weighted by how
many. Node ids are the local ids of the curation files (``marco-rubio``), edge keys the local ids
of claims and roles.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import networkx as nx
from rdflib import Dataset, Graph
from rdflib.plugins.stores.memory import Memory

from .attrs import (
    ALIASES,
    ANCHORS,
    CATEGORY,
    CERTAINTY,
    CLAIM,
    DATE_TEXT,
    DESCRIPTION,
    DIRECTED,
    DOCUMENT,
    EARLIEST,
    EDTF,
    END,
    ENTITY,
    EVENT,
    EVENTS,
    INVERSE_LABEL,
    IRI,
    KIND,
    LABEL,
    LATEST,
    OTHER,
    PARTICIPATION,
    PLACE,
    PLACE_ROLE,
    PREDICATE,
    QUOTE,
    RELATION,
    ROLE,
    ROLE_LABEL,
    SOURCES,
    START,
    STATED_BY,
    TITLE,
    TYPE,
    TYPE_LABEL,
    WEIGHT,
    WIKIDATA,
)
from .namespaces import ETYPE, EVT, NAMESPACES, REL
from .namespaces import ROLE as ROLE_NS
from .sparql import select_rows
from .vocabulary import Vocabulary, default_vocabulary

__all__ = ["PARTICIPATION", "PLACE_ROLE", "Anchor", "Projection", "Scope", "project"]

_QUALIFIERS = {
    "skos:altLabel": ALIASES,
    "schema:description": DESCRIPTION,
    "skos:exactMatch": WIKIDATA,
    "kg:dateText": DATE_TEXT,
    "kg:edtf": EDTF,
    "sem:hasEarliestBeginTimeStamp": EARLIEST,
    "sem:hasLatestEndTimeStamp": LATEST,
    "sem:hasPlace": PLACE,
    "kg:certainty": CERTAINTY,
    "kg:statedBy": STATED_BY,
    "kg:title": TITLE,
    "kg:startDate": START,
    "kg:endDate": END,
}
"""The properties the projection reads as node and edge attributes, by their key."""
_FULL = {
    f"{NAMESPACES[term.split(':')[0]]}{term.split(':')[1]}": key
    for term, key in _QUALIFIERS.items()
}
QUALIFIER_TERMS = tuple(_QUALIFIERS)
Q_DOCUMENTS = """SELECT ?d ?id WHERE { ?d a schema:NewsArticle ; schema:identifier ?id }"""


def local_id(iri: str) -> str:
    """The slug at the end of an IRI (``…/entity/marco-rubio`` → ``marco-rubio``)."""
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _term(iri: str, namespace: object) -> str:
    base = str(namespace)
    return iri[len(base) :] if iri.startswith(base) else local_id(iri)


@dataclass(frozen=True)
class Anchor:
    """Where a quote stands: the document id and the exact words (offsets are read on demand)."""

    iri: str
    document: str
    quote: str


@dataclass
class Projection:
    """The NetworkX views of one version of a graph, with the indexes queries need.

    ``graph`` is the MultiDiGraph described in the module docstring, ``actors`` the weighted actor
    network, ``simple`` an undirected simple graph of ``graph`` (one edge per linked pair, with
    ``weight`` = number of parallel edges) for paths and centrality. ``version`` is the
    Dataset's triple count on rdflib's memory store (-1 on other stores, where counting scans).
    """

    graph: nx.MultiDiGraph
    actors: nx.Graph
    simple: nx.Graph
    anchors: dict[str, Anchor]
    claims: dict[str, tuple[str, str, str]]
    documents: dict[str, str]
    version: int
    categories: tuple[str, ...] = ()
    cache: dict[object, object] = field(default_factory=dict, repr=False)

    def nodes_of(self, kind: str) -> list[str]:
        return [n for n, k in self.graph.nodes(data=KIND) if k == kind]

    def events_of(self, node: str) -> set[str]:
        """The events a node takes part in (or is the place of) or is linked to by a relation."""
        g = self.graph
        found = {v for _u, v in g.out_edges(node) if g.nodes[v][KIND] == EVENT}
        for u, _v, d in g.in_edges(node, data=True):
            if d[KIND] == RELATION and g.nodes[u][KIND] == EVENT:
                found.add(u)
        return found

    def related_entities(self, node: str) -> set[str]:
        """The entities a node is linked to by a relation, either way."""
        g = self.graph
        edges = [*g.out_edges(node, data=True), *g.in_edges(node, data=True)]
        return {
            v if u == node else u
            for u, v, d in edges
            if d[KIND] == RELATION and g.nodes[v if u == node else u][KIND] == ENTITY
        }


_NOTHING = "<urn:threadline:nothing>"


@dataclass(frozen=True)
class Scope:
    """The part of a store a projection reads: these nodes, and the claims and roles linking two
    of them (whose qualifiers and quotes come along). All are IRIs; the store-backed view
    (``LazyView``) makes scopes around the nodes a question needs (``scope_of``).
    """

    nodes: frozenset[str]
    links: frozenset[str] = frozenset()

    def values(self, *names: str) -> str:
        """``VALUES`` clauses binding each variable to the scope's nodes."""
        iris = " ".join(f"<{iri}>" for iri in sorted(self.nodes)) or _NOTHING
        return " ".join(f"VALUES {name} {{ {iris} }}" for name in names)

    def described(self, name: str) -> str:
        """A ``VALUES`` clause binding the variable to the nodes and their links."""
        iris = " ".join(f"<{iri}>" for iri in sorted(self.nodes | self.links)) or _NOTHING
        return f"VALUES {name} {{ {iris} }}"


def q_entities(scope: Scope | None = None) -> str:
    """Entities with their type and label."""
    head = f"{scope.values('?e')} " if scope else ""
    return f"SELECT ?e ?t ?l WHERE {{ {head}?e schema:additionalType ?t ; rdfs:label ?l }}"


def q_events(scope: Scope | None = None) -> str:
    """Events with their type and label."""
    head = f"{scope.values('?e')} " if scope else ""
    return f"SELECT ?e ?t ?l WHERE {{ {head}?e sem:eventType ?t ; rdfs:label ?l }}"


def q_roles(scope: Scope | None = None) -> str:
    """Participations: event, role, entity, role type."""
    head = f"{scope.values('?ev', '?ent')} " if scope else ""
    return f"""SELECT ?ev ?r ?ent ?rt WHERE {{ {head}
  ?ev sem:hasActor ?r . ?r rdf:value ?ent ; sem:roleType ?rt }}"""


def q_claims(scope: Scope | None = None) -> str:
    """Claims: claim, subject, predicate, object."""
    if scope is None:
        return (
            "SELECT ?c ?s ?p ?o WHERE "
            "{ ?c a kg:Claim ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }"
        )
    # the claims between two nodes first, then their type: starting from `a kg:Claim` visits
    # every claim of the store (0.9 s against 0.1 s at 1M triples)
    return f"""SELECT ?c ?s ?p ?o WHERE {{
  {{ SELECT ?c ?s ?o WHERE {{ {scope.values("?s", "?o")}
     ?c rdf:subject ?s . ?c rdf:object ?o }} }}
  ?c a kg:Claim ; rdf:predicate ?p }}"""


def q_qualifiers(scope: Scope | None = None) -> str:
    """The qualifier triples (:data:`QUALIFIER_TERMS`)."""
    if scope is None:
        return f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {' '.join(_QUALIFIERS)} }} ?s ?p ?o }}"
    # every triple of the nodes, then the qualifiers among them (a VALUES on the predicate too
    # makes Oxigraph scan each predicate: 0.8 s against 15 ms)
    return f"""SELECT ?s ?p ?o WHERE {{ {scope.described("?s")} ?s ?p ?o
  FILTER(?p IN ({", ".join(QUALIFIER_TERMS)})) }}"""


def q_quotes(scope: Scope | None = None) -> str:
    """Quotes: what is quoted, the anchor, its document and the exact words."""
    head = f"{scope.described('?x')} " if scope else ""
    return f"""SELECT ?x ?a ?doc ?exact WHERE {{ {head}
  ?x prov:wasDerivedFrom|kg:mentionedAt ?a .
  ?a oa:hasSource ?doc ; oa:hasSelector/oa:exact ?exact }}"""


def _first(values: Iterable[str]) -> str:
    return min(values, default="")


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a large structure is built.

    Building the projection allocates millions of small objects that stay alive; each automatic
    collection would scan all of them again (five times the build time at 2M triples). Reference
    counting still frees everything as usual; the collector runs again afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def project(
    ds: Dataset | Graph, vocabulary: Vocabulary | None = None, scope: Scope | None = None
) -> Projection:
    """Build the projection of a Dataset (see the module docstring), or of the part in ``scope``.

    Examples
    --------
    >>> from extract import build
    >>> from graph.view import EXAMPLE_DATA
    >>> p = project(build(EXAMPLE_DATA, None).dataset)
    >>> p.graph.nodes["marco-rubio"]["type"], p.graph.nodes["khalil-arrest"]["kind"]
    ('person', 'event')
    >>> edge = next(iter(p.graph["marco-rubio"]["us-department-of-state"].values()))
    >>> edge["label"], edge["inverse_label"], edge["category"], edge["quote"]
    ('holds a position at', 'has in a position', 'position', 'Secretary of State Marco Rubio')
    >>> p.actors["ice"]["mahmoud-khalil"]["weight"]
    1
    """
    with paused_gc():
        return _project(ds, vocabulary or default_vocabulary(), scope)


def _project(ds: Dataset | Graph, vocab: Vocabulary, scope: Scope | None) -> Projection:
    g = nx.MultiDiGraph()
    node_of: dict[str, str] = {}

    documents = {d: ident for d, ident in select_rows(ds, Q_DOCUMENTS)}
    anchors: dict[str, Anchor] = {}
    derived: dict[str, list[str]] = defaultdict(list)
    for x, a, doc, exact in select_rows(ds, q_quotes(scope)):
        if a not in anchors:
            anchors[a] = Anchor(a, documents.get(doc, local_id(doc)), exact)
        if a not in derived[x]:
            derived[x].append(a)
    qualifiers: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for s, p, o in select_rows(ds, q_qualifiers(scope)):
        qualifiers[s][_FULL.get(p, local_id(p))].add(o)

    def qual(iri: str, name: str) -> str:
        return _first(qualifiers[iri][name]) if iri in qualifiers else ""

    def qual_id(iri: str, name: str) -> str:
        value = qual(iri, name)
        return local_id(value) if value else ""

    def sort_anchors(items: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted(items, key=lambda a: (anchors[a].document, a)))

    def add_nodes(kind: str, rows: Iterable[tuple[str, ...]], namespace: object) -> None:
        """One node per entity or event: the attributes both have, then the kind's own."""
        labels: dict[str, set[str]] = defaultdict(set)
        types: dict[str, str] = {}
        for e, t, label in rows:
            labels[e].add(label)
            types[e] = _term(t, namespace)
        specs: Any = vocab.entity_types if kind == ENTITY else vocab.event_types
        for e, etype in types.items():
            node = node_of[e] = local_id(e)
            spec = specs.get(etype)
            own = sort_anchors(derived.get(e, ()))
            data: dict[str, object] = {
                KIND: kind,
                IRI: e,
                TYPE: etype,
                TYPE_LABEL: spec.label if spec else etype,
                LABEL: _first(labels[e]),
            }
            if kind == ENTITY:
                data[ALIASES] = tuple(sorted(qualifiers[e][ALIASES])) if e in qualifiers else ()
                data[DESCRIPTION] = qual(e, DESCRIPTION)
                data[WIKIDATA] = qual_id(e, WIKIDATA)
                data[ANCHORS] = own
            else:
                for key in (DATE_TEXT, EDTF, EARLIEST, LATEST, CERTAINTY):
                    data[key] = qual(e, key)
                data[STATED_BY] = qual_id(e, STATED_BY)
                data[ANCHORS] = own
                data[SOURCES] = tuple(sorted({anchors[a].document for a in own}))
            g.add_node(node, **data)

    add_nodes(ENTITY, select_rows(ds, q_entities(scope)), ETYPE)
    add_nodes(EVENT, select_rows(ds, q_events(scope)), EVT)

    def ensure(iri: str) -> str:
        node = node_of.get(iri)
        if node is None:  # a claim about something the graph does not describe
            node = node_of[iri] = local_id(iri)
            g.add_node(
                node, **{KIND: OTHER, IRI: iri, TYPE: "", TYPE_LABEL: "", LABEL: node, ANCHORS: ()}
            )
        return node

    def add_edge(u: str, v: str, key: str, own: tuple[str, ...], **data: object) -> None:
        """An edge with its first quote and every anchor (the attributes all edges have)."""
        first = anchors[own[0]] if own else None
        data[ANCHORS] = own
        data[QUOTE] = first.quote if first else ""
        data[DOCUMENT] = first.document if first else ""
        g.add_edge(u, v, key=key, **data)

    def add_participation(
        u: str, event: str, key: str, role: tuple[str, str], reads: tuple[str, str], own: Any
    ) -> None:
        """An entity's ``role`` (name, label) in an event, and how it ``reads`` (forward, back);
        a participation takes its event's dates, certainty and speaker."""
        ev = g.nodes[event]
        add_edge(
            u,
            event,
            key,
            own,
            **{KIND: PARTICIPATION, PREDICATE: PARTICIPATION, ROLE: role[0], ROLE_LABEL: role[1]},
            **{LABEL: reads[0], INVERSE_LABEL: reads[1], CATEGORY: PARTICIPATION, DIRECTED: True},
            **{k: ev[k] for k in (EARLIEST, LATEST, CERTAINTY, STATED_BY)},
        )

    for ev, role, ent, rtype in sorted(select_rows(ds, q_roles(scope))):
        event, entity = ensure(ev), ensure(ent)
        rname = _term(rtype, ROLE_NS)
        spec = vocab.role_types.get(rname)
        role_label = spec.label if spec else rname
        own = sort_anchors(derived.get(role, ())) or g.nodes[event][ANCHORS]
        add_participation(
            entity,
            event,
            local_id(role),
            (rname, role_label),
            (f"took part as {role_label} in", f"had as {role_label}"),
            own,
        )
    for ev, event in list(node_of.items()):
        place = qual(ev, PLACE) if g.nodes[event][KIND] == EVENT else ""
        if place:
            add_participation(
                ensure(place),
                event,
                f"place-{event}",
                (PLACE_ROLE, PLACE_ROLE),
                ("was the place of", "took place in"),
                g.nodes[event][ANCHORS],
            )

    claims: dict[str, tuple[str, str, str]] = {}
    for c, s, p, o in sorted(select_rows(ds, q_claims(scope))):
        name = _term(p, REL)
        spec = vocab.relations.get(name)
        u, v, key = ensure(s), ensure(o), local_id(c)
        add_edge(
            u,
            v,
            key,
            sort_anchors(derived.get(c, ())),
            **{KIND: RELATION, PREDICATE: name},
            **{
                LABEL: spec.label if spec else name.replace("_", " "),
                INVERSE_LABEL: spec.inverse_label if spec else f"is the object of {name}",
                CATEGORY: spec.category if spec else "generic",
                DIRECTED: spec.edge.directed if spec else True,
            },
            **{CLAIM: key},
            **{k: qual(c, k) for k in (TITLE, START, END, EARLIEST, LATEST, CERTAINTY)},
            **{STATED_BY: qual_id(c, STATED_BY)},
        )
        claims[key] = (u, v, key)

    simple = nx.Graph()
    simple.add_nodes_from(g.nodes)
    for u, v in g.edges():
        if u == v:
            continue
        if simple.has_edge(u, v):
            simple[u][v][WEIGHT] += 1
        else:
            simple.add_edge(u, v, **{WEIGHT: 1})

    actors = nx.Graph()
    for event in (n for n, k in g.nodes(data=KIND) if k == EVENT):
        members = sorted(
            {
                u
                for u, _, d in g.in_edges(event, data=True)
                if d[KIND] == PARTICIPATION and d[ROLE] != PLACE_ROLE
            }
        )
        actors.add_nodes_from(members)
        for a, b in combinations(members, 2):
            if actors.has_edge(a, b):
                actors[a][b][WEIGHT] += 1
                actors[a][b][EVENTS] += (event,)
            else:
                actors.add_edge(a, b, **{WEIGHT: 1, EVENTS: (event,)})
    for n in actors:
        actors.nodes[n][LABEL] = g.nodes[n][LABEL]
    categories = tuple(sorted({spec.category for spec in vocab.relations.values()}))
    return Projection(
        graph=g,
        actors=actors,
        simple=simple,
        anchors=anchors,
        claims=claims,
        documents=documents,
        version=len(ds) if isinstance(ds.store, Memory) else -1,
        categories=(*categories, PARTICIPATION),
    )
