"""The app served for real: a Streamlit process on a free loopback port, and Debian's Chromium.

Fixtures (registered in conftest.py): ``app_url`` starts `streamlit run app.py` once per session
on the bundled corpus and stops exactly that process; ``page`` opens a fresh browser page with a
route guard that fails the test on any request leaving localhost.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from servers import free_port, stop

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "build" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
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
LOCAL = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")


def need_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        pytest.fail("CI needs Debian's chromium at /usr/bin/chromium (.ci/run installs it)")
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)")


@contextmanager
def serve(data: Path, log: Path) -> Iterator[str]:
    """`streamlit run app.py` on the corpus in ``data``, on a free loopback port: its URL once
    healthy; exactly that process is stopped afterwards."""
    need_chromium()
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "app.py"),
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
    env = {**os.environ, "THREADLINE_DATA": str(data)}
    with log.open("w") as sink:
        proc = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, cwd=ROOT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited with {proc.returncode}:\n{log.read_text()}")
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit did not become healthy in 90 s:\n{log.read_text()}")
            time.sleep(0.3)
        yield url
    finally:
        stop(proc)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(ROOT / "data", tmp_path_factory.mktemp("server") / "streamlit.log") as url:
        yield url


def launch(playwright: object) -> object:
    """Debian's Chromium, headless, with the flags the tests use."""
    return playwright.chromium.launch(  # type: ignore[attr-defined]
        executable_path=str(CHROMIUM), headless=True, args=ARGS
    )


def guarded(page: object, outside: list[str]) -> object:
    """``page`` with every request leaving localhost blocked and listed in ``outside``."""

    def guard(route) -> None:
        if route.request.url.startswith(LOCAL):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", guard)  # type: ignore[attr-defined]
    return page


@pytest.fixture(scope="session")
def browser(app_url: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture
def page(browser) -> Iterator[object]:
    """A fresh page; any request leaving localhost is blocked and fails the test."""
    outside: list[str] = []
    page = guarded(browser.new_page(viewport={"width": 1400, "height": 900}), outside)
    yield page
    page.close()
    assert outside == [], f"requests left localhost: {outside}"


def open_page(page, app_url: str, path: str = "", wait_for: str = "") -> None:
    """Go to a page of the app and wait until it has run (and shows ``wait_for``)."""
    page.goto(f"{app_url}/{path}")
    page.wait_for_selector("[data-testid='stApp']", timeout=60_000)
    if wait_for:
        wait_text(page, wait_for)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000
    )


def settle(page, timeout: float = 60_000) -> None:
    """Wait until the app has finished running (its status widget is gone)."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout
    )


QUIET_FOR = """ms => {
    const busy = document.querySelector('[data-testid="stStatusWidget"],'
        + '[data-testid="stSpinner"],[data-testid="stSkeleton"]');
    const now = Date.now();
    if (busy || !window.__calmSince) window.__calmSince = busy ? 0 : now;
    return !busy && window.__calmSince && now - window.__calmSince > ms;
}"""


def quiet(page, ms: int = 1000, timeout: float = 60_000) -> None:
    """Wait until the app has shown no run (status widget, spinner or skeleton) for ``ms``: the
    status widget shows a run only after a delay, so its absence alone may come just before a
    rerun (a component reporting back)."""
    page.evaluate("() => { window.__calmSince = 0; }")
    page.wait_for_function(QUIET_FOR, arg=ms, timeout=timeout, polling=100)


def wait_text(page, text: str, timeout: float = 60_000) -> None:
    page.wait_for_function("t => document.body.innerText.includes(t)", arg=text, timeout=timeout)


def shoot(page, name: str, max_height: int = 5000) -> Path:
    """Save a screenshot of the whole page for review under build/screenshots/.

    Streamlit scrolls inside its own container, so the viewport is stretched to the content's
    height (at most ``max_height``) for the shot, then restored.
    """
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    size = page.viewport_size or {"width": 1400, "height": 900}
    height = page.evaluate(
        '() => Math.max(...[...document.querySelectorAll(\'[data-testid="stMain"], '
        '[data-testid="stAppViewContainer"], section.main\')].map(e => e.scrollHeight), '
        "document.body.scrollHeight)"
    )
    page.set_viewport_size({"width": size["width"], "height": min(max(height, 600), max_height)})
    page.wait_for_timeout(700)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)
    return path


def no_exception(page) -> None:
    shown = page.locator("[data-testid='stException']").all_inner_texts()
    assert not shown, f"the page shows an exception: {shown[0][:500]}"
