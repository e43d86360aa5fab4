"""Query functions over the projection: search, entity, neighbors, paths, timeline, centrality,
communities, evidence; filters, time windows, excluded hubs, unknown ids, reading direction."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset

import graph
from extract import BuildResult, build
from graph import (
    AmbiguousNode,
    GraphView,
    QueryError,
    UnknownNode,
    centrality,
    communities,
    entity,
    evidence,
    neighbors,
    paths,
    project,
    search,
    timeline,
)
from graph.network import _pagerank
from graph.store import load_dataset

NETWORK = Path(__file__).resolve().parent / "data" / "network"


@pytest.fixture(scope="module")
def net_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build(NETWORK, tmp_path_factory.mktemp("network") / "graph.trig")


@pytest.fixture
def net(net_build: BuildResult) -> GraphView:
    return GraphView.from_build(net_build)


@pytest.fixture
def mini(mini_build: BuildResult) -> GraphView:
    return GraphView.from_build(mini_build)


# --- projection ---------------------------------------------------------------------------------


def test_projection_nodes_and_edges_follow_the_vocabulary(net: GraphView) -> None:
    g = net.projection.graph
    ada = g.nodes["ada-lovelace"]
    assert {k: ada[k] for k in ("kind", "type", "type_label", "label", "aliases", "wikidata")} == {
        "kind": "entity",
        "type": "person",
        "type_label": "person",
        "label": "Ada Lovelace",
        "aliases": ("Lovelace",),
        "wikidata": "Q7259",
    }
    party = g.nodes["party-1833"]
    assert (party["kind"], party["earliest"], party["latest"], party["date_text"]) == (
        "event",
        "1833-06-05",
        "1833-06-05",
        "On 5 June 1833",
    )
    vocab = graph.default_vocabulary()
    relations = [(u, v, d) for u, v, d in g.edges(data=True) if d["kind"] == "relation"]
    assert len(relations) == 9
    for _u, _v, d in relations:
        spec = vocab.relations[d["predicate"]]
        assert (d["label"], d["inverse_label"], d["category"], d["directed"]) == (
            spec.label,
            spec.inverse_label,
            spec.category,
            spec.edge.directed,
        )
        assert d["quote"] and d["document"] == "network" and d["claim"]
    (employed,) = [d for _u, _v, d in relations if d["predicate"] == "employed_by"]
    assert (employed["start"], employed["end"]) == ("1840", "1842")
    assert (employed["earliest"], employed["latest"]) == ("1840-01-01", "1842-12-31")
    (reported,) = [d for _u, _v, d in relations if d["predicate"] == "criticizes"]
    assert (reported["certainty"], reported["stated_by"]) == ("reported", "charles-babbage")
    roles = {(u, v, d["role"]) for u, v, d in g.edges(data=True) if d["kind"] == "participation"}
    assert ("mary-somerville", "party-1833", "organizer") in roles
    assert ("london", "party-1833", "place") in roles
    assert g.edges["ada-lovelace", "party-1833", next(iter(g["ada-lovelace"]["party-1833"]))][
        "earliest"
    ] == ("1833-06-05")


def test_actor_network_links_entities_through_shared_events(net: GraphView) -> None:
    actors = net.projection.actors
    assert actors["ada-lovelace"]["charles-babbage"]["weight"] == 1
    assert actors["ada-lovelace"]["charles-babbage"]["events"] == ("party-1833",)
    assert "london" not in actors  # a place of an event is not an actor in it
    assert not actors.has_edge("ada-lovelace", "england")  # a relation is not a shared event


def test_projection_is_built_once_per_graph_version(net_build: BuildResult) -> None:
    ds = Dataset()
    for quad in net_build.dataset.quads((None, None, None, None)):
        ds.add(quad)
    view = GraphView(ds)
    first = view.projection
    assert view.projection is first
    centrality(view, "pagerank")
    assert ("centrality", "pagerank") in first.cache
    ds.remove((None, graph.namespaces.SDO.description, None))
    assert view.projection is not first
    assert view.projection.graph.nodes["ada-lovelace"]["description"] == ""


def test_projection_works_on_oxigraph(net_build: BuildResult) -> None:
    ox = GraphView(load_dataset(net_build.output, "oxigraph"))
    mem = GraphView(load_dataset(net_build.output, "memory"))
    a, b = ox.projection.graph, mem.projection.graph
    assert nx.utils.graphs_equal(a, b)
    assert [s.id for s in centrality(ox, "pagerank")] == [s.id for s in centrality(mem, "pagerank")]


def test_projection_of_the_bundled_corpus_is_fast(bundled_build: BuildResult) -> None:
    ds = bundled_build.dataset
    project(ds)  # warm-up
    times = []
    for _ in range(5):
        started = time.perf_counter()
        project(ds)
        times.append(time.perf_counter() - started)
    # bench/queries.py measures it (rdflib's SPARQL costs ~10 µs per triple of this corpus);
    # the fastest run, with a loose bound for busy machines, still catches a projection that
    # stops scaling linearly
    assert min(times) < 60e-6 * len(ds)


# --- search and names ---------------------------------------------------------------------------


def test_search_ranks_and_ignores_accents_and_case(mini: GraphView) -> None:
    hits = search(mini, "RUMEYSA ozturk")
    assert hits[0].id == "rumeysa-ozturk" and hits[0].score == 100
    assert [h.id for h in search(mini, "mccaran walter")][:1] == ["mccarran-walter-act"]
    assert search(mini, "Immigration and Nationality Act")[0].matched == (
        "Immigration and Nationality Act of 1952"
    )
    assert search(mini, "zzzz") == []
    assert all(h.kind == "event" for h in search(mini, "arrest", kinds=("event",)))
    scores = [h.score for h in search(mini, "khalil")]
    assert scores == sorted(scores, reverse=True)


def test_names_resolve_by_id_label_or_alias(net: GraphView) -> None:
    assert net.resolve("ada-lovelace") == "ada-lovelace"
    assert net.resolve("ada lovelace") == "ada-lovelace"
    assert net.resolve("LOVELACE") == "ada-lovelace"
    assert net.resolve("The Society") == "analytical-society"


def test_unknown_name_names_the_closest_matches(net: GraphView) -> None:
    with pytest.raises(UnknownNode) as info:
        entity(net, "Ada Lovelase")
    assert info.value.suggestions[0] == "Ada Lovelace (ada-lovelace)"
    assert str(info.value).startswith("unknown entity 'Ada Lovelase' — did you mean Ada Lovelace")
    with pytest.raises(UnknownNode, match="unknown entity 'nobody at all'$"):
        neighbors(net, "nobody at all")
    for call in (
        lambda: paths(net, "Ada Lovelace", "Willam Somerville"),
        lambda: timeline(net, "Babage"),
        lambda: evidence(net, "no-such-claim"),
        lambda: paths(net, "Ada Lovelace", "London", exclude_ids=["Englnd"]),
    ):
        with pytest.raises(UnknownNode):
            call()


def test_a_label_shared_by_two_nodes_is_ambiguous(net_build: BuildResult) -> None:
    view = GraphView.from_build(net_build)
    view.projection.graph.nodes["william-somerville"]["aliases"] = ("Somerville",)
    view.projection.graph.nodes["mary-somerville"]["aliases"] = ("Somerville",)
    with pytest.raises(
        AmbiguousNode, match="use one of the ids mary-somerville, william-somerville"
    ):
        view.resolve("Somerville")


# --- entity profile -----------------------------------------------------------------------------


def test_entity_profile(net: GraphView) -> None:
    p = entity(net, "Babbage")
    assert (p.id, p.label, p.types, p.aliases) == (
        "charles-babbage",
        "Charles Babbage",
        ("person",),
        ("Babbage",),
    )
    by_cat = {g.category: g.links for g in p.relations}
    assert set(by_cat) == {"location", "position"}  # stating a claim is not being part of it
    (leads,) = by_cat["position"]
    assert (leads.direction, leads.label, leads.other) == ("out", "leads", "analytical-society")
    assert leads.quotes[0].quote == "Charles Babbage led the Analytical Society"
    assert [(e.event, e.role) for e in p.events] == [
        ("party-1833", "participant"),
        ("engine-sketch", "agent"),
    ]
    assert p.mentions[0].quote == "Charles Babbage" and p.mentions[0].source == "network"
    society = entity(net, "analytical-society")
    links = {(k.direction, k.label, k.other) for g in society.relations for k in g.links}
    assert ("in", "is led by", "charles-babbage") in links
    assert ("in", "employs", "ada-lovelace") in links
    (crit,) = [k for g in society.relations for k in g.links if k.predicate == "criticizes"]
    assert (crit.label, crit.certainty, crit.stated_by) == (
        "is criticized by",
        "reported",
        "Charles Babbage",
    )
    ada = entity(net, "Ada Lovelace")
    assert (ada.wikidata, ada.wikidata_url) == ("Q7259", "https://www.wikidata.org/wiki/Q7259")
    assert ada.description == "Mathematician"


def test_entity_profile_rejects_an_event(net: GraphView) -> None:
    with pytest.raises(UnknownNode):
        entity(net, "party-1833")


def test_records_are_frozen_and_plain(net: GraphView) -> None:
    p = entity(net, "Ada Lovelace")
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.label = "x"  # type: ignore[misc]

    def plain(value: object) -> None:
        if dataclasses.is_dataclass(value):
            for f in dataclasses.fields(value):
                plain(getattr(value, f.name))
        elif isinstance(value, tuple | list):
            for v in value:
                plain(v)
        else:
            assert isinstance(value, str | int | float | bool | type(None)), type(value)

    for result in (
        p,
        neighbors(net, "Ada Lovelace", 2),
        paths(net, "Ada Lovelace", "William Somerville"),
        timeline(net),
        centrality(net),
        communities(net),
        evidence(net, "Ada Lovelace"),
        search(net, "ada"),
    ):
        plain(result)


# --- neighbors ----------------------------------------------------------------------------------


def _ids(result: graph.Neighborhood) -> set[str]:
    return {n.id for n in result.nodes}


def test_neighbors_depth(net: GraphView) -> None:
    one = neighbors(net, "Ada Lovelace")
    assert _ids(one) == {
        "ada-lovelace",
        "analytical-society",
        "england",
        "party-1833",
        "notes-1843",
    }
    assert {n.distance for n in one.nodes} == {0, 1}
    two = neighbors(net, "Ada Lovelace", depth=2)
    assert {"charles-babbage", "london", "mary-somerville", "notes"} <= _ids(two)
    assert "william-somerville" not in _ids(two)
    assert neighbors(net, "Ada Lovelace", depth=0).nodes[0].id == "ada-lovelace"
    assert all(e.source in _ids(two) and e.target in _ids(two) for e in two.edges)


def test_neighbors_filter_by_category(net: GraphView) -> None:
    result = neighbors(net, "Ada Lovelace", depth=3, categories=["location"])
    assert _ids(result) == {
        "ada-lovelace",
        "england",
        "charles-babbage",
        "mary-somerville",
        "london",
    }
    assert {e.category for e in result.edges} == {"location"}
    with pytest.raises(QueryError, match="unknown category 'locaton' — did you mean location"):
        neighbors(net, "Ada Lovelace", categories=["locaton"])


def test_neighbors_filter_by_type_is_hierarchy_aware(net: GraphView) -> None:
    orgs = neighbors(net, "Ada Lovelace", depth=2, types=["organization"])
    assert _ids(orgs) == {"ada-lovelace", "analytical-society", "the-times"}  # ngo, news media
    people = neighbors(net, "Ada Lovelace", depth=2, types=["person", "event"])
    assert "england" not in _ids(people) and "charles-babbage" in _ids(people)
    with pytest.raises(QueryError, match="unknown type 'persn' — did you mean person"):
        neighbors(net, "Ada Lovelace", types=["persn"])


def test_neighbors_time_window_overlap(net: GraphView) -> None:
    # 1841 overlaps the 1840–1842 employment; the 1833 party and the 1843 notes are outside;
    # undated claims (located in England) always count
    ids = _ids(neighbors(net, "Ada Lovelace", when=("1841", "1841-06")))
    assert ids == {"ada-lovelace", "analytical-society", "england"}
    ids = _ids(neighbors(net, "Ada Lovelace", when=("1843-01-01", None)))
    assert ids == {"ada-lovelace", "england", "notes-1843"}
    ids = _ids(neighbors(net, "Ada Lovelace", when=(None, "1833-06-05")))
    assert ids == {"ada-lovelace", "england", "party-1833"}
    # a window touching only the last day of a span still overlaps it
    assert "analytical-society" in _ids(neighbors(net, "Ada Lovelace", when=("1842-12-31", None)))
    with pytest.raises(QueryError, match="ends .* before it starts"):
        neighbors(net, "Ada Lovelace", when=("1850", "1840"))
    with pytest.raises(QueryError, match="'June 1841' is not a date"):
        neighbors(net, "Ada Lovelace", when=("June 1841", None))


# --- paths --------------------------------------------------------------------------------------


def _chain(path: graph.Path) -> list[str]:
    return list(path.nodes)


def test_paths_are_shortest_first_with_quotes(net: GraphView) -> None:
    found = paths(net, "Ada Lovelace", "William Somerville", k=5)
    lengths = [len(p) for p in found]
    assert lengths == sorted(lengths) and lengths[0] == 3
    assert {tuple(_chain(p)) for p in found if len(p) == 3} == {
        ("ada-lovelace", "party-1833", "mary-somerville", "william-somerville"),
        ("ada-lovelace", "england", "mary-somerville", "william-somerville"),
    }
    for p in found:
        assert p.steps[0].source == "ada-lovelace" and p.steps[-1].target == "william-somerville"
        for s in p.steps:
            assert s.quote and s.evidence is not None and s.evidence.quote == s.quote
            text = net.texts["network"]
            assert text[s.evidence.start : s.evidence.end] == s.quote


def test_paths_read_each_hop_in_the_direction_walked(net: GraphView) -> None:
    (step,) = paths(net, "Charles Babbage", "Analytical Society", k=1)[0].steps
    assert (step.label, step.forward, step.predicate) == ("leads", True, "leads")
    (step,) = paths(net, "Analytical Society", "Charles Babbage", k=1)[0].steps
    assert (step.label, step.forward, step.source, step.target) == (
        "is led by",
        False,
        "analytical-society",
        "charles-babbage",
    )
    via_event = paths(net, "Mary Somerville", "Charles Babbage", exclude_types=["country"])[0]
    assert [s.label for s in via_event.steps] == [
        "took part as organizer in",
        "had as participant",
    ]
    (spouse,) = paths(net, "William Somerville", "Mary Somerville", k=1)[0].steps
    assert spouse.label == "is married to" and not spouse.forward  # undirected: same label


def test_paths_exclude_hubs_by_type_and_id(net: GraphView) -> None:
    through_hub = {tuple(_chain(p)) for p in paths(net, "Ada Lovelace", "William Somerville", k=5)}
    assert any("england" in c for c in through_hub)
    for kwargs in ({"exclude_types": ["country"]}, {"exclude_ids": ["England"]}):
        found = paths(net, "Ada Lovelace", "William Somerville", k=5, **kwargs)
        assert found and all("england" not in p.nodes for p in found)
    # excluding the place type removes London and England (a country is a place)
    found = paths(net, "Ada Lovelace", "Charles Babbage", k=10, exclude_types=["place"])
    assert all(not {"england", "london"} & set(p.nodes) for p in found)
    # an end is never excluded
    (direct, *_) = paths(net, "Ada Lovelace", "England", exclude_types=["country"])
    assert direct.nodes == ("ada-lovelace", "england")


def test_paths_limits(net: GraphView) -> None:
    assert paths(net, "Ada Lovelace", "William Somerville", max_len=2) == []
    assert len(paths(net, "Ada Lovelace", "William Somerville", k=1)) == 1
    assert paths(net, "Ada Lovelace", "William Somerville", exclude_ids=["Mary Somerville"]) == []
    with pytest.raises(QueryError, match="both ends are 'Ada Lovelace'"):
        paths(net, "Ada Lovelace", "Lovelace")
    with pytest.raises(QueryError):
        paths(net, "Ada Lovelace", "England", k=0)


def test_paths_with_categories_and_window(net: GraphView) -> None:
    found = paths(net, "Ada Lovelace", "Charles Babbage", k=5, categories=["position"])
    assert [_chain(p) for p in found] == [["ada-lovelace", "analytical-society", "charles-babbage"]]
    assert [s.label for s in found[0].steps] == ["works for", "is led by"]
    # in 1845 the employment is over and the party long past: only the undated hub remains
    found = paths(net, "Ada Lovelace", "Charles Babbage", k=5, when=("1845", "1846"))
    assert {tuple(_chain(p)) for p in found} == {("ada-lovelace", "england", "charles-babbage")}


# --- timeline -----------------------------------------------------------------------------------


def test_timeline_orders_by_earliest_bound(net: GraphView) -> None:
    items = timeline(net)
    assert [t.id for t in items] == ["party-1833", "notes-1843", "society-dissolved"]
    party, notes, dissolved = items
    assert (party.date_text, party.edtf, party.earliest, party.latest) == (
        "On 5 June 1833",
        "1833-06-05",
        "1833-06-05",
        "1833-06-05",
    )
    assert (party.place, party.place_label) == ("london", "London")
    assert [(p.id, p.role) for p in party.participants] == [
        ("mary-somerville", "organizer"),
        ("ada-lovelace", "participant"),
        ("charles-babbage", "participant"),
    ]
    assert not party.uncertain and not notes.uncertain
    assert dissolved.uncertain and (dissolved.earliest, dissolved.latest) == (
        "1850-01-01",
        "1850-04-30",
    )
    assert party.quote.startswith("On 5 June 1833") and party.sources == ("network",)


def test_timeline_filters(net: GraphView) -> None:
    assert [t.id for t in timeline(net, "Lovelace")] == ["party-1833", "notes-1843"]
    assert [t.id for t in timeline(net, types=["publication"])] == ["notes-1843"]
    assert [t.id for t in timeline(net, start="1840", end="1849")] == ["notes-1843"]
    assert [t.id for t in timeline(net, start="1850-04-30")] == ["society-dissolved"]
    assert [t.id for t in timeline(net, source="network")][:1] == ["party-1833"]
    assert timeline(net, "London") == timeline(net, "London", include_related=False)
    assert [t.id for t in timeline(net, "London")] == ["party-1833"]  # as the place
    with_undated = timeline(net, "Babbage", undated=True)
    assert [t.id for t in with_undated] == ["party-1833", "engine-sketch"]
    assert with_undated[-1].earliest == "" and with_undated[-1].date_text == "undated"
    with pytest.raises(QueryError, match="unknown event type 'meetin' — did you mean meeting"):
        timeline(net, types=["meetin"])
    with pytest.raises(QueryError, match="unknown source 'netwrk'"):
        timeline(net, source="netwrk")


def test_timeline_include_related(net: GraphView) -> None:
    # William Somerville takes part in nothing; his wife organised the party
    assert timeline(net, "William Somerville") == []
    related = timeline(net, "William Somerville", include_related=True)
    assert [(t.id, t.via) for t in related] == [("party-1833", ("mary-somerville",))]
    # the society: dissolution directly, the notes through Ada (employee), the party through both
    items = {t.id: t.via for t in timeline(net, "Analytical Society", include_related=True)}
    assert items["society-dissolved"] == ()
    assert items["notes-1843"] == ("ada-lovelace",)
    assert items["party-1833"] == ("ada-lovelace", "charles-babbage")


# --- centrality and communities -----------------------------------------------------------------


@pytest.mark.parametrize("kind", ["degree", "betweenness", "pagerank"])
def test_centrality_ranks_entities(net: GraphView, kind: str) -> None:
    scores = centrality(net, kind)
    assert [s.rank for s in scores] == list(range(1, len(scores) + 1))
    assert all(a.score >= b.score for a, b in zip(scores, scores[1:], strict=False))
    assert {s.id for s in scores} == {
        n for n, k in net.projection.graph.nodes(data="kind") if k == "entity"
    }
    assert scores[0].id in ("england", "ada-lovelace", "analytical-society", "charles-babbage")


def test_centrality_matches_networkx(net: GraphView) -> None:
    simple = net.projection.simple
    degree = nx.degree_centrality(simple)
    assert {s.id: s.score for s in centrality(net, "degree", include_events=True)} == {
        n: degree[n] for n in simple
    }
    reference = nx.algorithms.link_analysis.pagerank_alg._pagerank_python(
        simple, tol=1e-10, max_iter=1000
    )
    ours = _pagerank(simple)
    assert max(abs(ours[n] - reference[n]) for n in simple) < 1e-6
    assert abs(sum(ours.values()) - 1) < 1e-9


def test_centrality_filters_and_errors(net: GraphView) -> None:
    people = centrality(net, "pagerank", types=["person"], limit=2)
    assert len(people) == 2 and all(s.type == "person" for s in people)
    assert any(s.id == "party-1833" for s in centrality(net, "degree", include_events=True))
    with pytest.raises(QueryError, match="unknown centrality 'closeness'"):
        centrality(net, "closeness")


def test_communities_are_seeded_and_cover_the_actors(net: GraphView) -> None:
    found = communities(net)
    members = [m for c in found for m in c.members]
    assert sorted(members) == sorted(net.projection.actors.nodes)
    assert len(members) == len(set(members))
    assert [len(c) for c in found] == sorted((len(c) for c in found), reverse=True)
    fresh = GraphView(net.dataset)
    assert [c.members for c in communities(fresh, seed=42)] == [c.members for c in found]


# --- evidence -----------------------------------------------------------------------------------


def test_evidence_of_an_entity(net: GraphView) -> None:
    quotes = evidence(net, "Lovelace")
    kinds = {q.kind for q in quotes}
    assert kinds == {"mention", "claim", "participation"}
    text = net.texts["network"]
    for q in quotes:
        e = q.evidence
        assert text[e.start : e.end] == e.quote and e.source == "network"
        assert e.quote in q.sentence
    (employed,) = [q for q in quotes if "works for" in q.statement]
    assert employed.statement == "Ada Lovelace works for Analytical Society"
    assert employed.sentence == "Ada Lovelace worked for the Analytical Society from 1840 to 1842."
    starts = [(q.evidence.source, q.evidence.start) for q in quotes]
    assert starts == sorted(starts)


def test_evidence_of_a_claim_and_an_event(net: GraphView) -> None:
    g = net.projection.graph
    (key,) = [k for _u, _v, k, d in g.edges(keys=True, data=True) if d["predicate"] == "criticizes"]
    (q,) = evidence(net, key)
    assert q.kind == "claim" and q.item == key
    assert q.statement == "The Times criticizes Analytical Society, according to Charles Babbage"
    assert q.sentence == ("The Times criticized the Analytical Society, according to its founder.")
    party = evidence(net, "party-1833")
    assert {q.kind for q in party} == {"event", "participation", "claim"}


def test_evidence_without_texts_has_no_sentence(net_build: BuildResult) -> None:
    view = GraphView(net_build.dataset)
    quotes = evidence(view, "Ada Lovelace")
    assert quotes and all(q.sentence == "" and q.evidence.quote for q in quotes)
    changed = GraphView(net_build.dataset, {"network": "a different text"})
    assert all(q.sentence == "" for q in evidence(changed, "Ada Lovelace"))


def test_texts_are_read_from_a_data_folder(net_build: BuildResult) -> None:
    view = GraphView.from_data_dir(net_build.dataset, NETWORK)
    assert view.texts["network"].startswith("Paths and hubs")
    assert GraphView.from_data_dir(net_build.dataset, NETWORK / "nowhere").texts == {}
