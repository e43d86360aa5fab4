"""Build the graph: load → validate → anchor → convert → SHACL → write (atomic).

The only entry point the app calls. Nothing is written unless every check passes; a build with no
entity and no event does not replace a graph unless asked to (``allow_empty``).
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
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


_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")


def trig_text(
    graphs: dict[object, set[tuple[object, object, object]]],
    namespaces: Iterable[tuple[str, object]],
) -> str:
    """The graphs (None: the default graph) as TriG: the prefixes, the default graph, then each
    named graph, subjects, predicates and objects in sorted order (the text depends only on the
    triples, so an incremental build writes the same bytes as a full one).

    A plain writer, several times faster than rdflib's (which looks for lists and nests blank
    nodes; a built graph has neither): an IRI is written with a prefix when the rest is a
    simple name, in full otherwise; literals are written by rdflib.
    """
    from rdflib import URIRef

    prefixes = sorted((str(ns), prefix) for prefix, ns in namespaces if prefix)
    by_length = sorted(prefixes, key=lambda item: -len(item[0]))
    used: set[str] = set()
    memo: dict[object, str] = {}

    def term(node: object) -> str:
        text = memo.get(node)
        if text is None:
            if isinstance(node, URIRef):
                iri = str(node)
                for ns, prefix in by_length:
                    if iri.startswith(ns) and _LOCAL.fullmatch(iri[len(ns) :]):
                        used.add(prefix)
                        text = f"{prefix}:{iri[len(ns) :]}"
                        break
                else:
                    text = node.n3()
            else:
                text = node.n3()  # type: ignore[attr-defined]
            memo[node] = text
        return text

    def block(triples: list[tuple[object, object, object]], indent: str) -> list[str]:
        rows: dict[str, dict[str, list[str]]] = {}
        for s, p, o in triples:
            rows.setdefault(term(s), {}).setdefault(term(p), []).append(term(o))
        out = []
        for subject in sorted(rows):
            preds = rows[subject]
            lines = [f"{indent}    {p} {', '.join(sorted(preds[p]))}" for p in sorted(preds)]
            out.append(f"{indent}{subject}\n" + " ;\n".join(lines) + " .\n")
        return out

    body: list[str] = block(list(graphs.get(None, ())), "")
    for name in sorted((g for g in graphs if g is not None), key=str):
        if graphs[name]:
            inner = "\n".join(block(list(graphs[name]), "    "))
            body.append(f"{term(name)} {{\n{inner}}}\n")
    head = [f"@prefix {prefix}: <{ns}> ." for ns, prefix in sorted(prefixes, key=lambda x: x[1])]
    head = [line for line in head if line.split(":")[0].removeprefix("@prefix ") in used]
    return "\n".join(head) + "\n\n" + "\n".join(body)


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


@dataclass
class BuildResult:
    """The built dataset, the corpus it came from and how long each stage took (seconds)."""

    dataset: Dataset
    corpus: Corpus
    output: Path | None
    timings: dict[str, float] = field(default_factory=dict)
    stories: list[Story] = field(default_factory=list)
    work: BuildWork = field(default_factory=BuildWork)

    @property
    def triples(self) -> int:
        return len(self.dataset)


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
    if state is not None:  # the previous build's triples are at hand: no parse
        held = established_in_parts(graph_triples(list(state.parts.values())), set(inputs.sources))
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
    parts = convert_parts(corpus, base_iri, progress, earlier)
    work.converted = [
        (str(p.graph), p.file)
        for p in parts
        if p.file is not None and earlier.get((p.graph, p.file)) is not p
    ]
    changed: set[tuple[object, object, object]] = set()
    if state is not None:  # the previous graph, changed where its parts changed
        ds = state.dataset
        before, after = graph_triples(list(earlier.values())), graph_triples(parts)
        for name in before.keys() | after.keys():
            old, new = before.get(name, set()), after.get(name, set())
            if old == new:
                continue
            g = ds.default_graph if name is None else ds.graph(name)
            for triple in old - new:
                g.remove(triple)
            g.addN((s, p, o, g) for s, p, o in new - old)
        union_before = set().union(*before.values())
        union_after = set().union(*after.values())
        changed = union_before ^ union_after
    else:
        ds = fill_dataset(new_dataset(base_iri), parts)
    lap("convert")
    if shacl:
        if state is not None and state.shapes_checked:
            stage(f"checking SHACL shapes of what {len(changed)} changed triples touch")
            work.shape_nodes = check_changed_shapes(ds, changed)  # type: ignore[arg-type]
        else:
            stage(f"checking SHACL shapes of {len(ds)} triples")
            check_shapes(ds)
    lap("shacl")
    path = None
    if output is not None:
        stage(f"writing {output}")
        # TriG, or N-Quads for a .nq file (either keeps one named graph per source)
        if Path(output).suffix == ".nq":
            path = save_dataset(ds, output, "nquads")
        else:
            path = Path(output)
            text = trig_text(graph_triples(parts), ds.namespaces())
            with atomic_writer(path) as handle:
                handle.write(text)
        with atomic_writer(fingerprint_path(path)) as handle:
            handle.write(inputs_fingerprint(data_dir, base_iri) + "\n")
        if key is not None:
            kept = {(p.graph, p.file): p for p in parts}
            buildcache.write_state(
                path, key, buildcache.BuildState(inputs.parsed, kept, ds, shapes_checked=shacl)
            )
    lap("write")
    timings["total"] = sum(timings[s] for s in STAGES)
    return BuildResult(ds, corpus, path, timings, stories, work)
