"""`threadline query` on a build answers from Oxigraph's own store (graph.store.NativeStore):
the same rows as rdflib's engine over the same file, cell for cell, and in the same order
wherever the query orders them."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract import build
from graph.errors import QueryError
from graph.sparql import run_query
from graph.store import NativeStore, load_dataset, load_native

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "data" / "mini"

ORDERED = [
    "SELECT ?s ?l WHERE { ?s rdfs:label ?l } ORDER BY ?s ?l",
    "SELECT ?t (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e schema:additionalType ?t } "
    "GROUP BY ?t ORDER BY DESC(?n) ?t",
    "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",  # the union of the graphs, as rdflib's
    "SELECT ?e ?d WHERE { ?e rdfs:label ?l OPTIONAL { ?e schema:description ?d } } "
    "ORDER BY ?e ?d LIMIT 30",  # unbound cells are empty in both
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
    "SELECT ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o) && datatype(?o) != xsd:string) } "
    "ORDER BY STR(?o) LIMIT 40",  # dates, numbers: their lexical forms
    "ASK { ?s a schema:Person }",
    "ASK { ?s a schema:Nothing }",
]
UNORDERED = [
    "SELECT DISTINCT ?type WHERE { ?s a ?type }",
    "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }",
    "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l }",
]


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, NativeStore]:
    path = tmp_path_factory.mktemp("native") / "graph.trig"
    build(MINI, path, shacl=False)
    return load_dataset(path), load_native(path)


@pytest.mark.parametrize("query", ORDERED)
def test_ordered_answers_are_rdflibs_row_for_row(stores, query: str) -> None:
    rdflib_ds, native = stores
    expected = run_query(rdflib_ds, query, timeout=30)
    assert expected.rows  # the query finds something in the fixture
    assert run_query(native, query, timeout=30) == expected


@pytest.mark.parametrize("query", UNORDERED)
def test_unordered_answers_hold_the_same_rows(stores, query: str) -> None:
    rdflib_ds, native = stores
    expected = run_query(rdflib_ds, query, timeout=30)
    found = run_query(native, query, timeout=30)
    assert len(expected.rows) > 3 and found.columns == expected.columns
    assert sorted(found.rows) == sorted(expected.rows)


def test_limits_and_mistakes_are_the_same(stores) -> None:
    rdflib_ds, native = stores
    query = "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s"
    assert run_query(native, query, limit=3, timeout=30) == run_query(
        rdflib_ds, query, limit=3, timeout=30
    )
    for bad in ("SELECT ?x WHERE { ?x nope:y ?z }", "SELECT ?x WHERE {\n ?x a :Thing }"):
        with pytest.raises(QueryError) as native_error:
            run_query(native, bad, timeout=30)
        assert str(native_error.value).startswith("unknown prefix '")
    with pytest.raises(QueryError, match="only read queries"):
        run_query(native, "DELETE WHERE { ?s ?p ?o }", timeout=30)


def test_a_malformed_file_is_located(tmp_path: Path) -> None:
    bad = tmp_path / "bad.trig"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n")
    with pytest.raises(Exception, match=r"bad\.trig: not valid trig: .*2"):
        load_native(bad)
