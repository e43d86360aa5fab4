"""Stories for a class: one step at a time in large type, with the timeline or network it shows.

A story (``data/stories/*.yaml``) is a list of steps; each has a heading, a short text, a view (a
timeline window, or the network or profile of one entity) and the events or entities to highlight.
The story and step live in the URL (``?story=…&step=N``); the arrow keys and the buttons move
between steps. ``&present=1`` is the presentation view for a projector (no sidebar, large type, the
step's chart and quotes side by side; Esc leaves it, F toggles full screen):
:mod:`app_pages.views.presentation`.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import streamlit as st

import graph
from app_pages import state, widgets
from app_pages.views import presentation
from app_pages.views.event_card import card_dialog
from app_pages.views.event_list import LIST_CSS, list_html
from app_pages.views.timeline_chart import (
    axis_day,
    event_links,
    family,
    figure,
    is_dated,
    placements,
)
from app_pages.views.timeline_clicks import changed, chart, clicked
from app_pages.views.timeline_legend import legend_html

if TYPE_CHECKING:  # annotations only: the stories come from state.data()
    from extract.stories import Step, Story


def _go(step: int) -> None:
    st.query_params["step"] = str(step)
    if "event" in st.query_params:
        del st.query_params["event"]


def _pick_story() -> None:
    st.query_params["story"] = st.session_state["story"]
    _go(1)


def _present(on: bool) -> None:
    if on:
        st.query_params["present"] = "1"
    elif "present" in st.query_params:
        del st.query_params["present"]


def _heading(story: Story, step: Step, present: bool = False) -> None:
    if present:
        st.html(
            f"<div class='tl-present-heading'>{escape(step.heading)}</div>"
            f"<div class='tl-present-text'>{escape(step.text)}</div>"
        )
        return
    st.html(
        "<div style='margin:.2em 0 .1em;color:#555;font-size:1.05em;letter-spacing:.02em'>"
        f"{escape(story.title)}</div>"
        f"<div style='font-size:2.6em;font-weight:700;line-height:1.15;margin:.15em 0 .35em'>"
        f"{escape(step.heading)}</div>"
        f"<div style='font-size:1.45em;line-height:1.5;max-width:60em;color:#222'>"
        f"{escape(step.text)}</div>"
    )


def _nav(number: int, total: int, where: str, title: str = "") -> None:
    """Previous/next buttons; the top pair also answers the arrow keys (presentation.py)."""
    left, mid, right = st.columns([1, 4, 1], vertical_alignment="center")
    left.button(
        "Previous",
        icon=":material/arrow_back:",
        key=f"prev-{where}",
        on_click=_go,
        args=(number - 1,),
        disabled=number <= 1,
        width="stretch",
    )
    right.button(
        "Next",
        icon=":material/arrow_forward:",
        icon_position="right",
        key=f"next-{where}",
        on_click=_go,
        args=(number + 1,),
        disabled=number >= total,
        type="primary",
        width="stretch",
    )
    prefix = f"{title} · " if title else ""
    mid.progress(number / total, text=f"{prefix}Step {number} of {total}")


def _timeline_step(view: graph.GraphView, step: Step, number: int, present: bool = False) -> None:
    # a lazy view (a large or remote store) gives at most a cap of events, the earliest
    try:
        window = graph.Window.of(step.start, step.end)
        found = graph.timeline_of(view, start=step.start, end=step.end)
    except graph.GraphError as exc:
        st.error(f"This step's time window cannot be shown: {exc}")
        return
    items = list(found.items)
    highlighted = graph.events(view, step.highlight)
    wanted = [h for h in step.highlight if h in highlighted]

    def starts_inside(item: graph.TimelineItem) -> bool:
        first = item.earliest or item.latest
        return bool(first) and (window.start or first) <= first <= (window.end or first)

    # the events that begin in the window, and the highlighted ones wherever they are
    dated = [i for i in items if starts_inside(i) or i.id in wanted]
    shown = {i.id for i in dated}
    dated += [highlighted[h] for h in wanted if h not in shown and is_dated(highlighted[h])]
    span = (
        (window.start, window.end)
        if all(starts_inside(highlighted[h]) for h in wanted if is_dated(highlighted[h]))
        else None
    )
    period = " to ".join(x for x in (step.start, step.end) if x) or "all dates"
    chart_box, words_box = (
        st.columns([3, 2], gap="large") if present else (st.container(), st.container())
    )
    with chart_box:
        _timeline_chart(view, dated, wanted, span, period, found, number, present)
    with words_box:
        if wanted:
            st.subheader("In the source's words", anchor=False)
            for ident in wanted:
                _event_quote(view, highlighted[ident])
        others = [h for h in step.highlight if h not in highlighted]
        if others:
            st.markdown("**Also in this step**")
            for ident in others:
                _entity_line(view, ident)
    # the card of the event in the URL: one drawn or highlighted here, else fetched by id
    known = {i.id: i for i in items} | highlighted
    event_id = state.param("event")
    if event_id and event_id not in known:
        known.update(graph.events(view, [event_id]))
    if event_id in known:
        card_dialog(view)


def _timeline_chart(
    view: graph.GraphView,
    dated: list[graph.TimelineItem],
    wanted: list[str],
    span: tuple[str, str] | None,
    period: str,
    found: graph.Timeline,
    number: int,
    present: bool,
) -> None:
    if not dated:
        st.info(f"No dated event falls in this step's window ({period}).")
    else:
        placed, lanes = placements(dated, "type")
        links = event_links(view, [i.id for i in dated])
        key = f"story-chart-{number}"
        selected = changed(key, clicked(key))
        if selected:
            st.query_params["event"] = selected
        fig = figure(
            placed,
            lanes,
            links=links,
            highlight=wanted,
            selected=state.param("event"),
            span=span,
        )
        if present:  # fits beside the quotes on a projector, in larger type
            fig.update_layout(height=min(fig.layout.height or 420, 430), font={"size": 15})
        chart(fig, key=key)
        st.html(
            legend_html(
                {family(i.type)[0] for i in dated},
                {e.predicate for e in links},
                several_sources=any(len(i.sources) > 1 for i in dated),
            )
        )
        st.caption(
            f"Events beginning in {period}; the highlighted ones are large and labelled. "
            "Each marker sits at the earliest possible day, its bar runs to the latest. Click any "
            "event for its card."
            + (
                f" Only the first {found.cap} events of this window are drawn."
                if found.capped
                else ""
            )
        )
        # the chart as text: every event drawn, in date order, each a link to its card
        ordered = sorted(dated, key=lambda i: (axis_day(i), i.label))
        with st.expander(f"The {len(ordered)} events of this step as a list (the chart as text)"):
            st.html(LIST_CSS + list_html(ordered, [], dict(st.query_params)))


def _event_quote(view: graph.GraphView, item: graph.TimelineItem) -> None:
    quotes = graph.event(view, item.id).quotes
    phrase = f" · “{item.date_text}”" if item.date_text else ""
    caption = f"{item.label} — {item.type_label}{phrase}"
    if quotes:
        widgets.quote_card(quotes[0], caption=caption)
    else:
        with st.container(border=True):
            st.html(f"<div><b>{escape(item.label)}</b><br>{escape(item.quote)}</div>")


def _entity_line(view: graph.GraphView, ident: str) -> None:
    try:
        prof = graph.entity(view, ident)
    except graph.GraphError:
        st.caption(f"Unknown: {widgets.md_escape(ident)}")
        return
    st.page_link(
        "app_pages/entity.py",
        label=f"{widgets.md_escape(prof.label)} ({widgets.md_escape(prof.type_label)})",
        query_params={"entity": prof.id},
        icon=":material/person:",
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _clip(text: str, limit: int = 170) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _network_step(view: graph.GraphView, step: Step) -> None:
    if not step.entity:
        st.info("This step names no entity to show.")
        return
    try:
        prof = graph.entity(view, step.entity)
        hood = graph.neighbors(view, prof.id, step.depth)
    except graph.GraphError as exc:
        st.error(f"This step's entity cannot be shown: {exc}")
        return
    highlight = set(step.highlight)
    left, right = st.columns([2, 3], gap="large")
    with left, st.container(border=True):
        colour = widgets.colour(prof.type)
        relations = sum(len(g.links) for g in prof.relations)
        st.html(
            f"<div style='font-size:.95em;color:#444'><span style='display:inline-block;"
            f"width:.8em;height:.8em;border-radius:50%;background:{colour};margin-right:.35em'>"
            f"</span>{escape(prof.type_label)}</div>"
            f"<div style='font-size:1.6em;font-weight:700;line-height:1.2;margin:.15em 0'>"
            f"{escape(prof.label)}</div>"
            + (
                f"<div style='color:#444'>also written {escape(', '.join(prof.aliases))}</div>"
                if prof.aliases
                else ""
            )
            + (
                f"<div style='font-size:1.1em;margin-top:.5em'>{escape(prof.description)}</div>"
                if prof.description
                else ""
            )
            + f"<div style='margin-top:.6em;color:#333'>{_plural(len(prof.events), 'event')} · "
            f"{_plural(relations, 'relation')} · "
            f"{_plural(len(prof.mentions), 'mention')} in the sources</div>"
        )
        st.page_link(
            "app_pages/relations.py",
            label="Open the network on the Relations page",
            icon=":material/hub:",
            query_params={"entity": prof.id},
        )
        st.page_link(
            "app_pages/entity.py",
            label="Open the full profile",
            icon=":material/person:",
            query_params={"entity": prof.id},
        )
        if prof.mentions:
            first = prof.mentions[0]
            st.html(
                f"<div style='margin-top:.4em;line-height:1.5'>{widgets.quote_html(first)}</div>"
            )
            st.page_link(
                "app_pages/reader.py",
                label="Read in context",
                icon=":material/article:",
                query_params={"source": first.source, "at": str(first.start)},
            )
    with right:
        nodes = {n.id: n for n in hood.nodes}
        groups: dict[str, dict[str, tuple[graph.Node, graph.Edge]]] = {}
        for e in hood.edges:
            if prof.id not in (e.source, e.target) or e.source == e.target:
                continue
            out = e.source == prof.id
            other = nodes.get(e.target if out else e.source)
            if other is None:
                continue
            verb = e.label if out else e.inverse_label
            groups.setdefault(verb, {}).setdefault(other.id, (other, e))
        direct = {n for g in groups.values() for n in g}
        further = [n for n in hood.nodes if n.distance > 1]
        st.markdown(
            f"**Linked to {widgets.md_escape(prof.label)}: {len(direct)}**"
            + (f" · {len(further)} more within {step.depth} steps" if further else "")
        )
        if not groups:
            st.info("The graph links nothing to this entity.")

        def order(verb: str) -> tuple[bool, str]:
            return (all(n.kind != "entity" for n, _ in groups[verb].values()), verb)

        for verb in sorted(groups, key=order):
            members = sorted(groups[verb].values(), key=lambda ne: ne[0].label.casefold())
            with st.container(border=True):
                st.caption(widgets.md_escape(f"{prof.label} {verb}"))
                for node, edge in members:
                    star = "★ " if node.id in highlight else ""
                    if node.kind == "entity":
                        page, params, icon = "app_pages/relations.py", {"entity": node.id}, "hub"
                    else:
                        page, params, icon = "app_pages/timeline.py", {"event": node.id}, "event"
                    st.page_link(
                        page,
                        label=f"{star}{widgets.md_escape(node.label)}",
                        query_params=params,
                        icon=f":material/{icon}:",
                        help=node.type_label,
                        width="stretch",
                    )
                    if edge.quote:
                        st.html(
                            "<div style='margin:-.5em 0 .3em 2.2em;color:#555;font-size:.9em'>"
                            f"“{escape(_clip(edge.quote))}”</div>"
                        )
        if highlight:
            st.markdown("**Highlighted in this step**")
            for ident in step.highlight:
                _entity_line(view, ident)


def main() -> None:
    app = state.data()
    view = app.view
    st.sidebar.caption(
        "Stories show their own views: the filters of the other pages do not apply here. "
        "Use ← and → to move between steps."
    )
    stories = {s.id: s for s in app.stories}
    if not stories:
        st.title("Stories", anchor=False)
        st.info("There is no story yet: add a YAML file to data/stories/ (see the curation guide).")
        return
    wanted = state.param("story")
    if wanted and wanted not in stories:
        st.warning(f"No story has the id {widgets.md_literal(wanted)}; showing the first one.")
    if st.session_state.get("story") not in stories:
        st.session_state["story"] = wanted if wanted in stories else next(iter(stories))
    elif wanted in stories and wanted != st.session_state["story"]:
        st.session_state["story"] = wanted  # the URL changed (a link, back/forward)
    story = stories[st.session_state["story"]]
    present = state.param("present") == "1"
    if not present:
        top = st.columns([3, 2, 1], vertical_alignment="bottom")
        top[0].selectbox(
            "Story",
            list(stories),
            key="story",
            format_func=lambda s: stories[s].title,
            on_change=_pick_story,
        )
        if story.description:
            top[1].caption(widgets.md_escape(story.description))
        top[2].button(
            "Present",
            icon=":material/slideshow:",
            key="present",
            on_click=_present,
            args=(True,),
            width="stretch",
        )
    total = len(story.steps)
    raw = state.param("step", "1")
    try:
        number = int(raw)
    except ValueError:
        number = 0
    if not 1 <= number <= total:
        st.warning(
            f"This story has steps 1 to {total}; {widgets.md_literal(raw)} is not one of them."
        )
        number = min(max(number, 1), total)
    state.set_params(story=story.id, step=str(number), present="1" if present else None)
    step = story.steps[number - 1]

    presentation.install_keys()
    if present:
        presentation.present_style()
        _nav(number, total, "top", title=story.title)
        _heading(story, step, present=True)
    else:
        _nav(number, total, "top")
        _heading(story, step)
    if step.view == "timeline":
        _timeline_step(view, step, number, present)
    else:
        _network_step(view, step)
    if present:
        leave, keys = st.columns([1, 3], vertical_alignment="center")
        leave.button(
            "Leave the presentation",
            icon=":material/close_fullscreen:",
            key=presentation.LEAVE,
            on_click=_present,
            args=(False,),
        )
        keys.caption("← → or a clicker's keys move between steps · Esc leaves · F: full screen")
        return
    st.divider()
    _nav(number, total, "bottom")


if __name__ == "__main__":
    main()
