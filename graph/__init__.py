"""Threadline's graph layer: the RDF model, stores, queries and exports.

Pages and commands use only what is listed in ``__all__``.
"""

from .errors import (
    GraphError,
    QueryError,
    ShapeViolations,
    StoreError,
    UnknownNode,
    VocabularyError,
)
from .queries import entities, stats
from .records import EntityRow, Evidence, QueryResult, Stats
from .shacl import check_shapes
from .sparql import format_result, run_query
from .store import load_dataset, new_dataset, save_dataset, serialize
from .vocabulary import Vocabulary, default_vocabulary, load_vocabulary

__all__ = [
    "EntityRow",
    "Evidence",
    "GraphError",
    "QueryError",
    "QueryResult",
    "ShapeViolations",
    "Stats",
    "StoreError",
    "UnknownNode",
    "Vocabulary",
    "VocabularyError",
    "check_shapes",
    "default_vocabulary",
    "entities",
    "format_result",
    "load_dataset",
    "load_vocabulary",
    "new_dataset",
    "run_query",
    "save_dataset",
    "serialize",
    "stats",
]
