"""Data: every export for download, the validation and coverage reports, how the graph was built."""

from __future__ import annotations

import io
import zipfile

import streamlit as st

import graph
from app_pages import state, widgets

app = state.data()
state.global_filters(app)
view = app.view

st.title("Data", anchor=False)
if app.coverage or app.stories or "built from" in app.origin:
    st.caption(
        f"Built from the data folder “{state.data_folder().name}” in {app.build_ms:.0f} ms: "
        f"{app.stats.triples:,} triples in {app.stats.graphs} graphs (one per source and one of "
        "the names found by name in it, plus the vocabulary). Every "
        "curation file validated and every quote anchored, or the app would show the problems "
        "instead; the SHACL shapes are checked by `threadline build` and the tests."
    )
else:
    st.caption(
        f"The graph was {widgets.md_escape(app.origin)} in {app.build_ms:,.0f} ms: "
        f"{app.stats.triples:,} triples in {app.stats.graphs} graphs."
    )
if app.view.describe:  # a view that does not hold the whole graph says how it fetches
    st.info(
        f"This graph is large ({app.stats.triples:,} triples), so pages fetch only what they "
        "show. The GraphML, GEXF, TimelineJS and CSV exports need the whole network: preparing "
        "one reads the whole graph into memory once, which takes seconds and about 1 GB at a "
        "million triples. The RDF exports are written by the store directly."
    )

FORMATS = {
    "trig": ("TriG (RDF, one named graph per source)", "graph.trig", "application/trig"),
    "nquads": ("N-Quads (RDF)", "graph.nq", "application/n-quads"),
    "turtle": ("Turtle (RDF, all graphs merged)", "graph.ttl", "text/turtle"),
    "jsonld": ("JSON-LD (RDF)", "graph.jsonld", "application/ld+json"),
    "graphml": ("GraphML (Gephi, yEd, Cytoscape)", "graph.graphml", "application/xml"),
    "gexf": ("GEXF (Gephi)", "graph.gexf", "application/xml"),
    "timelinejs": ("TimelineJS (JSON)", "timeline.json", "application/json"),
}


@st.cache_data(show_spinner="Preparing the export…", max_entries=16)
def export(fmt: str, version: int) -> bytes:
    return graph.export_text(view, fmt).encode("utf-8")


@st.cache_data(show_spinner="Preparing the tables…", max_entries=4)
def tables(version: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in graph.csv_tables(view).items():
            archive.writestr(name, text)
    return buffer.getvalue()


version = app.stats.triples
st.header("Downloads", anchor=False)
for fmt, (label, name, mime) in FORMATS.items():
    c1, c2 = st.columns([3, 1])
    c1.markdown(label)
    # each switch is named for its format, so a screen reader tells the eight apart
    short = label.partition(" (")[0]
    prepare = f"Prepare the {short} download"
    if c2.toggle(prepare, key=f"prep-{fmt}", label_visibility="collapsed"):
        try:
            payload = export(fmt, version)
        except graph.GraphError as exc:  # e.g. RDF exports of a graph on a SPARQL server
            c2.error(str(exc))
            continue
        c2.download_button(f"{name}", payload, file_name=name, mime=mime, key=f"dl-{fmt}")
c1, c2 = st.columns([3, 1])
c1.markdown("CSV tables: entities, relations with quotes, events with participants (zip)")
if c2.toggle("Prepare the CSV tables download", key="prep-csv", label_visibility="collapsed"):
    c2.download_button(
        "tables.zip",
        tables(version),
        file_name="threadline-tables.zip",
        mime="application/zip",
        key="dl-csv",
    )
st.caption("Switch a format on to prepare it; then download it.")

st.header("Coverage of the curation", anchor=False)
st.caption(
    "What the curation has not reached: names, date expressions and paragraphs "
    "(`threadline coverage`). *By name* counts the reached names that only a mention found by "
    "name covers (a label or alias in the text, no curated quote there): derived, not evidence. "
    "Deliberate skips are listed, with reasons, in data/curation/ignore.yaml."
)
if app.coverage:
    st.code(app.coverage, language=None, wrap_lines=True)  # no sideways scroll on a phone
else:
    st.info("No coverage report: the graph was loaded as built, without its curation files.")
