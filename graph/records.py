"""Plain frozen records returned by the graph API: no rdflib or networkx type reaches a page."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Evidence:
    """A quote anchored in a source document."""

    source: str
    quote: str
    start: int
    end: int
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class EntityRow:
    """An entity as listed in tables: id, label, type and its evidence."""

    id: str
    label: str
    type: str
    type_label: str
    aliases: tuple[str, ...] = ()
    description: str = ""
    wikidata: str = ""
    mentions: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Stats:
    """Counts describing a built graph."""

    triples: int
    graphs: int
    sources: tuple[str, ...]
    entities: int
    events: int
    claims: int
    roles: int
    anchors: int
    by_type: tuple[tuple[str, int], ...] = field(default_factory=tuple)
    by_event_type: tuple[tuple[str, int], ...] = field(default_factory=tuple)
    by_category: tuple[tuple[str, int], ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class QueryResult:
    """Rows of a SPARQL SELECT (or ASK/CONSTRUCT turned into rows), as plain strings."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
