"""Threadline's Streamlit app: explore the graph built from the bundled corpus.

Run with ``make app`` (or ``threadline app``). Pages call the ``graph`` API only; the graph is
built once per version of the data (``st.cache_resource``).
"""

from __future__ import annotations

import os
import unicodedata
from html import escape
from pathlib import Path

import pandas as pd
import streamlit as st

import graph
from extract import CurationErrors, build

DATA = Path(os.environ.get("THREADLINE_DATA", Path(__file__).resolve().parent / "data"))


def _fingerprint(folder: Path) -> tuple[tuple[str, float], ...]:
    files = [graph.default_vocabulary().path, *folder.rglob("*")]
    return tuple(sorted((str(f), f.stat().st_mtime) for f in files if f.is_file()))


@st.cache_resource(show_spinner="Building the graph…")
def load(folder: str, version: tuple) -> tuple[graph.Stats, list[graph.EntityRow]]:
    """Build the graph of ``folder`` in memory and read what the page shows (once per version)."""
    result = build(folder, output=None)
    return graph.stats(result.dataset), graph.entities(result.dataset)


def fold(text: str) -> str:
    """Lower case without accents, so 'ozturk' finds 'Öztürk'."""
    return "".join(
        c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c)
    )


def main() -> None:
    st.set_page_config(page_title="Threadline", layout="wide")
    try:
        stats, rows = load(str(DATA), _fingerprint(DATA))
    except CurationErrors as exc:
        st.error(f"The curation in {DATA} has {len(exc.problems)} problem(s); fix them and reload.")
        st.code(str(exc), language=None)
        st.stop()
    except graph.GraphError as exc:
        st.error(str(exc))
        st.stop()

    st.sidebar.title("Threadline")
    st.sidebar.caption("A knowledge graph of what sources claim, each claim with its quote.")
    st.sidebar.markdown("**Corpus**")
    for source in stats.sources:
        st.sidebar.text(source)
    st.sidebar.caption(f"{stats.triples:,} triples · store: rdflib (memory)")

    st.title("Entities")
    cols = st.columns(5)
    for col, (label, value) in zip(
        cols,
        [
            ("Entities", stats.entities),
            ("Events", stats.events),
            ("Relations (claims)", stats.claims),
            ("Participations", stats.roles),
            ("Quoted spans", stats.anchors),
        ],
        strict=True,
    ):
        col.metric(label, value)

    left, right = st.columns([1, 2])
    with left:
        st.subheader("By type")
        counts = pd.DataFrame(stats.by_type, columns=["type", "entities"]).set_index("type")
        st.bar_chart(counts, horizontal=True, height=max(200, 28 * len(counts)))
    with right:
        st.subheader("Search")
        query = st.text_input(
            "Name or alias", key="search", placeholder="e.g. Khalil, I.C.E., Öztürk"
        )
        types = st.multiselect("Types", sorted({r.type_label for r in rows}), key="types")
        needle = fold(query.strip())
        shown = [
            r
            for r in rows
            if (not needle or any(needle in fold(n) for n in (r.label, r.id, *r.aliases)))
            and (not types or r.type_label in types)
        ]
        table = pd.DataFrame(
            [
                {
                    "label": r.label,
                    "type": r.type_label,
                    "aliases": ", ".join(r.aliases),
                    "first quote": r.mentions[0].quote if r.mentions else "",
                    "quotes": len(r.mentions),
                    "wikidata": r.wikidata,
                    "id": r.id,
                }
                for r in shown
            ]
        )
        if table.empty:
            st.info("No entity matches this search.")
        else:
            st.dataframe(
                table,
                hide_index=True,
                width="stretch",
                key="entity_table",
                column_config={"quotes": st.column_config.NumberColumn(width="small")},
            )
        st.caption(f"{len(shown)} of {len(rows)} entities")

    if shown:
        st.subheader("Evidence")
        chosen = st.selectbox(
            "Entity", shown, format_func=lambda r: f"{r.label} ({r.type_label})", key="entity"
        )
        if chosen.description:
            st.text(chosen.description)
        for m in chosen.mentions:
            with st.container(border=True):
                st.html(
                    f"<p>…{escape(m.prefix)}<mark><b>{escape(m.quote)}</b></mark>"
                    f"{escape(m.suffix)}…</p>"
                )
                st.caption(f"{m.source} · characters {m.start}–{m.end}")


main()
