"""Errors raised by :mod:`graph`. Each message is one line a user can act on."""

from __future__ import annotations

from collections.abc import Sequence


class GraphError(Exception):
    """Base class of every error raised by :mod:`graph`."""


class VocabularyError(GraphError):
    """The vocabulary file is inconsistent (a parent that does not exist, a bad class name...)."""


class StoreError(GraphError):
    """A graph file cannot be read or written."""


class QueryError(GraphError):
    """A SPARQL query is malformed or cannot run."""


class ShapeViolations(GraphError):
    """The graph does not conform to the SHACL shapes; ``report`` is the readable text."""

    def __init__(self, report: str, count: int) -> None:
        self.report = report
        self.count = count
        super().__init__(f"the graph breaks {count} SHACL constraint(s):\n{report}")


class UnknownNode(GraphError):
    """An entity or event name that matches nothing; carries the closest matches."""

    def __init__(self, name: str, suggestions: Sequence[str] = ()) -> None:
        self.name = name
        self.suggestions = tuple(suggestions)
        hint = f" — did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown entity {name!r}{hint}")


class AmbiguousNode(GraphError):
    """A label or alias that names several entities or events; carries their ids."""

    def __init__(self, name: str, candidates: Sequence[str]) -> None:
        self.name = name
        self.candidates = tuple(candidates)
        super().__init__(
            f"{name!r} names {len(self.candidates)} nodes — use one of the ids "
            f"{', '.join(self.candidates)}"
        )
