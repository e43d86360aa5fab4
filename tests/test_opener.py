"""The opener: one composition root for the CLI and the app, one message for one mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.cli import main
from extract.opener import Opener, Settings, SettingsError
from graph.source_texts import documents, text_refusal

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "data" / "mini"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_settings_from_the_environment() -> None:
    s = Settings.from_env({"THREADLINE_DATA": str(MINI), "THREADLINE_LAZY_ABOVE": "10"})
    assert (s.data, s.graph, s.store, s.lazy_above, s.rebuild) == (MINI, None, "memory", 10, False)
    built = Settings.from_env({"THREADLINE_GRAPH": "g.nq"})
    assert (built.graph, built.store) == (Path("g.nq"), "oxigraph")  # a file: Oxigraph by default


def test_the_app_and_the_cli_name_an_unknown_store_alike(capsys, monkeypatch) -> None:
    with pytest.raises(SettingsError) as app_error:
        Settings.from_env({"THREADLINE_STORE": "nope"})
    monkeypatch.setenv("THREADLINE_STORE", "nope")
    code, _, err = run(capsys, "--data", str(MINI), "stats")
    assert code == 1 and err == f"error: {app_error.value}\n"


def test_a_bad_lazy_threshold_is_one_message_in_both(capsys, monkeypatch) -> None:
    with pytest.raises(SettingsError) as app_error:
        Settings.from_env({"THREADLINE_LAZY_ABOVE": "200k"})
    assert str(app_error.value).startswith("THREADLINE_LAZY_ABOVE='200k' is not a number")
    monkeypatch.setenv("THREADLINE_LAZY_ABOVE", "200k")
    code, _, err = run(capsys, "--data", str(MINI), "stats")
    assert code == 1 and err == f"error: {app_error.value}\n"


def test_a_server_without_an_endpoint_names_what_was_given() -> None:
    app = Opener(Settings.from_env({"THREADLINE_STORE": "sparql"}))
    with pytest.raises(SettingsError, match=r"^THREADLINE_STORE=sparql needs THREADLINE_ENDPOINT "):
        app.dataset()
    cli = Opener(Settings(MINI, Path("g.trig"), "sparql"))
    with pytest.raises(SettingsError, match=r"^--store sparql needs --endpoint URL"):
        cli.dataset()


def test_a_missing_graph_is_the_same_message_but_for_the_name(tmp_path: Path) -> None:
    missing = tmp_path / "nothing"
    env = {"THREADLINE_GRAPH": str(missing), "THREADLINE_STORE": "memory"}
    app = Opener(Settings.from_env(env))
    with pytest.raises(SettingsError) as app_error:
        app.dataset()
    cli = Opener(Settings(MINI, missing, "oxigraph"))
    with pytest.raises(SettingsError) as cli_error:
        cli.dataset()
    assert str(app_error.value) == (
        f"THREADLINE_GRAPH={cli_error.value}, or unset THREADLINE_GRAPH to build the corpus"
    )


def test_the_corpus_built_in_memory_has_texts_documents_stories_and_coverage() -> None:
    opener = Opener(Settings(MINI, rebuild=False))
    view = opener.view()
    assert view.resolve("Khalil") == "mahmoud-khalil"
    assert set(opener.texts()) == set(opener.documents())
    assert opener.origin == f"built from {MINI}"
    assert isinstance(opener.coverage(), str) and opener.coverage()


def test_a_graph_file_gives_the_same_documents_as_the_curation(tmp_path: Path) -> None:
    built = Opener(Settings(MINI, rebuild=False))
    loaded = Opener(Settings(MINI, tmp_path / "graph.trig"), on_note=lambda _: None)
    assert loaded.documents() == built.documents()
    assert loaded.notes == [f"note: {tmp_path / 'graph.trig'} is missing; building it first"]
    assert loaded.stories() == [] and loaded.coverage() == ""
    assert loaded.texts() == built.texts()
    assert [d[0] for d in documents(loaded.dataset())] == sorted(built.documents())


def test_one_text_refusal_for_the_build_and_the_reader(tmp_path: Path) -> None:
    (tmp_path / "inner").mkdir()
    assert text_refusal(tmp_path, "../x.txt") == "text '../x.txt' is outside the sources/ folder"
    assert text_refusal(tmp_path, "inner") == "text 'inner' is a folder, not a text file"
    assert text_refusal(tmp_path, "a.txt") is None
