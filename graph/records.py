"""Plain frozen records returned by the graph API: no rdflib or networkx type reaches a page."""

from __future__ import annotations

from dataclasses import dataclass, field

CENTRALITY_KINDS = ("degree", "betweenness", "pagerank")  # what graph.centrality ranks by


@dataclass(frozen=True)
class Evidence:
    """A quote anchored in a source document."""

    source: str
    quote: str
    start: int
    end: int
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class EntityRow:
    """An entity as listed in tables: id, label, type and its evidence."""

    id: str
    label: str
    type: str
    type_label: str
    aliases: tuple[str, ...] = ()
    description: str = ""
    wikidata: str = ""
    mentions: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Stats:
    """Counts describing a built graph."""

    triples: int
    graphs: int
    sources: tuple[str, ...]
    entities: int
    events: int
    claims: int
    roles: int
    anchors: int
    by_type: tuple[tuple[str, int], ...] = field(default_factory=tuple)
    by_event_type: tuple[tuple[str, int], ...] = field(default_factory=tuple)
    by_category: tuple[tuple[str, int], ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class QueryResult:
    """Rows of a SPARQL SELECT (or ASK/CONSTRUCT turned into rows), as plain strings."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Quotation:
    """A quote with the sentence around it: what :func:`graph.evidence` returns, one per quote.

    ``kind`` says what the quote backs: ``mention`` (the source names the entity), ``claim`` (a
    relation), ``event`` or ``participation`` (an entity's part in an event). ``item`` is the id
    of that entity, claim or event, ``statement`` the claim read as a sentence.
    """

    kind: str
    item: str
    statement: str
    evidence: Evidence
    sentence: str = ""


@dataclass(frozen=True)
class SearchHit:
    """An entity or event whose label or alias matches a search, best first."""

    id: str
    label: str
    kind: str
    type: str
    type_label: str
    matched: str
    score: float


@dataclass(frozen=True)
class Participant:
    """An entity's part in an event."""

    id: str
    label: str
    type: str
    role: str
    role_label: str


@dataclass(frozen=True)
class TimelineItem:
    """A dated event, as the timeline shows it.

    ``earliest``/``latest`` are ISO dates (``""`` = open or unknown). ``uncertain`` is set when the
    curator's EDTF says the exact date is not known (``?``, ``%``, a one-of set ``[a..b]`` or
    unspecified digits), ``approximate`` for ``~`` and ``%``. ``via`` names the linked entities
    that brought an event into an entity's timeline with ``include_related``.
    """

    id: str
    label: str
    type: str
    type_label: str
    date_text: str
    edtf: str
    earliest: str
    latest: str
    uncertain: bool
    approximate: bool
    participants: tuple[Participant, ...] = ()
    place: str = ""
    place_label: str = ""
    quote: str = ""
    sources: tuple[str, ...] = ()
    certainty: str = ""
    via: tuple[str, ...] = ()


@dataclass(frozen=True)
class Timeline:
    """Events in date order, with which of the entities asked about each belongs to, and
    whether a cap cut the list short (``cap`` is then the number of events kept)."""

    items: tuple[TimelineItem, ...]
    found_by: tuple[tuple[str, tuple[str, ...]], ...] = ()
    capped: bool = False
    cap: int | None = None

    def found(self, event: str) -> tuple[str, ...]:
        """The entities asked about whose timeline holds this event."""
        return dict(self.found_by).get(event, ())


@dataclass(frozen=True)
class Link:
    """A relation seen from one entity: ``label`` reads from that entity to ``other``.

    ``direction`` is ``out`` when the entity is the claim's subject, ``in`` when it is the object.
    """

    direction: str
    label: str
    predicate: str
    forward_label: str
    inverse_label: str
    category: str
    other: str
    other_label: str
    other_type: str
    claim: str
    title: str = ""
    start: str = ""
    end: str = ""
    certainty: str = ""
    stated_by: str = ""
    quotes: tuple[Evidence, ...] = ()
    sources: tuple[str, ...] = ()  # the sources that claim it (corroboration: more than one)
    claims: tuple[str, ...] = ()  # its claim nodes, one per source and quote


@dataclass(frozen=True)
class RelationGroup:
    """The links of one relation category."""

    category: str
    links: tuple[Link, ...]


@dataclass(frozen=True)
class SourceDate:
    """What one source gives as an event's date: the phrase as it writes it, the curator's EDTF
    and its bounds (``""`` when that source gives no date)."""

    source: str
    edtf: str
    date_text: str
    earliest: str = ""
    latest: str = ""


@dataclass(frozen=True)
class EventRole:
    """An event an entity takes part in, with its role.

    ``sources`` are the sources that name the entity in this role, ``dates`` the date each of
    them gives the event (several when sources tell the event differently)."""

    event: str
    label: str
    type_label: str
    role: str
    role_label: str
    date_text: str = ""
    edtf: str = ""
    earliest: str = ""
    sources: tuple[str, ...] = ()
    dates: tuple[SourceDate, ...] = ()


@dataclass(frozen=True)
class EntityProfile:
    """Everything the graph says about one entity."""

    id: str
    label: str
    type: str
    type_label: str
    types: tuple[str, ...]
    aliases: tuple[str, ...]
    description: str
    wikidata: str
    relations: tuple[RelationGroup, ...]
    events: tuple[EventRole, ...]
    mentions: tuple[Evidence, ...]
    found: tuple[Evidence, ...] = ()  # named by label or alias, no curated quote (derived)

    @property
    def wikidata_url(self) -> str:
        return f"https://www.wikidata.org/wiki/{self.wikidata}" if self.wikidata else ""


@dataclass(frozen=True)
class Node:
    """A node of a network result: an entity or an event, with its distance from the centre."""

    id: str
    label: str
    kind: str
    type: str
    type_label: str
    distance: int = 0


@dataclass(frozen=True)
class Edge:
    """An edge of a network result, as stored (``source`` is the claim's subject).

    ``kind`` is ``relation`` (a claim) or ``participation`` (entity → event, with ``role``).
    """

    source: str
    target: str
    kind: str
    predicate: str
    label: str
    inverse_label: str
    category: str
    key: str
    role: str = ""
    quote: str = ""
    document: str = ""
    earliest: str = ""
    latest: str = ""
    certainty: str = ""
    stated_by: str = ""


@dataclass(frozen=True)
class Neighborhood:
    """An ego network: the centre, the nodes within reach and the edges among them."""

    center: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    hidden: int = 0
    """Nodes within reach left out by a ``limit`` (0: every node reached is here)."""


@dataclass(frozen=True)
class PathStep:
    """One hop of a path, read in the direction walked.

    ``label`` reads from ``source`` to ``target``: the relation's label when the hop follows the
    claim (``forward``), its inverse label when it walks the claim backwards.
    """

    source: str
    source_label: str
    target: str
    target_label: str
    label: str
    predicate: str
    forward: bool
    kind: str
    category: str
    key: str
    quote: str
    evidence: Evidence | None = None
    certainty: str = ""
    stated_by: str = ""


@dataclass(frozen=True)
class Path:
    """A chain of hops from one node to another."""

    steps: tuple[PathStep, ...]

    @property
    def nodes(self) -> tuple[str, ...]:
        if not self.steps:
            return ()
        return (self.steps[0].source, *(s.target for s in self.steps))

    def __len__(self) -> int:
        return len(self.steps)


@dataclass(frozen=True)
class Score:
    """A node's centrality score and rank (1 = most central)."""

    id: str
    label: str
    type: str
    type_label: str
    score: float
    rank: int
    among: int | None = None
    """Ranked among this many of the most linked nodes (a lazy view's rankings), or None when
    among every node."""


@dataclass(frozen=True)
class RankedNode:
    """An entity or an event with its centrality score and rank (1 = most central)."""

    id: str
    label: str
    kind: str
    type: str
    type_label: str
    score: float
    rank: int
    among: int | None = None
    """Ranked among this many of the most linked nodes (a lazy view's rankings), or None when
    among every node."""


@dataclass(frozen=True)
class Community:
    """A group of entities more linked to each other (through shared events) than to others."""

    index: int
    members: tuple[str, ...]
    labels: tuple[str, ...]
    among: int | None = None
    """Found among this many of the most linked nodes (a lazy view's rankings), or None when
    among every node."""
    leading: tuple[str, ...] = ()
    """The members ranked by PageRank, highest first (ids): the group's best-linked actors."""

    def __len__(self) -> int:
        return len(self.members)

    def leading_labels(self, n: int = 3) -> tuple[str, ...]:
        """The labels of the ``n`` best-linked members."""
        names = dict(zip(self.members, self.labels, strict=True))
        return tuple(names[m] for m in self.leading[:n])


@dataclass(frozen=True)
class RelatedEvent:
    """An event linked to another (led to, responded to, part of…), read from that other event.

    ``label`` is the link as read from the event asked about (``responded to`` or
    ``was responded to by``); ``outgoing`` says whether that event is the link's subject.
    """

    id: str
    event_label: str
    predicate: str
    label: str
    outgoing: bool
    key: str
    quote: str = ""


@dataclass(frozen=True)
class Account:
    """One source's account of an event: what that source says of its date, who took part and
    in what role, and its quotes."""

    source: str
    edtf: str
    date_text: str
    earliest: str
    latest: str
    participants: tuple[Participant, ...] = ()
    quotes: tuple[Evidence, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Conflict:
    """Where the accounts of one event disagree (computed, never curated): ``kind`` is ``date``
    or ``participant``; ``detail`` says how, naming each source; ``sources`` those involved."""

    kind: str
    detail: str
    sources: tuple[str, ...] = ()
    entity: str = ""


@dataclass(frozen=True)
class EventRecord:
    """Everything an event's card shows: dates as written and as bounds, who took part and
    where, what the source says, and the events it is linked to."""

    id: str
    label: str
    type: str
    type_label: str
    family: str
    colour: str
    date_text: str
    edtf: str
    earliest: str
    latest: str
    uncertain: bool
    approximate: bool
    participants: tuple[Participant, ...] = ()
    place: str = ""
    place_label: str = ""
    quotes: tuple[Evidence, ...] = ()
    related: tuple[RelatedEvent, ...] = ()
    sources: tuple[str, ...] = ()
    certainty: str = ""
    stated_by: str = ""
    stated_by_label: str = ""
    accounts: tuple[Account, ...] = ()  # one per source that tells it
    conflicts: tuple[Conflict, ...] = ()  # where the accounts disagree

    @property
    def dated(self) -> bool:
        return bool(self.earliest or self.latest)
