"""Time windows and the overlap rule the network and timeline filters share.

A window runs from the first day of its start to the last day of its end; either side may be open.
An item (an event, a claim) with bounds ``[earliest, latest]`` counts when the two ranges overlap.
A missing bound is open, so an item the source does not date is never ruled out by a window.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from .errors import QueryError

_DATE = re.compile(r"^(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
DateLike = str | datetime.date | None


def _bound(value: DateLike, last: bool) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    m = _DATE.match(str(value).strip())
    if m is None:
        raise QueryError(f"{value!r} is not a date — use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if month is None:
            d = datetime.date(year, 12, 31) if last else datetime.date(year, 1, 1)
        elif day is None:
            n = calendar.monthrange(year, int(month))[1] if last else 1
            d = datetime.date(year, int(month), n)
        else:
            d = datetime.date(year, int(month), int(day))
    except ValueError:
        raise QueryError(f"{value!r} is not a valid date") from None
    return d.isoformat()


@dataclass(frozen=True)
class Window:
    """A closed range of days as ISO strings; ``""`` is an open side.

    >>> w = Window.of("2025-03", "2025")
    >>> (w.start, w.end)
    ('2025-03-01', '2025-12-31')
    >>> w.overlaps("2025-02-01", "2025-03-05"), w.overlaps("2024-01-01", "2024-12-31")
    (True, False)
    >>> w.overlaps("", "")
    True
    """

    start: str = ""
    end: str = ""

    @classmethod
    def of(cls, start: DateLike = None, end: DateLike = None) -> Window:
        """A window from the first day of ``start`` to the last day of ``end``.

        Raises
        ------
        QueryError
            A side is not a date, or the window ends before it starts.
        """
        w = cls(_bound(start, last=False), _bound(end, last=True))
        if w.start and w.end and w.end < w.start:
            raise QueryError(f"the window ends ({w.end}) before it starts ({w.start})")
        return w

    @property
    def open(self) -> bool:
        return not self.start and not self.end

    def overlaps(self, earliest: str, latest: str) -> bool:
        """Whether ``[earliest, latest]`` (``""`` = open) meets this window."""
        if self.end and earliest and earliest > self.end:
            return False
        return not (self.start and latest and latest < self.start)


def as_window(when: Window | tuple[DateLike, DateLike] | None) -> Window:
    """A :class:`Window` from a window, a ``(start, end)`` pair or ``None`` (all time)."""
    if when is None:
        return Window()
    if isinstance(when, Window):
        return when
    start, end = when
    return Window.of(start, end)
