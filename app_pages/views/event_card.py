"""An event's card (:func:`event_card`), alone or in a dialog (:func:`card_dialog`).

Everything on the card comes from one call, :func:`graph.event`: the date as written, as EDTF and
as bounds, the participants with an icon for their kind of entity, the place, the quotes and the
events it is linked to.
"""

from __future__ import annotations

from html import escape

import streamlit as st

import graph
from app_pages import state, widgets
from app_pages.views.timeline_chart import bounds_text, short

# the Material icon of each root entity type (widgets.root_type), for the participants
ICONS = {
    "person": ":material/person:",
    "organization": ":material/account_balance:",
    "legislation": ":material/description:",
    "court-decision": ":material/gavel:",
    "place": ":material/place:",
    "publication": ":material/article:",
    "concept": ":material/lightbulb:",
}


def _open_event(event_id: str) -> None:
    st.query_params["event"] = event_id


DRAFT = "story_draft_events"  # event ids chosen for a story (the Make a story page)


def _add_to_draft(event_id: str) -> None:
    chosen = st.session_state.setdefault(DRAFT, [])
    if event_id not in chosen:
        chosen.append(event_id)


def accounts_side_by_side(event: graph.EventRecord) -> None:
    """One column per source that tells the event: its date, participants and quote; what the
    accounts disagree on is listed and marked in the columns (never resolved)."""
    st.markdown(f"**What each source says** ({len(event.accounts)} sources)")
    disputed = {c.entity for c in event.conflicts if c.kind == "participant"}
    dates_differ = any(c.kind == "date" for c in event.conflicts)
    for column, account in zip(st.columns(len(event.accounts)), event.accounts, strict=True):
        with column, st.container(border=True):
            when = f"“{escape(account.date_text)}”" if account.date_text else "no date phrase"
            edtf = f"<code>{escape(account.edtf)}</code>" if account.edtf else "undated"
            mark = " <b aria-label='differs between the sources'>≠</b>" if dates_differ else ""
            people = "".join(
                f"<li>{escape(p.role_label)}: {escape(p.label)}"
                + (" <b aria-label='differs between the sources'>≠</b>" if p.id in disputed else "")
                + "</li>"
                for p in account.participants
            )
            first = short(account.quotes[0].quote, 240) if account.quotes else ""
            quote = f"<div style='margin-top:.4em'>“{escape(first)}”</div>" if first else ""
            note = (
                f"<div style='color:#444'>Note: {escape(account.note)}</div>"
                if account.note
                else ""
            )
            st.html(
                f"<div style='line-height:1.5'><b>{escape(account.source)}</b><br>"
                f"Date: {when} · {edtf}{mark}<ul style='margin:.3em 0 0 1.1em;padding:0'>"
                f"{people}</ul>{quote}{note}</div>"
            )
    if event.conflicts:
        items = "".join(
            f"<li><b>{escape(c.kind)}</b>: {escape(c.detail)}</li>" for c in event.conflicts
        )
        st.html(
            "<div role='note' style='border-left:4px solid #8a4b00;padding:.3em .8em;"
            "background:#fff7ea;color:#1a1a1a'><b>≠ Where the sources differ</b> (shown, not "
            f"resolved)<ul style='margin:.2em 0 0 1.1em;padding:0'>{items}</ul></div>"
        )


def event_card(view: graph.GraphView, event: graph.EventRecord, *, key: str = "card") -> None:
    """An event's card: label, date as written and as EDTF, bounds, participants, quote, links."""
    with st.container(border=True):
        st.html(
            f"<div style='font-size:.85em;color:#444'><span style='display:inline-block;"
            f"width:.75em;height:.75em;border-radius:50%;background:{event.colour};"
            f"margin-right:.35em'></span>{escape(event.type_label)}</div>"
            f"<div style='font-size:1.35em;font-weight:600;line-height:1.3;margin:.2em 0'>"
            f"{escape(event.label)}</div>"
        )
        phrase = f"“{escape(event.date_text)}”" if event.date_text else "—"
        edtf = f"<code>{escape(event.edtf)}</code>" if event.edtf else "none (undated)"
        if len(event.accounts) > 1:  # each source's own words, never one picked for all
            phrase = " · ".join(
                f"“{escape(a.date_text)}” ({escape(a.source)})" if a.date_text else escape(a.source)
                for a in event.accounts
            )
            edtf = (
                " · ".join(
                    f"<code>{escape(a.edtf)}</code> ({escape(a.source)})"
                    for a in event.accounts
                    if a.edtf
                )
                or "none (undated)"
            )
        place = f"<br><b>Place:</b> {escape(event.place_label)}" if event.place_label else ""
        note = widgets.certainty_note(event.certainty, event.stated_by_label)
        st.html(
            "<div style='line-height:1.6'>"
            f"<b>{'Dates in the sources' if len(event.accounts) > 1 else 'Date in the source'}:"
            f"</b> {phrase}<br>"
            f"<b>EDTF:</b> {edtf} · {escape(bounds_text(event))}"
            + (
                f"<br><span style='color:#555'>earliest possible day "
                f"{escape(event.earliest or '—')} · latest {escape(event.latest or 'open')}</span>"
                if event.dated
                else ""
            )
            + place
            + f"<br><b>Certainty:</b> {escape(note)}"
            + "</div>"
        )
        if len(event.accounts) > 1:
            accounts_side_by_side(event)
        if event.participants:
            st.markdown("**Participants**")
            for part in event.participants:
                left, right = st.columns([2, 5], vertical_alignment="center")
                left.caption(widgets.md_escape(part.role_label))
                right.page_link(
                    "app_pages/entity.py",
                    label=widgets.md_escape(part.label),
                    query_params={"entity": part.id},
                    icon=ICONS.get(widgets.root_type(part.type), ":material/label:"),
                )
        for q in event.quotes:
            widgets.quote_card(q, caption="What the source says")
        if event.related:
            st.markdown("**Linked events**")
            for r in event.related:
                left, right = st.columns([2, 5], vertical_alignment="center")
                left.caption(widgets.md_escape(r.label))
                right.button(
                    short(r.event_label, 70),
                    key=f"{key}-link-{r.key}-{r.id}",
                    on_click=_open_event,
                    args=(r.id,),
                    type="tertiary",
                    icon=":material/event:",
                    help=f"Open this event. The source: “{short(r.quote, 160)}”"
                    if r.quote
                    else "Open this event",
                )
        drafted = event.id in st.session_state.get(DRAFT, [])
        left, right = st.columns([3, 4], vertical_alignment="center")
        left.button(
            "In the story draft" if drafted else "Add to a story draft",
            key=f"{key}-draft-{event.id}",
            on_click=_add_to_draft,
            args=(event.id,),
            disabled=drafted,
            icon=":material/playlist_add_check:" if drafted else ":material/playlist_add:",
        )
        if drafted:
            right.page_link(
                "app_pages/story_builder.py", label="Make the story", icon=":material/slideshow:"
            )


def _close_card() -> None:
    if "event" in st.query_params:
        del st.query_params["event"]


@st.dialog("Event", width="large", on_dismiss=_close_card)
def card_dialog(
    view: graph.GraphView,
    shown: frozenset[str] | None = None,
    outside: str = "This event is outside the current filters.",
) -> None:
    """The card of the event in the URL, in a dialog; closing it takes the event off the URL.

    A button in a dialog reruns only the dialog, so the event is read from the URL each time
    (a linked event opens in place). ``shown``: the events the current filters keep; ``outside``
    is said of an event not among them.
    """
    wanted = state.param("event")
    try:
        event = graph.event(view, wanted) if wanted else None
    except graph.GraphError:
        event = None
    if event is None:
        st.info("No event is open.")
        return
    event_card(view, event, key="timeline-card")
    if shown is not None and event.id not in shown:
        st.caption(outside)
