"""A seeded synthetic corpus of curation-shaped RDF, of about a given size.

The corpus is the bundled curation copied N times (ids, labels and aliases suffixed with the copy
number, one source document per copy), then rewired so the copies connect: each relation object
and event participant moves, with probability ``rewire``, to the same entity in another copy,
picked at random. Every copy goes through ``extract.convert``, so the RDF has exactly the shape a
real build writes: the real corpus's heavy-tailed degrees, dated events with fuzzy (EDTF) dates,
aliases, quotes and their anchors, one named graph per source.

One copy of the bundled curation is about 20k triples. For a size that a whole number of copies
does not reach within 5%, every copy is cut from a *sample* of the curation: the first events and
relations in curation order, plus the entities they mention, so nothing dangles.

The same seed, size and data give the same quads; the N-Quads output is sorted, so the file is
byte-for-byte the same too.

usage: python bench/synth.py --triples 100000 [--seed 7] [--rewire 0.15] -o build/synth-100k.nq
(``.nq`` writes N-Quads, ``.trig`` TriG).
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import random
import sys
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from extract import build
from extract.convert import convert
from extract.model import (
    Anchor,
    AnchoredEvent,
    AnchoredParticipant,
    AnchoredRelation,
    Corpus,
    CuratedSource,
)
from graph.store import atomic_writer, new_dataset

REWIRE = 0.15
TOLERANCE = 0.05  # how far from the asked size a whole number of copies may land


def _suffix(ident: str, copy: int) -> str:
    return ident if copy == 0 else f"{ident}-c{copy}"


def _label(text: str, copy: int) -> str:
    return text if copy == 0 else f"{text} #{copy}"


def synthetic(corpus: Corpus, copies: int, seed: int, rewire: float = REWIRE) -> list[Corpus]:
    """``copies`` one-source corpora cloned from ``corpus`` and rewired across copies."""
    rng = random.Random(seed)
    entity_types = {
        _suffix(ident, c): etype
        for c in range(copies)
        for ident, etype in corpus.entity_types.items()
    }

    def elsewhere(ident: str, copy: int) -> str:
        if ident in corpus.entity_types and rng.random() < rewire:
            return _suffix(ident, rng.randrange(copies))
        return _suffix(ident, copy)

    out = []
    for c in range(copies):
        for sid, cur in sorted(corpus.curated.items()):
            new_sid = _suffix(sid, c)
            meta = cur.source.meta.model_copy(update={"id": new_sid})
            source = dataclasses.replace(cur.source, meta=meta)

            def anchors(items: tuple[Anchor, ...], sid: str = new_sid) -> tuple[Anchor, ...]:
                return tuple(Anchor(sid, a.span) for a in items)

            entities = [
                dataclasses.replace(
                    e,
                    item=e.item.model_copy(
                        update={
                            "id": _suffix(e.item.id, c),
                            "label": _label(e.item.label, c),
                            "aliases": [_label(a, c) for a in e.item.aliases],
                        }
                    ),
                    anchors=anchors(e.anchors),
                )
                for e in cur.entities
            ]
            events = []
            for ev in cur.events:
                item = ev.item.model_copy(
                    update={
                        "id": _suffix(ev.item.id, c),
                        "label": _label(ev.item.label, c),
                        "place": _suffix(ev.item.place, c) if ev.item.place else None,
                        "stated_by": _suffix(ev.item.stated_by, c) if ev.item.stated_by else None,
                    }
                )
                participants = tuple(
                    AnchoredParticipant(elsewhere(p.entity, c), p.role, anchors(p.anchors), p.note)
                    for p in ev.participants
                )
                events.append(
                    AnchoredEvent(item, ev.date, participants, anchors(ev.anchors), ev.file)
                )
            relations = []
            for r in cur.relations:
                item = r.item.model_copy(
                    update={
                        "subject": _suffix(r.item.subject, c),
                        "object": elsewhere(r.item.object, c),
                        "stated_by": _suffix(r.item.stated_by, c) if r.item.stated_by else None,
                    }
                )
                relations.append(AnchoredRelation(item, r.start, r.end, anchors(r.anchors), r.file))
            curated = CuratedSource(source, entities, events, relations)
            out.append(
                Corpus(corpus.vocabulary, {new_sid: source}, {new_sid: curated}, entity_types)
            )
    return out


def sample(corpus: Corpus, fraction: float) -> Corpus:
    """The first ``fraction`` of each source's events and relations, and the entities they need.

    Relations whose subject or object is an event left out are dropped; every entity an event or
    relation kept mentions is kept, and so is the first ``fraction`` of the other entities.
    """
    if fraction >= 1.0:
        return corpus
    curated = {}
    for sid, cur in corpus.curated.items():
        events = cur.events[: max(1, round(fraction * len(cur.events)))]
        event_ids = {ev.item.id for ev in events}
        wanted: set[str] = set()
        for ev in events:
            wanted.update(p.entity for p in ev.participants)
            wanted.update(x for x in (ev.item.place, ev.item.stated_by) if x)
        relations = []
        for r in cur.relations[: max(1, round(fraction * len(cur.relations)))]:
            ends = (r.item.subject, r.item.object)
            if all(x in corpus.entity_types or x in event_ids for x in ends):
                relations.append(r)
                wanted.update(x for x in (*ends, r.item.stated_by) if x in corpus.entity_types)
        first = {e.item.id for e in cur.entities[: round(fraction * len(cur.entities))]}
        entities = [e for e in cur.entities if e.item.id in wanted | first]
        curated[sid] = CuratedSource(cur.source, entities, events, relations)
    return Corpus(corpus.vocabulary, corpus.sources, curated, corpus.entity_types)


def quad_lines(parts: list[Corpus]) -> set[str]:
    """The N-Quads lines of every part, converted on its own (quads two parts share, once)."""
    lines: set[str] = set()
    for part in parts:
        text = convert(part).serialize(format="nquads")
        lines.update(line for line in text.splitlines() if line.strip())
    return lines


_SHAPES: dict[tuple[int, int, float], tuple[Corpus, tuple[int, int]]] = {}


def _shape(corpus: Corpus, seed: int, rewire: float) -> tuple[int, int]:
    """(quads shared by all copies, quads each copy adds) of ``corpus``, from two copies; kept
    for the same corpus object (the plan and a caller both ask, three conversions each)."""
    key = (id(corpus), seed, rewire)
    if key in _SHAPES and _SHAPES[key][0] is corpus:
        return _SHAPES[key][1]
    one, two = (quad_lines(synthetic(corpus, n, seed, rewire)) for n in (1, 2))
    per = len(two) - len(one)
    _SHAPES[key] = (corpus, (len(one) - per, per))
    return _SHAPES[key][1]


def plan(corpus: Corpus, triples: int, seed: int, rewire: float = REWIRE) -> tuple[int, float]:
    """(copies, fraction of the curation per copy) for a corpus of about ``triples`` quads."""
    shared, per = _shape(corpus, seed, rewire)
    copies = max(1, round((triples - shared) / per))
    if abs(shared + copies * per - triples) <= TOLERANCE * triples:
        return copies, 1.0
    copies = max(1, math.ceil((triples - shared) / per))
    fraction = (triples - shared) / (copies * per)
    for _ in range(3):  # sampled items are not all the same size: correct twice or thrice
        s_shared, s_per = _shape(sample(corpus, fraction), seed, rewire)
        got = s_shared + copies * s_per
        if abs(got - triples) <= TOLERANCE * triples / 2:
            break
        fraction = min(1.0, fraction * (triples - s_shared) / max(got - s_shared, 1))
    return copies, fraction


def generate(
    corpus: Corpus, triples: int, seed: int = 7, rewire: float = REWIRE
) -> tuple[list[str], int, float]:
    """Sorted N-Quads lines of a corpus of about ``triples`` quads, the copies and fraction."""
    copies, fraction = plan(corpus, triples, seed, rewire)
    parts = synthetic(sample(corpus, fraction), copies, seed, rewire)
    return sorted(quad_lines(parts)), copies, fraction


def write(lines: list[str], path: Path | str) -> Path:
    """Write N-Quads lines to ``path``: N-Quads for ``.nq``, TriG (via Oxigraph) for ``.trig``."""
    path = Path(path)
    text = "\n".join(lines) + "\n"
    if path.suffix == ".nq":
        with atomic_writer(path) as handle:
            handle.write(text)
        return path
    if path.suffix != ".trig":
        raise SystemExit(f"{path}: write .nq (N-Quads) or .trig (TriG)")
    store = ox.Store()
    store.bulk_load(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    with atomic_writer(path, "wb") as handle:
        store.dump(handle, format=ox.RdfFormat.TRIG)
    return path


def big_dataset(parts: list[Corpus], store: str) -> Dataset:
    """Convert every part and load them all into one Dataset on ``store``."""
    if store == "memory":
        ds = new_dataset("memory")
        for part in parts:
            for quad in convert(part).quads((None, None, None, None)):
                ds.add(quad)
        return ds
    ds = new_dataset("oxigraph")
    inner: ox.Store = ds.store._inner  # type: ignore[attr-defined]
    for part in parts:
        text = convert(part).serialize(format="nquads")
        inner.bulk_load(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    return ds


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", type=int, required=True, help="about how many quads to write")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--rewire", type=float, default=REWIRE)
    ap.add_argument("--data", default="data", help="the curation to clone")
    ap.add_argument("-o", "--output", required=True, help="a .nq or .trig file")
    args = ap.parse_args()
    started = time.perf_counter()
    corpus = build(args.data, None, shacl=False).corpus
    lines, copies, fraction = generate(corpus, args.triples, args.seed, args.rewire)
    path = write(lines, args.output)
    off = len(lines) / args.triples - 1
    print(
        f"{path}: {len(lines)} triples ({off:+.1%} of {args.triples}), {copies} copies of "
        f"{fraction:.0%} of the curation, seed {args.seed}, rewire {args.rewire}; "
        f"{time.perf_counter() - started:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
