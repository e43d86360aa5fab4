"""Timeline: events on a time axis, fuzzy dates drawn as ranges; a click opens the event's card.

Lanes group the events by type or by actor; the chart is drawn by
:mod:`app_pages.views.timeline_chart` and the card by :mod:`app_pages.views.event_card`.

On a view that caps timelines (a large or remote store: ``view.timeline_cap``) the page asks only
for what it shows: without actors, the latest events of the window up to the cap (it says so when
the cap is reached); the actor picker offers the participants of those events and the most linked
entities, and a search finds any other.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import graph
from app_pages import state, widgets
from app_pages.views.event_card import card_dialog
from app_pages.views.event_list import (
    CHART_KEY,
    NOTES_KEY,
    PHONE_CSS,
    PHONE_LIST_KEY,
    WIDE_LIST_KEY,
    list_html,
    open_picker,
)
from app_pages.views.timeline_chart import (
    Placed,
    Positions,
    axis_day,
    base_figure,
    event_links,
    family,
    focus_start,
    is_dated,
    period_name,
    placements,
    ring,
    short,
)
from app_pages.views.timeline_clicks import changed, chart, new_click, new_period
from app_pages.views.timeline_legend import HOW_TO_READ, legend_html
from app_pages.views.timeline_zoom import zoom_labels
from app_pages.views.undated_strip import strip_figure, told

LANES = {"type": "Event type", "actor": "Actor"}
MOST_LINKED = 40  # on a capped view, the actor picker offers these most linked entities too
FIND_HITS = 6  # matches shown by the actor search of a capped view


# ------------------------------------------------------------------ the page
def _valid(key: str, options: Sequence[str], what: str) -> None:
    """Drop values the URL gave for a multiselect that are not among its options, saying so."""
    chosen = st.session_state.get(key) or []
    bad = [v for v in chosen if v not in options]
    if bad:
        st.session_state[key] = [v for v in chosen if v in options]
        st.warning(f"Ignored unknown {what} in the link: {', '.join(bad)}.")


def most_linked(view: graph.View, limit: int = MOST_LINKED) -> list[graph.Node]:
    """The entities with the most links (claims, roles, places), most first.

    A capped view's stand-in for "every participant" in the actor picker; computed once per view.
    """
    return _most_linked(view, id(view), limit)


@st.cache_resource(max_entries=4, show_spinner=False)
def every_event(_view: graph.GraphView, version: int) -> tuple[graph.TimelineItem, ...]:
    """Every event of a view of the whole store, dated and undated, once per graph version (the
    records are frozen, so sessions share them)."""
    return tuple(graph.timeline(_view, undated=True))


FIGURES = 32  # timeline figures kept, with and without a ring: a visitor cannot grow them


def timeline_figure(
    view: graph.GraphView,
    placed: Sequence[Placed],
    lanes: Sequence[str],
    links: Sequence[graph.Edge],
    selected: str | None,
    span: tuple[str, str] | None = None,
) -> go.Figure:
    """:func:`figure` of these placements with a ring around ``selected``, made once per graph
    version and drawing (a Plotly figure costs more to build than the rest of the page): the
    figure without a ring is kept, and a ringed copy of it per selected event. ``span`` (two ISO
    days) fixes the axis, as a date window in the URL asks."""
    key = (
        tuple((p.item.id, p.lane) for p in placed),
        tuple(lanes),
        tuple((e.source, e.target, e.key) for e in links),
        span,
    )
    return _ringed(view, placed, lanes, links, id(view), key, selected)


@st.cache_resource(max_entries=FIGURES, show_spinner=False)
def _base(
    _view: graph.GraphView,
    _placed: Sequence[Placed],
    _lanes: Sequence[str],
    _links: Sequence[graph.Edge],
    version: int,
    key: tuple,
) -> tuple[go.Figure, Positions]:
    told_twice = [p.item.id for p in _placed if len(p.item.sources) > 1]
    return base_figure(
        _placed,
        _lanes,
        links=_links,
        differ=graph.sources_differ(_view, told_twice),
        span=key[-1],
    )


@st.cache_resource(max_entries=FIGURES, show_spinner=False)
def _ringed(
    _view: graph.GraphView,
    _placed: Sequence[Placed],
    _lanes: Sequence[str],
    _links: Sequence[graph.Edge],
    version: int,
    key: tuple,
    selected: str | None,
) -> go.Figure:
    fig, where = _base(_view, _placed, _lanes, _links, version, key)
    if not selected or selected not in where:
        return fig
    return ring(go.Figure(fig), where, selected)  # the kept figure is shared: ring a copy


@st.fragment
def chart_and_card(
    view: graph.GraphView,
    chart_of: Callable[[str | None], go.Figure | None],
    strip: go.Figure | None,
    drawn: Sequence[graph.TimelineItem],
    shown: frozenset[str],
    outside: str,
) -> None:
    """The chart, the undated strip and the card of the event in the URL; ``chart_of(event)``
    gives the figure with a ring around that event (None: nothing dated to draw), ``strip`` the
    undated events by where the source tells them, ``drawn`` every event of both (a picker opens
    any of them by keyboard).

    A click on a marker (or a pick) reruns only this fragment, not the filters, the events or the
    undated table: the clicked event goes into the URL and its card opens. The card is drawn
    first, so the browser shows it while the chart is redrawn with its ring.
    """
    period = new_period("timeline")
    if period:  # dragged across the chart: that period becomes From and To, drawn anew
        state.ask_window(*period)
        st.rerun(scope="app")
    on_chart, on_strip = new_click("timeline"), new_click("undated_strip")
    click = on_chart or on_strip
    if click:
        state.set_params(event=click)
    event = state.param("event") or None
    if event:
        card_dialog(view, shown, outside=outside)
    if drawn:
        with st.container(key="tl_picker"):
            open_picker(drawn)
    fig = chart_of(event)
    with st.container(key=CHART_KEY):
        if fig is not None:
            chart(fig, key="timeline", periods=True)
            zoom_labels()
        if strip is not None:
            st.markdown(
                "**Events without a date** (■ squares), placed by where the source tells them"
            )
            chart(strip, key="undated_strip")


@st.cache_resource(max_entries=4, show_spinner=False)
def _most_linked(_view: graph.View, version: int, limit: int) -> list[graph.Node]:
    return [node for node, _links in graph.most_linked(_view, limit)]


def _add_actor(ident: str) -> None:
    chosen = list(st.session_state.get("actor") or [])
    if ident not in chosen:
        chosen.append(ident)
    st.session_state["actor"] = chosen
    st.session_state["actor_find"] = ""


def _find_actor(view: graph.View, where: Any) -> None:
    """A search box whose matches add an entity to the actors (on a large graph the picker offers
    only some of them)."""
    query = where.text_input(
        "Find another actor",
        key="actor_find",
        placeholder="type a name, an alias or part of one",
        help="Fuzzy search over every entity of the graph: accents, case and small misspellings "
        "do not matter. Click a match to add it to the actors.",
    )
    if not query.strip():
        return
    chosen = set(st.session_state.get("actor") or [])
    hits = graph.search(view, query, kinds=("entity",), limit=FIND_HITS + len(chosen))
    hits = [h for h in hits if h.id not in chosen][:FIND_HITS]
    if not hits:
        where.caption("No other entity is named like this.")
        return
    row = where.container(horizontal=True, gap="small")
    for h in hits:
        row.button(
            f"{short(h.label, 60)} ({h.type_label})",
            key=f"actor-add-{h.id}",
            on_click=_add_actor,
            args=(h.id,),
            icon=":material/add:",
            help="Add to the actors",
            width="content",
        )


def main() -> None:
    app = state.data()
    filters = state.global_filters(app)
    view = app.view
    vocab = view.vocabulary
    # a view that caps timelines (a large or remote store) fetches only what is asked: no list
    # of every event, and a timeline without actors holds at most the cap (the result says so)
    capped_view = view.timeline_cap is not None

    st.title("Timeline", anchor=False)
    st.html(PHONE_CSS)  # before the chart: a phone never sees it drawn before it is hidden
    everything = [] if capped_view else every_event(view, id(view))

    def type_ok(type_name: str) -> bool:
        return not filters.types or any(vocab.is_a(type_name, t) for t in filters.types)

    # ---- controls (state in the URL); the values are read before the widgets are drawn, since
    # on a capped view the actors offered come from the events found
    participants: dict[str, graph.Participant] = {}
    counts: Counter[str] = Counter()
    for it in everything:
        for p in {q.id: q for q in it.participants}.values():
            participants.setdefault(p.id, p)
            counts[p.id] += 1
    state.url_state("actor", [], state.split)
    # actors not among the participants: entities without events of their own (linked ones may
    # be), or, on a capped view, outside the events found
    missing = [a for a in st.session_state.get("actor") or [] if a not in participants]
    for n in graph.nodes(view, missing).values() if missing else ():
        if n.kind == "entity":
            participants[n.id] = graph.Participant(n.id, n.label, n.type, "", "")
    _valid("actor", list(participants), "actor")
    if capped_view:  # every event type of the vocabulary: which are present needs every event
        present_types = sorted(app.event_types, key=lambda t: t[1])
    else:
        present_types = sorted({(i.type, i.type_label) for i in everything}, key=lambda t: t[1])
    type_labels = dict(present_types)
    state.url_state("etype", [], state.split)
    _valid("etype", list(type_labels), "event type")
    state.url_state("lane", "type")
    if st.session_state["lane"] not in LANES:
        st.session_state["lane"] = "type"
    state.url_state("related", False, lambda s: s == "1")
    actors: list[str] = list(st.session_state.get("actor") or [])
    etypes: list[str] = list(st.session_state.get("etype") or [])
    related = bool(actors and st.session_state.get("related"))

    # ---- the events
    start, end = filters.window
    problem = ""
    try:
        # without actors, a large graph gives the latest events of the window (a news corpus is
        # about its present)
        result = graph.timeline_of(
            view,
            actors,
            types=etypes or None,
            start=start,
            end=end,
            source=filters.source or None,
            include_related=related,
            undated=True,
            latest=True,
            participant_types=filters.types or None,
        )
    except graph.GraphError as exc:
        problem = str(exc)
        result = graph.Timeline(())
    items = list(result.items)
    capped, cap = result.capped, result.cap
    found_by = dict(result.found_by)

    if capped_view:  # the participants of the events found, and the most linked entities
        for it in items:
            for p in it.participants:
                participants.setdefault(p.id, p)
        for n in most_linked(view):
            participants.setdefault(n.id, graph.Participant(n.id, n.label, n.type, "", ""))
    # only entities that act (people, organizations, countries): not laws, articles or ideas
    actor_options = sorted(
        (
            a
            for a, p in participants.items()
            if (type_ok(p.type) and graph.is_actor(view, p.type)) or a in actors
        ),
        key=lambda a: participants[a].label.casefold(),
    )

    c1, c2, c3 = st.columns([4, 3, 2])
    c1.multiselect(
        "Actors",
        actor_options,
        key="actor",
        format_func=(
            (lambda a: participants[a].label)
            if capped_view
            else (lambda a: f"{participants[a].label} ({counts[a]})")
        ),
        placeholder="type a name: all actors",
        # typing a name and Enter adds the best match, never every match at once
        select_all=False,
        filter_mode="contains",
        help=(
            "Only the events these entities take part in. Offered: the participants of the "
            "events shown and the most linked entities; find any other below."
            if capped_view
            else "Only the events these entities take part in (the number is their events)."
        ),
    )
    if capped_view:
        _find_actor(view, c1)
    c2.multiselect(
        "Event types",
        list(type_labels),
        key="etype",
        format_func=lambda t: type_labels.get(t, t),
        placeholder="all event types",
    )
    lane = c3.radio("Lanes by", list(LANES), key="lane", format_func=LANES.get, horizontal=True)
    if actors:
        st.checkbox("Also the events of entities directly linked to these actors", key="related")
    if problem:
        st.error(f"The filters could not be applied: {problem}")

    dated = [i for i in items if is_dated(i)]
    undated = [i for i in items if not is_dated(i)]
    # the undated events in the order their sources tell them: that is their place
    order = graph.told_order(view, [i.id for i in undated])
    rank = {e: n for n, (e, _src, _at) in enumerate(order)}
    undated.sort(key=lambda i: (rank.get(i.id, len(rank)), i.label.casefold()))

    # the events a card can show: those found, and any other asked for by id
    known = {i.id: i for i in [*everything, *items]}

    def event_of(ident: str) -> graph.TimelineItem | None:
        if ident and ident not in known:
            known.update(graph.events(view, [ident]))
        return known.get(ident)

    if capped:
        st.info(
            f"Showing the latest {cap} dated events"
            + (" of this window" if start or end else "")
            + " — set the dates in the sidebar or choose actors to see the others."
        )

    # ---- period: most events of a corpus like this one are recent, a few reach far back
    pivot = focus_start(dated)
    period = "all"
    # a From in the sidebar sets the axis; a To alone keeps the period (up to that day)
    if pivot is not None and not start:
        recent = [i for i in dated if axis_day(i) >= pivot.isoformat()]
        first = min(date.fromisoformat(axis_day(i)) for i in dated)
        last = max(date.fromisoformat(axis_day(i)) for i in dated)
        wanted = event_of(state.param("event"))
        default = "recent"
        if actors:  # an actor's events, whenever they happened
            default = "all"
        if wanted is not None and is_dated(wanted) and axis_day(wanted) < pivot.isoformat():
            default = "all"
        state.url_state("period", default)
        # picking actors widens the period to all their events (the user may narrow it again)
        if (
            actors
            and not st.session_state.get("_period_actors")
            and "period" not in st.query_params
        ):
            st.session_state["period"] = "all"
        st.session_state["_period_actors"] = bool(actors)
        if st.session_state["period"] not in ("recent", "all"):
            st.session_state["period"] = default
        names = {
            "recent": f"{period_name(pivot)} ({len(recent)} events)",
            "all": f"All dates, {first.year}–{last.year} ({len(dated)} events)",
        }
        period = (
            st.segmented_control(
                "Period", ["recent", "all"], key="period", format_func=names.get, required=True
            )
            or "recent"
        )
        if period == "recent":
            dated = recent
        state.set_params(
            period=period if period != default or "period" in st.query_params else None
        )
    if start or end:  # a period dragged on the chart or typed in the sidebar: a way back
        # non-breaking hyphens: on a phone the label wraps between the dates, not inside one
        shown_dates = f"{start or '…'} to {end or '…'}".replace("-", "\u2011")
        st.button(
            f"Show every date again (now {shown_dates})",
            key="tl_all_dates",
            icon=":material/close:",
            on_click=state.ask_window,
            args=(None, None),
            help="Clears From and To in the sidebar.",
        )

    state.set_params(
        actor=actors,
        etype=etypes,
        lane=lane if lane != "type" else None,
        related="1" if related else None,
    )

    # ---- which event is open: a row of the undated table, else the URL (a click on the chart
    # is read by the chart's fragment)
    selected = state.param("event") or None
    try:
        row = st.session_state["undated"]["selection"]["rows"][0]
        picked = undated[row].id
    except (KeyError, IndexError, TypeError):
        picked = None
    click = changed("undated", picked)
    if click:
        selected = click
    if selected and event_of(selected) is None:
        st.warning(
            f"No event has the id {widgets.md_literal(selected)}; the link may be out of date."
        )
        selected = None
    state.set_params(event=selected)

    # ---- draw
    if not dated and not undated:
        st.info(
            "No event matches these filters. Remove an actor or an event type, or widen the date "
            "window in the sidebar."
        )
    elif not dated:
        st.info("No dated event matches these filters; the undated ones are listed below.")
    placed: list[Placed] = []
    lanes: list[str] = []
    links: list[graph.Edge] = []
    if dated:
        placed, lanes = placements(
            dated,
            lane,
            actors,
            found_by,
            actor_ok=lambda p: type_ok(p.type),
            names={a: p.label for a, p in participants.items()},
        )
        if lane == "actor" and not actors:
            st.caption(
                f"Lanes: the {len([n for n in lanes if n != 'other actors'])} actors with the "
                "most events shown; "
                "choose actors above for others."
            )
        if not filters.categories or "event" in filters.categories:
            links = event_links(view, [i.id for i in dated])

    span = None  # every date up to a To alone: the axis leaves out empty centuries (no span)
    if dated and (start or end) and (start or period != "all"):
        days = [d for i in dated for d in (i.earliest, i.latest) if d]
        span = (str(start) if start else min(days), str(end) if end else max(days))

    def chart_of(event: str | None) -> go.Figure | None:
        return timeline_figure(view, placed, lanes, links, event, span) if placed else None

    titles = {s: m.title for s, m in app.sources.items()}
    lengths = {s: len(t) for s, t in view.texts.items()}
    in_text = told(undated, order, lengths)
    told_at = {t.item.id: t.at for t in in_text}
    strip = strip_figure(in_text, titles) if in_text else None
    chart_and_card(
        view,
        chart_of,
        strip,
        [*dated, *undated],
        frozenset(i.id for i in items),
        (
            f"This event is not among the latest {cap} events drawn."
            if capped
            else "This event is outside the current filters."
        ),
    )
    notes = st.container(key=NOTES_KEY)
    if dated:
        differing = graph.sources_differ(view, [i.id for i in dated if len(i.sources) > 1])
        notes.html(
            legend_html(
                {family(i.type)[0] for i in dated},
                {e.predicate for e in links},
                several_sources=any(len(i.sources) > 1 and i.id not in differing for i in dated),
                sources_differ=bool(differing),
            )
        )
        notes.caption(
            f"{len(dated)} dated event{'' if len(dated) == 1 else 's'} in {len(lanes)} "
            f"lane{'' if len(lanes) == 1 else 's'}"
            + (f", {len(links)} links between them" if links else "")
            + ". Hover a marker for its date, click it for its card; drag across a period to "
            "zoom in (the events it spreads apart are labelled where there is room), "
            "double-click to zoom out. To draw a period anew, choose Box Select in the chart's "
            "toolbar and drag across it (its dates go into From and To in the sidebar). "
            + HOW_TO_READ
        )

    # the chart as text: on a phone in its place, on a wide screen folded under it
    if dated or undated:
        listing = list_html(dated, undated, dict(st.query_params))
        with st.container(key=PHONE_LIST_KEY):
            st.html(listing)
        with (
            st.container(key=WIDE_LIST_KEY),
            st.expander(f"All {len(dated) + len(undated)} events as a list (the chart as text)"),
        ):
            st.html(listing)

    if undated:
        st.header(f"Events without a date ({len(undated)})", anchor=False)
        st.caption(
            "The source gives no date the timeline can place; they are listed in the order the "
            "source tells them (the strip above places them in the text). Click a row for its "
            "card. The date window does not apply to them."
            + (f" More may lie beyond the latest {cap} events." if capped else "")
        )
        table = pd.DataFrame(
            {
                "event": [i.label for i in undated],
                "type": [i.type_label for i in undated],
                "told": [
                    f"{told_at[i.id]:.0f}% into the text" if i.id in told_at else ""
                    for i in undated
                ],
                "participants": [", ".join(p.label for p in i.participants) for i in undated],
                "sources": [", ".join(i.sources) for i in undated],
            }
        )
        st.dataframe(
            table,
            key="undated",
            on_select="rerun",
            selection_mode="single-row",
            hide_index=True,
            width="stretch",
            height=min(420, 35 * (len(undated) + 1) + 3),
        )


if __name__ == "__main__":
    main()
