"""What the app keeps between reruns to answer fast, and that a visitor cannot grow it without
limit: the timeline's figures (bounded, the same drawing as unkept ones), the list of every event
(shared per graph version), the coverage report (made only when the Data page asks)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import plotly.io
import pytest
from streamlit.testing.v1 import AppTest

import graph
from app_pages import state
from app_pages import timeline as page
from app_pages.views import timeline_chart
from extract.opener import Settings, timed_open

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def view() -> graph.GraphView:
    opener, _ms = timed_open(Settings.from_env(data=ROOT / "data"))
    return opener.view()


def spec(fig) -> dict:
    return json.loads(plotly.io.to_json(fig, validate=False))


def test_a_kept_timeline_figure_draws_what_a_new_one_does(view) -> None:
    items = [i for i in graph.timeline(view, undated=True) if timeline_chart.is_dated(i)]
    placed, lanes = timeline_chart.placements(items)
    links = timeline_chart.event_links(view, [i.id for i in items])
    for selected in (None, "khalil-arrest", "no-such-event"):
        kept = page.timeline_figure(view, placed, lanes, links, selected)
        again = page.timeline_figure(view, placed, lanes, links, selected)
        assert again is kept  # kept, not drawn again
        fresh = timeline_chart.figure(placed, lanes, links=links, selected=selected)
        assert spec(kept) == spec(fresh)
    ringed = spec(page.timeline_figure(view, placed, lanes, links, "khalil-arrest"))
    assert [t for t in ringed["data"] if t.get("marker", {}).get("size") == 26]
    plain = spec(page.timeline_figure(view, placed, lanes, links, None))
    assert not [t for t in plain["data"] if t.get("marker", {}).get("size") == 26]


def test_kept_timeline_figures_are_bounded(view, monkeypatch) -> None:
    page._base.clear()
    made: list[tuple] = []
    real = page.base_figure

    def counting(placed, lanes, **kw):
        made.append(tuple(p.item.id for p in placed))
        return real(placed, lanes, **kw)

    monkeypatch.setattr(page, "base_figure", counting)
    items = [i for i in graph.timeline(view) if timeline_chart.is_dated(i)]
    assert len(items) > page.FIGURES + 1
    drawings = [timeline_chart.placements(items[n : n + 1]) for n in range(page.FIGURES + 1)]
    for placed, lanes in drawings:  # one more drawing than is kept
        page.timeline_figure(view, placed, lanes, [], None)
    assert len(made) == page.FIGURES + 1
    page.timeline_figure(view, *drawings[-1], [], None)  # the newest is kept
    assert len(made) == page.FIGURES + 1
    page.timeline_figure(view, *drawings[0], [], None)  # the oldest went
    assert len(made) == page.FIGURES + 2
    page._base.clear()


def test_every_event_is_listed_once_per_graph_version(view) -> None:
    first = page.every_event(view, id(view))
    assert first is page.every_event(view, id(view))
    assert list(first) == graph.timeline(view, undated=True)


def test_the_coverage_report_is_made_when_first_asked_and_once() -> None:
    calls: list[int] = []

    def report() -> str:
        calls.append(1)
        return "coverage of a source"

    app = state.AppData(
        view=None,  # type: ignore[arg-type]
        stats=None,  # type: ignore[arg-type]
        stories=[],
        sources={},
        build_ms=0.0,
        coverage_of=report,
    )
    assert calls == []
    threads = [threading.Thread(target=lambda: app.coverage) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert app.coverage == "coverage of a source" and calls == [1]


def test_the_overview_opens_without_the_coverage_report(monkeypatch) -> None:
    made: list[int] = []
    real = state.AppData.coverage.fget

    def counting(self):
        made.append(1)
        return real(self)

    monkeypatch.setattr(state.AppData, "coverage", property(counting))
    monkeypatch.setenv("THREADLINE_DATA", str(ROOT / "data"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception and made == []
    at.switch_page("app_pages/data.py").run()
    assert not at.exception and made
    assert "coverage of lurching-toward-authoritarian-rule" in at.code[0].value
