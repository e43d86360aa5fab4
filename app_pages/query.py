"""Query: read-only SPARQL over the graph, with examples, a row cap, a time limit and CSV.

The query runs in a child process that is killed at the time limit; updates and SERVICE are
refused (graph.run_query).
"""

from __future__ import annotations

import time

import pandas as pd
import streamlit as st

import graph
from app_pages import state

app = state.data()
state.global_filters(app)

EXAMPLES = {
    "Who holds which position, on what evidence": """
SELECT ?person ?title ?organization ?quote WHERE {
  ?claim rdf:predicate rel:holds_position ; rdf:subject ?p ; rdf:object ?o ;
         prov:wasDerivedFrom/oa:hasSelector/oa:exact ?quote .
  ?p rdfs:label ?person . ?o rdfs:label ?organization .
  OPTIONAL { ?claim kg:title ?title }
} ORDER BY ?person""",
    "Events of March 2025 (could fall in the month)": """
SELECT ?event ?date_text ?earliest ?latest WHERE {
  ?e a sem:Event ; rdfs:label ?event ; sem:hasEarliestBeginTimeStamp ?earliest ;
     sem:hasLatestEndTimeStamp ?latest .
  OPTIONAL { ?e kg:dateText ?date_text }
  FILTER(?earliest <= "2025-03-31"^^xsd:date && ?latest >= "2025-03-01"^^xsd:date)
} ORDER BY ?earliest""",
    "Claims the source attributes to others": """
SELECT ?statement ?certainty ?stated_by ?quote WHERE {
  ?c a kg:Claim ; kg:certainty ?certainty ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
     prov:wasDerivedFrom/oa:hasSelector/oa:exact ?quote .
  FILTER(?certainty != "asserted")
  OPTIONAL { ?c kg:statedBy/rdfs:label ?stated_by }
  ?s rdfs:label ?sl . ?p rdfs:label ?pl . ?o rdfs:label ?ol .
  BIND(CONCAT(?sl, " ", ?pl, " ", ?ol) AS ?statement)
}""",
    "Who took part in arrests, and as what": """SELECT ?event ?who ?role WHERE {
  ?e sem:eventType evt:arrest ; rdfs:label ?event ; sem:hasActor ?r .
  ?r rdf:value/rdfs:label ?who ; sem:roleType/rdfs:label ?role .
} ORDER BY ?event""",
    "Entities by type": """SELECT ?type (COUNT(?e) AS ?entities) WHERE {
  ?e schema:additionalType/rdfs:label ?type } GROUP BY ?type ORDER BY DESC(?entities)""",
}

st.title("Query", anchor=False)
st.caption(
    "Read-only SPARQL 1.1 over all graphs. Prefixes such as `rdfs:`, `schema:`, `sem:`, "
    "`oa:`, `prov:`, `kg:`, `rel:`, `evt:`, `ent:` are declared for you. Updates and "
    "`SERVICE` (calls to other servers) are refused; a query is stopped at its time limit."
)
example = st.selectbox(
    "Examples", ["", *EXAMPLES], key="example", format_func=lambda k: k or "choose an example…"
)
state.url_state("sparql", "")
if example and st.session_state.get("loaded_example") != example:
    st.session_state["sparql"] = EXAMPLES[example].strip()
    st.session_state["loaded_example"] = example
HINT = "SELECT ?label WHERE { ?e a schema:Person ; rdfs:label ?label }"


def _use_hint() -> None:
    st.session_state["sparql"] = HINT


text = st.text_area("SPARQL", key="sparql", height=220, placeholder=HINT)
c1, c2, c3 = st.columns([1, 1, 2])
cap = c1.number_input("Row cap", min_value=1, max_value=100_000, value=1000, step=100, key="cap")
limit_s = c2.number_input("Time limit (s)", min_value=1, max_value=120, value=10, key="limit_s")
run = c3.button("Run", type="primary", key="run_query")

if run and not text.strip():
    st.warning(
        "The box is empty: the grey text is only a hint. Write a query, choose one under "
        "Examples, or put the hint in the box and press Run again."
    )
    st.button("Put the hint in the box", on_click=_use_hint, key="use_hint")
if run and text.strip():
    state.set_params(sparql=text if len(text) < 1500 else None)
    started = time.perf_counter()
    try:  # in a child process, killed at the time limit (graph.sandbox)
        result = graph.run_query(app.view.dataset, text, limit=int(cap), timeout=float(limit_s))
    except graph.GraphError as exc:
        st.error(str(exc))
        st.stop()
    elapsed = (time.perf_counter() - started) * 1000
    frame = pd.DataFrame(list(result.rows), columns=list(result.columns))
    note = f" (capped at {cap})" if len(frame) >= cap else ""
    st.caption(f"{len(frame)} row(s){note} in {elapsed:.0f} ms")
    if frame.empty:
        st.info("The query matched nothing.")
    else:
        st.dataframe(frame, hide_index=True, width="stretch")
        st.download_button(
            "Download CSV",
            frame.to_csv(index=False).encode("utf-8"),
            file_name="threadline-query.csv",
            mime="text/csv",
            key="query_csv",
        )
