"""The Relations page's controls that live in the URL: seeding widgets from it, and the time
control (its stops are where the dated events are, a week apart, with everything older at the
first)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import streamlit as st

import graph
from app_pages import state

TIMES = {"all": "All dates", "asof": "As of a date", "window": "Within a window"}


@dataclass(frozen=True)
class TimeChoice:
    """The time control's mode and the window left with the sidebar's dates (None = empty)."""

    mode: str
    window: tuple[str | None, str | None] | None


# ------------------------------------------------------------------ URL state
def seed(key: str, name: str, default: Any, parse: Callable[[str], Any] = str) -> None:
    """Seed a widget from the URL parameter ``name`` once, before it is drawn."""
    if key in st.session_state:
        return
    raw = st.query_params.get(name)
    value = default
    if raw is not None:
        try:
            value = parse(raw)
        except (ValueError, TypeError):
            value = default
    st.session_state[key] = value


def choices(options: Iterable[str]) -> Callable[[str], list[str]]:
    allowed = list(options)

    def parse(raw: str) -> list[str]:
        return [] if raw == "none" else [v for v in state.split(raw) if v in allowed]

    return parse


def bounded(lo: int, hi: int) -> Callable[[str], int]:
    return lambda raw: min(hi, max(lo, int(raw)))


def _clamp(day: date, lo: date, hi: date) -> date:
    return min(hi, max(lo, day))


def _day(lo: date, hi: date) -> Callable[[str], date]:
    return lambda raw: _clamp(date.fromisoformat(raw), lo, hi)


def _days(lo: date, hi: date) -> Callable[[str], tuple[date, date]]:
    def parse(raw: str) -> tuple[date, date]:
        a, b = (_clamp(date.fromisoformat(v), lo, hi) for v in raw.split(","))
        return (a, b) if a <= b else (b, a)

    return parse


def _stops(app: state.AppData) -> list[date]:
    """The time control's stops: one for everything before the years where the dated events
    are, then every Sunday of those years up to the latest event the sources can report (not
    after the newest one's publication), and that day. An arrow key moves one week."""
    newest = max((str(m.published) for m in app.sources.values() if m.published), default="")
    span = graph.time_span(app.view, until=newest)
    if span is None:
        lo, hi = app.span or (date(1900, 1, 1), date.today())
        return [lo, hi] if lo < hi else [lo]
    start, end = date.fromisoformat(span[0]), date.fromisoformat(span[1])
    stops = [start - timedelta(days=1)]
    day = start + timedelta(days=(6 - start.weekday()) % 7)
    while day < end:
        stops.append(day)
        day += timedelta(days=7)
    return [*stops, end]


def _stop_text(stops: list[date]) -> Callable[[date], str]:
    first = stops[0]
    return lambda d: f"before {first.year + 1}" if d == first else f"{d.day} {d:%b %Y}"


def _within(stops: list[date], *days: date) -> list[date]:
    """``stops`` with ``days`` (from the URL) added, kept between the first and the last."""
    return sorted({*stops, *(_clamp(d, stops[0], stops[-1]) for d in days)})


def time_control(app: state.AppData, filters: state.Filters) -> TimeChoice:
    """Draw the time control; return the window it and the sidebar's dates leave."""
    stops = _stops(app)
    lo, hi = stops[0], stops[-1]
    seed("rel_time", "time", "all", lambda raw: raw if raw in TIMES else "all")
    # seeded into keys of their own and passed as values: a select_slider seeded through its own
    # key does not know it is a range and returns a single day
    seed("rel_at_v", "at", hi, _day(lo, hi))
    seed("rel_window_v", "window", (lo, hi), _days(lo, hi))
    # a day from the URL becomes a stop of its own (a widget's state cannot be read before it
    # is drawn: it holds the positions of the options, not their values)
    url_days = []
    for raw in (state.param("at"), *state.params("window")):
        try:
            url_days.append(date.fromisoformat(raw))
        except ValueError:
            continue
    options = _within(stops, *url_days)
    text = _stop_text(stops)
    left, middle, right = st.columns([1.1, 3, 2.2], vertical_alignment="bottom")
    mode = left.selectbox("Time", list(TIMES), format_func=TIMES.get, key="rel_time")
    start, end = filters.start, filters.end
    if mode == "asof":
        at = middle.select_slider(
            "Show the network as of",
            options,
            value=_clamp(st.session_state["rel_at_v"], lo, hi),
            key="rel_at",
            format_func=text,
            help="Events up to this day and relations that had begun by then. The first stop "
            "holds everything older; arrow keys move one week.",
        )
        st.session_state["rel_at_v"] = at
        end = min(end, at) if end else at
        state.set_params(time=mode, at=at.isoformat())
    elif mode == "window":
        a, b = middle.select_slider(
            "Show the network within",
            options,
            value=tuple(_clamp(d, lo, hi) for d in st.session_state["rel_window_v"]),
            key="rel_window",
            format_func=text,
            help="Events and relations whose dates overlap this window. The first stop holds "
            "everything older; arrow keys move one week.",
        )
        st.session_state["rel_window_v"] = (a, b)
        if a != lo:  # from the first stop: everything older too
            start = max(start, a) if start else a
        end = min(end, b) if end else b
        state.set_params(time=mode, window=[a.isoformat(), b.isoformat()])
    else:
        # said in words, not as a greyed-out slider: its faded label could not be read (WCAG)
        middle.markdown(
            f"All dates: choose *As of a date* or *Within a window* to see the network at a "
            f"time ({text(lo)} to {text(hi)}, a stop a week)."
        )
        state.set_params(time=None)
    right.caption(
        "Relations and events dated outside the time chosen are **hidden**; undated ones always "
        "show." + (" The sidebar's dates apply too." if filters.start or filters.end else "")
    )
    if start and end and end < start:
        return TimeChoice(mode, None)
    return TimeChoice(
        mode, (start.isoformat() if start else None, end.isoformat() if end else None)
    )
