"""Events in time: :func:`timeline`."""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from .projection import PARTICIPATION, PLACE_ROLE
from .records import Participant, TimelineItem
from .view import GraphView
from .window import DateLike, Window

__all__ = ["date_flags", "span_text", "timeline"]


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
        if e["kind"] != PARTICIPATION:
            continue
        if e["role"] == PLACE_ROLE:
            place = u
            continue
        pd = g.nodes[u]
        participants.append(Participant(u, pd["label"], pd["type"], e["role"], e["role_label"]))
    participants.sort(key=lambda p: (p.role_label, p.label.casefold(), p.id))
    uncertain, approximate = date_flags(d["edtf"])
    quote = view.current.anchors[d["anchors"][0]].quote if d["anchors"] else ""
    return TimelineItem(
        id=event,
        label=d["label"],
        type=d["type"],
        type_label=d["type_label"],
        date_text=d["date_text"],
        edtf=d["edtf"],
        earliest=d["earliest"],
        latest=d["latest"],
        uncertain=uncertain,
        approximate=approximate,
        participants=tuple(participants),
        place=place,
        place_label=view.label(place) if place else "",
        quote=quote,
        sources=d["sources"],
        certainty=d["certainty"],
        via=tuple(sorted(via)),
    )


def _events_of(view: GraphView, node: str) -> set[str]:
    """Events an entity takes part in or is linked to by a relation."""
    g = view.current.graph
    found = set()
    for _u, v in g.out_edges(node):
        if g.nodes[v]["kind"] == "event":
            found.add(v)
    for u, _v, d in g.in_edges(node, data=True):
        if d["kind"] == "relation" and g.nodes[u]["kind"] == "event":
            found.add(u)
    return found


def timeline(
    view: GraphView,
    entity: str | None = None,
    *,
    types: Iterable[str] | None = None,
    start: DateLike = None,
    end: DateLike = None,
    source: str | None = None,
    include_related: bool = False,
    undated: bool = False,
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
    p = view.projection
    g = p.graph
    window = Window.of(start, end)
    wanted_types = None
    if types is not None:
        wanted_types = set(view.check_terms("event type", types, view.vocabulary.event_types))
    if source is not None:
        view.check_terms("source", [source], sorted(set(p.documents.values())))
    via: dict[str, set[str]] = defaultdict(set)
    if entity is None:
        events = set(p.nodes_of("event"))
    else:
        node = view.resolve(entity, kinds=("entity",))
        events = _events_of(view, node)
        if include_related:
            for u, v, d in [*g.out_edges(node, data=True), *g.in_edges(node, data=True)]:
                other = v if u == node else u
                if d["kind"] != "relation" or g.nodes[other]["kind"] != "entity":
                    continue
                for ev in _events_of(view, other) - events:
                    via[ev].add(other)
            events |= set(via)

    def keep(ev: dict[str, Any]) -> bool:
        if not ev["earliest"] and not ev["latest"] and not undated:
            return False
        if wanted_types is not None and ev["type"] not in wanted_types:
            return False
        if source is not None and source not in ev["sources"]:
            return False
        return window.open or window.overlaps(ev["earliest"], ev["latest"])

    kept = [e for e in events if keep(g.nodes[e])]
    items = [_item(view, e, via.get(e, ())) for e in kept]
    items.sort(
        key=lambda t: (
            not (t.earliest or t.latest),
            t.earliest or t.latest,
            t.latest or "9999",
            t.label.casefold(),
        )
    )
    return items
