"""The build state: what a build keeps beside its graph so that the next one redoes only what
changed (``GRAPH.build.pickle``, e.g. ``build/graph.trig.build.pickle``).

A rebuild reads it back and

- parses again only the curation files whose bytes changed (the others' parsed models, with
  their line numbers, are the state's);
- runs every cross-check again over the whole corpus (ids, references, endpoint types, dates,
  cycles, quotes: they are fast, and a change in one file can break another), so the problems
  of a failed rebuild are those of a full build, with the same ``file:line:col``;
- converts again only the parts (one per source and curation file) whose anchored items changed
  or whose relation ends changed kind (:func:`extract.convert.convert_parts`), and applies the
  difference to the previous Dataset;
- checks the SHACL shapes of only the nodes the changed triples can affect
  (:func:`graph.shacl.check_changed_shapes`), provided the previous graph passed them all.

The state is a generated artefact like the graph: written atomically after a build succeeds,
keyed by the code of ``graph/`` and ``extract/`` (and the shapes), the vocabulary file, the base
IRI, the data folder and the working directory (messages name files relative to it), and
ignored when the key differs or the file cannot be read. ``THREADLINE_CACHE=0`` turns it off.

Trust: the state is a pickle, and reading a pickle runs whatever it says. It is as trusted as
the build folder it sits in, like the view cache (:mod:`extract.cache`, docs/security.md).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdflib import Dataset

    from graph.vocabulary import Vocabulary

    from .convert import Part
    from .loader import Loaded
    from .schema import CurationFile

FORMAT = b"threadline-build-state 1\n"
SWITCH = "THREADLINE_CACHE"


def enabled() -> bool:
    return os.environ.get(SWITCH, "").strip() != "0"


def state_path(graph_file: Path) -> Path:
    return graph_file.with_name(graph_file.name + ".build.pickle")


def code_stamp() -> str:
    """The package version and the size and time of every module of ``graph/`` and
    ``extract/`` (and the shapes): a cache is never read by other code than the one that wrote
    it."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("threadline")
    except PackageNotFoundError:
        release = "unknown"
    parts = [release]
    root = Path(__file__).resolve().parent.parent
    for folder in (root / "graph", root / "extract"):
        for pattern in ("*.py", "*.yaml", "*.ttl"):
            for path in sorted(folder.glob(pattern)):
                st = path.stat()
                parts.append(f"{path.name}\t{st.st_size}\t{st.st_mtime_ns}")
    return "\n".join(parts)


def state_key(data_dir: Path, base_iri: str | None, vocab: Vocabulary) -> bytes:
    digest = hashlib.sha256(FORMAT)
    digest.update(code_stamp().encode())
    digest.update(vocab.path.read_bytes())
    digest.update(f"\n{vocab.path.resolve()}\n{base_iri or ''}\n{data_dir.resolve()}\n".encode())
    digest.update(os.getcwd().encode())
    return digest.hexdigest().encode()


@dataclass
class BuildState:
    """What a successful build leaves for the next one."""

    loaded: dict[str, tuple[str, Loaded[CurationFile]]]  # curation path -> (sha256, parsed)
    parts: dict[tuple[Any, str | None], Part]  # (graph, curation file) -> its triples
    dataset: Dataset
    shapes_checked: bool  # the dataset passed every SHACL shape
    key: bytes = field(default=b"", repr=False)


def read_state(graph_file: Path, key: bytes) -> BuildState | None:
    """The state of the build of ``graph_file``, or None when there is none, it was written for
    other code or inputs, or it cannot be read (a cache miss, never an error)."""
    try:
        with state_path(graph_file).open("rb") as handle:
            if handle.readline() != FORMAT or handle.readline().strip() != key:
                return None
            state = pickle.load(handle)  # noqa: S301 - as trusted as build/ (module docstring)
    except Exception:  # a missing, truncated or foreign file is a cache miss, nothing more
        return None
    return state if isinstance(state, BuildState) else None


def write_state(graph_file: Path, key: bytes, state: BuildState) -> None:
    """Keep ``state`` for the next build; a state that cannot be written is left alone (the
    next build is a full one)."""
    from graph.errors import StoreError
    from graph.store import atomic_writer

    try:
        with atomic_writer(state_path(graph_file), "wb") as handle:
            handle.write(FORMAT + key + b"\n")
            pickle.dump(state, handle, protocol=5)
    except (StoreError, OSError, pickle.PicklingError, RecursionError):
        pass
