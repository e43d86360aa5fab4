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

import contextlib
import datetime
import io
import math
import time
from dataclasses import dataclass
from typing import Any

import edtf

EDTF_HINT = (
    "write an EDTF date such as 2025-03-08, 2025-03, 2025, [2025-03-01..2025-03-10], "
    "2021-01-20/2025-01-20, 195X or 2025-03~"
)


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
                "dates before year 1 are not supported", "leave date out and keep the phrase in date_text"
            )
        return datetime.date(value.tm_year, value.tm_mon, value.tm_mday)
    return None


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
