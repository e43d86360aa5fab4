"""pySHACL with the batched property shapes (graph/shacl_batch.py) reports exactly what
pySHACL's own evaluation reports, on a graph broken in every kind of property constraint."""

from __future__ import annotations

from collections import Counter

from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD

from graph.namespaces import KG, OA
from graph.shacl import OPTIONS, shapes_graph
from graph.shacl_batch import compatible, install
from graph.store import union_graph

PROV = "http://www.w3.org/ns/prov#"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
SCHEMA = "https://schema.org/"


def _results(data: Graph, batched: bool) -> Counter:
    install(batched)
    try:
        _ok, report, _text = validate(data, shacl_graph=shapes_graph(), **OPTIONS)
    finally:
        install()
    return Counter(
        tuple(
            str(report.value(result, p))
            for p in (SH.focusNode, SH.resultPath, SH.sourceConstraintComponent, SH.value)
        )
        + (str(report.value(result, SH.resultMessage)),)
        for result in report.subjects(RDF.type, SH.ValidationResult)
    )


def _first(g: Graph, cls: URIRef) -> URIRef:
    return sorted(g.subjects(RDF.type, cls))[0]


def _broken(g: Graph) -> int:
    """Break ``g`` in ten ways, each against another property constraint; returns how many."""
    quote, position = _first(g, OA.TextQuoteSelector), _first(g, OA.TextPositionSelector)
    g.remove((quote, OA.exact, None))  # minCount
    g.add((quote, OA.prefix, Literal("one")))
    g.add((quote, OA.prefix, Literal("two")))  # maxCount
    g.set((position, OA.start, Literal(-1)))  # minInclusive
    entity = sorted(g.subjects(URIRef(SCHEMA + "additionalType"), None))[0]
    g.add((entity, RDFS.label, Literal("second", lang="en")))
    g.add((entity, RDFS.label, Literal("third", lang="en")))  # uniqueLang
    event = _first(g, URIRef(SEM + "Event"))
    g.remove((event, URIRef(SEM + "eventType"), None))  # minCount with a class
    g.add((event, URIRef(SEM + "hasPlace"), entity))  # class (not a place)
    g.add((event, KG.certainty, Literal("certain")))  # in
    role = _first(g, URIRef(SEM + "Role"))
    g.set((role, RDF.value, URIRef("https://example.org/threadline/id/entity/nobody")))  # node
    claim = _first(g, KG.Claim)
    g.remove((claim, KG.certainty, None))
    g.add((claim, URIRef(SEM + "hasLatestEndTimeStamp"), Literal("2025", datatype=XSD.gYear)))
    return 10


def test_the_batched_evaluation_is_in_use() -> None:
    assert compatible(), "pySHACL's PropertyConstraintComponent changed: see graph/shacl_batch.py"
    assert install()


def test_batched_and_pyshacl_report_the_same_violations(mini_build) -> None:
    g = union_graph(mini_build.dataset)
    assert _results(g, True) == _results(g, False) == Counter()  # conforms both ways
    breaks = _broken(g)
    batched, own = _results(g, True), _results(g, False)
    assert batched == own
    assert len({focus for focus, *_rest in own}) >= 6 and sum(own.values()) >= breaks, own
    assert {path.rsplit("#", 1)[-1] for _f, path, *_rest in own} >= {"exact", "prefix", "start"}
