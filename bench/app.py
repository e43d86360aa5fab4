"""Benchmark: the app's first render and the server time of each interaction.

Uses Streamlit's AppTest, which runs the real page scripts in this process (the server's work for
one rerun, without the browser's drawing). The first render is measured in a fresh process (graph
built from the data, projection, first page); each interaction is a rerun after a widget change,
timed --runs times, median reported.

usage: python bench/app.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
GRAPH = "relations_graph"
FIRST_RENDER_TARGET_S = 3.0
INTERACTION_TARGET_MS = 300.0

COLD = f"""
import time
from streamlit.testing.v1 import AppTest
started = time.perf_counter()
at = AppTest.from_file({APP!r}, default_timeout=300).run()
assert not at.exception, at.exception
print(time.perf_counter() - started)
"""


def first_render() -> float:
    done = subprocess.run(
        [sys.executable, "-c", COLD], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return float(done.stdout.strip().splitlines()[-1])


def timed(at: AppTest, change: Callable[[AppTest, int], None], runs: int) -> float:
    samples = []
    for i in range(runs):
        change(at, i)
        started = time.perf_counter()
        at.run()
        samples.append((time.perf_counter() - started) * 1000)
        assert not at.exception, at.exception
    return statistics.median(samples)


def page(path: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=300)
    at.switch_page(path)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--cold-runs", type=int, default=3)
    args = ap.parse_args()
    colds = [first_render() for _ in range(args.cold_runs)]
    cold = statistics.median(colds)

    overview = page("app_pages/overview.py")
    types = [["person"], ["organization"], []]
    relations = page("app_pages/relations.py", entity="elon-musk")
    nodes = ["afd", "donald-trump", "jd-vance", "alice-weidel"]
    connect = page("app_pages/relations.py", mode="connect", a="elon-musk", b="alice-weidel")
    pairs = [
        ("elon-musk", "alice-weidel"),
        ("donald-trump", "mahmoud-khalil"),
        ("kristi-noem", "marco-rubio"),
    ]
    timeline = page("app_pages/timeline.py")
    entity = page("app_pages/entity.py", entity="donald-trump")

    def click(at: AppTest, i: int) -> None:
        at.session_state[GRAPH] = {
            "action": "select_node",
            "timestamp": 1000 + i,
            "data": {"type": "tap", "target_id": nodes[i % len(nodes)], "target_group": "nodes"},
        }

    def path(at: AppTest, i: int) -> None:
        a, b = pairs[i % len(pairs)]
        at.query_params["a"], at.query_params["b"] = a, b

    rows = {
        "filter change (overview, entity types)": timed(
            overview,
            lambda at, i: at.multiselect(key="types").set_value(types[i % len(types)]),
            args.runs,
        ),
        "node click (relations, ego of Elon Musk)": timed(relations, click, args.runs),
        "depth change (relations)": timed(
            relations, lambda at, i: at.slider(key="rel_depth").set_value(1 + i % 2), args.runs
        ),
        "path request (connect A and B)": timed(connect, path, args.runs),
        "timeline rerun": timed(timeline, lambda at, i: None, args.runs),
        "entity profile rerun (Donald Trump)": timed(entity, lambda at, i: None, args.runs),
    }
    print(
        f"first render (fresh process: build, projection, Overview): median {cold:.2f} s of "
        f"{len(colds)} ({', '.join(f'{c:.2f}' for c in colds)}); target {FIRST_RENDER_TARGET_S} s "
        f"-> {'met' if cold < FIRST_RENDER_TARGET_S else 'NOT met'}"
    )
    print(f"{'interaction (server time of one rerun)':46} {'median ms':>10} {'target':>8}")
    for name, ms in rows.items():
        ok = "met" if ms < INTERACTION_TARGET_MS else "NOT met"
        print(f"{name:46} {ms:10.0f} {ok:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
