"""Benchmark: a full build of the bundled corpus, and each of its stages.

Runs the build N times in this process (caches cleared before each run, so every run parses every
date again) and prints the median and spread of each stage; then one cold build in a fresh
process, imports included, as a user's first `threadline build` sees it.

usage: python bench/build.py [--runs 15] [--data data]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from extract import build
from extract.build import STAGES
from extract.dates import parse_date


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--data", default="data")
    args = ap.parse_args()
    out = Path(tempfile.mkdtemp()) / "graph.trig"
    build(args.data, out)  # warm-up: imports, shapes graph, vocabulary
    samples: dict[str, list[float]] = {s: [] for s in (*STAGES, "total")}
    triples = 0
    for _ in range(args.runs):
        parse_date.cache_clear()
        result = build(args.data, out)
        triples = result.triples
        for stage, seconds in result.timings.items():
            samples[stage].append(seconds * 1000)
    print(f"bundled corpus: {triples} triples, {args.runs} builds (warm process)")
    print(f"{'stage':10} {'median ms':>10} {'min':>8} {'max':>8} {'share':>7}")
    total = statistics.median(samples["total"])
    for stage, values in samples.items():
        median = statistics.median(values)
        print(
            f"{stage:10} {median:10.1f} {min(values):8.1f} {max(values):8.1f} {median / total:7.0%}"
        )
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "extract.cli", "--data", args.data, "build", "-o", str(out)],
        check=True,
        capture_output=True,
    )
    cold = (time.perf_counter() - started) * 1000
    print(
        f"cold `threadline build` in a new process (imports included): {cold:.0f} ms "
        f"= {cold / total:.1f}x the warm median"
    )
    target = 1000
    print(
        f"target: whole build under {target} ms median -> "
        f"{'met' if total < target else 'NOT met'} ({total:.0f} ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
