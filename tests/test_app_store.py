"""The app on the embedded Oxigraph store ($THREADLINE_STORE=oxigraph): same graph, same pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent


def overview(monkeypatch: pytest.MonkeyPatch, store: str | None) -> AppTest:
    if store is None:
        monkeypatch.delenv("THREADLINE_STORE", raising=False)
    else:
        monkeypatch.setenv("THREADLINE_STORE", store)
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()


def test_overview_on_oxigraph_shows_the_same_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    ox = overview(monkeypatch, "oxigraph")
    assert not ox.exception, ox.exception
    assert "Graph store: Oxigraph, embedded" in [c.value for c in ox.sidebar.caption]
    mem = overview(monkeypatch, None)
    assert "Graph store: rdflib, in memory" in [c.value for c in mem.sidebar.caption]
    counts = {m.label: m.value for m in ox.metric}
    assert counts == {m.label: m.value for m in mem.metric}
    assert int(counts["Entities"]) > 250
    ox.text_input(key="q").set_value("ozturk").run()
    assert not ox.exception, ox.exception
    assert any("Rümeysa Öztürk" in str(e.proto) for e in ox.get("page_link"))


def test_an_unknown_store_is_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    at = overview(monkeypatch, "postgres")
    assert not at.exception, at.exception
    assert "unknown store 'postgres'" in at.error[0].value


def test_the_store_is_a_setting_in_the_sidebar(monkeypatch: pytest.MonkeyPatch) -> None:
    at = overview(monkeypatch, None)
    assert at.sidebar.selectbox(key="graph_store").value == "memory"
    before = {m.label: m.value for m in at.metric}
    at.sidebar.selectbox(key="graph_store").set_value("oxigraph").run()
    assert not at.exception, at.exception
    assert "Graph store: Oxigraph, embedded" in [c.value for c in at.sidebar.caption]
    assert {m.label: m.value for m in at.metric} == before
    for page in ("entity", "stories", "query", "timeline"):  # it holds on every page
        at.switch_page(f"app_pages/{page}.py").run()
        assert not at.exception, at.exception
    assert "Graph store: Oxigraph, embedded" in [c.value for c in at.sidebar.caption]
