"""What every page shares: the graph (built once per data version), URL state, global filters."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import streamlit as st
from rdflib import Dataset

import graph
from extract import CurationErrors, build
from extract.coverage import coverage_all, format_coverage
from extract.stories import Story
from graph.remote import Endpoint, RemoteDataset
from graph.store import GRAPH_FILE_FORMATS, copy_dataset, load_dataset
from graph.texts import read_texts
from graph.view import GraphView

ROOT = Path(__file__).resolve().parent.parent
STORE_NAMES = {
    "memory": "rdflib, in memory",
    "oxigraph": "Oxigraph, embedded",
    "sparql": "SPARQL server",
}


def data_folder() -> Path:
    """The corpus the app shows: $THREADLINE_DATA, or the bundled data/."""
    return Path(os.environ.get("THREADLINE_DATA", ROOT / "data"))


STORE_KEY = "graph_store"  # the sidebar's store widget
CHOSEN_STORE = "graph_store_chosen"  # its value, kept for the session (a widget's state is
# dropped on pages that do not draw it, so the choice lives in a key of its own)


def store_name() -> str:
    """The store the app queries: the sidebar's setting once changed, else $THREADLINE_STORE
    (``memory``, ``oxigraph`` or ``sparql``, which needs $THREADLINE_ENDPOINT and a graph pushed
    there with `threadline push`); by default memory, or oxigraph for $THREADLINE_GRAPH."""
    chosen = st.session_state.get(CHOSEN_STORE)
    if chosen in STORE_NAMES:
        return chosen
    default = "oxigraph" if graph_path() else "memory"
    raw = os.environ.get("THREADLINE_STORE", "").strip()
    if raw and raw.lower() not in STORE_NAMES:
        raise graph.StoreError(
            f"THREADLINE_STORE={raw!r}: unknown store {raw!r} — choose memory, oxigraph or "
            "sparql (with THREADLINE_ENDPOINT), or unset it"
        )
    return raw.lower() or default


def _store_setting(app: AppData) -> None:
    """The sidebar's store setting: the same graph on another store, for this session."""
    options = ["memory", "oxigraph"]
    if os.environ.get("THREADLINE_ENDPOINT"):
        options.append("sparql")
    if app.store not in options:
        options.append(app.store)
    st.session_state[STORE_KEY] = app.store  # the store in use, whatever the page before drew

    def chosen() -> None:
        st.session_state[CHOSEN_STORE] = st.session_state[STORE_KEY]

    st.sidebar.selectbox(
        "Graph store",
        options,
        key=STORE_KEY,
        on_change=chosen,
        format_func=lambda s: STORE_NAMES.get(s, s),
        help="Where the pages' queries run. The first use of a store loads the graph into it.",
    )
    mode = " · fetches only what each page shows" if app.lazy else ""
    st.sidebar.caption(f"Graph store: {STORE_NAMES.get(app.store, app.store)}{mode}")


def graph_path() -> str:
    """A graph built beforehand to show instead of building the corpus: $THREADLINE_GRAPH (a
    .trig or .nq file, or an Oxigraph directory), else ""."""
    return os.environ.get("THREADLINE_GRAPH", "").strip()


def _check_graph_path(built: str) -> None:
    """A $THREADLINE_GRAPH that does not exist: say so, and what it should be."""
    path = Path(built)
    if path.exists():
        return
    if path.suffix in GRAPH_FILE_FORMATS:
        raise graph.StoreError(
            f"THREADLINE_GRAPH={built}: no such graph file — write it with "
            f"`threadline build -o {built}`, or unset THREADLINE_GRAPH to build the corpus"
        )
    raise graph.StoreError(
        f"THREADLINE_GRAPH={built}: no such file or directory — give a graph file (.trig or "
        ".nq) written by `threadline build`, or an Oxigraph directory written by "
        "`threadline save-store`, or unset it to build the corpus"
    )


def lazy_above() -> int | None:
    """$THREADLINE_LAZY_ABOVE: above this many triples, pages ask the store for only what they
    show (:mod:`graph.lazy`); unset, the library's default applies."""
    raw = os.environ.get("THREADLINE_LAZY_ABOVE", "").strip()
    if raw and not raw.isdigit():
        raise graph.StoreError(
            f"THREADLINE_LAZY_ABOVE={raw!r} is not a number of triples — give one, e.g. 200000 "
            "(0: pages always fetch only what they show), or unset it"
        )
    return int(raw) if raw else None


@dataclass(frozen=True)
class SourceInfo:
    """What pages show of a source document."""

    id: str
    title: str
    publication: str | None
    published: str


@dataclass
class AppData:
    """The graph and what pages need about it."""

    view: GraphView
    stats: graph.Stats
    stories: list[Story]
    sources: dict[str, SourceInfo]
    build_ms: float
    store: str = "memory"
    categories: list[str] = field(default_factory=list)
    entity_types: list[tuple[str, str]] = field(default_factory=list)  # (name, label)
    event_types: list[tuple[str, str]] = field(default_factory=list)
    span: tuple[date, date] | None = None
    coverage: str = ""
    origin: str = ""  # where the graph came from, for the Data page

    @property
    def lazy(self) -> bool:
        """True when pages fetch only what they show (a large or remote store)."""
        return self.view.lazy


def _fingerprint(folder: Path, built: str = "") -> tuple[tuple[str, float], ...]:
    files = [graph.default_vocabulary().path, *folder.rglob("*")]
    if built:
        path = Path(built)
        files += [*path.rglob("*")] if path.is_dir() else [path]
    return tuple(sorted((str(f), f.stat().st_mtime) for f in files if f.is_file()))


def _built(folder: Path, store: str, endpoint: str) -> tuple[Any, Dataset, str]:
    """Build the corpus; return the build result, the Dataset pages query and its origin."""
    result = build(folder, output=None, shacl=False)  # SHACL runs in `threadline build` and CI
    origin = f"built from {folder}"
    if store == "sparql":  # the pages query the server; texts, stories, coverage stay local
        if not endpoint:
            raise graph.StoreError(
                "THREADLINE_STORE=sparql needs THREADLINE_ENDPOINT (a query URL)"
            )
        return result, RemoteDataset(Endpoint.from_url(endpoint)), f"the SPARQL server {endpoint}"
    if store != "memory":  # the build writes rdflib's store; the pages query a copy on `store`
        return result, copy_dataset(result.dataset, store), origin
    return result, result.dataset, origin


def _sources_in(ds: Any) -> dict[str, SourceInfo]:
    rows = graph.run_query(
        ds,
        """SELECT ?id (SAMPLE(?title) AS ?t) (SAMPLE(?part) AS ?p) (SAMPLE(?date) AS ?d) WHERE {
        ?doc a schema:NewsArticle ; schema:identifier ?id
        OPTIONAL { ?doc schema:headline ?title } OPTIONAL { ?doc schema:isPartOf ?part }
        OPTIONAL { ?doc kg:edtf ?date } } GROUP BY ?id""",
    ).rows
    return {
        sid: SourceInfo(sid, title or sid, part or None, when) for sid, title, part, when in rows
    }


@st.cache_resource(show_spinner="Loading the graph…", max_entries=2)
def _load(
    folder: str,
    version: tuple,
    store: str = "memory",
    endpoint: str = "",
    built: str = "",
    lazy_above: int | None = None,
) -> AppData:
    started = time.perf_counter()
    stories: list[Story] = []
    coverage = ""
    if built and store == "sparql":
        raise graph.StoreError(
            "THREADLINE_GRAPH names a graph to load, THREADLINE_STORE=sparql a server to query "
            "— unset one of them"
        )
    if built:  # a graph built beforehand: no curation, so no stories or coverage
        _check_graph_path(built)
        dataset: Any = load_dataset(built, store)
        texts = read_texts(Path(folder) / "sources") if (Path(folder) / "sources").is_dir() else {}
        view = graph.view_for(dataset, texts, lazy_above=lazy_above)
        sources = _sources_in(dataset)
        origin = f"loaded from {built}"
    else:
        result, dataset, origin = _built(Path(folder), store, endpoint)
        view = graph.view_for(dataset, GraphView.from_build(result).texts, lazy_above=lazy_above)
        stories = result.stories
        sources = {
            sid: SourceInfo(sid, s.meta.title, s.meta.publication, s.meta.published)
            for sid, s in result.corpus.sources.items()
        }
        try:
            reports = coverage_all(result.corpus, Path(folder) / "curation" / "ignore.yaml")
            coverage = "\n\n".join(format_coverage(r) for r in reports)
        except CurationErrors as exc:
            coverage = f"The ignore list has problems:\n{exc}"
    vocab = view.vocabulary
    stats = graph.stats(view)
    span = graph.date_span(view)
    used_types = {t for t, _ in stats.by_type}
    return AppData(
        view=view,
        stats=stats,
        stories=stories,
        sources=sources,
        build_ms=(time.perf_counter() - started) * 1000,
        store=store,
        categories=sorted({r.category for r in vocab.relations.values()}),
        entity_types=[
            (n, s.label)
            for n, s in vocab.entity_types.items()
            if not s.abstract and s.label in used_types
        ],
        event_types=[(n, t.label) for n, t in vocab.event_types.items()],
        span=(date.fromisoformat(span[0]), date.fromisoformat(span[1])) if span else None,
        coverage=coverage,
        origin=origin,
    )


def data() -> AppData:
    """The app's graph; a page that cannot have it shows why and stops."""
    folder = data_folder()
    try:
        store = store_name()
        endpoint = os.environ.get("THREADLINE_ENDPOINT", "") if store == "sparql" else ""
        built = graph_path()
        return _load(str(folder), _fingerprint(folder, built), store, endpoint, built, lazy_above())
    except CurationErrors as exc:
        st.error(
            f"The curation in {folder} has {len(exc.problems)} problem(s); fix them and reload."
        )
        st.code(str(exc), language=None)
    except graph.GraphError as exc:
        st.error(str(exc))
    st.stop()
    raise AssertionError  # st.stop() does not return


# ------------------------------------------------------------------ URL state
def param(name: str, default: str = "") -> str:
    """A single value from the URL."""
    value = st.query_params.get(name)
    return value if value is not None else default


def params(name: str) -> list[str]:
    """A list from the URL (comma-separated)."""
    value = st.query_params.get(name, "")
    return [v for v in value.split(",") if v]


def set_params(**values: str | Sequence[str] | None) -> None:
    """Write values into the URL (empty ones are removed), so the view can be shared."""
    for name, value in values.items():
        text = ",".join(value) if isinstance(value, list | tuple) else (value or "")
        if text:
            if st.query_params.get(name) != text:
                st.query_params[name] = text
        elif name in st.query_params:
            del st.query_params[name]


def url_state(key: str, default: Any, parse: Any = str) -> None:
    """Seed a widget's session state from the URL once, before the widget is drawn."""
    if key in st.session_state:
        return
    raw = st.query_params.get(key)
    if raw is None:
        st.session_state[key] = default
        return
    try:
        st.session_state[key] = parse(raw)
    except (ValueError, TypeError):
        st.session_state[key] = default


def split(raw: str) -> list[str]:
    return [v for v in raw.split(",") if v]


@dataclass(frozen=True)
class Filters:
    """The global filters of the sidebar."""

    start: date | None
    end: date | None
    types: tuple[str, ...]
    categories: tuple[str, ...]
    source: str

    @property
    def window(self) -> tuple[str | None, str | None]:
        return (
            self.start.isoformat() if self.start else None,
            self.end.isoformat() if self.end else None,
        )


def global_filters(app: AppData) -> Filters:
    """Draw the sidebar filters (state in the URL) and return them."""
    sidebar = st.sidebar
    sidebar.markdown("**Filters**")
    lo, hi = app.span or (date(2000, 1, 1), date.today())
    url_state("from", None, date.fromisoformat)
    url_state("to", None, date.fromisoformat)
    url_state("types", [], split)
    url_state("cats", [], split)
    url_state("source", "")
    c1, c2 = sidebar.columns(2)
    start = c1.date_input(
        "From",
        key="from",
        min_value=date(1700, 1, 1),
        max_value=hi,
        format="YYYY-MM-DD",
        help=f"Events and relations from this date (the corpus spans {lo} to {hi}).",
    )
    end = c2.date_input(
        "To", key="to", min_value=date(1700, 1, 1), max_value=date(2100, 1, 1), format="YYYY-MM-DD"
    )
    labels = dict(app.entity_types)
    types = sidebar.multiselect(
        "Entity types",
        [n for n, _ in app.entity_types],
        key="types",
        format_func=lambda n: labels.get(n, n),
        placeholder="all types",
    )
    cats = sidebar.multiselect(
        "Relation categories", app.categories, key="cats", placeholder="all categories"
    )
    sources = ["", *sorted(app.sources)]
    source = sidebar.selectbox(
        "Source", sources, key="source", format_func=lambda s: s or "all sources"
    )
    _store_setting(app)
    set_params(
        **{
            "from": start.isoformat() if start else None,
            "to": end.isoformat() if end else None,
            "types": types,
            "cats": cats,
            "source": source,
        }
    )
    return Filters(start, end, tuple(types), tuple(cats), source)
