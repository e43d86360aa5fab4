"""The memory store's loader (Oxigraph's native parser, quads added to rdflib's memory store)
reads a graph file exactly as rdflib's own parser does: the same quads in the same order, the
same prefixes, the same SPARQL answers, and a located error for a malformed file."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef

from extract import BuildResult
from graph.errors import StoreError
from graph.sparql import run_query
from graph.store import load_dataset, new_dataset, save_dataset

# ordered: without ORDER BY, rows (and groups) come in whatever order the store holds them
QUERIES = [
    "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 200",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
    "SELECT ?s ?label WHERE { ?s rdfs:label ?label } ORDER BY ?s ?label",
    "SELECT DISTINCT ?type WHERE { ?s a ?type } ORDER BY ?type",
    "SELECT ?event ?date WHERE { ?event kg:edtf ?date } ORDER BY ?event ?date",
    "ASK { ?s skos:altLabel ?o }",
]


def rdflib_parsed(path: Path):  # noqa: ANN201
    ds = new_dataset()
    ds.parse(path, format="trig" if path.suffix == ".trig" else "nquads")
    return ds


@pytest.mark.parametrize("suffix", [".trig", ".nq"])
def test_native_loader_reads_as_rdflib_does(
    bundled_build: BuildResult, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"graph{suffix}"
    save_dataset(bundled_build.dataset, path)
    ours, theirs = load_dataset(path), rdflib_parsed(path)
    assert list(ours.quads()) == list(theirs.quads())  # same quads, same insertion order
    assert sorted(ours.namespaces()) == sorted(theirs.namespaces())
    for text in QUERIES:
        assert run_query(ours, text) == run_query(theirs, text), text


def test_native_loader_keeps_languages_datatypes_blank_nodes_and_relative_iris(
    tmp_path: Path,
) -> None:
    path = tmp_path / "odd.trig"
    path.write_text(
        "@prefix ex: <http://example.org/> .\n"
        'ex:a ex:p "chat"@FR, "42"^^<http://www.w3.org/2001/XMLSchema#integer>, "plain" .\n'
        "ex:g { _:b1 ex:q <relative/thing> . _:b1 ex:r ex:a . }\n",
        encoding="utf-8",
    )
    ours, theirs = load_dataset(path), rdflib_parsed(path)
    quads, expected = list(ours.quads()), list(theirs.quads())
    assert len(quads) == len(expected) == 5

    def literals(rows: list) -> set:
        return {
            (str(o), (o.language or "").lower(), o.datatype)
            for _, _, o, _ in rows
            if isinstance(o, Literal)
        }

    assert literals(quads) == literals(expected)  # language tags read lowercase (BCP 47)
    assert ("chat", "fr", None) in literals(quads)
    relative = URIRef((tmp_path / "relative/thing").resolve().as_uri())
    assert relative in {o for _, _, o, _ in quads} and relative in {o for _, _, o, _ in expected}
    blanks = {s for s, _, _, _ in quads if isinstance(s, BNode)}
    assert len(blanks) == 1  # one blank node, used twice


def test_malformed_graph_file_is_located(tmp_path: Path) -> None:
    path = tmp_path / "bad.trig"
    path.write_text(
        '@prefix ex: <http://example.org/> .\nex:a ex:p "unclosed .\n', encoding="utf-8"
    )
    with pytest.raises(StoreError, match=r"bad\.trig: not valid trig: .*line 2"):
        load_dataset(path)
