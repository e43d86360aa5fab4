"""Charts that report clicks: the timeline and the undated strip show their figures with
:func:`chart`, and read which event was clicked with :func:`new_click`, and the period dragged
across the timeline with :func:`new_period`."""

from __future__ import annotations

from datetime import UTC, date, datetime

import plotly.graph_objects as go
import streamlit as st


def chart(fig: go.Figure, key: str, periods: bool = False) -> None:
    """Draw a timeline figure that reports clicks (read them with :func:`clicked`).

    The labels :func:`~app_pages.views.timeline_chart.base_figure` fitted for a chart of some
    width would overlap and spill over the lane names on a narrower one (a phone): there they are
    hidden, and hovering or tapping a marker names its event.

    With ``periods`` the toolbar offers Box Select: a box dragged with it is a period
    (:func:`new_period`), which the page draws anew. Plotly's zoom happens in the browser (the
    Timeline labels what it spreads apart there: :mod:`~app_pages.views.timeline_zoom`); and
    while Box Select is on, Streamlit lets clicks select nothing, so zoom stays the default and
    a click opens a card."""
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    if "fitted_labels" in meta:
        box = f".st-key-{key}"
        st.html(
            f"<style>{box} {{ container-type: inline-size; }} "
            f"@container (max-width: {int(meta['fitted_labels'])}px) {{ "
            f"{box} .infolayer .annotation:not(:has(.annotation-arrow-g)) "
            "{ display: none; } }</style>"
        )
    st.plotly_chart(
        fig,
        key=key,
        on_select="rerun",
        selection_mode=("points", "box") if periods else "points",
        width="stretch",
        config={
            "displaylogo": False,
            "scrollZoom": False,
            # one tab stop fewer: Reset axes does what Autoscale does on these charts
            "modeBarButtonsToRemove": [
                "lasso2d",
                "autoScale2d",
                *([] if periods else ["select2d"]),
            ],
        },
    )


def clicked(key: str) -> str | None:
    """The event id of the point a chart's selection holds (``None`` when nothing is selected).

    Read before drawing: the selection arrives in session state with the rerun the click caused.
    """
    value = st.session_state.get(key)
    try:
        points = value["selection"]["points"]  # dict access: a real click and AppTest alike
        if value["selection"].get("box"):
            return None  # the points of a dragged period (see dragged), not a click
    except (KeyError, TypeError, AttributeError):
        return None
    for point in points:
        data = point.get("customdata") if isinstance(point, dict) else None
        if data:
            return str(data[0] if isinstance(data, list | tuple) else data)
    return None


def changed(key: str, now: str | None) -> str | None:
    """``now`` if it differs from what ``key`` reported on the last run, else ``None``.

    Charts and tables keep reporting their last selection on every rerun; only a change is a
    new click.
    """
    seen_key = f"_{key}_seen"
    if now == st.session_state.get(seen_key):
        return None
    st.session_state[seen_key] = now
    return now


def new_click(key: str) -> str | None:
    """An event id clicked on a chart since the last run."""
    return changed(key, clicked(key))


def _day(value: object) -> str | None:
    """The ISO day of a date axis value Plotly reports ("2025-03-01 12:00:00.5", or ms)."""
    try:  # what a browser sends may be anything: a day, or nothing
        if isinstance(value, int | float):
            return datetime.fromtimestamp(value / 1000, tz=UTC).date().isoformat()
        return date.fromisoformat(str(value)[:10]).isoformat()
    except (ValueError, OverflowError, OSError):
        return None


def dragged(key: str) -> tuple[str, str] | None:
    """The days (first, last) of the period last dragged across a chart, or ``None``."""
    value = st.session_state.get(key)
    try:
        box = value["selection"]["box"][-1]["x"]
    except (KeyError, TypeError, IndexError, AttributeError):
        return None
    days = sorted(d for d in map(_day, box[:2]) if d) if isinstance(box, list | tuple) else []
    return (days[0], days[-1]) if len(days) == 2 else None


def new_period(key: str) -> tuple[str, str] | None:
    """A period dragged across a chart since the last run."""
    now = dragged(key)
    return now if changed(f"{key}_box", now and ",".join(now)) else None
