"""The opener: one composition root for the CLI and the app, one message for one mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.cli import main
from extract.opener import Opener, Settings, SettingsError, app_build_path
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
    # the file is this curation's build: its stories and coverage are the curation's
    assert loaded.stories() == built.stories() and loaded.coverage() == built.coverage()
    assert loaded.texts() == built.texts()
    assert [d[0] for d in documents(loaded.dataset())] == sorted(built.documents())
    # a graph file `threadline build` did not write (no .inputs) has no curation of its own
    foreign = tmp_path / "foreign.trig"
    foreign.write_bytes((tmp_path / "graph.trig").read_bytes())
    other = Opener(Settings(MINI, foreign))
    assert other.documents() == built.documents()  # read from the graph itself
    assert other.stories() == [] and other.coverage() == ""


def test_the_app_keeps_its_build_of_the_data_between_starts(tmp_path: Path) -> None:
    env = {"THREADLINE_DATA": str(MINI)}
    settings = Settings.from_env(env, build_dir=tmp_path)
    assert settings.graph == app_build_path(MINI, tmp_path)
    assert settings.graph is not None and settings.graph.parent.parent == tmp_path / "app"
    assert (settings.rebuild, settings.shacl, settings.store) == (True, False, "memory")
    first = Opener(settings)
    assert type(first.view()).__name__ == "GraphView"  # built, then kept
    again = Opener(settings)
    view = again.view()
    assert type(view).__name__ == "CachedView"  # the next start reads the build cache
    assert view.__dict__.get("_dataset_value") is None  # without parsing the graph file
    assert again.origin == first.origin == f"built from {MINI}"
    assert again.stats() == first.stats() and view.stats() == first.view().stats()
    assert again.documents() == first.documents() and again.stories() == first.stories()
    assert view.__dict__.get("_dataset_value") is None
    memory = Opener(Settings.from_env(env))  # no build folder: built in memory, as before
    assert memory.settings.graph is None and memory.documents() == first.documents()
    assert Settings.from_env({**env, "THREADLINE_CACHE": "0"}, build_dir=tmp_path).graph is None
    # a build folder that cannot be made (here a file stands in its way): built in memory
    blocked = tmp_path / "blocked"
    blocked.write_text("")
    assert Settings.from_env(env, build_dir=blocked).graph is None


def test_one_text_refusal_for_the_build_and_the_reader(tmp_path: Path) -> None:
    (tmp_path / "inner").mkdir()
    assert text_refusal(tmp_path, "../x.txt") == "text '../x.txt' is outside the sources/ folder"
    assert text_refusal(tmp_path, "inner") == "text 'inner' is a folder, not a text file"
    assert text_refusal(tmp_path, "a.txt") is None
