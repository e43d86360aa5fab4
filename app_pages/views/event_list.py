"""The timeline as text: every event drawn, as a vertical list a keyboard, a screen reader and a
phone can use (:func:`list_html`), and a picker that opens an event's card (:func:`open_picker`).

The dated events come in date order under their year, the undated ones after them in the order
the source tells them. Each entry links to the event's card (the page's URL with ``event=``), so
Tab and Enter open one; on a phone the list takes the chart's place (:data:`PHONE_CSS`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from html import escape
from urllib.parse import urlencode

import streamlit as st

import graph
from app_pages.views.timeline_chart import family, short

PHONE_WIDTH = 640  # px: at or below it the list replaces the chart
CHART_KEY = "tl_chart"  # containers the page draws, shown or hidden by the viewport's width
NOTES_KEY = "tl_chart_notes"  # the chart's legend and how to read it
WIDE_LIST_KEY = "tl_list_wide"
PHONE_LIST_KEY = "tl_list_phone"
LIST_RULES = (
    ".tl-list { list-style: none; padding: 0; margin: 0; }"
    ".tl-list li { display: flex; gap: .6em; padding: .35em 0 .35em .7em; margin: 0;"
    " border-left: 3px solid var(--tl-colour, #555); }"
    ".tl-list .when { flex: 0 0 9.5em; color: #333; font-size: .9em; }"
    ".tl-list .what { flex: 1 1 auto; }"
    ".tl-list .kind { color: #333; font-size: .85em; }"
    ".tl-year { font-weight: 600; margin: .9em 0 .2em; }"
    "@media (max-width: 640px) { .tl-list li { flex-direction: column; gap: 0; } "
    ".tl-list .when { flex: none; } }"
)
LIST_CSS = f"<style>{LIST_RULES}</style>"  # the list's look, wherever it is drawn
PHONE_CSS = (  # and on the Timeline: the list in the chart's place on a phone
    "<style>"
    f"@media (max-width: {PHONE_WIDTH}px) {{ .st-key-{CHART_KEY}, .st-key-{NOTES_KEY},"
    f" .st-key-{WIDE_LIST_KEY} {{ display: none; }} }}"
    f"@media (min-width: {PHONE_WIDTH + 1}px) {{ .st-key-{PHONE_LIST_KEY} {{ display: none; }} }}"
    f"{LIST_RULES}</style>"
)


def event_href(params: Mapping[str, str], event: str) -> str:
    """A link to this page's URL (its other parameters kept) with ``event`` open."""
    query = {k: v for k, v in params.items() if k != "event"}
    query["event"] = event
    return "?" + urlencode(query)


def _short_day(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.day} {d:%b %Y}"


def when_text(item: graph.TimelineItem) -> str:
    """The date bounds, short: a day, a month, a year, or the first and last possible days."""
    lo, hi = item.earliest, item.latest
    if not lo and not hi:
        return "undated"
    if not lo or not hi:
        return f"from {_short_day(lo)}" if lo else f"until {_short_day(hi)}"
    if lo == hi:
        return _short_day(lo)
    a, b = date.fromisoformat(lo), date.fromisoformat(hi)
    if (a.day, b.month, b.year) == (1, a.month, a.year) and (b + timedelta(days=1)).day == 1:
        return f"{a:%b %Y}"
    if (a.month, a.day, b.month, b.day, a.year) == (1, 1, 12, 31, b.year):
        return str(a.year)
    return f"{_short_day(lo)} – {_short_day(hi)}"


def _entry(item: graph.TimelineItem, when: str, params: Mapping[str, str]) -> str:
    fam, colour = family(item.type)
    who = ", ".join(p.label for p in item.participants[:3])
    more = len(item.participants) - 3
    who += f" and {more} more" if more > 0 else ""
    return (
        f"<li style='--tl-colour:{colour}'>"
        f"<span class='when'>{escape(when)}</span>"
        f"<span class='what'><a href='{escape(event_href(params, item.id))}' target='_self'>"
        f"{escape(short(item.label, 140))}</a><br>"
        f"<span class='kind'>{escape(item.type_label)} ({escape(fam)})"
        + (f" · “{escape(item.date_text)}”" if item.date_text and item.earliest else "")
        + (f" · {escape(who)}" if who else "")
        + "</span></span></li>"
    )


def list_html(
    dated: Sequence[graph.TimelineItem],
    undated: Sequence[graph.TimelineItem],
    params: Mapping[str, str],
) -> str:
    """The events as HTML lists: dated ones by year in the order given, then the undated ones
    (give them in the order the source tells them), each linking to its card."""
    parts: list[str] = []
    year = ""
    open_list = False
    for item in dated:
        this = (item.earliest or item.latest)[:4]
        if this != year:
            if open_list:
                parts.append("</ul>")
            parts.append(f"<p class='tl-year'>{escape(this)}</p><ul class='tl-list'>")
            year, open_list = this, True
        parts.append(_entry(item, when_text(item), params))
    if open_list:
        parts.append("</ul>")
    if undated:
        parts.append(
            "<p class='tl-year'>No date the timeline can place, in the order the source tells "
            "them</p><ul class='tl-list'>"
        )
        parts.extend(_entry(i, "no date", params) for i in undated)
        parts.append("</ul>")
    return "".join(parts)


PICKER_KEY = "tl_open"


def _picked() -> None:
    chosen = st.session_state.get(PICKER_KEY)
    if chosen:
        st.query_params["event"] = chosen
    st.session_state[PICKER_KEY] = None


def open_picker(items: Sequence[graph.TimelineItem]) -> None:
    """A drop-down of the events drawn that opens the chosen one's card: the chart's markers
    by keyboard (Tab to it, type part of a name, Enter)."""
    labels = {i.id: f"{short(i.label, 90)} — {when_text(i)}" for i in items}
    st.selectbox(
        "Open an event's card",
        list(labels),
        key=PICKER_KEY,
        index=None,
        format_func=labels.get,
        placeholder="type part of an event's name",
        on_change=_picked,
        help="Every event of the chart and of the undated strip, in the same order; the list "
        "below the chart holds them too, as text.",
    )
