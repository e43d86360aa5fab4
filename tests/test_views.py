"""One view interface (graph.view.View), two complete implementations, one event order, one schema.

Every member of the interface is called on a view of the whole bundled corpus (GraphView) and on
a store-backed view of a copy in Oxigraph (LazyView): none may raise. The store's ORDER BY,
generated from graph.eventorder, must order the bundled events as Python does; capped timelines
and rankings must say so; every node and edge of the projection carries exactly the keys of
graph.attrs; and no page or query module asks which implementation it was given.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import graph
import graph.lazy
from extract import BuildResult
from graph import attrs
from graph.eventorder import EVENT_ORDER, date_rank, sparql_order, timeline_order
from graph.lazy import LazyView
from graph.projection import local_id
from graph.sparql import select_rows
from graph.store import copy_dataset
from graph.view import GraphView, View

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def views(bundled_build: BuildResult) -> tuple[GraphView, LazyView]:
    whole = GraphView.from_build(bundled_build)
    return whole, LazyView(copy_dataset(bundled_build.dataset, "oxigraph"), dict(whole.texts))


CALLS: dict[str, Callable[[View], Any]] = {
    "describe": lambda v: v.describe,
    "timeline_cap": lambda v: v.timeline_cap,
    "ranked_among": lambda v: v.ranked_among,
    "cached": lambda v: v.cached(("test", 1), lambda: 42),
    "refresh": lambda v: v.refresh(),
    "focus": lambda v: v.focus(["Mahmoud Khalil", "ICE"], 1),
    "focus_item": lambda v: v.focus_item("mahmoud-khalil"),
    "focus_nodes": lambda v: v.focus_nodes(["mahmoud-khalil", "no-such-node"], 1),
    "focus_events": lambda v: v.focus_events(
        ("2025-03", None), types=["arrest"], undated=True, limit=5, latest=True
    ),
    "focus_timeline": lambda v: v.focus_timeline("Mahmoud Khalil", include_related=True),
    "focus_source": lambda v: v.focus_source("lurching-toward-authoritarian-rule"),
    "focus_top": lambda v: v.focus_top(),
    "whole": lambda v: v.whole(),
    "degree": lambda v: v.degree(5),
    "date_span": lambda v: v.date_span(),
    "stats": lambda v: v.stats(),
    "node_table": lambda v: v.node_table(),
    "names": lambda v: v.names(),
    "match": lambda v: v.match("khalil"),
    "closest": lambda v: v.closest("Marko Rubbio"),
    "resolve": lambda v: v.resolve("Marco Rubio"),
    "label": lambda v: v.label("mahmoud-khalil"),
    "check_terms": lambda v: v.check_terms("event type", ["arrest"], v.vocabulary.event_types),
}


def _members() -> set[str]:
    """The public members View declares (methods and properties), its own and abstract ones."""
    return {
        name
        for name, value in vars(View).items()
        if not name.startswith("_") and (callable(value) or isinstance(value, property))
    }


def test_the_calls_cover_the_whole_interface() -> None:
    assert _members() == set(CALLS), "a member of View has no call here"
    assert View.__abstractmethods__ <= set(CALLS)


@pytest.mark.parametrize("which", ["whole", "lazy"])
def test_every_member_of_the_interface_answers(views: tuple, which: str) -> None:
    view = views[0] if which == "whole" else views[1]
    assert isinstance(view, View)
    for name, call in CALLS.items():
        result = call(view)  # none may raise
        if name.startswith("focus") or name == "whole":
            assert isinstance(result, GraphView), name
            assert result.projection.graph.number_of_nodes() > 0, name
    assert view.resolve("Marco Rubio") == "marco-rubio"
    assert view.label("mahmoud-khalil") == "Mahmoud Khalil"


def test_both_implementations_count_alike(views: tuple) -> None:
    whole, lazy = views
    assert lazy.stats() == whole.stats()
    assert lazy.date_span() == whole.date_span()
    assert lazy.degree(10) == whole.degree(10)
    assert lazy.node_table() == whole.node_table()
    assert set(lazy.names()) == set(whole.names())  # the whole view may repeat a name


def test_the_two_implementations_differ_only_in_their_caps(views: tuple) -> None:
    whole, lazy = views
    assert (whole.timeline_cap, whole.ranked_among, whole.describe) == (None, None, "")
    assert lazy.timeline_cap == graph.lazy.TIMELINE_CAP
    assert lazy.ranked_among == graph.lazy.TOP_NODES
    assert lazy.describe == "fetches only what each page shows"


def test_no_implementation_overrides_with_a_refusal() -> None:
    """Each implementation defines every abstract member, and neither raises NotImplemented."""
    for cls in (GraphView, LazyView):
        assert not getattr(cls, "__abstractmethods__", set()), cls
        source = inspect.getsource(cls)
        assert "NotImplementedError" not in source and "never projects" not in source


# ------------------------------------------------------------------ the event order
Q_EVENTS = """SELECT DISTINCT ?e ?lo ?hi WHERE { ?e sem:eventType ?t
  OPTIONAL { ?e sem:hasEarliestBeginTimeStamp ?lo } OPTIONAL { ?e sem:hasLatestEndTimeStamp ?hi }
} ORDER BY $ORDER"""


def test_the_sparql_order_is_the_python_order(views: tuple) -> None:
    """On Oxigraph (rdflib's own engine cannot order by unbound values: its stores are never
    store-backed unless asked)."""
    whole, ds = views[0], views[1].dataset
    items = graph.timeline(whole, undated=True)
    assert len(items) > 100 and any(not (i.earliest or i.latest) for i in items)
    ranked = [i.id for i in sorted(items, key=date_rank)]
    rows = select_rows(ds, Q_EVENTS.replace("$ORDER", sparql_order()))
    assert [local_id(r[0]) for r in rows] == ranked
    dated = [i for i in sorted(items, key=date_rank) if i.earliest or i.latest]
    undated = [i for i in sorted(items, key=date_rank) if not (i.earliest or i.latest)]
    latest_first = [i.id for i in reversed(dated)] + [i.id for i in undated]
    rows = select_rows(ds, Q_EVENTS.replace("$ORDER", sparql_order(latest=True)))
    assert [local_id(r[0]) for r in rows] == latest_first


def test_a_timeline_is_in_the_one_event_order(views: tuple) -> None:
    items = graph.timeline(views[0], undated=True)
    assert items == sorted(items, key=timeline_order)
    assert graph.timeline_order is timeline_order
    keys = [k.python for k in EVENT_ORDER]
    assert [tuple(k(i) for k in keys) for i in items] == sorted(
        tuple(k(i) for k in keys) for i in items
    )


# ------------------------------------------------------------------ capped results
def test_capped_results_say_so(bundled_build: BuildResult, monkeypatch) -> None:
    whole = GraphView.from_build(bundled_build)
    lazy = LazyView(copy_dataset(bundled_build.dataset, "oxigraph"), dict(whole.texts))
    full = graph.timeline_of(whole)
    assert (full.capped, full.cap) == (False, None)
    monkeypatch.setattr("graph.lazy.TIMELINE_CAP", 7)
    cut = graph.timeline_of(lazy, latest=True)
    assert (cut.capped, cut.cap, len(cut.items)) == (True, 7, 7)
    chosen = graph.timeline_of(lazy, ["donald-trump"])
    assert not chosen.capped and chosen == graph.timeline_of(whole, ["donald-trump"])

    monkeypatch.setattr("graph.lazy.TOP_NODES", 30)
    scores = graph.centrality(lazy, "pagerank", include_events=True)
    assert scores and all(s.among == 30 for s in scores) and len(scores) <= 30
    assert all(r.among == 30 for r in graph.ranked_nodes(lazy, limit=5))
    assert all(c.among == 30 for c in graph.communities(lazy))
    assert all(s.among is None for s in graph.centrality(whole, limit=5))
    assert all(c.among is None for c in graph.communities(whole))


# ------------------------------------------------------------------ the projection's schema
def test_every_node_and_edge_has_the_keys_of_the_schema(views: tuple) -> None:
    for view in (views[0], views[1].focus(["Donald Trump"], 1)):
        g = view.projection.graph
        kinds = {d[attrs.KIND] for _n, d in g.nodes(data=True)}
        assert {attrs.ENTITY, attrs.EVENT} <= kinds
        for node, data in g.nodes(data=True):
            assert tuple(data) == attrs.NODE_KEYS[data[attrs.KIND]], node
        for _u, _v, key, data in g.edges(keys=True, data=True):
            assert tuple(data) == attrs.EDGE_KEYS[data[attrs.KIND]], key


# ------------------------------------------------------------------ nobody asks which view it is
def test_no_page_or_query_module_asks_whether_a_view_is_lazy() -> None:
    files = [*(ROOT / "graph").glob("*.py"), *(ROOT / "app_pages").rglob("*.py")]
    view_modules = {ROOT / "graph" / "view.py", ROOT / "graph" / "lazy.py"}
    for path in files:
        text = path.read_text(encoding="utf-8")
        if path not in view_modules:
            assert not re.search(r"\.lazy\b", text), path
        if path.is_relative_to(ROOT / "app_pages"):
            assert "TIMELINE_CAP" not in text and "TOP_NODES" not in text, path
