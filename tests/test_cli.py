"""The threadline command line: outputs, exit codes, one-line errors, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset

from extract.cli import cli, main

MINI = Path(__file__).resolve().parent / "data" / "mini"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def graph_args(tmp_path: Path) -> list[str]:
    return ["--data", str(MINI), "--graph", str(tmp_path / "graph.trig")]


def test_validate_ok(capsys, graph_args) -> None:
    code, out, _ = run(capsys, *graph_args, "validate")
    assert code == 0
    assert out.strip() == "ok: 1 source(s), 9 entities, 2 events, 3 relations; every quote anchored"


def test_build_then_stats(capsys, graph_args, tmp_path: Path) -> None:
    code, out, _ = run(capsys, *graph_args, "build")
    assert code == 0 and out.startswith(f"wrote {tmp_path / 'graph.trig'}: ")
    assert "SHACL conforms" in out
    code, out, err = run(capsys, *graph_args, "stats")
    assert code == 0 and err == ""
    assert "entities  9" in out and "      3  person" in out and "claims    3" in out


def test_stats_builds_a_missing_graph_first(capsys, graph_args) -> None:
    code, out, err = run(capsys, *graph_args, "stats")
    assert code == 0 and "is missing; building it first" in err and "events    2" in out


def test_query_formats(capsys, graph_args) -> None:
    q = "SELECT ?label WHERE { ?e a schema:Person ; rdfs:label ?label } ORDER BY ?label"
    code, out, _ = run(capsys, *graph_args, "query", q, "--format", "json")
    assert code == 0
    assert json.loads(out) == [
        {"label": "Mahmoud Khalil"},
        {"label": "Marco Rubio"},
        {"label": "Rümeysa Öztürk"},
    ]
    code, out, _ = run(capsys, *graph_args, "query", q, "--format", "csv")
    assert out.splitlines() == ["label", "Mahmoud Khalil", "Marco Rubio", "Rümeysa Öztürk"]
    code, out, _ = run(capsys, *graph_args, "query", q)
    assert out.splitlines()[-1] == "(3 rows)"


def test_query_follows_a_claim_to_its_quote(capsys, graph_args) -> None:
    q = """SELECT ?exact WHERE { ?c rdf:subject ent:marco-rubio ; rdf:predicate rel:holds_position ;
           prov:wasDerivedFrom/oa:hasSelector/oa:exact ?exact }"""
    code, out, _ = run(capsys, *graph_args, "query", q, "--format", "csv")
    assert out.splitlines() == ["exact", "Secretary of State Marco Rubio"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "SELECT ?x WHERE { ?x foo:bar ?y }",
            "error: unknown prefix 'foo:' — declare it with PREFIX",
        ),
        # where the engine stopped (Oxigraph answers `query` on a build: line and column)
        ("SELEC ?x WHERE { ?x ?p ?o }", "error: SPARQL syntax error: error at 1:1"),
        (
            "DELETE WHERE { ?s ?p ?o }",
            "error: only read queries (SELECT, ASK, CONSTRUCT, DESCRIBE)",
        ),
    ],
)
def test_query_errors_are_one_line(capsys, graph_args, query: str, message: str) -> None:
    run(capsys, *graph_args, "build")
    code, out, err = run(capsys, *graph_args, "query", query)
    assert code == 1 and out == ""
    assert err.startswith(message) and err.count("\n") == 1


@pytest.mark.parametrize("fmt", ["turtle", "trig", "nquads", "jsonld"])
def test_export_to_file(capsys, graph_args, tmp_path: Path, fmt: str) -> None:
    out_file = tmp_path / f"export.{fmt}"
    code, _, err = run(capsys, *graph_args, "export", "--format", fmt, "-o", str(out_file))
    assert code == 0 and f"wrote {out_file} ({fmt}," in err
    assert out_file.stat().st_size > 1000


def test_export_nquads_to_stdout(capsys, graph_args) -> None:
    code, out, _ = run(capsys, *graph_args, "export", "--format", "nquads")
    assert code == 0
    assert len(Dataset().parse(data=out, format="nquads")) > 800


def test_invalid_curation_exits_1_with_located_problems(capsys, tmp_path: Path) -> None:
    import shutil

    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    f = data / "curation" / "mini.yaml"
    f.write_text(f.read_text().replace("predicate: studied_at", "predicate: studied"))
    code, out, err = run(capsys, "--data", str(data), "--graph", str(tmp_path / "g.trig"), "build")
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert lines[0].endswith(
        "mini.yaml:72:16: unknown relation 'studied' — did you mean "
        "studied_at, sued? terms are declared in vocabulary.yaml"
    )
    assert lines[-1] == "1 problem found; nothing was written"
    assert not (tmp_path / "g.trig").exists()


def test_unknown_data_folder(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "--data", str(tmp_path / "nowhere"), "validate")
    assert code == 1 and "no sources/ folder in the data directory" in err


def test_usage_error_exits_1(capsys) -> None:
    code, _, err = run(capsys, "export", "--format", "rdfxml")
    assert code == 1 and "Invalid value for '--format'" in err


def test_schema_command(capsys) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0 and json.loads(out)["title"] == "Threadline curation file"


def test_every_command_has_help_with_an_example() -> None:
    for name, command in cli.commands.items():
        assert command.help and "Example: threadline" in command.help, name


def test_console_script_runs() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "extract.cli", "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and "validate" in done.stdout and "export" in done.stdout


def test_graph_of_another_folder_is_rebuilt(capsys, tmp_path: Path) -> None:
    graph_file = str(tmp_path / "graph.trig")
    bundled = str(Path(__file__).resolve().parent.parent / "data")
    assert main(["--data", bundled, "--graph", graph_file, "build"]) == 0
    capsys.readouterr()
    code, out, err = run(capsys, "--data", str(MINI), "--graph", graph_file, "stats")
    assert code == 0 and "is not the build of this data; building it first" in err
    assert "entities  9" in out
    code, out, err = run(capsys, "--data", str(MINI), "--graph", graph_file, "stats")
    assert err == ""  # now current: no rebuild


def test_a_graph_file_not_built_here_is_read_as_it_is(capsys, tmp_path: Path) -> None:
    """A graph from elsewhere (no .inputs stamp beside it) is never rebuilt over."""
    from extract import build
    from graph.store import save_dataset

    bundled = Path(__file__).resolve().parent.parent / "data"
    foreign = save_dataset(build(bundled, None).dataset, tmp_path / "big.nq")
    before = foreign.read_bytes()
    code, out, err = run(capsys, "--data", str(MINI), "--graph", str(foreign), "stats")
    assert code == 0 and err == ""
    assert "entities  319" in out  # the file's graph, not the mini corpus's
    assert foreign.read_bytes() == before


def test_build_writes_nquads_to_a_nq_file(capsys, tmp_path: Path) -> None:
    out_file = tmp_path / "graph.nq"
    assert run(capsys, "--data", str(MINI), "--graph", str(out_file), "build")[0] == 0
    first = out_file.read_text().splitlines()[0]
    assert first.startswith("<") and first.endswith(" .") and "@prefix" not in out_file.read_text()
    code, out, err = run(capsys, "--data", str(MINI), "--graph", str(out_file), "stats")
    assert code == 0 and err == "" and "entities  9" in out
