"""Check curation files against the vocabulary, each other and their sources.

Three stages, each collecting problems into one log so that a run reports *all* of them:
:func:`load_inputs` (parse files), :func:`check_references` (ids, types, dates, endpoints) and
:func:`anchor_quotes` (every quote verbatim in its source). :func:`validate` runs all three.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process

from graph.vocabulary import EVENT, Vocabulary, default_vocabulary

from . import schema
from .anchor import AnchorError, find_quote
from .dates import DateBounds, DateError, parse_date
from .discovery import curation_files
from .errors import CurationErrors, Location, ProblemLog, display_path
from .loader import Loaded, load_curation, quotes_of
from .model import (
    Anchor,
    AnchoredEntity,
    AnchoredEvent,
    AnchoredParticipant,
    AnchoredRelation,
    Corpus,
    CuratedSource,
)
from .progress import Progress, ProgressCallback, ticker
from .schema import CurationFile, RelationItem
from .sources import Source, load_sources
from .stories import load_stories

if TYPE_CHECKING:
    from .established import Held

ATTRIBUTED = {"reported", "alleged"}
# An event id where an entity is required: what to call the slot, and how to fix it.
NOT_AN_EVENT = {
    "participant": (
        "a participant",
        "give the id of an entity declared under entities:; link two events with a relation "
        "such as part_of_event",
    ),
    "place": ("a place", "give the id of a place entity"),
    "stated_by": ("stated_by", "give the id of the person or organization who states it"),
}


@dataclass
class Inputs:
    """Everything read from a data directory, before cross-checks."""

    data_dir: Path
    sources: dict[str, Source]
    files: list[Loaded[CurationFile]]
    log: ProblemLog = field(default_factory=ProblemLog)
    unreadable: set[str] = field(default_factory=set)  # sources whose metadata has problems
    # curation file (as a string) -> the SHA-256 of its bytes and its parsed model, and which
    # files were parsed in this run (the others came from an earlier build's state)
    parsed: dict[str, tuple[str, Loaded[CurationFile]]] = field(default_factory=dict)
    parsed_again: list[str] = field(default_factory=list)


@dataclass
class Checked:
    """Results of the reference checks that conversion needs."""

    entity_types: dict[str, str] = field(default_factory=dict)
    entity_first: dict[str, Location] = field(default_factory=dict)
    event_first: dict[str, Location] = field(default_factory=dict)
    dates: dict[tuple[int, str, int, str], DateBounds | None] = field(default_factory=dict)
    # a redeclaration with its type and label filled in from the reference declaration
    completed: dict[tuple[int, str, int], Any] = field(default_factory=dict)
    accounts: dict[str, list[Location]] = field(default_factory=dict)  # event -> its accounts


def load_inputs(
    data_dir: Path | str,
    progress: ProgressCallback | None = None,
    reuse: dict[str, tuple[str, Loaded[CurationFile]]] | None = None,
) -> Inputs:
    """Parse source metadata, texts and curation files; structural problems go to the log.

    ``reuse`` maps a curation file to the SHA-256 of its bytes and its parsed model from an
    earlier run (:mod:`extract.buildcache`); a file whose bytes have that digest is not parsed
    again. Only a model with no problems is worth keeping, and only those are in ``parsed``.
    """
    data_dir = Path(data_dir)
    log = ProblemLog()
    if not (data_dir / "sources").is_dir():
        log.add(
            Location(str(data_dir)),
            "no sources/ folder in the data directory",
            "point --data at a folder holding sources/ and curation/",
        )
        log.raise_if_any()
    sources = load_sources(data_dir / "sources", log)
    for source in sources.values():
        if len(source.text) > schema.SOURCE_TEXT_MAX:
            log.add(
                Location(display_path(source.text_path)),
                f"the text is {len(source.text)} characters long; "
                f"the limit is {schema.SOURCE_TEXT_MAX}",
                "split the document into several sources",
            )
    files: list[Loaded[CurationFile]] = []
    parsed: dict[str, tuple[str, Loaded[CurationFile]]] = {}
    parsed_again: list[str] = []
    paths = curation_files(data_dir, log)  # .yaml and .yml; look-alikes are problems
    for n, path in enumerate(paths):
        if progress is not None:
            progress(Progress(f"reading {display_path(path)}", n, len(paths), "files"))
        digest = _digest(path) if reuse is not None else None
        earlier = (reuse or {}).get(str(path))
        if earlier is not None and digest is not None and earlier[0] == digest:
            loaded = earlier[1]
        else:
            parsed_again.append(str(path))
            try:
                loaded = load_curation(path)
            except CurationErrors as exc:
                log.problems.extend(exc.problems)
                continue
            if digest is not None and _digest(path) != digest:
                digest = None  # it changed while being read: do not keep it under either digest
        log.problems.extend(loaded.problems)
        files.append(loaded)
        if digest is not None and not loaded.problems:
            parsed[str(path)] = (digest, loaded)
    unreadable = {p.stem for p in (data_dir / "sources").glob("*.yaml")} - set(sources)
    return Inputs(data_dir, sources, files, log, unreadable, parsed, parsed_again)


def _digest(path: Path) -> str | None:
    """The SHA-256 of a file's bytes, or None if it cannot be read (parsing says why)."""
    import hashlib

    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


NAMED_LIKE_SCORE = 85.0  # match_ids score from which a declared id is suggested


def _a(word: str) -> str:
    """The word with its indefinite article."""
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"


def _closest(name: str, choices: Sequence[str]) -> str:
    found = process.extract(name, list(choices), scorer=fuzz.ratio, limit=3, score_cutoff=70)
    return f"did you mean {', '.join(m for m, _, _ in found)}?" if found else ""


def named_like(inputs: Inputs, name: str, events: bool, declared: list[Any] | None = None) -> str:
    """A hint for an undeclared id: the declared ids whose label or an alias is like it
    ("state-department" → us-department-of-state, alias "State Department"), or how to find
    one."""
    from .ids import declared_ids, match_ids

    words = name.replace("-", " ")
    every = declared if declared is not None else declared_ids(inputs).ids
    pool = [d for d in every if events or d.kind == "entity"]
    close = [d for d in match_ids(pool, words, 3) if (d.score or 0) >= NAMED_LIKE_SCORE]
    if close:
        return (
            "did you mean "
            + ", ".join(d.id if d.matched == d.id else f"{d.id} ({d.matched!r})" for d in close)
            + "?"
        )
    return f"declare it under entities: first, or find an existing id: threadline ids {words!r}"


def _term(log: ProblemLog, where: Location, vocab: Vocabulary, kind: str, name: str) -> bool:
    if name in vocab.names(kind):
        return True
    spec = vocab.entity_types.get(name) if kind == "entity type" else None
    if spec is not None and spec.abstract:
        subtypes = [t for t, s in vocab.entity_types.items() if s.parent == name]
        log.add(
            where,
            f"entity type '{name}' is abstract and cannot be used on an entity",
            f"use one of its subtypes: {', '.join(subtypes)}",
        )
        return False
    close = vocab.closest(kind, name)
    hint = f"did you mean {', '.join(close)}?" if close else ""
    hint += f"{' ' if hint else ''}terms are declared in {vocab.path.name}"
    log.add(where, f"unknown {kind} '{name}'", hint)
    return False


def reference_order(inputs: Inputs) -> list[int]:
    """The curation files in the order their declarations count: the earliest-published source
    first (its declarations are the reference), then by source id and file name."""

    def key(f_index: int) -> tuple[str, str, str]:
        loaded = inputs.files[f_index]
        source = inputs.sources.get(loaded.model.source)
        published = source.meta.published if source is not None else "9999"
        return (str(published), loaded.model.source, loaded.doc.name)

    return sorted(range(len(inputs.files)), key=key)


def _deferred(
    inputs: Inputs, order: list[int], held: Mapping[str, Held]
) -> tuple[set[tuple[int, str, int]], set[str]]:
    """The declarations that come before their id's reference in ``order`` (checked after it),
    and the ids whose reference the last build moves (it is not their first declaration).

    An id's reference is its first declaration that gives the type and label the last build
    holds, in a source whose graph holds them; without one (no build, or every declaration
    changed), the first in ``order`` (the earliest-published source's).
    """
    first: dict[tuple[str, str], tuple[int, int]] = {}  # (kind, id) -> position, f_index
    reference: dict[tuple[str, str], int] = {}  # (kind, id) -> position of the build's one
    positions: list[tuple[int, str, int, str]] = []
    for position, f_index in enumerate(order):
        cur = inputs.files[f_index].model
        for kind, items in (("entities", cur.entities), ("events", cur.events)):
            for i, item in enumerate(items):
                key = (kind, item.id)
                positions.append((f_index, kind, i, item.id))
                first.setdefault(key, (position, f_index))
                h = held.get(item.id)
                if (
                    h is not None
                    and key not in reference
                    and h.kind == kind
                    and (item.type, item.label) == (h.type, h.label)
                    and cur.source in h.sources
                ):
                    reference[key] = position
    at = {f_index: position for position, f_index in enumerate(order)}
    deferred = {
        (f_index, kind, i)
        for f_index, kind, i, ident in positions
        if (kind, ident) in reference and at[f_index] < reference[(kind, ident)]
    }
    moved = {ident for (kind, ident), pos in reference.items() if pos != first[kind, ident][0]}
    return deferred, moved


def check_references(
    inputs: Inputs,
    vocab: Vocabulary,
    progress: ProgressCallback | None = None,
    established: Mapping[str, Held] | None = None,
) -> Checked:
    """Ids, references, vocabulary terms, endpoint types, dates, attribution and cycles.

    ``established`` is what the last successful build holds (:func:`extract.established.
    established`): when declarations of one id disagree, the one that gives what the build
    holds is the reference, and the message is located at the one that departs from it.
    """
    log, checked = inputs.log, Checked()
    labels: dict[str, str] = {}
    written: dict[str, str] = {}  # entity id -> the type as first written
    event_types: dict[str, str] = {}  # event id -> its type in the reference declaration
    event_sources: dict[str, set[str]] = {}  # event id -> the sources that tell it
    # pass 1: declarations, the reference (what the last build holds, else the earliest-
    # published source's) first for each id, so a declaration that departs from it is the one a
    # message points at; a declaration before its reference in that order waits for it
    order = reference_order(inputs)
    deferred, moved = _deferred(inputs, order, established or {})
    held = " (what the last build holds)"
    for f_index, waits in [(f, False) for f in order] + [(f, True) for f in order]:
        if waits and not any(d[0] == f_index for d in deferred):
            continue
        loaded = inputs.files[f_index]
        cur, doc = loaded.model, loaded.doc
        total = len(cur.entities) + len(cur.events)
        tick = ticker(progress, f"checking ids in {doc.name}", total) if not waits else None
        if not waits and cur.source not in inputs.sources and cur.source not in inputs.unreadable:
            log.add(
                doc.where(("source",)),
                f"unknown source '{cur.source}'",
                _closest(cur.source, list(inputs.sources))
                or "declare it in data/sources/ID.yaml (threadline new-source)",
            )
        for i, ent in enumerate(cur.entities):
            if ((f_index, "entities", i) in deferred) != waits:
                continue
            if tick is not None:
                tick(i + 1)
            where = doc.where(("entities", i, "id"))
            if ent.label is not None and not ent.label.strip():
                log.add(
                    doc.where(("entities", i, "label")),
                    f"entity '{ent.id}' has an empty label",
                    "write the name of the entity",
                )
            for a, alias in enumerate(ent.aliases):
                if not alias.strip():
                    log.add(doc.where(("entities", i, "aliases", a)), "empty alias", "remove it")
            known_type = ent.type is None or _term(
                log, doc.where(("entities", i, "type")), vocab, "entity type", ent.type
            )
            if ent.id in checked.entity_first:
                first = checked.entity_first[ent.id]
                differs = [
                    what
                    for what, old, new in (
                        ("type", written[ent.id], ent.type),
                        ("label", labels[ent.id], ent.label),
                    )
                    if new is not None and old != new
                ]
                if differs:
                    log.add(
                        where,
                        f"entity '{ent.id}' is declared again with a different "
                        f"{' and '.join(differs)}",
                        f"use type {written[ent.id]!r} and label {labels[ent.id]!r} "
                        f"as at {first}{held if ent.id in moved else ''} (or leave them out: "
                        "they come from there), or choose another id",
                    )
                elif ent.type is None or ent.label is None:
                    checked.completed[(f_index, "entities", i)] = ent.model_copy(
                        update={"type": written[ent.id], "label": labels[ent.id]}
                    )
                continue
            missing = [what for what in ("type", "label") if getattr(ent, what) is None]
            if missing:
                log.add(
                    where,
                    f"entity '{ent.id}' is declared here first (the earliest source that names "
                    f"it) without {' and '.join(missing)}",
                    f"add {' and '.join(f'{w}:' for w in missing)}",
                )
            checked.entity_first[ent.id] = where
            labels[ent.id] = ent.label or ""
            written[ent.id] = ent.type or ""
            checked.entity_types[ent.id] = ent.type if known_type and ent.type else ""
        for i, ev in enumerate(cur.events):
            if ((f_index, "events", i) in deferred) != waits:
                continue
            if tick is not None:
                tick(len(cur.entities) + i + 1)
            where = doc.where(("events", i, "id"))
            if ev.id in checked.entity_first:
                log.add(
                    where,
                    f"id '{ev.id}' is already used at {checked.entity_first[ev.id]}",
                    "give every entity and event its own id",
                )
            elif ev.id in checked.event_first:
                first = checked.event_first[ev.id]
                if cur.source in event_sources[ev.id]:
                    log.add(
                        where,
                        f"event '{ev.id}' is already declared for this source at {first}",
                        "give every event its own id; another source may tell the same event",
                    )
                elif ev.type is not None and ev.type != event_types[ev.id]:
                    log.add(
                        doc.where(("events", i, "type")),
                        f"event '{ev.id}' is told again with another type '{ev.type}'",
                        f"use type {event_types[ev.id]!r} as at {first}"
                        f"{held if ev.id in moved else ''} (or leave it out), or choose another id",
                    )
                else:
                    checked.accounts.setdefault(ev.id, [checked.event_first[ev.id]]).append(where)
                    update = {
                        k: v
                        for k, v in (("type", event_types[ev.id]), ("label", labels[ev.id]))
                        if getattr(ev, k) is None
                    }
                    if update:
                        checked.completed[(f_index, "events", i)] = ev.model_copy(update=update)
                event_sources[ev.id].add(cur.source)
                continue
            else:
                checked.event_first[ev.id] = where
            event_sources.setdefault(ev.id, set()).add(cur.source)
            missing = [what for what in ("type", "label") if getattr(ev, what) is None]
            if missing:
                log.add(
                    where,
                    f"event '{ev.id}' is declared here first (the earliest source that tells it) "
                    f"without {' and '.join(missing)}",
                    f"add {' and '.join(f'{w}:' for w in missing)}",
                )
            event_types[ev.id] = ev.type or ""
            labels[ev.id] = ev.label or ""
            if ev.label is not None and not ev.label.strip():
                log.add(
                    doc.where(("events", i, "label")),
                    f"event '{ev.id}' has an empty label",
                    "describe the event neutrally, e.g. 'Arrest of Mahmoud Khalil'",
                )
    for loaded in inputs.files:
        for ident in loaded.broken_ids:
            checked.entity_types.setdefault(ident, "")
    for eid, where in checked.event_first.items():
        if eid in checked.entity_first:
            log.add(
                where,
                f"id '{eid}' is already used at {checked.entity_first[eid]}",
                "give every entity and event its own id",
            )
    all_ids = list(checked.entity_types) + list(checked.event_first)
    declared: list[Any] = []  # every declared id with its names, for hints (extract.ids)

    def ref(
        where: Location,
        name: str,
        what: str,
        allowed: Sequence[str] | None = None,
        events: bool = False,
    ) -> str | None:
        """The type of a referenced id ('event' for events), or None after logging a problem."""
        if name in checked.entity_types:
            kind = checked.entity_types[name]
        elif events and name in checked.event_first:
            kind = EVENT
        elif name in checked.event_first:
            noun, hint = NOT_AN_EVENT.get(what, (f"{_a(what)}", "give the id of an entity"))
            log.add(where, f"'{name}' is an event; {noun} must be an entity", hint)
            return None
        else:
            pool = all_ids if events else list(checked.entity_types)
            if not declared:  # read once, for the first undeclared reference
                from .ids import declared_ids

                declared.extend(declared_ids(inputs).ids)
            hint = _closest(name, pool) or named_like(inputs, name, events, declared)
            log.add(where, f"{what} '{name}' is not declared", hint)
            return None
        if allowed is not None and kind and not vocab.allows(allowed, kind):
            log.add(
                where,
                f"{what} '{name}' is {_a(kind)}, not {_a(' or '.join(allowed))}",
                "choose an id of the right type",
            )
            return None
        return kind

    def date(where: Location, text: str | None) -> DateBounds | None:
        if text is None:
            return None
        try:
            return parse_date(text)
        except DateError as exc:
            log.add(where, exc.message, exc.hint)
            return None

    def attribution(doc_where, base: tuple, certainty: str | None, stated_by: str | None) -> None:
        if certainty is not None:
            _term(log, doc_where(base + ("certainty",)), vocab, "certainty", certainty)
        if stated_by is not None:
            ref(doc_where(base + ("stated_by",)), stated_by, "stated_by", ["agent"])
        elif certainty in ATTRIBUTED:
            log.add(
                doc_where(base + ("certainty",)),
                f"certainty '{certainty}' without stated_by",
                "add stated_by: the id of who reports or alleges it",
            )

    # pass 2: references
    for f_index, loaded in enumerate(inputs.files):
        cur, doc = loaded.model, loaded.doc
        total = len(cur.events) + len(cur.relations)
        tick = ticker(progress, f"checking references in {doc.name}", total)
        for i, ev in enumerate(cur.events):
            tick(i + 1)
            base = ("events", i)
            if ev.type is not None:
                _term(log, doc.where(base + ("type",)), vocab, "event type", ev.type)
            checked.dates[(f_index, "events", i, "date")] = date(
                doc.where(base + ("date",)), ev.date
            )
            if ev.date is None and not (ev.date_text or "").strip():
                log.add(
                    doc.where(base + ("id",)),
                    f"event '{ev.id}' has neither date nor date_text",
                    "add date: (EDTF) and date_text:, or date_text: undated",
                )
            if ev.place is not None:
                ref(doc.where(base + ("place",)), ev.place, "place", ["place"])
            for p, part in enumerate(ev.participants):
                ref(doc.where(base + ("participants", p, "entity")), part.entity, "participant")
                _term(
                    log,
                    doc.where(base + ("participants", p, "role")),
                    vocab,
                    "role type",
                    part.role,
                )
            attribution(doc.where, base, ev.certainty, ev.stated_by)
        for i, rel in enumerate(cur.relations):
            tick(len(cur.events) + i + 1)
            base = ("relations", i)
            spec = vocab.relations.get(rel.predicate)
            if spec is None:
                _term(log, doc.where(base + ("predicate",)), vocab, "relation", rel.predicate)
            s_type = ref(doc.where(base + ("subject",)), rel.subject, "subject", events=True)
            o_type = ref(doc.where(base + ("object",)), rel.object, "object", events=True)
            if spec is not None:
                for side, kind, allowed in (
                    ("subject", s_type, spec.subject),
                    ("object", o_type, spec.object),
                ):
                    if kind and not vocab.allows(allowed, kind):
                        name = rel.subject if side == "subject" else rel.object
                        log.add(
                            doc.where(base + (side,)),
                            f"'{rel.predicate}' does not take {_a(kind)} as {side} ('{name}')",
                            f"its {side} must be {_a(' or '.join(allowed))}; "
                            "choose another relation",
                        )
            if rel.subject == rel.object:
                log.add(
                    doc.where(base + ("object",)),
                    f"relation from '{rel.subject}' to itself",
                    "subject and object must differ",
                )
            start = date(doc.where(base + ("start",)), rel.start)
            end = date(doc.where(base + ("end",)), rel.end)
            checked.dates[(f_index, "relations", i, "start")] = start
            checked.dates[(f_index, "relations", i, "end")] = end
            if start and end and start.earliest and end.latest and end.latest < start.earliest:
                log.add(
                    doc.where(base + ("end",)),
                    f"end {rel.end} is before start {rel.start}",
                    "swap start and end, or correct one of them",
                )
            attribution(doc.where, base, rel.certainty, rel.stated_by)
    _check_cycles(inputs, vocab)
    return checked


def _path(edges: dict[str, list[str]], start: str, goal: str) -> list[str] | None:
    """The ids from ``start`` to ``goal`` along ``edges`` (both ends included), if any."""
    came_from: dict[str, str | None] = {start: None}
    stack = [start]
    while stack:
        node = stack.pop()
        if node == goal:
            path = [node]
            while (previous := came_from[path[-1]]) is not None:
                path.append(previous)
            return path[::-1]
        for nxt in edges.get(node, ()):
            if nxt not in came_from:
                came_from[nxt] = node
                stack.append(nxt)
    return None


def _check_cycles(inputs: Inputs, vocab: Vocabulary) -> None:
    """Relations marked ``acyclic`` in the vocabulary never lead back to where they start.

    Relations are taken in file order; the one that closes a cycle is reported, with the cycle.
    """
    edges: dict[str, dict[str, list[str]]] = {}
    for loaded in inputs.files:
        for i, rel in enumerate(loaded.model.relations):
            spec = vocab.relations.get(rel.predicate)
            if spec is None or not spec.acyclic or rel.subject == rel.object:
                continue  # unknown relations and self-loops are reported already
            graph = edges.setdefault(rel.predicate, {})
            back = _path(graph, rel.object, rel.subject)
            if back is not None:
                chain = f" {rel.predicate} ".join([rel.subject, *back])
                inputs.log.add(
                    loaded.doc.where(("relations", i, "object")),
                    f"'{rel.predicate}' closes a cycle: {chain}",
                    "a chain of these relations cannot lead back to where it started; "
                    "remove or reverse one of them",
                )
                continue
            graph.setdefault(rel.subject, []).append(rel.object)


def _anchors(
    inputs: Inputs, loaded: Loaded[CurationFile], base: tuple, evidence: object
) -> tuple[Anchor, ...]:
    cur, doc = loaded.model, loaded.doc
    source = inputs.sources.get(cur.source)
    if source is None:
        return ()
    out = []
    for quote, sub in quotes_of(evidence):
        try:
            span = find_quote(
                source.text,
                quote.quote,
                prefix=quote.prefix,
                suffix=quote.suffix,
                occurrence=quote.occurrence,
            )
        except AnchorError as exc:
            inputs.log.add(doc.where(base + ("evidence",) + sub), exc.message, exc.hint)
            continue
        out.append(Anchor(source.id, span))
    return tuple(out)


def _same_claim(
    inputs: Inputs,
    loaded: Loaded[CurationFile],
    i: int,
    rel: RelationItem,
    first: Anchor,
    claims: dict[tuple[object, ...], tuple[str, Location]],
) -> None:
    """Two relations that become one claim node (same triple, quote and qualifiers, see
    :mod:`extract.convert`) must not give it two certainties (kgsh:ClaimShape allows one)."""
    key = (
        rel.subject,
        rel.predicate,
        rel.object,
        first.source,
        first.span.start,
        first.span.end,
        rel.title,
        rel.start,
        rel.end,
        rel.stated_by,
    )
    certainty = rel.certainty or "asserted"
    where = loaded.doc.where(("relations", i))
    seen = claims.setdefault(key, (certainty, where))
    if seen[0] != certainty:
        inputs.log.add(
            loaded.doc.where(("relations", i, "certainty")),
            f"relation '{rel.subject}' {rel.predicate} '{rel.object}' is already claimed at "
            f"{seen[1]} from the same quote with certainty '{seen[0]}'",
            "keep one of the two, or quote for each the words that support it",
        )


def anchor_quotes(
    inputs: Inputs, checked: Checked, progress: ProgressCallback | None = None
) -> dict[str, CuratedSource]:
    """Anchor every quote in its source; returns the curated items grouped by source."""
    curated = {sid: CuratedSource(src) for sid, src in inputs.sources.items()}
    claims: dict[tuple[object, ...], tuple[str, Location]] = {}
    for f_index, loaded in enumerate(inputs.files):
        cur, doc = loaded.model, loaded.doc
        target = curated.get(cur.source)
        name = doc.name
        n_ent, n_ev = len(cur.entities), len(cur.events)
        tick = ticker(progress, f"anchoring quotes of {name}", n_ent + n_ev + len(cur.relations))
        for i, ent in enumerate(cur.entities):
            tick(i + 1)
            ent = checked.completed.get((f_index, "entities", i), ent)
            anchors = _anchors(inputs, loaded, ("entities", i), ent.evidence)
            if target:
                target.entities.append(AnchoredEntity(ent, anchors, name))
        for i, ev in enumerate(cur.events):
            tick(n_ent + i + 1)
            ev = checked.completed.get((f_index, "events", i), ev)
            anchors = _anchors(inputs, loaded, ("events", i), ev.evidence)
            parts = []
            for p, part in enumerate(ev.participants):
                own = _anchors(inputs, loaded, ("events", i, "participants", p), part.evidence)
                parts.append(AnchoredParticipant(part.entity, part.role, own or anchors, part.note))
            if target:
                target.events.append(
                    AnchoredEvent(
                        ev,
                        checked.dates.get((f_index, "events", i, "date")),
                        tuple(parts),
                        anchors,
                        name,
                    )
                )
        for i, rel in enumerate(cur.relations):
            tick(n_ent + n_ev + i + 1)
            anchors = _anchors(inputs, loaded, ("relations", i), rel.evidence)
            if anchors:
                _same_claim(inputs, loaded, i, rel, anchors[0], claims)
            if target:
                target.relations.append(
                    AnchoredRelation(
                        rel,
                        checked.dates.get((f_index, "relations", i, "start")),
                        checked.dates.get((f_index, "relations", i, "end")),
                        anchors,
                        name,
                    )
                )
    return curated


def validate(
    data_dir: Path | str,
    vocabulary: Vocabulary | None = None,
    *,
    progress: ProgressCallback | None = None,
    graph_file: Path | str | None = None,
) -> Corpus:
    """Run every check over a data directory; raise :class:`CurationErrors` with all problems.

    ``progress``, if given, is called with a :class:`~extract.progress.Progress` now and then.
    ``graph_file`` is the last build (``build/graph.trig``): what it holds is the reference
    when declarations of one id disagree (:mod:`extract.established`).
    """
    from .established import established

    vocab = vocabulary or default_vocabulary()
    inputs = load_inputs(data_dir, progress)
    held = established(graph_file, set(inputs.sources))
    checked = check_references(inputs, vocab, progress, held)
    curated = anchor_quotes(inputs, checked, progress)
    corpus = Corpus(vocab, inputs.sources, curated, checked.entity_types)
    load_stories(inputs.data_dir, corpus, inputs.log)
    inputs.log.raise_if_any()
    return corpus
