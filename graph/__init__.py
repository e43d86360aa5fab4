"""Threadline's graph layer: the RDF model, stores, queries and exports.

Pages and commands use only what is listed in ``__all__``. Query functions take a
:class:`GraphView` (the Dataset, its NetworkX projection built once per version, and the source
texts) and return frozen records from :mod:`graph.records`.

Names are imported on first use (a module ``__getattr__``), so ``import graph`` and the
command line start without loading what they do not ask for (pyshacl, exports, NetworkX
algorithms).
"""

import sys
import types

_EXPORTS = {
    "errors": (
        "AmbiguousNode",
        "GraphError",
        "QueryError",
        "ShapeViolations",
        "StoreError",
        "UnknownNode",
        "VocabularyError",
    ),
    "events": ("event",),
    "exports": (
        "EXPORT_FORMATS",
        "csv_tables",
        "export_text",
        "timelinejs",
        "to_gexf",
        "to_graphml",
        "write_csv",
        "write_export",
    ),
    "lazy": (
        "TOP_NODES",
        "LazyView",
        "view_for",
    ),
    "lookup": (
        "entity",
        "evidence",
        "search",
    ),
    "network": (
        "CENTRALITY_KINDS",
        "centrality",
        "communities",
        "ego_network",
        "links",
        "most_linked",
        "neighbors",
        "nodes",
        "paths",
        "ranked_nodes",
    ),
    "projection": (
        "Projection",
        "project",
    ),
    "queries": (
        "entities",
        "stats",
    ),
    "reading": (
        "Annotation",
        "annotations",
    ),
    "records": (
        "Community",
        "Edge",
        "EntityProfile",
        "EntityRow",
        "EventRecord",
        "EventRole",
        "Evidence",
        "Link",
        "Neighborhood",
        "Node",
        "Participant",
        "Path",
        "PathStep",
        "QueryResult",
        "Quotation",
        "RankedNode",
        "RelatedEvent",
        "RelationGroup",
        "Score",
        "SearchHit",
        "Stats",
        "Timeline",
        "TimelineItem",
    ),
    "sandbox": ("QueryTimeout",),
    "shacl": ("check_shapes",),
    "sparql": (
        "MAX_ROWS",
        "format_result",
        "run_query",
        "terminal_text",
    ),
    "store": (
        "load_dataset",
        "new_dataset",
        "save_dataset",
        "serialize",
    ),
    "texts": ("read_texts",),
    "timeline": (
        "date_span",
        "events",
        "timeline",
        "timeline_of",
        "timeline_order",
    ),
    "view": ("GraphView",),
    "vocabulary": (
        "Vocabulary",
        "default_vocabulary",
        "load_vocabulary",
    ),
    "window": ("Window",),
}
"""Each public name by the submodule that defines it; imported on first use."""

__all__ = [
    "event",
    "ego_network",
    "ranked_nodes",
    "RankedNode",
    "timeline_of",
    "timeline_order",
    "Timeline",
    "EventRecord",
    "RelatedEvent",
    "links",
    "most_linked",
    "TOP_NODES",
    "events",
    "nodes",
    "date_span",
    "LazyView",
    "view_for",
    "csv_tables",
    "Annotation",
    "annotations",
    "CENTRALITY_KINDS",
    "EXPORT_FORMATS",
    "AmbiguousNode",
    "Community",
    "Edge",
    "EntityProfile",
    "EntityRow",
    "EventRole",
    "Evidence",
    "GraphError",
    "GraphView",
    "Link",
    "Neighborhood",
    "Node",
    "Participant",
    "Path",
    "PathStep",
    "Projection",
    "QueryError",
    "QueryResult",
    "QueryTimeout",
    "MAX_ROWS",
    "Quotation",
    "RelationGroup",
    "Score",
    "SearchHit",
    "ShapeViolations",
    "Stats",
    "StoreError",
    "TimelineItem",
    "UnknownNode",
    "Vocabulary",
    "VocabularyError",
    "Window",
    "centrality",
    "check_shapes",
    "communities",
    "default_vocabulary",
    "entities",
    "entity",
    "evidence",
    "export_text",
    "format_result",
    "load_dataset",
    "load_vocabulary",
    "neighbors",
    "new_dataset",
    "paths",
    "project",
    "read_texts",
    "run_query",
    "save_dataset",
    "search",
    "serialize",
    "stats",
    "terminal_text",
    "timeline",
    "timelinejs",
    "to_gexf",
    "to_graphml",
    "write_csv",
    "write_export",
]


_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}


class _Package(types.ModuleType):
    """Loading the submodule ``graph.timeline`` sets the package's ``timeline`` to the module;
    the public name is the function, so a submodule never replaces a public name."""

    def __setattr__(self, name: str, value: object) -> None:
        if name in _MODULE_OF and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> object:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'graph' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value  # the next look-up is a plain global
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
