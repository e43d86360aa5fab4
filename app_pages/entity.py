"""Entity profile: names, type, relations grouped by category, events, and every mention."""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

import graph
from app_pages import state, widgets
from app_pages.views.entity_chart import CHART_ROWS, dates_of, events_figure

app = state.data()
state.global_filters(app)
view = app.view

chosen = state.param("entity")
hits = []
st.title("Entity", anchor=False)
state.url_state("entity_search", "")
name = st.text_input("Look up an entity", key="entity_search", placeholder="a name or an alias")
if name.strip():
    hits = graph.search(view, name, limit=8, kinds=("entity",))
    if not hits:
        st.info(f"No entity is named like {widgets.md_literal(name)}.")
    else:
        pick = st.radio(
            "Matches",
            hits,
            format_func=lambda h: f"{h.label} ({h.type_label})",
            key="entity_pick",
            horizontal=True,
        )
        chosen = pick.id
if not chosen:
    st.info(
        "Choose an entity: search above, or open one from the Overview, a timeline card or "
        "the network."
    )
    st.stop()
try:
    profile = graph.entity(view, chosen)
except graph.GraphError as exc:
    st.error(f"{exc}")
    st.stop()
state.set_params(entity=profile.id)

st.header(profile.label, anchor=False)
st.markdown(
    f"**{profile.type_label}**"
    + (f" · also written {', '.join(profile.aliases)}" if profile.aliases else "")
)
if profile.description:
    st.text(profile.description)
links = st.columns(3)
links[0].page_link(
    "app_pages/relations.py",
    label="Show in the network",
    icon=":material/hub:",
    query_params={"entity": profile.id},
)
links[1].page_link(
    "app_pages/timeline.py",
    label="Show on the timeline",
    icon=":material/timeline:",
    query_params={"actor": profile.id},
)
if profile.wikidata:
    links[2].markdown(f"Wikidata: [{profile.wikidata}]({profile.wikidata_url})")

st.subheader("Relations", anchor=False)
if not profile.relations:
    st.caption("The source states no relation of this entity.")
for group in profile.relations:
    with st.expander(
        f"{group.category} ({len(group.links)})", expanded=len(profile.relations) <= 3
    ):
        for i, link in enumerate(group.links):
            c1, c2 = st.columns([2, 3])
            c1.markdown(f"{escape(profile.label)} — *{escape(link.label)}* →")
            if link.other_type == "event":
                c2.page_link(
                    "app_pages/timeline.py",
                    label=link.other_label,
                    query_params={"event": link.other},
                )
            else:
                c2.page_link(
                    "app_pages/entity.py",
                    label=link.other_label,
                    query_params={"entity": link.other},
                )
            details = [widgets.certainty_note(link.certainty, link.stated_by)]
            if link.title:
                details.append(f"as {link.title}")
            if link.start or link.end:
                details.append(f"{link.start or '…'} to {link.end or '…'}")
            shown = list(link.quotes[:2])
            if len(link.sources) > 1:  # corroborated: say so, and show each source's quote
                details.insert(0, f"{len(link.sources)} sources ({', '.join(link.sources)})")
                firsts = {q.source: q for q in reversed(link.quotes)}
                shown = [firsts[source] for source in link.sources if source in firsts]
            for quote in shown:
                widgets.quote_card(quote, caption="; ".join(details), key=f"{link.claim}-{i}")


st.subheader("Events", anchor=False)
if not profile.events:
    st.caption("The source reports no event with this entity.")
else:
    dated = [e for e in profile.events if e.earliest]
    if dated:
        st.plotly_chart(events_figure(dated), key="entity_events", config={"displayModeBar": False})
        if len(dated) > CHART_ROWS:
            st.caption(
                f"The chart shows the {CHART_ROWS} latest of {len(dated)} dated events; the "
                "table lists every event."
            )
    table = pd.DataFrame(
        [
            {
                # the date as each source gives it, with its year: EDTF and the phrase
                "date": dates_of(e),
                "event": e.label,
                "role": e.role_label,
                "type": e.type_label,
                "sources": ", ".join(e.sources),
                "id": e.event,
            }
            for e in profile.events
        ]
    )
    st.dataframe(table.drop(columns="id"), hide_index=True, width="stretch")

st.subheader(f"Mentions in the sources ({len(profile.mentions)})", anchor=False)
for i, mention in enumerate(profile.mentions):
    widgets.quote_card(mention, key=f"mention-{i}")

if profile.found:
    st.subheader(f"Also named in the sources, found by name ({len(profile.found)})", anchor=False)
    st.caption(
        "Places where a source writes this entity's name or an alias with no curated quote: "
        "found by a name search, not chosen by a curator, so they are not evidence of any claim."
    )
    rows = [
        {
            "source": f.source,
            "words": f.quote,
            "where": f"chars {f.start}–{f.end}",
            "open": "reader?" + urlencode({"source": f.source, "at": str(f.start)}),
        }
        for f in profile.found
    ]
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        width="stretch",
        column_config={"open": st.column_config.LinkColumn("read", display_text="in context")},
    )
