"""What the targeted SHACL check reads of a graph for one change, as a small graph.

:func:`graph.shacl.check_changed_shapes` reads a few nodes around a change: the changed
subjects and what points at them, their own triples and those of what they point at, and the
claims about them. An incremental build hands it :func:`around` of its triples instead of
a whole Dataset it would have to build first (25k triples take rdflib ~0.5 s to add).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from rdflib import Graph
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from .namespaces import KG

Triple = tuple[Node, Node, Node]
# How far a shape reads from a focus node: its own triples, then those of what it points at
# (the type an sh:class or sh:node tests, an anchor's selectors and their types).
HOPS = 2
# sh:class follows rdfs:subClassOf*, and the claims' shape needs every relation property's type.
_VOCABULARY = frozenset({RDFS.subClassOf, RDFS.subPropertyOf})
_RELATION = frozenset({KG.RelationProperty})  # the object of an rdf:type triple kept
_SUBJECT = frozenset({RDF.subject})
_SPECIAL = _VOCABULARY | {RDF.type} | _SUBJECT


def around(triples: Collection[Triple], changed: Iterable[Triple]) -> Graph:
    """The part of the union graph ``triples`` that the targeted check of ``changed`` reads.

    It holds the triples pointing at the changed subjects (their holders are focus nodes too),
    every triple of the nodes within :data:`HOPS` links of the focus nodes and of the nodes
    the claim and relation checks start from, the claims about those, and the class and
    relation vocabulary. Checked on it, the focus nodes get the verdict the whole graph gives.
    """
    changed = list(changed)
    subjects = {s for s, _p, _o in changed}
    out: dict[Node, list[Triple]] = {}
    claims: list[Triple] = []  # the rdf:subject triples of claims
    kept: set[Triple] = set()
    for t in triples:  # set lookups only: rdflib's __eq__ runs in Python, a hash in C
        out.setdefault(t[0], []).append(t)
        if t[1] in _SPECIAL:
            if t[1] in _VOCABULARY or t[2] in _RELATION:
                kept.add(t)
            elif t[1] in _SUBJECT:
                claims.append(t)
        if t[2] in subjects:
            kept.add(t)
    focus = set(subjects) | {s for s, _p, o in kept if o in subjects}
    starts = set(focus) | {o for _s, p, o in changed if p == RDF.subject}
    starts.update(o for n in focus for _s, p, o in out.get(n, ()) if p in _SUBJECT)
    frontier = set(starts)
    for t in claims:
        if t[2] in starts:
            kept.add(t)
            frontier.add(t[0])
    seen: set[Node] = set()
    for _hop in range(HOPS):
        seen |= frontier
        reached: set[Node] = set()
        for node in frontier:
            for t in out.get(node, ()):
                kept.add(t)
                reached.add(t[2])
        frontier = reached - seen
    graph = Graph()
    graph.addN((s, p, o, graph) for s, p, o in kept)
    return graph
