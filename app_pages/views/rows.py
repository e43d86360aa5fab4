"""Rows that keep markers apart: the greedy packing the timeline and the undated strip share."""

from __future__ import annotations

import operator
from collections.abc import Iterable


def pack_rows(
    intervals: Iterable[tuple[float, float]], max_rows: int, *, touching: bool = False
) -> list[int]:
    """A row for each ``(start, stop)`` interval, in the order given (sort them by start).

    Each goes into the first row whose last stop is before its start (``touching``: or at it),
    else into a new row while there are fewer than ``max_rows``, else into the row that stops
    earliest. A row stops where the furthest of its intervals does.
    """
    free = operator.le if touching else operator.lt
    ends: list[float] = []
    rows: list[int] = []
    for start, stop in intervals:
        row = next((r for r, last in enumerate(ends) if free(last, start)), None)
        if row is None:
            if len(ends) < max_rows:
                ends.append(stop)
                row = len(ends) - 1
            else:
                row = min(range(len(ends)), key=ends.__getitem__)
        ends[row] = max(ends[row], stop)
        rows.append(row)
    return rows
