"""Let pySHACL check each ``sh:property`` of a node shape once for all its focus nodes.

pySHACL (0.40) evaluates a node shape's property shapes one focus node at a time: for 1,291
anchors with two property shapes that is 2,582 calls, each re-reading the shape's parameters and
building its constraint components again, which is most of the time a check of the bundled
corpus takes. A property shape's constraints judge each focus node on its own, so evaluating it
once with every focus node as its focus list gives the same results in the same order.

:func:`install` swaps that one method of pySHACL's ``PropertyConstraintComponent`` for the
batched one, only when the method has the signature it was written against; otherwise pySHACL
is left as it is (slower, never wrong). tests/test_shacl_batch.py compares the reports of both
on broken graphs.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from pyshacl.constraints.core.shape_based_constraints import PropertyConstraintComponent

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


def compatible() -> bool:
    """Whether pySHACL's method has the signature the batched one replaces."""
    return tuple(inspect.signature(ORIGINAL).parameters) == _SIGNATURE


def install(batched: bool = True) -> bool:
    """Use the batched evaluation (or pySHACL's own with ``batched=False``); returns whether
    the batched one is in use."""
    use = batched and compatible()
    PropertyConstraintComponent._evaluate_property_shape = _batched if use else ORIGINAL
    return use
