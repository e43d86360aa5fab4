"""Build the graph: load → validate → anchor → convert → SHACL → write (atomic).

The only entry point the app calls. Nothing is written unless every check passes; a build with no
entity and no event does not replace a graph unless asked to (``allow_empty``).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from graph.vocabulary import Vocabulary, default_vocabulary

from .errors import ExtractError, display_path
from .progress import Progress, ProgressCallback

if TYPE_CHECKING:  # the stages are imported when a build runs, not by every command
    from rdflib import Dataset

    from .model import Corpus
    from .stories import Story

DEFAULT_OUTPUT = Path("build/graph.trig")
BASE_IRI_EXAMPLE = "https://example.org/threadline/id/"


class BuildError(ExtractError):
    """The build cannot start or would write a graph nobody asked for (one line)."""


def base_iri_problem(base_iri: str) -> tuple[str, str] | None:
    """What is wrong with a base IRI and how to fix it, or None for an absolute http(s) IRI that
    ends with ``/`` or ``#`` (entity IRIs are the base followed by ``entity/ID``).

    >>> base_iri_problem("https://example.org/id/") is None
    True
    >>> base_iri_problem("javascript:alert(1)")[0]
    'is not an absolute http(s) IRI'
    >>> base_iri_problem("https://example.org/id")
    ('does not end with / or #', 'e.g. https://example.org/id/')
    """
    hint = f"give one such as {BASE_IRI_EXAMPLE}"
    parts = urlsplit(base_iri)
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return "is not an absolute http(s) IRI", hint
    import pyoxigraph as ox

    try:
        ox.NamedNode(f"{base_iri}entity/x")
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as exc:
        reason = str(exc).splitlines()[0] if str(exc) else "invalid"
        return f"is not a valid IRI ({reason[:1].lower()}{reason[1:]})", hint
    if parts.query or "#" in base_iri[:-1]:
        return "has a query (?) or fragment (#) before its end", hint
    if not base_iri.endswith(("/", "#")):
        return "does not end with / or #", f"e.g. {base_iri}/"
    return None


def check_base_iri(base_iri: str | None, name: str = "base IRI") -> None:
    """Raise :class:`BuildError` naming ``name`` (an option, a variable) for a bad base IRI."""
    if base_iri is None:
        return
    problem = base_iri_problem(base_iri)
    if problem is not None:
        what, hint = problem
        raise BuildError(f"{name} {base_iri!r} {what} — {hint}")


def inputs_fingerprint(data_dir: Path | str, base_iri: str | None = None) -> str:
    """A digest of everything a build reads: the data folder, the vocabulary and the base IRI.

    Written beside the graph (``graph.trig.inputs``), it tells whether a graph file is the build
    of these inputs, so a graph of another folder or of older data is never taken for current.
    """
    data_dir = Path(data_dir).resolve()
    files = sorted(p for p in data_dir.rglob("*") if p.is_file())
    digest = hashlib.sha256(f"{data_dir}\n{base_iri or ''}\n".encode())
    for path in [default_vocabulary().path, *files]:
        stat = path.stat()
        digest.update(f"{path}\t{stat.st_size}\t{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def fingerprint_path(graph_file: Path) -> Path:
    return graph_file.with_name(graph_file.name + ".inputs")


def _refuse_empty(corpus: Corpus, data_dir: Path, output: Path, files: int) -> None:
    counts = corpus.counts
    if counts["entities"] or counts["events"]:
        return
    kept = f" ({output} is unchanged)" if output.exists() else ""
    raise BuildError(
        f"no entities or events in {display_path(data_dir / 'curation')} ({files} curation "
        f"file{'s' if files != 1 else ''} read) — nothing was written{kept}; add curation "
        "files (*.yaml), or write an empty graph with `threadline build --allow-empty`"
    )


STAGES = ("load", "validate", "anchor", "convert", "shacl", "write")


@dataclass
class BuildWork:
    """What a build did again and what it took from the previous build's state
    (:mod:`extract.buildcache`): the curation files it parsed and the parts (source, file) it
    converted, and how many nodes it checked against the SHACL shapes (None: the whole graph)."""

    from_state: bool = False
    parsed: list[str] = field(default_factory=list)
    converted: list[tuple[str, str]] = field(default_factory=list)
    shape_nodes: int | None = None


class BuildResult:
    """The built dataset, the corpus it came from and how long each stage took (seconds).

    A rebuild from the build state checks and writes the graph without an rdflib Dataset;
    ``dataset`` makes it on first use (about half a second for the bundled corpus).
    """

    def __init__(
        self,
        corpus: Corpus,
        output: Path | None,
        timings: dict[str, float] | None = None,
        stories: list[Story] | None = None,
        work: BuildWork | None = None,
        *,
        count: int,
        make: Callable[[], Dataset],
    ) -> None:
        self.corpus = corpus
        self.output = output
        self.timings = timings if timings is not None else {}
        self.stories = stories if stories is not None else []
        self.work = work if work is not None else BuildWork()
        self.triples = count
        """How many triples the graphs hold (the Dataset's length)."""
        self._make = make

    @cached_property
    def dataset(self) -> Dataset:
        return self._make()

    def __repr__(self) -> str:
        return f"BuildResult(output={self.output!r}, triples={self.triples})"


def build(
    data_dir: Path | str = "data",
    output: Path | str | None = DEFAULT_OUTPUT,
    *,
    base_iri: str | None = None,
    vocabulary: Vocabulary | None = None,
    shacl: bool = True,
    progress: ProgressCallback | None = None,
    allow_empty: bool = False,
) -> BuildResult:
    """Validate the curation in ``data_dir`` and build its graph; write it to ``output``.

    ``progress``, if given, is called with a :class:`~extract.progress.Progress` at each stage
    and now and then within the long ones (the library prints nothing). A graph with no entity
    and no event is written only with ``allow_empty``: an empty or misplaced curation folder
    never silently replaces a graph.

    Raises
    ------
    BuildError
        The base IRI is not an absolute http(s) IRI, or the build would write an empty graph.
    extract.errors.CurationErrors
        Every problem found in the curation files and sources, located.
    graph.errors.ShapeViolations
        The converted graph breaks a SHACL shape (a bug in conversion or the shapes).
    """
    from graph.projection import paused_gc

    check_base_iri(base_iri)
    with paused_gc():  # millions of small objects that all stay alive: skip the cycle scans
        vocab = vocabulary or default_vocabulary()
        keep = output is not None and (vocabulary is None or vocabulary is default_vocabulary())
        return _build(data_dir, output, base_iri, vocab, shacl, progress, allow_empty, keep)


def _build(
    data_dir: Path | str,
    output: Path | str | None,
    base_iri: str | None,
    vocab: Vocabulary,
    shacl: bool,
    progress: ProgressCallback | None = None,
    allow_empty: bool = False,
    keep_state: bool = False,
) -> BuildResult:
    from graph.shacl import check_changed_shapes, check_shapes
    from graph.store import atomic_writer, save_dataset

    from . import buildcache
    from .convert import convert_parts, fill_dataset, graph_triples, new_dataset
    from .established import established, established_in_parts
    from .model import Corpus
    from .stories import load_stories
    from .trig_writer import graph_key, trig_blocks, trig_document
    from .validate import anchor_quotes, check_references, load_inputs

    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = now - clock
        clock = now

    def stage(name: str) -> None:
        if progress is not None:
            progress(Progress(name))

    key = state = None
    if keep_state and buildcache.enabled():
        key = buildcache.state_key(Path(data_dir), base_iri, vocab)
        state = buildcache.read_state(Path(output), key)  # type: ignore[arg-type]
    work = BuildWork(from_state=state is not None)
    reuse = state.loaded if state is not None else ({} if key is not None else None)
    inputs = load_inputs(data_dir, progress, reuse)
    work.parsed = [display_path(Path(p)) for p in inputs.parsed_again]
    lap("load")
    # what the last build holds is the reference when declarations disagree
    before = graph_triples(list(state.parts.values())) if state is not None else {}
    if state is not None:  # the previous build's triples are at hand: no parse
        held = established_in_parts(before, set(inputs.sources))
    else:
        held = established(output, set(inputs.sources)) if output is not None else {}
    checked = check_references(inputs, vocab, progress, held)
    lap("validate")
    curated = anchor_quotes(inputs, checked, progress)
    corpus = Corpus(vocab, inputs.sources, curated, checked.entity_types)
    stories = load_stories(inputs.data_dir, corpus, inputs.log)
    inputs.log.raise_if_any()
    if output is not None and not allow_empty:
        _refuse_empty(corpus, inputs.data_dir, Path(output), len(inputs.files))
    lap("anchor")
    earlier = state.parts if state is not None else {}
    parts = buildcache.share_terms(convert_parts(corpus, base_iri, progress, earlier), earlier)
    work.converted = [
        (str(p.graph), p.file)
        for p in parts
        if p.file is not None and earlier.get((p.graph, p.file)) is not p
    ]
    after = graph_triples(parts)
    keys = {name: graph_key(p.key for p in parts if p.graph == name) for name in after}
    union_after: set[tuple[object, object, object]] = set().union(*after.values())
    changed: set[tuple[object, object, object]] = set()
    moved: dict[object, set[object]] = {}  # graph -> the subjects whose triples changed in it
    ds = None  # a rebuild checks and writes without one: made when asked for (BuildResult)
    if state is not None:
        changed = set().union(*before.values()) ^ union_after
        for name, triples in after.items():
            held = state.blocks.get(name)
            if name in before and held is not None and held.key != keys[name]:
                moved[name] = {s for s, _p, _o in before[name] ^ triples}
    else:
        ds = fill_dataset(new_dataset(base_iri), parts)

    def dataset() -> Dataset:
        nonlocal ds
        if ds is None:
            ds = fill_dataset(new_dataset(base_iri), parts)
        return ds

    lap("convert")
    if shacl:
        if state is not None and state.shapes_checked:
            from graph.shacl_scope import around

            stage(f"checking SHACL shapes of what {len(changed)} changed triples touch")
            scope = around(union_after, changed)  # type: ignore[arg-type]
            work.shape_nodes = check_changed_shapes(scope, changed, dataset)  # type: ignore[arg-type]
        else:
            stage(f"checking SHACL shapes of {sum(map(len, after.values()))} triples")
            check_shapes(dataset())
    lap("shacl")
    path = None
    if output is not None:
        stage(f"writing {output}")
        # TriG, or N-Quads for a .nq file (either keeps one named graph per source)
        namespaces = list(new_dataset(base_iri).namespaces())
        blocks = {}
        if Path(output).suffix == ".nq":
            path = save_dataset(dataset(), output, "nquads")
        else:
            path = Path(output)
            earlier_blocks = state.blocks if state is not None else None
            blocks = trig_blocks(after, keys, namespaces, earlier_blocks, moved)
            with atomic_writer(path) as handle:
                handle.write(trig_document(blocks, namespaces))
        with atomic_writer(fingerprint_path(path)) as handle:
            handle.write(inputs_fingerprint(data_dir, base_iri) + "\n")
        if key is not None:
            kept = {(p.graph, p.file): p for p in parts}
            held = buildcache.BuildState(inputs.parsed, kept, blocks, shapes_checked=shacl)
            buildcache.write_state(path, key, held)
    lap("write")
    timings["total"] = sum(timings[s] for s in STAGES)
    count = sum(map(len, after.values()))
    return BuildResult(corpus, path, timings, stories, work, count=count, make=dataset)
