"""Check a built Dataset against the project's SHACL shapes (``shapes.ttl``)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF, SH

from .errors import ShapeViolations
from .store import union_graph

SHAPES = Path(__file__).with_name("shapes.ttl")
_IRI = re.compile(r"https?://[^\s<>\"]+")


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


def check_shapes(ds: Dataset | Graph) -> None:
    """Raise :class:`ShapeViolations` with one line per violation if the graph does not conform."""
    data = union_graph(ds) if isinstance(ds, Dataset) else ds
    conforms, report, _text = shacl_validate(
        data, shacl_graph=shapes_graph(), advanced=True, inference="none", allow_warnings=True
    )
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
