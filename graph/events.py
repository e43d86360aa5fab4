"""One event as its card shows it: :func:`event`."""

from __future__ import annotations

from dataclasses import replace

from .attrs import (
    ANCHORS,
    CATEGORY,
    EVENT,
    INVERSE_LABEL,
    IRI,
    KIND,
    LABEL,
    PARTICIPATION,
    PREDICATE,
    QUOTE,
    STATED_BY,
)
from .errors import UnknownNode
from .records import EventRecord, RelatedEvent
from .timeline import _item
from .view import View

__all__ = ["event"]


def event(view: View, name: str) -> EventRecord:
    """An event with everything its card shows, in one call.

    Parameters
    ----------
    view
        The graph.
    name
        The event's id, label or alias.

    Returns
    -------
    EventRecord
        Label, type and the family (with its colour) the vocabulary puts the type in; the date
        phrase, EDTF string and bounds; the participants (with their entity type, sorted by role
        then label) and the place; the event's own quotes with their source and offsets, in
        source order; the events it is linked to, each with the link read from this event; and
        who the source attributes it to.

    Raises
    ------
    UnknownNode
        No event has that name (the message lists the closest ones).

    Examples
    --------
    >>> from extract import build
    >>> from graph.view import EXAMPLE_DATA, GraphView
    >>> view = GraphView.from_build(build(EXAMPLE_DATA, None))
    >>> e = event(view, "khalil-arrest")
    >>> e.label, e.family, e.colour
    ('Arrest of Mahmoud Khalil', 'enforcement', '#D55E00')
    >>> e.date_text, e.edtf, e.earliest, e.latest
    ('In early March', '[2025-03-01..2025-03-10]', '2025-03-01', '2025-03-10')
    >>> [(p.id, p.type) for p in e.participants]
    [('ice', 'government-organization'), ('mahmoud-khalil', 'person')]
    >>> [(q.source, q.start, q.end) for q in e.quotes]
    [('mini', 72, 122)]
    >>> [(r.id, r.label) for r in event(view, "ozturk-detention").related]
    []
    >>> event(view, "mahmoud-khalil")
    Traceback (most recent call last):
    ...
    graph.errors.UnknownNode: ...
    """
    whole, view = view, view.focus([name], 1, kinds=("event",))
    node = view.resolve(name, kinds=("event",))
    g = view.projection.graph
    if g.nodes[node][KIND] != EVENT:  # pragma: no cover — resolve admits events only
        raise UnknownNode(name)
    item = _item(view, node)
    d = g.nodes[node]
    quotes = sorted(
        (view.evidence_of(a) for a in d[ANCHORS]), key=lambda q: (q.source, q.start, q.end)
    )
    stated_by = ""
    related: list[RelatedEvent] = []
    edges = [
        *((u, v, k, e, True) for u, v, k, e in g.out_edges(node, keys=True, data=True)),
        *((u, v, k, e, False) for u, v, k, e in g.in_edges(node, keys=True, data=True)),
    ]
    for u, v, key, e, outgoing in edges:
        if e[KIND] == PARTICIPATION:
            stated_by = stated_by or e[STATED_BY]
            continue
        if e[CATEGORY] != "event":
            continue
        other = v if outgoing else u
        related.append(
            RelatedEvent(
                id=other,
                event_label=g.nodes[other][LABEL],
                predicate=e[PREDICATE],
                label=e[LABEL] if outgoing else e[INVERSE_LABEL],
                outgoing=outgoing,
                key=key,
                quote=e[QUOTE],
            )
        )
    related.sort(key=lambda r: (r.event_label.casefold(), r.id, r.key))
    family = view.vocabulary.family_of(item.type)
    record = EventRecord(
        id=item.id,
        label=item.label,
        type=item.type,
        type_label=item.type_label,
        family=family.label,
        colour=family.colour,
        date_text=item.date_text,
        edtf=item.edtf,
        earliest=item.earliest,
        latest=item.latest,
        uncertain=item.uncertain,
        approximate=item.approximate,
        participants=item.participants,
        place=item.place,
        place_label=item.place_label,
        quotes=tuple(quotes),
        related=tuple(related),
        sources=item.sources,
        certainty=item.certainty,
        stated_by=stated_by,
        stated_by_label=view.label(stated_by) if stated_by else "",
    )
    from .accounts import accounts_of, conflicts_of

    accounts = accounts_of(whole, view, record, d[IRI])
    return replace(record, accounts=accounts, conflicts=conflicts_of(accounts))
