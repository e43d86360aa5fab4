"""Benchmark: every page and the three card interactions of the app, in a real browser.

A real ``streamlit run app.py`` serves the bundled corpus on a loopback port and Debian's Chromium
(through Playwright, as the browser tests do) visits it. Reported, as medians:

- **first visit**: a fresh server (started for each page, waited for ``/_stcore/health``) and a
  fresh browser context: the page's first load, graph loading included;
- **warm visit**: the same page opened again in a new tab of a browser that has seen it, on the
  same server (--runs times);
- **interactions** on a warm page: a timeline marker clicked until its card (dialog) shows;
  Connect A and B, from Enter in the "To (B)" box until the path to the new B is listed; a node
  clicked in the relations network until its card shows.

When is a page *settled*? Streamlit draws as the script runs and tells the browser over its
websocket when a run starts (``new_session``) and when it ends (``script_finished``); the
``stStatusWidget`` ("Running…") is shown only while a run is pending, but it appears with a delay
and a rerun can start right after one ends (a component reporting its value), so the widget alone
can miss a run. The page is instrumented before any of its scripts run (``add_init_script``): the
``WebSocket`` constructor is wrapped, and every message the browser receives is timestamped with
``performance.now()`` (0 = navigation start) and kept when small enough to be a control message.
The bench decodes them with Streamlit's own ``ForwardMsg`` protobuf. A visit is settled at the
``script_finished`` of the last run: one after which no new run starts for --quiet seconds and
the status widget is gone. An interaction is timed from ``performance.now()`` taken just before
the click (or Enter) to the first animation frame in which the card or path is in the page, and
its run's ``script_finished`` is reported beside it.

``--compare OTHER_CHECKOUT`` serves another checkout of the app (e.g. ``git archive`` of an older
commit unpacked in /tmp) in the same run, on the next port, and takes every sample of each
checkout in turn, so before and after are measured side by side under the same machine load.
Each interaction is timed on --runs fresh loads of its page, two clicks (or paths) per load,
each on a different marker, node or B. ``--floor`` also serves, in the same run and the same
turns, a bare Streamlit app with the same navigation: eight pages that each write a heading and
a line, no graph. Its first and warm visits are what Streamlit itself costs on this machine, the
least any page of the app could take. ``--server-time`` adds the older figures: Streamlit's
AppTest running the page scripts in this process (server time of one rerun, no browser).

usage: python bench/app.py [--runs 5] [--first-runs 1] [--compare DIR] [--floor] [--server-time]
  e.g. git archive OLD | tar -x -C /tmp/before && python bench/app.py --compare /tmp/before
"""

from __future__ import annotations

import argparse
import base64
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGES = [
    ("Overview", ""),
    ("Timeline", "timeline"),
    ("Relations", "relations"),
    ("Entity", "entity?entity=donald-trump"),
    ("Reader", "reader"),
    ("Stories", "stories"),
    ("Query", "query"),
    ("Data", "data"),
]
WARM_TARGET_S = 1.5
FIRST_TARGET_S = 3.0
INTERACTION_TARGET_MS = 500.0
CLICKS = 2  # interactions per page load; --runs page loads per interaction and checkout
SMALL = 16_384  # messages up to this size are kept for decoding (deltas of charts are larger)

WATCH = """
(() => {
  const log = [];
  window.__tlMessages = log;
  const Native = window.WebSocket;
  const keep = (t, buf) => {
    const bytes = new Uint8Array(buf);
    let text = null;
    if (bytes.length <= SMALL) {
      let s = '';
      for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
      text = btoa(s);
    }
    log.push([t, text, bytes.length]);
  };
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', ev => {
        const t = performance.now();
        if (ev.data instanceof ArrayBuffer) keep(t, ev.data);
        else if (ev.data instanceof Blob) ev.data.arrayBuffer().then(b => keep(t, b));
      });
    }
  };
})();
""".replace("SMALL", str(SMALL))
BUSY = "() => !!document.querySelector('[data-testid=\"stStatusWidget\"]')"


@dataclass(frozen=True)
class Run:
    start: float  # ms since navigation start, when the browser got the run's new_session
    end: float | None  # ... its script_finished (None while running)
    status: str


def runs(page: Any) -> list[Run]:
    """The script runs the page's websocket has reported so far."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    found: list[Run] = []
    start: float | None = None
    for t, text, _size in page.evaluate("() => window.__tlMessages || []"):
        if text is None:
            continue
        msg = ForwardMsg()
        try:
            msg.ParseFromString(base64.b64decode(text))
        except Exception:  # noqa: BLE001 - not a ForwardMsg (it cannot happen, but never fail)
            continue
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            start = t
        elif kind == "script_finished":
            status = ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished)
            found.append(Run(start if start is not None else t, t, status))
            start = None
    if start is not None:
        found.append(Run(start, None, "running"))
    return found


def settled(page: Any, after: float = 0.0, quiet: float = 1.0, timeout: float = 90.0) -> Run:
    """The last run that ended after ``after`` (ms), once no run has started for ``quiet`` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [r for r in runs(page) if r.end is not None and r.end > after]
        pending = [r for r in runs(page) if r.end is None]
        if done and not pending and not page.evaluate(BUSY):
            now = page.evaluate("() => performance.now()")
            last = done[-1]
            # a run cut short by a rerun (st.rerun) is not the last: its rerun is coming
            if now - last.end >= quiet * 1000 and "EARLY" not in last.status:
                return last
        page.wait_for_timeout(100)
    raise TimeoutError(f"no settled run after {timeout} s: {runs(page)}")


def shown(page: Any, condition: str, arg: Any = None, timeout: float = 60_000) -> float | None:
    """performance.now() in the first animation frame where the JS ``condition(arg)`` holds."""
    probe = f"(arg) => ({condition})(arg) ? performance.now() : false"
    from playwright.sync_api import TimeoutError as Timeout

    try:
        return page.wait_for_function(probe, arg=arg, polling="raf", timeout=timeout).json_value()
    except Timeout:
        return None


# ------------------------------------------------------------------ the server
FLOOR_APP = """import streamlit as st

st.set_page_config(page_title="Floor", layout="wide")


def page(title):
    def draw():
        st.title(title)
        st.write("A bare Streamlit page: a heading and this line, no graph.")

    return draw


TITLES = {titles!r}
PAGES = [
    st.Page(page(t), title=t, url_path=(u or t.lower()), default=not u) for t, u in TITLES
]
st.navigation(PAGES).run()
"""


def floor_checkout(folder: Path) -> Path:
    """A bare Streamlit app with the app's page titles and paths, written into ``folder``."""
    titles = [(name, path.split("?")[0]) for name, path in PAGES]
    (folder / "app.py").write_text(FLOOR_APP.format(titles=titles), encoding="utf-8")
    (folder / "data").mkdir(exist_ok=True)
    return folder


@contextmanager
def server(root: Path, port: int) -> Iterator[str]:
    """`streamlit run app.py` of the checkout ``root``, healthy, then stopped (that process)."""
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    env = {**os.environ, "THREADLINE_DATA": str(root / "data"), "PYTHONPATH": str(root)}
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 90
            while True:
                if proc.poll() is not None:
                    log.seek(0)
                    raise RuntimeError(f"streamlit exited: {log.read().decode()[-3000:]}")
                try:
                    if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError("streamlit did not become healthy in 90 s")
                time.sleep(0.2)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def new_page(context: Any) -> Any:
    page = context.new_page()
    page.add_init_script(WATCH)

    def guard(route: Any) -> None:  # nothing may leave localhost
        if route.request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", guard)
    return page


def visit(context: Any, url: str, path: str, quiet: float) -> tuple[Any, float]:
    """Open a page; return it and the seconds from navigation to its last run done."""
    page = new_page(context)
    page.goto(f"{url}/{path}")
    last = settled(page, quiet=quiet)
    if page.locator("[data-testid='stException']").count():
        raise RuntimeError(f"{path}: the page shows an exception")
    return page, last.end / 1000


# ------------------------------------------------------------------ interactions
FIND_POINT = """id => {
    const gd = document.querySelector('.js-plotly-plot');
    for (let t = 0; t < gd.data.length; t++) {
        const cd = gd.data[t].customdata || [];
        for (let i = 0; i < cd.length; i++) if (cd[i][0] === id) return [t, i];
    }
    return null;
}"""
FRAME = "iframe[src*='st_link_analysis']"  # its title is the network's name (set by the page)
FIND_NODE = """(_body, id) => {
    const el = [...document.querySelectorAll('div')].find(d => d._cyreg && d._cyreg.cy);
    if (!el) return null;
    const node = el._cyreg.cy.getElementById(id);
    if (node.empty()) return null;
    const r = node.renderedPosition(), b = el.getBoundingClientRect();
    return {x: r.x + b.left, y: r.y + b.top, name: node.data('name')};
}"""
DRAWN = """() => {
    const gd = document.querySelector('.js-plotly-plot');
    return gd.data.flatMap(t => (t.customdata || []).map(c => c[0]));
}"""
NAMES = """() => {
    const el = [...document.querySelectorAll('div')].find(d => d._cyreg && d._cyreg.cy);
    return Object.fromEntries(el._cyreg.cy.nodes().map(n => [n.id(), n.data('name')]));
}"""
ENTITY_NODES = """() => {
    const el = [...document.querySelectorAll('div')].find(d => d._cyreg && d._cyreg.cy);
    return el._cyreg.cy.nodes().filter(n => n.data('label') !== 'event' && !n.data('focus'))
        .map(n => n.id()).sort();
}"""
ENDS_B = [("alice weidel", "Alice Weidel"), ("donald trump", "Donald Trump")]


@dataclass
class Timing:
    shown: list[float] = field(default_factory=list)  # ms to the card or path in the page
    done: list[float] = field(default_factory=list)  # ms to its run's script_finished
    missed: int = 0  # clicks that opened nothing in 15 s (a click between overlapping nodes)


MISS_MS = 15_000


def marker_click(context: Any, url: str, first: int, n: int, quiet: float) -> Timing:
    page, _ = visit(context, url, "timeline", quiet)
    timing = Timing()
    page.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=60_000)
    drawn = sorted(set(page.evaluate(DRAWN)))
    events = ["khalil-arrest", *drawn[:: max(1, len(drawn) // 6)]]
    for i in range(first, first + n):
        ident = events[i % len(events)]
        found = page.evaluate(FIND_POINT, ident)
        if found is None:
            raise RuntimeError(f"{ident} is not drawn on the timeline")
        trace, point = found
        marker = page.locator(".js-plotly-plot .scatterlayer .trace").nth(trace).locator(".point")
        t0 = page.evaluate("() => performance.now()")
        marker.nth(point).click(force=True)  # as the browser tests do (a few ms of Playwright)
        t1 = shown(  # the marker on top where it is clicked opens: whichever, its card
            page,
            "() => { const d = document.querySelector('[role=dialog]');"
            " return location.search.includes('event=') && d"
            " && d.innerText.includes('Date in the source'); }",
            timeout=MISS_MS,
        )
        if t1 is None:  # nothing opened (and maybe nothing ran): the next sample
            timing.missed += 1
            continue
        run = settled(page, after=t0, quiet=quiet)
        timing.shown.append(t1 - t0)
        timing.done.append(run.end - t0)
        page.keyboard.press("Escape")  # close the card (its event leaves the URL)
        page.get_by_role("dialog").wait_for(state="detached", timeout=30_000)
        settled(page, after=page.evaluate("() => performance.now()") - 1, quiet=quiet)
    page.close()
    return timing


def connect(context: Any, url: str, first: int, n: int, quiet: float) -> Timing:
    page, _ = visit(context, url, "relations?mode=connect&a=elon-musk", quiet)
    timing = Timing()
    box = page.get_by_role("textbox", name="To (B)")
    for i in range(first, first + n):
        typed, label = ENDS_B[i % len(ENDS_B)]
        box.fill(typed)
        t0 = page.evaluate("() => performance.now()")
        box.press("Enter")
        t1 = shown(
            page,
            # the first path's expander (the page has others: the network as text); its summary
            # starts with the icon's name, then "Path 1 · 2 hops: A → … → B"
            "l => [...document.querySelectorAll('[data-testid=stExpander] summary')]"
            ".some(s => s.innerText.includes('Path 1 ·') && s.innerText.trim().endsWith(l))",
            label,
            timeout=MISS_MS,
        )
        if t1 is None:  # nothing opened (and maybe nothing ran): the next sample
            timing.missed += 1
            continue
        run = settled(page, after=t0, quiet=quiet)
        timing.shown.append(t1 - t0)
        timing.done.append(run.end - t0)
    page.close()
    return timing


def node_click(context: Any, url: str, first: int, n: int, quiet: float) -> Timing:
    page, _ = visit(context, url, "relations?entity=elon-musk", quiet)
    timing = Timing()
    nodes: list[str] = []
    for i in range(first, first + n):
        page.wait_for_function("s => document.querySelectorAll(s).length == 1", arg=FRAME)
        frame = page.frame_locator(FRAME).first
        frame.locator("canvas").first.wait_for(timeout=60_000)
        page.wait_for_timeout(1500)  # the layout animation
        drawn = frame.locator("body").evaluate(ENTITY_NODES)
        nodes = nodes or list(dict.fromkeys(["afd", *[d for d in drawn if d != "afd"][::3]]))
        ident = nodes[i % len(nodes)]
        pos = frame.locator("body").evaluate(FIND_NODE, ident)
        if pos is None:
            raise RuntimeError(f"{ident} is not drawn in the network")
        box = page.locator(FRAME).first.bounding_box()
        if i > first:  # close the component's own side panel (it covers the left of the graph)
            page.mouse.click(box["x"] + box["width"] - 12, box["y"] + box["height"] - 12)
            page.wait_for_timeout(400)
            pos = frame.locator("body").evaluate(FIND_NODE, ident)
        names = frame.locator("body").evaluate(NAMES)
        before = page.evaluate("() => new URLSearchParams(location.search).get('node')")
        t0 = page.evaluate("() => performance.now()")
        page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
        # the node on top where it is clicked opens (nodes can overlap): whichever, its card
        t1 = shown(
            page,
            "a => { const node = new URLSearchParams(location.search).get('node');"
            " const name = (a.names[node] || '').slice(0, 12);"
            " return node && node !== a.before && [...document.querySelectorAll("
            "'[data-testid=stColumn]')].some(c => c.innerText.includes('Centre here')"
            " && c.querySelector('h4') && c.querySelector('h4').innerText.trim().slice(0, 12)"
            " === name); }",
            {"names": names, "before": before},
            timeout=MISS_MS,
        )
        if t1 is None:  # nothing opened (and maybe nothing ran): the next sample
            timing.missed += 1
            continue
        run = settled(page, after=t0, quiet=quiet)
        timing.shown.append(t1 - t0)
        timing.done.append(run.end - t0)
    page.close()
    return timing


INTERACTIONS: list[tuple[str, Callable[[Any, str, int, int, float], Timing]]] = [
    ("timeline marker click -> card", marker_click),
    ("Connect A-B -> path listed", connect),
    ("relations node click -> card", node_click),
]


# ------------------------------------------------------------------ the checkouts, interleaved
@dataclass
class Figures:
    first: dict[str, list[float]] = field(default_factory=dict)
    warm: dict[str, list[float]] = field(default_factory=dict)
    actions: dict[str, Timing] = field(default_factory=dict)


def measure(
    roots: list[Path], args: argparse.Namespace, browser: Any, acting: int
) -> list[Figures]:
    """The figures of each checkout. Every sample is taken of each checkout in turn, so a busy
    moment of the machine falls on all of them alike. Only the first ``acting`` checkouts are
    clicked in (the floor has nothing to click)."""
    figures = [Figures() for _ in roots]
    viewport = {"viewport": {"width": 1400, "height": 900}}
    pages = args.only != "interactions"
    for _ in range(args.first_runs if pages else 0):
        for name, path in PAGES:
            for root, fig in zip(roots, figures, strict=True):
                with server(root, args.port) as url:
                    context = browser.new_context(**viewport)
                    _page, seconds = visit(context, url, path, args.quiet)
                    fig.first.setdefault(name, []).append(seconds)
                    context.close()
                print(f"  first visit {name} ({root}): {seconds:.2f} s", file=sys.stderr)
    with ExitStack() as stack:
        urls = [stack.enter_context(server(r, args.port + n)) for n, r in enumerate(roots)]
        contexts = [browser.new_context(**viewport) for _ in roots]
        for url, context in zip(urls, contexts, strict=True):
            for _name, path in PAGES:  # every page once: the server and the browser are warm
                visit(context, url, path, args.quiet)[0].close()
        for _ in range(args.runs if pages else 0):
            for name, path in PAGES:
                for url, context, fig in zip(urls, contexts, figures, strict=True):
                    page, seconds = visit(context, url, path, args.quiet)
                    fig.warm.setdefault(name, []).append(seconds)
                    page.close()
        for fig in figures:
            print(f"  warm visits: {fig.warm}", file=sys.stderr)
        for rep in range(args.runs if args.only != "pages" else 0):
            for name, action in INTERACTIONS:
                for url, context, fig in list(zip(urls, contexts, figures, strict=True))[:acting]:
                    got = action(context, url, rep * CLICKS, CLICKS, args.quiet)
                    timing = fig.actions.setdefault(name, Timing())
                    timing.shown += got.shown
                    timing.done += got.done
                    timing.missed += got.missed
        for fig in figures:
            print(f"  interactions: {fig.actions}", file=sys.stderr)
        for context in contexts:
            context.close()
    return figures


# ------------------------------------------------------------------ tables
def med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def floor_table(app: Figures, floor: Figures) -> None:
    """The app's pages beside the bare Streamlit app's, measured in the same turns."""
    print("\nThe app against a bare Streamlit app (medians, s)\n")
    print(
        "| page | first visit, floor | app | warm visit, floor | app "
        "| warm floor / target | warm app / floor |"
    )
    print("|---|" + "---:|" * 6)
    for name, _ in PAGES:
        f0, f1 = med(floor.first.get(name, [])), med(app.first.get(name, []))
        w0, w1 = med(floor.warm.get(name, [])), med(app.warm.get(name, []))
        print(
            f"| {name} | {f0:.2f} | {f1:.2f} | {w0:.2f} | {w1:.2f} "
            f"| {w0 / WARM_TARGET_S:.2f} | {w1 / w0:.2f}× |"
        )


def table(label: str, after: Figures, before: Figures | None) -> None:
    """Markdown tables of the medians (``before``: the --compare checkout, beside ``after``)."""
    target = f"{FIRST_TARGET_S:g} / {WARM_TARGET_S:g}"
    if after.first or after.warm:
        print(f"\n{label}: pages, from navigation to the last script run done (medians, s)\n")
        if before is None:
            print("| page | first visit | warm visit | target first / warm | warm / target |")
        else:
            print(
                "| page | first visit before | after | warm visit before | after "
                "| target first / warm | before / after, first | before / after, warm |"
            )
        print("|---|" + "---:|" * (4 if before is None else 7))
        for name, _ in PAGES:
            first, warm = med(after.first.get(name, [])), med(after.warm.get(name, []))
            if before is None:
                print(
                    f"| {name} | {first:.2f} | {warm:.2f} | {target} | {warm / WARM_TARGET_S:.2f} |"
                )
                continue
            f0, w0 = med(before.first.get(name, [])), med(before.warm.get(name, []))
            print(
                f"| {name} | {f0:.2f} | {first:.2f} | {w0:.2f} | {warm:.2f} | {target} "
                f"| {f0 / first:.2f}× | {w0 / warm:.2f}× |"
            )
    if not after.actions:
        return
    print(f"\n{label}: interactions on a warm page (medians, ms)\n")
    if before is None:
        print("| interaction | shown | its run done | target | shown / target |")
    else:
        print(
            "| interaction | shown before | after | run done before | after | target "
            "| before / after, shown |"
        )
    print("|---|" + "---:|" * (4 if before is None else 6))
    for name, _ in INTERACTIONS:
        a = after.actions[name]
        shown_ms, done_ms = med(a.shown), med(a.done)
        goal = f"{INTERACTION_TARGET_MS:.0f}"
        if before is None:
            print(
                f"| {name} | {shown_ms:.0f} | {done_ms:.0f} | {goal} "
                f"| {shown_ms / INTERACTION_TARGET_MS:.2f} |"
            )
            continue
        b = before.actions[name]
        s0, d0 = med(b.shown), med(b.done)
        print(
            f"| {name} | {s0:.0f} | {shown_ms:.0f} | {d0:.0f} | {done_ms:.0f} | {goal} "
            f"| {s0 / shown_ms:.2f}× |"
        )
    for fig, who in ((after, "after"), (before, "before")):
        for name, t in (fig.actions if fig else {}).items():
            if t.missed:
                print(f"\n{who}: {t.missed} {name} opened nothing within {MISS_MS / 1000:g} s")


# ------------------------------------------------------------------ server time (AppTest)
def server_time(runs: int) -> None:
    """Server time of one rerun per interaction (AppTest, in this process; no browser)."""
    from streamlit.testing.v1 import AppTest

    app = str(ROOT / "app.py")

    def page(path: str, **params: str) -> AppTest:
        at = AppTest.from_file(app, default_timeout=300)
        at.switch_page(path)
        for name, value in params.items():
            at.query_params[name] = value
        return at.run()

    def timed(at: AppTest, change: Callable[[AppTest, int], None]) -> float:
        samples = []
        for i in range(runs):
            change(at, i)
            started = time.perf_counter()
            at.run()
            samples.append((time.perf_counter() - started) * 1000)
            assert not at.exception, at.exception
        return statistics.median(samples)

    nodes = ["afd", "donald-trump", "jd-vance", "alice-weidel"]
    pairs = [("elon-musk", "alice-weidel"), ("donald-trump", "mahmoud-khalil")]

    def click(at: AppTest, i: int) -> None:
        at.session_state["relations_graph"] = {
            "action": "select_node",
            "timestamp": 1000 + i,
            "data": {"type": "tap", "target_id": nodes[i % len(nodes)], "target_group": "nodes"},
        }

    def path(at: AppTest, i: int) -> None:
        at.query_params["a"], at.query_params["b"] = pairs[i % len(pairs)]

    relations = page("app_pages/relations.py", entity="elon-musk")
    rows = {
        "node click (relations, ego of Elon Musk)": timed(relations, click),
        "path request (connect A and B)": timed(
            page("app_pages/relations.py", mode="connect", a="elon-musk", b="alice-weidel"), path
        ),
        "timeline rerun": timed(page("app_pages/timeline.py"), lambda at, i: None),
        "entity profile rerun (Donald Trump)": timed(
            page("app_pages/entity.py", entity="donald-trump"), lambda at, i: None
        ),
        "overview rerun": timed(page("app_pages/overview.py"), lambda at, i: None),
    }
    print("\nServer time of one rerun (AppTest in this process, no browser; medians)\n")
    print("| rerun | median (ms) |\n|---|---:|")
    for name, ms in rows.items():
        print(f"| {name} | {ms:.0f} |")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="warm visits and clicks per figure")
    ap.add_argument("--first-runs", type=int, default=1, help="fresh servers per page")
    ap.add_argument("--port", type=int, default=8632, help="and the next one for --compare")
    ap.add_argument("--quiet", type=float, default=1.0, help="s without a new run = settled")
    ap.add_argument("--compare", type=Path, help="another checkout, measured as 'before'")
    ap.add_argument("--floor", action="store_true", help="also a bare Streamlit app's pages")
    ap.add_argument("--server-time", action="store_true", help="also AppTest server times")
    ap.add_argument("--only", choices=["pages", "interactions"], help="measure only these")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p, tempfile.TemporaryDirectory() as bare:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        roots = [ROOT] + ([args.compare.resolve()] if args.compare else [])
        acting = len(roots)
        if args.floor:
            roots.append(floor_checkout(Path(bare)))
        found = measure(roots, args, browser, acting)
        browser.close()
    after, before = found[0], (found[1] if args.compare else None)
    table("In Chromium", after, before)
    if args.floor:
        floor_table(after, found[-1])
    if args.server_time:
        server_time(args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
