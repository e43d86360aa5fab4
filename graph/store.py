"""Open, load and save the RDF Dataset: one named graph per source, union for queries.

Stores: ``memory`` (rdflib's own, the default for small corpora) and ``oxigraph`` (embedded
Oxigraph through oxrdflib, parsed with its native ``ox-*`` parsers), in memory or as an on-disk
Oxigraph directory (written by :func:`write_oxigraph_directory`, opened read-only by
:func:`load_dataset`). Writes are atomic: a temporary file or directory in the target folder,
then a rename.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import Dataset, Graph

from .errors import StoreError
from .namespaces import IriMinter

STORES = ("memory", "oxigraph")
RDF_FORMATS = {"trig": "trig", "nquads": "nquads", "turtle": "turtle", "jsonld": "json-ld"}
EXPORT_FORMATS = (*sorted(RDF_FORMATS), "graphml", "gexf", "csv", "timelinejs")  # graph.exports
SUFFIX_FORMATS = {".trig": "trig", ".nq": "nquads", ".ttl": "turtle", ".jsonld": "jsonld"}
GRAPH_FILE_FORMATS = {".trig": "trig", ".nq": "nquads"}


def new_dataset(store: str = "memory") -> Dataset:
    """An empty Dataset on the chosen store, with the project's prefixes bound."""
    if store == "memory":
        ds = Dataset()
    elif store == "oxigraph":
        ds = Dataset(store="Oxigraph")
    else:
        raise StoreError(f"unknown store {store!r} — choose one of {', '.join(STORES)}")
    return _bind_prefixes(ds)


def _bind_prefixes(ds: Dataset) -> Dataset:
    for prefix, ns in IriMinter().prefixes().items():
        ds.bind(prefix, ns)
    return ds


class NativeStore:
    """A graph file read into Oxigraph's own in-memory store, for SPARQL only: no rdflib terms
    are made (`threadline query` answers from it; :func:`graph.sparql.run_query`)."""

    def __init__(self, store: ox.Store, prefixes: dict[str, str]) -> None:
        self.store = store
        self.prefixes = prefixes

    def namespaces(self) -> Iterator[tuple[str, str]]:
        """The file's prefixes, as rdflib's ``Dataset.namespaces`` gives them."""
        return iter(self.prefixes.items())


def load_native(path: Path | str) -> NativeStore:
    """Read a TriG or N-Quads graph file into a :class:`NativeStore` (a tenth of the time of
    :func:`load_dataset`: Oxigraph parses and holds the quads itself)."""
    path = Path(path)
    fmt = GRAPH_FILE_FORMATS.get(path.suffix)
    if fmt is None or not path.is_file():
        return NativeStore(*_native_of(load_dataset(path, "oxigraph")))  # its own message
    parser = ox.parse(
        path=str(path),
        format=ox.RdfFormat.TRIG if fmt == "trig" else ox.RdfFormat.N_QUADS,
        base_iri=path.resolve().as_uri(),
    )
    store = ox.Store()
    try:
        store.bulk_extend(parser)
    except Exception as exc:  # parsers raise many types; the message is what matters
        raise StoreError(f"{path}: not valid {fmt}: {str(exc).splitlines()[0]}") from exc
    prefixes = {p: str(ns) for p, ns in IriMinter().prefixes().items()}
    prefixes.update(dict(parser.prefixes))
    return NativeStore(store, prefixes)


def _native_of(ds: Dataset) -> tuple[ox.Store, dict[str, str]]:
    return ds.store._inner, {p: str(ns) for p, ns in ds.namespaces()}  # type: ignore[attr-defined]


def load_dataset(path: Path | str, store: str = "memory") -> Dataset:
    """Read a TriG or N-Quads file into a Dataset, or open an Oxigraph directory (``oxigraph``)."""
    path = Path(path)
    if path.is_dir():
        return open_oxigraph_directory(path, store)
    fmt = GRAPH_FILE_FORMATS.get(path.suffix)
    if fmt is None and not path.exists():
        raise StoreError(
            f"{path}: no such file or directory — give a graph file (.trig or .nq) written by "
            "`threadline build`, or an Oxigraph directory written by `threadline save-store`"
        )
    if fmt is None:
        raise StoreError(
            f"{path}: cannot load a {path.suffix or 'suffix-less'} file — use .trig or .nq, "
            "or an Oxigraph directory with --store oxigraph"
        )
    if not path.is_file():
        raise StoreError(f"{path}: no such graph file — run `threadline build` first")
    ds = new_dataset(store)
    try:
        if store == "memory":
            _parse_into_memory(ds, path, fmt)
        else:
            ds.parse(path, format=f"ox-{fmt}")
    except Exception as exc:  # parsers raise many types; the message is what matters
        raise StoreError(f"{path}: not valid {fmt}: {str(exc).splitlines()[0]}") from exc
    return ds


def _parse_into_memory(ds: Dataset, path: Path, fmt: str) -> None:
    """Parse with Oxigraph's native parser and add the quads to rdflib's memory store.

    Four times faster than rdflib's own TriG parser (docs/performance.md), with the same quads
    added in the same order (so unordered SPARQL answers come out as before), the file's
    prefixes bound, and relative IRIs resolved against the file as rdflib does. Two differences,
    neither a different term in RDF 1.1: ``"x"^^xsd:string`` reads as the plain ``"x"``, and
    language tags read lowercase (``@FR`` as ``@fr``; the build writes them so).
    """
    from rdflib import BNode, Literal, URIRef
    from rdflib.namespace import XSD

    parser = ox.parse(
        path=str(path),
        format=ox.RdfFormat.TRIG if fmt == "trig" else ox.RdfFormat.N_QUADS,
        base_iri=path.resolve().as_uri(),
    )
    string = str(XSD.string)
    terms: dict[object, object] = {}
    graphs: dict[object, Graph] = {}

    def term(t: object) -> object:
        made = terms.get(t)
        if made is None:
            if isinstance(t, ox.NamedNode):
                made = URIRef(t.value)
            elif isinstance(t, ox.BlankNode):
                made = BNode(t.value)
            elif isinstance(t, ox.Literal):
                if t.language:
                    made = Literal(t.value, lang=t.language)
                elif t.datatype.value == string:
                    made = Literal(t.value)
                else:
                    made = Literal(t.value, datatype=URIRef(t.datatype.value))
            else:
                raise StoreError(f"an RDF-star triple term ({t}) — rdflib cannot hold it")
            terms[t] = made
        return made

    def graph(name: object) -> Graph:
        found = graphs.get(name)
        if found is None:
            default = isinstance(name, ox.DefaultGraph)
            found = ds.default_graph if default else ds.graph(term(name))  # type: ignore[arg-type]
            graphs[name] = found
        return found

    ds.addN(
        (term(q.subject), term(q.predicate), term(q.object), graph(q.graph_name))  # type: ignore[misc]
        for q in parser
    )
    for prefix, namespace in parser.prefixes.items():
        ds.bind(prefix, namespace, override=False)


def open_oxigraph_directory(directory: Path | str, store: str = "oxigraph") -> Dataset:
    """The Oxigraph database in ``directory`` as a read-only Dataset, the project's prefixes bound.

    Several processes may read it at once; none may write it meanwhile (replace it with
    :func:`write_oxigraph_directory`, which renames a new database into place).
    """
    directory = Path(directory)
    if store != "oxigraph":
        raise StoreError(
            f"{directory} is a directory — an on-disk Oxigraph database is read with "
            "--store oxigraph"
        )
    from oxrdflib import OxigraphStore  # loads rdflib's SPARQL engine: only when asked for

    return _bind_prefixes(Dataset(store=OxigraphStore(store=_open_read_only(directory))))


def _open_read_only(directory: Path) -> ox.Store:
    hint = "give a directory written by `threadline save-store`, or a .trig/.nq file"
    if not (directory / "CURRENT").is_file():
        raise StoreError(f"{directory}: not an Oxigraph database (no CURRENT file) — {hint}")
    try:
        return ox.Store.read_only(str(directory))
    except OSError as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise StoreError(
            f"{directory}: cannot open it as an Oxigraph database ({reason}) — {hint}"
        ) from exc


def write_oxigraph_directory(source: Path | str, directory: Path | str) -> Path:
    """Bulk-load a TriG or N-Quads file into a new Oxigraph database at ``directory``.

    Atomic: the database is loaded into a temporary sibling directory, flushed and closed, then
    renamed into place. An Oxigraph database (or an empty directory) already there is replaced;
    anything else is refused.
    """
    source, directory = Path(source), Path(directory)
    fmt = GRAPH_FILE_FORMATS.get(source.suffix)
    if fmt is None:
        raise StoreError(
            f"{source}: cannot bulk-load a {source.suffix or 'suffix-less'} file — use .trig or .nq"
        )
    if not source.is_file():
        raise StoreError(f"{source}: no such graph file — run `threadline build` first")
    _check_replaceable(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", suffix=".tmp", dir=directory.parent))
    try:
        try:
            _bulk_load(source, fmt, tmp)
        except SyntaxError as exc:
            raise StoreError(f"{source}: not valid {fmt}: {str(exc).splitlines()[0]}") from exc
        except OSError as exc:
            raise StoreError(f"{tmp}: cannot write the Oxigraph database: {exc}") from exc
        try:
            os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes the directory private
            _rename_over(tmp, directory)
        except OSError as exc:
            raise StoreError(
                f"{directory}: cannot move the new database into place: {exc}"
            ) from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return directory


def _bulk_load(source: Path, fmt: str, directory: Path) -> None:
    """Oxigraph's bulk loader into a new database; flushed and closed (dropped) on return."""
    db = ox.Store(str(directory))
    try:
        formats = {"trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS}
        db.bulk_load(path=str(source), format=formats[fmt])
        db.flush()
    finally:
        del db  # the last reference: RocksDB closes and releases its lock


def _check_replaceable(directory: Path) -> None:
    if not directory.exists():
        return
    if not directory.is_dir():
        raise StoreError(
            f"{directory} is a file — give a directory for the Oxigraph database "
            "(it is created, or an Oxigraph database there is replaced)"
        )
    if not any(directory.iterdir()):
        return
    try:
        db = _open_read_only(directory)
    except StoreError:
        raise StoreError(
            f"{directory} is not an Oxigraph database — refusing to replace it: "
            "remove it or choose another directory"
        ) from None
    del db


def _rename_over(new: Path, target: Path) -> None:
    """Move directory ``new`` to ``target``, replacing a directory there.

    POSIX cannot rename a directory over a non-empty one: the old one is first renamed aside, so
    ``target`` is missing only between two renames, never half written.
    """
    if not target.exists():
        os.rename(new, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
    try:
        os.rename(target, old)  # onto the empty directory just made
    except BaseException:
        old.rmdir()
        raise
    try:
        os.rename(new, target)
    except BaseException:
        os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def copy_dataset(ds: Dataset, store: str = "memory") -> Dataset:
    """Every graph and quad of ``ds`` in a new Dataset on ``store`` (its prefixes bound too).

    Oxigraph gets them as N-Quads through its native parser (the whole bundled corpus in
    ~0.15 s); rdflib's store gets them one quad at a time.

    Examples
    --------
    >>> from rdflib import Literal, URIRef
    >>> ds = new_dataset()
    >>> ds.graph(URIRef("urn:g")).add((URIRef("urn:s"), URIRef("urn:p"), Literal("o")))
    <Graph identifier=urn:g (<class 'rdflib.graph.Graph'>)>
    >>> ox = copy_dataset(ds, "oxigraph")
    >>> type(ox.store).__name__, len(ox), "urn:g" in {str(g.identifier) for g in ox.graphs()}
    ('OxigraphStore', 1, True)
    """
    out = new_dataset(store)
    for prefix, ns in ds.namespaces():
        out.bind(prefix, ns, override=False)
    if store == "oxigraph":
        out.parse(data=ds.serialize(format="nquads"), format="ox-nquads")
    else:
        for quad in ds.quads((None, None, None, None)):
            out.add(quad)
    return out


def union_graph(ds: Dataset) -> Graph:
    """All triples of every graph of ``ds`` in one in-memory graph (for SHACL and Turtle)."""
    g = Graph()
    for prefix, ns in ds.namespaces():
        g.bind(prefix, ns)
    g.addN((s, p, o, g) for s, p, o, _ in ds.quads((None, None, None, None)))
    return g


def jsonld_context(ds: Dataset) -> dict[str, str]:
    """The JSON-LD ``@context`` of an export: the project's prefixes, as bound in ``ds``."""
    project = set(IriMinter().prefixes())
    bound = {prefix: str(ns) for prefix, ns in ds.namespaces() if prefix in project}
    defaults = {prefix: str(ns) for prefix, ns in IriMinter().prefixes().items()}
    return {**defaults, **bound}


def _jsonld(ds: Dataset) -> str:
    """JSON-LD with the project context; the default graph's nodes stand at the top level.

    rdflib writes the default graph as an ``@graph`` object without ``@id``, which JSON-LD
    readers take for a named graph with a blank-node name; its nodes are lifted out here.
    """
    text = ds.serialize(format="json-ld", context=jsonld_context(ds), indent=1)
    doc = json.loads(text)
    if not isinstance(doc, dict) or not isinstance(doc.get("@graph"), list):
        return text
    top: list[object] = []
    for item in doc["@graph"]:
        if isinstance(item, dict) and "@id" not in item and set(item) == {"@graph"}:
            top.extend(item["@graph"])
        else:
            top.append(item)
    return json.dumps({"@context": doc["@context"], "@graph": top}, indent=1, ensure_ascii=False)


def serialize(ds: Dataset, fmt: str) -> str:
    """The Dataset as text in ``fmt`` (trig, nquads, turtle (union), jsonld)."""
    if fmt not in RDF_FORMATS:
        raise StoreError(f"unknown RDF format {fmt!r} — choose one of {', '.join(RDF_FORMATS)}")
    if not isinstance(ds, Dataset | Graph):
        raise StoreError("RDF exports are made from a local build — drop --store sparql")
    if fmt == "turtle":
        return union_graph(ds).serialize(format="turtle")
    if fmt == "jsonld":
        return _jsonld(ds)
    if fmt == "trig":
        return _trig(ds)
    return ds.serialize(format=RDF_FORMATS[fmt])


def _trig(ds: Dataset) -> str:
    """TriG through Oxigraph's writer: quads sorted (graph, subject, predicate, object), so the
    same graph always gives the same text, grouped by subject; 2× faster than rdflib's writer."""
    quads = sorted(
        ox.parse(ds.serialize(format="nquads", encoding="utf-8"), format=ox.RdfFormat.N_QUADS),
        key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)),
    )
    project = IriMinter().prefixes()
    prefixes = {p: str(ns) for p, ns in project.items()}
    prefixes.update({p: str(ns) for p, ns in ds.namespaces() if p in project})
    return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes).decode("utf-8")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _not_a_folder(path: Path) -> Path | None:
    """The nearest ancestor of ``path`` that exists, when it is not a folder."""
    for parent in path.parents:
        if parent.exists():
            return None if parent.is_dir() else parent
    return None


def write_error(path: Path, exc: OSError) -> StoreError:
    """``cannot write PATH: reason``, the reason in words (a file where a folder must be, the
    system's own words otherwise: No space left on device, Permission denied...)."""
    blocker = _not_a_folder(path)
    if blocker is not None:
        reason = f"{blocker} is a file, not a folder"
    else:
        reason = exc.strerror or str(exc) or type(exc).__name__
    return StoreError(f"cannot write {path}: {reason}")


def _check_writable_target(path: Path) -> None:
    """A file can be renamed over a regular file only; a folder, device or pipe is refused."""
    try:
        kind = os.stat(path).st_mode
    except OSError:
        return  # missing (or unreadable: the write itself will say why)
    if stat.S_ISDIR(kind):
        raise StoreError(f"cannot write {path}: it is a folder — give the path of a file")
    if not stat.S_ISREG(kind):
        raise StoreError(
            f"cannot write {path}: it is a device, pipe or socket, not a regular file "
            "— give the path of a file"
        )


@contextmanager
def atomic_writer(path: Path | str, mode: str = "w") -> Iterator[IO]:
    """Write to a temporary file beside ``path`` and rename it into place only on success.

    Raises
    ------
    StoreError
        ``path`` cannot be written (``cannot write PATH: reason``); nothing is left behind.
    """
    path = Path(path)
    _check_writable_target(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise write_error(path, exc) from exc
    try:
        with os.fdopen(fd, mode, encoding=None if "b" in mode else "utf-8") as handle:
            yield handle
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes the file private; use the usual mode
        os.replace(tmp, path)
    except OSError as exc:  # a full disk, a file-size limit, a rename refused...
        Path(tmp).unlink(missing_ok=True)
        raise write_error(path, exc) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_dataset(ds: Dataset, path: Path | str, fmt: str | None = None) -> Path:
    """Serialise ``ds`` atomically; the format follows the suffix unless given."""
    path = Path(path)
    fmt = fmt or SUFFIX_FORMATS.get(path.suffix)
    if fmt is None:
        raise StoreError(
            f"{path}: unknown suffix — use .trig, .nq, .ttl or .jsonld, or give a format"
        )
    text = serialize(ds, fmt)
    with atomic_writer(path) as handle:
        handle.write(text)
    return path
