"""Threadline's graph layer: the RDF model, stores, queries and exports.

Pages and commands use only what is listed in ``__all__``. Query functions take a
:class:`GraphView` (the Dataset, its NetworkX projection built once per version, and the source
texts) and return frozen records from :mod:`graph.records`.
"""

from .errors import (
    AmbiguousNode,
    GraphError,
    QueryError,
    ShapeViolations,
    StoreError,
    UnknownNode,
    VocabularyError,
)
from .events import event
from .exports import (
    EXPORT_FORMATS,
    csv_tables,
    export_text,
    timelinejs,
    to_gexf,
    to_graphml,
    write_csv,
    write_export,
)
from .lazy import TOP_NODES, LazyView, view_for
from .lookup import entity, evidence, search
from .network import (
    CENTRALITY_KINDS,
    centrality,
    communities,
    ego_network,
    links,
    most_linked,
    neighbors,
    nodes,
    paths,
    ranked_nodes,
)
from .projection import Projection, project
from .queries import entities, stats
from .reading import Annotation, annotations
from .records import (
    Community,
    Edge,
    EntityProfile,
    EntityRow,
    EventRecord,
    EventRole,
    Evidence,
    Link,
    Neighborhood,
    Node,
    Participant,
    Path,
    PathStep,
    QueryResult,
    Quotation,
    RankedNode,
    RelatedEvent,
    RelationGroup,
    Score,
    SearchHit,
    Stats,
    Timeline,
    TimelineItem,
)
from .sandbox import QueryTimeout
from .shacl import check_shapes
from .sparql import MAX_ROWS, format_result, run_query, terminal_text
from .store import load_dataset, new_dataset, save_dataset, serialize
from .texts import read_texts
from .timeline import date_span, events, timeline, timeline_of, timeline_order
from .view import GraphView
from .vocabulary import Vocabulary, default_vocabulary, load_vocabulary
from .window import Window

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
