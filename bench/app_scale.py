"""Benchmark: the app's pages on a large graph, lazy (graph.lazy) against a whole projection.

Each configuration runs in a fresh process on a synthetic corpus (``bench/synth.py``, cached as
``build/synth-SIZE-sSEED.nq``) given to the app as ``$THREADLINE_GRAPH`` on embedded Oxigraph:

- ``lazy``: ``$THREADLINE_LAZY_ABOVE=0``, pages fetch only what they show;
- ``whole``: the threshold above the corpus, so the app projects the whole graph into NetworkX
  once, as it does for small corpora.

For each page (Streamlit's AppTest runs the real page scripts in-process) it reports the first
render (the page's first question: SPARQL plus the projection of what it shows) and the median
of --runs reruns, then the load, the resident memory after it all, and how many projections of
the whole store were made (a lazy app must make none).

usage: python bench/app_scale.py [--size 1m] [--runs 5] [--configs lazy,whole]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
PAGES: list[tuple[str, str, dict[str, str]]] = [
    ("overview", "overview", {}),
    ("timeline, no actor", "timeline", {}),
    ("timeline of an actor", "timeline", {"actor": "donald-trump"}),
    ("relations, ego network", "relations", {"entity": "donald-trump"}),
    ("relations, connect A and B", "relations", {"mode": "connect", "a": "elon-musk", "b": "$FAR"}),
    ("entity profile", "entity", {"entity": "donald-trump"}),
    ("reader", "reader", {}),
    ("query", "query", {}),
    ("data", "data", {}),
]
PAGE_TARGET_MS = 2000.0


def worker(config: str, path: str, runs: int) -> dict[str, Any]:
    """Render every page on ``path`` in this fresh process (``config``: lazy or whole)."""
    os.environ["THREADLINE_GRAPH"] = path
    os.environ["THREADLINE_STORE"] = "oxigraph"
    os.environ["THREADLINE_LAZY_ABOVE"] = "0" if config == "lazy" else str(10**12)
    from stores import rss_mb
    from streamlit.testing.v1 import AppTest

    import graph.projection
    import graph.view

    whole: list[int] = []
    original = graph.projection.project

    def counted(ds, vocabulary=None, scope=None):  # noqa: ANN001, ANN202
        if scope is None:
            whole.append(1)
        return original(ds, vocabulary, scope)

    graph.view.project = counted
    far = "alice-weidel-c26"
    out: dict[str, Any] = {}
    started = time.perf_counter()
    AppTest.from_file(str(ROOT / "app.py"), default_timeout=600).switch_page(
        "app_pages/query.py"
    ).run()  # the load, and nothing else: the Query page asks the graph nothing
    out["load (ms)"] = (time.perf_counter() - started) * 1000
    for label, name, params in PAGES:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        at.switch_page(f"app_pages/{name}.py")
        for key, value in params.items():
            at.query_params[key] = value.replace("$FAR", far)
        started = time.perf_counter()
        at.run()
        first = (time.perf_counter() - started) * 1000
        if at.exception or at.error:
            raise RuntimeError(f"{label}: {[e.value for e in [*at.exception, *at.error]]}")
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            at.run()
            samples.append((time.perf_counter() - started) * 1000)
        out[f"{label}, first (ms)"] = first
        out[f"{label}, rerun (ms)"] = statistics.median(samples)
    out["RSS at the end (MB)"] = rss_mb()
    out["peak RSS (MB)"] = rss_mb("VmHWM")
    out["whole projections"] = float(len(whole))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="1m", help="10k, 100k or 1m")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--configs", default="lazy,whole")
    ap.add_argument("--worker", nargs=2, metavar=("CONFIG", "FILE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker[0], args.worker[1], args.runs)))
        return 0
    from stores import ensure_corpus

    path = ensure_corpus(args.size, args.seed, ROOT / "build")
    results: dict[str, dict[str, float]] = {}
    for config in [c.strip() for c in args.configs.split(",") if c.strip()]:
        cmd = [sys.executable, __file__, "--worker", config, str(path), "--runs", str(args.runs)]
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        if done.returncode:
            print(f"{config} failed:\n{done.stderr[-3000:]}", file=sys.stderr)
            return 1
        results[config] = json.loads(done.stdout.strip().splitlines()[-1])
    configs = list(results)
    print(f"pages on {path.name} (embedded Oxigraph; medians of {args.runs} reruns)")
    header = f"{'figure':44}" + "".join(f"{c:>10}" for c in configs)
    if {"lazy", "whole"} <= set(configs):
        header += f"{'whole/lazy':>12}"
    print(header)
    for name in results[configs[0]]:
        row = f"{name:44}" + "".join(f"{results[c][name]:10.0f}" for c in configs)
        if {"lazy", "whole"} <= set(configs) and results["lazy"][name]:
            row += f"{results['whole'][name] / results['lazy'][name]:11.1f}×"
        print(row)
    if "lazy" in results:
        lazy = results["lazy"]
        firsts = {k: v for k, v in lazy.items() if k.endswith(", first (ms)")}
        worst = max(firsts, key=firsts.__getitem__)
        ok = lazy["whole projections"] == 0 and firsts[worst] < PAGE_TARGET_MS
        print(
            f"lazy: {lazy['whole projections']:.0f} whole projections; slowest first render "
            f"{worst.removesuffix(', first (ms)')} {firsts[worst]:.0f} ms (target "
            f"{PAGE_TARGET_MS:.0f} ms) -> {'met' if ok else 'NOT met'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
