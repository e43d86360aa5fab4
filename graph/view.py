"""A graph to query: one interface, :class:`View`, and its projection-backed implementation.

Every query function takes a :class:`View` first and asks it, before anything else, for the part
of the graph the question needs (:meth:`View.focus` and its siblings); what comes back is a
:class:`GraphView`, whose NetworkX projection the function reads. Two implementations:

- :class:`GraphView` projects the whole store once (per version) and answers every focus with
  itself: it already holds everything;
- :class:`graph.lazy.LazyView` never projects the whole store: each focus projects only the part
  asked for (a large or remote store).

A :class:`GraphView`'s projection is built on first use and rebuilt only when the Dataset's
triple count changes (call :meth:`View.refresh` after an edit that keeps the count). Results of
costly whole-graph queries (centrality, communities) are cached with the projection.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process
from rdflib import Dataset, Graph
from rdflib.plugins.stores.memory import Memory

from .attrs import ALIASES, EARLIEST, EVENT, KIND, LABEL, LATEST, NAMED
from .errors import AmbiguousNode, QueryError, UnknownNode
from .projection import Projection, Scope, paused_gc, project
from .records import Evidence, Stats
from .source_texts import fold, read_texts
from .sparql import select_rows
from .vocabulary import Vocabulary, default_vocabulary

EXAMPLE_DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "mini"
"""The tiny test corpus the doctests build (a checkout of Threadline has it)."""
ACCOUNTS_DATA = EXAMPLE_DATA.parent / "accounts"
"""The two-source test corpus (one event told twice, a relation claimed twice) of the doctests."""


def q_anchor_details(anchors: Iterable[str] | None = None) -> str:
    """The offsets and context of every anchor, or of these anchor IRIs only."""
    values = "" if anchors is None else f"VALUES ?a {{ {' '.join(f'<{a}>' for a in anchors)} }}"
    return f"""SELECT ?a ?start ?end ?prefix ?suffix WHERE {{ {values}
  ?a oa:hasSelector ?p , ?q .
  ?p oa:start ?start ; oa:end ?end . ?q oa:prefix ?prefix ; oa:suffix ?suffix }}"""


def cheap_version(ds: Dataset | Graph) -> int | None:
    """The triple count where it costs nothing (rdflib's memory store), else None."""
    return len(ds) if isinstance(ds.store, Memory) else None


class View(ABC):
    """What every query function needs of a graph; :class:`GraphView` and
    :class:`graph.lazy.LazyView` implement all of it.

    A view holds a Dataset (``dataset``), the source texts by source id (``texts``) and the
    vocabulary the graph was built with (``vocabulary``). The ``focus_*`` methods return a
    :class:`GraphView` holding (at least) the part of the graph a question needs; names are
    resolved over the whole graph; whole-graph rankings and timelines without an entity say,
    through :attr:`ranked_among` and :attr:`timeline_cap`, how much of the graph they look at.
    """

    dataset: Dataset | Graph
    texts: Mapping[str, str]
    vocabulary: Vocabulary

    # --- what the view is -------------------------------------------------------------------

    @property
    @abstractmethod
    def describe(self) -> str:
        """How the view fetches, in a few words for people ("fetches only what each page shows");
        empty for a view that holds what it was asked to project."""

    @property
    @abstractmethod
    def timeline_cap(self) -> int | None:
        """At most this many events in a timeline without an entity (None: every one)."""

    @property
    @abstractmethod
    def ranked_among(self) -> int | None:
        """Whole-graph rankings and communities look at this many of the most linked nodes
        (None: at every node)."""

    # --- caches -----------------------------------------------------------------------------

    @abstractmethod
    def cached(self, key: object, compute: Any) -> Any:
        """``compute()`` once per graph version and ``key``."""

    @abstractmethod
    def refresh(self) -> None:
        """Forget projections and cached results; the next query rebuilds them."""

    # --- focus: what a question needs of the store ------------------------------------------

    @abstractmethod
    def focus(
        self, names: Iterable[str], hops: int, kinds: Iterable[str] = ("entity", "event")
    ) -> GraphView:
        """A view holding everything within ``hops`` of the named nodes (and the links among it)."""

    @abstractmethod
    def focus_item(self, name: str) -> GraphView:
        """A view holding a node (id, label, alias) and its links, or a claim (id) and its ends."""

    @abstractmethod
    def focus_nodes(self, nodes: Iterable[str], hops: int = 0) -> GraphView:
        """A view holding these node ids and what lies within ``hops`` of them."""

    @abstractmethod
    def focus_events(
        self,
        window: tuple[str | None, str | None],
        *,
        types: Iterable[str] | None = None,
        source: str | None = None,
        undated: bool = False,
        limit: int | None = None,
        latest: bool = False,
    ) -> GraphView:
        """A view holding the first ``limit`` events (in :data:`graph.eventorder.EVENT_ORDER`;
        the last dated ones with ``latest``) that overlap ``window``, with their participants."""

    @abstractmethod
    def focus_timeline(self, entity: str, include_related: bool = False) -> GraphView:
        """A view holding an entity's events (with ``include_related``, those of the entities
        it is linked to by a relation too), with their participants."""

    @abstractmethod
    def focus_source(self, source: str) -> GraphView:
        """A view holding what is quoted from one source document."""

    @abstractmethod
    def focus_top(self) -> GraphView:
        """A view for whole-graph rankings: the :attr:`ranked_among` most linked nodes."""

    @abstractmethod
    def whole(self) -> GraphView:
        """A view projecting the whole store (exports need one)."""

    # --- counts -------------------------------------------------------------------------------

    @abstractmethod
    def degree(self, limit: int | None = None) -> list[tuple[str, int]]:
        """(node id, number of claims, roles and places) of the most linked entities and events,
        most first (ties by id); at most ``limit`` (default :attr:`ranked_among`)."""

    @abstractmethod
    def date_span(self) -> tuple[str, str] | None:
        """The first and last day any event's bounds reach (ISO), or None without dated events."""

    @abstractmethod
    def stats(self) -> Stats:
        """The counts of :func:`graph.stats`."""

    # --- names --------------------------------------------------------------------------------

    @abstractmethod
    def node_table(self) -> Mapping[str, tuple[str, str]]:
        """node id → (kind, label) of every entity and event."""

    @abstractmethod
    def names(self) -> list[tuple[str, str, str]]:
        """(node id, name, folded name) for every label and alias of entities and events."""

    def match(
        self, text: str, kinds: Iterable[str] = ("entity", "event"), cutoff: float = 60.0
    ) -> list[tuple[str, str, float]]:
        """(node, matched name, score 0–100) of every node with a name like ``text``, best first.

        The score is rapidfuzz's ``WRatio`` of the folded strings, scaled down when some words of
        ``text`` match no word of the name (so "khalil arrest" prefers the arrest to the man).
        """
        table = self.node_table()
        kinds = tuple(kinds)
        key = fold(text)
        words = key.split()
        if not words:
            return []

        def choices() -> tuple[list[tuple[str, str, str]], list[str]]:
            names = [n for n in self.names() if table[n[0]][0] in kinds]
            return names, [n[2] for n in names]

        names, folded_names = self.cached(("choices", kinds), choices)
        found = process.extract(
            key, folded_names, scorer=fuzz.WRatio, limit=None, score_cutoff=cutoff
        )
        best: dict[str, tuple[str, float]] = {}
        for _match, score, index in found:
            node, original, folded = names[index]
            tokens = folded.split()
            covered = sum(
                any(t.startswith(w) or fuzz.ratio(w, t) >= 80 for t in tokens) for w in words
            )
            score = score * (0.5 + 0.5 * covered / len(words))
            if score >= cutoff and score > best.get(node, ("", -1.0))[1]:
                best[node] = (original, score)
        ranked = sorted(
            best.items(),
            key=lambda item: (
                -item[1][1],
                table[item[0]][0] != "entity",
                len(item[1][0]),
                item[1][0],
                item[0],
            ),
        )
        return [(node, name, round(score, 1)) for node, (name, score) in ranked]

    def closest(self, name: str, limit: int = 3, kinds: Iterable[str] = ()) -> list[str]:
        """Labels (with ids) of the nodes whose names are closest to ``name``."""
        found = self.match(name, tuple(kinds) or ("entity", "event"), cutoff=50.0)
        return [f"{self.label(node)} ({node})" for node, _name, _score in found[:limit]]

    def resolve(self, name: str, kinds: Iterable[str] = ("entity", "event")) -> str:
        """The node id an id, label or alias names (accents and case ignored).

        Raises
        ------
        UnknownNode
            Nothing has that name; the message lists the closest names.
        AmbiguousNode
            Several nodes share that label or alias.
        """
        kinds = tuple(kinds)
        table = self.node_table()
        text = name.strip()
        if text in table and table[text][0] in kinds:
            return text
        key = fold(text)
        if not key:
            raise UnknownNode(name)
        hits: list[str] = []
        for is_label in (True, False):
            for node, original, folded in self.names():
                if folded != key or table[node][0] not in kinds:
                    continue
                if (original == table[node][1]) == is_label and node not in hits:
                    hits.append(node)
            if len(hits) == 1:
                return hits[0]
            if hits:
                raise AmbiguousNode(name, sorted(hits))
        raise UnknownNode(name, self.closest(text, kinds=kinds))

    def label(self, node: str) -> str:
        """The label of a node id (the id itself when the graph does not name it)."""
        found = self.node_table().get(node)
        return found[1] if found else node

    def check_terms(self, kind: str, given: Iterable[str], known: Iterable[str]) -> tuple[str, ...]:
        """``given`` as a tuple, or a QueryError naming the closest known term."""
        known = list(known)
        out = tuple(given)
        for term in out:
            if term not in known:
                near = process.extract(term, known, scorer=fuzz.ratio, limit=3, score_cutoff=50)
                hint = f" — did you mean {', '.join(m for m, _s, _i in near)}?" if near else ""
                raise QueryError(f"unknown {kind} {term!r}{hint}")
        return out


@dataclass
class GraphView(View):
    """A view projecting the whole Dataset (or the part in ``scope``): projection, name index
    and source texts.

    Parameters
    ----------
    dataset
        The built graph (any store).
    texts
        Source texts by source id, for the sentences around quotes (see
        :func:`graph.source_texts.read_texts`); without them evidence comes without sentences.
    vocabulary
        The vocabulary the graph was built with (default: the bundled one).
    scope
        Project only this part of the store (:class:`graph.lazy.LazyView` makes such views).

    Examples
    --------
    >>> from extract import build
    >>> view = GraphView.from_build(build(EXAMPLE_DATA, None))
    >>> view.projection.graph.number_of_nodes()
    11
    >>> view.resolve("Khalil"), view.resolve("marco rubio"), view.resolve("us-department-of-state")
    ('mahmoud-khalil', 'marco-rubio', 'us-department-of-state')
    >>> view.resolve("Rubio")
    Traceback (most recent call last):
    graph.errors.UnknownNode: unknown entity 'Rubio' — did you mean Marco Rubio (marco-rubio)?
    """

    dataset: Dataset | Graph
    texts: Mapping[str, str] = field(default_factory=dict)
    vocabulary: Vocabulary = field(default_factory=default_vocabulary)
    scope: Scope | None = None
    outer: View | None = field(default=None, repr=False)
    """The view this one was focused from; labels of nodes outside the focus come from it."""
    _projection: Projection | None = field(default=None, init=False, repr=False)

    @classmethod
    def from_build(cls, result: Any, vocabulary: Vocabulary | None = None) -> GraphView:
        """A view of a build result (anything with ``dataset`` and ``corpus.sources``)."""
        sources = getattr(getattr(result, "corpus", None), "sources", {}) or {}
        texts = {sid: source.text for sid, source in sources.items()}
        return cls(result.dataset, texts, vocabulary or default_vocabulary())

    @classmethod
    def from_data_dir(
        cls, dataset: Dataset | Graph, data_dir: Path | str, vocabulary: Vocabulary | None = None
    ) -> GraphView:
        """A view whose texts are read from ``data_dir/sources``."""
        texts = read_texts(Path(data_dir) / "sources")
        return cls(dataset, texts, vocabulary or default_vocabulary())

    # --- what the view is -------------------------------------------------------------------

    @property
    def describe(self) -> str:
        return ""  # it holds what it was asked to project: nothing to say

    @property
    def timeline_cap(self) -> int | None:
        return None

    @property
    def ranked_among(self) -> int | None:
        return None

    # --- the projection -----------------------------------------------------------------------

    @property
    def projection(self) -> Projection:
        """The projection of the Dataset as it is now.

        On rdflib's in-memory store (where counting is free) it is rebuilt when the number of
        triples changed. Other stores count by scanning, so there the view keeps its projection
        until :meth:`refresh`. Every query function reads this once, when it starts; helpers
        inside a query use :attr:`current`.
        """
        if self._projection is None:
            self._projection = project(self.dataset, self.vocabulary, self.scope)
        else:
            version = cheap_version(self.dataset)
            if version is not None and version != self._projection.version:
                self._projection = project(self.dataset, self.vocabulary, self.scope)
        return self._projection

    @property
    def current(self) -> Projection:
        """The projection as last checked by :attr:`projection` (built if there is none)."""
        if self._projection is None:
            self._projection = project(self.dataset, self.vocabulary, self.scope)
        return self._projection

    def refresh(self) -> None:
        self._projection = None

    def cached(self, key: object, compute: Any) -> Any:
        cache = self.current.cache
        if key not in cache:
            with paused_gc():
                cache[key] = compute()
        return cache[key]

    # --- focus: this view holds everything a question needs -----------------------------------

    def focus(
        self, names: Iterable[str], hops: int, kinds: Iterable[str] = ("entity", "event")
    ) -> GraphView:
        return self

    def focus_item(self, name: str) -> GraphView:
        return self

    def focus_nodes(self, nodes: Iterable[str], hops: int = 0) -> GraphView:
        return self

    def focus_events(
        self,
        window: tuple[str | None, str | None],
        *,
        types: Iterable[str] | None = None,
        source: str | None = None,
        undated: bool = False,
        limit: int | None = None,
        latest: bool = False,
    ) -> GraphView:
        return self

    def focus_timeline(self, entity: str, include_related: bool = False) -> GraphView:
        return self

    def focus_source(self, source: str) -> GraphView:
        return self

    def focus_top(self) -> GraphView:
        return self

    def whole(self) -> GraphView:
        return self

    # --- counts -------------------------------------------------------------------------------

    def degree(self, limit: int | None = None) -> list[tuple[str, int]]:
        g = self.projection.graph

        def build() -> list[tuple[str, int]]:
            return sorted(
                ((n, d) for n, d in g.degree() if g.nodes[n][KIND] in NAMED),
                key=lambda nd: (-nd[1], nd[0]),
            )

        counted = self.cached("degree", build)
        return counted if limit is None else counted[:limit]

    def date_span(self) -> tuple[str, str] | None:
        g = self.projection.graph
        bounds = [
            b
            for _n, d in g.nodes(data=True)
            if d[KIND] == EVENT
            for b in (d[EARLIEST], d[LATEST])
            if b
        ]
        return (min(bounds), max(bounds)) if bounds else None

    def stats(self) -> Stats:
        from .counts import stats_of_projection  # counts imports this module

        # kept with the projection (and so in the build cache: no parse of the graph for it)
        return self.cached("stats", lambda: stats_of_projection(self.projection, self.dataset))

    # --- names --------------------------------------------------------------------------------

    def node_table(self) -> Mapping[str, tuple[str, str]]:
        def build() -> dict[str, tuple[str, str]]:
            return {
                node: (data[KIND], data[LABEL])
                for node, data in self.current.graph.nodes(data=True)
                if data[KIND] in NAMED
            }

        return self.cached("node_table", build)

    def names(self) -> list[tuple[str, str, str]]:
        def build() -> list[tuple[str, str, str]]:
            out = []
            for node, data in self.current.graph.nodes(data=True):
                if data[KIND] not in NAMED:
                    continue
                for name in (data[LABEL], *data.get(ALIASES, ())):
                    out.append((node, name, fold(name)))
            return out

        return self.cached("names", build)

    def label(self, node: str) -> str:
        found = self.node_table().get(node)
        if found:
            return found[1]
        return self.outer.label(node) if self.outer is not None else node

    # --- evidence --------------------------------------------------------------------------

    def anchor_details(self) -> dict[str, tuple[int, int, str, str]]:
        """Offsets and context of every anchor: iri → (start, end, prefix, suffix)."""

        def build() -> dict[str, tuple[int, int, str, str]]:
            # only the anchors of the part projected, when a scope narrows it
            wanted = None if self.scope is None else sorted(self.current.anchors)
            rows = select_rows(self.dataset, q_anchor_details(wanted))
            return {a: (int(s), int(e), pre, suf) for a, s, e, pre, suf in rows}

        return self.cached("anchor_details", build)

    def evidence_of(self, anchor: str) -> Evidence:
        """The full :class:`Evidence` of one anchor iri."""
        a = self.current.anchors[anchor]
        start, end, prefix, suffix = self.anchor_details().get(anchor, (-1, -1, "", ""))
        return Evidence(a.document, a.quote, start, end, prefix, suffix)
