"""Let pySHACL check each ``sh:property`` of a node shape once for all its focus nodes, and
parse each SPARQL constraint once per process.

pySHACL (0.40) evaluates a node shape's property shapes one focus node at a time: for 1,291
anchors with two property shapes that is 2,582 calls, each re-reading the shape's parameters and
building its constraint components again, which is most of the time a check of the bundled
corpus takes. A property shape's constraints judge each focus node on its own, so evaluating it
once with every focus node as its focus list gives the same results in the same order.

:func:`install` swaps that one method of pySHACL's ``PropertyConstraintComponent`` for the
batched one, only when the method has the signature it was written against; otherwise pySHACL
is left as it is (slower, never wrong). tests/test_shacl_batch.py compares the reports of both
on broken graphs.

pySHACL also hands each SPARQL constraint to rdflib as text, which parses it again at every
check (the three of ``shapes.ttl`` take ~70 ms, a third of a rebuild's SHACL check). The text
is the same each time (pySHACL prefixes it with the shape's ``sh:prefixes`` and binds
``$this`` as a variable), so :func:`install` has rdflib prepare it once and reuse the prepared
query; a text that does not prepare on its own is passed on as text, as before.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from pyshacl.constraints.core.shape_based_constraints import PropertyConstraintComponent
from pyshacl.constraints.sparql.sparql_based_constraints import SPARQLBasedConstraint
from rdflib.plugins.sparql import prepareQuery

_SIGNATURE = (
    "self",
    "executor",
    "prop_shape",
    "target_graph",
    "focus_value_nodes",
    "potentially_recursive",
    "_evaluation_path",
)
ORIGINAL: Callable[..., Any] = PropertyConstraintComponent._evaluate_property_shape
_QUERY_SIGNATURE = ("self", "query", "init_binds", "target_graph")
ORIGINAL_QUERY: Callable[..., Any] = SPARQLBasedConstraint._validate_sparql_query


def _batched(
    self: PropertyConstraintComponent,
    executor: Any,
    prop_shape: Any,
    target_graph: Any,
    focus_value_nodes: dict,
    potentially_recursive: Any,
    _evaluation_path: list,
) -> tuple[bool, list]:
    """pySHACL's ``_evaluate_property_shape`` with one call for all the value nodes."""
    found = self.shape.get_other_shape(prop_shape)
    if (
        not found
        or not found.is_property_shape
        or (potentially_recursive and found in potentially_recursive)
    ):  # the warnings and errors are pySHACL's own
        return ORIGINAL(
            self,
            executor,
            prop_shape,
            target_graph,
            focus_value_nodes,
            potentially_recursive,
            _evaluation_path,
        )
    nodes = [v for values in focus_value_nodes.values() for v in values]
    if not nodes:
        return False, []
    conforms, reports = found.validate(
        executor, target_graph, focus=nodes, _evaluation_path=_evaluation_path[:]
    )
    return (not conforms), reports


@lru_cache(maxsize=64)
def _prepare(text: str) -> Any:
    try:
        return prepareQuery(text)
    except Exception:  # e.g. a prefix the data graph binds: rdflib reads it as pySHACL gave it
        return text


def _prepared(self: SPARQLBasedConstraint, query: Any, init_binds: Any, target_graph: Any) -> Any:
    """pySHACL's ``_validate_sparql_query`` with the query prepared once per text."""
    if isinstance(query, str):
        query = _prepare(query)
    return ORIGINAL_QUERY(self, query, init_binds, target_graph)


def compatible() -> bool:
    """Whether pySHACL's methods have the signatures the replacements are written for."""
    return (
        tuple(inspect.signature(ORIGINAL).parameters) == _SIGNATURE
        and tuple(inspect.signature(ORIGINAL_QUERY).parameters) == _QUERY_SIGNATURE
    )


def install(batched: bool = True) -> bool:
    """Use the batched evaluation and prepared queries (or pySHACL's own with
    ``batched=False``); returns whether the replacements are in use."""
    use = batched and compatible()
    PropertyConstraintComponent._evaluate_property_shape = _batched if use else ORIGINAL
    SPARQLBasedConstraint._validate_sparql_query = _prepared if use else ORIGINAL_QUERY
    return use
