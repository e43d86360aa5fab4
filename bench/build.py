"""Benchmark: the build of the bundled corpus, full, cold and incremental, stage by stage.

Runs in one process: N full builds with the build state off (``THREADLINE_CACHE=0``; caches
cleared before each run, so every run parses every date again), then N incremental rebuilds
of a copy of the data after editing one curation file (one description, toggled each run);
then one cold full build in a fresh process, imports included, as a user's first
`threadline build` sees it. Prints the medians side by side, with ratios.

usage: python bench/build.py [--runs 15] [--data data]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's code, not an installed copy

from extract import build  # noqa: E402
from extract.build import STAGES  # noqa: E402
from extract.dates import parse_date  # noqa: E402

EDITED = "lurching-toward-authoritarian-rule-part-2.yaml"
BEFORE = "description: Columbia University graduate and pro-Palestinian activist"
AFTER = "description: Columbia University graduate and Palestinian activist"


def _runs(n: int, run) -> tuple[dict[str, list[float]], object]:
    samples: dict[str, list[float]] = {s: [] for s in (*STAGES, "total")}
    result = None
    for i in range(n):
        parse_date.cache_clear()
        result = run(i)
        for stage, seconds in result.timings.items():
            samples[stage].append(seconds * 1000)
    return samples, result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--data", default="data")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp())
    out = work / "full" / "graph.trig"
    os.environ["THREADLINE_CACHE"] = "0"
    build(args.data, out)  # warm-up: imports, shapes graph, vocabulary
    full, result = _runs(args.runs, lambda _i: build(args.data, out))
    os.environ.pop("THREADLINE_CACHE")
    data = work / "data"
    shutil.copytree(args.data, data)
    edited = data / "curation" / EDITED
    incremental_out = work / "incremental" / "graph.trig"
    build(data, incremental_out)  # the build whose state the rebuilds start from

    def rebuild(i: int):
        text = edited.read_text()
        old, new = (BEFORE, AFTER) if i % 2 == 0 else (AFTER, BEFORE)
        edited.write_text(text.replace(old, new, 1))
        return build(data, incremental_out)

    incremental, last = _runs(args.runs, rebuild)
    assert last.work.from_state and last.work.parsed and last.work.shape_nodes is not None
    print(f"bundled corpus: {result.triples} triples, {args.runs} builds of each kind")
    print(f"incremental: {EDITED} edited before each rebuild (one description)")
    print(f"{'stage':10} {'full ms':>9} {'share':>6} {'incremental ms':>15} {'share':>6}")
    total, inc_total = statistics.median(full["total"]), statistics.median(incremental["total"])
    for stage in (*STAGES, "total"):
        a, b = statistics.median(full[stage]), statistics.median(incremental[stage])
        print(f"{stage:10} {a:9.1f} {a / total:6.0%} {b:15.1f} {b / inc_total:6.0%}")
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "extract.cli", "--data", args.data, "build", "-o", str(out)],
        check=True,
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, "THREADLINE_CACHE": "0"},
    )
    cold = (time.perf_counter() - started) * 1000
    print()
    print(f"{'build':44} {'median ms':>10} {'vs full':>8}")
    print(f"{'full, warm process (no build state)':44} {total:10.0f} {1:8.2f}x")
    print(f"{'cold `threadline build`, new process':44} {cold:10.0f} {cold / total:8.2f}x")
    inc = "incremental, one curation file edited"
    print(f"{inc:44} {inc_total:10.0f} {inc_total / total:8.2f}x")
    for what, value, target in (("full", total, 1000), ("incremental", inc_total, 500)):
        verdict = "met" if value < target else "NOT met"
        print(f"target: {what} under {target} ms median -> {verdict} ({value:.0f} ms)")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
