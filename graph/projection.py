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

import networkx as nx
from rdflib import Dataset, Graph
from rdflib.plugins.stores.memory import Memory

from .sparql import select_rows
from .vocab import ETYPE, EVT, REL, ROLE
from .vocabulary import Vocabulary, default_vocabulary

PARTICIPATION = "participation"
PLACE_ROLE = "place"

_QUALIFIERS = {
    "skos:altLabel": "aliases",
    "schema:description": "description",
    "skos:exactMatch": "wikidata",
    "kg:dateText": "date_text",
    "kg:edtf": "edtf",
    "sem:hasEarliestBeginTimeStamp": "earliest",
    "sem:hasLatestEndTimeStamp": "latest",
    "sem:hasPlace": "place",
    "kg:certainty": "certainty",
    "kg:statedBy": "stated_by",
    "kg:title": "title",
    "kg:startDate": "start",
    "kg:endDate": "end",
}
_FULL = {
    "http://www.w3.org/2004/02/skos/core#altLabel": "aliases",
    "https://schema.org/description": "description",
    "http://www.w3.org/2004/02/skos/core#exactMatch": "wikidata",
    "https://example.org/threadline/vocab#dateText": "date_text",
    "https://example.org/threadline/vocab#edtf": "edtf",
    "http://semanticweb.cs.vu.nl/2009/11/sem/hasEarliestBeginTimeStamp": "earliest",
    "http://semanticweb.cs.vu.nl/2009/11/sem/hasLatestEndTimeStamp": "latest",
    "http://semanticweb.cs.vu.nl/2009/11/sem/hasPlace": "place",
    "https://example.org/threadline/vocab#certainty": "certainty",
    "https://example.org/threadline/vocab#statedBy": "stated_by",
    "https://example.org/threadline/vocab#title": "title",
    "https://example.org/threadline/vocab#startDate": "start",
    "https://example.org/threadline/vocab#endDate": "end",
}

Q_ENTITIES = "SELECT ?e ?t ?l WHERE { ?e schema:additionalType ?t ; rdfs:label ?l }"
Q_EVENTS = "SELECT ?e ?t ?l WHERE { ?e sem:eventType ?t ; rdfs:label ?l }"
QUALIFIER_TERMS = tuple(_QUALIFIERS)
Q_QUALIFIERS = f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {' '.join(_QUALIFIERS)} }} ?s ?p ?o }}"
Q_ROLES = """SELECT ?ev ?r ?ent ?rt WHERE {
  ?ev sem:hasActor ?r . ?r rdf:value ?ent ; sem:roleType ?rt }"""
Q_CLAIMS = (
    "SELECT ?c ?s ?p ?o WHERE { ?c a kg:Claim ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }"
)
Q_QUOTES = """SELECT ?x ?a ?doc ?exact WHERE {
  ?x prov:wasDerivedFrom|kg:mentionedAt ?a .
  ?a oa:hasSource ?doc ; oa:hasSelector/oa:exact ?exact }"""
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
        return [n for n, k in self.graph.nodes(data="kind") if k == kind]


@dataclass(frozen=True)
class Scope:
    """The part of a store a projection reads: each of its queries replaced by a narrower one.

    See :mod:`graph.lazy`, which makes scopes around nodes; ``nodes`` are their IRIs.
    """

    nodes: frozenset[str]
    queries: tuple[tuple[str, str], ...]

    def narrow(self, query: str) -> str:
        return dict(self.queries).get(query, query)


def _rows(
    ds: Dataset | Graph, query: str, scope: Scope | None = None
) -> tuple[tuple[str, ...], ...]:
    return select_rows(ds, scope.narrow(query) if scope else query)


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

    documents = {d: ident for d, ident in _rows(ds, Q_DOCUMENTS, scope)}
    anchors: dict[str, Anchor] = {}
    derived: dict[str, list[str]] = defaultdict(list)
    for x, a, doc, exact in _rows(ds, Q_QUOTES, scope):
        if a not in anchors:
            anchors[a] = Anchor(a, documents.get(doc, local_id(doc)), exact)
        if a not in derived[x]:
            derived[x].append(a)
    qualifiers: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for s, p, o in _rows(ds, Q_QUALIFIERS, scope):
        qualifiers[s][_FULL.get(p, local_id(p))].add(o)

    def qual(iri: str, name: str) -> str:
        return _first(qualifiers[iri][name]) if iri in qualifiers else ""

    def sort_anchors(items: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted(items, key=lambda a: (anchors[a].document, a)))

    labels: dict[str, set[str]] = defaultdict(set)
    types: dict[str, str] = {}
    for e, t, label in _rows(ds, Q_ENTITIES, scope):
        labels[e].add(label)
        types[e] = _term(t, ETYPE)
    for e, etype in types.items():
        node = local_id(e)
        node_of[e] = node
        spec = vocab.entity_types.get(etype)
        wd = qual(e, "wikidata")
        g.add_node(
            node,
            kind="entity",
            iri=e,
            type=etype,
            type_label=spec.label if spec else etype,
            label=_first(labels[e]),
            aliases=tuple(sorted(qualifiers[e]["aliases"])) if e in qualifiers else (),
            description=qual(e, "description"),
            wikidata=local_id(wd) if wd else "",
            anchors=sort_anchors(derived.get(e, ())),
        )
    labels.clear()
    event_types: dict[str, str] = {}
    for e, t, label in _rows(ds, Q_EVENTS, scope):
        labels[e].add(label)
        event_types[e] = _term(t, EVT)
    for e, etype in event_types.items():
        node = local_id(e)
        node_of[e] = node
        spec = vocab.event_types.get(etype)
        own = sort_anchors(derived.get(e, ()))
        g.add_node(
            node,
            kind="event",
            iri=e,
            type=etype,
            type_label=spec.label if spec else etype,
            label=_first(labels[e]),
            date_text=qual(e, "date_text"),
            edtf=qual(e, "edtf"),
            earliest=qual(e, "earliest"),
            latest=qual(e, "latest"),
            certainty=qual(e, "certainty"),
            stated_by=local_id(qual(e, "stated_by")) if qual(e, "stated_by") else "",
            anchors=own,
            sources=tuple(sorted({anchors[a].document for a in own})),
        )

    def ensure(iri: str) -> str:
        node = node_of.get(iri)
        if node is None:  # a claim about something the graph does not describe
            node = node_of[iri] = local_id(iri)
            g.add_node(node, kind="other", iri=iri, type="", type_label="", label=node, anchors=())
        return node

    def evidence_attrs(own: tuple[str, ...]) -> dict[str, object]:
        first = anchors[own[0]] if own else None
        return {
            "anchors": own,
            "quote": first.quote if first else "",
            "document": first.document if first else "",
        }

    for ev, role, ent, rtype in sorted(_rows(ds, Q_ROLES, scope)):
        event, entity = ensure(ev), ensure(ent)
        rname = _term(rtype, ROLE)
        spec = vocab.role_types.get(rname)
        role_label = spec.label if spec else rname
        own = sort_anchors(derived.get(role, ())) or g.nodes[event]["anchors"]
        g.add_edge(
            entity,
            event,
            key=local_id(role),
            kind=PARTICIPATION,
            predicate=PARTICIPATION,
            role=rname,
            role_label=role_label,
            label=f"took part as {role_label} in",
            inverse_label=f"had as {role_label}",
            category=PARTICIPATION,
            directed=True,
            earliest=g.nodes[event]["earliest"],
            latest=g.nodes[event]["latest"],
            certainty=g.nodes[event]["certainty"],
            stated_by=g.nodes[event]["stated_by"],
            **evidence_attrs(own),
        )
    for ev, event in list(node_of.items()):
        place = qual(ev, "place") if g.nodes[event]["kind"] == "event" else ""
        if place:
            data = g.nodes[event]
            g.add_edge(
                ensure(place),
                event,
                key=f"place-{event}",
                kind=PARTICIPATION,
                predicate=PARTICIPATION,
                role=PLACE_ROLE,
                role_label=PLACE_ROLE,
                label="was the place of",
                inverse_label="took place in",
                category=PARTICIPATION,
                directed=True,
                earliest=data["earliest"],
                latest=data["latest"],
                certainty=data["certainty"],
                stated_by=data["stated_by"],
                **evidence_attrs(data["anchors"]),
            )

    claims: dict[str, tuple[str, str, str]] = {}
    for c, s, p, o in sorted(_rows(ds, Q_CLAIMS, scope)):
        name = _term(p, REL)
        spec = vocab.relations.get(name)
        u, v, key = ensure(s), ensure(o), local_id(c)
        stated_by = qual(c, "stated_by")
        g.add_edge(
            u,
            v,
            key=key,
            kind="relation",
            predicate=name,
            label=spec.label if spec else name.replace("_", " "),
            inverse_label=spec.inverse_label if spec else f"is the object of {name}",
            category=spec.category if spec else "generic",
            directed=spec.edge.directed if spec else True,
            claim=key,
            title=qual(c, "title"),
            start=qual(c, "start"),
            end=qual(c, "end"),
            earliest=qual(c, "earliest"),
            latest=qual(c, "latest"),
            certainty=qual(c, "certainty"),
            stated_by=local_id(stated_by) if stated_by else "",
            **evidence_attrs(sort_anchors(derived.get(c, ()))),
        )
        claims[key] = (u, v, key)

    simple = nx.Graph()
    simple.add_nodes_from(g.nodes)
    for u, v in g.edges():
        if u == v:
            continue
        if simple.has_edge(u, v):
            simple[u][v]["weight"] += 1
        else:
            simple.add_edge(u, v, weight=1)

    actors = nx.Graph()
    for event in (n for n, k in g.nodes(data="kind") if k == "event"):
        members = sorted(
            {
                u
                for u, _, d in g.in_edges(event, data=True)
                if d["kind"] == PARTICIPATION and d["role"] != PLACE_ROLE
            }
        )
        actors.add_nodes_from(members)
        for a, b in combinations(members, 2):
            if actors.has_edge(a, b):
                actors[a][b]["weight"] += 1
                actors[a][b]["events"] += (event,)
            else:
                actors.add_edge(a, b, weight=1, events=(event,))
    for n in actors:
        actors.nodes[n]["label"] = g.nodes[n]["label"]
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
