"""EDTF dates and their strict bounds (never the ``edtf`` package's fuzzy bounds).

>>> b = parse_date("[2025-03-01..2025-03-10]")
>>> (b.earliest.isoformat(), b.latest.isoformat())
('2025-03-01', '2025-03-10')
>>> parse_date("2023-10/..").latest is None
True
>>> parse_date("2025-03~").approximate
True
"""

from __future__ import annotations

import calendar
import contextlib
import datetime
import io
import math
import re
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import edtf

EDTF_HINT = (
    "write an EDTF date such as 2025-03-08, 2025-03, 2025, [2025-03-01..2025-03-10], "
    "2021-01-20/2025-01-20, 195X or 2025-03~"
)


# The characters of the EDTF forms the graph accepts: kgsh:EventShape's sh:pattern on kg:edtf in
# graph/shapes.ttl (a test checks the two agree). Times of day, significant digits (1950S2) and
# exponents (Y-17E7) are valid EDTF the shapes refuse, so validation refuses them first.
EDTF_PATTERN = r"^[0-9X\[\]{}.,/~?%+\-]+$"
_ACCEPTED = re.compile(EDTF_PATTERN)


class DateError(ValueError):
    """A string that is not a usable EDTF date; ``hint`` says how to write it."""

    def __init__(self, message: str, hint: str = EDTF_HINT) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class DateBounds:
    """An EDTF string with the earliest and latest day it can mean (``None`` = open end)."""

    edtf: str
    earliest: datetime.date | None
    latest: datetime.date | None
    uncertain: bool = False
    approximate: bool = False


def _to_date(value: Any) -> datetime.date | None:
    if isinstance(value, float) and math.isinf(value):
        return None
    if isinstance(value, time.struct_time):
        if value.tm_year < 1:
            raise DateError(
                "dates before year 1 are not supported",
                "leave date out and keep the phrase in date_text",
            )
        return datetime.date(value.tm_year, value.tm_mon, value.tm_mday)
    return None


_SIMPLE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_SET = re.compile(r"^\[([^.\[\]]+)\.\.([^.\[\]]+)\]$")


def _simple_bounds(text: str) -> tuple[datetime.date, datetime.date] | None:
    """Bounds of a plain Level-0 date (YYYY, YYYY-MM, YYYY-MM-DD); None if not that shape.

    A fast path: the ``edtf`` package takes milliseconds per parse. Tests check it agrees with it.
    """
    m = _SIMPLE.match(text)
    if m is None or int(m.group(1)) < 1:
        return None
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if month is None:
            return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        if int(month) > 12:
            return None  # seasons (21-41) and invalid months: the edtf package decides
        if day is None:
            last = calendar.monthrange(year, int(month))[1]
            return datetime.date(year, int(month), 1), datetime.date(year, int(month), last)
        exact = datetime.date(year, int(month), int(day))
        return exact, exact
    except ValueError:
        raise DateError(f"{text!r} is not a valid EDTF date") from None


def _fast(text: str) -> DateBounds | None:
    """Plain dates, intervals and one-of sets of plain dates, without the ``edtf`` package."""
    single = _simple_bounds(text)
    if single is not None:
        return DateBounds(text, *single)
    m = _SET.match(text)
    if m is not None:
        if len(m.group(1)) != len(m.group(2)):
            return None  # mixed precision in a set: the edtf package decides (it refuses)
        first, last = _simple_bounds(m.group(1)), _simple_bounds(m.group(2))
    elif text.count("/") == 1:
        start, end = text.split("/")
        first = None if start in ("", "..") else _simple_bounds(start)
        last = None if end in ("", "..") else _simple_bounds(end)
        if (start not in ("", "..") and first is None) or (end not in ("", "..") and last is None):
            return None
        if first is None and last is None:
            return None
    else:
        return None
    if m is not None and (first is None or last is None):
        return None
    earliest = first[0] if first else None
    latest = last[1] if last else None
    if earliest and latest and latest < earliest:
        raise DateError(
            f"{text!r} ends ({latest}) before it starts ({earliest})", "swap the two dates"
        )
    return DateBounds(text, earliest, latest)


@lru_cache(maxsize=4096)
def parse_date(text: str) -> DateBounds:
    """Parse an EDTF string and compute its strict bounds.

    An interval with an open (``..``) or unknown (empty) end has no bound on that side.

    Raises
    ------
    DateError
        The string is not EDTF the ``edtf`` package can read, or its end comes before its start.
    """
    text = text.strip()
    if not text:
        raise DateError("date is empty")
    fast = _fast(text)
    if fast is not None:
        return fast
    bounds = _parse_with_edtf(text)
    if not _ACCEPTED.match(text):
        raise _unsupported(text)
    return bounds


def _unsupported(text: str) -> DateError:
    """Why a valid EDTF string is still refused (it would break the graph's shapes)."""
    if re.search(r"\dT\d", text):
        days = re.sub(r"T[0-9:.]+(Z|[+-]\d\d(:?\d\d)?)?", "", text)
        return DateError(
            f"{text!r} has a time of day; dates here are whole days",
            f"write the day alone: {days}",
        )
    if " " in text:
        return DateError(
            f"{text!r} has spaces", f"write it without spaces: {text.replace(' ', '')}"
        )
    odd = "".join(sorted({c for c in text if not _ACCEPTED.match(c)}))
    return DateError(f"{text!r} uses an EDTF form that is not supported here ({odd})", EDTF_HINT)


def _parse_with_edtf(text: str) -> DateBounds:
    """Any EDTF the ``edtf`` package reads, with strict bounds."""
    sink = io.StringIO()
    try:
        with contextlib.redirect_stdout(sink):  # the edtf package prints while it parses
            parsed = edtf.parse_edtf(text)
            earliest = _to_date(parsed.lower_strict())
            latest = _to_date(parsed.upper_strict())
    except DateError:
        raise
    except Exception:  # the package raises EDTFParseException, ValueError, AttributeError...
        raise DateError(f"{text!r} is not a valid EDTF date") from None
    if "/" in text:
        start, _, end = text.partition("/")
        if end in ("", ".."):
            latest = None
        if start in ("", ".."):
            earliest = None
    if earliest and latest and latest < earliest:
        raise DateError(
            f"{text!r} ends ({latest}) before it starts ({earliest})", "swap the two dates"
        )
    return DateBounds(
        edtf=text,
        earliest=earliest,
        latest=latest,
        uncertain=bool(getattr(parsed, "is_uncertain", False)) or "?" in text or "%" in text,
        approximate=bool(getattr(parsed, "is_approximate", False)) or "~" in text or "%" in text,
    )
