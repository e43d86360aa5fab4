"""The timeline chart of the bundled corpus (issue 13): labels that do not collide, markers that
do not pile up, links at right angles, and a recent period that fills the axis."""

from __future__ import annotations

from datetime import date

import pytest

import graph
from app_pages.views import timeline_chart as tc
from app_pages.views import timeline_labels as tl
from extract import BuildResult


@pytest.fixture(scope="module")
def corpus(bundled_build: BuildResult) -> tuple[graph.GraphView, list[graph.TimelineItem]]:
    view = graph.GraphView(bundled_build.dataset)
    return view, [i for i in graph.timeline(view, undated=True) if tc.is_dated(i)]


def recent(items: list[graph.TimelineItem]) -> list[graph.TimelineItem]:
    pivot = tc.focus_start(items)
    assert pivot is not None
    return [i for i in items if tc.axis_day(i) >= pivot.isoformat()]


def drawn(view: graph.GraphView, items: list[graph.TimelineItem], lane: str = "type") -> dict:
    placed, lanes = tc.placements(items, lane)
    links = tc.event_links(view, [i.id for i in items])
    fig, where = tc.base_figure(placed, lanes, links=links)
    x0, x1 = tc._axis_range(placed)
    layout = tc.stack(placed, lanes, x0, x1)
    canvas = tc.chart_canvas(layout, (x0, x1), lanes, skips=tc.skipped(placed, x0, x1))
    return {"fig": fig, "where": where, "placed": placed, "layout": layout, "canvas": canvas}


def label_boxes(d: dict) -> list[tuple[str, tl.Box]]:
    """Each label's box by the chart's pixel estimate, from the annotations drawn."""
    out = []
    for a in d["fig"].layout.annotations:
        if a.showarrow or a.yref == "paper":
            continue  # the "no end given" arrows and the axis's skip marks
        cx, cy = d["canvas"].x(a.x), d["canvas"].y(a.y)
        wide = tl.CHAR_PX * len(a.text) + 2 * tl.LABEL_PAD_PX
        left = cx + a.xshift - (wide if a.xanchor == "right" else 0)
        out.append((a.text, tl.Box(left, cy - tl.LABEL_H_PX / 2, left + wide, cy + 9)))
    return out


@pytest.mark.parametrize("period,lane", [("recent", "type"), ("all", "type"), ("recent", "actor")])
def test_labels_do_not_overlap_labels_or_markers(corpus, period, lane) -> None:
    view, items = corpus
    d = drawn(view, recent(items) if period == "recent" else items, lane)
    boxes = label_boxes(d)
    assert len(boxes) >= 30, "most events are labelled on a 1400 px wide page"
    for n, (text, box) in enumerate(boxes):
        assert box.left >= 0 and box.right <= d["canvas"].width, text
        for other, again in boxes[n + 1 :]:
            assert not box.overlaps(again), (text, other)
    markers = [
        d["canvas"].marker(tc.axis_day(p.item), y)
        for p, y in zip(d["placed"], d["layout"].y, strict=True)
    ]
    for text, box in boxes:
        assert not any(box.overlaps(m) for m in markers), text
    for a in d["fig"].layout.annotations:
        if a.text and not a.showarrow and a.yref != "paper":
            assert a.font.color == tl.LABEL_INK and a.font.size >= 12 and a.bgcolor


def test_the_most_important_events_are_labelled(corpus) -> None:
    view, items = corpus
    items = recent(items)
    d = drawn(view, items)
    texts = {a.text for a in d["fig"].layout.annotations if a.text}
    links = tc.event_links(view, [i.id for i in items])
    degree = {i.id: sum(i.id in (e.source, e.target) for e in links) for i in items}
    ranked = sorted(items, key=lambda i: -tl.importance(i, degree[i.id]))
    top = ranked[:10]
    labelled = [i for i in top if any(tc.short(i.label, n) in texts for n in tl.LABEL_CHARS)]
    assert top[:3] == labelled[:3] and len(labelled) >= 7, [i.label for i in top]


def test_markers_carry_what_the_browser_needs_to_label_a_zoom(corpus) -> None:
    view, items = corpus
    d = drawn(view, recent(items))
    fig, placed = d["fig"], d["placed"]
    order = tc.label_order(placed, tc.event_links(view, [p.item.id for p in placed]), None)
    rank = {placed[k].item.id: n for n, k in enumerate(order)}
    points = [c for t in fig.data if t.customdata is not None for c in t.customdata]
    assert points and all(len(c) == 3 for c in points)
    for ident, label, n in points:  # each marker's label (as cut for the chart) and its rank
        assert n == rank[ident] and label == tc.short(view_label(placed, ident), 60)
    # the server's labels are the first annotations, and meta names their events in order
    labelled = fig.layout.meta["labelled"]
    notes = fig.layout.annotations[: len(labelled)]
    assert len(labelled) >= 7 and all(not a.showarrow and a.yref != "paper" for a in notes)
    for ident, note in zip(labelled, notes, strict=True):
        assert (note.x, note.y) == d["where"][ident]


def view_label(placed: list[tc.Placed], ident: str) -> str:
    return next(p.item.label for p in placed if p.item.id == ident)


def test_label_ink_reads_on_white_and_on_the_lane_shading() -> None:
    def luminance(hex_colour: str) -> float:
        rgb = [int(hex_colour[k : k + 2], 16) / 255 for k in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    for ground in ("#ffffff", tc.LANE_SHADE):
        ratio = (luminance(ground) + 0.05) / (luminance(tl.LABEL_INK) + 0.05)
        assert ratio >= 4.5, ground


@pytest.mark.parametrize("period", ["recent", "all"])
def test_no_two_markers_of_a_lane_share_a_place(corpus, period) -> None:
    view, items = corpus
    d = drawn(view, recent(items) if period == "recent" else items)
    seen: set[tuple[str, str, float]] = set()
    for p, y in zip(d["placed"], d["layout"].y, strict=True):
        spot = (p.lane, tc.axis_day(p.item), y)
        assert spot not in seen, spot
        seen.add(spot)
    # the inauguration day's executive actions each get a row; the figure stays a sane height
    assert d["fig"].layout.height < 40 * len(d["placed"])


def test_link_paths_run_at_right_angles(corpus) -> None:
    view, items = corpus
    d = drawn(view, recent(items))
    traces = [t for t in d["fig"].data if isinstance(t.meta, dict) and "links" in t.meta]
    assert traces, "the corpus's events are linked"
    for trace in traces:
        xs, ys = list(trace.x), list(trace.y)
        for k in range(len(xs) - 1):
            if xs[k] is None or xs[k + 1] is None:
                continue
            assert xs[k] == xs[k + 1] or ys[k] == ys[k + 1], (xs[k : k + 2], ys[k : k + 2])


def test_the_open_event_s_links_are_drawn_darker(corpus) -> None:
    view, items = corpus
    items = recent(items)
    placed, lanes = tc.placements(items)
    links = tc.event_links(view, [i.id for i in items])
    busy = max(items, key=lambda i: sum(i.id in (e.source, e.target) for e in links)).id
    plain = tc.figure(placed, lanes, links=links)
    ringed = tc.figure(placed, lanes, links=links, selected=busy)
    strong = [t for t in ringed.data if t.mode == "lines" and t.line.color == "#333333"]
    assert strong and not [t for t in plain.data if t.line and t.line.color == "#333333"]
    assert ringed.data[0] is not None and ringed.data[0].line.color == "#333333"  # beneath


def test_the_recent_period_holds_half_the_events_and_fills_the_axis(corpus) -> None:
    _, items = corpus
    pivot = tc.focus_start(items)
    assert pivot == date(2024, 4, 1) and tc.period_name(pivot) == "From Apr 2024"
    shown = recent(items)
    assert 2 * len(shown) >= len(items)
    placed, _ = tc.placements(shown)
    x0, x1 = tc._axis_range(placed)
    assert x0 >= pivot - (x1 - x0) * 0.02
    skips = tc.skipped(placed, x0, x1)
    # the share of the drawn axis more than 2 % of it from any marker
    canvas = tl.Canvas(x0, x1, 0, 1, 1000, 1, tuple(skips))
    marks = sorted(canvas.x(tc.axis_day(i)) for i in shown)
    empty = sum(1 for px in range(1000) if min(abs(px - m) for m in marks) > 20) / 1000
    # 0.425 now (2024's events are few and spread out; May-Aug 2025 is left out of the axis),
    # 0.45 when the period began in January 2024
    assert empty < 0.43, empty
    for lo, hi in skips:  # nothing is left out
        assert not [i for i in shown if lo <= date.fromisoformat(tc.axis_day(i)) <= hi]


def test_a_story_keeps_labelling_only_its_highlighted_events(corpus) -> None:
    view, items = corpus
    items = [i for i in items if "2025-01-20" <= tc.axis_day(i) <= "2025-01-31"]
    placed, lanes = tc.placements(items)
    wanted = [items[0].id]
    fig = tc.figure(placed, lanes, highlight=wanted, span=("2025-01-20", "2025-01-31"))
    texts = [a.text for a in fig.layout.annotations if a.text]
    assert texts == [tc.plotly_text(tc.short(items[0].label, 60))]
    assert fig.layout.meta is None and not fig.layout.xaxis.rangebreaks
