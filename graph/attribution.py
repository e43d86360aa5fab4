"""Which sources say what, for rows that must name them: the sources behind an edge, the date
each source gives an event, and every quote behind a hop of a path (corroboration).

A claim or a role is backed by quotes, each in one source; an event several sources tell has one
account per source (:mod:`graph.accounts`), each with its own date. These functions read both
from a view, so a command or a page can print, next to every row, whose statement it is and the
date as that source gives it, never one source's date for all.
"""

from __future__ import annotations

from collections.abc import Iterable

from .accounts import all_accounts
from .attrs import (
    ANCHORS,
    CERTAINTY,
    DATE_TEXT,
    EARLIEST,
    EDTF,
    END,
    IRI,
    LATEST,
    PREDICATE,
    RELATION,
    SOURCES,
    START,
    STATED_BY,
    TITLE,
)
from .records import Edge, Evidence, Path, PathStep, SourceDate
from .view import GraphView, View

__all__ = ["date_phrase", "edge_sources", "event_dates", "hop_quotes", "sources_of"]


def sources_of(quotes: Iterable[Evidence]) -> tuple[str, ...]:
    """The sources of these quotes, each once, in the order given."""
    return tuple(dict.fromkeys(q.source for q in quotes))


def date_phrase(date: SourceDate) -> str:
    """A source's date as it gives it: the EDTF (which always has the year) and the phrase.

    >>> date_phrase(SourceDate("weekly", "2025-03", "in March"))
    '2025-03 (“in March”)'
    >>> date_phrase(SourceDate("weekly", "", "")), date_phrase(SourceDate("x", "2025", ""))
    ('undated', '2025')
    """
    shown = date.edtf or "undated"
    return f"{shown} (“{date.date_text}”)" if date.date_text else shown


def _dates(whole: View, focused: GraphView, event: str) -> tuple[SourceDate, ...]:
    d = focused.current.graph.nodes[event]
    rows = all_accounts(whole).get(d[IRI], [])
    if not rows:  # told by one source: the event's own date is that source's
        source = d[SOURCES][0] if d[SOURCES] else ""
        return (SourceDate(source, d[EDTF], d[DATE_TEXT], d[EARLIEST], d[LATEST]),)
    order = {s: n for n, s in enumerate(d[SOURCES])}
    found = [
        SourceDate(acc.rsplit("/account/", 1)[-1], edtf, text, early, late)
        for acc, text, edtf, early, late, *_rest in rows
    ]
    return tuple(sorted(found, key=lambda s: (order.get(s.source, len(order)), s.source)))


def event_dates(view: View, events: Iterable[str]) -> dict[str, tuple[SourceDate, ...]]:
    """The date each source gives each of these events (ids), one :class:`SourceDate` per source
    that tells it, in the order of the event's sources.

    Examples
    --------
    >>> from extract import build
    >>> from graph.view import ACCOUNTS_DATA
    >>> view = GraphView.from_build(build(ACCOUNTS_DATA, None))
    >>> for d in event_dates(view, ["khalil-arrest"])["khalil-arrest"]:
    ...     print(d.source, d.edtf, d.date_text)
    dispatch 2025-03-08 On March 8, 2025
    weekly 2025-03 in March
    >>> event_dates(view, ["rubio-statement-on-khalil"])["rubio-statement-on-khalil"]
    (SourceDate(source='dispatch', edtf='2025-03-10', date_text='', earliest='2025-03-10', latest='2025-03-10'),)
    """  # noqa: E501
    wanted = sorted(set(events))
    focused = view.focus_nodes(wanted)
    g = focused.projection.graph
    return {e: _dates(view, focused, e) for e in wanted if e in g}


def edge_sources(view: View, edges: Iterable[Edge]) -> dict[str, tuple[str, ...]]:
    """The sources whose quotes back each edge (by its key): a role two accounts name has both.

    >>> from extract import build
    >>> from graph.view import ACCOUNTS_DATA
    >>> from graph.network import neighbors
    >>> view = GraphView.from_build(build(ACCOUNTS_DATA, None))
    >>> hood = neighbors(view, "mahmoud-khalil")
    >>> sorted(set(edge_sources(view, hood.edges).values()))
    [('dispatch',), ('dispatch', 'weekly'), ('weekly',)]
    """
    edges = list(edges)
    focused = view.focus_nodes(sorted({n for e in edges for n in (e.source, e.target)}))
    p = focused.projection
    out = {}
    for e in edges:
        anchors = p.graph.edges[e.source, e.target, e.key][ANCHORS]
        out[e.key] = tuple(dict.fromkeys(p.anchors[a].document for a in anchors))
    return out


_SAME_CLAIM = (PREDICATE, TITLE, START, END, CERTAINTY, STATED_BY)
"""Two claims between the same ends that agree on these say the same thing (corroboration)."""


def _step_quotes(focused: GraphView, step: PathStep) -> tuple[Evidence, ...]:
    g = focused.current.graph
    u, v = (step.source, step.target) if step.forward else (step.target, step.source)
    d = g.edges[u, v, step.key]
    anchors = list(d[ANCHORS])
    if step.kind == RELATION:  # the same relation claimed again (by another source)
        same = tuple(d[k] for k in _SAME_CLAIM)
        for _key, other in sorted(g[u][v].items()):
            if other[PREDICATE] == d[PREDICATE] and tuple(other[k] for k in _SAME_CLAIM) == same:
                anchors += [a for a in other[ANCHORS] if a not in anchors]
    quotes = {focused.evidence_of(a) for a in anchors}
    return tuple(sorted(quotes, key=lambda q: (q.source, q.start, q.end, q.quote)))


def hop_quotes(view: View, path: Path) -> tuple[tuple[Evidence, ...], ...]:
    """Every quote behind each hop of a path, in source order: the hop's own claim or role and
    the same relation claimed by other sources (a hop two sources claim has both quotes).

    >>> from extract import build
    >>> from graph.view import ACCOUNTS_DATA
    >>> from graph.network import paths
    >>> view = GraphView.from_build(build(ACCOUNTS_DATA, None))
    >>> found = paths(view, "mahmoud-khalil", "columbia-university")[0]
    >>> [(q.source, q.quote) for q in hop_quotes(view, found)[0]]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('dispatch', 'Khalil, a graduate student at Columbia University'),
     ('weekly', 'Khalil, a graduate student at Columbia University')]
    """
    focused = view.focus_nodes(sorted(set(path.nodes)))
    focused.projection  # noqa: B018 - checked once, read by the helpers through .current
    return tuple(_step_quotes(focused, s) for s in path.steps)
