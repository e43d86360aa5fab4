"""The cards of the Relations page: an entity's (its best quoted relations and events), an
event's (date, quotes, who took part), each with a link to the page that shows it whole, and the
paths found between two nodes, hop by hop with their evidence."""

from __future__ import annotations

from html import escape

import streamlit as st

import graph
from app_pages import widgets
from app_pages.views.network_chart import NodeInfo, role_label

CARD_RELATIONS = 4


def entity_card(view: graph.GraphView, node: str, shown: set[str]) -> None:
    profile = graph.entity(view, node)
    st.markdown(f"#### {widgets.md_escape(profile.label)}")
    st.caption(widgets.md_escape(" · ".join(profile.types)))
    if profile.description:
        st.text(profile.description)
    links = [link for group in profile.relations for link in group.links]
    links.sort(key=lambda k: (k.other not in shown, not k.quotes, k.other_label.casefold()))
    quoted = False
    for link in links[:CARD_RELATIONS]:
        label = f"{link.label} ({link.title})" if link.title else link.label
        st.html(widgets.hop_html(profile.label, label, link.other_label))
        if link.quotes:
            quoted = True
            widgets.quote_compact(
                link.quotes[0], caption=widgets.certainty_note(link.certainty, link.stated_by)
            )
    if len(links) > CARD_RELATIONS:
        st.caption(f"{len(links) - CARD_RELATIONS} more relation(s) on the entity page.")
    if not quoted and profile.mentions:
        widgets.quote_compact(profile.mentions[0], caption="where the source names it")
    if profile.events:
        st.caption(f"Takes part in {len(profile.events)} event(s), e.g.:")
        for role in profile.events[:3]:
            st.html(
                widgets.hop_html(profile.label, f"took part as {role.role_label} in", role.label)
            )
    st.page_link(
        "app_pages/entity.py",
        label="Open the entity page",
        icon=":material/person:",
        query_params={"entity": profile.id},
    )


def event_card(view: graph.GraphView, node: str, info: NodeInfo) -> None:
    st.markdown(f"#### {widgets.md_escape(info.label)}")
    event = graph.event(view, node)
    when = f" · {event.date_text or event.edtf} ({event.edtf})" if event.edtf else ""
    st.caption(widgets.md_escape(f"event · {info.type_label}{when}"))
    note = widgets.certainty_note(event.certainty, event.stated_by_label)
    for q in event.quotes[:2]:
        widgets.quote_compact(q, caption=note)
    for p in event.participants:
        st.html(widgets.hop_html(p.label, f"took part as {p.role_label} in", info.label))
    if event.place:
        role = f"took part as {role_label(view, 'place')} in"
        st.html(widgets.hop_html(event.place_label, role, info.label))
    st.page_link(
        "app_pages/timeline.py",
        label="Show on the timeline",
        icon=":material/timeline:",
        query_params={"event": node},
    )


def path_list(found: list[graph.Path], view: graph.View) -> None:
    """Each path in an expander, hop by hop, with every quote behind every hop: a hop several
    sources claim says so and shows each source's quote."""
    for i, path in enumerate(found, start=1):
        hops = len(path)
        route = " → ".join([*(s.source_label for s in path.steps), path.steps[-1].target_label])
        with st.expander(
            f"Path {i} · {hops} hop{'s' if hops != 1 else ''}: {widgets.md_escape(route)}",
            expanded=i == 1,
        ):
            for step, quotes in zip(path.steps, graph.hop_quotes(view, path), strict=True):
                st.html(widgets.hop_html(step.source_label, step.label, step.target_label))
                note = widgets.certainty_note(step.certainty, step.stated_by)
                sources = list(dict.fromkeys(q.source for q in quotes))
                if len(sources) > 1:
                    note = f"{len(sources)} sources ({', '.join(sources)}) · {note}"
                if quotes:
                    for n, quote in enumerate(quotes):
                        widgets.quote_compact(quote, caption=note if n == 0 else "")
                elif step.evidence is not None:
                    widgets.quote_compact(step.evidence, caption=note)
                elif step.quote:
                    st.html(f"<blockquote>{escape(step.quote)}</blockquote>")
                    st.caption(note)
                else:
                    st.caption(f"No quote recorded for this hop ({note}).")
