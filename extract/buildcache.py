"""The build state: what a build keeps beside its graph so that the next one redoes only what
changed (``GRAPH.build.pickle``, e.g. ``build/graph.trig.build.pickle``).

A rebuild reads it back and

- parses again only the curation files whose bytes changed (the others' parsed models, with
  their line numbers, are the state's);
- runs every cross-check again over the whole corpus (ids, references, endpoint types, dates,
  cycles, quotes: they are fast, and a change in one file can break another), so the problems
  of a failed rebuild are those of a full build, with the same ``file:line:col``;
- converts again only the parts (one per source and curation file) whose anchored items changed
  or whose relation ends changed kind (:func:`extract.convert.convert_parts`);
- checks the SHACL shapes of only the nodes the changed triples can affect
  (:func:`graph.shacl.check_changed_shapes`, on :func:`graph.shacl_scope.around` of the
  triples), provided the previous graph passed them all;
- writes again the TriG text of only the graphs whose parts changed (:mod:`extract.trig_writer`).

No rdflib Dataset is made on the way (the result makes one when asked for it).

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
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph.vocabulary import Vocabulary

    from .convert import Part
    from .loader import Loaded
    from .schema import CurationFile
    from .trig_writer import Block

FORMAT = b"threadline-build-state 3\n"
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
    blocks: dict[Any, Block]  # graph -> its TriG text (none for an N-Quads build)
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
            pickler = pickle.Pickler(handle, protocol=5)
            pickler.dispatch_table = _term_reducers()
            pickler.dump(state)
    except (StoreError, OSError, pickle.PicklingError, RecursionError):
        pass


def share_terms(parts: list[Part], earlier: Mapping[tuple[Any, str | None], Part]) -> list[Part]:
    """``parts`` with one object per distinct term: the terms of the parts converted again (not
    in ``earlier``) are replaced by equal ones, those of their earlier version where it has them.

    Two equal rdflib terms that are one object compare by identity; two objects compare in
    Python (rdflib's ``__eq__``). Shared, the triples of a rebuild are diffed, indexed and
    written without those calls, and a pickle writes each term once (reading the bundled
    corpus's 12k terms back is 3-4x faster than reading the 75k places they are used). A part
    converted again item by item keeps the earlier, shared triples of its unchanged items and
    is left as it is: its few new triples are not worth a pass over all of them.
    """
    terms: dict[object, object] = {}
    one = terms.setdefault
    out = []
    for part in parts:
        was = earlier.get((part.graph, part.file))
        if was is part or (was is not None and part.items):
            out.append(part)
            continue
        for triple in was.triples if was is not None else ():  # it holds most of the terms
            for term in triple:
                one(term, term)
        canon = {t: (one(t[0], t[0]), one(t[1], t[1]), one(t[2], t[2])) for t in part.triples}
        items = {k: frozenset(canon[t] for t in v) for k, v in part.items.items()}
        out.append(replace(part, triples=frozenset(canon.values()), items=items))
    return out


def _uri(text: str) -> object:
    from rdflib import URIRef

    return str.__new__(URIRef, text)


def _literal(
    text: str, language: str | None, datatype: object, value: object, ill: object
) -> object:
    from rdflib import Literal

    term = str.__new__(Literal, text)
    term._language, term._datatype, term._value, term._ill_typed = language, datatype, value, ill
    return term


def _term_reducers() -> dict[type, Any]:
    """How the state pickles rdflib terms: as the fields they hold, so reading one back skips
    the checks and conversions of ``URIRef()`` and ``Literal()`` (they ran when the build made
    it). A third faster to read for the bundled corpus."""
    import copyreg

    from rdflib import Literal, URIRef

    table = dict(copyreg.dispatch_table)
    table[URIRef] = lambda term: (_uri, (str(term),))
    table[Literal] = lambda term: (
        _literal,
        (str(term), term._language, term._datatype, term._value, term._ill_typed),
    )
    return table
