"""Threadline's Streamlit app: timelines, relations and evidence for the bundled corpus.

Run with ``make app`` (or ``threadline app``). Each page lives in ``app_pages/`` and draws with
``graph``'s query API; the graph is built once per version of the data (``app_pages.state``).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

ICON = Path(__file__).resolve().parent / "app_pages" / "static" / "favicon.png"
st.set_page_config(page_title="Threadline", page_icon=str(ICON), layout="wide")

PAGES = [
    st.Page("app_pages/overview.py", title="Overview", default=True),
    st.Page("app_pages/timeline.py", title="Timeline", url_path="timeline"),
    st.Page("app_pages/relations.py", title="Relations", url_path="relations"),
    st.Page("app_pages/entity.py", title="Entity", url_path="entity"),
    st.Page("app_pages/reader.py", title="Reader", url_path="reader"),
    st.Page("app_pages/stories.py", title="Stories", url_path="stories"),
    st.Page("app_pages/story_builder.py", title="Make a story", url_path="story_builder"),
    st.Page("app_pages/query.py", title="Query", url_path="query"),
    st.Page("app_pages/data.py", title="Data", url_path="data"),
]

st.navigation(PAGES).run()
