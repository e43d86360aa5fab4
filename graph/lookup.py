"""Finding things and what backs them: :func:`search`, :func:`entity`, :func:`evidence`."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Any

from .attribution import event_dates
from .attrs import (
    ALIASES,
    ANCHORS,
    CATEGORY,
    CERTAINTY,
    CLAIM,
    DATE_TEXT,
    DESCRIPTION,
    EARLIEST,
    EDTF,
    END,
    ENTITY,
    INVERSE_LABEL,
    KIND,
    LABEL,
    PARTICIPATION,
    PREDICATE,
    RELATION,
    ROLE,
    ROLE_LABEL,
    START,
    STATED_BY,
    TITLE,
    TYPE,
    TYPE_LABEL,
    WIKIDATA,
)
from .errors import UnknownNode
from .found import found_mentions
from .records import (
    EntityProfile,
    EventRole,
    Evidence,
    Link,
    Quotation,
    RelationGroup,
    SearchHit,
)
from .source_texts import sentence_around, sentence_ends
from .view import GraphView, View

__all__ = ["entity", "evidence", "search"]


def search(
    view: View, text: str, *, limit: int = 10, kinds: tuple[str, ...] = ("entity", "event")
) -> list[SearchHit]:
    """Entities and events whose label or alias is like ``text``, best match first.

    Matching is fuzzy (rapidfuzz) and ignores case, accents and punctuation.

    Parameters
    ----------
    view
        The graph to search.
    text
        A name, part of a name or a misspelling of one.
    limit
        At most this many hits.
    kinds
        ``entity``, ``event`` or both.

    Returns
    -------
    list of SearchHit
        With the name that matched and a score from 0 to 100.

    Examples
    --------
    >>> from extract import build
    >>> from graph.view import EXAMPLE_DATA
    >>> view = GraphView.from_build(build(EXAMPLE_DATA, None))
    >>> [(h.id, h.matched) for h in search(view, "ozturk")]
    [('rumeysa-ozturk', 'Rümeysa Öztürk'), ('ozturk-detention', 'Detention of Rümeysa Öztürk')]
    >>> search(view, "khalil arrest")[0].id
    'khalil-arrest'
    >>> search(view, "I.C.E.")[0].label
    'U.S. Immigration and Customs Enforcement'
    """
    found = view.match(text, kinds)[:limit]
    g = view.focus_nodes([node for node, _name, _score in found]).projection.graph
    hits = []
    for node, name, score in found:
        data = g.nodes[node]
        hits.append(
            SearchHit(
                id=node,
                label=data[LABEL],
                kind=data[KIND],
                type=data[TYPE],
                type_label=data[TYPE_LABEL],
                matched=name,
                score=score,
            )
        )
    return hits


def _evidence(view: GraphView, anchors: tuple[str, ...]) -> tuple[Evidence, ...]:
    return tuple(view.evidence_of(a) for a in anchors)


def _link(view: GraphView, me: str, u: str, v: str, data: dict[str, Any]) -> Link:
    out = u == me
    other = v if out else u
    odata = view.current.graph.nodes[other]
    return Link(
        direction="out" if out else "in",
        label=data[LABEL] if out else data[INVERSE_LABEL],
        predicate=data[PREDICATE],
        forward_label=data[LABEL],
        inverse_label=data[INVERSE_LABEL],
        category=data[CATEGORY],
        other=other,
        other_label=odata[LABEL],
        other_type=odata[TYPE_LABEL],
        claim=data[CLAIM],
        title=data[TITLE],
        start=data[START],
        end=data[END],
        certainty=data[CERTAINTY],
        stated_by=view.label(data[STATED_BY]) if data[STATED_BY] else "",
        quotes=(quotes := _evidence(view, data[ANCHORS])),
        sources=tuple(dict.fromkeys(q.source for q in quotes)),
        claims=(data[CLAIM],),
    )


def corroborated(links: list[Link]) -> list[Link]:
    """One link per relation: the same relation claimed from several quotes or sources becomes
    one link with every quote and source (``claim`` is the first claim)."""
    merged: dict[tuple[str, ...], Link] = {}
    for k in sorted(links, key=lambda k: k.claim):
        key = (k.direction, k.predicate, k.other, k.title, k.start, k.end, k.certainty, k.stated_by)
        seen = merged.get(key)
        if seen is None:
            merged[key] = k
            continue
        quotes = tuple(sorted({*seen.quotes, *k.quotes}, key=lambda q: (q.source, q.start)))
        merged[key] = replace(
            seen,
            quotes=quotes,
            sources=tuple(dict.fromkeys(q.source for q in quotes)),
            claims=(*seen.claims, *k.claims),
        )
    return list(merged.values())


def entity(view: View, name: str) -> EntityProfile:
    """The profile of an entity: types, aliases, relations by category, events, mentions.

    Parameters
    ----------
    view
        The graph.
    name
        The entity's id, label or an alias.

    Returns
    -------
    EntityProfile
        Relations are grouped by category; each :class:`~graph.records.Link` reads from this entity
        (``label`` is the inverse label when the entity is the claim's object). Events are in
        date order, undated ones last.

    Raises
    ------
    UnknownNode
        No entity has that name; the message names the closest.

    Examples
    --------
    >>> from extract import build
    >>> from graph.view import EXAMPLE_DATA
    >>> view = GraphView.from_build(build(EXAMPLE_DATA, None))
    >>> p = entity(view, "U.S. Department of State")
    >>> p.types
    ('government organization', 'organization')
    >>> [(g.category, g.links[0].label, g.links[0].other_label) for g in p.relations]
    [('position', 'has in a position', 'Marco Rubio')]
    >>> [(e.event, e.role_label) for e in entity(view, "ICE").events]
    [('khalil-arrest', 'arresting agency'), ('ozturk-detention', 'arresting agency')]
    >>> entity(view, "mahmoud-kahlil")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    graph.errors.UnknownNode: unknown entity 'mahmoud-kahlil' — did you mean Mahmoud Khalil ...
    """
    whole, view = view, view.focus([name], 1, kinds=("entity",))
    g = view.projection.graph
    node = view.resolve(name, kinds=("entity",))
    data = g.nodes[node]
    vocab = view.vocabulary
    types = tuple(
        vocab.entity_types[t].label
        for t in vocab.ancestors(data[TYPE])
        if t in vocab.entity_types and not vocab.entity_types[t].abstract
    ) or (data[TYPE_LABEL],)
    groups: dict[str, list[Link]] = defaultdict(list)
    events: list[EventRole] = []
    dates = event_dates(
        whole, [v for _u, v, d in g.out_edges(node, data=True) if d[KIND] == PARTICIPATION]
    )
    for u, v, d in g.out_edges(node, data=True):
        if d[KIND] == RELATION:
            groups[d[CATEGORY]].append(_link(view, node, u, v, d))
        elif d[KIND] == PARTICIPATION:
            ev = g.nodes[v]
            named_by = tuple(dict.fromkeys(view.current.anchors[a].document for a in d[ANCHORS]))
            told = dates.get(v, ())
            events.append(
                EventRole(
                    event=v,
                    label=ev[LABEL],
                    type_label=ev[TYPE_LABEL],
                    role=d[ROLE],
                    role_label=d[ROLE_LABEL],
                    date_text=ev[DATE_TEXT],
                    edtf=ev[EDTF],
                    earliest=ev[EARLIEST],
                    sources=named_by,
                    # the date each source naming this role gives (all, if none tells it)
                    dates=tuple(t for t in told if t.source in named_by) or told,
                )
            )
    for u, v, d in g.in_edges(node, data=True):
        if d[KIND] == RELATION and u != v:
            groups[d[CATEGORY]].append(_link(view, node, u, v, d))
    relations = tuple(
        RelationGroup(
            cat,
            tuple(sorted(corroborated(links), key=lambda k: (k.label, k.other_label, k.claim))),
        )
        for cat, links in sorted(groups.items())
    )
    events.sort(key=lambda e: (e.earliest == "", e.earliest, e.label, e.role))
    return EntityProfile(
        id=node,
        label=data[LABEL],
        type=data[TYPE],
        type_label=data[TYPE_LABEL],
        types=types,
        aliases=data[ALIASES],
        description=data[DESCRIPTION],
        wikidata=data[WIKIDATA],
        relations=relations,
        events=tuple(events),
        mentions=_evidence(view, data[ANCHORS]),
        found=tuple(where for _, where in found_mentions(whole, entity=node)),
    )


def claim_statement(view: GraphView, u: str, v: str, d: dict[str, Any]) -> str:
    """An edge read as a sentence: subject, label, object, title and who says so."""
    title = f" ({d[TITLE]})" if d.get(TITLE) else ""
    by = f", according to {view.label(d[STATED_BY])}" if d.get(STATED_BY) else ""
    return f"{view.label(u)} {d[LABEL]} {view.label(v)}{title}{by}"


def evidence(view: View, name: str) -> list[Quotation]:
    """Every quote behind a claim, an entity or an event, with the sentence around it.

    For an entity: the quotes naming it, those of the claims it is part of and of its part in
    events. For an event: its own quotes, its participants' and those of its links. For a claim
    (its id, as in :attr:`graph.records.Edge.key`): its quotes.

    Parameters
    ----------
    view
        The graph; sentences come from ``view.texts`` (empty when a text is missing or changed
        since the build).
    name
        A claim id, or an entity's or event's id, label or alias.

    Returns
    -------
    list of Quotation
        In source order (document, then offset).

    Raises
    ------
    UnknownNode
        Neither a claim nor a known name.

    Examples
    --------
    >>> from extract import build
    >>> from graph.view import EXAMPLE_DATA
    >>> view = GraphView.from_build(build(EXAMPLE_DATA, None))
    >>> [(q.kind, q.evidence.quote) for q in evidence(view, "Marco Rubio")][:2]
    [('mention', 'Secretary of State Marco Rubio'), ('claim', 'Secretary of State Marco Rubio')]
    >>> q = evidence(view, "Marco Rubio")[1]
    >>> q.statement
    'Marco Rubio holds a position at U.S. Department of State (Secretary of State)'
    >>> q.sentence.startswith("Secretary of State Marco Rubio later invoked")
    True
    >>> (q.evidence.source, q.evidence.start, q.evidence.end)
    ('mini', 236, 266)
    """
    view = view.focus_item(name)
    p = view.projection
    g = p.graph
    items: list[tuple[str, str, str, tuple[str, ...]]] = []  # kind, item, statement, anchors
    if name in p.claims:
        u, v, key = p.claims[name]
        d = g.edges[u, v, key]
        items.append(("claim", key, claim_statement(view, u, v, d), d[ANCHORS]))
    else:
        node = view.resolve(name)
        data = g.nodes[node]
        if data[KIND] == ENTITY:
            items.append(("mention", node, f"the source names {data[LABEL]}", data[ANCHORS]))
        else:
            items.append(("event", node, data[LABEL], data[ANCHORS]))
        edges = [*g.out_edges(node, keys=True, data=True), *g.in_edges(node, keys=True, data=True)]
        for u, v, key, d in edges:
            kind = "claim" if d[KIND] == RELATION else "participation"
            items.append((kind, key, claim_statement(view, u, v, d), d[ANCHORS]))
    out: list[Quotation] = []
    seen: set[tuple[str, str, str]] = set()
    for kind, item, statement, anchors in items:
        for a in anchors:
            if (kind, item, a) in seen:
                continue
            seen.add((kind, item, a))
            ev = view.evidence_of(a)
            out.append(Quotation(kind, item, statement, ev, _sentence(view, ev)))
    order = {"mention": 0, "event": 0, "claim": 1, "participation": 2}
    out.sort(key=lambda q: (q.evidence.source, q.evidence.start, order[q.kind], q.item))
    if not out and name not in p.claims and not any(True for _ in items):
        raise UnknownNode(name)
    return out


def _sentence(view: GraphView, ev: Evidence) -> str:
    text = view.texts.get(ev.source)
    if text is None or ev.start < 0 or text[ev.start : ev.end] != ev.quote:
        return ""
    ends = view.cached(("sentence_ends", ev.source), lambda: sentence_ends(text))
    return sentence_around(text, ev.start, ev.end, ends)
