"""Clicks in the charts rerun only the chart and its card (st.fragment), and still show the right
card; what changes the controls reruns the whole page. Read from the runs the server reports
over the websocket, as bench/app.py reads them (no timing is asserted)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from appserver import no_exception, open_page, wait_text
from test_browser_relations import FIND_NODE, FRAME, click_node, network
from test_browser_timeline import click_event

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("bench_app", ROOT / "bench" / "app.py")
bench = importlib.util.module_from_spec(_spec)
sys.modules["bench_app"] = bench
_spec.loader.exec_module(bench)

FRAGMENT = "FINISHED_FRAGMENT_RUN_SUCCESSFULLY"
WHOLE = "FINISHED_SUCCESSFULLY"


def now(page) -> float:
    return page.evaluate("() => performance.now()")


def runs_since(page, t0: float) -> list[str]:
    """The statuses of the runs that ended after ``t0``, once the page has settled."""
    bench.settled(page, after=t0, quiet=0.8)
    return [r.status for r in bench.runs(page) if r.end is not None and r.end > t0]


def test_a_marker_click_reruns_only_the_chart_and_its_card(page, app_url: str) -> None:
    page.add_init_script(bench.WATCH)
    open_page(page, app_url, "timeline", wait_for="dated events")
    bench.settled(page, after=0, quiet=0.8)  # the page's own runs are over before the click
    t0 = now(page)
    click_event(page, "khalil-arrest")
    dialog = page.get_by_role("dialog")
    dialog.wait_for(timeout=30_000)
    wait_text(page, "Arrest of Mahmoud Khalil")
    assert runs_since(page, t0) == [FRAGMENT]
    assert "event=khalil-arrest" in page.url
    # (a second click after Esc is left out: closing the dialog reruns the page, and when that
    # run ends against the next click is a race the browser decides)
    no_exception(page)


def test_a_node_click_reruns_only_the_network_and_its_card(page, app_url: str) -> None:
    page.add_init_script(bench.WATCH)
    open_page(page, app_url, "relations?entity=elon-musk", wait_for=" nodes, ")
    bench.settled(page, after=0, quiet=0.8)  # the page's own runs are over before the click
    t0 = now(page)
    click_node(page, "afd")
    wait_text(page, "Open the entity page")
    assert runs_since(page, t0) == [FRAGMENT]
    card = page.locator("[data-testid='stColumn']").filter(has_text="Open the entity page").last
    assert "Alternative für Deutschland" in card.inner_text()
    assert "node=afd" in page.url
    # "Centre here" changes the controls above the fragment: the whole page runs again
    t1 = now(page)
    page.get_by_role("button", name="Centre here").click()
    page.wait_for_function("() => location.search.includes('entity=afd')", timeout=30_000)
    assert WHOLE in runs_since(page, t1)
    wait_text(page, "Alternative für Deutschland and what lies within")
    no_exception(page)


def test_a_double_click_expands_the_network_through_the_whole_page(page, app_url: str) -> None:
    page.add_init_script(bench.WATCH)
    open_page(page, app_url, "relations?entity=elon-musk", wait_for=" nodes, ")
    frame = network(page)
    pos = frame.locator("body").evaluate(FIND_NODE, "afd")
    box = page.locator(FRAME).first.bounding_box()
    t0 = now(page)
    page.mouse.dblclick(box["x"] + pos["x"], box["y"] + pos["y"])
    wait_text(page, "expanded by double-click")
    assert WHOLE in runs_since(page, t0)
    assert "expand=afd" in page.url
    no_exception(page)
