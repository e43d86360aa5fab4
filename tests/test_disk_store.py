"""On-disk Oxigraph directories: written atomically by the bulk loader, opened read-only."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import XSD, Dataset, Literal

import graph.store
from extract import BuildResult
from extract.cli import main
from graph import GraphView, StoreError, entity, run_query, stats, timeline
from graph.store import load_dataset, save_dataset, write_oxigraph_directory

MINI = Path(__file__).resolve().parent / "data" / "mini"
ONE_QUAD = '<urn:s> <urn:p> "one" <urn:g> .\n'


def quads(ds: Dataset) -> set[tuple[str, str, str, str]]:
    """Every quad as text, literals as Oxigraph stores them (oxigraph/oxigraph#526): plain ones
    typed xsd:string, integer subtypes such as xsd:nonNegativeInteger as xsd:integer."""
    out = set()
    for s, p, o, g in ds.quads((None, None, None, None)):
        if isinstance(o, Literal) and o.datatype is None and o.language is None:
            o = Literal(str(o), datatype=XSD.string)
        elif isinstance(o, Literal) and o.datatype == XSD.nonNegativeInteger:
            o = Literal(int(o), datatype=XSD.integer)
        out.add((str(s), str(p), o.n3(), str(g)))
    return out


@pytest.fixture
def nquads(mini_build: BuildResult, tmp_path: Path) -> Path:
    return save_dataset(mini_build.dataset, tmp_path / "graph.nq")


@pytest.fixture
def db(nquads: Path, tmp_path: Path) -> Path:
    return write_oxigraph_directory(nquads, tmp_path / "graph.oxigraph")


def test_directory_holds_the_quads_of_its_source(mini_build: BuildResult, nquads, db) -> None:
    on_disk = load_dataset(db, "oxigraph")
    in_memory = load_dataset(nquads, "oxigraph")
    assert type(on_disk.store).__name__ == "OxigraphStore"
    assert quads(on_disk) == quads(in_memory) == quads(mini_build.dataset)
    assert len(on_disk) == len(mini_build.dataset) == 905


def test_directory_answers_like_the_memory_store(nquads, db) -> None:
    disk, memory = load_dataset(db, "oxigraph"), load_dataset(nquads, "memory")
    assert stats(disk) == stats(memory)
    q = "SELECT ?label WHERE { ?e a schema:Person ; rdfs:label ?label } ORDER BY ?label"
    assert run_query(disk, q).rows == run_query(memory, q).rows  # project prefixes are bound
    disk_view, memory_view = GraphView(disk), GraphView(memory)
    assert entity(disk_view, "Marco Rubio") == entity(memory_view, "Marco Rubio")
    assert timeline(disk_view) == timeline(memory_view)


def test_trig_source(mini_build: BuildResult, tmp_path: Path) -> None:
    db = write_oxigraph_directory(mini_build.output, tmp_path / "db")
    assert quads(load_dataset(db, "oxigraph")) == quads(mini_build.dataset)


def test_directory_opens_read_only_in_several_readers(db) -> None:
    first, second = load_dataset(db, "oxigraph"), load_dataset(db, "oxigraph")
    assert len(first) == len(second) == 905
    with pytest.raises(RuntimeError, match="read-write"):
        first.store._inner.remove(next(iter(first.store._inner)))


def test_an_existing_database_is_replaced_without_leftovers(db, tmp_path: Path) -> None:
    (tmp_path / "one.nq").write_text(ONE_QUAD)
    before = sorted(p.name for p in tmp_path.iterdir())
    assert write_oxigraph_directory(tmp_path / "one.nq", db) == db
    assert quads(load_dataset(db, "oxigraph")) == {
        ("urn:s", "urn:p", f'"one"^^<{XSD.string}>', "urn:g")
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no .tmp or .old sibling


def test_an_empty_directory_is_filled(tmp_path: Path) -> None:
    (tmp_path / "one.nq").write_text(ONE_QUAD)
    (tmp_path / "db").mkdir()
    write_oxigraph_directory(tmp_path / "one.nq", tmp_path / "db")
    assert len(load_dataset(tmp_path / "db", "oxigraph")) == 1


def test_invalid_source_leaves_the_old_database(db, tmp_path: Path) -> None:
    (tmp_path / "bad.nq").write_text("<urn:s> <urn:p> .\n")
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(StoreError, match=r"^.*bad\.nq: not valid nquads: "):
        write_oxigraph_directory(tmp_path / "bad.nq", db)
    assert len(load_dataset(db, "oxigraph")) == 905
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_failed_rename_puts_the_old_database_back(db, tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "one.nq").write_text(ONE_QUAD)
    rename = os.rename

    def fail_into_place(src: Path, dst: Path) -> None:
        if Path(dst) == db and Path(src).name.endswith(".tmp"):
            raise OSError("disk on fire")
        rename(src, dst)

    monkeypatch.setattr(graph.store.os, "rename", fail_into_place)
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(StoreError, match="cannot move the new database into place: disk on fire"):
        write_oxigraph_directory(tmp_path / "one.nq", db)
    assert len(load_dataset(db, "oxigraph")) == 905
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_directory_needs_the_oxigraph_store(db) -> None:
    with pytest.raises(StoreError) as info:
        load_dataset(db, "memory")
    assert str(info.value) == (
        f"{db} is a directory — an on-disk Oxigraph database is read with --store oxigraph"
    )


@pytest.mark.parametrize("content", [None, "notes.txt"])
def test_a_directory_that_is_not_a_database(tmp_path: Path, content: str | None) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    if content:
        (folder / content).write_text("hello")
    with pytest.raises(StoreError) as info:
        load_dataset(folder, "oxigraph")
    assert str(info.value) == (
        f"{folder}: not an Oxigraph database (no CURRENT file) — give a directory written by "
        "`threadline save-store`, or a .trig/.nq file"
    )


def test_a_broken_database_is_a_message(db) -> None:
    (db / "CURRENT").write_text("MANIFEST-999999\n")
    with pytest.raises(StoreError, match=r"cannot open it as an Oxigraph database \(.+\) — give"):
        load_dataset(db, "oxigraph")


def test_refuses_to_replace_what_is_not_a_database(nquads, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "thesis.txt").write_text("precious")
    with pytest.raises(StoreError) as info:
        write_oxigraph_directory(nquads, folder)
    assert str(info.value) == (
        f"{folder} is not an Oxigraph database — refusing to replace it: "
        "remove it or choose another directory"
    )
    assert (folder / "thesis.txt").read_text() == "precious"
    with pytest.raises(StoreError, match=r"graph\.nq is a file — give a directory"):
        write_oxigraph_directory(nquads, nquads)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_bad_sources(tmp_path: Path) -> None:
    with pytest.raises(
        StoreError, match=r"g\.ttl: cannot bulk-load a \.ttl file — use .trig or .nq"
    ):
        write_oxigraph_directory(tmp_path / "g.ttl", tmp_path / "db")
    with pytest.raises(StoreError, match=r"g\.nq: no such graph file — run `threadline build`"):
        write_oxigraph_directory(tmp_path / "g.nq", tmp_path / "db")
    assert not (tmp_path / "db").exists()


# The command line: `threadline save-store DIR`, then `--store oxigraph --graph DIR`.


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_save_store_then_query_the_directory(capsys, tmp_path: Path) -> None:
    trig, db = tmp_path / "graph.trig", tmp_path / "graph.oxigraph"
    code, out, err = run(capsys, "--data", str(MINI), "--graph", str(trig), "save-store", str(db))
    assert code == 0 and "is missing; building it first" in err
    assert out.startswith(f"wrote {db}: 905 triples from {trig} (") and out.endswith(" ms)\n")
    code, from_file, _ = run(capsys, "--data", str(MINI), "--graph", str(trig), "stats")
    code, from_dir, err = run(
        capsys, "--data", str(MINI), "--store", "oxigraph", "--graph", str(db), "stats"
    )
    assert code == 0 and err == "" and from_dir == from_file and "triples   905" in from_dir
    code, out, _ = run(
        capsys,
        "--store",
        "oxigraph",
        "--graph",
        str(db),
        "entity",
        "Marco Rubio",
        "--format",
        "json",
    )
    assert code == 0 and '"label": "Marco Rubio"' in out
    code, out, _ = run(capsys, "--data", str(MINI), "--graph", str(trig), "save-store", str(db))
    assert code == 0 and out.startswith(f"wrote {db}: 905 triples")  # replaced in place


def test_directory_errors_on_the_command_line(capsys, tmp_path: Path) -> None:
    trig, db = tmp_path / "graph.trig", tmp_path / "db"
    assert run(capsys, "--data", str(MINI), "--graph", str(trig), "save-store", str(db))[0] == 0
    code, out, err = run(capsys, "--graph", str(db), "stats")
    assert (code, out) == (1, "")
    assert err == (
        f"error: {db} is a directory — an on-disk Oxigraph database is read with --store oxigraph\n"
    )
    code, _, err = run(capsys, "--graph", str(db), "build")
    assert code == 1 and "is a directory — build writes a TriG file: give -o FILE" in err
    code, _, err = run(capsys, "--graph", str(db), "save-store", str(tmp_path / "other"))
    assert (
        code == 1 and err == f"error: {db} is a directory — give the TriG build with --graph FILE\n"
    )
    code, _, err = run(capsys, "--store", "oxigraph", "--graph", str(tmp_path / "new.ox"), "stats")
    assert code == 1 and err == (
        f"error: {tmp_path / 'new.ox'}: no such graph — give a graph file (.trig or .nq) written "
        f"by `threadline build`, or an Oxigraph directory written by `threadline save-store "
        f"{tmp_path / 'new.ox'}`\n"
    )
    assert not (tmp_path / "new.ox").exists()  # no TriG written under a directory's name
    code, _, err = run(capsys, "--data", str(MINI), "--graph", str(trig), "save-store", str(MINI))
    assert code == 1 and err.strip().endswith(
        "refusing to replace it: remove it or choose another directory"
    )
    assert len(err.splitlines()) == 1


def test_a_stale_directory_is_noted(capsys, mini_copy: Path, tmp_path: Path) -> None:
    trig, db = tmp_path / "graph.trig", tmp_path / "db"
    args = ("--data", str(mini_copy), "--store", "oxigraph")
    assert run(capsys, *args, "--graph", str(trig), "save-store", str(db))[0] == 0
    assert run(capsys, *args, "--graph", str(db), "stats")[2] == ""
    curation = mini_copy / "curation" / "mini.yaml"
    os.utime(curation, ns=(curation.stat().st_atime_ns, curation.stat().st_mtime_ns + 10**9))
    code, out, err = run(capsys, *args, "--graph", str(db), "stats")
    assert code == 0 and "entities  9" in out
    assert (
        err
        == f"note: {db} is not the build of this data; `threadline save-store {db}` rewrites it\n"
    )
