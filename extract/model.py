"""The validated, anchored corpus handed from :mod:`extract.validate` to :mod:`extract.convert`."""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.vocabulary import Vocabulary

from .anchor import Span
from .dates import DateBounds
from .schema import EntityItem, EventItem, RelationItem
from .sources import Source


@dataclass(frozen=True)
class Anchor:
    """A quote anchored in one source."""

    source: str
    span: Span


@dataclass(frozen=True)
class AnchoredEntity:
    item: EntityItem
    anchors: tuple[Anchor, ...]
    file: str


@dataclass(frozen=True)
class AnchoredParticipant:
    entity: str
    role: str
    anchors: tuple[Anchor, ...]
    note: str | None


@dataclass(frozen=True)
class AnchoredEvent:
    item: EventItem
    date: DateBounds | None
    participants: tuple[AnchoredParticipant, ...]
    anchors: tuple[Anchor, ...]
    file: str


@dataclass(frozen=True)
class AnchoredRelation:
    item: RelationItem
    start: DateBounds | None
    end: DateBounds | None
    anchors: tuple[Anchor, ...]
    file: str


@dataclass
class CuratedSource:
    """Everything curated from one source document (one named graph)."""

    source: Source
    entities: list[AnchoredEntity] = field(default_factory=list)
    events: list[AnchoredEvent] = field(default_factory=list)
    relations: list[AnchoredRelation] = field(default_factory=list)


@dataclass
class Corpus:
    """All sources and their curation, validated and anchored."""

    vocabulary: Vocabulary
    sources: dict[str, Source]
    curated: dict[str, CuratedSource]
    entity_types: dict[str, str]  # entity id -> entity type

    @property
    def counts(self) -> dict[str, int]:
        return {
            "sources": len(self.sources),
            "entities": len(self.entity_types),
            "events": sum(len(c.events) for c in self.curated.values()),
            "relations": sum(len(c.relations) for c in self.curated.values()),
        }
