"""The Timeline and Stories pages without a browser (AppTest), on the bundled corpus.

Chart clicks are faked by putting a selection under the chart's key before a run, as a real click
does; URL parameters are set before the first run, as opening a copied link does.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages.views import timeline_chart as timeline

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "data" / "mini"
KHALIL_QUOTE = "Mahmoud Khalil, arrested as he was entering his apartment building"


def open_page(page: str, monkeypatch: pytest.MonkeyPatch, data: Path = ROOT / "data", **params):
    monkeypatch.setenv("THREADLINE_DATA", str(data))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page(f"app_pages/{page}.py")
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def html(at: AppTest) -> str:
    return "\n".join(e.proto.body for e in at.get("html"))


def spec(at: AppTest, n: int = 0) -> dict:
    return json.loads(at.get("plotly_chart")[n].proto.spec)


def chart_ids(at: AppTest) -> set[str]:
    return {c[0] for t in spec(at)["data"] for c in t.get("customdata") or []}


def click(at: AppTest, event_id: str, key: str = "timeline") -> AppTest:
    at.session_state[key] = {
        "selection": {
            "points": [{"customdata": [event_id], "curve_number": 0, "point_number": 0}],
            "point_indices": [0],
            "box": [],
            "lasso": [],
        }
    }
    return at.run()


# ------------------------------------------------------------------ timeline
def test_timeline_renders_events_with_ranges_and_the_undated_list(monkeypatch) -> None:
    at = open_page("timeline", monkeypatch)
    assert not at.exception
    ids = chart_ids(at)
    assert {"khalil-arrest", "trump-second-inauguration", "cecot-transfer"} <= ids
    assert "marbury-v-madison-ruling" not in ids  # the default period starts in 2024
    figure = spec(at)
    bars = [t for t in figure["data"] if t.get("mode") == "lines"]
    dashed = [t for t in bars if t["line"].get("dash") == "dash"]
    assert dashed, "uncertain dates are drawn with dashed bars"
    symbols = {s for t in figure["data"] for s in (t.get("marker", {}).get("symbol") or [])}
    assert {"circle", "circle-open"} <= symbols
    assert "exact date not known" in html(at) and "Event types" in html(at)
    assert any(s.value.startswith("Events without a date (") for s in at.header)
    assert at.dataframe[0].value["event"].size > 0
    assert set(at.dataframe[0].value["sources"]) == {"lurching-toward-authoritarian-rule"}


def test_undated_events_have_a_strip_in_the_order_the_source_tells_them(monkeypatch) -> None:
    """Every undated event is drawn on a second chart, at the share of the text where its first
    quote sits; the table lists them in that order; a click on the strip opens the card."""
    import graph

    at = open_page("timeline", monkeypatch)
    strip = spec(at, 1)
    ids = [c[0] for t in strip["data"] for c in t.get("customdata") or []]
    xs = {c[0]: x for t in strip["data"] for c, x in zip(t["customdata"], t["x"], strict=True)}
    table = list(at.dataframe[0].value["event"])
    assert len(ids) == len(set(ids)) == len(table) >= 100
    assert {t["marker"]["symbol"] for t in strip["data"]} == {"square"}
    view = graph.GraphView.from_build(__import__("extract").build(ROOT / "data", None))
    order = graph.told_order(view, ids)
    assert [view.label(e) for e, _s, _a in order] == table  # the table in the source's order
    told = [xs[e] for e, _s, _a in order]
    assert told == sorted(told)
    assert 0 <= told[0] <= told[-1] <= 100
    assert set(at.dataframe[0].value["told"]) - {""}, "each row says where the source tells it"
    at = click(at, order[0][0], key="undated_strip")
    assert at.query_params["event"] == order[0][0]
    assert view.label(order[0][0]) in html(at)


def test_the_chart_as_text_lists_and_opens_every_event(monkeypatch) -> None:
    """The list under the chart (and in its place on a phone) names every event drawn, dated
    ones under their year, each linking to its card; the picker opens a card by keyboard."""
    at = open_page("timeline", monkeypatch)
    drawn = chart_ids(at) | {c[0] for t in spec(at, 1)["data"] for c in t["customdata"]}
    text = html(at)
    assert "@media (max-width: 640px)" in text and ".st-key-tl_chart" in text
    for event in drawn:
        assert f"event={event}'" in text or f"event={event}&" in text, event
    assert "<p class='tl-year'>2025</p>" in text
    assert "no date</span>" in text
    picker = at.selectbox(key="tl_open")
    assert set(picker.options) >= {picker.format_func(e) for e in ("khalil-arrest",)}
    picker.set_value("khalil-arrest").run()
    assert not at.exception
    assert at.query_params["event"] == "khalil-arrest"
    assert KHALIL_QUOTE in html(at)
    assert at.selectbox(key="tl_open").value is None  # ready for the next pick


def test_a_date_window_in_the_url_sets_the_axis(monkeypatch) -> None:
    """``?from=…&to=…`` draws exactly that window (no period control offering other years)."""
    at = open_page("timeline", monkeypatch, **{"from": "2025-03-01", "to": "2025-04-30"})
    assert not at.exception
    lo, hi = spec(at)["layout"]["xaxis"]["range"]
    assert "2025-02-20" <= lo[:10] <= "2025-03-01"
    assert "2025-04-30" <= hi[:10] <= "2025-05-10"
    assert not [w for w in at.get("button_group") if "period" in str(w.proto)]
    assert "khalil-arrest" in chart_ids(at)


def test_dates_typed_in_the_sidebar_apply_and_mistakes_are_said(monkeypatch) -> None:
    """The sidebar's From and To take a day, a month or a year as text (a text field applies on
    Enter); a date that is not one is said under the field, and the filter stays off."""
    at = open_page("timeline", monkeypatch)
    at.text_input(key="from").set_value("2025-03").run()
    at.text_input(key="to").set_value("2025-04").run()
    assert not at.exception
    assert (at.query_params["from"], at.query_params["to"]) == ("2025-03-01", "2025-04-30")
    lo, hi = spec(at)["layout"]["xaxis"]["range"]
    assert "2025-02-20" <= lo[:10] <= "2025-03-01" and "2025-04-30" <= hi[:10] <= "2025-05-10"
    at.text_input(key="from").set_value("2025-3-1").run()
    assert not at.exception
    said = [e.value.replace("`", "“", 1).replace("`", "”", 1) for e in at.sidebar.error]
    assert any("“2025-3-1” is not a date" in e for e in said)  # quoted as code
    assert "from" not in at.query_params
    at.text_input(key="from").set_value("2025-02-30").run()
    assert any("`2025-02-30` is not a date" in e.value for e in at.sidebar.error)


def test_a_window_with_only_an_end_keeps_the_period_control(monkeypatch) -> None:
    """With To alone (From empty or mistyped), the axis does not reach back to the 18th century:
    the recent period is drawn up to To, and the period control still offers every date."""
    at = open_page("timeline", monkeypatch, **{"from": "2025-3-1", "to": "2025-04-30"})
    assert not at.exception
    assert [w for w in at.get("button_group") if "period" in str(w.proto)]
    lo, hi = spec(at)["layout"]["xaxis"]["range"]
    assert lo[:10] >= "2024-01-01" and "2025-04-30" <= hi[:10] <= "2025-05-20", (lo, hi)
    ids = chart_ids(at)
    assert "khalil-arrest" in ids and "marbury-v-madison-ruling" not in ids
    assert any(b.label.startswith("Show every date again") for b in at.button)
    at.button_group(key="period").set_value("all").run()
    up_to = chart_ids(at)
    assert "marbury-v-madison-ruling" in up_to and "khalil-arrest" in up_to
    assert spec(at)["layout"]["xaxis"]["range"][0][:4] < "1900"
    every = chart_ids(open_page("timeline", monkeypatch, period="all"))
    assert up_to < every  # To still holds: the events after 30 April are left out


def test_a_hostile_date_in_a_link_is_shown_short_and_inert(monkeypatch) -> None:
    """A link's ``from`` may hold anything: the error quotes it cut short, as text (no link or
    markup of its own), and the page draws."""
    at = open_page("timeline", monkeypatch, **{"from": "[click](http://evil.example)" + "x" * 5000})
    assert not at.exception
    (said,) = [e.value for e in at.sidebar.error]
    assert len(said) < 300
    assert said.startswith("From: `[click](http://evil.exam…` is")  # code: no link, no markup


def test_a_period_dragged_on_the_chart_is_drawn_anew_and_undone_by_a_button(monkeypatch) -> None:
    """A box dragged across the timeline (Box Select in its toolbar) sets From and To to that
    period and draws it again with its labels fitted (Plotly's zoom only enlarges the drawing);
    the points inside the box open no card; a button clears the period."""
    at = open_page("timeline", monkeypatch)
    assert spec(at)["layout"]["dragmode"] == "zoom"  # a click on a marker opens its card
    before = {a["text"] for a in spec(at)["layout"]["annotations"]}
    at.session_state["timeline"] = {
        "selection": {
            "points": [{"customdata": ["khalil-arrest"], "curve_number": 0, "point_number": 0}],
            "point_indices": [0],
            "box": [{"xref": "x", "yref": "y", "x": ["2025-04-15 06:00", "2025-03-01 18:30:00.5"]}],
            "lasso": [],
        }
    }
    at.run()
    assert not at.exception
    assert (at.query_params["from"], at.query_params["to"]) == ("2025-03-01", "2025-04-15")
    assert at.text_input(key="from").value == "2025-03-01"
    assert "event" not in at.query_params  # the points in the box are not a click
    lo, hi = spec(at)["layout"]["xaxis"]["range"]
    assert "2025-02-20" <= lo[:10] <= "2025-03-01" and "2025-04-15" <= hi[:10] <= "2025-04-25"
    labels = {a["text"] for a in spec(at)["layout"]["annotations"]}
    assert len(labels - before) >= 3, labels - before  # labels the whole period had no room for
    again = at.button(key="tl_all_dates")
    assert "2025-03-01 to 2025-04-15" in again.label.replace("\u2011", "-")
    again.click().run()
    assert "from" not in at.query_params and "to" not in at.query_params
    assert at.text_input(key="from").value == ""


def test_a_day_a_month_or_a_year_is_a_day() -> None:
    from app_pages.state import parse_day

    assert parse_day("") is None and parse_day("  ") is None
    assert parse_day("2024-02", last=True) == date(2024, 2, 29)
    assert parse_day("2025", last=True) == date(2025, 12, 31)
    assert parse_day("1956-10-23") == date(1956, 10, 23)
    for bad in ("2025-13", "25-01-01", "2025/01/01", "yesterday", "2025-01-01T00"):
        with pytest.raises(ValueError):
            parse_day(bad)


def test_all_dates_period_reaches_back(monkeypatch) -> None:
    at = open_page("timeline", monkeypatch, period="all")
    assert not at.exception
    assert "marbury-v-madison-ruling" in chart_ids(at)


def test_a_click_opens_the_event_card_with_its_quote(monkeypatch) -> None:
    at = open_page("timeline", monkeypatch)
    click(at, "khalil-arrest")
    assert not at.exception
    text = html(at)
    assert "Arrest of Mahmoud Khalil" in text
    assert "“In March”" in text and "<code>2025-03</code>" in text
    assert "sometime between 1 March 2025 and 31 March 2025" in text
    assert f"<mark><b>{KHALIL_QUOTE}" in text
    links = {(p.proto.label, p.proto.page) for p in at.get("page_link")}
    assert any(label == "Mahmoud Khalil" for label, _ in links)
    # each participant's icon is its kind's (a person, a government, a law), not a person's
    icons = {p.proto.label: p.proto.icon for p in at.get("page_link")}
    assert icons["Mahmoud Khalil"] == ":material/person:"
    assert icons["Federal government of the United States"] == ":material/account_balance:"
    assert icons["Immigration and Nationality Act of 1952"] == ":material/description:"
    assert at.query_params["event"] == "khalil-arrest"
    ring = [t for t in spec(at)["data"] if t.get("marker", {}).get("size") == 26]
    assert len(ring) == 1, "the open event is ringed on the chart"


def test_the_url_restores_event_lanes_and_actor(monkeypatch) -> None:
    at = open_page(
        "timeline",
        monkeypatch,
        event="khalil-arrest",
        lane="actor",
        actor="mahmoud-khalil",
        period="all",
    )
    assert not at.exception
    assert at.radio(key="lane").value == "actor"
    assert at.multiselect(key="actor").value == ["mahmoud-khalil"]
    assert f"<mark><b>{KHALIL_QUOTE}" in html(at)
    figure = spec(at)
    assert figure["layout"]["yaxis"]["ticktext"][0] == "Mahmoud Khalil"
    assert "trump-second-inauguration" not in chart_ids(at)


def test_a_linked_event_opens_from_the_card(monkeypatch) -> None:
    at = open_page("timeline", monkeypatch, event="khalil-arrest")
    button = next(b for b in at.button if b.label.startswith("Online publication targeting"))
    button.click().run()
    assert not at.exception
    assert at.query_params["event"] == "khalil-doxing"
    assert "Online publication targeting Mahmoud Khalil" in html(at)


def test_an_undated_row_opens_its_card(monkeypatch) -> None:
    at = open_page("timeline", monkeypatch)
    first = at.dataframe[0].value["event"].iloc[0]
    at.session_state["undated"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    assert f">{first}</div>" in html(at)
    assert "none (undated)" in html(at)


def test_an_alleged_event_says_who_alleges_it(monkeypatch) -> None:
    at = open_page("timeline", monkeypatch, event="khalil-accusation")
    assert not at.exception
    assert "alleged by Federal government of the United States" in html(at)


def test_filters_that_match_nothing_say_so(monkeypatch) -> None:
    at = open_page("timeline", monkeypatch, etype="strike", actor="mahmoud-khalil")
    assert not at.exception
    assert any("No event matches these filters" in i.value for i in at.info)
    assert not at.get("plotly_chart")


def test_bad_values_in_the_url_are_reported_not_raised(monkeypatch) -> None:
    at = open_page("timeline", monkeypatch, event="no-such-event", actor="nobody", lane="x")
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "no-such-event" in warnings and "nobody" in warnings
    assert at.radio(key="lane").value == "type"


def test_text_from_data_is_escaped_in_the_chart(monkeypatch, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    curation = data / "curation" / "mini.yaml"
    text = curation.read_text()
    assert "label: Arrest of Mahmoud Khalil" in text
    curation.write_text(
        text.replace("label: Arrest of Mahmoud Khalil", 'label: "<b>Arrest</b> of Mahmoud Khalil"')
    )
    at = open_page("timeline", monkeypatch, data=data)
    assert not at.exception
    hover = " ".join(h for t in spec(at)["data"] for h in t.get("hovertext") or [])
    assert "&lt;b&gt;Arrest&lt;/b&gt; of Mahmoud Khalil" in hover
    assert "<b>Arrest</b>" not in hover
    click(at, "khalil-arrest")
    assert "&lt;b&gt;Arrest&lt;/b&gt; of Mahmoud Khalil" in html(at)


def test_placements_stack_events_that_would_overlap() -> None:
    from datetime import date

    import graph

    def item(ident: str, day: str, latest: str = "") -> graph.TimelineItem:
        return graph.TimelineItem(
            ident, ident, "arrest", "arrest", "", day, day, latest or day, False, False
        )

    items = [item("a", "2025-01-20"), item("b", "2025-01-20"), item("c", "2025-06-01")]
    placed, lanes = timeline.placements(items, "type")
    layout = timeline.stack(placed, lanes, date(2025, 1, 1), date(2025, 7, 1))
    rows = dict(zip([p.item.id for p in placed], layout.y, strict=True))
    assert rows["a"] != rows["b"] and rows["c"] == rows["a"]
    assert timeline.bounds_text(item("x", "2025-03-01", "2025-03-31")) == (
        "sometime between 1 March 2025 and 31 March 2025"
    )


# ------------------------------------------------------------------ stories
def test_a_story_walks_forward_and_back(monkeypatch) -> None:
    at = open_page("stories", monkeypatch)
    assert not at.exception
    story = at.session_state["story"]
    assert ">The election</div>" in html(at)
    assert at.button(key="prev-top").disabled
    at.button(key="next-top").click().run()
    assert ">Day One</div>" in html(at)
    assert at.query_params["step"] == "2" and at.query_params["story"] == story
    assert "It started with a tsunami of executive orders" in html(at)
    at.button(key="next-bottom").click().run()
    assert ">Who enforces immigration policy</div>" in html(at)
    at.button(key="prev-top").click().run()
    at.button(key="prev-bottom").click().run()
    assert not at.exception
    assert ">The election</div>" in html(at) and at.query_params["step"] == "1"


def test_a_story_step_highlights_its_events(monkeypatch) -> None:
    at = open_page("stories", monkeypatch, story="100-days-of-decrees", step="2")
    assert not at.exception
    assert at.get("progress")[0].proto.value == 33  # step 2 of 6
    figure = spec(at)
    labels = " ".join(a.get("text", "") for a in figure["layout"].get("annotations", []))
    assert "Signing of 26 executive orders" in labels
    low, high = figure["layout"]["xaxis"]["range"]
    assert low < "2025-01-20" and "2025-01-31" < high < "2025-02-05"  # the step's window
    assert html(at).count("<mark><b>") >= 4  # each highlighted event shows its quote


def test_a_network_step_lists_the_neighbours_with_links_to_relations(monkeypatch) -> None:
    at = open_page("stories", monkeypatch, story="100-days-of-decrees", step="3")
    assert not at.exception
    assert "United States Department of Homeland Security" in html(at)
    links = {p.proto.label: (p.proto.page, p.proto.query_string) for p in at.get("page_link")}
    assert links["Open the network on the Relations page"] == ("relations", "entity=dhs")
    assert links[r"U\.S\. Immigration and Customs Enforcement"] == ("relations", "entity=ice")
    assert "Federal police of several DHS units firing tear gas" in html(at)  # a link's quote


def test_a_story_click_opens_an_event_card(monkeypatch) -> None:
    at = open_page("stories", monkeypatch, story="100-days-of-decrees", step="2")
    click(at, "birthright-citizenship-order-signing", key="story-chart-2")
    assert not at.exception
    assert at.query_params["event"] == "birthright-citizenship-order-signing"
    assert "Date in the source:" in html(at)


def test_a_step_out_of_range_is_reported(monkeypatch) -> None:
    at = open_page("stories", monkeypatch, story="100-days-of-decrees", step="99")
    assert not at.exception
    assert any("steps 1 to 6" in w.value for w in at.warning)
    assert ">Day 98 to May Day</div>" in html(at)


@pytest.mark.parametrize("step", ["1", "2", "3", "4", "5", "6"])
def test_every_step_of_the_campus_story_shows_its_quotes(monkeypatch, step: str) -> None:
    at = open_page("stories", monkeypatch, story="campus-arrests", step=step)
    assert not at.exception
    assert not at.warning
    page = html(at)
    heading = {
        "1": "A year earlier",
        "3": "Who is linked to Khalil",
        "6": "The comparison with the 1950s",
    }.get(step)
    if heading:
        assert f">{heading}</div>" in page
    if step in {"1", "2", "4", "6"}:
        assert page.count("<mark><b>") >= 1  # a highlighted event's quote
    if at.get("plotly_chart"):  # the chart as text lists what it draws, each a link to its card
        listing = next(e.proto.body for e in at.get("html") if "class='tl-list'" in e.proto.body)
        linked = re.findall(r"href='[^']*event=([^'&]+)", listing)
        assert set(linked) == chart_ids(at) and len(linked) == len(set(linked))


# ------------------------------------------------------------------ actors picker
def test_the_actor_picker_offers_actors_only_and_no_bulk_selection(monkeypatch) -> None:
    at = open_page("timeline", monkeypatch)
    assert not at.exception
    picker = at.multiselect(key="actor")
    assert picker.proto.select_all == 0, "typing and Enter must not select every match"
    options = set(picker.options)
    labels = " ".join(options)
    assert any(o.startswith("Kristi Noem") for o in options)
    assert "Laken Riley Act" not in labels, "laws are not actors"
    for other in ("Panama Canal", "Otay Mesa", "Is Donald Trump a Fascist"):  # places, articles
        assert other not in labels, f"{other} is not an actor"


def test_picking_an_actor_widens_the_period_to_all_its_events(monkeypatch) -> None:
    at = open_page("timeline", monkeypatch)
    assert at.session_state["period"] == "recent"
    at.multiselect(key="actor").set_value(["mahmoud-khalil"]).run()
    assert not at.exception
    assert at.session_state["period"] == "all"


@pytest.mark.parametrize(
    "box", [[1e300, float("nan")], ["yesterday", None], "2025-03-01", [], [{"a": 1}, 2**70]]
)
def test_a_forged_period_selection_is_ignored(monkeypatch, box) -> None:
    """A visitor's websocket may send any selection: one that names no two days is no period."""
    at = open_page("timeline", monkeypatch)
    at.session_state["timeline"] = {
        "selection": {"points": [], "point_indices": [], "box": [{"x": box}], "lasso": []}
    }
    at.run()
    assert not at.exception
    assert "from" not in at.query_params and "to" not in at.query_params


def test_an_unknown_event_in_a_link_is_quoted_as_code(monkeypatch) -> None:
    at = open_page("timeline", monkeypatch, event="[x](http://evil.example)\n# big")
    assert not at.exception
    (said,) = [w.value for w in at.warning if "No event has the id" in w.value]
    assert "`[x](http://evil.example) # big`" in said and "\n" not in said
