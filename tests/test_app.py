"""The app without a browser (AppTest): every page renders, widgets and URL state work, errors show.

Pages written by others have their own files (test_app_timeline.py, test_app_relations.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "data" / "mini"
PAGES = [
    "overview",
    "timeline",
    "relations",
    "entity",
    "reader",
    "stories",
    "story_builder",
    "query",
    "data",
]


def open_app(page: str = "", data: Path | None = None, monkeypatch=None, **params: str) -> AppTest:
    if data is not None:
        monkeypatch.setenv("THREADLINE_DATA", str(data))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    if page:
        at.switch_page(f"app_pages/{page}.py")
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def html_text(at: AppTest) -> str:
    return " ".join(e.proto.body for e in at.get("html"))


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders(page: str) -> None:
    at = open_app(page)
    assert not at.exception, at.exception


def test_overview_counts_ranking_and_search() -> None:
    at = open_app()
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["Entities"]) > 250 and int(metrics["Events"]) > 200
    assert metrics["Date span"] == "1700–2025"  # the 18th-century Alien Enemies Act (17XX)
    at.text_input(key="q").set_value("ozturk").run()
    assert not at.exception
    assert at.query_params["q"] == "ozturk"
    links = [str(e.proto) for e in at.get("page_link")]
    assert any("Rümeysa Öztürk" in link for link in links)


def test_overview_communities_are_actors_named_by_their_leading_members(bundled_build) -> None:
    """Each group is named by its three best-linked members, holds only actors (no laws, ideas
    or events), links every name shown to its Entity page and the group to its relations."""
    import graph

    at = open_app()
    view = graph.GraphView.from_build(bundled_build)
    groups = [c for c in graph.communities(view, types=graph.ACTOR_TYPES) if len(c) >= 3][:6]
    assert len(groups) >= 3
    members = [m for g in groups for m in g.members]
    types = {n.id: n.type for n in graph.nodes(view, members).values()}
    assert all(graph.is_actor(view, types[m]) for g in groups for m in g.members)
    assert "alien-enemies-act" not in {m for g in groups for m in g.members}
    bold = [m.value for m in at.markdown if m.value.startswith("**")]
    links = [m.value for m in at.markdown if "](entity?entity=" in m.value]
    assert len(links) == len(groups)
    for group in groups:  # drawn in three columns, so not in the groups' order
        name = " · ".join(group.leading_labels(3)).replace(".", "\\.")
        assert any(name.replace("(", "\\(").replace(")", "\\)") in b for b in bold), name
        first = f"(entity?entity={group.leading[0]})"
        assert sum(t.startswith("[") and t.split(", ")[0].endswith(first) for t in links) == 1
    related = [e for e in at.get("page_link") if "Relations of the first" in str(e.proto)]
    assert len(related) == len(groups)
    assert not any("Group 1" in m.value for m in at.markdown)


def test_entity_profile_from_the_url() -> None:
    at = open_app("entity", entity="kristi-noem")
    assert [h.value for h in at.header] == ["Kristi Noem"]
    assert "Department of Homeland Security (DHS) chief Kristi Noem" in html_text(at)
    assert any(e.label.startswith("position (") for e in at.expander)


def test_entity_chart_rows_name_each_event_and_its_role() -> None:
    """Issue 13: the chart's dots had no labels and its lanes were roles; an undated event's
    date read "undated (“undated”)"."""
    import json

    at = open_app("entity", entity="mahmoud-khalil")
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    rows = spec["layout"]["yaxis"]["ticktext"]
    assert "Arrest of Mahmoud Khalil (person arrested)" in rows
    assert len(rows) == len(set(rows)) == 4  # one row per dated event, none for the undated
    bars = [t for t in spec["data"] if t.get("mode") == "lines"][0]
    assert "2025-03-01" in bars["x"] and "2025-03-31" in bars["x"]  # "In March" is a month
    dates = list(at.dataframe[0].value["date"])
    assert "no date given" in dates and not any("“undated”" in d for d in dates)
    import graph
    from app_pages.views.entity_chart import CHART_ROWS, events_figure

    many = [
        graph.EventRole(
            f"e{n}",
            f"Event {n}",
            "statement",
            "speaker",
            "speaker",
            "",
            "2025-03",
            f"2025-03-{n % 28 + 1:02d}",
        )
        for n in range(CHART_ROWS + 10)
    ]
    rows = events_figure(many).layout.yaxis.ticktext
    assert len(rows) == CHART_ROWS and "Event 27 (speaker)" in rows  # the latest days kept


def test_entity_lookup_by_alias() -> None:
    at = open_app("entity")
    at.text_input(key="entity_search").set_value("I.C.E.").run()
    assert at.radio(key="entity_pick").value.id == "ice"
    assert at.header[0].value == "U.S. Immigration and Customs Enforcement"


def test_unknown_entity_in_the_url_is_a_message() -> None:
    at = open_app("entity", entity="nobody-at-all")
    assert not at.exception
    assert "unknown entity 'nobody-at-all'" in at.error[0].value


def test_reader_scrolls_to_a_quote_and_marks_it() -> None:
    at = open_app(
        "reader", source="lurching-toward-authoritarian-rule", at="10264", item="claim:nope"
    )
    body = html_text(at)
    assert "<span id='tl-at' tabindex='-1' class='tl-sr'>The quote you came for:</span>" in body
    assert body.count("<mark class='tl-came'>") >= 1  # the quote itself, apart from the rest
    assert "Kristi Noem" in body and "entity?entity=kristi-noem" in body
    assert body.count("tabindex='0'") == 1  # the text's links are one tab stop
    assert "<sup>10</sup>" in body and "<sup>84</sup>" not in body  # footnotes, not "Rex84"
    assert "No claim nope in this source." in [w.value for w in at.warning]


def test_a_links_unknown_source_is_said_in_the_reader_and_the_sidebar() -> None:
    """A link naming a source the corpus lacks says so (the Reader and the sidebar filter);
    it is not silently dropped, and the filter falls back to every source."""
    at = open_app("reader", source="no-such-source")
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any("There is no source `no-such-source`" in e for e in errors), errors
    warnings = [w.value for w in at.sidebar.warning]
    assert any("no source `no-such-source` in this corpus" in w for w in warnings), warnings
    assert at.sidebar.selectbox(key="source").value == ""
    assert "source" not in at.query_params
    at = open_app("timeline", source="no-such-source")
    assert any("no-such-source" in w.value for w in at.sidebar.warning)
    at = open_app("reader", source="lurching-toward-authoritarian-rule")
    assert not at.error and not at.sidebar.warning
    at = open_app("reader", source="[click](http://evil.example)" + "x" * 5000)  # hostile link
    assert not at.exception
    said = [e.value for e in at.error] + [w.value for w in at.sidebar.warning]
    assert len(said) == 2 and all(len(t) < 300 for t in said), said
    assert all("`[click](http://evil.exam" in t for t in said)  # cut short, as code: no link


def test_reader_escapes_text_and_labels(monkeypatch, tmp_path: Path) -> None:
    from extract.sources import read_text, text_sha256

    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    text = data / "sources" / "mini.txt"
    text.write_text(text.read_text().replace("ICE agents took", "<i>ICE</i> agents took"))
    meta = data / "sources" / "mini.yaml"
    old = meta.read_text().split("sha256: ")[1].split()[0]
    meta.write_text(meta.read_text().replace(old, text_sha256(read_text(text))))
    curation = data / "curation" / "mini.yaml"
    curation.write_text(
        curation.read_text()
        .replace('"ICE agents took her to Louisiana"', '"<i>ICE</i> agents took her to Louisiana"')
        .replace("label: Louisiana", "label: <b>Louisiana</b>")
    )
    at = open_app("reader", data, monkeypatch)
    assert not at.exception
    body = html_text(at)
    # the text's tags are escaped (a found mention of ICE may cut the text between them)
    assert "&lt;i&gt;" in body and "&lt;/i&gt;" in body and "<i>" not in body
    assert "&lt;b&gt;Louisiana&lt;/b&gt;" in body and "<b>Louisiana</b>" not in body


def test_query_example_runs_and_offers_csv() -> None:
    at = open_app("query")
    at.selectbox(key="example").set_value("Who holds which position, on what evidence").run()
    at.button(key="run_query").click().run()
    assert not at.exception
    frame = at.dataframe[0].value
    assert list(frame.columns) == ["person", "title", "organization", "quote"]
    assert "Secretary of State Marco Rubio" in set(frame["quote"])
    assert at.get("download_button")


def test_run_on_the_empty_box_says_so_and_offers_the_hint() -> None:
    at = open_app("query")
    at.button(key="run_query").click().run()
    assert not at.exception and not at.dataframe
    assert at.warning[0].value.startswith("The box is empty: the grey text is only a hint.")
    at.button(key="use_hint").click().run()
    assert at.text_area(key="sparql").value.startswith("SELECT ?label WHERE")
    at.button(key="run_query").click().run()
    assert not at.exception and "Marco Rubio" in set(at.dataframe[0].value["label"])


def test_bad_sparql_is_a_message() -> None:
    at = open_app("query")
    at.text_area(key="sparql").set_value("SELEC ?x WHERE { ?x ?p ?o }").run()
    at.button(key="run_query").click().run()
    assert not at.exception and at.error[0].value.startswith("SPARQL syntax error")


def test_data_page_offers_every_export() -> None:
    at = open_app("data")
    assert "coverage of lurching-toward-authoritarian-rule" in at.code[0].value
    at.toggle(key="prep-timelinejs").set_value(True).run()
    at.toggle(key="prep-csv").set_value(True).run()
    assert not at.exception and len(at.get("download_button")) == 2


def test_global_filters_live_in_the_url() -> None:
    at = open_app("overview", types="person", cats="position")
    assert at.multiselect(key="types").value == ["person"]
    assert at.multiselect(key="cats").value == ["position"]
    ranked = [str(e.proto) for e in at.get("page_link")]
    assert any("Donald Trump" in r for r in ranked)


def test_broken_curation_shows_problems_not_a_traceback(monkeypatch, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    f = data / "curation" / "mini.yaml"
    f.write_text(f.read_text().replace("role: arrested}", "role: arestd}"))
    at = open_app("", data, monkeypatch)
    assert not at.exception
    assert "has 1 problem(s)" in at.error[0].value
    assert "unknown role type 'arestd'" in at.code[0].value


def test_entity_events_show_the_year_and_data_hides_the_server_path() -> None:
    """Issue 13: "In March" alone has no year; the Data page showed the server's folder."""
    at = open_app("entity", entity="mahmoud-khalil")
    dates = list(at.dataframe[0].value["date"])
    assert "2025-03 (“In March”)" in dates and "2024-04 (“a year ago”)" in dates
    at = open_app("data")
    caption = " ".join(c.value for c in at.caption)
    assert "Built from the data folder “data”" in caption
    assert str(ROOT) not in caption
