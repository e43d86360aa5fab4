"""Compare RDF datasets graph by graph, with a readable diff on failure."""

from __future__ import annotations

from rdflib import Dataset, Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic


def named_graphs(ds: Dataset) -> dict[str, Graph]:
    """Non-empty graphs of a dataset by name (the default graph as 'DEFAULT')."""
    out: dict[str, Graph] = {}
    for g in ds.graphs():
        if len(g):
            name = str(g.identifier)
            out[
                "DEFAULT" if "DEFAULT" in name or name.startswith("urn:x-rdflib:default") else name
            ] = g
    return out


def assert_isomorphic_datasets(expected: Dataset, actual: Dataset) -> None:
    a, b = named_graphs(expected), named_graphs(actual)
    assert sorted(a) == sorted(b), f"graph names differ: {sorted(a)} != {sorted(b)}"
    for name in a:
        if not isomorphic(a[name], b[name]):
            _, only_expected, only_actual = graph_diff(
                to_isomorphic(a[name]), to_isomorphic(b[name])
            )
            lines = [f"graph {name} differs:"]
            lines += [
                f"- {t}" for t in sorted(only_expected.serialize(format="nt").splitlines())[:20]
            ]
            lines += [
                f"+ {t}" for t in sorted(only_actual.serialize(format="nt").splitlines())[:20]
            ]
            raise AssertionError("\n".join(lines))
