"""The Entity page's chart of an entity's events: a labelled row per event, its date as a range."""

from __future__ import annotations

from datetime import date, timedelta
from html import escape

import plotly.graph_objects as go

import graph
from app_pages import widgets
from app_pages.views.timeline_chart import plotly_text, short


def dates_of(e: graph.EventRole) -> str:
    """The event's date as each source naming this role gives it (EDTF and phrase, never a
    made-up day); one date when one source tells it."""
    if len(e.dates) > 1:
        return "; ".join(f"{d.source}: {graph.date_phrase(d)}" for d in e.dates)
    if not e.earliest and not any(d.earliest or d.latest for d in e.dates):
        return "no date given"
    if e.dates:
        return graph.date_phrase(e.dates[0])
    return (
        f"{e.edtf} (“{e.date_text}”)"
        if e.edtf and e.date_text
        else e.edtf or e.date_text or "undated"
    )


CHART_ROWS = 40  # dated events drawn, latest first; the table lists them all
ROW_LABEL = 58  # characters of an event's row label


def _latest(e: graph.EventRole) -> str:
    """The last possible day the sources give the event (its earliest when none says)."""
    return max((d.latest for d in e.dates if d.latest), default=e.earliest)


def events_figure(dated: list[graph.EventRole]) -> go.Figure:
    """One labelled row per event (name and role), a marker at its earliest possible day and a
    bar to its latest, so "In March" reads as the month it is; the latest :data:`CHART_ROWS`,
    oldest at the top."""
    rows = sorted(dated, key=lambda e: (e.earliest, e.label))[-CHART_ROWS:]
    names = [f"{short(e.label, ROW_LABEL)} ({e.role_label})" for e in rows]
    ys = list(range(len(rows)))
    fig = go.Figure()
    spans = [(e, y) for e, y in zip(rows, ys, strict=True) if _latest(e) > e.earliest]
    fig.add_trace(
        go.Scatter(
            x=[d for e, _y in spans for d in (e.earliest, _latest(e), None)],
            y=[v for _e, y in spans for v in (y, y, None)],
            mode="lines",
            line={"color": widgets.PALETTE["event"], "width": 4},
            opacity=0.5,
            hoverinfo="skip",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[e.earliest for e in rows],
            y=ys,
            mode="markers",
            marker={"size": 11, "color": widgets.PALETTE["event"]},
            text=[escape(e.label) for e in rows],
            customdata=[[escape(dates_of(e)), escape(", ".join(e.sources))] for e in rows],
            hovertemplate="%{text}<br>%{customdata[0]}<br>told by %{customdata[1]}<extra></extra>",
        )
    )
    fig.update_layout(
        height=70 + 26 * len(rows),
        margin={"l": 10, "r": 10, "t": 10, "b": 30},
        showlegend=False,
    )
    # Streamlit's chart theme draws ticks at 3.7:1; these are 12.6:1 on the white chart
    fig.update_xaxes(
        tickfont={"size": 13, "color": "#333333"},
        gridcolor="#dddddd",
        range=_padded([e.earliest for e in rows] + [_latest(e) for e in rows]),
        tickformat="%b %Y",
    )
    fig.update_yaxes(
        tickvals=ys,
        ticktext=[plotly_text(n) for n in names],
        range=[len(rows) - 0.5, -0.5],
        tickfont={"size": 13, "color": "#222222"},
        automargin=True,
        fixedrange=True,
    )
    return fig


def _padded(days: list[str]) -> list[str]:
    """The chart's date range: the events' span, at least a month wide on each side."""
    first, last = date.fromisoformat(min(days)[:10]), date.fromisoformat(max(days)[:10])
    pad = timedelta(days=max(30, (last - first).days // 20))
    return [(first - pad).isoformat(), (last + pad).isoformat()]
