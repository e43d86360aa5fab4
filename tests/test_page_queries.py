"""What the pages used to compute themselves, now asked of the graph: an event's card
(graph.event), event families from the vocabulary, and the same answers on a lazy view."""

from __future__ import annotations

from pathlib import Path

import pytest

import graph
from extract import BuildResult
from graph.lazy import LazyView
from graph.store import copy_dataset
from graph.view import GraphView


@pytest.fixture(scope="module")
def views(bundled_build: BuildResult) -> tuple[GraphView, LazyView]:
    whole = GraphView.from_build(bundled_build)
    return whole, LazyView(copy_dataset(bundled_build.dataset, "oxigraph"), dict(whole.texts))


# ------------------------------------------------------------------ graph.event
def test_an_event_record_holds_what_its_card_shows(views: tuple) -> None:
    whole, _lazy = views
    for item in graph.timeline(whole, undated=True):
        e = graph.event(whole, item.id)
        assert (e.id, e.label, e.type, e.date_text, e.edtf, e.earliest, e.latest) == (
            item.id,
            item.label,
            item.type,
            item.date_text,
            item.edtf,
            item.earliest,
            item.latest,
        )
        assert e.participants == item.participants and e.place == item.place
        assert e.dated == bool(item.earliest or item.latest)
        own = {q.evidence for q in graph.evidence(whole, item.id) if q.kind == "event"}
        assert set(e.quotes) == own and item.quote in {q.quote for q in e.quotes}
        assert list(e.quotes) == sorted(e.quotes, key=lambda q: (q.source, q.start, q.end))
        hood = graph.neighbors(whole, item.id, 1)
        linked = {
            (x.key, x.target if x.source == item.id else x.source)
            for x in hood.edges
            if x.category == "event" and item.id in (x.source, x.target)
        }
        assert {(r.key, r.id) for r in e.related} == linked


def test_related_events_read_from_the_event_asked_about(views: tuple) -> None:
    whole, _lazy = views
    for item in graph.timeline(whole, undated=True):
        for r in graph.event(whole, item.id).related:
            back = [b for b in graph.event(whole, r.id).related if b.key == r.key]
            assert back and back[0].id == item.id and back[0].outgoing != r.outgoing


def test_an_unknown_event_is_refused_with_the_closest_names(views: tuple) -> None:
    whole, lazy = views
    for view in (whole, lazy):
        with pytest.raises(graph.UnknownNode, match="Arrest of Mahmoud Khalil"):
            graph.event(view, "khalil-arest")
        with pytest.raises(graph.UnknownNode):
            graph.event(view, "mahmoud-khalil")  # an entity, not an event


def test_event_records_are_the_same_on_a_lazy_view(views: tuple) -> None:
    whole, lazy = views
    items = graph.timeline(whole, undated=True)
    for item in items[::7]:
        assert graph.event(lazy, item.id) == graph.event(whole, item.id), item.id


# ------------------------------------------------------------------ event families
def test_every_bundled_event_type_has_a_family_with_a_colour() -> None:
    vocab = graph.default_vocabulary()
    families = vocab.families()
    assert families[-1].name == "other"
    for name in vocab.event_types:
        fam = vocab.family_of(name)
        assert fam in families and fam.colour.startswith("#") and len(fam.colour) == 7
    assert vocab.family_of("arrest").label == "enforcement"
    assert vocab.family_of("not-a-type").name == "other"


VOCAB_HEAD = """
entity_types:
  person: {label: person, class: "schema:Person"}
event_families:
  courts: {label: courts, colour: "#CC79A7"}
"""


def _vocab(tmp_path: Path, tail: str) -> graph.Vocabulary:
    path = tmp_path / "vocabulary.yaml"
    path.write_text(VOCAB_HEAD + tail, encoding="utf-8")
    return graph.load_vocabulary(path)


def test_a_type_without_a_family_is_drawn_in_the_neutral_one(tmp_path: Path) -> None:
    vocab = _vocab(tmp_path, "event_types:\n  hearing: {label: hearing}\n")
    assert vocab.family_of("hearing").name == "other"
    assert vocab.family_of("hearing").colour == "#767676"  # 4.5:1 on white


def test_a_curators_new_type_takes_its_familys_colour(tmp_path: Path) -> None:
    vocab = _vocab(tmp_path, "event_types:\n  hearing: {label: hearing, family: courts}\n")
    assert (vocab.family_of("hearing").label, vocab.family_of("hearing").colour) == (
        "courts",
        "#CC79A7",
    )


def test_a_bad_colour_or_family_is_refused_with_its_place(tmp_path: Path) -> None:
    with pytest.raises(graph.VocabularyError, match=r"event_families\.loud: colour 'red'"):
        _vocab(tmp_path, "  loud: {label: loud, colour: red}\n")
    with pytest.raises(
        graph.VocabularyError, match=r"event_types\.hearing: unknown family 'court'"
    ):
        _vocab(tmp_path, "event_types:\n  hearing: {label: hearing, family: court}\n")


# ------------------------------------------------------------------ timelines of several entities
ACTORS = ["mahmoud-khalil", "donald-trump", "us-department-of-state"]


def test_a_timeline_of_several_entities_merges_theirs_in_order(views: tuple) -> None:
    whole, _lazy = views
    merged = graph.timeline_of(whole, ACTORS, undated=True)
    each = {a: graph.timeline(whole, a, undated=True) for a in ACTORS}
    ids = {i.id for items in each.values() for i in items}
    assert [i.id for i in merged.items] == [
        i.id
        for i in sorted(
            {i.id: i for v in each.values() for i in v}.values(), key=graph.timeline_order
        )
    ]
    assert {i.id for i in merged.items} == ids and not merged.capped and merged.cap is None
    for i in merged.items:
        assert merged.found(i.id) == tuple(a for a in ACTORS if i.id in {x.id for x in each[a]})
    assert list(merged.items) == sorted(merged.items, key=graph.timeline_order)


def test_timelines_of_several_entities_are_the_same_on_a_lazy_view(views: tuple) -> None:
    whole, lazy = views
    for related in (False, True):
        options = {"include_related": related, "undated": True}
        assert graph.timeline_of(lazy, ACTORS, **options) == graph.timeline_of(
            whole, ACTORS, **options
        )


def test_a_timeline_of_everything_says_when_a_cap_cut_it(views: tuple, monkeypatch) -> None:
    whole, lazy = views
    everything = graph.timeline_of(whole, undated=True)
    assert not everything.capped and len(everything.items) == len(
        graph.timeline(whole, undated=True)
    )
    monkeypatch.setattr("graph.lazy.TIMELINE_CAP", 10)
    latest = graph.timeline_of(lazy, latest=True)
    assert latest.capped and latest.cap == 10
    assert list(latest.items) == graph.timeline(whole, limit=10, latest=True)


# ------------------------------------------------------------------ networks and rankings
def test_an_ego_network_grows_by_its_expanded_nodes(views: tuple) -> None:
    whole, _lazy = views
    hood = graph.neighbors(whole, "elon-musk", 1)
    extra = [n.id for n in hood.nodes[1:3]]
    grown = graph.ego_network(whole, "elon-musk", 1, expand=[*extra, "not-reached"])
    want = {n.id for n in hood.nodes}
    for x in extra:
        want |= {n.id for n in graph.neighbors(whole, x, 1).nodes}
    assert {n.id for n in grown.nodes} == want
    assert [n.id for n in grown.nodes][: len(hood.nodes)] == [n.id for n in hood.nodes]
    assert set(hood.edges) <= set(grown.edges)
    assert all(n.distance <= 2 for n in grown.nodes)


def test_an_ego_network_keeps_what_one_source_says(views: tuple) -> None:
    whole, _lazy = views
    plain = graph.neighbors(whole, "elon-musk", 2)
    sources = sorted({e.document for e in plain.edges})  # the bundled corpus has one source
    for source in sources:
        hood = graph.ego_network(whole, "elon-musk", 2, source=source)
        assert hood.edges and all(e.document == source for e in hood.edges)
        joined = {e.source for e in hood.edges} | {e.target for e in hood.edges} | {"elon-musk"}
        assert {n.id for n in hood.nodes} == joined
        kept = [e for e in plain.edges if e.document == source]
        assert list(hood.edges) == kept
    assert [n.id for n in graph.ego_network(whole, "elon-musk", source="nope").nodes] == [
        "elon-musk"
    ]


def test_ego_networks_are_the_same_on_a_lazy_view(views: tuple) -> None:
    whole, lazy = views
    extra = [n.id for n in graph.neighbors(whole, "elon-musk", 1).nodes[1:3]]
    for options in (
        {"expand": extra},
        {"expand": extra, "categories": ["participation", "support"]},
        {"source": sorted({e.document for e in graph.neighbors(whole, "elon-musk").edges})[0]},
    ):
        assert graph.ego_network(lazy, "elon-musk", 1, **options) == graph.ego_network(
            whole, "elon-musk", 1, **options
        ), options


def test_ranked_nodes_say_which_are_events(views: tuple) -> None:
    whole, lazy = views
    ranked = graph.ranked_nodes(whole)
    events = {i.id for i in graph.timeline(whole, undated=True)}
    assert {r.kind for r in ranked} == {"entity", "event"}
    assert all((r.kind == "event") == (r.id in events) for r in ranked)
    scores = graph.centrality(whole, "pagerank", include_events=True)
    assert [(r.id, r.score, r.rank) for r in ranked] == [(s.id, s.score, s.rank) for s in scores]
    lazy_ranked = graph.ranked_nodes(lazy)
    lazy_scores = graph.centrality(lazy, "pagerank", include_events=True)
    assert [(r.id, r.rank) for r in lazy_ranked] == [(s.id, s.rank) for s in lazy_scores]
    assert all((r.kind == "event") == (r.id in events) for r in lazy_ranked)


def test_a_timeline_keeps_the_events_with_a_participant_of_some_types(views: tuple) -> None:
    whole, lazy = views
    vocab = graph.default_vocabulary()
    for types in (["person"], ["organization"], ["legislation", "place"]):
        kept = graph.timeline_of(whole, participant_types=types, undated=True)
        assert [i.id for i in kept.items] == [
            i.id
            for i in graph.timeline(whole, undated=True)
            if any(vocab.is_a(p.type, t) for p in i.participants for t in types)
        ]
        assert graph.timeline_of(lazy, ACTORS, participant_types=types) == graph.timeline_of(
            whole, ACTORS, participant_types=types
        )
    with pytest.raises(graph.QueryError, match="unknown entity type 'persn'"):
        graph.timeline_of(whole, participant_types=["persn"])
