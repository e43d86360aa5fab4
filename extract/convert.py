"""Turn a validated corpus into an RDF Dataset in the model of DESIGN.md §2.

The default graph holds the vocabulary and the source documents; each source has its own named
graph (a ``prov:Bundle``) with its entities, events, participant roles, claims and text anchors.
IRIs of claims, roles and anchors are stable hashes, so rebuilding the same data gives the same
graph.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SDO, SKOS, XSD

from graph.namespaces import EDTF_DATATYPE, ETYPE, EVT, KG, OA, REL, ROLE, SEM, WD, IriMinter

from .dates import DateBounds
from .model import Anchor, AnchoredEntity, AnchoredEvent, AnchoredRelation, Corpus
from .progress import ProgressCallback, ticker
from .sources import Source

OFFSET_UNIT = "Unicode code points of the NFC-normalised plain text, 0-based, end exclusive"


def _key(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


class _Writer:
    def __init__(self, corpus: Corpus, minter: IriMinter) -> None:
        self.corpus = corpus
        self.m = minter
        self.vocab = corpus.vocabulary
        self.written: set[tuple[object, URIRef]] = set()  # (graph, anchor) already written
        self.told = corpus.accounts()  # events several sources tell: their accounts

    def iri_of(self, ident: str) -> URIRef:
        """An entity or event IRI from its curation id."""
        return self.m.entity(ident) if ident in self.corpus.entity_types else self.m.event(ident)

    def anchors(self, g: Graph, anchors: tuple[Anchor, ...]) -> list[URIRef]:
        out = []
        for a in anchors:
            node = self.m.anchor(_key(a.source, a.span.start, a.span.end))
            out.append(node)
            if (g.identifier, node) in self.written:
                continue  # the same quote backs several items: describe it once
            self.written.add((g.identifier, node))
            quote, position = URIRef(f"{node}/quote"), URIRef(f"{node}/position")
            g.add((node, RDF.type, OA.SpecificResource))
            g.add((node, OA.hasSource, self.m.doc(a.source)))
            g.add((node, OA.hasSelector, quote))
            g.add((node, OA.hasSelector, position))
            g.add((quote, RDF.type, OA.TextQuoteSelector))
            g.add((quote, OA.exact, Literal(a.span.exact)))
            g.add((quote, OA.prefix, Literal(a.span.prefix)))
            g.add((quote, OA.suffix, Literal(a.span.suffix)))
            g.add((position, RDF.type, OA.TextPositionSelector))
            g.add((position, OA.start, Literal(a.span.start, datatype=XSD.nonNegativeInteger)))
            g.add((position, OA.end, Literal(a.span.end, datatype=XSD.nonNegativeInteger)))
        return out

    def bounds(
        self, g: Graph, node: URIRef, start: DateBounds | None, end: DateBounds | None
    ) -> None:
        if start is not None and start.earliest is not None:
            g.add((node, SEM.hasEarliestBeginTimeStamp, Literal(start.earliest, datatype=XSD.date)))
        if end is not None and end.latest is not None:
            g.add((node, SEM.hasLatestEndTimeStamp, Literal(end.latest, datatype=XSD.date)))

    def common(self, g: Graph, node: URIRef, item: object, anchors: list[URIRef]) -> None:
        for a in anchors:
            g.add((node, PROV.wasDerivedFrom, a))
        certainty = getattr(item, "certainty", None)
        if certainty is not None or hasattr(item, "stated_by"):
            g.add((node, KG.certainty, Literal(certainty or "asserted")))
        stated_by = getattr(item, "stated_by", None)
        if stated_by:
            g.add((node, KG.statedBy, self.m.entity(stated_by)))
        note = getattr(item, "note", None)
        if note:
            g.add((node, KG.note, Literal(note, lang="en")))

    def entity(self, g: Graph, e: AnchoredEntity) -> None:
        item, node = e.item, self.m.entity(e.item.id)
        spec = self.vocab.entity_types[item.type]
        g.add((node, RDF.type, spec.rdf_class))
        g.add((node, SDO.additionalType, ETYPE[item.type]))
        if spec.legislation_type:
            g.add((node, SDO.legislationType, Literal(spec.legislation_type)))
        g.add((node, SDO.identifier, Literal(item.id)))
        g.add((node, RDFS.label, Literal(item.label, lang="en")))
        for alias in item.aliases:
            g.add((node, SKOS.altLabel, Literal(alias, lang="en")))
        if item.description:
            g.add((node, SDO.description, Literal(item.description, lang="en")))
        if item.wikidata:
            g.add((node, SKOS.exactMatch, WD[item.wikidata]))
        for a in self.anchors(g, e.anchors):
            g.add((node, KG.mentionedAt, a))
        if item.note:
            g.add((node, KG.note, Literal(item.note, lang="en")))

    def event(self, g: Graph, e: AnchoredEvent) -> None:
        """An event; one told by several sources also gets one ``kg:Account`` per source, in
        that source's graph, and its own bounds span what the accounts allow."""
        item, node = e.item, self.m.event(e.item.id)
        told = self.told.get(item.id)
        anchors = self.anchors(g, e.anchors)
        if told is None or told[0] is e:  # the event itself (the reference account's graph)
            g.add((node, RDF.type, SEM.Event))
            g.add((node, RDF.type, SDO.Event))
            g.add((node, SDO.identifier, Literal(item.id)))
            g.add((node, RDFS.label, Literal(item.label, lang="en")))
            g.add((node, SEM.eventType, EVT[item.type]))
            if item.date_text:
                g.add((node, KG.dateText, Literal(item.date_text, lang="en")))
            if e.date is not None:
                g.add((node, KG.edtf, Literal(e.date.edtf, datatype=EDTF_DATATYPE)))
            if told is None:
                if e.date is not None:
                    self.bounds(g, node, e.date, e.date)
            else:
                self.span(g, node, told)
            if item.place:
                g.add((node, SEM.hasPlace, self.m.entity(item.place)))
            self.common(g, node, item, anchors)
        else:
            for a in anchors:  # the event's quotes are every account's
                g.add((node, PROV.wasDerivedFrom, a))
        roles = []
        for p in e.participants:
            role = self.m.role(_key(item.id, p.entity, p.role))
            roles.append(role)
            g.add((node, SEM.hasActor, role))
            g.add((role, RDF.type, SEM.Role))
            g.add((role, RDF.value, self.m.entity(p.entity)))
            g.add((role, SEM.roleType, ROLE[p.role]))
            for a in self.anchors(g, p.anchors):
                g.add((role, PROV.wasDerivedFrom, a))
            if p.note:
                g.add((role, KG.note, Literal(p.note, lang="en")))
        if told is not None:
            self.account(g, node, e, roles, anchors)

    def account(
        self, g: Graph, node: URIRef, e: AnchoredEvent, roles: list[URIRef], anchors: list[URIRef]
    ) -> None:
        """One source's account of an event several sources tell, in that source's graph."""
        item = e.item
        acc = URIRef(f"{node}/account/{e.anchors[0].source}")
        g.add((acc, RDF.type, KG.Account))
        g.add((acc, KG.accountOf, node))
        if item.date_text:
            g.add((acc, KG.dateText, Literal(item.date_text, lang="en")))
        if e.date is not None:
            g.add((acc, KG.edtf, Literal(e.date.edtf, datatype=EDTF_DATATYPE)))
            self.bounds(g, acc, e.date, e.date)
        if item.place:
            g.add((acc, SEM.hasPlace, self.m.entity(item.place)))
        for role in roles:
            g.add((acc, KG.accountRole, role))
        self.common(g, acc, item, anchors)

    def span(self, g: Graph, node: URIRef, told: list[AnchoredEvent]) -> None:
        """The bounds of an event told by several sources: from the earliest any account allows
        to the latest (an account without a bound leaves that side open)."""
        dates = [t.date for t in told if t.date is not None]
        if not dates:
            return
        earliest = [d.earliest for d in dates]
        latest = [d.latest for d in dates]
        if all(x is not None for x in earliest):
            g.add((node, SEM.hasEarliestBeginTimeStamp, Literal(min(earliest), datatype=XSD.date)))
        if all(x is not None for x in latest):
            g.add((node, SEM.hasLatestEndTimeStamp, Literal(max(latest), datatype=XSD.date)))

    def relation(self, g: Graph, r: AnchoredRelation) -> None:
        item = r.item
        s, p, o = self.iri_of(item.subject), REL[item.predicate], self.iri_of(item.object)
        first = r.anchors[0].span if r.anchors else None
        claim = self.m.claim(
            _key(
                s,
                p,
                o,
                r.anchors[0].source if r.anchors else "",
                first.start if first else "",
                first.end if first else "",
                item.title,
                item.start,
                item.end,
                item.stated_by,
            )
        )
        g.add((s, p, o))
        g.add((claim, RDF.type, KG.Claim))
        g.add((claim, RDF.subject, s))
        g.add((claim, RDF.predicate, p))
        g.add((claim, RDF.object, o))
        if item.title:
            g.add((claim, KG.title, Literal(item.title, lang="en")))
        if r.start is not None:
            g.add((claim, KG.startDate, Literal(r.start.edtf, datatype=EDTF_DATATYPE)))
        if r.end is not None:
            g.add((claim, KG.endDate, Literal(r.end.edtf, datatype=EDTF_DATATYPE)))
        self.bounds(g, claim, r.start, r.end)
        self.common(g, claim, item, self.anchors(g, r.anchors))

    def document(self, g: Graph, source: Source) -> None:
        meta, node = source.meta, self.m.doc(source.id)
        g.add((node, RDF.type, SDO.NewsArticle))
        g.add((node, RDF.type, PROV.Entity))
        g.add((node, SDO.identifier, Literal(meta.id)))
        g.add((node, SDO.headline, Literal(meta.title, lang=meta.language)))
        g.add((node, SDO.inLanguage, Literal(meta.language)))
        g.add((node, KG.edtf, Literal(meta.published, datatype=EDTF_DATATYPE)))
        for prop, value in (
            (SDO.isPartOf, meta.publication),
            (SDO.publisher, meta.publisher),
            (SDO.author, meta.author),
        ):
            if value:
                g.add((node, prop, Literal(value)))
        if meta.url:
            g.add((node, SDO.url, URIRef(meta.url)))
        if meta.dateline:
            g.add((node, KG.dateline, Literal(meta.dateline, datatype=EDTF_DATATYPE)))
        g.add((node, KG.textSha256, Literal(source.sha256)))
        if meta.original is not None:  # the text was extracted from this page or PDF
            original = URIRef(f"{node}/original")
            g.add((node, PROV.wasDerivedFrom, original))
            g.add((original, RDF.type, PROV.Entity))
            g.add((original, SDO.name, Literal(meta.original.file)))
            g.add((original, SDO.encodingFormat, Literal(MEDIA_TYPES[meta.original.format])))
            g.add((original, KG.fileSha256, Literal(meta.original.sha256)))
        g.add((node, KG.offsetUnit, Literal(OFFSET_UNIT)))
        bundle = self.m.graph(source.id)
        g.add((bundle, RDF.type, PROV.Bundle))
        g.add((bundle, PROV.wasDerivedFrom, node))


MEDIA_TYPES = {"html": "text/html", "pdf": "application/pdf"}


class _Collector:
    """The triples of one part of a graph (``add`` as on an rdflib Graph, nothing indexed)."""

    def __init__(self, identifier: URIRef | None) -> None:
        self.identifier = identifier
        self.triples: set[tuple[object, object, object]] = set()

    def add(self, triple: tuple[object, object, object]) -> None:
        self.triples.add(triple)


@dataclass(frozen=True)
class Part:
    """The triples that one curation file (or, with ``file`` None, the vocabulary and the
    documents) adds to one graph (``graph`` None: the default graph). ``key`` is a digest of
    everything they are made from, so a part of an earlier build is reused only if equal."""

    graph: URIRef | None
    file: str | None
    key: str
    triples: frozenset[tuple[object, object, object]]
    items: dict[str, frozenset[tuple[object, object, object]]] = field(
        default_factory=dict, compare=False
    )
    """A curation file's part by item (entity, event, relation), keyed like ``key``: a part
    converted again takes the triples of its unchanged items from its earlier version."""


def _part_key(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def _item_key(
    sid: str,
    sha: str,
    item: object,
    ends: list[tuple[str, bool]],
    accounts: list[tuple[str, tuple[object, ...]]],
) -> str:
    """The digest of what an item's triples are made from: the item (ids, labels, quotes and
    offsets, dates), whether each end of a relation is an entity or an event, and the accounts
    of an event several sources tell (the things an item takes from other files)."""
    inner = getattr(item, "item", None)
    if isinstance(item, AnchoredRelation):
        mine = [(end, kind) for end, kind in ends if end in (inner.subject, inner.object)]
        return _part_key(sid, sha, item, mine)
    if isinstance(item, AnchoredEvent):
        told = [a for a in accounts if a[0] == inner.id]
        return _part_key(sid, sha, item, told)
    return _part_key(sid, sha, item)


def convert_parts(
    corpus: Corpus,
    base_iri: str | None = None,
    progress: ProgressCallback | None = None,
    reuse: dict[tuple[URIRef | None, str | None], Part] | None = None,
) -> list[Part]:
    """The triples of the graph, part by part: the default graph, then per source and curation
    file. A part of ``reuse`` (an earlier build's) with the same key is taken as it is.

    The key of a file's part digests its anchored items (ids, labels, quotes and offsets,
    dates) and whether each relation end is an entity or an event (the one thing a part takes
    from other files); the vocabulary and base IRI are the same for every part of a build.
    """
    reuse = reuse or {}
    minter = IriMinter(base_iri) if base_iri else IriMinter()
    w = _Writer(corpus, minter)
    parts: list[Part] = []
    default = _Collector(None)
    for t in corpus.vocabulary.to_rdf():
        default.add(t)
    for sid in sorted(corpus.curated):
        w.document(default, corpus.curated[sid].source)
        found = minter.found_graph(sid)  # described beside the source graphs (see _found_parts)
        default.add((found, RDF.type, PROV.Bundle))
        default.add((found, PROV.wasDerivedFrom, minter.doc(sid)))
        default.add((found, PROV.wasGeneratedBy, KG.NameSearch))
    parts.append(Part(None, None, "", frozenset(default.triples)))
    for sid in sorted(corpus.curated):
        cur = corpus.curated[sid]
        graph = minter.graph(sid)
        n_ent, n_ev = len(cur.entities), len(cur.events)
        tick = ticker(progress, f"converting {sid}", n_ent + n_ev + len(cur.relations))
        files: dict[str, list[object]] = {}
        for item in (*cur.entities, *cur.events, *cur.relations):
            files.setdefault(item.file, []).append(item)
        done = 0
        for name, items in files.items():
            ends = sorted(
                {
                    (end, end in corpus.entity_types)
                    for r in items
                    if isinstance(r, AnchoredRelation)
                    for end in (r.item.subject, r.item.object)
                }
            )
            accounts = sorted(
                (e.item.id, tuple((t.file, t.item, t.date) for t in w.told[e.item.id]))
                for e in items
                if isinstance(e, AnchoredEvent) and e.item.id in w.told
            )
            item_keys = [_item_key(sid, cur.source.sha256, item, ends, accounts) for item in items]
            key = _part_key(item_keys)
            earlier = reuse.get((graph, name))
            if earlier is not None and earlier.key == key:
                parts.append(earlier)
                done += len(items)
                tick(done)
                continue
            held = earlier.items if earlier is not None else {}
            by_item: dict[str, frozenset[tuple[object, object, object]]] = {}
            for item, item_key in zip(items, item_keys, strict=True):
                triples = held.get(item_key)
                if triples is None:
                    w.written = set()  # an item's anchors are its own (the union merges them)
                    g = _Collector(graph)
                    if isinstance(item, AnchoredEntity):
                        w.entity(g, item)  # type: ignore[arg-type]
                    elif isinstance(item, AnchoredEvent):
                        w.event(g, item)  # type: ignore[arg-type]
                    else:
                        w.relation(g, item)  # type: ignore[arg-type]
                    triples = frozenset(g.triples)
                by_item[item_key] = triples
                done += 1
                tick(done)
            union = frozenset().union(*by_item.values())
            parts.append(Part(graph, name, key, union, by_item))
    parts += _found_parts(corpus, minter, reuse)
    return parts


FOUND_FILE = "(found by name)"  # the part of a source's mentions found by name


def _found_parts(
    corpus: Corpus, minter: IriMinter, reuse: dict[tuple[URIRef | None, str | None], Part]
) -> list[Part]:
    """Per source, a graph of the places it names an entity by a label or alias without a
    curated quote (:mod:`extract.mentions`): derived data, generated by kg:NameSearch, apart from
    the curated graph. A source's part is reused while the names and its text are the same."""
    from .mentions import find_mentions, names_and_quotes

    names, curated = names_and_quotes(corpus)
    parts = []
    for sid in sorted(corpus.curated):
        source = corpus.curated[sid].source
        graph = minter.found_graph(sid)
        key = _part_key(
            "found",
            sid,
            source.sha256,
            sorted((k, tuple(v)) for k, v in names.items()),
            sorted((k, tuple(sorted(s for s in v if s[0] == sid))) for k, v in curated.items()),
        )
        earlier = reuse.get((graph, FOUND_FILE))
        if earlier is not None and earlier.key == key:
            parts.append(earlier)
            continue
        found = find_mentions(names, {sid: source.text}, curated)
        g = _Collector(graph)
        doc = minter.doc(sid)
        for m in found.mentions:
            node = minter.anchor(_key("found", m.source, m.start, m.end))
            quote, position = URIRef(f"{node}/quote"), URIRef(f"{node}/position")
            g.add((minter.entity(m.entity), KG.foundAt, node))
            g.add((node, RDF.type, OA.SpecificResource))
            g.add((node, OA.hasSource, doc))
            g.add((node, KG.foundName, Literal(m.name)))
            g.add((node, OA.hasSelector, quote))
            g.add((node, OA.hasSelector, position))
            g.add((quote, RDF.type, OA.TextQuoteSelector))
            g.add((quote, OA.exact, Literal(m.text)))
            g.add((position, RDF.type, OA.TextPositionSelector))
            g.add((position, OA.start, Literal(m.start, datatype=XSD.nonNegativeInteger)))
            g.add((position, OA.end, Literal(m.end, datatype=XSD.nonNegativeInteger)))
        parts.append(Part(graph, FOUND_FILE, key, frozenset(g.triples)))
    return parts


def new_dataset(base_iri: str | None = None) -> Dataset:
    """An empty in-memory Dataset with the project's prefixes bound."""
    minter = IriMinter(base_iri) if base_iri else IriMinter()
    ds = Dataset()
    for prefix, ns in minter.prefixes().items():
        ds.bind(prefix, ns)
    return ds


def graph_triples(parts: list[Part]) -> dict[URIRef | None, set[tuple[object, object, object]]]:
    """The triples of each graph (None: the default graph): the union of its parts."""
    graphs: dict[URIRef | None, set[tuple[object, object, object]]] = {}
    for part in parts:
        graphs.setdefault(part.graph, set()).update(part.triples)
    return graphs


def fill_dataset(ds: Dataset, parts: list[Part]) -> Dataset:
    """Add every part's triples to ``ds``, each in its graph."""
    for name, triples in graph_triples(parts).items():
        g = ds.default_graph if name is None else ds.graph(name)
        g.addN((s, p, o, g) for s, p, o in triples)
    return ds


def convert(
    corpus: Corpus, base_iri: str | None = None, progress: ProgressCallback | None = None
) -> Dataset:
    """Build the RDF Dataset of a validated corpus (in-memory rdflib store).

    ``progress``, if given, is called with a :class:`~extract.progress.Progress` now and then.
    """
    return fill_dataset(new_dataset(base_iri), convert_parts(corpus, base_iri, progress))
