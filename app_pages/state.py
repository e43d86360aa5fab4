"""What every page shares: the graph (built once per data version), URL state, global filters."""

from __future__ import annotations

import calendar
import os
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import streamlit as st

import graph
from app_pages.widgets import md_literal
from extract import CurationErrors, ExtractError
from extract.opener import Document, Settings, timed_open
from extract.stories import Story
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
    return Settings.from_env().store


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
    store = f"Graph store: {STORE_NAMES.get(app.store, app.store)}"
    st.sidebar.caption(" · ".join(part for part in (store, app.view.describe) if part))


SourceInfo = Document  # what pages show of a source document


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
    coverage_of: Callable[[], str] = field(default=lambda: "", repr=False)
    origin: str = ""  # where the graph came from, for the Data page
    _coverage: str | None = field(default=None, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    @property
    def coverage(self) -> str:
        """The coverage report of the curation, made the first time a page asks (the Data page):
        it takes longer than the rest of opening the graph, and no other page shows it."""
        with self._lock:  # sessions run in threads; the report is made once
            if self._coverage is None:
                self._coverage = self.coverage_of()
            return self._coverage


def _fingerprint(folder: Path, built: str = "") -> tuple[tuple[str, float], ...]:
    files = [graph.default_vocabulary().path, *folder.rglob("*")]
    if built:
        path = Path(built)
        files += [*path.rglob("*")] if path.is_dir() else [path]
    return tuple(sorted((str(f), f.stat().st_mtime) for f in files if f.is_file()))


@st.cache_resource(show_spinner="Loading the graph…", max_entries=2)
def _load(settings: Settings, version: tuple) -> AppData:
    """The opened graph and what pages need about it, once per settings and data version."""
    opener, opened_ms = timed_open(settings)
    started = time.perf_counter()
    view = opener.view()
    vocab = view.vocabulary
    stats = graph.stats(view)
    span = graph.date_span(view)
    used_types = {t for t, _ in stats.by_type}
    return AppData(
        view=view,
        stats=stats,
        stories=opener.stories(),
        sources=opener.documents(),
        build_ms=opened_ms + (time.perf_counter() - started) * 1000,
        store=settings.store,
        categories=sorted({r.category for r in vocab.relations.values()}),
        entity_types=[
            (n, s.label)
            for n, s in vocab.entity_types.items()
            if not s.abstract and s.label in used_types
        ],
        event_types=[(n, t.label) for n, t in vocab.event_types.items()],
        span=(date.fromisoformat(span[0]), date.fromisoformat(span[1])) if span else None,
        coverage_of=opener.coverage,
        origin=opener.origin,
    )


def data() -> AppData:
    """The app's graph; a page that cannot have it shows why and stops."""
    folder = data_folder()
    try:
        # without $THREADLINE_GRAPH the corpus is built into build/app/…, kept between starts
        settings = replace(
            Settings.from_env(data=folder, build_dir=ROOT / "build"), store=store_name()
        )
        built = "" if settings.rebuild else str(settings.graph or "")  # a given graph file
        return _load(settings, _fingerprint(folder, built))
    except CurationErrors as exc:
        st.error(
            f"The curation in {folder} has {len(exc.problems)} problem(s); fix them and reload."
        )
        st.code(str(exc), language=None)
    except (graph.GraphError, ExtractError) as exc:
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


def parse_day(text: str, last: bool = False) -> date | None:
    """The day a date field means: ``YYYY-MM-DD``, or the first (``last``: the last) day of
    ``YYYY-MM`` or ``YYYY``; None when empty. Raises ValueError on anything else.

    >>> parse_day("2025-03-01"), parse_day("2025-02", last=True), parse_day(" 1956 ")
    (datetime.date(2025, 3, 1), datetime.date(2025, 2, 28), datetime.date(1956, 1, 1))
    """
    text = text.strip()
    if not text:
        return None
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
        raise ValueError(text)
    numbers = [int(p) for p in text.split("-")]
    if len(numbers) == 3:
        return date(*numbers)
    year, month = numbers[0], numbers[1] if len(numbers) == 2 else None
    if month is None:
        return date(year, 12, 31) if last else date(year, 1, 1)
    first = date(year, month, 1)
    return first.replace(day=calendar.monthrange(year, month)[1]) if last else first


def _date_field(sidebar: Any, label: str, key: str, *, last: bool, help: str) -> date | None:
    """A date typed as text (see :func:`parse_day`); a mistake is said under the field and the
    filter is left off until it is fixed."""
    text = sidebar.text_input(label, key=key, placeholder="YYYY-MM-DD", max_chars=10, help=help)
    try:
        return parse_day(text, last)
    except ValueError:
        sidebar.error(
            f"{label}: {md_literal(text, 24)} is not a date. Write it as YYYY-MM-DD "
            "(e.g. 2025-03-01), or a month (2025-03) or a year (2025)."
        )
        return None


_ASKED_WINDOW = "_asked_window"


def ask_window(start: str | None, end: str | None) -> None:
    """Set the sidebar's From and To (ISO days, None: empty) on the next run: a widget's value
    changes only before the widget is drawn (a chart's drag reads it after)."""
    st.session_state[_ASKED_WINDOW] = (start or "", end or "")


def global_filters(app: AppData) -> Filters:
    """Draw the sidebar filters (state in the URL) and return them."""
    sidebar = st.sidebar
    sidebar.markdown("**Filters**")
    lo, hi = app.span or (date(2000, 1, 1), date.today())
    url_state("from", "")
    url_state("to", "")
    asked = st.session_state.pop(_ASKED_WINDOW, None)
    if asked is not None:
        st.session_state["from"], st.session_state["to"] = asked
    url_state("types", [], split)
    url_state("cats", [], split)
    url_state("source", "")
    # text fields, one above the other: Enter applies a date (the date picker took it only once
    # focus left the whole widget), and a year or a month alone is a period's first or last day
    start = _date_field(
        sidebar,
        "From",
        "from",
        last=False,
        help=f"Events and relations from this date: YYYY-MM-DD, or YYYY-MM or YYYY for the "
        f"start of a month or year (the corpus spans {lo} to {hi}). Enter applies it.",
    )
    end = _date_field(
        sidebar,
        "To",
        "to",
        last=True,
        help="Events and relations up to this date: YYYY-MM-DD, or YYYY-MM or YYYY for the end "
        "of a month or year. Enter applies it.",
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
    if st.session_state.get("source") not in sources:  # a link's source the corpus lacks
        sidebar.warning(
            f"Source: there is no source {md_literal(str(st.session_state['source']), 40)} in "
            "this corpus, so every source is shown."
        )
        st.session_state["source"] = ""
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
