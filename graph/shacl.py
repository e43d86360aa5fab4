"""Check a built Dataset against the project's SHACL shapes (``shapes.ttl``).

:func:`check_shapes` checks a whole graph. :func:`check_changed_shapes` checks only the nodes a
change can affect, for a rebuild of a graph that conformed before the change; whatever it
suspects, the whole graph is checked again, so a report is always the whole check's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache
from itertools import product
from pathlib import Path

from pyshacl import validate as shacl_validate
from pyshacl.graph_abstraction import DataGraph
from pyshacl.monkey import apply_patches
from pyshacl.validator import Validator, assign_baked_in
from rdflib import Dataset, Graph, Namespace, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from .errors import ShapeViolations
from .namespaces import KG, OA
from .shacl_batch import install as batch_property_shapes
from .store import union_graph

SHAPES = Path(__file__).with_name("shapes.ttl")
KGSH = Namespace("https://example.org/threadline/shapes#")
_IRI = re.compile(r"https?://[^\s<>\"]+")
# The shapes that run once over the whole graph (a single target node each, a SPARQL query).
WHOLE_GRAPH_SHAPES = (KGSH.SelectorKindsShape, KGSH.ClaimedTriplesShape, KGSH.RelationUseShape)
_WHOLE_GRAPH_TARGETS = frozenset({OA.SpecificResource, KG.Claim, KG.RelationProperty})
# A change touching more nodes than this is checked as a whole graph.
FOCUS_LIMIT = 5000
_CLAIM_PARTS = (RDF.subject, RDF.predicate, RDF.object)
# How pySHACL checks our graphs: SPARQL constraints on, no inference, warnings allowed, and in
# place (the data is ours and no shape has rules: skip pySHACL's copy of it).
OPTIONS: dict[str, object] = {
    "advanced": True,
    "inference": "none",
    "allow_warnings": True,
    "inplace": True,
}


@cache
def shapes_graph() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


def _short(g: Graph, node: object) -> str:
    if isinstance(node, URIRef):
        try:
            return g.namespace_manager.normalizeUri(node)
        except Exception:
            return str(node)
    return str(node)


def _validate(data: Graph | Dataset, **options: object) -> tuple[bool, Graph]:
    batch_property_shapes()
    conforms, report, _text = shacl_validate(
        data,
        shacl_graph=shapes_graph(),
        **{**OPTIONS, **options},
    )
    return bool(conforms), report


def check_shapes(ds: Dataset | Graph) -> None:
    """Raise :class:`ShapeViolations` with one line per violation if the graph does not conform."""
    data = union_graph(ds) if isinstance(ds, Dataset) else ds
    conforms, report = _validate(data)
    if conforms:
        return
    lines = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage) or "constraint violated"
        message = _IRI.sub(lambda m: _short(data, URIRef(m.group(0))), str(message))
        value = report.value(result, SH.value)
        where = _short(data, focus) + (f" {_short(data, path)}" if path is not None else "")
        if value is not None and path is not None:
            message = f"{message} (value: {_short(data, value)})"
        lines.append(f"{where}: {message}")
    lines.sort()
    raise ShapeViolations("\n".join(lines), len(lines))


def _union(ds: Dataset | Graph, pattern: tuple) -> Iterable[tuple[Node, Node, Node]]:
    if isinstance(ds, Dataset):
        return ((s, p, o) for s, p, o, _g in ds.quads((*pattern, None)))
    return ds.triples(pattern)


def _has(ds: Dataset | Graph, triple: tuple[Node, Node, Node]) -> bool:
    return next(iter(_union(ds, triple)), None) is not None


def changed_focus(ds: Dataset | Graph, changed: Iterable[tuple[Node, Node, Node]]) -> set[Node]:
    """The nodes whose shapes a change (triples added or removed) can break: the subjects of
    the changed triples and every node pointing at one of them (its ``sh:class`` and
    ``sh:node`` constraints read the types and properties of what it points at)."""
    subjects = {s for s, _p, _o in changed}
    focus = set(subjects)
    for node in subjects:
        focus.update(s for s, _p, _o in _union(ds, (None, None, node)))
    return focus - _WHOLE_GRAPH_TARGETS


def _whole_graph_part(
    ds: Dataset | Graph, focus: set[Node], changed: Iterable[tuple[Node, Node, Node]]
) -> Graph:
    """What the whole-graph shapes read about ``focus``, and nothing they would read partly:
    its anchors with their selectors' types (kgsh:SelectorKindsShape), its claims with their
    triples (kgsh:ClaimedTriplesShape), and the relation triples from its nodes and from the
    subjects of changed claims, each with the claims that describe it (kgsh:RelationUseShape)."""
    part = Graph()
    relations = {s for s, _p, _o in _union(ds, (None, RDF.type, KG.RelationProperty))}
    starts = set(focus) | {o for _s, p, o in changed if p == RDF.subject}
    for node in focus:
        types = {o for _s, _p, o in _union(ds, (node, RDF.type, None))}
        if OA.SpecificResource in types:
            part.add((node, RDF.type, OA.SpecificResource))
            for _s, _p, sel in _union(ds, (node, OA.hasSelector, None)):
                part.add((node, OA.hasSelector, sel))
                for triple in _union(ds, (sel, RDF.type, None)):
                    part.add(triple)
        if KG.Claim in types:
            part.add((node, RDF.type, KG.Claim))
            subj, pred, obj = ([o for *_x, o in _union(ds, (node, p, None))] for p in _CLAIM_PARTS)
            for p, values in zip(_CLAIM_PARTS, (subj, pred, obj), strict=True):
                for value in values:
                    part.add((node, p, value))
            starts.update(subj)
            for triple in product(subj, pred, obj):
                if _has(ds, triple):
                    part.add(triple)
    for s in starts:
        for _s, p, o in _union(ds, (s, None, None)):
            if p not in relations:
                continue
            part.add((s, p, o))
            part.add((p, RDF.type, KG.RelationProperty))
            for c, _p, _o in _union(ds, (None, RDF.subject, s)):
                if _has(ds, (c, RDF.predicate, p)) and _has(ds, (c, RDF.object, o)):
                    part.add((c, RDF.subject, s))
                    part.add((c, RDF.predicate, p))
                    part.add((c, RDF.object, o))
    return part


class _FocusedValidator(Validator):
    """pySHACL's validator with the focus nodes as a set: it tests every target of every shape
    against them, which a list makes quadratic."""

    def make_executor(self):  # type: ignore[no-untyped-def]
        executor = super().make_executor()
        executor.focus_nodes = frozenset(executor.focus_nodes or ())
        return executor


def _node_shapes_conform(ds: Dataset | Graph, focus: set[Node]) -> bool:
    """Whether every shape holds on the nodes of ``focus`` it targets, in the whole graph."""
    apply_patches()
    assign_baked_in()
    batch_property_shapes()
    validator = _FocusedValidator(
        DataGraph.from_rdflib(ds),
        shacl_graph=shapes_graph(),
        options={**OPTIONS, "focus_nodes": list(focus)},
    )
    conforms, _report, _text = validator.run()
    return bool(conforms)


def check_changed_shapes(
    ds: Dataset | Graph,
    changed: Iterable[tuple[Node, Node, Node]],
    whole: Callable[[], Dataset | Graph] | None = None,
) -> int | None:
    """Check the nodes a change can affect, in a graph that conformed before the change.

    ``changed`` holds the triples added to the union of the graphs and those removed from it.
    Every constraint of ``shapes.ttl`` reads a node's own triples and the types and triples of
    what it points at (the whole-graph shapes: an anchor's selectors, a claim's triple, the
    claims of a relation), so only the subjects of changed triples and the nodes pointing at
    them can break. ``ds`` is the whole graph, or what :func:`graph.shacl_scope.around` keeps
    of it for the change, with ``whole`` giving the whole graph. Returns how many nodes were
    checked, or None when the whole graph was checked instead (more than :data:`FOCUS_LIMIT`
    of them). Raises :class:`ShapeViolations` as :func:`check_shapes` does: on any suspicion
    the whole graph is checked and its report raised.
    """
    changed = list(changed)
    focus = changed_focus(ds, changed)
    if len(focus) > FOCUS_LIMIT:
        check_shapes(whole() if whole is not None else ds)
        return None
    if not focus:
        return 0
    if not focus_conforms(ds, focus, changed):
        check_shapes(whole() if whole is not None else ds)  # the report of record
    return len(focus)


def focus_conforms(
    ds: Dataset | Graph, focus: set[Node], changed: Iterable[tuple[Node, Node, Node]]
) -> bool:
    """Whether every shape holds on ``focus`` (the targeted check, without its fallback)."""
    try:
        conforms = _node_shapes_conform(ds, focus)
        part = _whole_graph_part(ds, focus, changed)
        return conforms and _validate(part, use_shapes=list(WHOLE_GRAPH_SHAPES))[0]
    except Exception:  # pySHACL internals changed: the whole check is the safe answer
        return False
