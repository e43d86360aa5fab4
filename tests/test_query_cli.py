"""The query commands: search, entity, neighbors, path, timeline, central, and the new exports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest

from extract.cli import cli, main
from graph.cli import COMMANDS

NETWORK = Path(__file__).resolve().parent / "data" / "network"
QUERY_COMMANDS = ("search", "entity", "neighbors", "path", "timeline", "central")


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("net") / "graph.trig"
    assert main(["--data", str(NETWORK), "--graph", str(path), "build"]) == 0
    return path


def run(capsys: pytest.CaptureFixture[str], graph_file: Path, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--data", str(NETWORK), "--graph", str(graph_file), *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_query_commands_are_mounted_with_examples() -> None:
    names = {c.name for c in COMMANDS}
    assert set(QUERY_COMMANDS) <= names
    for name in QUERY_COMMANDS:
        command = cli.commands[name]
        assert f"Example: threadline {name}" in (command.help or ""), name
        params = {p.name for p in command.params}
        assert "fmt" in params, name


def test_search(capsys, graph_file) -> None:
    code, out, _ = run(capsys, graph_file, "search", "lovelase", "--format", "json")
    assert code == 0
    hits = json.loads(out)
    assert hits[0]["id"] == "ada-lovelace" and hits[0]["matched"] in ("Ada Lovelace", "Lovelace")
    code, out, _ = run(capsys, graph_file, "search", "somerville", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["id"] for r in rows} >= {"mary-somerville", "william-somerville"}


def test_entity_table_shows_relations_events_and_quotes(capsys, graph_file) -> None:
    code, out, _ = run(capsys, graph_file, "entity", "Babbage")
    assert code == 0
    assert out.startswith("Charles Babbage (charles-babbage) — person\n")
    assert "  leads Analytical Society — network\n" in out  # every row names its source
    assert "“Charles Babbage led the Analytical Society” (network, chars" in out
    # the date as the source gives it (EDTF) and its phrase, never a made-up day
    assert (
        "1833-06-05    Party where Lovelace met Babbage — participant (“On 5 June 1833”) — network"
        in out
    )
    # where the text names him with no curated quote: in context, apart from the evidence
    found = out.split("found by name, not curated evidence (3):\n", 1)[1]
    assert (
        "  …Somerville introduced Lovelace to [Babbage] at a party in London, a city of… " in found
    )
    assert "(network, chars 295–302)" in found
    code, out, _ = run(capsys, graph_file, "entity", "analytical-society", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {(r["direction"], r["label"], r["other"], r["sources"]) for r in rows} >= {
        ("in", "is led by", "charles-babbage", "network"),
        ("in", "employs", "ada-lovelace", "network"),
    }
    code, out, _ = run(capsys, graph_file, "entity", "Lovelace", "--format", "json")
    profile = json.loads(out)
    assert profile["id"] == "ada-lovelace" and profile["wikidata"] == "Q7259"


def test_neighbors_with_filters(capsys, graph_file) -> None:
    args = ["neighbors", "Ada Lovelace", "--depth", "2", "--type", "person", "--format", "json"]
    code, out, _ = run(capsys, graph_file, *args)
    assert code == 0
    ids = {n["id"] for n in json.loads(out)["nodes"]}
    assert ids == {"ada-lovelace"}  # only people, and people are linked through non-people here
    args = ["neighbors", "Lovelace", "--from", "1841", "--to", "1841", "--format", "csv"]
    code, out, _ = run(capsys, graph_file, *args)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["target"] for r in rows} == {"Analytical Society", "England"}
    assert {r["sources"] for r in rows} == {"network"}
    code, out, _ = run(capsys, graph_file, "neighbors", "Lovelace", "--category", "position")
    assert "works for" in out and "is located in" not in out


def test_path_prints_the_quote_behind_every_hop(capsys, graph_file) -> None:
    code, out, _ = run(capsys, graph_file, "path", "Ada Lovelace", "William Somerville")
    assert code == 0
    blocks = out.strip().split("\n\n")
    assert blocks[0].startswith("path 1 (3 hops): Ada Lovelace → ")
    for block in blocks:
        lines = block.splitlines()
        hops = [line for line in lines if line.startswith("  ") and "—" in line and "→" in line]
        quotes = [line for line in lines if line.startswith("     “")]
        assert hops and len(hops) == len(quotes)
    assert "England —is the location of→ Mary Somerville" in out  # reading direction


def test_path_excludes_hubs_and_reports_no_path(capsys, graph_file) -> None:
    args = ["path", "Ada Lovelace", "William Somerville", "--exclude-type", "country", "-k", "5"]
    code, out, _ = run(capsys, graph_file, *args)
    assert code == 0 and "England" not in out
    code, out, _ = run(capsys, graph_file, *args, "--format", "json")
    found = json.loads(out)
    assert found and all(s["quote"] for p in found for s in p["steps"])
    code, out, _ = run(
        capsys, graph_file, "path", "Lovelace", "William Somerville", "--max-len", "2"
    )
    assert code == 0 and out.strip() == (
        "no path of at most 2 hops between 'Lovelace' and 'William Somerville'"
    )


def test_timeline_lists_events_in_date_order(capsys, graph_file) -> None:
    code, out, _ = run(capsys, graph_file, "timeline", "--entity", "Babbage", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["when"], r["date_text"], r["sources"], r["id"]) for r in rows] == [
        ("1833-06-05", "On 5 June 1833", "network", "party-1833")
    ]
    code, out, _ = run(capsys, graph_file, "timeline", "--undated", "--format", "json")
    ids = [t["id"] for t in json.loads(out)]
    assert ids == ["party-1833", "notes-1843", "society-dissolved", "engine-sketch"]
    code, out, _ = run(capsys, graph_file, "timeline", "--from", "1850")
    assert "1850-01-01..1850-04-30?" in out and "In early 1850" in out and "(1 row)" in out
    args = ["timeline", "--entity", "William Somerville", "--related", "--format", "json"]
    code, out, _ = run(capsys, graph_file, *args)
    assert [(t["id"], t["via"]) for t in json.loads(out)] == [("party-1833", ["mary-somerville"])]


@pytest.mark.parametrize("kind", ["degree", "betweenness", "pagerank"])
def test_central(capsys, graph_file, kind: str) -> None:
    code, out, _ = run(capsys, graph_file, "central", "--kind", kind, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [int(r["rank"]) for r in rows] == list(range(1, len(rows) + 1))
    scores = [float(r[kind]) for r in rows]
    assert scores == sorted(scores, reverse=True)
    code, out, _ = run(capsys, graph_file, "central", "--kind", kind, "--type", "person")
    assert "England" not in out and "person" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["entity", "Ada Lovelase"], "error: unknown entity 'Ada Lovelase' — did you mean Ada"),
        (["path", "Ada Lovelace", "Nobody"], "error: unknown entity 'Nobody'"),
        (["neighbors", "Lovelace", "--type", "persn"], "error: unknown type 'persn' — did you"),
        (["neighbors", "Lovelace", "--from", "last year"], "error: 'last year' is not a date"),
        (["timeline", "--type", "meetin"], "error: unknown event type 'meetin'"),
        (["path", "Lovelace", "Ada Lovelace"], "error: both ends are 'Ada Lovelace'"),
        (["export", "--format", "csv"], "error: CSV export writes several files"),
    ],
)
def test_errors_are_one_line(capsys, graph_file, args: list[str], message: str) -> None:
    code, out, err = run(capsys, graph_file, *args)
    assert code == 1 and out == ""
    assert err.startswith(message) and err.count("\n") == 1, err


def test_export_network_and_table_formats(capsys, graph_file, tmp_path: Path) -> None:
    for fmt in ("graphml", "gexf", "timelinejs"):
        target = tmp_path / f"out.{fmt}"
        code, _, err = run(capsys, graph_file, "export", "--format", fmt, "-o", str(target))
        assert code == 0 and err.startswith(f"wrote {target} ({fmt}, ")
    assert nx.read_graphml(tmp_path / "out.graphml").number_of_nodes() == 13
    assert nx.read_gexf(tmp_path / "out.gexf").number_of_nodes() == 13
    assert len(json.loads((tmp_path / "out.timelinejs").read_text())["events"]) == 3
    folder = tmp_path / "tables"
    code, _, err = run(capsys, graph_file, "export", "--format", "csv", "-o", str(folder))
    assert code == 0 and "entities.csv, relations.csv, events.csv, participants.csv" in err
    assert sorted(p.name for p in folder.iterdir()) == [
        "entities.csv",
        "events.csv",
        "participants.csv",
        "relations.csv",
    ]
    code, out, _ = run(capsys, graph_file, "export", "--format", "timelinejs")
    assert code == 0 and json.loads(out)["events"][0]["unique_id"] == "party-1833"


def test_communities_command(capsys, graph_file) -> None:
    code, out, _ = run(capsys, graph_file, "communities", "--format", "json")
    assert code == 0
    groups = json.loads(out)
    assert groups and all(len(g["members"]) >= 2 for g in groups)
    assert [g["index"] for g in groups] == sorted(g["index"] for g in groups)
