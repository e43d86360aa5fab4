"""Reader: the source text with curated mentions highlighted by type and claim quotes underlined.

A highlight opens its entity; an underline opens the claim or event it backs, shown above the text.
Arriving from a quote (``?source=…&at=OFFSET``) scrolls to it and marks it apart from the other
underlines. The text's links are one tab stop: Tab reaches the text, the arrow keys move between
its highlights (a roving tab index), Enter opens one. Footnote marks ("Harvard.10") are set as
superscripts. All text is escaped.
"""

from __future__ import annotations

import re
from html import escape
from urllib.parse import urlencode

import streamlit as st

import graph
from app_pages import state, widgets

app = state.data()
asked = state.param("source")  # before the sidebar, which drops a source the corpus lacks
state.global_filters(app)
view = app.view

st.title("Reader", anchor=False)
sources = sorted(app.sources)
if not sources:
    st.info("The corpus has no source.")
    st.stop()
source = asked or sources[0]
if source not in app.sources:
    st.error(f"There is no source {widgets.md_literal(source)} — showing {sources[0]}.")
    source = sources[0]
meta = app.sources[source]
text = view.texts.get(source, "")
at = state.param("at")
at_offset = int(at) if at.isdigit() else None
item = state.param("item")

st.markdown(f"**{meta.title}** — {meta.publication or ''} {meta.published}")
c1, c2, c3, c4 = st.columns(4)
show_mentions = c1.toggle("Highlight mentions", value=True, key="show_mentions")
show_claims = c2.toggle("Underline claims and events", value=True, key="show_claims")
show_found = c4.toggle(
    "Names found by name",
    value=True,
    key="show_found",
    help="Where the text names an entity without a curated quote: dotted, not evidence",
)
c3.caption(
    "Click a highlight to open the entity, an underline to see the claim. Keyboard: Tab to the "
    "text, then ← → move between highlights and Enter opens one."
)
widgets.legend()

if not text:
    st.info(
        f"The text of “{meta.title}” is not available to the app (it reads source texts from "
        f"{state.data_folder() / 'sources'}), so it cannot be shown with its highlights. Its "
        "claims and quotes are on the Entity and Relations pages."
    )
    st.stop()
marks = graph.annotations(view, source)
found_marks = [
    graph.Annotation(where.start, where.end, "found", who, view.label(who))
    for who, where in graph.found_mentions(view, source=source)
]
kind, _, ident = item.partition(":")
if ident:
    with st.container(border=True):
        if kind == "claim":
            found = [m for m in marks if m.kind == "claim" and m.item == ident]
            if found:
                st.markdown(f"**Claim:** {escape(found[0].label)}")
                quotes = [
                    q for q in graph.evidence(view, found[0].subject) if q.item.endswith(ident)
                ]
                for q in quotes[:1]:
                    st.caption(q.statement)
                st.page_link(
                    "app_pages/entity.py",
                    label="Open the subject's profile",
                    query_params={"entity": found[0].subject},
                )
            else:
                st.warning(f"No claim {ident} in this source.")
        elif kind == "event":
            found = [m for m in marks if m.kind == "event" and m.item == ident]
            st.markdown(f"**Event:** {escape(found[0].label) if found else ident}")
            st.page_link(
                "app_pages/timeline.py", label="Open on the timeline", query_params={"event": ident}
            )

# segment the text at every annotation boundary; each segment knows what covers it
shown = [
    m
    for m in marks
    if (m.kind == "mention" and show_mentions) or (m.kind != "mention" and show_claims)
] + (found_marks if show_found else [])
FOOTNOTE = re.compile(r"(?:(?<=[a-z”’)\]])|(?<=[^\d\s$][.,;:]))\d{1,3}(?=[\s,.;:)]|$)", re.M)


def footnote_marks(body: str) -> list[tuple[int, int]]:
    """The spans of footnote numbers glued to words ("Harvard.10"): those that continue the
    sequence 1, 2, 3… in reading order, so "Rex84" or "$2.2" are left alone."""
    found, expected = [], 1
    for m in FOOTNOTE.finditer(body):
        if int(m.group(0)) == expected:
            found.append((m.start(), m.end()))
            expected += 1
    return found


notes = footnote_marks(text)
note_starts = {a for a, _ in notes}
came = None  # the quote the visitor came for: the longest quoted span starting at ?at=
if at_offset is not None:
    starting = [m for m in marks if m.start == at_offset]
    came = (at_offset, max(m.end for m in starting)) if starting else None
cuts = sorted(
    {
        0,
        len(text),
        *(m.start for m in shown),
        *(m.end for m in shown),
        *([at_offset] if at_offset is not None else []),
        *(came or ()),
        *(edge for span in notes for edge in span),
    }
)


def _href(**params: str) -> str:
    return "?" + urlencode(params)


def render_segment(start: int, end: int, cover: list[graph.Annotation]) -> str:
    piece = escape(text[start:end])
    if start in note_starts:
        piece = f"<sup>{piece}</sup>"
    if came is not None and came[0] <= start and end <= came[1]:
        piece = f"<mark class='tl-came'>{piece}</mark>"
    found = [m for m in cover if m.kind == "found"]
    cover = [m for m in cover if m.kind != "found"]
    mentions = [m for m in cover if m.kind == "mention"]
    others = [m for m in cover if m.kind != "mention"]
    if found and not cover:  # named here, found by name: no curated quote, so no evidence
        name = found[0]
        return (
            f"<a href='{escape('entity?' + urlencode({'entity': name.item}))}' target='_self' "
            f"tabindex='-1' title='{escape(name.label)} (found by name, not a curated quote)' "
            "style='color: inherit; text-decoration: none'><span class='tl-found' "
            f"style='border-bottom: 2px dotted #333'>{piece}</span></a>"
        )
    if not cover:
        return piece
    style, title, href = [], [], ""
    if others:
        style.append(
            "text-decoration: underline; text-decoration-color: #555; text-underline-offset: 3px"
        )
        inner = min(others, key=lambda m: m.end - m.start)
        title += [f"{m.kind}: {m.label}" for m in others[:3]]
        href = _href(source=source, at=str(inner.start), item=f"{inner.kind}:{inner.item}")
    if mentions:
        inner = min(mentions, key=lambda m: m.end - m.start)
        colour = widgets.colour(inner.type)
        style.append(f"background: {colour}33; border-bottom: 2px solid {colour}")
        title.insert(0, f"{inner.label} ({inner.type.replace('-', ' ')})")
        href = "entity?" + urlencode({"entity": inner.item})
    marked = ""
    if found and not mentions:  # a name found by name inside a claim's quote
        style.append("border-bottom: 2px dotted #333")
        title.append(f"{found[0].label} (found by name, not a curated quote)")
        marked = " class='tl-found'"
    return (
        f"<a href='{escape(href)}' target='_self' tabindex='-1' "
        f"title='{escape(' · '.join(title))}' "
        f"style='color: inherit; text-decoration: none'><span{marked} style='{'; '.join(style)}'>"
        f"{piece}</span></a>"
    )


html_parts = []
pending = sorted(shown, key=lambda m: m.start)
active: list[graph.Annotation] = []
i = 0
for a, b in zip(cuts, cuts[1:], strict=False):  # a sweep: annotations enter and leave in order
    while i < len(pending) and pending[i].start <= a:
        active.append(pending[i])
        i += 1
    active = [m for m in active if m.end > a]
    cover = [m for m in active if b <= m.end]
    if at_offset is not None and a == at_offset:
        html_parts.append(
            "<span id='tl-at' tabindex='-1' class='tl-sr'>The quote you came for:</span>"
        )
    html_parts.append(render_segment(a, b, cover))
body = "".join(html_parts)
paragraphs = []
for line in body.split("\n"):
    if not line.strip():
        continue
    is_heading = len(line) < 400 and "<a" not in line and len(line.split()) < 14
    paragraphs.append(
        f"<p style='margin: 0 0 .9em 0; {'font-weight:600' if is_heading else ''}'>{line}</p>"
    )
# one tab stop for the whole text: its first link; the arrow keys move on from there
body_html = "".join(paragraphs).replace(
    "target='_self' tabindex='-1'", "target='_self' tabindex='0'", 1
)
st.html(
    "<style>.tl-came { background: #ffe27a; color: #1a1a1a; padding: 2px 0; "
    "box-shadow: 0 3px 0 #1a1a1a } .tl-sr { position: absolute; width: 1px; "
    "height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap }</style>"
    "<div id='tl-reader' role='region' aria-label='Source text; the arrow keys move between "
    "highlights' style='font-size: 1.05rem; line-height: 1.65; max-width: 52rem'>"
    + body_html
    + "</div>"
)
# our own script, no data in it: the arrow keys move between the text's links (one tab stop),
# and an arrival from a quote brings it into view and focus
st.html(
    "<script>setTimeout(() => {"
    "const box = document.getElementById('tl-reader'); if (!box || box.dataset.roving) return;"
    "box.dataset.roving = '1';"
    "box.addEventListener('keydown', (e) => {"
    "  const links = Array.from(box.querySelectorAll('a'));"
    "  const i = links.indexOf(document.activeElement); if (i < 0) return;"
    "  const step = {ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1}[e.key];"
    "  let j = step ? i + step : e.key === 'Home' ? 0 : e.key === 'End' ? links.length - 1 : -1;"
    "  if (j < 0 || j >= links.length) return;"
    "  e.preventDefault(); links[i].tabIndex = -1; links[j].tabIndex = 0; links[j].focus();"
    "});"
    "const at = document.getElementById('tl-at');"
    "if (at) {"
    "  const links = Array.from(box.querySelectorAll('a'));"
    "  const next = links.find((a) => at.compareDocumentPosition(a) & 4);"
    "  if (next) { links.forEach((a) => { a.tabIndex = -1; }); next.tabIndex = 0; }"
    "  at.scrollIntoView({block: 'center'}); at.focus({preventScroll: true});"
    "}"
    "}, 300);</script>",
    unsafe_allow_javascript=True,
)
st.caption(
    f"{len(marks)} quoted spans · {len(found_marks)} names found by name (dotted) · "
    f"{len(text):,} characters · text SHA-256 recorded in the graph"
)
