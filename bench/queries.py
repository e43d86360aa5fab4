"""Benchmark: median latency of every graph query, on the bundled corpus and on one 100× larger.

The large corpus is generated from a seed by ``bench/synth.py``: the bundled curation copied N
times, then rewired so the copies connect (with probability --rewire). Every copy goes through
``extract.convert``, so the RDF has exactly the shape a real build writes. It is queried on
Oxigraph (the store DESIGN.md §6 picks for large corpora; ``--big-store memory`` to try rdflib's).

Each query runs --runs times after a warm-up; the table gives the median in ms. Whole-graph
results that a GraphView caches once per graph version (centrality, communities) are cleared
before every run, so their figure is the cost of computing them; the ", cached" rows are the
calls that follow. The name index and anchor offsets (also built once per graph version, like
the projection) are timed on their own rows.

usage: python bench/queries.py [--runs 7] [--copies 100] [--seed 7] [--data data]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rdflib import Dataset
from synth import _suffix, big_dataset, synthetic

import graph
from extract import build

TARGET_MS = 50.0
PROJECTION_TARGET_MS = 100.0


def median_ms(call: Callable[[], object], runs: int, before: Callable[[], None] | None) -> float:
    if before:
        before()
    call()  # warm-up
    times = []
    for _ in range(runs):
        if before:
            before()
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _pick(view: graph.GraphView, wanted: list[str], fallback: list[str]) -> list[str]:
    """The wanted names if they all resolve, else the fallback ones."""
    try:
        return [view.resolve(n) for n in wanted]
    except graph.GraphError:
        return fallback


def queries(view: graph.GraphView, runs: int, far: str) -> dict[str, float]:
    """Median ms of each query on ``view`` (see the module docstring)."""
    top = [s.id for s in graph.centrality(view, "degree", types=["person"], limit=3)]
    person, musk, weidel = _pick(view, ["donald-trump", "elon-musk", "alice-weidel"], top)
    khalil = _pick(view, ["mahmoud-khalil"], [top[0]])[0]
    cache = view.current.cache

    def forget(*keys: object) -> Callable[[], None]:
        def clear() -> None:
            for key in keys:
                cache.pop(key, None)

        return clear

    def project() -> object:
        return graph.project(view.dataset, view.vocabulary)

    results = {
        "projection (SPARQL → networkx)": median_ms(project, runs, None),
        "name index (first search)": median_ms(view.names, runs, forget("names")),
        "anchor offsets (first evidence)": median_ms(
            view.anchor_details, runs, forget("anchor_details")
        ),
    }
    timed: list[tuple[str, Callable[[], object], tuple[object, ...]]] = [
        ("search('khalil')", lambda: graph.search(view, "khalil"), ()),
        ("search('ozturk') (accents)", lambda: graph.search(view, "ozturk"), ()),
        ("entity(profile)", lambda: graph.entity(view, person), ()),
        ("neighbors(depth=1)", lambda: graph.neighbors(view, person), ()),
        ("neighbors(depth=2)", lambda: graph.neighbors(view, person, 2), ()),
        (
            "neighbors(depth=2, filters)",
            lambda: graph.neighbors(
                view, person, 2, types=["agent", "event"], when=("2025-01", "2025-04")
            ),
            (),
        ),
        ("paths(k=3, near)", lambda: graph.paths(view, musk, weidel), ()),
        (
            "paths(k=3, far copy)",
            lambda: graph.paths(view, musk, far, max_len=6, exclude_types=["country"]),
            (),
        ),
        ("timeline(all)", lambda: graph.timeline(view), ()),
        ("timeline(entity)", lambda: graph.timeline(view, khalil), ()),
        (
            "timeline(entity, related)",
            lambda: graph.timeline(view, person, include_related=True),
            (),
        ),
        (
            "centrality(degree, top 20)",
            lambda: graph.centrality(view, "degree", limit=20),
            (("centrality", "degree"),),
        ),
        (
            "centrality(betweenness, top 20)",
            lambda: graph.centrality(view, "betweenness", limit=20),
            (("centrality", "betweenness"),),
        ),
        (
            "centrality(pagerank, top 20)",
            lambda: graph.centrality(view, "pagerank", limit=20),
            (("centrality", "pagerank"),),
        ),
        ("communities(louvain)", lambda: graph.communities(view), (("communities", 42, 1.0),)),
        ("evidence(entity)", lambda: graph.evidence(view, person), ()),
    ]
    for name, call, keys in timed:
        results[name] = median_ms(call, runs, forget(*keys) if keys else None)
    for name, call, keys in timed:
        if keys:
            results[f"{name}, cached"] = median_ms(call, runs, None)
    return results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--copies", type=int, default=100)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--rewire", type=float, default=0.15)
    ap.add_argument("--data", default="data")
    ap.add_argument("--big-store", choices=("oxigraph", "memory"), default="oxigraph")
    args = ap.parse_args()

    result = build(args.data, None)
    small = graph.GraphView.from_build(result)
    small_ox = graph.GraphView(graph.load_dataset(_trig(result.dataset), "oxigraph"))
    started = time.perf_counter()
    parts = synthetic(result.corpus, args.copies, args.seed, args.rewire)
    big_ds = big_dataset(parts, args.big_store)
    texts = {sid: s.text for part in parts for sid, s in part.sources.items()}
    big = graph.GraphView(big_ds, texts)
    made = time.perf_counter() - started
    g_small, g_big = small.projection.graph, big.projection.graph
    print(
        f"bundled corpus: {len(result.dataset)} triples, {g_small.number_of_nodes()} nodes, "
        f"{g_small.number_of_edges()} edges"
    )
    print(
        f"synthetic corpus (seed {args.seed}, {args.copies} copies, rewire {args.rewire}): "
        f"{len(big_ds)} triples, {g_big.number_of_nodes()} nodes, {g_big.number_of_edges()} "
        f"edges; generated and loaded into {args.big_store} in {made:.1f} s"
    )
    far = _suffix("alice-weidel", args.copies // 2)
    if far not in g_big:
        far = list(g_big)[len(g_big) // 2]
    near = _pick(small, ["alice-weidel"], [next(iter(g_small))])[0]
    rows_small = queries(small, args.runs, near)
    rows_small_ox = queries(small_ox, args.runs, near)
    rows_big = queries(big, max(3, args.runs // 2), far)

    head = ("query", "bundled mem", "bundled ox", f"{args.copies}× {args.big_store[:3]}", "ratio")
    print(f"\n{head[0]:40} {head[1]:>12} {head[2]:>11} {head[3]:>11} {head[4]:>7}   (median ms)")
    for name in rows_small:
        a, b, c = rows_small[name], rows_small_ox[name], rows_big[name]
        ref = b if args.big_store == "oxigraph" else a
        print(f"{name:40} {a:12.2f} {b:11.2f} {c:11.2f} {c / max(ref, 1e-3):6.0f}×")
    setup = ("projection", "name", "anchor")
    over = [n for n, v in rows_small.items() if not n.startswith(setup) and v >= TARGET_MS]
    proj = rows_small["projection (SPARQL → networkx)"]
    proj_ox = rows_small_ox["projection (SPARQL → networkx)"]
    print(
        f"\ntarget: every query under {TARGET_MS:.0f} ms median on the bundled corpus -> "
        + ("met" if not over else f"NOT met by {', '.join(over)}")
    )
    print(
        f"target: projection under {PROJECTION_TARGET_MS:.0f} ms -> rdflib memory {proj:.0f} ms "
        f"({'met' if proj < PROJECTION_TARGET_MS else 'NOT met'}), Oxigraph {proj_ox:.0f} ms "
        f"({'met' if proj_ox < PROJECTION_TARGET_MS else 'NOT met'})"
    )
    return 0


def _trig(ds: Dataset) -> Path:
    path = Path(tempfile.mkdtemp()) / "graph.trig"
    graph.save_dataset(ds, path)
    return path


if __name__ == "__main__":
    sys.exit(main())
