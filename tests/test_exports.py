"""Every export read back by an independent reader: networkx's GraphML and GEXF readers, the csv
module, pyoxigraph's JSON-LD parser, and a JSON Schema of the TimelineJS format (jsonschema)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import networkx as nx
import pyoxigraph as ox
import pytest

from extract import BuildResult, build
from graph import (
    GraphView,
    StoreError,
    export_text,
    serialize,
    timeline,
    timelinejs,
    to_gexf,
    to_graphml,
    write_csv,
    write_export,
)
from graph.exports import csv_tables

TESTS = Path(__file__).resolve().parent
NETWORK = TESTS / "data" / "network"
SCHEMA = json.loads((TESTS / "data" / "timelinejs.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def net_build() -> BuildResult:
    return build(NETWORK, None)


@pytest.fixture
def net(net_build: BuildResult) -> GraphView:
    return GraphView.from_build(net_build)


def _same_network(view: GraphView, back: nx.MultiDiGraph) -> None:
    g = view.projection.graph
    assert set(back.nodes) == set(g.nodes)
    assert back.number_of_edges() == g.number_of_edges()
    for node, data in g.nodes(data=True):
        assert back.nodes[node]["label"] == data["label"]
        assert back.nodes[node]["kind"] == data["kind"]
    ada = back.nodes["ada-lovelace"]
    assert ada["aliases"] == "Lovelace" and ada["wikidata"] == "Q7259" and ada["mentions"] == 1
    for u, v, key, data in g.edges(keys=True, data=True):
        (found,) = [d for _k, d in back[u][v].items() if d["id"] == key]
        assert found["label"] == data["label"]
        assert found["category"] == data["category"]
        assert found["quote"] == data["quote"]
        if data.get("start"):
            assert found["start_edtf"] == data["start"]


def test_graphml_reads_back_with_networkx(net: GraphView, tmp_path: Path) -> None:
    out = tmp_path / "g.graphml"
    write_export(net, "graphml", out)
    back = nx.read_graphml(out, force_multigraph=True)
    assert isinstance(back, nx.MultiDiGraph)
    _same_network(net, back)
    (employed,) = [d for _u, _v, d in back.edges(data=True) if d["predicate"] == "employed_by"]
    assert employed["earliest"] == "1840-01-01" and employed["directed"] is True


def test_gexf_reads_back_with_networkx(net: GraphView) -> None:
    back = nx.read_gexf(io.StringIO(to_gexf(net)))
    assert back.is_directed()
    back = nx.MultiDiGraph(back)  # the reader returns a DiGraph when no edges are parallel
    _same_network(net, back)
    (spouse,) = [d for _u, _v, d in back.edges(data=True) if d["predicate"] == "spouse_of"]
    assert spouse["directed"] is False and spouse["label"] == "is married to"


def test_network_exports_have_only_scalar_attributes(net: GraphView) -> None:
    back = nx.read_graphml(io.StringIO(to_graphml(net)))
    for _n, data in back.nodes(data=True):
        assert all(isinstance(v, str | int | float | bool) for v in data.values())
    for *_e, data in back.edges(data=True):
        assert all(isinstance(v, str | int | float | bool) for v in data.values())


def test_csv_tables_read_back(net: GraphView, tmp_path: Path) -> None:
    written = write_csv(net, tmp_path / "tables")
    assert [p.name for p in written] == [
        "entities.csv",
        "relations.csv",
        "events.csv",
        "participants.csv",
    ]

    def read(name: str) -> list[dict[str, str]]:
        with (tmp_path / "tables" / name).open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    entities = read("entities.csv")
    assert len(entities) == 9
    ada = next(r for r in entities if r["id"] == "ada-lovelace")
    assert (ada["label"], ada["type"], ada["aliases"], ada["first_quote"]) == (
        "Ada Lovelace",
        "person",
        "Lovelace",
        "Ada Lovelace",
    )
    relations = read("relations.csv")
    assert len(relations) == 9
    text = net.texts["network"]
    for r in relations:
        assert r["quote"] and text[int(r["quote_start"]) : int(r["quote_end"])] == r["quote"]
    crit = next(r for r in relations if r["predicate"] == "criticizes")
    assert (crit["certainty"], crit["stated_by"], crit["inverse_label"]) == (
        "reported",
        "charles-babbage",
        "is criticized by",
    )
    events = read("events.csv")
    assert [e["id"] for e in events] == [t.id for t in timeline(net, undated=True)]
    party = events[0]
    assert party["participants"] == (
        "Mary Somerville (organizer); Ada Lovelace (participant); Charles Babbage (participant)"
    )
    assert party["date_text"] == "On 5 June 1833" and party["place"] == "london"
    participants = read("participants.csv")
    assert {(p["event"], p["entity"], p["role"]) for p in participants} >= {
        ("party-1833", "mary-somerville", "organizer"),
        ("notes-1843", "notes", "product"),
    }


def test_csv_export_needs_a_folder(net: GraphView, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="give a folder with -o DIR"):
        export_text(net, "csv")
    a_file = tmp_path / "file.csv"
    a_file.write_text("x")
    with pytest.raises(StoreError, match="give a folder, not a file"):
        write_csv(net, a_file)
    assert set(csv_tables(net)) == {
        "entities.csv",
        "relations.csv",
        "events.csv",
        "participants.csv",
    }


def test_jsonld_has_a_context_and_reads_back_with_pyoxigraph(net_build: BuildResult) -> None:
    text = export_text(GraphView(net_build.dataset), "jsonld")
    doc = json.loads(text)
    context = doc["@context"]
    assert context["schema"] == "https://schema.org/" and "ent" in context and "rel" in context
    assert "brick" not in context  # only the project's prefixes
    read = set(ox.parse(text, format=ox.RdfFormat.JSON_LD))
    assert not any(isinstance(t, ox.BlankNode) for q in read for t in (q.subject, q.object))
    written = set(ox.parse(serialize(net_build.dataset, "nquads"), format=ox.RdfFormat.N_QUADS))
    assert read == written and len(read) == len(net_build.dataset)


def test_timelinejs_validates_against_the_schema(net: GraphView) -> None:
    data = json.loads(export_text(net, "timelinejs"))
    jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)
    slides = data["events"]
    assert [s["unique_id"] for s in slides] == ["party-1833", "notes-1843", "society-dissolved"]
    party, notes, dissolved = slides
    assert party["start_date"] == {"year": 1833, "month": 6, "day": 5} and "end_date" not in party
    assert party["display_date"] == "On 5 June 1833" and party["group"] == "meeting"
    assert party["text"]["headline"] == "Party where Lovelace met Babbage"
    assert "<blockquote>On 5 June 1833, Somerville introduced" in party["text"]["text"]
    assert "Mary Somerville (organizer)" in party["text"]["text"]
    assert notes["start_date"] == {"year": 1843} and "end_date" not in notes  # a whole year
    assert dissolved["start_date"] == {"year": 1850, "month": 1, "day": 1}
    assert dissolved["end_date"] == {"year": 1850, "month": 4, "day": 30}
    assert "eras" not in data  # no event here spans an interval


def test_timelinejs_schema_rejects_what_timelinejs_rejects() -> None:
    validator = jsonschema.Draft202012Validator(SCHEMA)
    assert not validator.is_valid({"title": {}})  # events are required
    assert not validator.is_valid({"events": [{"text": {"headline": "no date"}}]})
    assert not validator.is_valid({"events": [{"start_date": {"month": 3}}]})
    assert not validator.is_valid({"events": [{"start_date": {"year": 2025, "month": 13}}]})
    assert not validator.is_valid({"events": [], "eras": [{"start_date": {"year": 2025}}]})
    assert validator.is_valid({"events": [{"start_date": {"year": -500}}], "scale": "human"})


def test_timelinejs_of_the_bundled_corpus(bundled_build: BuildResult) -> None:
    view = GraphView.from_build(bundled_build)
    data = timelinejs(view)
    jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)
    items = timeline(view)
    assert len(data["events"]) == len(items)
    intervals = [t for t in items if "/" in t.edtf and t.earliest and t.latest]
    assert len(data.get("eras", [])) == len(intervals)
    for slide, item in zip(data["events"], items, strict=True):
        assert slide["unique_id"] == item.id
        assert slide["start_date"]["year"] == int((item.earliest or item.latest)[:4])
        if item.date_text:
            assert slide["display_date"] == item.date_text


def test_export_file_is_readable_by_others(net: GraphView, tmp_path: Path) -> None:
    out = tmp_path / "timeline.json"
    write_export(net, "timelinejs", out)
    assert out.stat().st_mode & 0o044 == 0o044  # not the private mode of a temporary file
    with pytest.raises(StoreError, match="is a folder"):
        write_export(net, "gexf", tmp_path)
