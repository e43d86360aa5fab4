"""Shared fixtures: the tiny test corpus and the bundled corpus, each built once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

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


from appserver import app_url, browser, page  # noqa: E402,F401  (browser fixtures)
