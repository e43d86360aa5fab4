"""The projection's schema: the keys of its node and edge data, and their kinds, written once.

:func:`graph.projection.project` writes these keys and every query reads them through these
names, so a key is spelled in one place. ``NODE_KEYS`` and ``EDGE_KEYS`` list what each kind of
node and edge carries (a test checks the projection against them).
"""

from __future__ import annotations

# --- kinds of node and edge (the value of KIND) ---------------------------------------------
ENTITY = "entity"
EVENT = "event"
OTHER = "other"  # a node a claim names but the graph does not describe
RELATION = "relation"  # an edge per claim, subject → object
PARTICIPATION = "participation"  # an edge per role, entity → event (and place → event)
PLACE_ROLE = "place"  # the role of an event's place
NAMED = (ENTITY, EVENT)
"""The kinds of node that have names (search, resolve, rankings)."""

# --- keys every node and edge has -------------------------------------------------------------
KIND = "kind"
LABEL = "label"
ANCHORS = "anchors"  # anchor IRIs of the quotes, by document then IRI

# --- node keys --------------------------------------------------------------------------------
IRI = "iri"
TYPE = "type"
TYPE_LABEL = "type_label"
ALIASES = "aliases"
DESCRIPTION = "description"
WIKIDATA = "wikidata"
DATE_TEXT = "date_text"
EDTF = "edtf"
SOURCES = "sources"  # ids of the documents an event is quoted from

# --- keys of events and edges -----------------------------------------------------------------
EARLIEST = "earliest"  # ISO date bounds ("" when unknown)
LATEST = "latest"
CERTAINTY = "certainty"
STATED_BY = "stated_by"  # node id of who says so

# --- edge keys --------------------------------------------------------------------------------
PREDICATE = "predicate"
INVERSE_LABEL = "inverse_label"
CATEGORY = "category"
DIRECTED = "directed"
ROLE = "role"
ROLE_LABEL = "role_label"
CLAIM = "claim"
TITLE = "title"
START = "start"
END = "end"
QUOTE = "quote"  # the first quote and its document id
DOCUMENT = "document"
PLACE = "place"  # an event's place (read from the store; becomes a participation)

# --- the simple graph and the actor network ---------------------------------------------------
WEIGHT = "weight"
EVENTS = "events"

NODE_KEYS: dict[str, tuple[str, ...]] = {
    ENTITY: (KIND, IRI, TYPE, TYPE_LABEL, LABEL, ALIASES, DESCRIPTION, WIKIDATA, ANCHORS),
    EVENT: (
        *(KIND, IRI, TYPE, TYPE_LABEL, LABEL, DATE_TEXT, EDTF, EARLIEST, LATEST),
        *(CERTAINTY, STATED_BY, ANCHORS, SOURCES),
    ),
    OTHER: (KIND, IRI, TYPE, TYPE_LABEL, LABEL, ANCHORS),
}
"""The keys of each kind of node, in the order the projection writes them."""

_READS = (LABEL, INVERSE_LABEL, CATEGORY, DIRECTED)
_WHEN = (EARLIEST, LATEST, CERTAINTY, STATED_BY)
_EVIDENCE = (ANCHORS, QUOTE, DOCUMENT)
EDGE_KEYS: dict[str, tuple[str, ...]] = {
    RELATION: (KIND, PREDICATE, *_READS, CLAIM, TITLE, START, END, *_WHEN, *_EVIDENCE),
    PARTICIPATION: (KIND, PREDICATE, ROLE, ROLE_LABEL, *_READS, *_WHEN, *_EVIDENCE),
}
"""The keys of each kind of edge, in the order the projection writes them (and exports
list them)."""
