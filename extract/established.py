"""What the last successful build holds: the type and label of every entity and event, and the
sources whose graphs hold them. When declarations of one id disagree, this is the reference
(:func:`extract.validate.check_references`): the declaration that departs from what the build
holds is the one a message points at, whichever source was published first.

The build writes its graph only when it succeeds, so the graph file beside the data is the last
successful build. It is read with Oxigraph's parser (a fraction of a second for the bundled
article) and only its identity triples are kept. A graph file that `threadline build` did not
write, that cannot be read, or whose sources are none of the data folder's (a build of another
corpus) holds nothing to go by: then the earliest-published source's declaration is the
reference, as before any build.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import RDFS, SDO

from graph.namespaces import SEM

from .build import fingerprint_path

_RDFS_LABEL = str(RDFS.label)
_IDENTIFIER = str(SDO.identifier)
_ENTITY_TYPE = str(SDO.additionalType)
_EVENT_TYPE = str(SEM.eventType)
_KINDS = {_ENTITY_TYPE: "entities", _EVENT_TYPE: "events"}
_WANTED = {_RDFS_LABEL, _IDENTIFIER, *_KINDS}


@dataclass(frozen=True)
class Held:
    """An id as the last build holds it: ``kind`` (``entities`` or ``events``), its type and
    label, and the sources whose graphs state them."""

    kind: str
    type: str
    label: str
    sources: frozenset[str]


def _source(graph: str) -> str:
    """The source id of a source's named graph (``…/graph/dispatch``), else ``""``."""
    head, _sep, tail = graph.rpartition("/graph/")
    return tail if head and tail and "/" not in tail else ""


def _held(quads: Iterable[tuple[str, str, str, str]], sources: set[str]) -> dict[str, Held]:
    """What (graph, subject, predicate, object) strings say of each id's identity."""
    ids: dict[str, str] = {}
    labels: dict[str, str] = {}
    typed: dict[str, tuple[str, str, set[str]]] = {}
    for graph, s, p, o in quads:
        source = _source(graph)
        if not source:
            continue
        if p == _IDENTIFIER:
            ids[s] = o
        elif p == _RDFS_LABEL:
            labels[s] = o
        elif p in _KINDS:
            kind, term = _KINDS[p], o.rstrip("/").rsplit("/", 1)[-1]
            typed.setdefault(s, (kind, term, set()))[2].add(source)
    held = {
        ids[s]: Held(kind, term, labels.get(s, ""), frozenset(where))
        for s, (kind, term, where) in typed.items()
        if s in ids
    }
    if not any(h.sources & sources for h in held.values()):
        return {}  # the build of another corpus
    return held


def established(graph_file: Path | str | None, sources: set[str]) -> dict[str, Held]:
    """Every id the last build of ``graph_file`` holds, when that build is one of this corpus
    (some of its sources are in ``sources``); else an empty dict.

    >>> from extract import build
    >>> from graph.view import ACCOUNTS_DATA
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "graph.trig"
    >>> _ = build(ACCOUNTS_DATA, out)
    >>> held = established(out, {"dispatch", "weekly"})
    >>> held["columbia-university"].label, sorted(held["columbia-university"].sources)
    ('Columbia University', ['dispatch', 'weekly'])
    >>> arrest = held["khalil-arrest"]  # an event's identity is in its reference graph only
    >>> arrest.kind, arrest.type, sorted(arrest.sources)
    ('events', 'arrest', ['dispatch'])
    >>> established(out, {"another-corpus"})
    {}
    """
    if graph_file is None:
        return {}
    path = Path(graph_file)
    if not (path.is_file() and fingerprint_path(path).is_file()):
        return {}  # no build yet, or a graph file `threadline build` did not write
    try:
        from pyoxigraph import RdfFormat, parse

        fmt = RdfFormat.N_QUADS if path.suffix == ".nq" else RdfFormat.TRIG
        quads = [
            (getattr(q.graph_name, "value", ""), q.subject.value, q.predicate.value, q.object.value)
            for q in parse(path=str(path), format=fmt, lenient=True)
            if q.predicate.value in _WANTED
        ]
    except (OSError, SyntaxError, ValueError):
        return {}  # an unreadable graph is no reference: the publication order applies
    return _held(quads, sources)


def established_in_parts(
    graphs: Mapping[object, Iterable[tuple[object, object, object]]], sources: set[str]
) -> dict[str, Held]:
    """The same from the triples of each graph a build kept in its state
    (:mod:`extract.buildcache`): an incremental build need not parse its graph file again."""
    wanted = {URIRef(p) for p in _WANTED}
    quads = (
        (str(graph), str(s), str(p), str(o))
        for graph, triples in graphs.items()
        if graph is not None
        for s, p, o in triples
        if p in wanted
    )
    return _held(quads, sources)
