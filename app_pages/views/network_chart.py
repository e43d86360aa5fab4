"""The network chart: an ego network or the paths between two nodes, drawn by st-link-analysis.

Cytoscape.js is bundled in the st-link-analysis wheel; only the nodes and edges given here go to
the browser. :func:`draw` shows them, :func:`handle_graph_event` acts once on a click (open a
node's card) or a double-click (add a node's neighbours), since the component re-sends its last
event on every rerun.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st
from st_link_analysis import Event, st_link_analysis
from st_link_analysis.component.layouts import LAYOUTS

import graph
from app_pages import state, widgets

GRAPH_KEY = "relations_graph"  # the component's value: its last event (re-sent on every rerun)
SEEN_KEY = "relations_graph_seen"  # the timestamp of the last event acted on
HEIGHT = 640
PARTICIPATION = "participation"
EVENT = "event"


ICONS = {
    "person": "person",
    "organization": "account_balance",
    "legislation": "description",
    "court-decision": "assured_workload",
    "place": "place",
    "publication": "folder",
    "concept": "science",
    "event": "flag",
}
#: a colour of no node type (court decisions are orange); white 12 px labels on it are 9.4:1
PATH_COLOUR = "#6A1B9A"


@dataclass(frozen=True)
class NodeInfo:
    label: str
    kind: str
    type: str
    type_label: str
    score: float


def handle_graph_event() -> str | None:
    """Act on a click or double-click once: the component re-sends its last event every rerun.

    Returns the action acted on (``"select_node"``, ``"expand"``), or None."""
    event = st.session_state.get(GRAPH_KEY)
    if not isinstance(event, dict) or event.get("timestamp") is None:
        return None
    if event["timestamp"] == st.session_state.get(SEEN_KEY):
        return None
    st.session_state[SEEN_KEY] = event["timestamp"]
    data = event.get("data") or {}
    if event.get("action") == "select_node" and data.get("target_id"):
        state.set_params(node=str(data["target_id"]))
        return "select_node"
    if event.get("action") == "expand_node" and data.get("target_id"):
        node = str(data["target_id"])
        expanded = state.params("expand")
        state.set_params(expand=[*expanded, *([] if node in expanded else [node])], node=node)
        return "expand"
    return None


class _Style:
    """A Cytoscape style rule, in the shape st-link-analysis passes to the browser."""

    def __init__(self, selector: str, **style: Any) -> None:
        self.selector, self.style = selector, {k.replace("_", "-"): v for k, v in style.items()}

    def dump(self) -> dict[str, Any]:
        return {"selector": self.selector, "style": self.style}


STYLES = [
    _Style(
        "node",
        width="data(size)",
        height="data(size)",
        label="data(name)",
        font_size=12,
        text_wrap="ellipsis",
        text_max_width="150px",
        text_margin_y=2,
        min_zoomed_font_size=5,
    ),
    *(
        _Style(
            f"node[label='{group}']",
            background_color=colour,
            background_image=f"./icons/{ICONS[group]}.svg",
        )
        for group, colour in widgets.PALETTE.items()
    ),
    _Style("node[focus]", border_width=3, border_color="#222222", font_weight="bold"),
    _Style("node[picked]", outline_width=4, outline_color=PATH_COLOUR, font_weight="bold"),
    _Style(
        "edge",
        label="data(rel)",
        font_size=10,
        color="#333333",
        text_background_color="#FFFFFF",
        text_background_opacity=0.85,
        target_arrow_shape="triangle",
        min_zoomed_font_size=8,  # a label smaller on screen is noise: zoom in to read it
        text_max_width="90px",
        text_wrap="ellipsis",
    ),
    _Style("edge[label='participation']", line_style="dashed"),
    _Style(
        "edge[label='path']",
        line_color=PATH_COLOUR,
        target_arrow_color=PATH_COLOUR,
        text_background_color=PATH_COLOUR,
        text_background_opacity=1,
        text_background_padding="2px",
        text_background_shape="roundrectangle",
        color="#FFFFFF",
        font_size=12,
        width=3.5,
    ),
]


def node_element(
    node: str,
    info: NodeInfo,
    top: float,
    focus: str = "",
    position: tuple[float, float] | None = None,
    picked: bool = False,
) -> dict[str, Any]:
    """A node to draw; its size grows with its PageRank (the smallest when it has none).

    Nodes are not selectable in Cytoscape: a selected node would open the component's own panel
    (its internal data) over the graph; a click still reaches the app, which opens its card."""
    group = EVENT if info.kind == EVENT else widgets.root_type(info.type)
    size = 16 + 34 * math.sqrt(info.score / top) if top > 0 else 16
    data: dict[str, Any] = {
        "id": node,
        "label": group,
        "name": widgets.canvas_text(info.label),
        "type": widgets.canvas_text(info.type_label),
        "size": round(size, 1),
    }
    if focus:
        data["focus"] = focus
    if picked:
        data["picked"] = "yes"
    element: dict[str, Any] = {"data": data, "selectable": False}
    if position is not None:
        element["position"] = {"x": position[0], "y": position[1]}
    return element


def role_label(view: graph.GraphView, role: str) -> str:
    spec = view.vocabulary.role_types.get(role)
    return spec.label if spec else role.replace("-", " ")


def edge_element(view: graph.GraphView, e: graph.Edge) -> dict[str, Any]:
    participation = e.kind == PARTICIPATION
    label = role_label(view, e.role) if participation else e.label
    return {
        "data": {
            "id": f"{e.key}:{e.source}>{e.target}",
            "source": e.source,
            "target": e.target,
            "label": PARTICIPATION if participation else "relation",
            "rel": widgets.canvas_text(label),
            "category": e.category,
            "quote": widgets.canvas_text(e.quote[:300]),
        }
    }


def path_element(step: graph.PathStep) -> dict[str, Any]:
    return {
        "data": {
            "id": f"{step.key}:{step.source}>{step.target}",
            "source": step.source,
            "target": step.target,
            "label": "path",
            "rel": widgets.canvas_text(step.label),
            "category": step.category,
            "quote": widgets.canvas_text(step.quote[:300]),
        }
    }


def draw(
    elements: dict[str, list[dict[str, Any]]],
    version: str,
    ends: tuple[str, str] | None = None,
    label: str = "",
) -> None:
    """The network; ``version`` changes when the picture is new, so the layout runs again.

    ``ends`` pins two nodes left and right (a path then reads from left to right); ``label``
    becomes the title of the component's frame (what a screen reader announces), with a pointer
    to the text version of the network drawn under it (:func:`as_text`).
    """
    # st-link-analysis re-runs its layout only when the layout options change; new elements
    # without a new layout would pile up at the origin. Nodes that come with a position (the
    # ego network, laid out by graph.layout, seeded) are drawn where they are and fitted to the
    # frame; the others are laid out by fcose.
    placed = all("position" in n for n in elements["nodes"]) and elements["nodes"]
    if placed:
        layout = {"name": "preset", "fit": True, "padding": 30, "animate": False}
        layout["version"] = version
    else:
        layout = {**LAYOUTS["fcose"], "idealEdgeLength": 80, "nodeRepulsion": 6000}
        layout["version"] = version
    if ends:
        layout["fixedNodeConstraint"] = [
            {"nodeId": ends[0], "position": {"x": 0, "y": 0}},
            {
                "nodeId": ends[1],
                "position": {"x": 200 * max(2, len(elements["nodes"]) // 2), "y": 0},
            },
        ]
    st_link_analysis(
        elements,
        layout=layout,
        node_styles=STYLES,  # type: ignore[arg-type]  (any object with dump() will do)
        height=HEIGHT,
        key=GRAPH_KEY,
        events=[
            Event("select_node", "click tap", "node"),
            Event("expand_node", "dblclick dbltap", "node"),
        ],
    )
    if label:
        _title_frame(f"{label} (drawing; the same network is listed as text below it)")


FRAME_SCRIPT = """<span hidden>names and fits the network's frame</span><script>
const label = %s;
const doc = window.parent.document;
if (window.frameElement) {  // this helper frame itself: named, and hidden from screen readers
  window.frameElement.title = "helper that names and fits the network drawing";
  window.frameElement.setAttribute("aria-hidden", "true");
}
function fit(frame) {
  // Cytoscape measures its box when it starts, before the frame has its height: the picture
  // was fitted to the wrong box and drawn in the lower half. Measure again after each layout.
  const box = frame.contentDocument && frame.contentDocument.getElementById("cy");
  const cy = box && box._cyreg && box._cyreg.cy;
  if (!cy || cy.scratch("_threadline_fit")) return;
  cy.scratch("_threadline_fit", true);
  const again = () => { cy.resize(); cy.fit(undefined, 30); };
  cy.on("layoutstop", again);
  setTimeout(again, 50);
}
function name() {
  doc.querySelectorAll("iframe[src*='st_link_analysis']").forEach((f) => {
    if (f.title !== label) { f.title = label; f.setAttribute("aria-label", label); }
    fit(f);
  });
}
name();
const tries = setInterval(name, 250);
setTimeout(() => clearInterval(tries), 10000);
new MutationObserver(name).observe(doc.body, {subtree: true, childList: true, attributes: true,
  attributeFilter: ["title"]});
</script>"""


def _title_frame(label: str) -> None:
    """Name the component's frame: Streamlit titles it with the component's module path."""
    text = json.dumps(label).replace("<", "\\u003c")
    st.iframe(FRAME_SCRIPT % text, height=1, tab_index=-1)


def as_text(infos: dict[str, NodeInfo], edges: list[Any]) -> None:
    """The drawn network as text, for the keyboard and screen readers: a button per node (it
    opens the node's card, as a click in the drawing does) and a table of the edges with their
    relation, source and quote. ``edges`` are :class:`graph.Edge` or :class:`graph.PathStep`."""
    with st.expander(f"The network as text: {len(infos)} nodes, {len(edges)} edges"):
        st.caption("Each button opens the card of its node beside the network.")
        with st.container(horizontal=True, gap="small"):
            for n, info in infos.items():
                st.button(
                    f"{info.label} ({info.type_label})",
                    key=f"rel_text_{n}",
                    on_click=state.set_params,
                    kwargs={"node": n},
                    type="tertiary",
                )
        rows = []
        for e in edges:
            step = isinstance(e, graph.PathStep)
            relation = e.label
            source = "" if step else e.document
            if step and e.evidence is not None:
                source = e.evidence.source
            rows.append(
                {
                    "from": infos[e.source].label if e.source in infos else e.source,
                    "relation": relation,
                    "to": infos[e.target].label if e.target in infos else e.target,
                    "source": source,
                    "quote": e.quote,
                }
            )
        if rows:
            st.table(pd.DataFrame(rows).set_index("from"))


def version(*parts: Any) -> str:
    return hashlib.sha1(repr(parts).encode()).hexdigest()[:12]
