"""Annotations of a source text: every curated quote, with what it backs (for a reading view)."""

from __future__ import annotations

from dataclasses import dataclass

from .attrs import ANCHORS, ENTITY, EVENT, KIND, LABEL, RELATION, TYPE
from .view import View

__all__ = ["Annotation", "annotations"]


@dataclass(frozen=True)
class Annotation:
    """A quoted span of a source and the item it backs.

    ``kind`` is ``mention`` (an entity named there; ``item`` is the entity id and ``type`` its
    entity type), ``event`` (``item`` the event id, ``type`` the event type) or ``claim`` (``item``
    the claim's local id, ``subject`` the subject's id, ``label`` the claim read as a sentence).
    """

    start: int
    end: int
    kind: str
    item: str
    label: str
    type: str = ""
    subject: str = ""


def annotations(view: View, source: str) -> list[Annotation]:
    """Every curated quote of ``source``, in text order (mentions before claims at one place).

    Examples
    --------
    >>> from extract import build
    >>> from graph.view import EXAMPLE_DATA, GraphView
    >>> view = GraphView.from_build(build(EXAMPLE_DATA, None))
    >>> marks = annotations(view, "mini")
    >>> for m in marks:
    ...     if m.start == 236:
    ...         print(m.kind, m.end, m.label)
    mention 266 Marco Rubio
    claim 266 Marco Rubio holds a position at U.S. Department of State
    mention 254 U.S. Department of State
    """
    focused = view.focus_source(source)
    g = focused.projection.graph
    out: set[Annotation] = set()

    def spans(anchors: tuple[str, ...]) -> list[tuple[int, int]]:
        found = []
        for anchor in anchors:
            ev = focused.evidence_of(anchor)
            if ev.source == source:
                found.append((ev.start, ev.end))
        return found

    for node, data in g.nodes(data=True):
        kind = {ENTITY: "mention", EVENT: "event"}.get(data[KIND])
        if kind is None:
            continue
        for start, end in spans(data[ANCHORS]):
            out.add(Annotation(start, end, kind, node, data[LABEL], data[TYPE]))
    for u, v, key, data in g.edges(keys=True, data=True):
        if data[KIND] != RELATION:
            continue
        statement = f"{g.nodes[u][LABEL]} {data[LABEL]} {g.nodes[v][LABEL]}"
        for start, end in spans(data[ANCHORS]):
            out.add(Annotation(start, end, "claim", key, statement, "", u))
    order = {"mention": 0, "event": 1, "claim": 2}
    return sorted(out, key=lambda a: (a.start, -a.end, order[a.kind], a.item))
