"""The legend of the timeline chart (:mod:`app_pages.views.timeline_chart`): what its colours,
markers, bars and lines mean, as chips (:func:`legend_html`) and in words (``HOW_TO_READ``)."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from app_pages.views.timeline_chart import FAMILY_ORDER, LINK_COLOUR, family_colour

HOW_TO_READ = (
    "Each marker sits at the **earliest** day the event can have happened; its bar runs to the "
    "**latest** possible day, so a date the source gives as a month, a year or a vague phrase "
    "shows as a range."
)


def _chip(glyph: str, colour: str, label: str) -> str:
    return (
        f"<span style='white-space:nowrap;margin-right:1.2em'><span style='color:{colour};"
        f"font-size:1.15em;letter-spacing:-.08em;margin-right:.3em'>{glyph}</span>"
        f"{escape(label)}</span>"
    )


def legend_html(
    families: Iterable[str] = (),
    links: Iterable[str] = (),
    several_sources: bool = False,
    sources_differ: bool = False,
) -> str:
    """The chart's legend: colours of the event families, how dates are drawn, link styles;
    ``several_sources`` adds the star of an event several sources tell, ``sources_differ``
    the star-diamond of one whose accounts differ."""
    present = set(families)
    fams = [f for f in FAMILY_ORDER if f in present] or FAMILY_ORDER
    grey = "#555555"
    rows = [
        "<b>Event types</b>&ensp;" + " ".join(_chip("●", family_colour(f), f) for f in fams),
        "<b>Dates</b>&ensp;"
        + " ".join(
            [
                _chip("●", grey, "exact day"),
                _chip("●━━", grey, "a month, a year or a stated span"),
                _chip("○╍╍", grey, "exact date not known"),
                _chip("◇", grey, "approximate"),
                _chip("╍╍▶", grey, "no end given"),
                *(
                    [_chip("★", grey, "told by several sources that agree")]
                    if several_sources
                    else []
                ),
                *(
                    [
                        _chip(
                            "✦",
                            grey,
                            "told by several sources that differ: compare them in its card",
                        )
                    ]
                    if sources_differ
                    else []
                ),
            ]
        ),
    ]
    kinds = set(links)
    glyphs = {
        "led_to": ("───", "led to"),
        "response_to": ("╌╌╌", "responded to"),
        "part_of_event": ("┈┈┈", "part of"),
    }
    chips = [_chip(*glyphs[k][:1], LINK_COLOUR, glyphs[k][1]) for k in glyphs if k in kinds]
    if kinds - set(glyphs):
        chips.append(_chip("─·─", LINK_COLOUR, "linked"))
    if chips:
        rows.append(
            "<b>Links</b>&ensp;"
            + " ".join(chips)
            + "<span style='color:#555'>drawn at right angles, along the gaps between lanes; "
            "the open event's links are darker</span>"
        )
    return (
        "<div style='font-size:.92em;line-height:1.9;color:#333'>"
        + "".join(f"<div>{r}</div>" for r in rows)
        + "</div>"
    )
