"""Small drawing helpers shared by the pages: quotes, links, colours. Text from data is escaped."""

from __future__ import annotations

from html import escape

import streamlit as st

import graph

# Okabe–Ito palette: distinguishable with the common colour-vision deficiencies.
PALETTE = {
    "person": "#E69F00",
    "organization": "#0072B2",
    "legislation": "#CC79A7",
    "court-decision": "#D55E00",
    "place": "#009E73",
    "publication": "#56B4E9",
    "concept": "#999999",
    "event": "#000000",
}
ROOTS = tuple(PALETTE)


def _rgb(colour: str) -> tuple[float, float, float]:
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def _luminance(rgb: tuple[float, float, float]) -> float:
    def linear(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = rgb
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two ``#rrggbb`` colours.

    >>> round(contrast("#767676", "#ffffff"), 2)
    4.54
    """
    hi, lo = sorted((_luminance(_rgb(a)), _luminance(_rgb(b))), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def mix(colour: str, other: str, share: float) -> str:
    """``colour`` with ``share`` (0–1) of ``other`` mixed in, as ``#rrggbb``."""
    mixed = (c * (1 - share) + o * share for c, o in zip(_rgb(colour), _rgb(other), strict=True))
    return "#" + "".join(f"{round(v):02x}" for v in mixed)


def shade(colour: str, ground: str = "#ffffff", ratio: float = 3.0) -> str:
    """``colour``, darkened just enough to stand ``ratio``:1 against ``ground`` (WCAG 1.4.11).

    >>> shade("#E69F00")  # the Okabe–Ito orange is 2.1:1 on white
    '#c68900'
    >>> shade("#0072B2")  # already 5.1:1
    '#0072b2'
    """
    for step in range(51):
        darker = mix(colour, "#000000", step / 50)
        if contrast(darker, ground) >= ratio:
            return darker
    return "#000000"


def root_type(type_name: str) -> str:
    """The palette group of an entity type (``court`` → ``organization``)."""
    if type_name in PALETTE:
        return type_name
    vocab = graph.default_vocabulary()
    for ancestor in vocab.ancestors(type_name) if type_name in vocab.entity_types else ():
        if ancestor in PALETTE:
            return ancestor
    return "event" if type_name not in vocab.entity_types else "concept"


def colour(type_name: str) -> str:
    return PALETTE[root_type(type_name)]


def legend() -> None:
    """A legend of the type colours."""
    chips = " ".join(
        f"<span style='white-space:nowrap;margin-right:.8em'><span style='display:inline-block;"
        f"width:.8em;height:.8em;border-radius:50%;background:{c};margin-right:.3em'></span>"
        f"{escape(name.replace('-', ' '))}</span>"
        for name, c in PALETTE.items()
    )
    st.html(f"<div style='font-size:.85em'>{chips}</div>")


def quote_html(evidence: graph.Evidence, *, context: bool = True) -> str:
    """A quote with its surrounding words, the quote marked; all text escaped."""
    if not context:
        return f"<mark>{escape(evidence.quote)}</mark>"
    return (
        f"…{escape(evidence.prefix)}<mark><b>{escape(evidence.quote)}</b></mark>"
        f"{escape(evidence.suffix)}…"
    )


def quote_card(evidence: graph.Evidence, caption: str = "", key: str = "") -> None:
    """A bordered card: the quote in context, where it comes from, a link into the reader."""
    quote_compact(evidence, caption)


def entity_link(entity_id: str, label: str, *, key: str | None = None) -> None:
    """A link that opens an entity's profile."""
    st.page_link("app_pages/entity.py", label=label, query_params={"entity": entity_id})


def certainty_note(certainty: str, stated_by: str = "") -> str:
    """How a claim is presented by its source, in words."""
    if certainty in ("", "asserted"):
        return "stated by the source"
    who = f" by {stated_by}" if stated_by else ""
    return {
        "reported": f"reported{who}",
        "alleged": f"alleged{who}",
        "disputed": f"disputed{who}",
    }.get(certainty, certainty)


def hop_html(source: str, label: str, target: str) -> str:
    """One relation read in its direction, ``A — label → B``, as escaped HTML."""
    return (
        f"<div style='line-height:1.6'><b>{escape(source)}</b> — "
        f"<span style='color:#555'>{escape(label)}</span> → <b>{escape(target)}</b></div>"
    )


def canvas_text(text: str) -> str:
    """Text for a graph component that may write it as HTML: ``<`` and ``>`` become look-alikes.

    st-link-analysis draws labels on a canvas (as text) but fills its side panel with
    ``innerHTML``; without angle brackets no markup can form, and the canvas still reads well.
    """
    return text.replace("<", "\uff1c").replace(">", "\uff1e")


def md_escape(text: str) -> str:
    """Text from data made safe for Streamlit markdown (``st.markdown``, ``st.error``...)."""
    return "".join(f"\\{c}" if c in "\\`*_{}[]()#+-.!|<>~$:" else c for c in text)


def md_literal(text: str, limit: int = 40) -> str:
    """What a visitor or a link gave, quoted in a markdown message: on one line, cut to
    ``limit`` characters and shown as code, so nothing in it becomes a link (escaping alone
    leaves ``http://…`` to the autolinker), markup or a line of its own."""
    one = " ".join(str(text).split()).replace("`", "'")
    return f"`{one[:limit]}{'…' if len(one) > limit else ''}`" if one else "`(empty)`"


def quote_compact(evidence: graph.Evidence, caption: str = "") -> None:
    """:func:`quote_card` for a narrow column: where it comes from and the link under the quote."""
    with st.container(border=True):
        st.html(f"<div style='line-height:1.5'>{quote_html(evidence)}</div>")
        st.caption(
            md_escape(
                f"{caption + ' · ' if caption else ''}{evidence.source}, characters "
                f"{evidence.start}–{evidence.end}"
            )
        )
        st.page_link(
            "app_pages/reader.py",
            label="Read in context",
            icon=":material/article:",
            query_params={"source": evidence.source, "at": str(evidence.start)},
        )
