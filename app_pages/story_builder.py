"""Make a story without writing YAML: choose events, order the steps, write each step's text.

Events come from the graph (a timeline card's "Add to a story draft" puts one in the draft). Each
step is a timeline window around its events, or the network of one entity. The story is checked
as a story file is (:func:`extract.stories.check_story_text`) and offered as a download; when the
app runs on this machine only (bound to a loopback address, the default) it can also be saved
into ``data/stories/``, never over an existing story unless asked.
"""

from __future__ import annotations

import ipaddress

import streamlit as st

import extract
import graph
from app_pages import state, widgets
from app_pages.views.event_card import DRAFT

STEPS = "story_builder_steps"
MAX_STEPS = 40


def _slug(title: str) -> str:
    return extract.slugify(title) if title.strip() else "my-story"


def _local_only() -> bool:
    """True when the app listens on a loopback address only (saving writes on this machine)."""
    address = str(st.get_option("server.address") or "")
    if address in {"localhost", ""}:
        return address == "localhost"
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def _window(items: list[graph.TimelineItem]) -> tuple[str | None, str | None]:
    """The months that hold the chosen dated events, as EDTF (YYYY-MM)."""
    firsts = [i.earliest for i in items if i.earliest]
    lasts = [i.latest or i.earliest for i in items if i.earliest]
    if not firsts:
        return None, None
    return min(firsts)[:7], max(lasts)[:7]


def _move(index: int, by: int) -> None:
    steps = st.session_state[STEPS]
    other = index + by
    if 0 <= other < len(steps):
        steps[index], steps[other] = steps[other], steps[index]


def _remove(index: int) -> None:
    del st.session_state[STEPS][index]


def _labels(view: graph.GraphView) -> dict[str, graph.TimelineItem]:
    dated = {i.id: i for i in graph.timeline_of(view).items}
    drafted = [e for e in st.session_state.get(DRAFT, []) if e not in dated]
    return dated | graph.events(view, drafted)


def _entities(view: graph.GraphView) -> dict[str, str]:
    """Entity ids and labels, the most linked first (a large graph: among its most linked)."""
    return {r.id: r.label for r in graph.ranked_nodes(view, "degree") if r.kind == "entity"}


def _event_name(item: graph.TimelineItem) -> str:
    when = item.date_text or item.edtf or "undated"
    return f"{item.label} — {when}"


def _add_step(events: dict[str, graph.TimelineItem]) -> None:
    s = st.session_state
    chosen = list(s.get("sb_events", []))
    view_kind = "timeline" if s.get("sb_view", "Timeline") == "Timeline" else "network"
    start, end = _window([events[e] for e in chosen if e in events])
    step = {
        "heading": s.get("sb_heading", "").strip(),
        "text": s.get("sb_text", "").strip(),
        "view": view_kind,
        "highlight": chosen,
    }
    if view_kind == "timeline":
        step["start"] = s.get("sb_start", "").strip() or start
        step["end"] = s.get("sb_end", "").strip() or end
    else:
        step["entity"] = s.get("sb_entity")
    s[STEPS].append({k: v for k, v in step.items() if v or k == "text"})
    for key in ("sb_heading", "sb_text", "sb_start", "sb_end"):
        s[key] = ""
    s["sb_events"] = []
    s[DRAFT] = []


def main() -> None:
    app = state.data()
    view = app.view
    st.title("Make a story", anchor=False)
    st.caption(
        "Choose events, order the steps and write a few neutral sentences for each; then "
        "download the story file, or save it into the stories folder. A timeline card's "
        "“Add to a story draft” button collects events for the next step."
    )
    st.session_state.setdefault(STEPS, [])
    steps: list[dict] = st.session_state[STEPS]
    events = _labels(view)

    title = st.text_input("Title", key="sb_title", max_chars=200)
    left, right = st.columns([1, 2])
    ident = left.text_input(
        "Id (the file name)", key="sb_id", placeholder=_slug(title) if title else "my-story"
    ).strip() or _slug(title or "my-story")
    description = right.text_input("One line on what it follows", key="sb_description")

    st.header(f"Steps ({len(steps)})", anchor=False)
    if not steps:
        st.info("No step yet: add the first one below.")
    for n, step in enumerate(steps):
        with st.container(border=True):
            head, up, down, drop = st.columns([8, 1, 1, 1], vertical_alignment="center")
            shown = step.get("highlight", [])
            where = (
                f"timeline {step.get('start') or '…'} to {step.get('end') or '…'}"
                if step["view"] == "timeline"
                else f"network of {step.get('entity')}"
            )
            head.markdown(
                f"**{n + 1}. {widgets.md_escape(step.get('heading', ''))}** · {where} · "
                f"{len(shown)} event(s)"
            )
            up.button(
                "↑",
                key=f"sb-up-{n}",
                on_click=_move,
                args=(n, -1),
                disabled=n == 0,
                help=f"Move step {n + 1} up",
            )
            down.button(
                "↓",
                key=f"sb-down-{n}",
                on_click=_move,
                args=(n, 1),
                disabled=n == len(steps) - 1,
                help=f"Move step {n + 1} down",
            )
            drop.button(
                "✕", key=f"sb-drop-{n}", on_click=_remove, args=(n,), help=f"Remove step {n + 1}"
            )
            if step.get("text"):
                st.caption(widgets.md_escape(step["text"]))

    st.header("Add a step", anchor=False)
    if (
        DRAFT in st.session_state
        and st.session_state[DRAFT]
        and not st.session_state.get("sb_events")
    ):
        st.session_state["sb_events"] = [e for e in st.session_state[DRAFT] if e in events]
    with st.container(border=True):
        st.text_input("Heading", key="sb_heading", max_chars=120)
        st.text_area("Text for the class", key="sb_text", max_chars=1200, height=90)
        kind = st.radio("Show", ["Timeline", "Network"], key="sb_view", horizontal=True)
        st.multiselect(
            "Events to highlight",
            list(events),
            key="sb_events",
            format_func=lambda e: _event_name(events[e]),
            placeholder="type to find an event",
        )
        if kind == "Timeline":
            a, b = st.columns(2)
            a.text_input("From (EDTF; empty: the chosen events' first month)", key="sb_start")
            b.text_input("To (EDTF; empty: their last month)", key="sb_end")
        else:
            people = _entities(view)
            st.selectbox(
                "Entity at the centre",
                sorted(people, key=lambda i: people[i].casefold()),
                key="sb_entity",
                format_func=lambda i: people[i],
            )
        ready = bool(st.session_state.get("sb_heading", "").strip()) and len(steps) < MAX_STEPS
        st.button(
            "Add the step",
            key="sb_add",
            on_click=_add_step,
            args=(events,),
            disabled=not ready,
            type="primary",
            help=None if ready else "A step needs a heading",
        )

    if not steps or not title.strip():
        st.caption("The story file appears here once it has a title and a step.")
        return
    try:
        story = extract.Story(
            id=ident,
            title=title.strip(),
            description=description.strip(),
            steps=[extract.Step(**s) for s in steps],
        )
        text = extract.story_yaml(story)
        known = set(events) | set(_entities(view))
        story = extract.check_story_text(text, known)
    except extract.CurationErrors as exc:
        st.error("The story has problems:\n\n" + "\n".join(f"- {p}" for p in exc.problems))
        return
    except ValueError as exc:  # a field the story model refuses (e.g. an id that is no slug)
        first = str(exc).splitlines()
        st.error(f"The story cannot be made: {first[1] if len(first) > 1 else exc}")
        return
    st.success(f"“{story.title}”: {len(story.steps)} step(s), checked like a story file.")
    st.code(text, language="yaml")
    left, right = st.columns(2)
    left.download_button(
        f"Download {story.id}.yaml",
        text.encode("utf-8"),
        file_name=f"{story.id}.yaml",
        mime="application/yaml",
        key="sb_download",
    )
    if not _local_only():
        right.caption(
            "Saving into the stories folder is off: this app is open to other machines. "
            "Download the file and put it in data/stories/."
        )
        return
    folder = state.data_folder() / "stories"
    exists = (folder / f"{story.id}.yaml").exists()
    replace = (
        right.checkbox(f"Replace the existing {story.id}.yaml", key="sb_replace")
        if exists
        else False
    )
    if right.button("Save into data/stories/", key="sb_save", disabled=exists and not replace):
        try:
            saved = extract.save_story(folder, story, replace=replace)
        except (extract.CurationErrors, OSError) as exc:
            st.error(f"Not saved: {exc}")
            return
        st.success(
            f"Saved {saved.name} ({len(text.encode('utf-8')):,} bytes; the limit is "
            f"{extract.STORY_MAX_BYTES:,})."
        )
        st.page_link(
            "app_pages/stories.py",
            label="Open it on the Stories page",
            query_params={"story": story.id},
            icon=":material/slideshow:",
        )


main()
