"""The Relations page in a real browser: click a node in the Cytoscape network, connect A and B.

Fixtures in appserver.py start the server once and fail a test on any request leaving localhost.
Screenshots go to build/screenshots/ (relations.png, connect.png).
"""

from __future__ import annotations

import pytest
from appserver import no_exception, open_page, shoot, wait_text

pytestmark = pytest.mark.browser

FRAME = "iframe[title='st_link_analysis.component.component.st_link_analysis']"
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
