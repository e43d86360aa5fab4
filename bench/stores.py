"""Benchmark: the stores and views at 10k, 100k and 1M triples, side by side in one run.

For each size a synthetic corpus is written once by ``bench/synth.py`` (seeded, cached as
``build/synth-SIZE-sSEED.nq``: delete those after changing the curation). Each configuration
then runs in a fresh Python process, so its memory figures are its own:

- ``memory``, ``oxigraph``: load the file with ``graph.load_dataset`` (Oxigraph parses with its
  native ``ox-nquads``), build the whole NetworkX projection, then time the queries on it;
- ``oxigraph-lazy`` (and ``memory-lazy``, off at 1M: rdflib's SPARQL engine takes minutes there):
  load, then time the queries on a ``graph.LazyView``, which projects only what each question
  needs; every run asks afresh (the view's focused parts are forgotten before it);
- ``sparql-lazy``: ``oxigraph load`` into a database, ``oxigraph serve`` it, and time the lazy
  view over HTTP (the load row is the bulk load; "server RSS" is the server's memory).

Every query runs --runs times after a warm-up and the median is reported; PageRank's cached
result and the name index / anchor offsets are cleared before every run, so those rows are what
computing them costs. Memory is the resident set size (VmRSS) after imports, after the load
(plus ``gc.collect()``) and after the projection, and the peak (VmHWM) over the whole run. The
table puts the configurations side by side per size, with the ratios of every figure: memory /
Oxigraph (whole and lazy), whole / lazy on Oxigraph, and HTTP server / embedded.

usage: python bench/stores.py [--sizes 10k,100k,1m] [--stores memory,oxigraph,...] [--runs 5]
                              [--skip memory-lazy@1m] [--seed 7] [--json results.json]
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
STORES = ("memory", "oxigraph", "oxigraph-lazy", "sparql-lazy")
RATIOS = (  # (numerator, denominator, column): figures of two configurations side by side
    ("memory", "oxigraph", "mem/ox"),
    ("memory-lazy", "oxigraph-lazy", "mem/ox lazy"),
    ("oxigraph", "oxigraph-lazy", "whole/lazy"),
    ("sparql-lazy", "oxigraph-lazy", "http/embed"),
)
DEFAULT_SKIP = "memory-lazy@1m"  # rdflib's SPARQL engine takes minutes per question at 1M
LAZY = "-lazy"  # a store name ending so: the view the app uses at scale (graph.lazy), no projection
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


def load(store: str, path: str) -> tuple[Any, dict[str, Any]]:
    """The Dataset of ``path`` on ``store`` (``sparql``: ``path`` is the query URL of a server
    the parent loaded), with the load time and the memory before and after."""
    import graph
    from graph.remote import Endpoint, RemoteDataset

    gc.collect()
    out: dict[str, Any] = {"RSS after imports (MB)": rss_mb()}
    started = time.perf_counter()
    if store == "sparql":
        ds: Any = RemoteDataset(Endpoint.from_url(path, timeout=600))
    else:
        ds = graph.load_dataset(path, store)
    out["load (s)"] = time.perf_counter() - started
    gc.collect()
    out["RSS after load (MB)"] = rss_mb()
    return ds, out


def lazy_worker(store: str, path: str, runs: int) -> dict[str, Any]:
    """Load ``path`` into ``store`` and time the queries on a lazy view (no whole projection).

    Every question is asked afresh each run (the view's focused projections and name index are
    forgotten before it), so each figure is the SPARQL fetch plus the projection of the part.
    """
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from queries import median_ms

    import graph

    ds, out = load(store, path)
    view = graph.LazyView(ds)
    names = [n for n, _d in view.degree(50)]
    person = "donald-trump" if "donald-trump" in names else names[0]
    musk = "elon-musk" if "elon-musk" in view.node_table() else names[1]
    copies = sorted(n for n in view.node_table() if re.fullmatch(r"alice-weidel-c\d+", n))
    far = copies[len(copies) // 2] if copies else names[2]

    def fresh(keep_names: bool = True) -> Any:
        def clear() -> None:
            kept = view._cache.get("name_rows")
            view.refresh()
            if keep_names and kept is not None:
                view._cache["name_rows"] = kept

        return clear

    timed = {
        "first search (name index) (ms)": (view.names, fresh(keep_names=False)),
        "search (ms)": (lambda: graph.search(view, "khalil"), fresh()),
        "entity profile (ms)": (lambda: graph.entity(view, person), fresh()),
        "timeline of an actor (ms)": (lambda: graph.timeline(view, person), fresh()),
        "neighbours depth 2 (ms)": (lambda: graph.neighbors(view, person, 2), fresh()),
        "path between two actors (ms)": (
            lambda: graph.paths(view, musk, far, max_len=6, exclude_types=["country"]),
            fresh(),
        ),
        "PageRank, uncached (ms)": (lambda: graph.centrality(view, "pagerank", limit=20), fresh()),
        "timeline of a month (ms)": (
            lambda: graph.timeline(view, start="2025-03", end="2025-03"),
            fresh(),
        ),
        "overview counts (ms)": (lambda: graph.stats(view), None),
    }
    for name, (call, before) in timed.items():
        out[name] = median_ms(call, runs, before)
    out["peak RSS (MB)"] = rss_mb("VmHWM")
    out["picked"] = f"{person}; path {musk} → {far}"
    out["nodes"] = out["edges"] = 0
    return out


def worker(store: str, path: str, runs: int) -> dict[str, Any]:
    """Load ``path`` into ``store``, project it and time the queries (in this fresh process)."""
    if store.endswith(LAZY):
        return lazy_worker(store.removesuffix(LAZY), path, runs)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from queries import _pick, median_ms

    import graph

    ds, out = load(store, path)
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
        "timeline of a month (ms)": (
            lambda: graph.timeline(view, start="2025-03", end="2025-03"),
            None,
        ),
        "overview counts (ms)": (lambda: graph.stats(view), None),
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


def run_server(path: Path, runs: int, timeout: float) -> dict[str, Any]:
    """The lazy view on an Oxigraph SPARQL server: ``oxigraph load`` (bulk, timed as the load),
    ``oxigraph serve``, then the worker queries it over HTTP. Memory figures are the client's;
    the server's resident memory is added as "server RSS"."""
    import tempfile

    sys.path.insert(0, str(ROOT / "tests"))
    from servers import OXIGRAPH, oxigraph_server

    with tempfile.TemporaryDirectory(prefix="threadline-bench-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        subprocess.run(
            [str(OXIGRAPH), "load", "--location", str(folder / "db"), "--file", str(path)],
            check=True,
            capture_output=True,
        )
        loaded = time.perf_counter() - started
        with oxigraph_server(folder) as server:
            figures = run_one("sparql-lazy", server.query_url, runs, timeout)
            figures["server RSS (MB)"] = _server_rss(folder)
    figures["load (s)"] = loaded
    return figures


def _server_rss(folder: Path) -> float | None:
    """VmRSS of the `oxigraph serve` process whose database is in ``folder``."""
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if str(folder) in (proc / "cmdline").read_text(errors="replace"):
                found = re.search(r"^VmRSS:\s+(\d+) kB", (proc / "status").read_text(), re.M)
                return int(found.group(1)) / 1024 if found else None
        except OSError:
            continue
    return None


def run_one(store: str, path: Path | str, runs: int, timeout: float) -> dict[str, Any]:
    if store == "sparql-lazy" and isinstance(path, Path):
        return run_server(path, runs, timeout)
    cmd = [sys.executable, __file__, "--worker", store, str(path), "--runs", str(runs)]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=timeout)
    if done.returncode:
        raise RuntimeError(f"{store} on {path} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _fmt(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.2f}" if value < 10 else f"{value:.0f}"


def _ratio(a: float | None, b: float | None) -> str:
    """``a / b`` to two significant digits (0.0031×, 0.52×, 6.7×, 14×), or a dash."""
    if a is None or not b:
        return "—"
    r = a / b
    return f"{r:.1f}×" if 0.95 <= r < 100 else f"{r:.2g}×"


def table(results: dict[str, dict[str, dict[str, Any]]], quads: dict[str, int]) -> str:
    """One block per size: each configuration's figures, and the memory / Oxigraph ratios of the
    whole-projection views and of the lazy ones."""
    lines = []
    for label, by_store in results.items():
        whole = by_store.get("oxigraph") or by_store.get("memory") or {}
        some = next(iter(by_store.values()))
        shape = (
            f"projection {whole['nodes']:,} nodes, {whole['edges']:,} edges"
            if whole.get("nodes")
            else "no whole projection"
        )
        lines.append(
            f"\n{label}: {quads[label]:,} triples, {shape} (medians; queries on {some['picked']})"
        )
        order = ("memory", "oxigraph", "memory-lazy", "oxigraph-lazy", "sparql-lazy")
        configs = [s for s in order if s in by_store]
        pairs = [(m, o, label) for m, o, label in RATIOS if m in by_store and o in by_store]
        header = f"{'figure':38}" + "".join(f"{c:>14}" for c in configs)
        header += "".join(f"{label:>13}" for _m, _o, label in pairs)
        lines.append(header)
        names: list[str] = []
        for figures in by_store.values():
            names += [k for k, v in figures.items() if isinstance(v, float) and k not in names]
        for name in names:
            row = f"{name:38}" + "".join(f"{_fmt(by_store[c].get(name)):>14}" for c in configs)
            for m, o, _label in pairs:
                mem, ox = by_store[m].get(name), by_store[o].get(name)
                row += f"{_ratio(mem, ox):>13}"
            lines.append(row)
    return "\n".join(lines)


def verdicts(results: dict[str, dict[str, dict[str, Any]]]) -> str:
    out = []
    for config in ("oxigraph", "oxigraph-lazy"):
        ox = results.get("1m", {}).get(config)
        if not ox:
            out.append(f"targets (issue 6, {config} at 1M triples): not measured in this run")
            continue
        out.append(f"targets (issue 6, {config} at 1M triples):")
        for name, limit in TARGETS.items():
            ok = "met" if ox[name] < limit else "NOT met"
            out.append(f"  {name:36} {_fmt(ox[name]):>8} < {_fmt(limit):>6}  {ok}")
    return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10k,100k,1m", help=f"some of {', '.join(SIZES)}")
    ap.add_argument("--stores", default=",".join(STORES))
    ap.add_argument(
        "--skip",
        default=DEFAULT_SKIP,
        help=f"store@size pairs to leave out, e.g. memory@1m (default {DEFAULT_SKIP})",
    )
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
    known = (*STORES, "memory-lazy")
    unknown = [s for s in sizes if s not in SIZES] + [s for s in stores if s not in known]
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
