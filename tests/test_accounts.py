"""Two documents telling one event (issue 12): accounts, conflicts, corroboration, clashes.

The fixture is tests/data/accounts/ (two short texts written for the tests): a dispatch and a
weekly summary tell the arrest `khalil-arrest` with different dates, agencies and destinations,
and both claim that Khalil studied at Columbia University.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from pathlib import Path

import pytest
from rdfcompare import assert_isomorphic_datasets
from rdflib import Dataset, URIRef
from rdflib.namespace import RDF

import graph
from extract import CurationErrors, build
from extract.cli import main
from graph.namespaces import KG, SEM
from graph.view import GraphView

ROOT = Path(__file__).resolve().parent.parent
ACCOUNTS = ROOT / "tests" / "data" / "accounts"
BASE = "https://example.org/threadline/id/"
EVENT = URIRef(f"{BASE}event/khalil-arrest")


@pytest.fixture(scope="module")
def built():
    return build(ACCOUNTS, None)


@pytest.fixture(scope="module")
def view(built) -> GraphView:
    return GraphView.from_build(built)


def test_one_event_node_with_one_account_per_source(built) -> None:
    ds: Dataset = built.dataset
    assert built.corpus.counts == {"sources": 2, "entities": 9, "events": 3, "relations": 4}
    events = {s for s, _, _, _ in ds.quads((None, RDF.type, SEM.Event, None))}
    assert EVENT in events and len(events) == 3
    for source in ("dispatch", "weekly"):
        account = URIRef(f"{EVENT}/account/{source}")
        holder = [c for c in ds.contexts() if (account, RDF.type, KG.Account) in c]
        assert [str(c.identifier) for c in holder] == [f"{BASE}graph/{source}"]


def test_the_event_card_has_the_accounts_side_by_side(view) -> None:
    e = graph.event(view, "khalil-arrest")
    assert e.sources == ("dispatch", "weekly")
    assert (e.earliest, e.latest) == ("2025-03-01", "2025-03-31")  # what the accounts allow
    dispatch, weekly = e.accounts
    assert (dispatch.source, dispatch.edtf, dispatch.date_text) == (
        "dispatch",
        "2025-03-08",
        "On March 8, 2025",
    )
    assert (weekly.source, weekly.edtf, weekly.date_text) == ("weekly", "2025-03", "in March")
    assert {(p.id, p.role) for p in dispatch.participants} == {
        ("mahmoud-khalil", "arrested"),
        ("ice", "arresting-agency"),
        ("louisiana", "destination"),
    }
    assert {(p.id, p.role) for p in weekly.participants} == {
        ("mahmoud-khalil", "arrested"),
        ("us-department-of-homeland-security", "arresting-agency"),
        ("new-jersey", "destination"),
    }
    assert [q.source for q in dispatch.quotes] == ["dispatch"]
    assert weekly.quotes[0].quote.startswith("Federal agents of the Department of Homeland")
    assert weekly.note == "The same arrest the dispatch dates to March 8."
    kinds = [(c.kind, c.entity) for c in e.conflicts]
    assert kinds == [
        ("date", ""),
        ("participant", "louisiana"),
        ("participant", "new-jersey"),
        ("participant", "us-department-of-homeland-security"),
        ("participant", "ice"),
    ]
    assert "another precision (day against month)" in e.conflicts[0].detail
    assert e.conflicts[4].detail == (
        "U.S. Immigration and Customs Enforcement — dispatch: arresting agency; weekly: not named"
    )


def test_an_event_one_source_tells_has_one_account_and_no_conflict(view) -> None:
    e = graph.event(view, "noem-statement-on-khalil")
    assert [a.source for a in e.accounts] == ["weekly"] and e.conflicts == ()


def test_a_relation_two_sources_claim_is_one_link_with_both_quotes(view) -> None:
    profile = graph.entity(view, "mahmoud-khalil")
    (education,) = [g for g in profile.relations if g.category == "education"]
    (link,) = education.links
    assert link.other == "columbia-university"
    assert link.sources == ("dispatch", "weekly") and len(link.claims) == 2
    assert [q.source for q in link.quotes] == ["dispatch", "weekly"]


def test_threadline_event_prints_accounts_and_conflicts(tmp_path: Path, capsys) -> None:
    data = tmp_path / "accounts"
    shutil.copytree(ACCOUNTS, data)
    args = ["--data", str(data), "--graph", str(tmp_path / "g.trig")]
    assert main([*args, "build"]) == 0
    capsys.readouterr()
    assert main([*args, "event", "khalil-arrest", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [a["source"] for a in out["accounts"]] == ["dispatch", "weekly"]
    assert set(out["accounts"][0]) == {
        "source",
        "edtf",
        "date_text",
        "earliest",
        "latest",
        "participants",
        "quotes",
        "note",
    }
    assert out["conflicts"][0]["kind"] == "date"
    assert main([*args, "event", "Arrest of Mahmoud Khalil"]) == 0
    text = capsys.readouterr().out
    assert "2 account(s): dispatch, weekly" in text
    assert "account of weekly:\n  date: “in March” 2025-03 2025-03-01 – 2025-03-31" in text
    assert "where the accounts differ (5):" in text
    assert main([*args, "entity", "mahmoud-khalil"]) == 0
    assert "studied at Columbia University — 2 sources" in capsys.readouterr().out


def test_every_event_and_claim_row_of_the_cli_names_its_sources(tmp_path: Path, capsys) -> None:
    args = ["--data", str(ACCOUNTS), "--graph", str(tmp_path / "g.trig")]

    def run(*command: str) -> str:
        capsys.readouterr()
        assert main([*args, *command]) == 0
        return capsys.readouterr().out

    # timeline: a sources column, and each source's date as it gives it (never one for all)
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(run("timeline", "--format", "csv")))}
    arrest = rows["khalil-arrest"]
    assert arrest["sources"] == "dispatch; weekly"
    assert arrest["date_text"] == (
        "dispatch: 2025-03-08 (“On March 8, 2025”); weekly: 2025-03 (“in March”)"
    )
    assert rows["noem-statement-on-khalil"]["sources"] == "weekly"
    told = {t["id"]: t for t in json.loads(run("timeline", "--format", "json"))}
    assert [(d["source"], d["edtf"], d["date_text"]) for d in told["khalil-arrest"]["dates"]] == [
        ("dispatch", "2025-03-08", "On March 8, 2025"),
        ("weekly", "2025-03", "in March"),
    ]
    assert "dispatch, weekly" in run("timeline")
    # entity: each relation and event row with its sources; each source's date on its own line
    text = run("entity", "mahmoud-khalil")
    assert "  studied at Columbia University — 2 sources: dispatch, weekly\n" in text
    assert (
        "Arrest of Mahmoud Khalil — person arrested — 2 sources: dispatch, weekly\n"
        "      dispatch: 2025-03-08 (“On March 8, 2025”)\n"
        "      weekly: 2025-03 (“in March”)\n"
    ) in text
    assert "2025-03-01" not in text  # no made-up day
    # ICE is named by the dispatch only: its row has the dispatch's date, not the weekly's
    text = run("entity", "ice")
    assert "— arresting agency (“On March 8, 2025”) — dispatch\n" in text and "weekly" not in text
    profile = json.loads(run("entity", "mahmoud-khalil", "--format", "json"))
    (role,) = profile["events"]
    assert role["sources"] == ["dispatch", "weekly"] and len(role["dates"]) == 2
    # neighbors: the role both accounts name has both sources
    rows = list(csv.DictReader(io.StringIO(run("neighbors", "Khalil", "--format", "csv"))))
    assert sorted((r["label"], r["sources"]) for r in rows) == [
        ("studied at", "dispatch"),
        ("studied at", "weekly"),
        ("took part as person arrested in", "dispatch; weekly"),
    ]
    hood = json.loads(run("neighbors", "Khalil", "--format", "json"))
    assert sorted(tuple(e["sources"]) for e in hood["edges"])[0] == ("dispatch",)
    # path: a hop two sources claim says so and lists both quotes
    text = run("path", "mahmoud-khalil", "columbia-university")
    assert text.splitlines()[1:] == [
        "  1. Mahmoud Khalil —studied at→ Columbia University — 2 sources",
        "     “Khalil, a graduate student at Columbia University” (dispatch, chars 223–272)",
        "     “Khalil, a graduate student at Columbia University” (weekly, chars 176–225)",
    ]
    (found,) = json.loads(run("path", "mahmoud-khalil", "columbia-university", "--format", "json"))
    assert found["steps"][0]["sources"] == ["dispatch", "weekly"]
    assert [q["source"] for q in found["steps"][0]["quotes"]] == ["dispatch", "weekly"]
    rows = list(csv.DictReader(io.StringIO(run("path", "Khalil", "ice", "--format", "csv"))))
    assert [r["sources"] for r in rows] == ["dispatch; weekly", "dispatch"]


def test_the_trig_keeps_each_account_in_its_source_graph(tmp_path: Path) -> None:
    out = tmp_path / "g.trig"
    written = build(ACCOUNTS, out)
    parsed = Dataset()
    parsed.parse(out, format="trig")
    assert_isomorphic_datasets(written.dataset, parsed)


def copy(tmp_path: Path) -> Path:
    data = tmp_path / "accounts"
    shutil.copytree(ACCOUNTS, data)
    return data


def problems(data: Path) -> list[str]:
    with pytest.raises(CurationErrors) as info:
        build(data, None)
    return [str(p) for p in info.value.problems]


def test_a_clash_is_located_at_the_later_source_even_when_its_file_sorts_first(
    tmp_path: Path, monkeypatch
) -> None:
    data = copy(tmp_path)
    monkeypatch.chdir(data)
    weekly = data / "curation" / "weekly.yaml"
    text = weekly.read_text().replace(
        "    type: college-or-university         # given, so it must agree", "    type: ngo"
    )
    weekly.unlink()
    (data / "curation" / "a-weekly.yaml").write_text(text)  # sorts before dispatch.yaml
    assert problems(data) == [
        "curation/a-weekly.yaml:8:9: entity 'columbia-university' is declared again with a "
        "different type — use type 'college-or-university' and label 'Columbia University' as "
        "at curation/dispatch.yaml:15:9 (or leave them out: they come from there), or choose "
        "another id",
    ]


def _add_almanac(data: Path, label: str) -> None:
    """A third source, published before the other two, that declares columbia-university."""
    text = "Test fixture: an almanac written for Threadline's tests.\nColumbia is a university.\n"
    (data / "sources" / "almanac.txt").write_text(text, encoding="utf-8")
    digest = hashlib.sha256(text.encode()).hexdigest()
    (data / "sources" / "almanac.yaml").write_text(
        "id: almanac\ntitle: 'Test fixture: an almanac'\npublication: Threadline tests\n"
        f"published: '2025-01-01'\nlanguage: en\ntext: almanac.txt\nsha256: {digest}\n"
    )
    (data / "curation" / "almanac.yaml").write_text(
        "source: almanac\nentities:\n  - id: columbia-university\n"
        f"    type: college-or-university\n    label: {label}\n    evidence: Columbia\n"
    )


def test_the_reference_is_what_the_last_build_holds(tmp_path: Path, monkeypatch, capsys) -> None:
    data = copy(tmp_path)
    monkeypatch.chdir(data)
    graph_file = data / "graph.trig"
    build(data, graph_file)  # the build holds 'Columbia University', from the dispatch
    _add_almanac(data, "Columbia")  # published first, and departing from the build
    with pytest.raises(CurationErrors) as info:
        build(data, graph_file)
    expected = [
        "curation/almanac.yaml:3:9: entity 'columbia-university' is declared again with a "
        "different label — use type 'college-or-university' and label 'Columbia University' as "
        "at curation/dispatch.yaml:15:9 (what the last build holds) (or leave them out: they "
        "come from there), or choose another id",
    ]
    assert [str(p) for p in info.value.problems] == expected
    # `threadline validate` reads the same build (--graph), and says the same
    assert main(["--data", str(data), "--graph", str(graph_file), "validate"]) == 1
    assert expected[0] in capsys.readouterr().err
    # without a build, the earliest-published source's declaration is the reference
    assert problems(data) == [
        "curation/dispatch.yaml:15:9: entity 'columbia-university' is declared again with a "
        "different label — use type 'college-or-university' and label 'Columbia' as at "
        "curation/almanac.yaml:3:9 (or leave them out: they come from there), or choose "
        "another id",
    ]  # (the weekly gives the type only, which agrees)


def test_an_earlier_source_telling_an_event_as_another_type_is_the_one_blamed(
    tmp_path: Path, monkeypatch
) -> None:
    data = copy(tmp_path)
    monkeypatch.chdir(data)
    graph_file = data / "graph.trig"
    build(data, graph_file)  # the build holds khalil-arrest as an arrest, from the dispatch
    _add_almanac(data, "Columbia University")
    curation = data / "curation" / "almanac.yaml"
    curation.write_text(
        curation.read_text()
        + "events:\n  - id: khalil-arrest\n    type: detention\n    evidence: a university\n"
        "    date_text: undated\n"
    )
    with pytest.raises(CurationErrors) as info:
        build(data, graph_file)
    assert [str(p) for p in info.value.problems] == [
        "curation/almanac.yaml:9:11: event 'khalil-arrest' is told again with another type "
        "'detention' — use type 'arrest' as at curation/dispatch.yaml:34:9 (what the last build "
        "holds) (or leave it out), or choose another id",
    ]


def test_an_earlier_source_that_agrees_with_the_build_builds(tmp_path: Path, monkeypatch) -> None:
    data = copy(tmp_path)
    monkeypatch.chdir(data)
    graph_file = data / "graph.trig"
    build(data, graph_file)
    _add_almanac(data, "Columbia University")
    result = build(data, graph_file)
    assert result.corpus.counts["sources"] == 3
    # a build of another corpus beside the data is no reference
    other = tmp_path / "other.trig"
    build(ROOT / "tests" / "data" / "mini", other)
    (data / "curation" / "almanac.yaml").unlink()
    _add_almanac(data, "Columbia")
    with pytest.raises(CurationErrors) as info:
        build(data, other)
    assert str(info.value.problems[0]).startswith("curation/dispatch.yaml:15:9:")


def test_another_type_for_a_told_event_and_a_twice_declared_event(
    tmp_path: Path, monkeypatch
) -> None:
    data = copy(tmp_path)
    monkeypatch.chdir(data)
    weekly = data / "curation" / "weekly.yaml"
    weekly.write_text(weekly.read_text().replace("    type: arrest\n", "    type: detention\n", 1))
    assert problems(data) == [
        "curation/weekly.yaml:26:11: event 'khalil-arrest' is told again with another type "
        "'detention' — use type 'arrest' as at curation/dispatch.yaml:34:9 (or leave it out), "
        "or choose another id",
    ]
    dispatch = data / "curation" / "dispatch.yaml"
    text = dispatch.read_text()
    dispatch.write_text(text.replace("  - id: rubio-statement-on-khalil", "  - id: khalil-arrest"))
    assert any(
        "event 'khalil-arrest' is already declared for this source" in p for p in problems(data)
    )


def test_the_reference_declaration_needs_a_type_and_label(tmp_path: Path, monkeypatch) -> None:
    data = copy(tmp_path)
    monkeypatch.chdir(data)
    dispatch = data / "curation" / "dispatch.yaml"
    dispatch.write_text(dispatch.read_text().replace("    label: Louisiana\n", "", 1))
    assert problems(data) == [
        "curation/dispatch.yaml:19:9: entity 'louisiana' is declared here first (the earliest "
        "source that names it) without label — add label:",
    ]


def open_app(monkeypatch, page: str, **params: str):  # noqa: ANN201
    """An app page run once on the two-source fixture, with these URL parameters."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("THREADLINE_DATA", str(ACCOUNTS))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.switch_page(f"app_pages/{page}.py")
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at


def test_the_app_event_card_shows_both_accounts_and_marks_conflicts(monkeypatch) -> None:
    at = open_app(monkeypatch, "timeline", event="khalil-arrest")
    assert not at.exception
    body = " ".join(e.proto.body for e in at.get("html"))
    assert "What each source says" in " ".join(m.value for m in at.markdown)
    assert "<b>dispatch</b>" in body and "<b>weekly</b>" in body
    assert "Date: “in March” · <code>2025-03</code>" in body
    assert "≠ Where the sources differ" in body
    assert "arresting agency: U.S. Department of Homeland Security <b aria-label=" in body
    assert "Dates in the sources:</b> “On March 8, 2025” (dispatch) · “in March” (weekly)" in body


def test_the_timeline_draws_one_star_for_the_event_two_sources_tell(monkeypatch) -> None:
    at = open_app(monkeypatch, "timeline")
    assert not at.exception
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    points = [
        (ident[0], symbol, hover)
        for trace in spec["data"]
        if trace.get("customdata")
        for ident, symbol, hover in zip(
            trace["customdata"], trace["marker"]["symbol"], trace["hovertext"], strict=True
        )
    ]
    arrests = [p for p in points if p[0] == "khalil-arrest"]
    assert len(arrests) == 1  # one marker per event, whatever the number of accounts
    # the accounts differ (date precision, agencies): the star-diamond, said in the hover too
    assert arrests[0][1] == "star-diamond"
    assert "told by 2 sources (dispatch, weekly): their accounts differ" in arrests[0][2]
    assert all(not symbol.startswith("star") for i, symbol, _ in points if i != "khalil-arrest")
    legend = " ".join(e.proto.body for e in at.get("html"))
    assert "told by several sources that differ: compare them in its card" in legend
    assert "told by several sources that agree" not in legend  # no event whose sources agree


def test_the_build_state_and_the_graph_file_hold_the_same_references(tmp_path: Path) -> None:
    from extract import buildcache
    from extract.convert import graph_triples
    from extract.established import established, established_in_parts

    graph_file = tmp_path / "graph.trig"
    build(ACCOUNTS, graph_file)
    key = buildcache.state_key(ACCOUNTS, None, graph.default_vocabulary())
    state = buildcache.read_state(graph_file, key)
    assert state is not None
    sources = {"dispatch", "weekly"}
    from_file = established(graph_file, sources)
    assert from_file == established_in_parts(graph_triples(list(state.parts.values())), sources)
    assert from_file["new-jersey"].sources == {"weekly"} and len(from_file) == 12


def test_the_entity_page_names_the_sources_and_each_source_s_date(monkeypatch) -> None:
    at = open_app(monkeypatch, "entity", entity="mahmoud-khalil")
    assert not at.exception
    events = next(d.value for d in at.dataframe if "sources" in d.value.columns)
    arrest = events[events["event"] == "Arrest of Mahmoud Khalil"].iloc[0]
    assert arrest["sources"] == "dispatch, weekly"
    assert (
        arrest["date"] == "dispatch: 2025-03-08 (“On March 8, 2025”); weekly: 2025-03 (“in March”)"
    )
    captions = [c.value.replace("\\", "") for c in at.caption]
    assert sum("2 sources (dispatch, weekly)" in c for c in captions) == 2  # studied at, 2 quotes
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    markers = next(t for t in spec["data"] if t.get("mode") == "markers")
    assert [c[1] for c in markers["customdata"]] == ["dispatch, weekly"]
    lo, hi = spec["layout"]["xaxis"]["range"]
    assert len(lo) == len(hi) == 10 and lo < "2025-03-01" and hi > "2025-03-31"  # days, not ms
    assert "told by %{customdata[1]}" in markers["hovertemplate"]


def test_the_app_path_hop_two_sources_claim_shows_both_quotes(monkeypatch) -> None:
    at = open_app(
        monkeypatch, "relations", mode="connect", a="mahmoud-khalil", b="columbia-university"
    )
    assert not at.exception
    captions = [c.value.replace("\\", "") for c in at.caption]
    assert any(c.startswith("2 sources (dispatch, weekly)") for c in captions), captions
    assert any("dispatch, characters" in c for c in captions)
    assert any("weekly, characters" in c for c in captions)
