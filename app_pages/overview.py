"""Overview: what the corpus holds, who is most connected, and a search that opens an entity."""

from __future__ import annotations

from urllib.parse import quote

import pandas as pd
import streamlit as st

import graph
from app_pages import state, widgets

COMMUNITIES = 6  # groups shown
MEMBERS = 12  # names shown per group


def community_links(group: graph.Community, limit: int = MEMBERS) -> str:
    """The group's members, best linked first, each a link to its Entity page (markdown)."""
    names = dict(zip(group.members, group.labels, strict=True))
    shown = [
        f"[{widgets.md_escape(names[m])}](entity?entity={quote(m, safe='')})"
        for m in group.leading[:limit]
    ]
    more = len(group) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


app = state.data()
filters = state.global_filters(app)
view, stats = app.view, app.stats

st.title("Threadline", anchor=False)
st.caption(
    "A knowledge graph of what sources claim — every entity, event and relation with the "
    "quote it rests on."
)
SHOWN_SOURCES = 5
for meta in list(app.sources.values())[:SHOWN_SOURCES]:
    st.markdown(
        f"**Source:** {widgets.md_escape(meta.title)} — *{widgets.md_escape(meta.publication)}*, "
        f"{meta.published}"
        if meta.publication
        else f"**Source:** {widgets.md_escape(meta.title)}, {meta.published}"
    )
if len(app.sources) > SHOWN_SOURCES:
    st.caption(
        f"… and {len(app.sources) - SHOWN_SOURCES:,} more sources (the Reader lists them all)."
    )

cols = st.columns(5)
span = f"{app.span[0].year}–{app.span[1].year}" if app.span else "—"
for col, (label, value) in zip(
    cols,
    [
        ("Entities", stats.entities),
        ("Events", stats.events),
        ("Relations", stats.claims),
        ("Quoted spans", stats.anchors),
        ("Date span", span),
    ],
    strict=True,
):
    col.metric(label, f"{value:,}" if isinstance(value, int) else value)

st.header("Find an entity or event", anchor=False)
state.url_state("q", "")
query = st.text_input(
    "Name, alias or part of one (accents and case do not matter)",
    key="q",
    placeholder="e.g. ozturk, I.C.E., Khalil arrest",
)
state.set_params(q=query.strip())
if query.strip():
    hits = graph.search(view, query, limit=12)
    if not hits:
        st.info(f"Nothing in the graph is named like {widgets.md_literal(query)}.")
    for hit in hits:
        target = "app_pages/entity.py" if hit.kind == "entity" else "app_pages/timeline.py"
        params = {"entity": hit.id} if hit.kind == "entity" else {"event": hit.id}
        c1, c2 = st.columns([3, 2])
        c1.page_link(
            target,
            label=f"{hit.label}",
            query_params=params,
            icon=":material/person:" if hit.kind == "entity" else ":material/event:",
        )
        note = f" (matched “{hit.matched}”)" if hit.matched != hit.label else ""
        c2.caption(f"{hit.type_label}{note}")

left, right = st.columns([3, 2])
with left:
    st.header("Most connected actors", anchor=False)
    types = list(filters.types) or None
    scores = graph.centrality(view, kind="pagerank", types=types, limit=15)
    among = graph.centrality(view, kind="pagerank", limit=1)  # cached: says what was ranked
    st.caption(
        "PageRank over the relation and participation network: an actor ranks high when "
        "it is linked to other well-linked actors."
        + (
            f" This graph is large, so the ranking is computed among the {among[0].among} "
            "most linked entities and events."
            if among and among[0].among
            else ""
        )
    )
    if not scores:
        st.info("No actor matches the type filter.")
    for score in scores:
        c1, c2, c3 = st.columns([1, 6, 3])
        c1.markdown(f"**{score.rank}**")
        c2.page_link("app_pages/entity.py", label=score.label, query_params={"entity": score.id})
        c3.caption(f"{score.type_label} · {score.score:.3f}")
with right:
    st.header("Entities by type", anchor=False)
    counts = pd.DataFrame(stats.by_type, columns=["type", "entities"])
    st.dataframe(counts, hide_index=True, width="stretch", height=35 * (len(counts) + 1) + 3)
    st.header("Events by type", anchor=False)
    counts = pd.DataFrame(stats.by_event_type, columns=["type", "events"])
    st.dataframe(counts, hide_index=True, width="stretch", height=35 * min(len(counts) + 1, 12) + 3)

st.header("Communities", anchor=False)
found = graph.communities(view, types=graph.ACTOR_TYPES)
among = found[0].among if found else None
st.caption(
    "Groups of actors (people, organizations, countries) that share more events with each other "
    "than with the rest (Louvain over the actor network"
    + (f", among the {among} most linked entities and events)" if among else ")")
    + ". Each group is named by its best-linked members; every name opens its entity."
)
groups = [c for c in found if len(c) >= 3][:COMMUNITIES]
cols = st.columns(3)
for i, group in enumerate(groups):
    with cols[i % 3], st.container(border=True, key=f"community-{group.index}"):
        st.markdown(f"**{widgets.md_escape(' · '.join(group.leading_labels(3)))}**")
        st.caption(f"{len(group)} actors, best linked first")
        st.markdown(community_links(group))
        lead, *rest = group.leading[:3]
        st.page_link(
            "app_pages/relations.py",
            label="Relations of the first three",
            query_params={"entity": lead, "expand": ",".join(rest)},
            icon=":material/hub:",
            help="The relations of the group's three best-linked members",
        )
