"""Charts that report clicks: the timeline and the undated strip show their figures with
:func:`chart`, and read which event was clicked with :func:`new_click`."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st


def chart(fig: go.Figure, key: str) -> None:
    """Draw a timeline figure that reports clicks (read them with :func:`clicked`).

    The labels :func:`~app_pages.views.timeline_chart.base_figure` fitted for a chart of some
    width would overlap and spill over the lane names on a narrower one (a phone): there they are
    hidden, and hovering or tapping a marker names its event."""
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
        selection_mode="points",
        width="stretch",
        config={
            "displaylogo": False,
            "scrollZoom": False,
            "modeBarButtonsToRemove": ["select2d", "lasso2d"],
        },
    )


def clicked(key: str) -> str | None:
    """The event id of the point a chart's selection holds (``None`` when nothing is selected).

    Read before drawing: the selection arrives in session state with the rerun the click caused.
    """
    value = st.session_state.get(key)
    try:
        points = value["selection"]["points"]  # dict access: a real click and AppTest alike
    except (KeyError, TypeError):
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
