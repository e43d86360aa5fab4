"""Queries over a built Dataset that return plain records (SPARQL, so every store answers)."""

from __future__ import annotations

from collections import Counter, defaultdict

import pyoxigraph as ox
from rdflib import Dataset

from .attrs import (
    CATEGORY,
    ENTITY,
    EVENT,
    KIND,
    PARTICIPATION,
    PLACE_ROLE,
    RELATION,
    ROLE,
    TYPE_LABEL,
)
from .projection import Projection
from .records import EntityRow, Evidence, Stats
from .remote import RemoteDataset
from .sparql import oxigraph_store, run_query, triple_count
from .view import View


def _count(ds: Dataset, where: str) -> int:
    rows = run_query(ds, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}").rows
    return int(rows[0][0]) if rows else 0


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def stats(ds: Dataset | View) -> Stats:
    """Counts of a built graph: triples, graphs, entities by type, events, claims, anchors.

    Given a view, the view counts (:meth:`graph.view.View.stats`): a view of the whole store from
    its projection (no SPARQL), a lazy one by asking the store.

    Examples
    --------
    >>> from extract import build
    >>> from graph.view import EXAMPLE_DATA, GraphView
    >>> result = build(EXAMPLE_DATA, None)
    >>> stats(result.dataset) == stats(GraphView.from_build(result))
    True
    """
    if isinstance(ds, View):
        return ds.stats()
    sources = tuple(
        sorted(
            r[0]
            for r in run_query(
                ds, "SELECT ?id WHERE { ?d a schema:NewsArticle ; schema:identifier ?id }"
            ).rows
        )
    )
    by_type = run_query(
        ds,
        """SELECT ?label (COUNT(DISTINCT ?e) AS ?n) WHERE {
        ?e schema:additionalType ?t . ?t rdfs:label ?label }
        GROUP BY ?label ORDER BY DESC(?n) ?label""",
    ).rows
    by_event = run_query(
        ds,
        """SELECT ?label (COUNT(DISTINCT ?e) AS ?n) WHERE {
        ?e a sem:Event ; sem:eventType ?t . ?t rdfs:label ?label } GROUP BY ?label
        ORDER BY DESC(?n) ?label""",
    ).rows
    by_category = run_query(
        ds,
        """SELECT ?cat (COUNT(DISTINCT ?c) AS ?n) WHERE {
        ?c a kg:Claim ; rdf:predicate ?p . ?p kg:category ?cat }
        GROUP BY ?cat ORDER BY DESC(?n) ?cat""",
    ).rows
    return Stats(
        triples=triple_count(ds),
        graphs=_graph_count(ds),
        sources=sources,
        entities=_count(ds, "?x schema:additionalType ?t"),
        events=_count(ds, "?x a sem:Event"),
        claims=_count(ds, "?x a kg:Claim"),
        roles=_count(ds, "?x a sem:Role"),
        anchors=_count(ds, "?x a oa:SpecificResource FILTER NOT EXISTS { ?e kg:foundAt ?x }"),
        by_type=tuple((label, int(n)) for label, n in by_type),
        by_event_type=tuple((label, int(n)) for label, n in by_event),
        by_category=tuple((cat, int(n)) for cat, n in by_category),
    )


def _graph_count(ds: Dataset | RemoteDataset) -> int:
    if isinstance(ds, RemoteDataset):
        return ds.graph_count()
    inner = oxigraph_store(ds)
    if inner is not None:  # Oxigraph looks at one quad per graph, not all of them
        graphs = [*inner.named_graphs(), ox.DefaultGraph()]
        return sum(1 for g in graphs if next(inner.quads_for_pattern(None, None, None, g), None))
    return len({c for c in ds.graphs() if len(c)})


def _ranked(counter: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def stats_of_projection(p: Projection, ds: Dataset) -> Stats:
    """The counts of :func:`stats`, from a projection of the whole Dataset ``ds``."""
    g = p.graph
    kinds = Counter(kind for _, kind in g.nodes(data=KIND))
    by_type = Counter(d[TYPE_LABEL] for _, d in g.nodes(data=True) if d[KIND] == ENTITY)
    by_event = Counter(d[TYPE_LABEL] for _, d in g.nodes(data=True) if d[KIND] == EVENT)
    relations = [d for _, _, d in g.edges(data=True) if d[KIND] == RELATION]
    roles = sum(
        1 for _, _, d in g.edges(data=True) if d[KIND] == PARTICIPATION and d[ROLE] != PLACE_ROLE
    )
    graphs = _graph_count(ds)
    return Stats(
        triples=triple_count(ds),
        graphs=graphs,
        sources=tuple(sorted(set(p.documents.values()))),
        entities=kinds[ENTITY],
        events=kinds[EVENT],
        claims=len(relations),
        roles=roles,
        anchors=len(p.anchors),
        by_type=_ranked(by_type),
        by_event_type=_ranked(by_event),
        by_category=_ranked(Counter(d[CATEGORY] for d in relations)),
    )


def entities(ds: Dataset) -> list[EntityRow]:
    """Every entity with its type, aliases and the quotes where the sources name it, by label."""
    rows = run_query(
        ds,
        """SELECT ?id ?label ?type ?typeLabel ?desc ?wd WHERE {
        ?e schema:additionalType ?t ; schema:identifier ?id ; rdfs:label ?label .
        ?t rdfs:label ?typeLabel . BIND(STRAFTER(STR(?t), "entity-type/") AS ?type)
        OPTIONAL { ?e schema:description ?desc } OPTIONAL { ?e skos:exactMatch ?wd } }""",
    ).rows
    aliases: dict[str, list[str]] = defaultdict(list)
    for ident, alias in run_query(
        ds,
        """SELECT DISTINCT ?id ?alias WHERE {
            ?e schema:additionalType ?t ; schema:identifier ?id ; skos:altLabel ?alias }
            ORDER BY ?id ?alias""",
    ).rows:
        aliases[ident].append(alias)
    mentions: dict[str, list[Evidence]] = defaultdict(list)
    for ident, doc, exact, start, end, prefix, suffix in run_query(
        ds,
        """
            SELECT DISTINCT ?id ?doc ?exact ?start ?end ?prefix ?suffix WHERE {
            ?e schema:additionalType ?t ; schema:identifier ?id ; kg:mentionedAt ?a .
            ?a oa:hasSource/schema:identifier ?doc ;
               oa:hasSelector ?q, ?p .
            ?q a oa:TextQuoteSelector ; oa:exact ?exact ; oa:prefix ?prefix ; oa:suffix ?suffix .
            ?p a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end }""",
    ).rows:
        mentions[ident].append(Evidence(doc, exact, int(start), int(end), prefix, suffix))
    seen: dict[str, EntityRow] = {}
    for ident, label, etype, type_label, desc, wd in rows:
        if ident in seen:
            continue
        seen[ident] = EntityRow(
            id=ident,
            label=label,
            type=etype,
            type_label=type_label,
            aliases=tuple(aliases[ident]),
            description=desc,
            wikidata=_local(wd) if wd else "",
            mentions=tuple(sorted(mentions[ident], key=lambda m: (m.source, m.start))),
        )
    return sorted(seen.values(), key=lambda r: (r.label.casefold(), r.id))


def type_counts(ds: Dataset) -> Counter[str]:
    """Number of entities per entity-type label."""
    return Counter(dict(stats(ds).by_type))
