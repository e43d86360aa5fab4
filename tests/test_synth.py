"""bench/synth.py: the seeded synthetic corpus is reproducible, of the asked size, and loads."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

import graph
from extract import BuildResult

ROOT = Path(__file__).resolve().parent.parent


def _synth() -> ModuleType:
    spec = importlib.util.spec_from_file_location("synth", ROOT / "bench" / "synth.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("synth", module)
    spec.loader.exec_module(module)
    return module


synth = _synth()


@pytest.fixture(scope="module")
def small(bundled_build: BuildResult) -> list[str]:
    """About 10k quads: one copy of a sample of the curation."""
    return synth.generate(bundled_build.corpus, 10_000, seed=7)[0]


@pytest.fixture(scope="module")
def shape(bundled_build: BuildResult) -> tuple[int, int]:
    """(quads all copies share, quads each copy adds) for the whole curation."""
    return synth._shape(bundled_build.corpus, 7, synth.REWIRE)


@pytest.fixture(scope="module")
def two_copies(bundled_build: BuildResult, shape: tuple[int, int]) -> list[str]:
    """About 40k quads: two rewired copies of the whole curation."""
    shared, per = shape
    lines, copies, fraction = synth.generate(bundled_build.corpus, shared + 2 * per, seed=7)
    assert (copies, fraction) == (2, 1.0)
    return lines


def test_same_seed_same_quads(mini_build: BuildResult) -> None:
    # two copies of the tiny corpus (one copy alone is never rewired, so ignores the seed)
    corpus = mini_build.corpus
    shared, per = synth._shape(corpus, 7, synth.REWIRE)
    first, copies, fraction = synth.generate(corpus, shared + 2 * per, seed=7)
    assert (copies, fraction) == (2, 1.0)
    assert synth.generate(corpus, shared + 2 * per, seed=7)[0] == first
    other = synth.generate(corpus, shared + 2 * per, seed=8)[0]
    assert other != first and abs(len(other) - len(first)) < 100


@pytest.mark.parametrize("copies", [0, 2])
def test_size_within_ten_percent(
    copies: int, shape: tuple[int, int], small: list[str], two_copies: list[str]
) -> None:
    # 10k (a sample of one copy), and the size of two whole copies (generated once, above)
    shared, per = shape
    size, lines = (10_000, small) if not copies else (shared + copies * per, two_copies)
    assert abs(len(lines) - size) <= 0.1 * size
    assert len(set(lines)) == len(lines) and lines == sorted(lines)


def test_the_copies_are_rewired(two_copies: list[str]) -> None:
    # some claim in the second copy's graph has an entity of the first copy as its object
    objects = [
        line.split(" ")[2]
        for line in two_copies
        if line.split(" ")[1].endswith("#object>") and line.split(" ")[3].endswith("-c1>")
    ]
    assert objects and all(o.endswith("-c1>") or "/entity/" in o for o in objects)
    assert 0.03 < sum(not o.endswith("-c1>") for o in objects) / len(objects) < 0.2


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
@pytest.mark.parametrize("suffix", [".nq", ".trig"])
def test_output_loads_and_answers_queries(
    small: list[str], store: str, suffix: str, tmp_path: Path
) -> None:
    path = synth.write(small, tmp_path / f"synth{suffix}")
    ds = graph.load_dataset(path, store)
    assert len(list(ds.quads((None, None, None, None)))) == len(small)
    view = graph.GraphView(ds)
    assert view.projection.graph.number_of_nodes() > 100
    hub = graph.centrality(view, "degree", types=["person"], limit=1)[0]
    assert hub.id in [hit.id for hit in graph.search(view, hub.label)]
    assert len(graph.neighbors(view, hub.id, 2).nodes) > 10
    assert graph.timeline(view, hub.id, undated=True)  # the sample may hold none of its dated ones
