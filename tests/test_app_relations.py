"""The Relations page without a browser (AppTest): ego network, filters, clicks, Connect, URL.

The network component shows up as an UnknownElement; what it was sent (nodes and edges) is read
from its JSON arguments. Clicks are faked by setting the component's key in session state, as
st-link-analysis would after a click in the browser.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

import graph
from extract import BuildResult
from graph.store import copy_dataset

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "data" / "mini"
GRAPH = "relations_graph"  # the component's key in app_pages/relations.py


def relations(**params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.switch_page("app_pages/relations.py")
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def drawn(at: AppTest) -> dict[str, Any]:
    """The nodes and edges sent to the network component."""
    (component,) = at.get("component_instance")
    return json.loads(component.proto.json_args)["elements"]


def node_ids(at: AppTest) -> set[str]:
    return {n["data"]["id"] for n in drawn(at)["nodes"]}


def html_text(at: AppTest) -> str:
    return " ".join(e.proto.body for e in at.get("html"))


def click(at: AppTest, node: str, timestamp: int, action: str = "select_node") -> AppTest:
    if action == "expand":  # a double-click: the app's own event (nodes are not selectable)
        event = {
            "action": "expand_node",
            "timestamp": timestamp,
            "data": {"type": "dblclick", "target_id": node, "target_group": "nodes"},
        }
    else:
        event = {
            "action": action,
            "timestamp": timestamp,
            "data": {"type": "tap", "target_id": node, "target_group": "nodes"},
        }
    at.session_state[GRAPH] = event
    return at.run()


def path_expanders(at: AppTest) -> list[Any]:
    return [e for e in at.expander if e.label.startswith("Path ")]


def links(at: AppTest) -> list[str]:
    return [str(e.proto) for e in at.get("page_link")]


def test_default_is_the_most_central_actor_with_sizes_colours_and_legend() -> None:
    at = relations()
    assert not at.exception, at.exception
    assert at.query_params["entity"] == "donald-trump"
    nodes = {n["data"]["id"]: n["data"] for n in drawn(at)["nodes"]}
    centre = nodes["donald-trump"]
    assert centre["focus"] == "centre" and centre["label"] == "person"
    assert centre["size"] == max(n["size"] for n in nodes.values())  # PageRank rank 1
    assert {n["label"] for n in nodes.values()} >= {"person", "organization", "event"}
    assert "organization" in html_text(at)  # the colour legend


def test_default_starts_readable_stable_and_shows_all_on_demand() -> None:
    at = relations()
    nodes = drawn(at)["nodes"]
    assert len(nodes) == 21  # Donald Trump and his 20 best linked neighbours, of 90
    assert "the 20 best linked of 90 neighbours" in " ".join(c.value for c in at.caption)
    # laid out in Python, seeded: every node placed, the centre in the middle, the same each load
    where = {n["data"]["id"]: n["position"] for n in nodes}
    assert where["donald-trump"] == {"x": 0.0, "y": 0.0}
    assert where == {n["data"]["id"]: n["position"] for n in drawn(relations())["nodes"]}
    args = json.loads(at.get("component_instance")[0].proto.json_args)
    assert args["layout"]["name"] == "preset" and args["layout"]["fit"] is True
    # no node opens the component's panel of internals (id, size, PageRank)
    assert all(n["selectable"] is False and "pagerank" not in n["data"] for n in nodes)
    (show,) = [b for b in at.button if b.label == "Show all 91 nodes"]
    show.click().run()
    assert len(drawn(at)["nodes"]) == 91 and len(drawn(at)["edges"]) == 144
    assert at.query_params["all"] == "1"
    (fewer,) = [b for b in at.button if b.label.startswith("Show the 20 best")]
    fewer.click().run()
    assert len(drawn(at)["nodes"]) == 21 and "all" not in at.query_params


def test_one_categories_control_and_time_stops_where_the_events_are() -> None:
    at = relations(time="asof")
    labels = [m.label for m in at.multiselect]
    assert sum("ategor" in label for label in labels) == 1  # the sidebar's only
    stops = at.select_slider(key="rel_at")
    assert stops.options[0] == "before 2024"  # older events gathered at the first stop
    assert stops.options[1] == "7 Jan 2024" and stops.options[2] == "14 Jan 2024"  # weekly
    assert stops.options[-1] == "1 May 2025"  # the latest event the May 2025 article reports
    assert stops.value == date(2025, 5, 1)
    stops.set_value(date(2023, 12, 31)).run()
    old = node_ids(at)
    assert "donald-trump" in old and "musk-inauguration-gesture" not in old
    assert at.query_params["at"] == "2023-12-31"


def test_network_as_text_opens_the_same_card() -> None:
    at = relations(entity="elon-musk")
    (expander,) = [e for e in at.expander if e.label.startswith("The network as text")]
    assert expander.label == f"The network as text: {len(node_ids(at))} nodes, " + (
        f"{len(drawn(at)['edges'])} edges"
    )
    table = at.table[0].value
    assert {"relation", "to", "source", "quote"} <= set(table.columns)
    assert "supports" in set(table["relation"])
    [b for b in at.button if b.label == "Alternative für Deutschland (political party)"][0].click()
    at.run()
    assert at.query_params["node"] == "afd"
    assert any("Alternative für Deutschland" in m.value for m in at.markdown)
    (afd,) = [n for n in drawn(at)["nodes"] if n["data"]["id"] == "afd"]
    assert afd["data"]["picked"] == "yes"  # marked in the drawing too


def test_edges_read_in_direction_and_events_carry_roles() -> None:
    at = relations(entity="elon-musk")
    edges = [e["data"] for e in drawn(at)["edges"]]
    supports = [e for e in edges if e["rel"] == "supports"]
    assert [(e["source"], e["target"]) for e in supports] == [("elon-musk", "afd")]
    roles = {e["rel"] for e in edges if e["label"] == "participation"}
    assert "speaker" in roles  # the role, not the relation's long label


def test_depth_category_and_time_change_the_node_count() -> None:
    at = relations(entity="elon-musk", all="1")
    one = node_ids(at)
    assert 10 <= len(one) <= 40  # Musk, his relations and his events (grows with the curation)
    at.slider(key="rel_depth").set_value(2).run()
    assert len(node_ids(at)) > len(one) and at.query_params["depth"] == "2"
    at.slider(key="rel_depth").set_value(1).run()
    at.multiselect(key="cats").set_value(["support"]).run()  # the one categories control
    relations_drawn = {
        e["data"]["rel"] for e in drawn(at)["edges"] if e["data"]["label"] != "participation"
    }
    assert relations_drawn == {"supports"} and "afd" in node_ids(at)  # Musk supports AfD
    assert at.query_params["cats"] == "support"
    at.multiselect(key="cats").set_value([]).run()
    at.selectbox(key="rel_time").set_value("window").run()
    at.select_slider(key="rel_window").set_value((date(2023, 12, 31), date(2024, 12, 29))).run()
    in_2024 = node_ids(at)
    assert "musk-afd-video-address" in in_2024  # December 2024
    assert "musk-inauguration-gesture" not in in_2024  # 20 January 2025
    assert len(in_2024) < len(one)
    assert at.query_params["window"] == "2023-12-31,2024-12-29"


def test_type_filters_of_page_and_sidebar() -> None:
    at = relations(entity="elon-musk", types="person")  # the sidebar's entity types
    kinds = {n["data"]["label"] for n in drawn(at)["nodes"]}
    assert kinds == {"person", "event"}  # events are not entities: the sidebar keeps them
    at.multiselect(key="rel_types").set_value(["event"]).run()
    kinds = {n["data"]["id"]: n["data"]["label"] for n in drawn(at)["nodes"]}
    assert set(kinds.values()) == {"person", "event"} and kinds["elon-musk"] == "person"
    assert "donald-trump" not in kinds


def test_as_of_a_date() -> None:
    at = relations(entity="elon-musk", time="asof", at="2025-01-19")
    ids = node_ids(at)
    assert "musk-afd-video-address" in ids and "musk-inauguration-gesture" not in ids
    assert at.select_slider(key="rel_at").value == date(2025, 1, 19)


def test_a_click_opens_the_card_with_a_quote_and_a_link() -> None:
    at = relations(entity="elon-musk")
    assert "Click a node" in at.info[0].value
    click(at, "afd", 1)
    assert not at.exception, at.exception
    assert at.query_params["node"] == "afd"
    assert any("Alternative für Deutschland" in m.value for m in at.markdown)
    body = html_text(at)
    assert "<mark><b>" in body  # a quote
    assert "is supported by" in body  # a relation read from the clicked node
    assert any('entity": "afd"' in link or "entity=afd" in link for link in links(at))


def test_only_a_new_click_counts_and_double_click_expands() -> None:
    at = relations(entity="elon-musk")
    click(at, "afd", 1)
    before = node_ids(at)
    click(at, "afd", 2, action="expand")
    after = node_ids(at)
    assert after > before and "alice-weidel" in after  # AfD's neighbours were added
    assert at.query_params["expand"] == "afd"
    at.query_params["node"] = "elon-musk"
    at.run()  # the component re-sends its last event: it must not select AfD again
    assert at.query_params["node"] == "elon-musk"
    at.button(key="rel_centre").click().run()  # "Centre here" on Elon Musk's card
    assert "expand" not in at.query_params and node_ids(at) == before


def test_event_card_has_date_quote_and_participants_with_roles() -> None:
    at = relations(entity="elon-musk")
    click(at, "musk-afd-video-address", 1)
    assert not at.exception, at.exception
    assert any("Elon Musk addresses an AfD gathering" in m.value for m in at.markdown)
    body = html_text(at)
    assert "<mark><b>" in body and "speaker" in body and "organizer" in body
    assert any("musk-afd-video-address" in link for link in links(at))  # to the timeline


def test_centre_button_and_search_pick_the_centre() -> None:
    at = relations(entity="elon-musk")
    at.text_input(key="rel_q").set_value("alise weidl").run()  # fuzzy
    assert at.selectbox(key="rel_pick").value.id == "alice-weidel"
    assert at.query_params["entity"] == "alice-weidel"
    assert "alice-weidel" in node_ids(at) and "elon-musk" not in node_ids(at)
    at.text_input(key="rel_q").set_value("ozturk").run()  # accents ignored
    assert at.selectbox(key="rel_pick").value.label == "Rümeysa Öztürk"


def test_url_restores_entity_depth_and_filters() -> None:
    at = relations(entity="alice-weidel", depth="2", rtypes="person,bogus")
    assert not at.exception, at.exception
    assert at.slider(key="rel_depth").value == 2
    assert at.multiselect(key="rel_types").value == ["person"]  # unknown names are dropped
    nodes = {n["data"]["id"]: n["data"] for n in drawn(at)["nodes"]}
    assert nodes["alice-weidel"]["focus"] == "centre"
    at = relations(entity="elon-musk", depth="9")  # out of range: clamped
    assert at.slider(key="rel_depth").value == 3


def test_unknown_entity_in_the_url_is_a_message() -> None:
    at = relations(entity="elon-muks-xyz")
    assert not at.exception
    assert "unknown" in at.error[0].value and "Search for an entity" in at.error[0].value
    at = relations(entity="elon-musk", node="no-such-node")
    assert not at.exception and "Nothing in the graph" in at.warning[0].value


def test_connect_draws_and_lists_the_paths_hop_by_hop() -> None:
    at = relations(a="elon-musk", b="alice-weidel")
    assert not at.exception, at.exception
    assert at.segmented_control(key="rel_mode").value == "connect"
    body = html_text(at)
    assert "<b>Elon Musk</b> — <span style='color:#555'>is associated with</span> → " in body
    assert "<b>Alternative für Deutschland</b> — <span style='color:#555'>is led by</span>" in body
    assert "AfD leader Alice Weidel" in body  # the quote behind the hop
    edges = drawn(at)["edges"]
    assert edges and {e["data"]["label"] for e in edges} == {"path"}
    ends = {n["data"]["id"]: n["data"].get("focus") for n in drawn(at)["nodes"]}
    assert ends["elon-musk"] == "A" and ends["alice-weidel"] == "B"
    assert path_expanders(at)[0].label.startswith("Path 1 · 2 hops")
    assert at.query_params["xtypes"] == "country"  # hubs left out by default


def test_connect_options_from_the_url_and_no_path() -> None:
    at = relations(mode="connect", a="elon-musk", b="alice-weidel", k="1", xids="afd")
    assert not at.exception
    assert at.multiselect(key="rel_xids").value == ["afd"]
    assert len(path_expanders(at)) == 1 and "afd" not in node_ids(at)
    at = relations(mode="connect", a="elon-musk", b="alice-weidel", maxlen="1")
    assert not at.exception and "No path of at most 1 hop(s)" in at.info[0].value
    at = relations(mode="connect", a="elon-musk", b="elon-musk")
    assert not at.exception and "both ends" in at.error[0].value
    at = relations(mode="connect", a="elon-musk")
    assert "Choose two entities" in at.info[0].value


def test_switching_to_connect_keeps_the_url_state() -> None:
    at = relations(entity="elon-musk")
    at.segmented_control(key="rel_mode").set_value("connect").run()
    at.text_input(key="rel_a_q").set_value("musk").run()
    at.text_input(key="rel_b_q").set_value("weidel").run()
    assert at.query_params["mode"] == "connect"
    assert at.query_params["a"] == "elon-musk" and at.query_params["b"] == "alice-weidel"
    assert at.query_params["entity"] == "elon-musk"
    assert len(path_expanders(at)) == 3


def test_text_from_data_is_never_markup(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    curation = data / "curation" / "mini.yaml"
    evil = "<img src=x onerror=alert(1)> **Marco** Rubio"
    curation.write_text(curation.read_text().replace("label: Marco Rubio", f'label: "{evil}"'))
    monkeypatch.setenv("THREADLINE_DATA", str(data))
    at = relations(entity="marco-rubio")
    assert not at.exception, at.exception
    names = [n["data"]["name"] for n in drawn(at)["nodes"]]
    assert "\uff1cimg src=x onerror=alert(1)\uff1e **Marco** Rubio" in names
    assert "<img" not in json.dumps(drawn(at))
    click(at, "us-department-of-state", 1)
    body = html_text(at)
    assert "&lt;img src=x onerror=alert(1)&gt; **Marco** Rubio" in body and "<img" not in body


def test_empty_filter_results_are_messages() -> None:
    at = relations(entity="elon-musk", cats="funding", rtypes="legislation")
    assert not at.exception and "Nothing is linked to this entity" in at.info[0].value
    at = relations(
        entity="elon-musk", time="window", window="1900-01-01,1950-12-31", **{"from": "2025-01-01"}
    )
    assert not at.exception and "The time window is empty" in at.warning[0].value


# ------------------------------------------------------------------ on a lazy view (large stores)
@pytest.fixture(scope="module")
def whole(bundled_build: BuildResult) -> graph.GraphView:
    """The bundled corpus on a view of the whole store, projected."""
    view = graph.GraphView.from_build(bundled_build)
    assert view.projection
    return view


@pytest.fixture(scope="module")
def ranked(bundled_build: BuildResult) -> set[str]:
    """The nodes a lazy view ranks (the most linked): the others have no PageRank there."""
    view = graph.view_for(copy_dataset(bundled_build.dataset, "oxigraph"), lazy_above=0)
    return {s.id for s in graph.centrality(view, "pagerank", include_events=True)}


@pytest.fixture
def lazy(lazy_app: None, whole: graph.GraphView, ranked: set[str], whole_projections: list) -> list:
    """The app on a lazy view of the bundled corpus; returns the whole-store projections it makes
    (none allowed)."""
    return whole_projections


def test_lazy_ego_network_draws_every_neighbour(
    lazy: list[str], whole: graph.GraphView, ranked: set[str]
) -> None:
    at = relations(entity="elon-musk")
    assert not at.exception, at.exception
    expected = {n.id: n for n in graph.neighbors(whole, "elon-musk").nodes}
    nodes = {n["data"]["id"]: n["data"] for n in drawn(at)["nodes"]}
    assert set(nodes) == set(expected)
    unranked = set(nodes) - ranked
    assert "musk-inauguration-gesture" in unranked  # a node the ranking does not hold is drawn
    for n in unranked:
        assert nodes[n]["size"] == 16 and "pagerank" not in nodes[n]  # the smallest size
        assert nodes[n]["name"] == expected[n].label
    assert nodes["elon-musk"]["size"] > 16 and nodes["elon-musk"]["focus"] == "centre"
    assert nodes["musk-inauguration-gesture"]["label"] == "event"
    edges = drawn(at)["edges"]
    assert {e["data"]["source"] for e in edges} | {e["data"]["target"] for e in edges} <= set(nodes)
    assert any("most linked nodes" in c.value for c in at.caption)  # how sizes are computed
    assert lazy == []


def test_lazy_card_of_a_node_outside_the_ranking(lazy: list[str], ranked: set[str]) -> None:
    at = relations(entity="elon-musk")
    assert "musk-inauguration-gesture" not in ranked
    click(at, "musk-inauguration-gesture", 1)
    assert not at.exception, at.exception
    assert not at.warning, [w.value for w in at.warning]
    card = [m.value for m in at.markdown if m.value.startswith("####")]
    assert card and "Musk" in card[0]
    captions = [c.value for c in at.caption]
    assert "event · other event · at the inauguration \\(2025\\-01\\-20\\)" in captions  # dated
    assert "took part as agent in" in html_text(at)  # its participants
    assert lazy == []


def test_lazy_connect_draws_every_node_of_the_paths(
    lazy: list[str], whole: graph.GraphView, ranked: set[str]
) -> None:
    at = relations(mode="connect", a="donald-trump", b="elon-musk")
    assert not at.exception, at.exception
    found = graph.paths(
        whole, "donald-trump", "elon-musk", max_len=4, k=3, exclude_types=["country"]
    )
    expected = {n for p in found for n in p.nodes}
    nodes = {n["data"]["id"]: n["data"] for n in drawn(at)["nodes"]}
    assert set(nodes) == expected and len(path_expanders(at)) == len(found)
    assert {"trump-second-inauguration", "musk-inauguration-gesture"} <= expected - ranked
    assert nodes["donald-trump"]["focus"] == "A" and nodes["elon-musk"]["focus"] == "B"
    edges = drawn(at)["edges"]
    assert {(e["data"]["source"], e["data"]["target"]) for e in edges} == {
        (s.source, s.target) for p in found for s in p.steps
    }
    assert lazy == []


def test_lazy_exclusion_of_a_node_outside_the_ranking(lazy: list[str], ranked: set[str]) -> None:
    at = relations(
        mode="connect", a="donald-trump", b="elon-musk", xids="musk-inauguration-gesture"
    )
    assert not at.exception, at.exception
    assert "musk-inauguration-gesture" not in ranked
    assert at.multiselect(key="rel_xids").value == ["musk-inauguration-gesture"]
    options = at.multiselect(key="rel_xids").options
    assert len(options) == len(ranked | {"musk-inauguration-gesture"})
    assert "musk-inauguration-gesture" not in node_ids(at)
    assert "trump-second-inauguration" not in node_ids(at)  # its path went through the gesture
    assert lazy == []
