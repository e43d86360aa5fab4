"""Shared fixtures: the tiny test corpus and the bundled corpus, each built once per session."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from extract import BuildResult, build

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
MINI = TESTS / "data" / "mini"
BUNDLED = ROOT / "data"


@pytest.fixture(scope="session")
def mini_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The tiny corpus of tests/data/mini, built and written to a temporary TriG file."""
    out = tmp_path_factory.mktemp("mini") / "graph.trig"
    return build(MINI, out)


@pytest.fixture(scope="session")
def bundled_build() -> BuildResult:
    """The bundled corpus (data/), built in memory."""
    return build(BUNDLED, None)


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """A writable copy of the tiny corpus."""
    target = tmp_path / "data"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture
def whole_projections(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The Datasets projected whole while the test runs (a lazy view's store must be none)."""
    import graph.projection

    made: list[Any] = []
    original = graph.projection.project

    def counted(ds, vocabulary=None, scope=None):  # noqa: ANN001, ANN202
        if scope is None:
            made.append(ds)
        return original(ds, vocabulary, scope)

    monkeypatch.setattr("graph.view.project", counted)
    return made


@pytest.fixture
def lazy_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app on a lazy view of the bundled corpus: embedded Oxigraph, lazy from 0 triples."""
    monkeypatch.setenv("THREADLINE_STORE", "oxigraph")
    monkeypatch.setenv("THREADLINE_LAZY_ABOVE", "0")
    monkeypatch.delenv("THREADLINE_GRAPH", raising=False)


from appserver import app_url, browser, page  # noqa: E402,F401  (browser fixtures)
