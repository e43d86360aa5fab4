"""The network chart: an ego network or the paths between two nodes, drawn by st-link-analysis.

Cytoscape.js is bundled in the st-link-analysis wheel; only the nodes and edges given here go to
the browser. :func:`draw` shows them, :func:`handle_graph_event` acts once on a click (open a
node's card) or a double-click (add a node's neighbours), since the component re-sends its last
event on every rerun.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from typing import Any

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
    if event.get("action") == "expand" and data.get("node_ids"):
        expanded = state.params("expand")
        expanded += [str(n) for n in data["node_ids"] if str(n) not in expanded]
        state.set_params(expand=expanded, node=str(data["node_ids"][0]))
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
    _Style(
        "edge",
        label="data(rel)",
        font_size=8,
        target_arrow_shape="triangle",
        min_zoomed_font_size=5,
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


def node_element(node: str, info: NodeInfo, top: float, focus: str = "") -> dict[str, Any]:
    """A node to draw; its size grows with its PageRank (the smallest when it has none)."""
    group = EVENT if info.kind == EVENT else widgets.root_type(info.type)
    size = 16 + 34 * math.sqrt(info.score / top) if top > 0 else 16
    data: dict[str, Any] = {
        "id": node,
        "label": group,
        "name": widgets.canvas_text(info.label),
        "type": widgets.canvas_text(info.type_label),
        **({"pagerank": round(info.score, 4)} if info.score else {}),
        "size": round(size, 1),
    }
    if focus:
        data["focus"] = focus
    return {"data": data}


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
    elements: dict[str, list[dict[str, Any]]], version: str, ends: tuple[str, str] | None = None
) -> None:
    """The network; ``version`` changes when the picture is new, so the layout runs again.

    ``ends`` pins two nodes left and right (a path then reads from left to right).
    """
    # st-link-analysis re-runs its layout only when the layout options change; new elements
    # without a new layout would pile up at the origin. A double-click expansion keeps the
    # version: the component then lays out only the added nodes around the clicked one.
    layout = {**LAYOUTS["fcose"], "idealEdgeLength": 80, "nodeRepulsion": 6000, "version": version}
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
        events=[Event("select_node", "click tap", "node")],
        node_actions=["expand"],
    )


def version(*parts: Any) -> str:
    return hashlib.sha1(repr(parts).encode()).hexdigest()[:12]
