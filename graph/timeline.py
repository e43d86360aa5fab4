"""Events in time: :func:`timeline`."""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from .attrs import (
    ANCHORS,
    CERTAINTY,
    DATE_TEXT,
    EARLIEST,
    EDTF,
    EVENT,
    KIND,
    LABEL,
    LATEST,
    PARTICIPATION,
    PLACE_ROLE,
    ROLE,
    ROLE_LABEL,
    SOURCES,
    TYPE,
    TYPE_LABEL,
)
from .errors import QueryError
from .eventorder import date_rank, timeline_order
from .records import Participant, Timeline, TimelineItem
from .view import GraphView, View
from .window import DateLike, Window

__all__ = [
    "date_flags",
    "date_span",
    "events",
    "is_actor",
    "span_text",
    "timeline",
    "timeline_of",
    "told_order",
]


ACTOR_TYPES = ("agent", "country")  # entity types that act: people, organizations, countries


def is_actor(view: View, entity_type: str) -> bool:
    """Whether entities of this type act (a person, an organization, a country), as opposed to
    laws, publications, ideas or places where something happens.

    >>> from extract import build
    >>> from graph.view import EXAMPLE_DATA
    >>> view = GraphView.from_build(build(EXAMPLE_DATA, None))
    >>> is_actor(view, "person"), is_actor(view, "court"), is_actor(view, "act")
    (True, True, False)
    """
    vocab = view.vocabulary
    return any(vocab.is_a(entity_type, t) for t in ACTOR_TYPES)


def date_flags(edtf: str) -> tuple[bool, bool]:
    """(uncertain, approximate) of an EDTF string.

    Uncertain: a ``?`` or ``%`` qualifier, a one-of set ``[a..b]`` or unspecified digits ``X``
    (the exact date is not known). Approximate: a ``~`` or ``%`` qualifier.

    >>> date_flags("2025-03-08"), date_flags("[2025-03-01..2025-03-10]"), date_flags("2025-03~")
    ((False, False), (True, False), (False, True))
    """
    uncertain = any(c in edtf for c in "?%X") or (edtf.startswith("[") and ".." in edtf)
    approximate = "~" in edtf or "%" in edtf
    return uncertain, approximate


def span_text(earliest: str, latest: str) -> str:
    """Bounds written as briefly as they are precise.

    >>> span_text("2025-03-01", "2025-03-31"), span_text("2025-01-01", "2025-12-31")
    ('2025-03', '2025')
    >>> span_text("2025-03-08", "2025-03-08"), span_text("2025-03-01", "2025-03-10")
    ('2025-03-08', '2025-03-01..2025-03-10')
    >>> span_text("2023-10-01", "")
    '2023-10-01..'
    """
    if not earliest or not latest:
        return f"{earliest}..{latest}" if earliest or latest else ""
    if earliest == latest:
        return earliest
    start, end = datetime.date.fromisoformat(earliest), datetime.date.fromisoformat(latest)
    if start.year == end.year and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return str(start.year)
    last = calendar.monthrange(end.year, end.month)[1]
    if (start.year, start.month) == (end.year, end.month) and start.day == 1 and end.day == last:
        return earliest[:7]
    return f"{earliest}..{latest}"


def _item(view: GraphView, event: str, via: Iterable[str] = ()) -> TimelineItem:
    g = view.current.graph
    d = g.nodes[event]
    participants = []
    place = ""
    for u, _v, e in g.in_edges(event, data=True):
        if e[KIND] != PARTICIPATION:
            continue
        if e[ROLE] == PLACE_ROLE:
            place = u
            continue
        pd = g.nodes[u]
        participants.append(Participant(u, pd[LABEL], pd[TYPE], e[ROLE], e[ROLE_LABEL]))
    participants.sort(key=lambda p: (p.role_label, p.label.casefold(), p.id))
    uncertain, approximate = date_flags(d[EDTF])
    quote = view.current.anchors[d[ANCHORS][0]].quote if d[ANCHORS] else ""
    return TimelineItem(
        id=event,
        label=d[LABEL],
        type=d[TYPE],
        type_label=d[TYPE_LABEL],
        date_text=d[DATE_TEXT],
        edtf=d[EDTF],
        earliest=d[EARLIEST],
        latest=d[LATEST],
        uncertain=uncertain,
        approximate=approximate,
        participants=tuple(participants),
        place=place,
        place_label=view.label(place) if place else "",
        quote=quote,
        sources=d[SOURCES],
        certainty=d[CERTAINTY],
        via=tuple(sorted(via)),
    )


def told_order(view: View, ids: Iterable[str]) -> list[tuple[str, str, int]]:
    """Events in the order their sources tell them: ``(event id, source, offset)`` of each
    event's first quote, by source then offset; events without a quote come last (source "",
    offset -1). Unknown ids are left out. Undated events have no place on a time axis, but they
    have one in the text.

    >>> from extract import build
    >>> from graph.view import EXAMPLE_DATA
    >>> view = GraphView.from_build(build(EXAMPLE_DATA, None))
    >>> told_order(view, ["ozturk-detention", "khalil-arrest", "no"])
    [('khalil-arrest', 'mini', 72), ('ozturk-detention', 'mini', 472)]
    """
    wanted = sorted(set(ids))
    focused = view.focus_nodes(wanted, 0)
    g = focused.current.graph
    told: list[tuple[str, str, int]] = []
    for e in wanted:
        if e not in g or g.nodes[e][KIND] != EVENT:
            continue
        spots = [focused.evidence_of(a) for a in g.nodes[e][ANCHORS]]
        first = min(spots, key=lambda q: (q.source, q.start), default=None)
        told.append((e, first.source, first.start) if first else (e, "", -1))
    told.sort(key=lambda t: (t[2] < 0, t[1], t[2], t[0]))
    return told


def timeline(
    view: View,
    entity: str | None = None,
    *,
    types: Iterable[str] | None = None,
    start: DateLike = None,
    end: DateLike = None,
    source: str | None = None,
    include_related: bool = False,
    undated: bool = False,
    limit: int | None = None,
    latest: bool = False,
) -> list[TimelineItem]:
    """Events in date order, with their date phrase, EDTF, bounds and participants.

    Parameters
    ----------
    view
        The graph.
    entity
        Only this entity's events (those it takes part in, is the place of, or is linked to by a
        relation); an id, label or alias.
    types
        Only events of these event types (``arrest``, ``executive-action``...).
    start, end
        Only events whose bounds overlap this window (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``).
    source
        Only events quoted from this source document (its id).
    include_related
        With ``entity``: add the events of the entities it is directly linked to by a relation;
        their ``via`` names those entities.
    undated
        Add the events without a date at the end (a timeline leaves them out by default).
    limit
        At most this many events, the earliest. A timeline without ``entity`` holds at most
        the view's :attr:`~graph.view.View.timeline_cap` events unless a limit is given
        (:func:`timeline_of` says when it cut the list short).
    latest
        With ``limit``: the latest dated events instead of the earliest (undated ones, if asked
        for, fill what is left), still in date order.

    Returns
    -------
    list of TimelineItem
        Ordered by earliest bound, then latest bound, then label.

    Raises
    ------
    UnknownNode
        ``entity`` names nothing.
    QueryError
        An unknown event type or source, or a bad date.

    Examples
    --------
    >>> from extract import build
    >>> from graph.view import EXAMPLE_DATA
    >>> view = GraphView.from_build(build(EXAMPLE_DATA, None))
    >>> for t in timeline(view, "ICE"):
    ...     print(t.date_text, t.earliest, t.latest, t.uncertain)
    In early March 2025-03-01 2025-03-10 True
    in late March 2025-03-21 2025-03-31 True
    >>> [p.label for p in timeline(view, types=["detention"])[0].participants]
    ['U.S. Immigration and Customs Enforcement', 'Louisiana', 'Rümeysa Öztürk']
    >>> [t.id for t in timeline(view, start="2025-03-15")]
    ['ozturk-detention']
    >>> timeline(view, "Columbia University")
    []
    >>> [(t.id, t.via) for t in timeline(view, "Columbia University", include_related=True)]
    [('khalil-arrest', ('mahmoud-khalil',))]
    """
    if limit is not None and limit < 0:
        raise QueryError(f"limit must be 0 or more, not {limit}")
    window = Window.of(start, end)
    if entity is None:
        if limit is None:
            limit = view.timeline_cap
        focused = view.focus_events(
            (window.start or None, window.end or None),
            types=None if types is None else list(types),
            source=source,
            undated=undated,
            limit=limit,
            latest=latest,
        )
    else:
        focused = view.focus_timeline(entity, include_related)
    p = focused.projection
    g = p.graph
    wanted_types = None
    if types is not None:
        wanted_types = set(focused.check_terms("event type", types, focused.vocabulary.event_types))
    if source is not None:
        focused.check_terms("source", [source], sorted(set(p.documents.values())))
    via: dict[str, set[str]] = defaultdict(set)
    if entity is None:
        events = set(p.nodes_of("event"))
    else:
        node = focused.resolve(entity, kinds=("entity",))
        events = p.events_of(node)
        if include_related:
            for other in p.related_entities(node):
                for ev in p.events_of(other) - events:
                    via[ev].add(other)
            events |= set(via)

    def keep(ev: dict[str, Any]) -> bool:
        if not ev[EARLIEST] and not ev[LATEST] and not undated:
            return False
        if wanted_types is not None and ev[TYPE] not in wanted_types:
            return False
        if source is not None and source not in ev[SOURCES]:
            return False
        return window.open or window.overlaps(ev[EARLIEST], ev[LATEST])

    kept = [e for e in events if keep(g.nodes[e])]
    items = [_item(focused, e, via.get(e, ())) for e in kept]
    items.sort(key=timeline_order)
    if limit is None:
        return items
    # which events a limit keeps is decided by date, then id (as a lazy view's store decides);
    # they are shown in the usual order
    ranked = sorted(items, key=date_rank)
    dated = [i for i in ranked if i.earliest or i.latest]
    if latest:
        chosen = dated[len(dated) - limit :] if len(dated) > limit else dated
        chosen = chosen + ranked[len(dated) :][: limit - len(chosen)]
    else:
        chosen = ranked[:limit]
    kept = {i.id for i in chosen}
    return [i for i in items if i.id in kept]


def timeline_of(
    view: View,
    entities: Iterable[str] = (),
    *,
    types: Iterable[str] | None = None,
    start: DateLike = None,
    end: DateLike = None,
    source: str | None = None,
    include_related: bool = False,
    undated: bool = False,
    latest: bool = False,
    participant_types: Iterable[str] | None = None,
) -> Timeline:
    """The events of several entities in one timeline, or of the whole graph within its cap.

    Parameters
    ----------
    view
        The graph.
    entities
        Ids, labels or aliases; the timeline holds the events of any of them (as
        :func:`timeline` gives them for each). None: every event, up to the view's
        :attr:`~graph.view.View.timeline_cap`.
    types, start, end, source, include_related, undated
        As for :func:`timeline`.
    latest
        Without ``entities``, when the view caps a timeline: keep the latest events rather than
        the earliest.
    participant_types
        Only events with a participant of one of these entity types (or their subtypes); the
        cap, if any, applies first.

    Returns
    -------
    Timeline
        The items in :func:`timeline_order`; ``found_by`` names, for each event, the entities
        given whose timeline holds it; ``capped`` tells whether the cap cut the list short, and
        ``cap`` is the view's cap (None when it has none).

    Raises
    ------
    UnknownNode
        An entity names nothing.
    QueryError
        As for :func:`timeline`.

    Examples
    --------
    >>> from extract import build
    >>> from graph.view import EXAMPLE_DATA
    >>> view = GraphView.from_build(build(EXAMPLE_DATA, None))
    >>> both = timeline_of(view, ["mahmoud-khalil", "rumeysa-ozturk"])
    >>> [t.id for t in both.items], both.found("khalil-arrest"), both.capped
    (['khalil-arrest', 'ozturk-detention'], ('mahmoud-khalil',), False)
    >>> timeline_of(view, ["ice", "mahmoud-khalil"]).found("khalil-arrest")
    ('ice', 'mahmoud-khalil')
    >>> len(timeline_of(view).items)
    2
    >>> [t.id for t in timeline_of(view, participant_types=["legislation"]).items]
    []
    >>> [t.id for t in timeline_of(view, participant_types=["person"]).items]
    ['khalil-arrest', 'ozturk-detention']
    """
    options: dict[str, Any] = {
        "types": types,
        "start": start,
        "end": end,
        "source": source,
        "undated": undated,
    }
    wanted = list(dict.fromkeys(entities))
    keep = _has_participant(view, participant_types)
    if not wanted:
        cap = view.timeline_cap
        items = timeline(view, limit=cap, latest=latest and cap is not None, **options)
        capped = cap is not None and len(items) >= cap
        return Timeline(tuple(i for i in items if keep(i)), (), capped, cap)
    by_id: dict[str, TimelineItem] = {}
    found: dict[str, list[str]] = defaultdict(list)
    for name in wanted:
        for item in timeline(view, name, include_related=include_related, **options):
            by_id[item.id] = item
            found[item.id].append(name)
    items = sorted((i for i in by_id.values() if keep(i)), key=timeline_order)
    return Timeline(tuple(items), tuple((i.id, tuple(found[i.id])) for i in items))


def _has_participant(view: View, types: Iterable[str] | None) -> Callable[[TimelineItem], bool]:
    """A test "has the event a participant of one of ``types``" (subtypes included)."""
    if types is None:
        return lambda _item: True
    vocab = view.vocabulary
    wanted = view.check_terms("entity type", types, vocab.entity_types)

    def test(item: TimelineItem) -> bool:
        return any(vocab.is_a(p.type, t) for p in item.participants for t in wanted)

    return test


def date_span(view: View) -> tuple[str, str] | None:
    """The first and last day any event's bounds reach (ISO), or None without dated events.

    >>> from extract import build
    >>> from graph.view import EXAMPLE_DATA
    >>> date_span(GraphView.from_build(build(EXAMPLE_DATA, None)))
    ('2025-03-01', '2025-03-31')
    """
    return view.date_span()


def events(view: View, ids: Iterable[str]) -> dict[str, TimelineItem]:
    """The timeline items of these event ids (dated or not), by id; unknown ids are left out.

    >>> from extract import build
    >>> from graph.view import EXAMPLE_DATA
    >>> found = events(GraphView.from_build(build(EXAMPLE_DATA, None)), ["khalil-arrest", "nope"])
    >>> list(found), found["khalil-arrest"].date_text
    (['khalil-arrest'], 'In early March')
    """
    wanted = sorted(set(ids))
    focused = view.focus_nodes(wanted, 1)
    g = focused.projection.graph
    return {e: _item(focused, e) for e in wanted if e in g and g.nodes[e][KIND] == EVENT}
