"""A lazy view (graph.lazy) answers like a view of the whole store, without projecting it whole.

The bundled corpus is built once and every question is asked of both a whole GraphView and a
LazyView of a copy; the answers must be equal. The copy is in embedded Oxigraph, then on real
SPARQL servers (Oxigraph server; Virtuoso when installed, always in CI), where `threadline push`
put it. Every projection the lazy view makes is checked to be scoped.
"""

from __future__ import annotations

import itertools
import os
import random
from collections.abc import Iterator

import pytest
from servers import VIRTUOSO, oxigraph_server, virtuoso_server

import graph
import graph.projection as projection
from extract import BuildResult
from graph.lazy import TIMELINE_CAP, TOP_NODES, LazyView
from graph.remote import Endpoint, RemoteDataset, push
from graph.store import copy_dataset
from graph.view import GraphView, View


def backends() -> list:
    found = [pytest.param("embedded", id="embedded"), pytest.param("oxigraph", id="oxigraph")]
    if VIRTUOSO or os.environ.get("CI"):
        found.append(pytest.param("virtuoso", id="virtuoso"))
    return found


@pytest.fixture(scope="module", params=backends())
def views(
    request: pytest.FixtureRequest,
    bundled_build: BuildResult,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[GraphView, LazyView]]:
    whole = GraphView.from_build(bundled_build)
    texts = dict(whole.texts)
    if request.param == "embedded":
        yield whole, LazyView(copy_dataset(bundled_build.dataset, "oxigraph"), texts)
        return
    start = oxigraph_server if request.param == "oxigraph" else virtuoso_server
    with start(tmp_path_factory.mktemp(request.param)) as server:
        if server.user:
            os.environ["THREADLINE_SPARQL_USER"] = server.user
            os.environ["THREADLINE_SPARQL_PASSWORD"] = server.password or ""
        try:
            endpoint = Endpoint.from_url(server.query_url, server.store_url, timeout=60)
            push(bundled_build.dataset, endpoint)
            yield whole, LazyView(RemoteDataset(endpoint), texts)
        finally:
            os.environ.pop("THREADLINE_SPARQL_USER", None)
            os.environ.pop("THREADLINE_SPARQL_PASSWORD", None)


@pytest.fixture(autouse=True)
def only_scoped_projections(monkeypatch: pytest.MonkeyPatch, views: tuple) -> None:
    """Fail if the lazy view's store is ever projected whole."""
    lazy_store = views[1].dataset
    original = projection.project

    def guarded(ds, vocabulary=None, scope=None):  # noqa: ANN001, ANN202
        assert ds is not lazy_store or scope is not None, "the lazy view projected the whole store"
        return original(ds, vocabulary, scope)

    monkeypatch.setattr("graph.view.project", guarded)


def _sample(items: list[str], n: int, seed: int) -> list[str]:
    return random.Random(seed).sample(sorted(items), min(n, len(items)))


def _entities(whole: GraphView) -> list[str]:
    return whole.projection.nodes_of("entity")


def test_the_lazy_view_has_no_projection_of_the_whole_store(views: tuple) -> None:
    lazy = views[1]
    assert isinstance(lazy, View) and not isinstance(lazy, GraphView)
    with pytest.raises(AttributeError):  # only the parts it focuses on have a projection
        lazy.projection  # noqa: B018
    assert isinstance(lazy.focus(["Mahmoud Khalil"], 1), GraphView)


def test_search_and_names(views: tuple) -> None:
    whole, lazy = views
    for text in ["khalil", "Trump", "tariff", "I.C.E.", "alien enemies act", "weidel", "xyzzy"]:
        assert graph.search(lazy, text) == graph.search(whole, text), text
    for name in ["Marco Rubio", "donald-trump", "ICE"]:
        assert lazy.resolve(name) == whole.resolve(name)
    with pytest.raises(graph.UnknownNode) as lazy_error:
        lazy.resolve("Marko Rubbio")
    with pytest.raises(graph.UnknownNode) as whole_error:
        whole.resolve("Marko Rubbio")
    assert str(lazy_error.value) == str(whole_error.value)


def test_profiles_evidence_and_neighbourhoods(views: tuple) -> None:
    whole, lazy = views
    hubs = [s.id for s in graph.centrality(whole, "degree", limit=3)]
    for node in [*hubs, *_sample(_entities(whole), 25, seed=1)]:
        assert graph.entity(lazy, node) == graph.entity(whole, node), node
        assert graph.evidence(lazy, node) == graph.evidence(whole, node), node
        for depth in (1, 2):
            assert graph.neighbors(lazy, node, depth) == graph.neighbors(whole, node, depth)
    assert graph.neighbors(lazy, "donald-trump", 1, categories=["position"]) == graph.neighbors(
        whole, "donald-trump", 1, categories=["position"]
    )
    claim = next(iter(whole.projection.claims))
    assert graph.evidence(lazy, claim) == graph.evidence(whole, claim)


def test_paths(views: tuple) -> None:
    whole, lazy = views
    assert graph.paths(lazy, "Elon Musk", "Alice Weidel") == graph.paths(
        whole, "Elon Musk", "Alice Weidel"
    )
    people = _sample(_entities(whole), 12, seed=2)
    for a, b in itertools.islice(itertools.combinations(people, 2), 20):
        for max_len in (2, 3, 4):
            assert graph.paths(lazy, a, b, max_len=max_len) == graph.paths(
                whole, a, b, max_len=max_len
            ), (a, b, max_len)
    kwargs = {"exclude_types": ["country"], "exclude_ids": ["Donald Trump"]}
    assert graph.paths(lazy, "Elon Musk", "Alice Weidel", **kwargs) == graph.paths(
        whole, "Elon Musk", "Alice Weidel", **kwargs
    )


def test_timelines_of_entities(views: tuple) -> None:
    whole, lazy = views
    for node in ["donald-trump", "mahmoud-khalil", *_sample(_entities(whole), 20, seed=3)]:
        for related in (False, True):
            assert graph.timeline(lazy, node, include_related=related) == graph.timeline(
                whole, node, include_related=related
            ), (node, related)


def test_timelines_of_windows(views: tuple) -> None:
    whole, lazy = views
    cases = [
        {},
        {"start": "2025-03", "end": "2025-04"},
        {"start": "2025-02-01"},
        {"end": "1950"},
        {"types": ["arrest", "executive-action"]},
        {"undated": True},
        {"undated": True, "start": "2025"},
        {"source": "lurching-toward-authoritarian-rule", "start": "2025-01"},
        {"limit": 10},
        {"limit": 25, "start": "2025-02"},
        {"limit": 10, "latest": True},
        {"limit": 25, "end": "2025-02", "latest": True},
        {"limit": 250, "undated": True, "latest": True},
    ]
    for kwargs in cases:
        assert graph.timeline(lazy, **kwargs) == graph.timeline(whole, **kwargs), kwargs


def test_the_latest_events(views: tuple) -> None:
    whole = views[0]
    everything = graph.timeline(whole, undated=True)
    dated = [i for i in everything if i.earliest or i.latest]
    assert graph.timeline(whole, limit=5, latest=True) == dated[-5:]
    some = graph.timeline(whole, limit=len(dated) + 3, undated=True, latest=True)
    first_undated = sorted(i.id for i in everything if i not in dated)[:3]  # a limit picks by id
    assert some == [i for i in everything if i in dated or i.id in first_undated]


def test_a_timeline_without_entity_is_capped_on_a_lazy_view(views: tuple) -> None:
    whole, lazy = views
    everything = graph.timeline(whole, undated=True)
    assert len(everything) < TIMELINE_CAP  # so the cap is not hit on the bundled corpus
    assert graph.timeline(lazy, undated=True) == everything


def test_reader_annotations(views: tuple) -> None:
    whole, lazy = views
    source = "lurching-toward-authoritarian-rule"
    assert graph.annotations(lazy, source) == graph.annotations(whole, source)


def test_stats(views: tuple) -> None:
    whole, lazy = views
    assert graph.stats(lazy) == graph.stats(whole)


def test_rankings_look_at_the_most_linked_nodes(views: tuple) -> None:
    whole, lazy = views
    degree = lazy.degree(10)
    assert degree[0][0] == "donald-trump"
    g = whole.projection.graph  # the store counts every claim, role and place: the multigraph
    assert [d for _n, d in degree] == [g.degree(n) for n, _d in degree]
    linked = sorted((d for n, d in g.degree() if g.nodes[n]["kind"] != "other"), reverse=True)
    assert [d for _n, d in degree] == linked[:10]
    top = graph.centrality(lazy, "pagerank", limit=5)
    assert top[0].id == graph.centrality(whole, "pagerank", limit=1)[0].id == "donald-trump"
    assert lazy.projected[-1] == TOP_NODES
    groups = graph.communities(lazy)
    assert sum(len(c.members) for c in groups) <= TOP_NODES
    assert any("donald-trump" in c.members for c in groups)


def test_exports_project_the_whole_store_on_request(views: tuple, monkeypatch) -> None:
    whole, lazy = views
    monkeypatch.setattr("graph.view.project", projection.project)
    assert graph.csv_tables(lazy) == graph.csv_tables(whole)


def test_date_span(views: tuple) -> None:
    whole, lazy = views
    assert graph.date_span(lazy) == graph.date_span(whole)
    assert graph.date_span(whole)[1] >= "2025-05-01"


def test_events_and_nodes_by_id(views: tuple) -> None:
    whole, lazy = views
    ids = ["khalil-arrest", "donald-trump", "nothing-here", *_sample(_entities(whole), 5, seed=4)]
    events = [n for n in whole.projection.nodes_of("event")][:7]
    assert graph.events(lazy, [*ids, *events]) == graph.events(whole, [*ids, *events])
    assert list(graph.events(whole, ids)) == ["khalil-arrest"]
    assert graph.nodes(lazy, [*ids, *events]) == graph.nodes(whole, [*ids, *events])


def test_links_and_most_linked(views: tuple) -> None:
    whole, lazy = views
    events = whole.projection.nodes_of("event")
    assert graph.links(lazy, events, categories=["event"]) == graph.links(
        whole, events, categories=["event"]
    )
    assert len(graph.links(whole, events, categories=["event"])) > 20
    ids = ["donald-trump", "elon-musk", "us-department-of-state", "marco-rubio"]
    assert graph.links(lazy, ids) == graph.links(whole, ids)
    top = graph.most_linked(whole, 5)
    assert top[0][0].id == "donald-trump"
    assert [d for _n, d in graph.most_linked(lazy, 5)] == [d for _n, d in top]
