"""The Relations page in a real browser: click a node in the Cytoscape network, connect A and B.

Fixtures in appserver.py start the server once and fail a test on any request leaving localhost.
Screenshots go to build/screenshots/ (relations.png, connect.png).
"""

from __future__ import annotations

import pytest
from appserver import no_exception, open_page, shoot, wait_text

pytestmark = pytest.mark.browser

FRAME = "iframe[src*='st_link_analysis']"
FIND_NODE = """(_body, id) => {
    const el = [...document.querySelectorAll('div')].find(d => d._cyreg && d._cyreg.cy);
    if (!el) return null;
    const node = el._cyreg.cy.getElementById(id);
    if (node.empty()) return null;
    const r = node.renderedPosition(), b = el.getBoundingClientRect();
    return {x: r.x + b.left, y: r.y + b.top};
}"""


def network(page):
    """The network component's frame, once Cytoscape has drawn and its layout has settled."""
    # a rerun that moves the component mounts a new frame; the old one goes when the run ends
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000
    )
    page.wait_for_function("s => document.querySelectorAll(s).length == 1", arg=FRAME)
    frame = page.frame_locator(FRAME).first
    frame.locator("canvas").first.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)  # the layout animation
    return frame


def click_node(page, node: str) -> None:
    frame = network(page)
    pos = frame.locator("body").evaluate(FIND_NODE, node)
    assert pos is not None, f"{node} is not drawn"
    box = page.locator(FRAME).first.bounding_box()
    page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])


def test_click_a_node_opens_its_card_with_a_quote(page, app_url: str) -> None:
    open_page(page, app_url, "relations?entity=elon-musk", wait_for=" nodes, ")
    click_node(page, "afd")
    wait_text(page, "Open the entity page")
    card = page.locator("[data-testid='stColumn']").filter(has_text="Open the entity page").last
    assert "Alternative für Deutschland" in card.inner_text()
    assert card.locator("mark").count() >= 1  # the quote
    assert "node=afd" in page.url and "entity=elon-musk" in page.url
    no_exception(page)
    page.set_viewport_size({"width": 1400, "height": 1400})
    page.wait_for_timeout(500)
    shoot(page, "relations")


def test_connect_lists_every_hop_with_its_quote(page, app_url: str) -> None:
    open_page(page, app_url, "relations?entity=elon-musk", wait_for=" nodes, ")
    page.get_by_role("radio", name="Connect A and B").click()
    for label, name in (("From (A)", "elon musk"), ("To (B)", "alice weidel")):
        box = page.get_by_role("textbox", name=label)
        box.fill(name)
        box.press("Enter")
    wait_text(page, "Paths, hop by hop")
    wait_text(page, "AfD leader Alice Weidel")  # the quote behind the second hop
    text = page.inner_text("body")
    assert "Elon Musk — is associated with → Alternative für Deutschland" in text
    assert "Alternative für Deutschland — is led by → Alice Weidel" in text
    assert "a=elon-musk" in page.url and "b=alice-weidel" in page.url
    network(page)
    no_exception(page)
    page.set_viewport_size({"width": 1400, "height": 1400})
    page.wait_for_timeout(500)
    shoot(page, "connect")


SPREAD = """(body) => {
    const el = [...document.querySelectorAll('div')].find(d => d._cyreg && d._cyreg.cy);
    const cy = el._cyreg.cy, bb = cy.elements().renderedBoundingBox();
    return {x1: bb.x1, x2: bb.x2, y1: bb.y1, y2: bb.y2, w: cy.width(), h: cy.height(),
            names: cy.nodes().map(n => n.id()).sort(),
            at: cy.nodes().map(n => [n.id(), Math.round(n.position().x)]).sort()};
}"""


def test_default_network_is_readable_fills_its_frame_and_has_a_text_version(
    page, app_url: str
) -> None:
    open_page(page, app_url, "relations", wait_for=" nodes, ")
    frame = network(page)
    title = page.locator(FRAME).first.get_attribute("title")
    assert title.startswith("Network of Donald Trump: 21 nodes"), title
    drawn = frame.locator("body").evaluate(SPREAD)
    assert len(drawn["names"]) == 21  # the centre and its 20 best linked neighbours
    # fitted: the picture spans the frame's width or height and lies inside it
    assert drawn["x1"] >= -1 and drawn["y1"] >= -1
    assert drawn["x2"] <= drawn["w"] + 1 and drawn["y2"] <= drawn["h"] + 1
    assert max(drawn["x2"] - drawn["x1"], drawn["y2"] - drawn["y1"]) > 0.8 * min(
        drawn["w"], drawn["h"]
    )
    # the same picture at the next load (a seeded layout)
    open_page(page, app_url, "relations", wait_for=" nodes, ")
    assert network(page).locator("body").evaluate(SPREAD)["at"] == drawn["at"]
    # a click opens the app's card beside the graph, and no component panel shows internals
    click_node(page, "elon-musk")
    wait_text(page, "Open the entity page")
    card = page.get_by_role("link", name="Open the entity page").bounding_box()
    graph_box = page.locator(FRAME).first.bounding_box()
    assert card["x"] > graph_box["x"] + graph_box["width"]
    panel = frame.locator("#infopanel").get_attribute("data-expanded")
    assert panel != "true"
    # the text version: a node's button, reached by the keyboard, opens the same card
    page.get_by_text("The network as text").click()
    button = page.get_by_role("button", name="China (country)")
    button.focus()
    page.keyboard.press("Enter")
    wait_text(page, "Open the entity page")
    page.wait_for_function("() => location.search.includes('node=china')")
    assert page.locator("table").filter(has_text="relation").count() >= 1
    no_exception(page)
    shoot(page, "relations-default")
