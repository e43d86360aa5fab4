"""Benchmark: wall time of `threadline` query commands, each in a fresh process, on the bundled
corpus, against ``python -c "import rdflib, networkx"`` measured in the same run.

The graph is built once first (into --graph), so no call measures a build. Each command runs
--runs times in a fresh interpreter after one warm-up call (which also writes the build cache, if
the opener keeps one); the table gives the median and its ratio to the import baseline.
``--no-cache`` sets THREADLINE_CACHE=0, so every call re-parses the graph file.

usage: python bench/cli.py [--runs 7] [--data data] [--graph build/graph.trig] [--no-cache]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ["-c", "import rdflib, networkx"]
GOAL = 2.0

COMMANDS: list[tuple[str, list[str]]] = [
    ("--help", ["--help"]),
    ("stats", ["stats"]),
    ("search khalil", ["search", "khalil"]),
    ('entity "Mahmoud Khalil"', ["entity", "Mahmoud Khalil"]),
    ('neighbors "Mahmoud Khalil"', ["neighbors", "Mahmoud Khalil"]),
    ("path Khalil Rubio", ["path", "Mahmoud Khalil", "Marco Rubio"]),
    ("timeline", ["timeline"]),
    ("central", ["central"]),
    ("communities", ["communities"]),
    ("query (count)", ["query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"]),
]


def median_s(argv: list[str], runs: int, env: dict[str, str]) -> float:
    """Median wall time of ``python ARGV`` in fresh processes (after one warm-up call)."""
    times = []
    for i in range(runs + 1):
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, *argv], cwd=ROOT, env=env, capture_output=True, text=True
        )
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.strip()}")
        if i:
            times.append(elapsed)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--data", default="data")
    parser.add_argument("--graph", default="build/graph.trig")
    parser.add_argument("--no-cache", action="store_true", help="set THREADLINE_CACHE=0")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "0"}
    if args.no_cache:
        env["THREADLINE_CACHE"] = "0"
    cli = ["-m", "extract.cli", "--data", args.data, "--graph", args.graph]
    subprocess.run(
        [sys.executable, *cli, "build"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    base = median_s(BASELINE, args.runs, env)
    print(f"{'command':<30} {'median s':>9} {'× import':>9}")
    print(f"{'import rdflib, networkx':<30} {base:>9.3f} {1.0:>9.2f}")
    worst = 0.0
    for name, argv in COMMANDS:
        seconds = median_s([*cli, *argv], args.runs, env)
        ratio = seconds / base
        worst = max(worst, ratio) if name != "--help" else worst
        print(f"{name:<30} {seconds:>9.3f} {ratio:>9.2f}")
    verdict = "within" if worst <= GOAL else "above"
    print(f"worst query command: {worst:.2f}× the import time ({verdict} the {GOAL:g}× goal)")


if __name__ == "__main__":
    main()
