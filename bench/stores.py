"""Benchmark: rdflib's memory store against embedded Oxigraph, at 10k, 100k and 1M triples.

For each size a synthetic corpus is written once by ``bench/synth.py`` (seeded, cached as
``build/synth-SIZE-sSEED.nq``: delete those after changing the curation). Each (store, size)
then runs in a fresh Python process, so its memory figures are its own: load the file with
``graph.load_dataset`` (Oxigraph parses with its native ``ox-nquads``), build the NetworkX
projection, then time the queries. Every query runs --runs times after a warm-up and the median
is reported; PageRank's cached result and the name index / anchor offsets are cleared before
every run, so those rows are what computing them costs.

Memory is the resident set size (VmRSS) after imports, after the load (plus ``gc.collect()``)
and after the projection, and the peak (VmHWM) over the whole run, queries included. The table
puts the stores side by side per size, with the memory / Oxigraph ratio of every figure.

usage: python bench/stores.py [--sizes 10k,100k,1m] [--stores memory,oxigraph] [--runs 5]
                              [--skip memory@1m] [--seed 7] [--json results.json]
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
STORES = ("memory", "oxigraph")
TARGETS = {  # issue 6, at 1M triples on the embedded Oxigraph store
    "load (s)": 10.0,
    "RSS after load (MB)": 1536.0,
    "search (ms)": 100.0,
    "entity profile (ms)": 100.0,
    "timeline of an actor (ms)": 100.0,
    "neighbours depth 2 (ms)": 100.0,
}


def rss_mb(field: str = "VmRSS") -> float:
    """Resident memory of this process in MB (``VmHWM``: the peak so far)."""
    try:
        found = re.search(rf"^{field}:\s+(\d+) kB", Path("/proc/self/status").read_text(), re.M)
        return int(found.group(1)) / 1024  # type: ignore[union-attr]
    except (OSError, AttributeError):  # no /proc: the peak is all resource can tell
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker(store: str, path: str, runs: int) -> dict[str, Any]:
    """Load ``path`` into ``store``, project it and time the queries (in this fresh process)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from queries import _pick, median_ms

    import graph

    gc.collect()
    out: dict[str, Any] = {"RSS after imports (MB)": rss_mb()}
    started = time.perf_counter()
    ds = graph.load_dataset(path, store)
    out["load (s)"] = time.perf_counter() - started
    gc.collect()
    out["RSS after load (MB)"] = rss_mb()
    view = graph.GraphView(ds)
    started = time.perf_counter()
    g = view.projection.graph
    out["projection (s)"] = time.perf_counter() - started
    gc.collect()
    out["RSS after projection (MB)"] = rss_mb()
    out["nodes"], out["edges"] = g.number_of_nodes(), g.number_of_edges()

    top = [s.id for s in graph.centrality(view, "degree", types=["person"], limit=3)]
    person, musk, near = _pick(view, ["donald-trump", "elon-musk", "alice-weidel"], top)
    copies = sorted(
        (int(m.group(1)), n) for n in g if (m := re.fullmatch(rf"{re.escape(near)}-c(\d+)", n))
    )
    far = copies[len(copies) // 2][1] if copies else near
    cache = view.current.cache

    def forget(*keys: object) -> Any:
        return lambda: [cache.pop(key, None) for key in keys]

    timed = {
        "first search (name index) (ms)": (view.names, forget("names")),
        "search (ms)": (lambda: graph.search(view, "khalil"), None),
        "anchor offsets, first evidence (ms)": (view.anchor_details, forget("anchor_details")),
        "entity profile (ms)": (lambda: graph.entity(view, person), None),
        "timeline of an actor (ms)": (lambda: graph.timeline(view, person), None),
        "neighbours depth 2 (ms)": (lambda: graph.neighbors(view, person, 2), None),
        "path between two actors (ms)": (
            lambda: graph.paths(view, musk, far, max_len=6, exclude_types=["country"]),
            None,
        ),
        "PageRank, uncached (ms)": (
            lambda: graph.centrality(view, "pagerank", limit=20),
            forget(("centrality", "pagerank")),
        ),
    }
    for name, (call, before) in timed.items():
        out[name] = median_ms(call, runs, before)
    out["peak RSS (MB)"] = rss_mb("VmHWM")
    out["picked"] = f"{person}; path {musk} → {far}"
    return out


def ensure_corpus(label: str, seed: int, folder: Path) -> Path:
    """The synthetic corpus of one size, written by bench/synth.py unless it exists."""
    path = folder / f"synth-{label}-s{seed}.nq"
    if not path.exists():
        cmd = [sys.executable, str(ROOT / "bench" / "synth.py"), "--triples", str(SIZES[label])]
        subprocess.run([*cmd, "--seed", str(seed), "-o", str(path)], check=True, cwd=ROOT)
    return path


def run_one(store: str, path: Path, runs: int, timeout: float) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--worker", store, str(path), "--runs", str(runs)]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=timeout)
    if done.returncode:
        raise RuntimeError(f"{store} on {path.name} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _fmt(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.2f}" if value < 10 else f"{value:.0f}"


def table(results: dict[str, dict[str, dict[str, Any]]], quads: dict[str, int]) -> str:
    """One block per size: the figures of each store and the memory / Oxigraph ratio."""
    lines = []
    for label, by_store in results.items():
        some = next(iter(by_store.values()))
        lines.append(
            f"\n{label}: {quads[label]:,} triples, projection {some['nodes']:,} nodes, "
            f"{some['edges']:,} edges (medians; queries on {some['picked']})"
        )
        lines.append(f"{'figure':38} {'memory':>10} {'oxigraph':>10} {'mem/ox':>8}")
        names = [k for k, v in some.items() if isinstance(v, float)]
        for name in names:
            mem = by_store.get("memory", {}).get(name)
            ox = by_store.get("oxigraph", {}).get(name)
            ratio = f"{mem / ox:7.1f}×" if mem is not None and ox else "—"
            lines.append(f"{name:38} {_fmt(mem):>10} {_fmt(ox):>10} {ratio:>8}")
    return "\n".join(lines)


def verdicts(results: dict[str, dict[str, dict[str, Any]]]) -> str:
    ox = results.get("1m", {}).get("oxigraph")
    if not ox:
        return "targets (issue 6, Oxigraph at 1M triples): not measured in this run"
    out = ["targets (issue 6, Oxigraph at 1M triples):"]
    for name, limit in TARGETS.items():
        ok = "met" if ox[name] < limit else "NOT met"
        out.append(f"  {name:36} {_fmt(ox[name]):>8} < {_fmt(limit):>6}  {ok}")
    return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10k,100k,1m", help=f"some of {', '.join(SIZES)}")
    ap.add_argument("--stores", default=",".join(STORES))
    ap.add_argument("--skip", default="", help="store@size pairs to leave out, e.g. memory@1m")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--dir", default=str(ROOT / "build"), help="where the corpora are cached")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds per configuration")
    ap.add_argument("--json", help="also write the figures to this file")
    ap.add_argument("--worker", nargs=2, metavar=("STORE", "FILE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker[0], args.worker[1], args.runs)))
        return 0
    sizes = [s.strip().lower() for s in args.sizes.split(",") if s.strip()]
    stores = [s.strip() for s in args.stores.split(",") if s.strip()]
    skip = {s.strip().lower() for s in args.skip.split(",") if s.strip()}
    unknown = [s for s in sizes if s not in SIZES] + [s for s in stores if s not in STORES]
    if unknown:
        ap.error(f"unknown size or store: {', '.join(unknown)}")
    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict[str, dict[str, Any]]] = {}
    quads: dict[str, int] = {}
    for label in sizes:
        path = ensure_corpus(label, args.seed, folder)
        with path.open("rb") as handle:
            quads[label] = sum(1 for _ in handle)
        for store in stores:
            if f"{store}@{label}" in skip:
                print(f"{store}@{label}: skipped", file=sys.stderr)
                continue
            started = time.perf_counter()
            figures = run_one(store, path, args.runs, args.timeout)
            results.setdefault(label, {})[store] = figures
            took = time.perf_counter() - started
            print(f"{store}@{label}: done in {took:.0f} s", file=sys.stderr, flush=True)
    print(table(results, quads))
    print()
    print(verdicts(results))
    if args.json:
        Path(args.json).write_text(json.dumps({"quads": quads, "results": results}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
