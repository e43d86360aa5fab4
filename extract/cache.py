"""The build cache: the projection of a built graph file, kept beside it for the next command.

Every `threadline` query command used to re-parse ``build/graph.trig`` and re-project it. The
opener (:mod:`extract.opener`) keeps the projection of a build, its name index and anchor
offsets in ``GRAPH.view.pickle`` beside the graph file, and the next command reads it back in a
fraction of the time; the Dataset itself is parsed only when a command asks the store
(``stats``, ``query``, a timeline's date span).

The cache is a generated artefact like the graph: written atomically, keyed by the package
version, the code of ``graph/`` and the build's fingerprint (every input file, the vocabulary,
the base IRI, the graph file itself), and ignored when the key differs or the file cannot be
read. It is used only for a whole-graph view of a graph file on rdflib's memory store (the
default); ``THREADLINE_CACHE=0`` turns it off.

Trust: the cache is a pickle, and reading a pickle runs whatever it says. It is as trusted as
the build folder it sits in: anyone who can write ``build/`` can already replace the graph the
commands read. Keep the build folder writable only by you (docs/performance.md).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import TYPE_CHECKING

from .build import fingerprint_path, inputs_fingerprint

if TYPE_CHECKING:
    from graph.view import GraphView

    from .opener import Opener

FORMAT = b"threadline-view-cache 1\n"
SWITCH = "THREADLINE_CACHE"


def cache_path(graph_file: Path) -> Path:
    return graph_file.with_name(graph_file.name + ".view.pickle")


def _code_stamp() -> str:
    """The package version and the size and time of every module of ``graph/`` and
    ``extract/``: a cache is never read by other code than the one that wrote it."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("threadline")
    except PackageNotFoundError:
        release = "unknown"
    parts = [release]
    root = Path(__file__).resolve().parent.parent
    for folder in (root / "graph", root / "extract"):
        for path in sorted(folder.glob("*.py")) + sorted(folder.glob("*.yaml")):
            st = path.stat()
            parts.append(f"{path.name}\t{st.st_size}\t{st.st_mtime_ns}")
    return "\n".join(parts)


def cache_key(opener: Opener) -> bytes | None:
    """The key of this opener's build, or None when the cache does not apply: not the memory
    store, a lazy threshold given, no graph file written by `threadline build` for these inputs,
    or $THREADLINE_CACHE=0."""
    s = opener.settings
    if os.environ.get(SWITCH, "").strip() == "0":
        return None
    if s.store != "memory" or s.lazy_above is not None or s.graph is None or s.graph.is_dir():
        return None  # (a directory is an Oxigraph database: the opener says what to do)
    graph_file = opener.graph_file()  # builds a missing or stale graph first (notes say so)
    stamp = fingerprint_path(graph_file)
    if not stamp.is_file():
        return None  # a graph file `threadline build` did not write: nothing to key it by
    inputs = stamp.read_text().strip()
    if inputs != inputs_fingerprint(s.data, s.base_iri):
        return None  # a graph read as it is (the app's THREADLINE_GRAPH) of other inputs
    st = graph_file.stat()
    digest = hashlib.sha256()
    digest.update(_code_stamp().encode())
    digest.update(f"\n{inputs}\n{graph_file.resolve()}\t{st.st_size}\t{st.st_mtime_ns}".encode())
    return digest.hexdigest().encode()


def read_view(opener: Opener, key: bytes) -> GraphView | None:
    """The cached view of this build, or None when there is none, it is stale or unreadable."""
    path = cache_path(opener.graph_file())
    try:
        with path.open("rb") as handle:
            if handle.readline() != FORMAT or handle.readline().strip() != key:
                return None
            projection, texts = pickle.load(handle)  # noqa: S301 - as trusted as build/ (above)
    except Exception:  # a missing, truncated or foreign file is a cache miss, nothing more
        return None
    from .cached_view import CachedView  # (graph.view brings networkx: not for `query`)

    view = CachedView(None, texts)
    view.__dict__["_dataset_loader"] = opener.dataset
    view._projection = projection
    return view


def write_view(opener: Opener, key: bytes, view: GraphView) -> None:
    """Keep the view's projection, name index and anchor offsets for the next command; a
    cache that cannot be written is left alone (the commands work without it)."""
    from graph.errors import StoreError
    from graph.store import atomic_writer
    from graph.view import GraphView

    if type(view) is not GraphView:
        return  # a lazy view projects parts on demand: nothing whole to keep
    view.projection  # noqa: B018 - built now, with the indexes the commands read
    view.names()
    view.node_table()
    view.anchor_details()
    from graph.accounts import all_accounts
    from graph.found import found_mentions

    found_mentions(view)  # derived mentions and accounts are read from the Dataset once, here
    all_accounts(view)
    opener.stats()  # the counts of the Dataset just parsed: `threadline stats` needs no parse
    view.stats()  # and the app's, from the projection
    try:
        with atomic_writer(cache_path(opener.graph_file()), "wb") as handle:
            handle.write(FORMAT + key + b"\n")
            pickle.dump((view._projection, dict(view.texts)), handle, protocol=5)
    except (StoreError, OSError, pickle.PicklingError):
        pass
