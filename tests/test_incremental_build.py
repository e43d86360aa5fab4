"""Incremental builds: a rebuild after editing one curation file redoes only that file's work
and gives the graph (and the very bytes) a full build gives; errors are a full build's."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdfcompare import assert_isomorphic_datasets
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import PROV, RDF

from extract import CurationErrors, build
from extract.buildcache import FORMAT, state_path
from graph import ShapeViolations
from graph.namespaces import KG, REL, SEM
from graph.shacl import changed_focus, check_changed_shapes, focus_conforms
from graph.shacl_scope import around

TESTS = Path(__file__).resolve().parent
PART_2 = "lurching-toward-authoritarian-rule-part-2.yaml"
KHALIL = "description: Columbia University graduate and pro-Palestinian activist"


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bundled data, built once with its state (build/graph.trig.build.pickle)."""
    root = tmp_path_factory.mktemp("incremental")
    shutil.copytree(TESTS.parent / "data", root / "data")
    build(root / "data", root / "build" / "graph.trig")
    return root


def _full(data: Path, out: Path, monkeypatch: pytest.MonkeyPatch):
    with monkeypatch.context() as m:
        m.setenv("THREADLINE_CACHE", "0")
        return build(data, out)


def test_rebuild_after_editing_one_file_matches_a_full_build(
    bundled: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    edited = bundled / "data" / "curation" / PART_2
    original = edited.read_text()
    assert KHALIL in original
    edited.write_text(original.replace(KHALIL, "description: a Columbia graduate and activist", 1))
    try:
        again = build(bundled / "data", bundled / "build" / "graph.trig")
        work = again.work
        assert work.from_state
        assert work.parsed == [str(edited)]  # the other curation file came from the state
        assert [file for _graph, file in work.converted] == [str(edited)]
        assert work.shape_nodes is not None and 0 < work.shape_nodes < 100
        full = _full(bundled / "data", tmp_path / "full.trig", monkeypatch)
        assert not full.work.from_state and full.work.shape_nodes is None
        assert_isomorphic_datasets(full.dataset, again.dataset)
        assert_isomorphic_datasets(full.dataset, Dataset().parse(again.output, format="trig"))
        assert again.output.read_bytes() == full.output.read_bytes()
        khalil = URIRef("https://example.org/threadline/id/entity/mahmoud-khalil")
        about = (khalil, URIRef("https://schema.org/description"), None, None)
        descriptions = {o for _s, _p, o, _g in again.dataset.quads(about)}
        assert any(str(d).startswith("a Columbia graduate and activist") for d in descriptions)
    finally:
        edited.write_text(original)
    back = build(bundled / "data", bundled / "build" / "graph.trig")  # edited back: same again
    assert back.work.parsed == [str(edited)]
    full = _full(bundled / "data", tmp_path / "b.trig", monkeypatch)
    assert_isomorphic_datasets(full.dataset, back.dataset)


def test_unchanged_rebuild_redoes_nothing(bundled: Path) -> None:
    result = build(bundled / "data", bundled / "build" / "graph.trig")
    assert result.work.from_state
    assert result.work.parsed == [] and result.work.converted == []
    assert result.work.shape_nodes == 0


def test_errors_in_an_edited_file_are_a_full_builds(
    bundled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edited = bundled / "data" / "curation" / PART_2
    original = edited.read_text()
    edited.write_text(original.replace("type: arrest\n", "type: arrestt\n", 1))
    try:
        with pytest.raises(CurationErrors) as incremental:
            build(bundled / "data", bundled / "build" / "graph.trig")
        with monkeypatch.context() as m, pytest.raises(CurationErrors) as full:
            m.setenv("THREADLINE_CACHE", "0")
            build(bundled / "data", None)
        assert str(incremental.value) == str(full.value)
        assert f"{PART_2}:" in str(incremental.value) and "arrestt" in str(incremental.value)
    finally:
        edited.write_text(original)


def test_a_corrupt_or_foreign_state_is_ignored(mini_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "build" / "graph.trig"
    build(mini_copy, out)
    state = state_path(out)
    assert state.read_bytes().startswith(FORMAT)
    state.write_bytes(state.read_bytes()[:200])  # truncated
    assert not build(mini_copy, out).work.from_state
    state.write_bytes(FORMAT + b"another key\n" + b"anything")
    assert not build(mini_copy, out).work.from_state
    assert build(mini_copy, out).work.from_state  # the build before wrote a good one


def test_the_switch_turns_the_state_off(
    mini_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("THREADLINE_CACHE", "0")
    out = tmp_path / "graph.trig"
    build(mini_copy, out)
    assert not state_path(out).exists()
    assert not build(mini_copy, out).work.from_state


def test_a_build_without_shacl_leaves_a_full_check_to_the_next(
    mini_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "graph.trig"
    build(mini_copy, out, shacl=False)
    again = build(mini_copy, out)
    assert again.work.from_state and again.work.shape_nodes is None  # the whole graph


@pytest.fixture
def mini_dataset(mini_build) -> Dataset:
    ds = Dataset()
    for prefix, ns in mini_build.dataset.namespaces():
        ds.bind(prefix, ns)
    for quad in mini_build.dataset.quads((None, None, None, None)):
        ds.add(quad)
    return ds


def _graph(ds: Dataset):
    return next(
        g
        for g in ds.graphs()
        if "/graph/" in str(g.identifier) and not str(g.identifier).endswith("/found-by-name")
    )


def test_targeted_shapes_pass_a_harmless_change(mini_dataset: Dataset) -> None:
    g = _graph(mini_dataset)
    event = URIRef("https://example.org/threadline/id/event/khalil-arrest")
    note = (event, KG.note, Literal("checked", lang="en"))
    g.add(note)
    assert check_changed_shapes(mini_dataset, [note]) >= 1


BREAKAGES = [
    "event evidence",
    "asserted triple",
    "claim",
    "selector type",
    "unclaimed relation",
    "type",
]


def _break(ds: Dataset, breakage: str) -> list[tuple]:
    """Break the mini graph one way; the triples removed and added."""
    g = _graph(ds)
    claim = next(iter(g.subjects(RDF.type, KG.Claim)))
    s, p, o = (g.value(claim, x) for x in (RDF.subject, RDF.predicate, RDF.object))
    event = URIRef("https://example.org/threadline/id/event/khalil-arrest")
    anchor = next(iter(g.objects(event, PROV.wasDerivedFrom)))
    selector = next(iter(g.objects(anchor, URIRef("http://www.w3.org/ns/oa#hasSelector"))))
    ghost = URIRef("https://example.org/threadline/id/entity/nobody")
    removed, added = {
        "harmless": ([], [(event, KG.note, Literal("checked", lang="en"))]),
        "event evidence": (list(g.triples((event, PROV.wasDerivedFrom, None))), []),
        "asserted triple": ([(s, p, o)], []),
        "claim": (list(g.triples((claim, None, None))), []),
        "selector type": (list(g.triples((selector, RDF.type, None))), []),
        "unclaimed relation": ([], [(s, REL.opposes, ghost)]),
        "type": (list(g.triples((s, RDF.type, None))), []),
    }[breakage]
    for triple in removed:
        g.remove(triple)
    for triple in added:
        g.add(triple)
    return removed + added


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_targeted_shapes_find_what_the_whole_check_finds(
    mini_dataset: Dataset, breakage: str
) -> None:
    """Each breakage hits another kind of shape: a node's own property, the whole-graph
    queries (claimed triples, relation use, selector kinds), a pointed-at node's type."""
    changed = _break(mini_dataset, breakage)
    with pytest.raises(ShapeViolations) as info:
        check_changed_shapes(mini_dataset, changed)
    assert info.value.count >= 1  # the report is the whole check's (graph.shacl.check_shapes)


@pytest.mark.parametrize("breakage", ["harmless", *BREAKAGES])
def test_the_scope_of_a_change_gives_the_whole_graphs_verdict(
    mini_dataset: Dataset, breakage: str
) -> None:
    """A rebuild checks a change on what :func:`around` keeps of the triples: the same focus
    nodes and the same verdict as on the whole graph, broken or not, without its fallback."""
    changed = _break(mini_dataset, breakage)
    union = {(s, p, o) for s, p, o, _g in mini_dataset.quads((None, None, None, None))}
    scope = around(union, changed)
    assert len(scope) < len(union) / 2
    focus = changed_focus(mini_dataset, changed)
    assert changed_focus(scope, changed) == focus
    whole = focus_conforms(mini_dataset, focus, changed)
    assert whole is (breakage == "harmless")
    assert focus_conforms(scope, focus, changed) is whole


def test_an_edit_that_changes_another_files_items_matches_a_full_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Moving the weekly's date of an event two sources tell changes the event's bounds, which
    the dispatch's file writes: that item is converted again though its file is unchanged."""
    data = tmp_path / "data"
    shutil.copytree(TESTS / "data" / "accounts", data)
    out = tmp_path / "build" / "graph.trig"
    build(data, out)
    weekly = data / "curation" / "weekly.yaml"
    text = weekly.read_text()
    assert 'date: "2025-03"' in text
    weekly.write_text(text.replace('date: "2025-03"', 'date: "2025-02"', 1))
    again = build(data, out)
    assert again.work.from_state
    assert sorted(file for _graph, file in again.work.converted) == sorted(
        str(data / "curation" / name) for name in ("dispatch.yaml", "weekly.yaml")
    )
    full = _full(data, tmp_path / "full.trig", monkeypatch)
    assert again.output.read_bytes() == full.output.read_bytes()
    event = URIRef("https://example.org/threadline/id/event/khalil-arrest")
    begins = {
        o
        for _s, _p, o, _g in full.dataset.quads((event, SEM.hasEarliestBeginTimeStamp, None, None))
    }
    assert {str(b) for b in begins} == {"2025-02-01"}
