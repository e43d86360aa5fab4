"""The date order of events, written once: for Python (timeline items) and for SPARQL.

Dated events come first, by earliest bound (or the latest, when only that is known), then by
latest bound (an open end after every date), then by id. A timeline shows events in this order
with the label before the id (:func:`timeline_order`); a limit keeps the first events in it
(:func:`date_rank`), and a store-backed view asks its store for them with the ``ORDER BY`` that
:func:`sparql_order` writes from the same keys.

>>> [k.name for k in EVENT_ORDER]
['undated', 'first', 'last']
>>> sparql_order()
'(!BOUND(?lo) && !BOUND(?hi)) COALESCE(STR(?lo), STR(?hi)) COALESCE(STR(?hi), "9999") ?e'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

OPEN_END = "9999"
"""What an open latest bound sorts as: after every date."""


class Dated(Protocol):
    """Anything with an id and ISO date bounds (a :class:`graph.records.TimelineItem`)."""

    @property
    def id(self) -> str: ...
    @property
    def earliest(self) -> str: ...
    @property
    def latest(self) -> str: ...


@dataclass(frozen=True)
class OrderKey:
    """One key of the event order: how Python computes it from an item, and how SPARQL computes
    it from an event's bounds ``?lo`` and ``?hi`` (unbound when unknown)."""

    name: str
    python: Callable[[Dated], Any]
    sparql: str


EVENT_ORDER: tuple[OrderKey, ...] = (
    OrderKey("undated", lambda i: not (i.earliest or i.latest), "(!BOUND(?lo) && !BOUND(?hi))"),
    OrderKey("first", lambda i: i.earliest or i.latest, "COALESCE(STR(?lo), STR(?hi))"),
    OrderKey("last", lambda i: i.latest or OPEN_END, f'COALESCE(STR(?hi), "{OPEN_END}")'),
)
"""The date keys of the event order, most significant first (ties are broken by id)."""


def date_key(item: Dated) -> tuple[Any, ...]:
    """The date keys of an item (:data:`EVENT_ORDER`)."""
    return tuple(k.python(item) for k in EVENT_ORDER)


def date_rank(item: Dated) -> tuple[Any, ...]:
    """The order in which a limit keeps events: :data:`EVENT_ORDER`, then id (as the store
    sorts with :func:`sparql_order`)."""
    return (*date_key(item), item.id)


def timeline_order(item: Any) -> tuple[Any, ...]:
    """The order of a timeline: dated events first, by earliest bound, then latest bound (an open
    end last), then label and id.

    >>> from graph.records import TimelineItem
    >>> a = TimelineItem("a", "A", "arrest", "arrest", "", "2025", "2025-01-01", "", False, False)
    >>> b = TimelineItem("b", "B", "arrest", "arrest", "", "2025", "2025-01-01", "2025-12-31",
    ...                  False, False)
    >>> [t.id for t in sorted([a, b], key=timeline_order)]
    ['b', 'a']
    """
    return (*date_key(item), item.label.casefold(), item.id)


def sparql_order(latest: bool = False) -> str:
    """The ``ORDER BY`` keys of :func:`date_rank` over ``?lo``, ``?hi`` and the event ``?e``.

    With ``latest``, the dated events from the latest on (dates and ids descending), the undated
    still after them and by id: the reverse, among the dated, of what :func:`date_rank` orders.
    """
    undated, *dates = EVENT_ORDER
    if not latest:
        return " ".join([*(k.sparql for k in EVENT_ORDER), "?e"])
    return " ".join(
        [
            undated.sparql,
            *(f"DESC({k.sparql})" for k in dates),
            f'DESC(IF({undated.sparql}, "", STR(?e)))',  # the undated (tied on dates) by id
            "?e",
        ]
    )
