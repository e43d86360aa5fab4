"""The Timeline and Stories pages on a lazy view (graph.lazy), without a browser (AppTest).

The bundled corpus is copied into Oxigraph and shown through a lazy view (THREADLINE_STORE=
oxigraph, THREADLINE_LAZY_ABOVE=0): the pages must draw what a view of the whole store holds,
without ever projecting the store whole. A small cap (graph.lazy.TIMELINE_CAP) stands in for a
large store, where a timeline without actors holds only the latest events of its window.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from rdflib.plugins.stores.memory import Memory
from streamlit.testing.v1 import AppTest
from test_app_timeline import KHALIL_QUOTE, chart_ids, click, html, open_page, spec

import graph
import graph.lazy as graph_lazy
from app_pages.views import timeline_chart as timeline
from extract import BuildResult
from graph.view import GraphView

SMALL_CAP = 20


@pytest.fixture(scope="module")
def whole(bundled_build: BuildResult) -> GraphView:
    """A view of the whole bundled corpus, to compare the lazy pages with."""
    return GraphView.from_build(bundled_build)


@pytest.fixture(autouse=True)
def only_scoped_projections(whole: GraphView, whole_projections: list) -> Iterator[None]:
    """Fail if a store other than rdflib's memory (the lazy pages' Oxigraph) is projected whole."""
    whole.projection  # noqa: B018 — built before the pages run
    yield
    assert all(isinstance(ds.store, Memory) for ds in whole_projections), (
        "a page projected the store"
    )


def open_lazy(page: str, monkeypatch: pytest.MonkeyPatch, **params: str) -> AppTest:
    monkeypatch.setenv("THREADLINE_STORE", "oxigraph")
    monkeypatch.setenv("THREADLINE_LAZY_ABOVE", "0")
    return open_page(page, monkeypatch, **params)


def open_whole(page: str, monkeypatch: pytest.MonkeyPatch, **params: str) -> AppTest:
    monkeypatch.delenv("THREADLINE_STORE", raising=False)
    monkeypatch.delenv("THREADLINE_LAZY_ABOVE", raising=False)
    return open_page(page, monkeypatch, **params)


def dated_ids(items: list[graph.TimelineItem]) -> set[str]:
    return {i.id for i in items if timeline.is_dated(i)}


def undated_rows(at: AppTest) -> list[str]:
    return list(at.dataframe[0].value["event"]) if at.dataframe else []


def infos(at: AppTest) -> str:
    return " ".join(i.value for i in at.info)


# ------------------------------------------------------------------ timeline
def test_the_lazy_timeline_draws_every_event_of_the_corpus(monkeypatch, whole) -> None:
    at = open_lazy("timeline", monkeypatch, period="all")
    assert not at.exception and not at.error
    assert at.text_input(key="actor_find")  # the lazy view's actor search is there
    expected = graph.timeline(whole, undated=True)
    assert len(expected) < graph_lazy.TIMELINE_CAP  # under the cap: nothing left out
    assert chart_ids(at) == dated_ids(expected)
    assert sorted(undated_rows(at)) == sorted(i.label for i in expected if not timeline.is_dated(i))
    assert "Showing the latest" not in infos(at)
    caption = " ".join(c.value for c in at.caption)
    assert f"{len(dated_ids(expected))} dated events in" in caption


def test_the_lazy_timeline_draws_like_the_whole_one(monkeypatch) -> None:
    """The same links give the same chart, lanes and links on both kinds of view."""
    for params in (
        {},
        {"period": "all", "etype": "arrest,executive-action"},
        {"lane": "actor", "from": "2025-03-01", "to": "2025-04-30"},
    ):
        lazy = open_lazy("timeline", monkeypatch, **params)
        full = open_whole("timeline", monkeypatch, **params)
        assert not lazy.exception and not full.exception, params
        assert chart_ids(lazy) == chart_ids(full), params
        assert undated_rows(lazy) == undated_rows(full), params
        lazy_axis, full_axis = spec(lazy)["layout"]["yaxis"], spec(full)["layout"]["yaxis"]
        assert lazy_axis["ticktext"] == full_axis["ticktext"], params
        links = [t for t in spec(lazy)["data"] if t.get("mode") == "lines" and "dash" in t["line"]]
        assert len(links) == len(
            [t for t in spec(full)["data"] if t.get("mode") == "lines" and "dash" in t["line"]]
        ), params


def test_lazy_actors_get_their_whole_timelines(monkeypatch, whole) -> None:
    at = open_lazy("timeline", monkeypatch, actor="mahmoud-khalil,ice", lane="actor", period="all")
    assert not at.exception and not at.error
    assert at.multiselect(key="actor").value == ["mahmoud-khalil", "ice"]
    expected = graph.timeline(whole, "mahmoud-khalil") + graph.timeline(whole, "ice")
    assert chart_ids(at) == dated_ids(expected)
    ticks = spec(at)["layout"]["yaxis"]["ticktext"]
    assert ticks[0] == "Mahmoud Khalil" and ticks[1].startswith("U.S. Immigration and Customs")
    related = open_lazy("timeline", monkeypatch, actor="mahmoud-khalil", related="1", period="all")
    assert related.checkbox(key="related").value
    assert chart_ids(related) == dated_ids(
        graph.timeline(whole, "mahmoud-khalil", include_related=True)
    )


def test_lazy_pickers_offer_the_vocabulary_and_the_actors_found(monkeypatch, whole) -> None:
    at = open_lazy("timeline", monkeypatch)
    etypes = at.multiselect(key="etype")
    assert len(etypes.options) == len(whole.vocabulary.event_types)
    actors = at.multiselect(key="actor").options
    participants = {  # the picker offers the actors among them (graph.is_actor)
        p.label
        for i in graph.timeline(whole, undated=True)
        for p in i.participants
        if graph.is_actor(whole, p.type)
    }
    assert participants
    assert participants <= set(actors)
    assert not any(o.endswith(")") and o.rsplit("(", 1)[-1][:-1].isdigit() for o in actors)


def test_a_lazy_actor_search_adds_the_actor(monkeypatch, whole) -> None:
    at = open_lazy("timeline", monkeypatch, period="all")
    at.text_input(key="actor_find").input("marco rubbio").run()
    assert not at.exception
    at.button(key="actor-add-marco-rubio").click().run()
    assert not at.exception
    assert at.multiselect(key="actor").value == ["marco-rubio"]
    assert at.query_params["actor"] == "marco-rubio"
    assert at.text_input(key="actor_find").value == ""
    assert chart_ids(at) == dated_ids(graph.timeline(whole, "marco-rubio"))


def test_the_url_opens_a_lazy_event_card(monkeypatch) -> None:
    at = open_lazy("timeline", monkeypatch, event="khalil-arrest")
    assert not at.exception
    text = html(at)
    assert ">Arrest of Mahmoud Khalil</div>" in text
    assert "<code>2025-03</code>" in text and f"<mark><b>{KHALIL_QUOTE}" in text
    ring = [t for t in spec(at)["data"] if t.get("marker", {}).get("size") == 26]
    assert len(ring) == 1
    bad = open_lazy("timeline", monkeypatch, event="no-such-event", actor="nobody")
    warnings = " ".join(w.value for w in bad.warning)
    assert "no-such-event" in warnings and "nobody" in warnings


def test_a_full_capped_timeline_says_so(monkeypatch, whole) -> None:
    monkeypatch.setattr("graph.lazy.TIMELINE_CAP", SMALL_CAP)
    at = open_lazy("timeline", monkeypatch, period="all")
    assert not at.exception
    assert f"Showing the latest {SMALL_CAP} dated events — " in infos(at)
    latest = graph.timeline(whole, undated=True, limit=SMALL_CAP, latest=True)
    assert chart_ids(at) == dated_ids(latest) and len(chart_ids(at)) == SMALL_CAP
    assert min(i.earliest for i in latest) >= "2025-03"  # the present of the corpus
    window = open_lazy("timeline", monkeypatch, period="all", **{"from": "2025-01-01"})
    assert f"Showing the latest {SMALL_CAP} dated events of this window" in infos(window)
    chosen = open_lazy("timeline", monkeypatch, actor="donald-trump", period="all")
    assert "Showing the latest" not in infos(chosen)  # an actor's timeline is complete
    assert chart_ids(chosen) == dated_ids(graph.timeline(whole, "donald-trump"))
    narrow = open_lazy("timeline", monkeypatch, etype="arrest", period="all")
    assert "Showing the latest" not in infos(narrow)
    assert chart_ids(narrow) == dated_ids(graph.timeline(whole, types=["arrest"]))


def test_a_card_beyond_the_cap_opens_and_its_links_too(monkeypatch) -> None:
    monkeypatch.setattr("graph.lazy.TIMELINE_CAP", SMALL_CAP)
    at = open_lazy("timeline", monkeypatch, event="khalil-arrest")
    assert not at.exception
    assert ">Arrest of Mahmoud Khalil</div>" in html(at)
    assert "khalil-arrest" not in chart_ids(at)
    captions = " ".join(c.value for c in at.caption)
    assert f"not among the latest {SMALL_CAP} events drawn" in captions
    button = next(b for b in at.button if b.label.startswith("Online publication targeting"))
    button.click().run()
    assert not at.exception
    assert at.query_params["event"] == "khalil-doxing"
    assert "Online publication targeting Mahmoud Khalil" in html(at)


def test_actor_results_keep_the_timeline_order(whole) -> None:
    items = graph.timeline(whole, undated=True)
    shuffled = items[:]
    random.Random(7).shuffle(shuffled)
    assert sorted(shuffled, key=graph.timeline_order) == items


# ------------------------------------------------------------------ stories
def test_a_lazy_story_step_draws_like_the_whole_one(monkeypatch) -> None:
    lazy = open_lazy("stories", monkeypatch, story="100-days-of-decrees", step="2")
    full = open_whole("stories", monkeypatch, story="100-days-of-decrees", step="2")
    assert not lazy.exception and not lazy.error
    assert chart_ids(lazy) == chart_ids(full) and chart_ids(lazy)
    labels = [a.get("text", "") for a in spec(lazy)["layout"].get("annotations", [])]
    assert any("Signing of 26 executive orders" in t for t in labels)
    assert labels == [a.get("text", "") for a in spec(full)["layout"].get("annotations", [])]
    assert spec(lazy)["layout"]["xaxis"]["range"] == spec(full)["layout"]["xaxis"]["range"]
    assert html(lazy).count("<mark><b>") == html(full).count("<mark><b>") >= 4


def test_a_lazy_story_click_opens_an_event_card(monkeypatch) -> None:
    at = open_lazy("stories", monkeypatch, story="100-days-of-decrees", step="2")
    click(at, "birthright-citizenship-order-signing", key="story-chart-2")
    assert not at.exception
    assert at.query_params["event"] == "birthright-citizenship-order-signing"
    assert "Date in the source:" in html(at)
    assert ">Executive order ending birthright citizenship</div>" in html(at)


def test_a_capped_story_step_says_so_and_keeps_its_highlights(monkeypatch) -> None:
    monkeypatch.setattr("graph.lazy.TIMELINE_CAP", 3)
    at = open_lazy("stories", monkeypatch, story="100-days-of-decrees", step="2")
    assert not at.exception
    captions = " ".join(c.value for c in at.caption)
    assert "Only the first 3 events of this window are drawn." in captions
    labels = [a.get("text", "") for a in spec(at)["layout"].get("annotations", [])]
    assert any("Signing of 26 executive orders" in t for t in labels)
    assert html(at).count("<mark><b>") >= 4
