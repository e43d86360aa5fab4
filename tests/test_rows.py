"""The row packing the timeline and the undated strip share (app_pages/views/rows.py) gives the
rows each of them packed by hand before."""

from __future__ import annotations

import random
from datetime import date, timedelta

import graph
from app_pages.views import timeline_chart as tc
from app_pages.views import undated_strip as us
from app_pages.views.rows import pack_rows


def test_pack_rows() -> None:
    assert pack_rows([], 3) == []
    assert pack_rows([(0, 1), (2, 3)], 3) == [0, 0]
    assert pack_rows([(0, 2), (2, 3)], 3) == [0, 1]  # touching is not free...
    assert pack_rows([(0, 2), (2, 3)], 3, touching=True) == [0, 0]  # ...unless asked
    assert pack_rows([(0, 5), (1, 2), (3, 4), (6, 7)], 3) == [0, 1, 1, 0]
    # full: the row that stops earliest, which then stops at the further end
    assert pack_rows([(0, 9), (1, 3), (2, 4), (5, 6)], 2) == [0, 1, 1, 1]
    assert pack_rows([(0, 9), (1, 3), (2, 8), (5, 6)], 2) == [0, 1, 1, 1]
    assert pack_rows([(0, 3), (1, 9), (2, 4), (3.5, 10)], 2) == [0, 1, 0, 0]


# ---------------------------------------------------------------- the packers as they were
def old_strip_rows(xs: list[float]) -> list[int]:
    """undated_strip._rows before it used pack_rows."""
    ends: list[float] = []
    rows = []
    for x in xs:
        row = next((r for r, end in enumerate(ends) if end + us.GAP <= x), None)
        if row is None:
            if len(ends) < us.MAX_ROWS:
                ends.append(x)
                row = len(ends) - 1
            else:
                row = min(range(len(ends)), key=ends.__getitem__)
        ends[row] = x
        rows.append(row)
    return rows


def old_stack(placed, lanes, x0: date, x1: date) -> tc.Layout:
    """timeline_chart.stack before it used pack_rows."""
    span = max(1, (x1 - x0).days)
    gap = span * 0.018
    right = x1.toordinal()
    y = [0.0] * len(placed)
    ticks: list[tuple[float, str]] = []
    bands: list[tuple[float, float]] = []
    top = 0.0
    for lane in lanes:
        members = sorted(
            (k for k, p in enumerate(placed) if p.lane == lane),
            key=lambda k: (tc.axis_day(placed[k].item), placed[k].item.latest or "9999"),
        )
        ends: list[float] = []
        for k in members:
            it = placed[k].item
            start = date.fromisoformat(tc.axis_day(it)).toordinal()
            stop = date.fromisoformat(it.latest).toordinal() if it.latest else right
            stop = max(stop, start) + gap
            row = next((r for r, last in enumerate(ends) if last < start), None)
            if row is None:
                if len(ends) < tc.MAX_ROWS:
                    ends.append(stop)
                    row = len(ends) - 1
                else:
                    row = min(range(len(ends)), key=ends.__getitem__)
            ends[row] = max(ends[row], stop)
            y[k] = top + row
        rows = max(1, len(ends))
        ticks.append((top + (rows - 1) / 2, lane))
        bands.append((top - 0.5, top + rows - 0.5))
        top += rows + tc.LANE_GAP
    return tc.Layout(tuple(y), tuple(ticks), tuple(bands), max(1.0, top - tc.LANE_GAP))


# ---------------------------------------------------------------- random inputs
def strip_xs(rng: random.Random) -> list[float]:
    """Markers as the strip places them (sorted by x): quote offsets as % of a text's length,
    often crowded (many on one spot, more than MAX_ROWS within a GAP) or exactly GAP apart."""
    size = rng.choice([7, 100, 300, 1000, 12345])
    n = rng.randint(0, 60)
    offsets = [rng.randint(0, size) for _ in range(n)]
    xs = [100.0 * max(o, 0) / max(size, 1) for o in offsets]
    if rng.random() < 0.3:  # markers exactly GAP apart: the `<=` of the old strip matters
        xs += [k * us.GAP for k in range(rng.randint(0, 30))]
    if rng.random() < 0.3:  # real numbers, not only offsets
        xs += [rng.uniform(0, 100) for _ in range(rng.randint(0, 30))]
    return sorted(xs)


def test_the_strip_rows_are_the_old_ones() -> None:
    for seed in range(400):
        xs = strip_xs(random.Random(seed))
        assert us._rows(xs) == old_strip_rows(xs), seed


def placed_items(rng: random.Random) -> tuple[list[tc.Placed], list[str]]:
    """Events in a few lanes: days, ranges, open ends, many on one day (more than MAX_ROWS)."""
    lanes = [f"lane {n}" for n in range(rng.randint(1, 4))]
    base = date(2024, 1, 1)
    width = rng.choice([3, 30, 400, 4000])
    placed = []
    for k in range(rng.randint(1, 80)):
        lo = base + timedelta(days=rng.randint(0, width) if rng.random() < 0.8 else width // 2)
        kind = rng.random()
        if kind < 0.4:
            hi = lo
        elif kind < 0.8:
            hi = lo + timedelta(days=rng.randint(1, max(1, width // 3)))
        else:
            hi = None
        earliest, latest = (lo.isoformat(), hi.isoformat() if hi else "")
        if rng.random() < 0.05:
            earliest, latest = "", lo.isoformat()  # only an end given
        item = graph.TimelineItem(
            id=f"e{k}",
            label=f"event {k}",
            type="Event",
            type_label="Event",
            date_text="",
            edtf="",
            earliest=earliest,
            latest=latest,
            approximate=False,
            uncertain=False,
        )
        placed.append(tc.Placed(item, rng.choice(lanes)))
    return placed, lanes


def test_the_timeline_rows_are_the_old_ones() -> None:
    for seed in range(300):
        placed, lanes = placed_items(random.Random(seed))
        x0, x1 = tc._axis_range(placed)
        assert tc.stack(placed, lanes, x0, x1) == old_stack(placed, lanes, x0, x1), seed
