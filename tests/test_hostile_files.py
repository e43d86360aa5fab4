"""Hostile and unlucky files: each gives one exact, located line, and nothing is written.

Texts outside sources/, a NUL in a curation file, an alias bomb, a base IRI that is not one,
look-alike curation files, an empty curation, and the file system refusing a write (a full disk,
a file-size limit, a folder that cannot be written, a file where a folder must be). Fixtures are in
tests/data/broken/hostile/ (see tests/data/README.md, "hostile files"). Each case copies
tests/data/mini into a temporary folder that is the working directory, puts an old graph at
build/graph.trig and checks that the build leaves it as it was, with no temporary file beside it.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from extract.cli import main
from extract.errors import CurationErrors
from extract.validate import validate
from graph.errors import StoreError
from graph.source_texts import read_texts
from graph.store import atomic_writer, load_dataset

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
MINI = TESTS / "data" / "mini"
HOSTILE = TESTS / "data" / "broken" / "hostile"
OLD = "# an old graph, which a refused build leaves as it was\n"
TEXT_HINT = "put the text file in sources/ and give its name, e.g. text: mini.txt"
REUSE = (
    "write the value out; anchors and aliases are not used in curation files"
    " (put text that starts with & in quotes)"
)
IRI_HINT = "give one such as https://example.org/threadline/id/"
ONLY = "only *.yaml and *.yml files are curation files"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of tests/data/mini, the working directory, with an old graph in build/."""
    shutil.copytree(MINI, tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("THREADLINE_BASE_IRI", raising=False)
    monkeypatch.delenv("THREADLINE_STORE", raising=False)
    monkeypatch.delenv("THREADLINE_DEBUG", raising=False)
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "graph.trig").write_text(OLD)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, list[str]]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err.splitlines()


def untouched(folder: Path, name: str = "graph.trig") -> None:
    """``folder`` holds only the old graph: nothing replaced it, no temporary file is left."""
    assert sorted(p.name for p in folder.iterdir()) == [name]
    assert (folder / name).read_text() == OLD


def refused(capsys: pytest.CaptureFixture[str], project: Path, *problems: str) -> None:
    """`threadline build` prints exactly these problems and writes nothing."""
    code, out, err = run(capsys, "--data", ".", "build")
    n = len(problems)
    assert (code, out) == (1, "")
    assert err == [*problems, f"{n} problem{'s' if n != 1 else ''} found; nothing was written"]
    untouched(project / "build")


def install(project: Path, folder: str, fixture: str) -> None:
    shutil.copyfile(HOSTILE / folder / fixture, project / folder / "mini.yaml")


# ---------------------------------------------------------------- 4. texts outside sources/
@pytest.mark.parametrize(
    ("fixture", "text"),
    [
        ("text-outside.yaml", "../../etc/hostname"),
        ("text-absolute.yaml", "/etc/hostname"),
    ],
)
def test_a_text_outside_sources_is_refused(capsys, project: Path, fixture: str, text: str) -> None:
    install(project, "sources", fixture)
    line = f"sources/mini.yaml:8:7: text {text!r} is outside the sources/ folder — {TEXT_HINT}"
    with pytest.raises(CurationErrors) as info:
        validate(project)
    assert [str(p) for p in info.value.problems] == [line]
    refused(capsys, project, line)


def test_a_text_that_is_the_folder_is_refused(capsys, project: Path) -> None:
    install(project, "sources", "text-folder.yaml")
    line = f"sources/mini.yaml:8:7: text '.' is a folder, not a text file — {TEXT_HINT}"
    refused(capsys, project, line)


def test_a_symbolic_link_out_of_sources_is_refused(capsys, project: Path) -> None:
    outside = project / "elsewhere.txt"
    shutil.copyfile(project / "sources" / "mini.txt", outside)  # the right text, but outside
    (project / "sources" / "mini.txt").unlink()
    (project / "sources" / "mini.txt").symlink_to(outside)
    line = f"sources/mini.yaml:6:7: text 'mini.txt' is outside the sources/ folder — {TEXT_HINT}"
    refused(capsys, project, line)


def _fifo_outside(project: Path, text: str) -> Path:
    """sources/mini.yaml names ``text``; a FIFO there would block whoever opens it."""
    meta = project / "sources" / "mini.yaml"
    meta.write_text(meta.read_text().replace("text: mini.txt", f"text: {text}"))
    return meta


@pytest.mark.parametrize("relative", [True, False], ids=["relative", "absolute"])
def test_read_texts_never_opens_a_text_outside_sources(project: Path, relative: bool) -> None:
    fifo = project / "secret"
    os.mkfifo(fifo)  # opening it for reading blocks until a writer comes: a read would hang
    text = "../secret" if relative else str(fifo)
    meta = _fifo_outside(project, text)
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            read_texts(project / "sources")
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            outcome.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(10)
    if reader.is_alive():  # it opened the FIFO: unblock it, then fail
        with open(fifo, "w"):
            pass
        pytest.fail("read_texts opened a file outside sources/")
    (error,) = outcome
    assert isinstance(error, StoreError)
    assert str(error) == (f"{meta}:6:7: text {text!r} is outside the sources/ folder — {TEXT_HINT}")


def test_read_texts_refuses_a_folder(project: Path) -> None:
    meta = _fifo_outside(project, ".")
    with pytest.raises(StoreError) as info:
        read_texts(project / "sources")
    assert str(info.value) == f"{meta}:6:7: text '.' is a folder, not a text file — {TEXT_HINT}"


def test_the_app_shows_no_text_from_outside_sources(
    project: Path, monkeypatch: pytest.MonkeyPatch, mini_build
) -> None:
    """The Reader's texts come from read_texts for a graph built beforehand."""
    meta = _fifo_outside(project, "/etc/hostname")
    monkeypatch.setenv("THREADLINE_DATA", str(project))
    monkeypatch.setenv("THREADLINE_GRAPH", str(mini_build.output))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == [
        f"{meta}:6:7: text '/etc/hostname' is outside the sources/ folder — {TEXT_HINT}"
    ]


# ---------------------------------------------------------------- 5. base IRI
@pytest.mark.parametrize(
    ("value", "line"),
    [
        ("javascript:alert(1)", f"is not an absolute http(s) IRI — {IRI_HINT}"),
        ("not an iri", f"is not an absolute http(s) IRI — {IRI_HINT}"),
        ("https:///id/", f"is not an absolute http(s) IRI — {IRI_HINT}"),
        (
            "https://example.org/a b/",
            f"is not a valid IRI (invalid IRI code point ' ') — {IRI_HINT}",
        ),
        (
            "https://example.org/{id}/",
            f"is not a valid IRI (invalid IRI code point '{{') — {IRI_HINT}",
        ),
        ("https://example.org/id", "does not end with / or # — e.g. https://example.org/id/"),
        (
            "https://example.org/id/?x=1",
            f"has a query (?) or fragment (#) before its end — {IRI_HINT}",
        ),
    ],
)
def test_a_base_iri_must_be_an_http_iri(
    capsys, project: Path, monkeypatch: pytest.MonkeyPatch, value: str, line: str
) -> None:
    code, out, err = run(capsys, "--data", ".", "--base-iri", value, "build")
    assert (code, out, err) == (1, "", [f"error: --base-iri {value!r} {line}"])
    untouched(project / "build")
    monkeypatch.setenv("THREADLINE_BASE_IRI", value)
    code, out, err = run(capsys, "--data", ".", "build")
    assert (code, out, err) == (1, "", [f"error: THREADLINE_BASE_IRI {value!r} {line}"])
    untouched(project / "build")


@pytest.mark.parametrize("value", ["https://example.org/id/", "http://example.org/kg#"])
def test_an_http_base_iri_builds(capsys, project: Path, value: str) -> None:
    code, _, err = run(capsys, "--data", ".", "--base-iri", value, "build")
    assert (code, err) == (0, [])
    assert f"@prefix ent: <{value}entity/> ." in (project / "build" / "graph.trig").read_text()


# ---------------------------------------------------------------- 10, 11. YAML
@pytest.mark.parametrize(
    ("fixture", "line"),
    [
        ("nul-byte.yaml", "curation/mini.yaml:7:35: a NUL character (U+0000) — remove it"),
        (
            "control-character.yaml",
            "curation/mini.yaml:6:12: a control character (U+001B) — remove it",
        ),
        ("anchor-alias.yaml", f"curation/mini.yaml:9:15: YAML anchor '&khalil' — {REUSE}"),
    ],
)
def test_yaml_the_reader_refuses_is_located(capsys, project: Path, fixture: str, line: str) -> None:
    install(project, "curation", fixture)
    refused(capsys, project, line)


def test_several_unacceptable_characters_are_counted(capsys, project: Path) -> None:
    path = project / "curation" / "mini.yaml"
    path.write_text(path.read_text().replace("Marco Rubio\n", "Marco\x00Rubio\x07\n"))
    refused(
        capsys,
        project,
        "curation/mini.yaml:11:17: a NUL character (U+0000), the first of 2 characters YAML"
        " does not accept — remove them",
    )


def test_an_alias_text_is_refused_with_a_hint(capsys, project: Path) -> None:
    path = project / "curation" / "mini.yaml"
    path.write_text(path.read_text().replace("aliases: [Khalil]", "aliases: [*Khalil]"))
    refused(
        capsys,
        project,
        "curation/mini.yaml:6:15: YAML alias '*Khalil' — write the value out; anchors and"
        " aliases are not used in curation files (put text that starts with * in quotes)",
    )


BOMB_RUN = """
import sys, time, tracemalloc
from extract.errors import CurationErrors
from extract.validate import validate
tracemalloc.start()
started = time.perf_counter()
try:
    validate(sys.argv[1])
except CurationErrors as exc:
    print(exc)
print(f"{time.perf_counter() - started:.3f} {tracemalloc.get_traced_memory()[1]}")
"""


def test_an_alias_bomb_is_refused_fast_in_bounded_memory(project: Path) -> None:
    install(project, "curation", "alias-bomb.yaml")

    def limited() -> None:  # a regression must fail, not eat the machine: 2 GB, 60 s of CPU
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
        resource.setrlimit(resource.RLIMIT_CPU, (60, 60))

    done = subprocess.run(
        [sys.executable, "-c", BOMB_RUN, str(project)],
        capture_output=True,
        text=True,
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        preexec_fn=limited,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    message, figures = done.stdout.splitlines()
    assert message == f"curation/mini.yaml:5:5: YAML anchor '&a' — {REUSE}"
    seconds, peak = figures.split()
    assert float(seconds) < 1.0
    assert int(peak) < 5_000_000  # bytes traced while validating; expanding would need gigabytes


# ---------------------------------------------------------------- 14. the file system
def test_a_symbolic_link_loop_in_curation(capsys, project: Path) -> None:
    (project / "curation" / "loop.yaml").symlink_to("loop.yaml")
    (project / "curation" / "gone.yml").symlink_to("nowhere.yaml")
    link = "point the link at a curation file, or remove it"
    refused(
        capsys,
        project,
        f"curation/gone.yml: is a symbolic link to a file that does not exist — {link}",
        f"curation/loop.yaml: is a symbolic link that loops — {link}",
    )


def test_a_folder_named_like_a_curation_file(capsys, project: Path) -> None:
    (project / "curation" / "more.yaml").mkdir()
    refused(
        capsys,
        project,
        "curation/more.yaml: is a folder, not a curation file"
        " — move its files into curation/ or rename it",
    )


@pytest.mark.parametrize("where", ["afile/graph.trig", "afile/sub/graph.trig"])
def test_an_output_under_a_file(capsys, project: Path, where: str) -> None:
    (project / "afile").write_text("a file\n")
    code, out, err = run(capsys, "--data", ".", "build", "-o", where)
    assert (code, out) == (1, "")
    assert err == [
        f"error: cannot write {where}: afile is a file, not a folder"
        " — give -o a path in an existing folder"
    ]
    assert (project / "afile").read_text() == "a file\n"


def test_the_default_build_folder_is_a_file(capsys, project: Path) -> None:
    shutil.rmtree(project / "build")
    (project / "build").write_text(OLD)
    code, out, err = run(capsys, "--data", ".", "build")
    assert (code, out) == (1, "")
    assert err == [
        "error: cannot write build/graph.trig: build is a file, not a folder"
        " — give --graph a path in an existing folder"
    ]
    assert (project / "build").read_text() == OLD


def test_the_writer_names_a_file_where_a_folder_must_be(project: Path) -> None:
    (project / "afile").write_text("a file\n")
    target = project / "afile" / "x.trig"
    with pytest.raises(StoreError) as info, atomic_writer(target) as out:
        out.write("never")
    assert str(info.value) == f"cannot write {target}: {target.parent} is a file, not a folder"


def _make_read_only(folder: Path) -> str:
    """Make ``folder`` refuse new files; returns the system's reason (root ignores modes)."""
    if os.geteuid() == 0:
        if shutil.which("chattr") is None:
            pytest.skip("root writes into a read-only folder, and chattr is not installed")
        done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"chattr +i is not supported here: {done.stderr.strip()}")
        return "Operation not permitted"
    folder.chmod(0o555)
    return "Permission denied"


def _writable_again(folder: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(folder)], check=False)
    folder.chmod(0o755)


def test_a_read_only_build_folder(capsys, project: Path) -> None:
    folder = project / "build"
    reason = _make_read_only(folder)
    try:
        code, out, err = run(capsys, "--data", ".", "build")
    finally:
        _writable_again(folder)
    assert (code, out, err) == (1, "", [f"error: cannot write build/graph.trig: {reason}"])
    untouched(folder)


def test_a_device_is_never_replaced(capsys, project: Path) -> None:
    """`-o /dev/full`: the atomic writer would rename a file over the device; it refuses."""
    code, out, err = run(capsys, "--data", ".", "build", "-o", "/dev/full")
    assert (code, out) == (1, "")
    assert err == [
        "error: cannot write /dev/full: it is a device, pipe or socket, not a regular file"
        " — give -o a file path, e.g. build/graph.trig"
    ]
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
    with pytest.raises(StoreError) as info, atomic_writer("/dev/full") as handle:
        handle.write("never")
    assert str(info.value) == (
        "cannot write /dev/full: it is a device, pipe or socket, not a regular file"
        " — give the path of a file"
    )
    assert not list(Path("/dev").glob(".full.*.tmp"))


def _cli(project: Path, *args: str, **popen) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "extract.cli", *args],
        capture_output=True,
        text=True,
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
        **popen,
    )


def test_a_full_disk(project: Path) -> None:
    """A 4 KiB tmpfs, mounted in a mount namespace of the test's own (unshare(1)): it goes
    away with the process, and the host's mounts never see it."""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("mounting a small tmpfs needs root and unshare(1)")
    full = project / "full"
    full.mkdir()
    inner = (
        'mount -t tmpfs -o size=4k tmpfs full || exit 99; echo old > full/graph.trig; "$@"; '
        'echo "exit $?"; ls -A full; cat full/graph.trig'
    )
    command = [sys.executable, "-m", "extract.cli", "--data", ".", "--graph", "full/graph.trig"]
    unshare = ["unshare", "--mount", "--propagation", "private", "sh", "-c", inner, "sh"]
    done = subprocess.run(
        [*unshare, *command, "build"],
        capture_output=True,
        text=True,
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    if done.returncode == 99 or "unshare:" in done.stderr:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    assert done.stderr.splitlines() == [
        "error: cannot write full/graph.trig: No space left on device"
    ]
    assert done.stdout.splitlines() == ["exit 1", "graph.trig", "old"]
    assert list(full.iterdir()) == []  # the mount went with the namespace


def test_a_file_size_limit(project: Path) -> None:
    """RLIMIT_FSIZE (any user): the write fails with EFBIG; the old graph stays."""

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an error from write(), not a signal
        resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))

    done = _cli(project, "--data", ".", "build", preexec_fn=limited)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines() == ["error: cannot write build/graph.trig: File too large"]
    untouched(project / "build")


def test_an_unforeseen_file_system_error_is_one_line(
    capsys, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The catch-all at the boundary (here `save-store` under a file); THREADLINE_DEBUG=1
    raises."""
    (project / "afile").write_text("a file\n")
    code, out, err = run(capsys, "save-store", "afile/db")
    assert (code, out) == (1, "")
    assert err == ["error: afile: File exists (THREADLINE_DEBUG=1 shows the traceback)"]
    monkeypatch.setenv("THREADLINE_DEBUG", "1")
    with pytest.raises(FileExistsError):
        main(["save-store", "afile/db"])
    assert (project / "afile").read_text() == "a file\n"


# ---------------------------------------------------------------- 15. which files are curation
def test_a_yml_curation_file_is_read(capsys, project: Path) -> None:
    (project / "curation" / "mini.yaml").rename(project / "curation" / "mini.yml")
    corpus = validate(project)
    assert corpus.counts == {"sources": 1, "entities": 9, "events": 2, "relations": 3}
    code, out, err = run(capsys, "--data", ".", "build")
    assert (code, err) == (0, [])
    assert "marco-rubio" in (project / "build" / "graph.trig").read_text()


def test_a_yml_source_metadata_file_is_read(project: Path) -> None:
    (project / "sources" / "mini.yaml").rename(project / "sources" / "mini.yml")
    assert validate(project).counts["sources"] == 1
    assert list(read_texts(project / "sources")) == ["mini"]


def test_a_source_declared_twice(capsys, project: Path) -> None:
    shutil.copyfile(project / "sources" / "mini.yaml", project / "sources" / "mini.yml")
    refused(
        capsys,
        project,
        "sources/mini.yml: source 'mini' is declared again (first in sources/mini.yaml)"
        " — keep one metadata file per source",
    )


def test_look_alike_curation_files_are_refused(capsys, project: Path) -> None:
    curation = project / "curation"
    text = (curation / "mini.yaml").read_text()
    for name in ("other.YAML", "more.yaml.txt", "notes"):
        (curation / name).write_text(text)
    (curation / "old.json").write_text('{"source": "mini", "entities": []}\n')
    (curation / "ignore.yml").write_text("ignore: []\n")
    # not curation, or not meant to be read: a JSON Schema, notes, backups, hidden files
    (curation / "curation.schema.json").write_text('{"$schema": "x"}\n')
    (curation / "README.md").write_text("source: is the first key\n")
    for name in ("mini.yaml~", "mini.yaml.bak", ".mini.yaml.swp"):
        (curation / name).write_text(text)
    refused(
        capsys,
        project,
        "curation/ignore.yml: the ignore list is read from ignore.yaml — rename it ignore.yaml",
        f"curation/more.yaml.txt: is not read: {ONLY} — rename it more.yaml",
        "curation/notes:1:1: looks like a curation file (a top-level 'source' key) but is not"
        f" read: {ONLY} — rename it notes.yaml",
        "curation/old.json:1:1: looks like a curation file (a top-level 'source' key) but is not"
        f" read: {ONLY} — rename it old.yaml (JSON is YAML)",
        f"curation/other.YAML: is not read: {ONLY} — rename it other.yaml",
    )


def test_an_empty_curation_never_replaces_a_graph(capsys, project: Path) -> None:
    (project / "curation" / "mini.yaml").unlink()
    code, out, err = run(capsys, "--data", ".", "build")
    assert (code, out) == (1, "")
    assert err == [
        "error: no entities or events in curation (0 curation files read) — nothing was written"
        " (build/graph.trig is unchanged); add curation files (*.yaml), or write an empty graph"
        " with `threadline build --allow-empty`"
    ]
    untouched(project / "build")
    code, out, err = run(capsys, "--data", ".", "build", "--allow-empty")
    assert (code, err) == (0, [])
    assert out.startswith("wrote build/graph.trig: ")


def test_a_curation_file_without_items_is_empty_too(capsys, project: Path) -> None:
    (project / "curation" / "mini.yaml").write_text("source: mini\n")
    code, _, err = run(capsys, "--data", ".", "build")
    assert code == 1
    assert err[0].startswith("error: no entities or events in curation (1 curation file read)")
    untouched(project / "build")


# ---------------------------------------------------------------- 16. stores and graph paths
def test_an_unknown_store_in_the_environment_names_it(
    capsys, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("THREADLINE_STORE", "nope")
    code, out, err = run(capsys, "--data", ".", "stats")
    assert (code, out) == (1, "")
    assert err == [
        "error: THREADLINE_STORE='nope': unknown store 'nope' — choose memory, oxigraph or"
        " sparql (with THREADLINE_ENDPOINT), or unset it"
    ]
    code, _, err = run(capsys, "--data", ".", "--store", "memory", "--graph", "g.trig", "stats")
    assert code == 0  # the option, given, wins over the variable


def _app(monkeypatch: pytest.MonkeyPatch, **env: str) -> AppTest:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception, at.exception
    return at


def test_the_app_names_an_unknown_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("THREADLINE_GRAPH", raising=False)
    at = _app(monkeypatch, THREADLINE_STORE="nope")
    assert [e.value for e in at.error] == [
        "THREADLINE_STORE='nope': unknown store 'nope' — choose memory, oxigraph or sparql"
        " (with THREADLINE_ENDPOINT), or unset it"
    ]


def test_the_app_says_a_graph_path_does_not_exist(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("THREADLINE_STORE", raising=False)
    missing = tmp_path / "nonexistent"
    at = _app(monkeypatch, THREADLINE_GRAPH=str(missing))
    assert [e.value for e in at.error] == [
        f"THREADLINE_GRAPH={missing}: no such graph — give a graph file (.trig or .nq) written by"
        f" `threadline build`, or an Oxigraph directory written by `threadline save-store"
        f" {missing}`, or unset THREADLINE_GRAPH to build the corpus"
    ]
    assert not missing.exists()


def test_loading_a_path_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as info:
        load_dataset(tmp_path / "nonexistent")
    assert str(info.value) == (
        f"{tmp_path / 'nonexistent'}: no such file or directory — give a graph file (.trig or"
        " .nq) written by `threadline build`, or an Oxigraph directory written by `threadline"
        " save-store`"
    )


@pytest.mark.parametrize("command", [["build"], ["stats"]], ids=["build", "stats"])
def test_a_graph_in_a_missing_folder_is_refused(capsys, project: Path, command: list[str]) -> None:
    target = project / "nonexistent" / "x.trig"
    code, out, err = run(capsys, "--data", ".", "--graph", str(target), *command)
    assert (code, out) == (1, "")
    assert err == [
        f"error: cannot write {target}: the folder {target.parent} does not exist — create it"
        f" first (mkdir -p {target.parent}) or give --graph a path in an existing folder"
    ]
    assert not target.parent.exists()
    untouched(project / "build")


def test_the_default_build_folder_is_made(capsys, project: Path) -> None:
    shutil.rmtree(project / "build")
    code, out, err = run(capsys, "--data", ".", "build", "-o", "build/other.trig")
    assert (code, err) == (0, [])
    assert (project / "build" / "other.trig").is_file()


def test_every_hostile_fixture_is_tested_and_documented() -> None:
    readme = (TESTS / "data" / "README.md").read_text(encoding="utf-8")
    here = Path(__file__).read_text(encoding="utf-8")
    fixtures = sorted(HOSTILE.glob("*/*.yaml"))
    assert len(fixtures) == 7
    assert [f.name for f in fixtures if f"hostile/{f.parent.name}/{f.name}" not in readme] == []
    assert [f.name for f in fixtures if f'"{f.name}"' not in here] == []


@pytest.mark.parametrize(
    ("args", "prefix"),
    [
        (["schema", "-o", "missing/schema.json"], "error"),  # extract's one-line errors
        (["export", "--format", "gexf", "-o", "missing/g.gexf"], "Error"),  # click's
    ],
    ids=["schema", "export"],
)
def test_outputs_in_a_missing_folder_are_refused(
    capsys, project: Path, args: list[str], prefix: str
) -> None:
    code, out, err = run(capsys, "--data", ".", *args)
    assert code == 1
    assert err[-1] == (
        f"{prefix}: cannot write {args[-1]}: the folder missing does not exist — create it "
        "first (mkdir -p missing) or give -o a path in an existing folder"
    )
    assert not (project / "missing").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["neighbors", "Khalil", "--depth", "-1"], "'--depth': -1 is not in the range 0<=x<=10."),
        (
            ["path", "Khalil", "Rubio", "--max-len", "0"],
            "'--max-len': 0 is not in the range 1<=x<=12.",
        ),
        (["path", "Khalil", "Rubio", "-k", "-3"], "'-k': -3 is not in the range 1<=x<=100."),
        (["central", "--limit", "-2"], "'--limit': -2 is not in the range x>=1."),
        (["communities", "--min-size", "0"], "'--min-size': 0 is not in the range x>=1."),
    ],
)
def test_impossible_counts_are_usage_errors(capsys, project: Path, args, message: str) -> None:
    code, out, err = run(capsys, "--data", ".", *args)
    assert code == 1 and out == ""
    assert err == [
        f"Error: Invalid value for {message} (`threadline {args[0]} --help` lists the options)"
    ]
