"""The app on a lazy view (a large store): every page renders without projecting the whole store.

$THREADLINE_LAZY_ABOVE=0 makes the bundled corpus count as large, so these tests run the lazy
code paths on a small graph; bench/app.py measures them at a million triples.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import graph
from extract import BuildResult
from graph.store import save_dataset

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["overview", "timeline", "relations", "entity", "reader", "stories", "query", "data"]


def _page(name: str, **query: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.switch_page(f"app_pages/{name}.py")
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("overview", {"q": "khalil"}),
        ("timeline", {}),
        ("timeline", {"actor": "mahmoud-khalil"}),
        ("relations", {"entity": "elon-musk"}),
        ("relations", {"mode": "connect", "a": "elon-musk", "b": "alice-weidel"}),
        ("entity", {"entity": "marco-rubio"}),
        ("reader", {}),
        ("stories", {}),
        ("query", {}),
        ("data", {}),
    ],
)
def test_pages_never_project_the_whole_store(
    lazy_app: None, whole_projections: list[str], name: str, query: dict[str, str]
) -> None:
    at = _page(name, **query)
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert whole_projections == []


def test_overview_counts_and_rankings(lazy_app: None, bundled_build: BuildResult) -> None:
    at = _page("overview")
    counts = {m.label: m.value for m in at.metric}
    stats = graph.stats(bundled_build.dataset)
    assert (
        counts["Entities"] == f"{stats.entities:,}" and counts["Relations"] == f"{stats.claims:,}"
    )
    captions = " ".join(c.value for c in at.caption)
    assert f"among the {graph.TOP_NODES} most linked entities and events" in captions
    links = [str(e.proto) for e in at.get("page_link")]
    assert "Donald Trump" in links[0] or any("Donald Trump" in x for x in links[:3])
    assert "Graph store: Oxigraph, embedded · fetches only what each page shows" in [
        c.value for c in at.sidebar.caption
    ]


def _shown(at: AppTest) -> list[str]:
    """What a page shows in its main area: text, captions, links and expanders, in order."""
    kinds = ("markdown", "caption", "page_link", "expander", "title", "subheader")
    return [f"{k}: {e.proto}" for k in kinds for e in at.main.get(k)]


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("entity", {"entity": "marco-rubio"}),
        ("entity", {"entity": "donald-trump"}),
        ("reader", {"item": "event:khalil-arrest"}),
    ],
)
def test_pages_show_what_a_whole_view_shows(
    monkeypatch: pytest.MonkeyPatch, name: str, query: dict[str, str]
) -> None:
    monkeypatch.delenv("THREADLINE_GRAPH", raising=False)
    monkeypatch.delenv("THREADLINE_STORE", raising=False)
    monkeypatch.delenv("THREADLINE_LAZY_ABOVE", raising=False)
    whole = _page(name, **query)
    monkeypatch.setenv("THREADLINE_STORE", "oxigraph")
    monkeypatch.setenv("THREADLINE_LAZY_ABOVE", "0")
    lazy = _page(name, **query)
    assert not lazy.exception, lazy.exception
    assert len(_shown(lazy)) > 5
    assert _shown(lazy) == _shown(whole)


def test_data_page_says_exports_read_the_whole_graph(lazy_app: None) -> None:
    at = _page("data")
    assert any("pages fetch only what they show" in i.value for i in at.info)


def test_a_graph_built_beforehand(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, bundled_build: BuildResult, whole_projections
) -> None:
    """$THREADLINE_GRAPH: the app loads a built graph (N-Quads here) instead of the curation."""
    built = save_dataset(bundled_build.dataset, tmp_path / "graph.nq")
    monkeypatch.setenv("THREADLINE_GRAPH", str(built))
    monkeypatch.setenv("THREADLINE_LAZY_ABOVE", "0")
    monkeypatch.delenv("THREADLINE_STORE", raising=False)  # oxigraph is the default for a file
    at = _page("overview")
    assert not at.exception, at.exception
    counts = {m.label: m.value for m in at.metric}
    assert counts["Entities"] == f"{graph.stats(bundled_build.dataset).entities:,}"
    assert any("Lurching Toward Authoritarian Rule" in m.value for m in at.markdown)
    data = _page("data")
    assert any("loaded from" in c.value for c in data.caption)
    assert any("No coverage report" in i.value for i in data.info)
    assert whole_projections == []


def test_a_missing_graph_file_is_a_message(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("THREADLINE_GRAPH", str(tmp_path / "nothing.nq"))
    at = _page("overview")
    assert not at.exception, at.exception
    assert "no such graph file" in at.error[0].value


def test_a_bad_lazy_threshold_is_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THREADLINE_LAZY_ABOVE", "200k")
    at = _page("overview")
    assert not at.exception, at.exception
    assert at.error[0].value.startswith("THREADLINE_LAZY_ABOVE='200k' is not a number of triples")


def test_a_graph_file_and_a_server_together_is_a_message(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("THREADLINE_GRAPH", str(tmp_path / "graph.nq"))
    monkeypatch.setenv("THREADLINE_STORE", "sparql")
    at = _page("overview")
    assert not at.exception, at.exception
    assert "unset one of them" in at.error[0].value
