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

    def accounts(self) -> dict[str, list[AnchoredEvent]]:
        """Each event told by several sources: its accounts, the reference (earliest-published
        source's) first."""
        told: dict[str, list[AnchoredEvent]] = {}
        order = sorted(
            self.curated.values(), key=lambda c: (str(c.source.meta.published), c.source.id)
        )
        for cur in order:
            for e in cur.events:
                told.setdefault(e.item.id, []).append(e)
        return {ident: found for ident, found in told.items() if len(found) > 1}

    @property
    def counts(self) -> dict[str, int]:
        return {
            "sources": len(self.sources),
            "entities": len(self.entity_types),
            "events": len({e.item.id for c in self.curated.values() for e in c.events}),
            "relations": sum(len(c.relations) for c in self.curated.values()),
        }
