"""Opening the graph: settings → build or load → store → view, with texts, documents, stories
and coverage.

The one composition root of the command line (:mod:`extract.cli`) and the app
(``app_pages/state.py``): both make :class:`Settings` (from options, or from environment
variables with :meth:`Settings.from_env`) and ask an :class:`Opener` for what they need, so the
same mistake gets the same message in both. Nothing here prints; the CLI echoes
:attr:`Opener.notes`.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.store import GRAPH_FILE_FORMATS

from .build import DEFAULT_OUTPUT, check_base_iri, fingerprint_path, inputs_fingerprint
from .errors import CurationErrors, ExtractError

STORES = ("memory", "oxigraph")
STORE_CHOICES = (*STORES, "sparql")


class SettingsError(ExtractError):
    """A setting (an option or its environment variable) cannot be used (one line)."""


def store_setting(raw: str | None, name: str = "THREADLINE_STORE", default: str = "memory") -> str:
    """A store name as given by ``name`` (a variable): one of :data:`STORE_CHOICES`."""
    raw = (raw or "").strip()
    if not raw:
        return default
    if raw.lower() not in STORE_CHOICES:
        raise SettingsError(
            f"{name}={raw!r}: unknown store {raw!r} — choose memory, oxigraph or sparql "
            "(with THREADLINE_ENDPOINT), or unset it"
        )
    return raw.lower()


def lazy_setting(raw: str | None, name: str = "THREADLINE_LAZY_ABOVE") -> int | None:
    """Above this many triples queries fetch only what they need (:mod:`graph.lazy`); unset,
    the library's default applies."""
    raw = (raw or "").strip()
    if raw and not raw.isdigit():
        raise SettingsError(
            f"{name}={raw!r} is not a number of triples — give one, e.g. 200000 "
            "(0: pages always fetch only what they show), or unset it"
        )
    return int(raw) if raw else None


def check_output(target: Path, option: str) -> None:
    """Refuse a graph path that cannot be written before any work: a device or pipe, a file
    where a folder must be, or a folder that does not exist (only the default build/ is made)."""
    if target.exists() and not target.is_file() and not target.is_dir():
        raise SettingsError(
            f"cannot write {target}: it is a device, pipe or socket, not a regular file "
            f"— give {option} a file path, e.g. {DEFAULT_OUTPUT}"
        )
    parent = target.parent
    if parent.is_dir():
        return
    existing = next((p for p in parent.parents if p.exists()), None)
    blocker = parent if parent.exists() else existing
    if blocker is not None and not blocker.is_dir():
        raise SettingsError(
            f"cannot write {target}: {blocker} is a file, not a folder "
            f"— give {option} a path in an existing folder"
        )
    if parent.resolve() == DEFAULT_OUTPUT.parent.resolve():
        return  # the default build/ folder is made on the first build
    raise SettingsError(
        f"cannot write {target}: the folder {parent} does not exist — create it first "
        f"(mkdir -p {parent}) or give {option} a path in an existing folder"
    )


APP_BUILDS = "app"  # build/app/<digest of the data folder>/graph.trig: the app's own builds
KEEP_APP_BUILDS = 8  # more data folders than this: the least recently built go
APP_BUILD_FILE = "graph.trig"


def app_build_path(data: Path, build_dir: Path) -> Path | None:
    """Where the app keeps its build of ``data``: one folder per data folder under
    ``build_dir/app``, so a restarted app reads its build cache instead of rebuilding; None when
    the folder cannot be made (a read-only checkout), and the app builds in memory instead.

    Beyond :data:`KEEP_APP_BUILDS` folders, the least recently built (and not within the last
    ten minutes) are removed: each data folder a test or a user points the app at has one."""
    key = hashlib.sha256(str(data.resolve()).encode()).hexdigest()[:16]
    home = build_dir / APP_BUILDS
    target = home / key
    try:
        target.mkdir(parents=True, exist_ok=True)
        if not os.access(target, os.W_OK):
            return None
        others = sorted(
            (p for p in home.iterdir() if p.is_dir() and p != target),
            key=lambda p: p.stat().st_mtime,
        )
    except OSError:
        return None
    stale = time.time() - 600
    for old in others[: max(0, len(others) - (KEEP_APP_BUILDS - 1))]:
        if old.stat().st_mtime < stale:
            shutil.rmtree(old, ignore_errors=True)
    return target / APP_BUILD_FILE


@dataclass(frozen=True)
class Names:
    """How the user spelled each setting, for messages: an option or a variable."""

    store: str = "--store"
    endpoint: str = "--endpoint"
    graph: str = "--graph"


ENV_NAMES = Names("THREADLINE_STORE", "THREADLINE_ENDPOINT", "THREADLINE_GRAPH")


@dataclass(frozen=True)
class Settings:
    """Where the data and the graph live and how to query them.

    ``graph`` is the built graph (TriG or N-Quads file, or an Oxigraph directory). With
    ``rebuild`` (the CLI's ``--graph``, the app's own build) a missing or stale file that
    `threadline build` wrote is built first; without it (the app's $THREADLINE_GRAPH) it is read
    as it is. No ``graph``: the corpus is built in memory. ``shacl``: whether such a build checks
    the shapes (the CLI's do; the app's own, like its builds in memory, does not).
    """

    data: Path
    graph: Path | None = None
    store: str = "memory"
    endpoint: str | None = None
    base_iri: str | None = None
    lazy_above: int | None = None
    rebuild: bool = True
    names: Names = field(default_factory=Names)
    shacl: bool = True

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str] | None = None,
        data: Path | None = None,
        build_dir: Path | None = None,
    ) -> Settings:
        """The app's settings: $THREADLINE_DATA, $THREADLINE_GRAPH (a graph built beforehand),
        $THREADLINE_STORE (default memory, or oxigraph for a $THREADLINE_GRAPH),
        $THREADLINE_ENDPOINT, $THREADLINE_BASE_IRI and $THREADLINE_LAZY_ABOVE.

        Without $THREADLINE_GRAPH, given a ``build_dir`` (the app's ``build/``), the corpus is
        built into a file there (:func:`app_build_path`) and kept up to date, so the next start
        reads the build cache; without one, or with $THREADLINE_CACHE=0, it is built in memory."""
        env = os.environ if environ is None else environ
        built = env.get("THREADLINE_GRAPH", "").strip()
        base_iri = env.get("THREADLINE_BASE_IRI", "").strip() or None
        check_base_iri(base_iri, "THREADLINE_BASE_IRI")
        folder = Path(data or env.get("THREADLINE_DATA", "data"))
        own = None
        if not built and build_dir is not None and env.get("THREADLINE_CACHE", "").strip() != "0":
            own = app_build_path(folder, build_dir)
        return cls(
            data=folder,
            graph=Path(built) if built else own,
            store=store_setting(
                env.get("THREADLINE_STORE"), default="oxigraph" if built else "memory"
            ),
            endpoint=env.get("THREADLINE_ENDPOINT", "").strip() or None,
            base_iri=base_iri,
            lazy_above=lazy_setting(env.get("THREADLINE_LAZY_ABOVE")),
            rebuild=own is not None,
            names=ENV_NAMES,
            shacl=own is None,
        )


@dataclass(frozen=True)
class Document:
    """What a page or command shows of a source document."""

    id: str
    title: str
    publication: str | None
    published: str


def _missing_graph(path: Path, names: Names, rebuild: bool) -> str:
    """The message for a graph path that does not exist (and will not be built)."""
    label = f"{names.graph}={path}" if names.graph.isupper() else str(path)
    unset = f", or unset {names.graph} to build the corpus" if not rebuild else ""
    if path.suffix in GRAPH_FILE_FORMATS and not rebuild:
        return f"{label}: no such graph file — write it with `threadline build -o {path}`{unset}"
    return (
        f"{label}: no such graph — give a graph file (.trig or .nq) written by `threadline "
        f"build`, or an Oxigraph directory written by `threadline save-store {path}`{unset}"
    )


@dataclass
class Opener:
    """Opens the graph of :class:`Settings` once and hands out what callers need."""

    settings: Settings
    notes: list[str] = field(default_factory=list)
    """What happened on the way that the user should know (a build first, a stale directory)."""
    on_note: Callable[[str], None] | None = field(default=None, repr=False)
    """Called with each note as it happens (the CLI echoes it on stderr)."""
    _dataset: Any = field(default=None, repr=False)
    _result: Any = field(default=None, repr=False)
    _current: bool | None = field(default=None, repr=False)
    _view: Any = field(default=None, repr=False)
    origin: str = ""

    # the CLI's graph commands read these two (graph.cli's GraphSource)
    @property
    def data(self) -> Path:
        return self.settings.data

    @property
    def store(self) -> str:
        return self.settings.store

    @property
    def graph(self) -> Path:
        return self.settings.graph or DEFAULT_OUTPUT

    @property
    def base_iri(self) -> str | None:
        return self.settings.base_iri

    def note(self, text: str) -> None:
        self.notes.append(text)
        if self.on_note is not None:
            self.on_note(text)

    def is_current(self) -> bool:
        """Whether the graph file is the build of exactly these inputs."""
        stamp = fingerprint_path(self.graph)
        if not (self.graph.is_file() and stamp.is_file()):
            return False
        return stamp.read_text().strip() == inputs_fingerprint(self.data, self.base_iri)

    def built_from_data(self) -> bool:
        """Whether the graph is this data folder's build (in memory, or a graph file `threadline
        build` wrote from exactly these inputs): then the curation's stories, source metadata
        and coverage belong to it. Asked once per opener."""
        s = self.settings
        if s.graph is None:
            return True
        if s.store == "sparql":  # the server is queried; a file the opener builds is local data
            return s.rebuild
        if self._current is None:
            if s.rebuild and not s.graph.is_dir():
                self.graph_file()  # built first when missing or stale
            self._current = (
                not s.graph.is_dir() and s.graph.suffix in GRAPH_FILE_FORMATS and self.is_current()
            )
        return self._current

    def graph_file(self) -> Path:
        """The built graph file, built first when it is missing or stale (a build of older data).
        A graph file that `threadline build` did not write (no ``.inputs`` beside it) is read as
        it is."""
        from .build import build

        graph = self.graph
        if graph.is_dir():
            raise SettingsError(f"{graph} is a directory — give the TriG build with --graph FILE")
        buildable = self.settings.rebuild and graph.suffix in GRAPH_FILE_FORMATS
        if not graph.exists() and not buildable:
            raise SettingsError(_missing_graph(graph, self.settings.names, self.settings.rebuild))
        if graph.is_file() and not fingerprint_path(graph).is_file():
            return graph  # not written by `threadline build`: used as it is, never replaced
        if self.settings.rebuild and not self.is_current():
            check_output(graph, "--graph")
            what = "missing" if not graph.is_file() else "not the build of this data"
            self.note(f"note: {graph} is {what}; building it first")
            build(self.data, graph, base_iri=self.base_iri, shacl=self.settings.shacl)
        return graph

    def _remote(self) -> Any:
        from graph.remote import Endpoint, RemoteDataset

        names = self.settings.names
        if not self.settings.endpoint:
            given = f"{names.store}=sparql" if names.store.isupper() else f"{names.store} sparql"
            raise SettingsError(f"{given} needs {names.endpoint} URL (the query URL)")
        return RemoteDataset(Endpoint.from_url(self.settings.endpoint))

    def dataset(self) -> Any:
        """The Dataset queries run on (rdflib, Oxigraph or a SPARQL server)."""
        if self._dataset is not None:
            return self._dataset
        from graph.store import copy_dataset, load_dataset

        s = self.settings
        if s.graph is not None and s.store == "sparql" and not s.rebuild:
            raise SettingsError(
                f"{s.names.graph} names a graph to load, {s.names.store}=sparql a server to "
                "query — unset one of them"
            )
        if s.store == "sparql":  # the pages query the server; texts, stories, coverage stay local
            self._dataset = self._remote()
            self.origin = f"the SPARQL server {s.endpoint}"
        elif s.graph is None:  # the corpus, built in memory (SHACL runs in `threadline build`)
            result = self.build_result()
            ds = result.dataset
            self._dataset = ds if s.store == "memory" else copy_dataset(ds, s.store)
            self.origin = f"built from {s.data}"
        elif s.graph.is_dir():  # an Oxigraph directory: used as is
            self._dataset = load_dataset(s.graph, s.store)
            stamp = fingerprint_path(s.graph)
            if stamp.is_file() and stamp.read_text().strip() != inputs_fingerprint(
                s.data, s.base_iri
            ):
                self.note(
                    f"note: {s.graph} is not the build of this data; "
                    f"`threadline save-store {s.graph}` rewrites it"
                )
            self.origin = f"loaded from {s.graph}"
        else:
            self._dataset = load_dataset(self.graph_file(), s.store)
            self.origin = self.origin_of_file()
        return self._dataset

    def origin_of_file(self) -> str:
        """Where a graph file came from, for the Data page: the app's own build of the data
        folder, or the file given."""
        s = self.settings
        own = s.graph is not None and s.graph.parent.parent.name == APP_BUILDS and s.rebuild
        return f"built from {s.data}" if own else f"loaded from {s.graph}"

    def query_dataset(self) -> Any:
        """What `threadline query` asks: the Dataset, or, for a graph file `threadline build`
        wrote from these inputs on the memory store (where the build cache applies), the file
        read into Oxigraph's own store (:class:`graph.store.NativeStore`): 0.07 s against 0.5 s
        to parse it for rdflib, and Oxigraph's engine answers in milliseconds. The answers are
        rdflib's, row for row; only rows a query leaves unordered may come in another order."""
        if self._dataset is None:
            from .cache import cache_key

            if cache_key(self) is not None:
                from graph.store import load_native

                return load_native(self.graph_file())
        return self.dataset()

    def build_result(self) -> Any:
        """The build of the corpus in memory (the app without a graph file), else None."""
        if self.settings.graph is not None:
            return None
        return self._memory_build()

    def _memory_build(self) -> Any:
        """The corpus built in memory, without SHACL (kept)."""
        if self._result is None:
            from .build import build

            self._result = build(
                self.settings.data, output=None, shacl=False, base_iri=self.settings.base_iri
            )
        return self._result

    def texts(self) -> dict[str, str]:
        """The source texts by id (for the sentences around quotes)."""
        result = self.build_result()
        if result is not None:
            return {sid: source.text for sid, source in result.corpus.sources.items()}
        from graph.source_texts import read_texts

        return read_texts(self.data / "sources")

    def view(self) -> Any:
        """The view query functions take (:func:`graph.view_for`), read from the build cache
        when it holds this build (:mod:`extract.cache`)."""
        if self._view is None:
            from .cache import cache_key, read_view, write_view

            key = cache_key(self)
            self._view = read_view(self, key) if key else None
            if self._view is not None:
                self.origin = self.origin_of_file()
            else:
                from graph.lazy import view_for

                dataset = self.dataset()
                self._view = view_for(dataset, self.texts(), lazy_above=self.settings.lazy_above)
                if key:
                    write_view(self, key, self._view)
        return self._view

    def stats(self) -> Any:
        """:func:`graph.stats` of the Dataset, kept with the view (and so in the build cache:
        the cache key pins the Dataset it counts)."""
        from graph.counts import stats

        return self.view().cached("stats of the dataset", lambda: stats(self.dataset()))

    def documents(self) -> dict[str, Document]:
        """The source documents by id: from the curation when built here, else from the graph."""
        result = self.build_result()
        if result is not None:
            return {
                sid: Document(sid, s.meta.title, s.meta.publication, s.meta.published)
                for sid, s in result.corpus.sources.items()
            }
        if self.built_from_data():  # the file is this curation's build: its metadata, no parse
            from .errors import ProblemLog
            from .sources import load_sources

            return {
                sid: Document(sid, s.meta.title, s.meta.publication, s.meta.published)
                for sid, s in load_sources(self.data / "sources", ProblemLog()).items()
            }
        from graph.source_texts import documents

        return {d[0]: Document(*d) for d in documents(self.dataset())}

    def stories(self) -> list[Any]:
        """The curation's stories, when the graph is its build (the build checked them)."""
        result = self.build_result()
        if result is not None:
            return list(result.stories)
        if not self.built_from_data():
            return []
        from .stories import load_stories

        return load_stories(self.data)

    def coverage(self) -> str:
        """The coverage report of the curation, when the graph is its build ("" for a graph file
        of other inputs): the corpus is built in memory for it, the first time it is asked."""
        if not self.built_from_data():
            return ""
        result = self._memory_build()
        from .coverage import coverage_all, format_coverage

        try:
            reports = coverage_all(result.corpus, self.data / "curation" / "ignore.yaml")
        except CurationErrors as exc:
            return f"The ignore list has problems:\n{exc}"
        return "\n\n".join(format_coverage(r) for r in reports)


def timed_open(settings: Settings) -> tuple[Opener, float]:
    """An opener with its dataset and view ready, and the milliseconds that took."""
    started = time.perf_counter()
    opener = Opener(settings)
    opener.view()
    return opener, (time.perf_counter() - started) * 1000


__all__ = [
    "ENV_NAMES",
    "STORE_CHOICES",
    "Document",
    "Names",
    "Opener",
    "Settings",
    "SettingsError",
    "app_build_path",
    "check_output",
    "lazy_setting",
    "store_setting",
    "timed_open",
]
