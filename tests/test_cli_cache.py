"""The build cache (extract/cache.py): the same answers, byte for byte, with and without it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from extract.cache import FORMAT, cache_path
from extract.cli import main

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data"
MINI = ROOT / "tests" / "data" / "mini"  # every command with and without the cache: quick

QUERY_COMMANDS = [
    ["stats"],
    ["search", "khalil"],
    ["search", "rubio", "--format", "json"],
    ["entity", "Mahmoud Khalil"],
    ["entity", "marco-rubio", "--format", "json"],
    ["neighbors", "Mahmoud Khalil"],
    ["neighbors", "Mahmoud Khalil", "--depth", "2", "--format", "csv"],
    ["path", "Mahmoud Khalil", "McCarran-Walter Act"],
    ["timeline"],
    ["timeline", "--entity", "Mahmoud Khalil", "--format", "json"],
    ["central"],
    ["central", "--kind", "pagerank"],
    ["communities"],
    ["query", "SELECT ?s ?l WHERE { ?s rdfs:label ?l } ORDER BY ?s LIMIT 20"],
]


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus built once into a folder of its own (where its cache goes)."""
    target = tmp_path_factory.mktemp("cache") / "graph.trig"
    assert main(["--data", str(BUNDLED), "--graph", str(target), "build"]) == 0
    return target


@pytest.fixture(scope="module")
def mini_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny corpus built once into a folder of its own."""
    target = tmp_path_factory.mktemp("mini-cache") / "graph.trig"
    assert main(["--data", str(MINI), "--graph", str(target), "build"]) == 0
    return target


def _outputs(capsys, graph_file: Path) -> list[tuple[int, str]]:
    results = []
    for args in QUERY_COMMANDS:
        code = main(["--data", str(MINI), "--graph", str(graph_file), *args])
        out, err = capsys.readouterr()
        assert code == 0, (args, err)
        results.append((code, out))
    return results


def test_the_cache_gives_the_same_answers_byte_for_byte(
    capsys, mini_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    capsys.readouterr()
    cache_path(mini_file).unlink(missing_ok=True)
    monkeypatch.setenv("THREADLINE_CACHE", "0")
    without = _outputs(capsys, mini_file)
    assert not cache_path(mini_file).exists()  # off means not written either
    monkeypatch.delenv("THREADLINE_CACHE")
    writing = _outputs(capsys, mini_file)  # the first command writes the cache
    assert cache_path(mini_file).read_bytes().startswith(FORMAT)
    reading = _outputs(capsys, mini_file)  # every command reads it
    assert writing == without
    assert reading == without


def test_a_fresh_process_reads_the_cache_and_answers_the_same(graph_file: Path) -> None:
    args = [sys.executable, "-m", "extract.cli", "--data", str(BUNDLED), "--graph", str(graph_file)]
    env = {**os.environ, "THREADLINE_CACHE": "0"}
    command = [*args, "entity", "Mahmoud Khalil"]
    expected = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)
    env.pop("THREADLINE_CACHE")
    subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)  # writes it
    cached = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)
    assert (cached.returncode, cached.stdout, cached.stderr) == (0, expected.stdout, "")


def test_a_stale_or_broken_cache_is_ignored(capsys, mini_file: Path) -> None:
    args = ["--data", str(MINI), "--graph", str(mini_file), "search", "khalil"]
    assert main(args) == 0
    expected = capsys.readouterr().out
    cache = cache_path(mini_file)
    for broken in (b"", FORMAT + b"other key\n" + b"junk", FORMAT + cache.read_bytes()[:40]):
        cache.write_bytes(broken)
        assert main(args) == 0
        assert capsys.readouterr().out == expected
        assert cache.read_bytes().startswith(FORMAT) and cache.read_bytes() != broken


def test_no_cache_for_a_graph_not_written_by_build(capsys, graph_file: Path, tmp_path) -> None:
    copy = tmp_path / "copy.trig"
    copy.write_bytes(graph_file.read_bytes())  # no .inputs beside it: read as it is
    assert main(["--data", str(BUNDLED), "--graph", str(copy), "search", "khalil"]) == 0
    assert not cache_path(copy).exists()


def test_query_commands_do_not_import_the_app_or_the_build_checks(graph_file: Path) -> None:
    code = (
        "import sys; from extract.cli import main; "
        f"main(['--data', {str(BUNDLED)!r}, '--graph', {str(graph_file)!r}, 'search', 'khalil']);"
        "main(['--help']);"
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'streamlit', 'pyshacl', 'plotly', 'pandas'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stderr
