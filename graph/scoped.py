"""Queries on a remote store without pulling the whole graph.

A question about one entity needs only its surroundings: :func:`scoped_view` finds the nodes
within a few hops of the entities asked about with SPARQL (one query per hop over the current
frontier; for two ends, a bounded expansion from each), then builds the NetworkX projection of
just those nodes, so only that subgraph crosses the network. The ordinary query functions then
run on it unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .errors import AmbiguousNode, UnknownNode
from .projection import (
    Q_CLAIMS,
    Q_ENTITIES,
    Q_EVENTS,
    Q_QUALIFIERS,
    Q_QUOTES,
    Q_ROLES,
)
from .records import QueryResult
from .remote import RemoteDataset
from .texts import fold
from .view import GraphView

__all__ = [
    "NamesOnlyRemoteDataset",
    "ScopedRemoteDataset",
    "expand",
    "names_view",
    "resolve_remote",
    "scoped_view",
]

Q_NAMES = """SELECT ?e ?name WHERE {
  { ?e schema:additionalType ?t } UNION { ?e sem:eventType ?t }
  ?e rdfs:label|skos:altLabel ?name }"""
Q_LINKED = """SELECT DISTINCT ?l WHERE { VALUES ?a { $NODES } VALUES ?b { $NODES }
  { ?l rdf:subject ?a ; rdf:object ?b } UNION { ?a sem:hasActor ?l . ?l rdf:value ?b } }"""
Q_STEP = """SELECT DISTINCT ?n WHERE {
  VALUES ?x { $NODES }
  { ?c rdf:subject ?x ; rdf:object ?n } UNION { ?c rdf:object ?x ; rdf:subject ?n }
  UNION { ?x sem:hasActor/rdf:value ?n } UNION { ?n sem:hasActor/rdf:value ?x }
  UNION { ?x sem:hasPlace ?n } UNION { ?n sem:hasPlace ?x } }"""


def _values(iris: Iterable[str]) -> str:
    return " ".join(f"<{iri}>" for iri in sorted(iris))


def resolve_remote(remote: RemoteDataset, names: Iterable[str]) -> dict[str, str]:
    """IRIs of entities or events named by id, label or alias (case and accents ignored)."""
    rows = remote.select(_prologue() + Q_NAMES).rows
    by_name: dict[str, set[str]] = {}
    for iri, name in rows:
        for key in (fold(name), fold(iri.rsplit("/", 1)[-1])):
            by_name.setdefault(key, set()).add(iri)
    found = {}
    for name in names:
        hits = by_name.get(fold(name), set())
        if not hits:
            close = sorted(k for k in by_name if fold(name) in k)[:3]
            raise UnknownNode(name, close)
        if len(hits) > 1:
            raise AmbiguousNode(name, sorted(h.rsplit("/", 1)[-1] for h in hits))
        found[name] = next(iter(hits))
    return found


def _prologue() -> str:
    from .vocab import IriMinter

    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in IriMinter().prefixes().items())


def expand(remote: RemoteDataset, seeds: Iterable[str], hops: int) -> set[str]:
    """The nodes within ``hops`` of ``seeds`` (relations, participations and places, both ways)."""
    seen = set(seeds)
    frontier = set(seen)
    for _ in range(hops):
        if not frontier:
            break
        rows = remote.select(_prologue() + Q_STEP.replace("$NODES", _values(frontier))).rows
        frontier = {row[0] for row in rows} - seen
        seen |= frontier
    return seen


class _NarrowedRemoteDataset(RemoteDataset):
    """A remote store whose projection queries are replaced by narrower ones (``rewrites``)."""

    rewrites: Mapping[str, str]

    def select(self, text: str, limit: int | None = None) -> QueryResult:
        for original, narrower in self.rewrites.items():
            if text.endswith(original):
                text = text[: -len(original)] + narrower
                break
        return super().select(text, limit)


class ScopedRemoteDataset(_NarrowedRemoteDataset):
    """A remote store seen through a set of nodes: the projection's queries get VALUES clauses."""

    def __init__(self, remote: RemoteDataset, nodes: set[str]) -> None:
        super().__init__(remote.endpoint)
        self.nodes = nodes
        v = _values(nodes)
        # the claims and roles among these nodes carry qualifiers and quotes too
        linked = remote.select(_prologue() + Q_LINKED.replace("$NODES", v)).rows
        described = _values(nodes | {row[0] for row in linked})
        self.rewrites: Mapping[str, str] = {
            Q_ENTITIES: Q_ENTITIES.replace("WHERE {", f"WHERE {{ VALUES ?e {{ {v} }}", 1),
            Q_EVENTS: Q_EVENTS.replace("WHERE {", f"WHERE {{ VALUES ?e {{ {v} }}", 1),
            Q_CLAIMS: Q_CLAIMS.replace(
                "WHERE {", f"WHERE {{ VALUES ?s {{ {v} }} VALUES ?o {{ {v} }}", 1
            ),
            Q_ROLES: Q_ROLES.replace(
                "WHERE {", f"WHERE {{ VALUES ?ev {{ {v} }} VALUES ?ent {{ {v} }}", 1
            ),
            Q_QUALIFIERS: Q_QUALIFIERS.replace(
                "WHERE {", f"WHERE {{ VALUES ?s {{ {described} }}", 1
            ),
            Q_QUOTES: Q_QUOTES.replace("WHERE {", f"WHERE {{ VALUES ?x {{ {described} }}", 1),
        }


def scoped_view(
    remote: RemoteDataset,
    names: Iterable[str],
    hops: int,
    texts: Mapping[str, str] | None = None,
) -> GraphView:
    """A view of the nodes within ``hops`` of the named entities (each end expanded ``hops``)."""
    seeds = resolve_remote(remote, names)
    nodes = expand(remote, seeds.values(), hops)
    return GraphView(ScopedRemoteDataset(remote, nodes), dict(texts or {}))


class NamesOnlyRemoteDataset(_NarrowedRemoteDataset):
    """A remote store seen as names only: entities and events with labels, types and aliases.

    Enough for a search; no relation, participation or quote crosses the network.
    """

    def __init__(self, remote: RemoteDataset) -> None:
        super().__init__(remote.endpoint)
        nothing = "FILTER(false) }"
        self.rewrites: Mapping[str, str] = {
            Q_CLAIMS: Q_CLAIMS[: Q_CLAIMS.rindex("}")] + nothing,
            Q_ROLES: Q_ROLES[: Q_ROLES.rindex("}")] + nothing,
            Q_QUOTES: Q_QUOTES[: Q_QUOTES.rindex("}")] + nothing,
            Q_QUALIFIERS: "SELECT ?s ?p ?o WHERE { VALUES ?p { skos:altLabel } ?s ?p ?o }",
        }


def names_view(remote: RemoteDataset, texts: Mapping[str, str] | None = None) -> GraphView:
    """A view for searching a remote store: names and types only."""
    return GraphView(NamesOnlyRemoteDataset(remote), dict(texts or {}))
