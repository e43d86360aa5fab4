"""The Timeline and Stories pages in a real browser (Debian's Chromium through Playwright).

The server and browser fixtures (appserver.py) are shared with the other browser tests; every
request leaving localhost fails the test. Screenshots go to build/screenshots/.
"""

from __future__ import annotations

import pytest
from appserver import no_exception, open_page, quiet, settle, shoot, wait_text

pytestmark = pytest.mark.browser

KHALIL_QUOTE = "Mahmoud Khalil, arrested as he was entering his apartment building"

# Where an event's marker is: the trace and point numbers of Plotly's data, which match the order
# of the `.scatterlayer .trace` groups and of their `.point` paths.
FIND_POINT = """id => {
    const gd = document.querySelector('.js-plotly-plot');
    if (!gd || !gd.data) return null;
    for (let t = 0; t < gd.data.length; t++) {
        const cd = gd.data[t].customdata || [];
        for (let i = 0; i < cd.length; i++) if (cd[i][0] === id) return [t, i];
    }
    return null;
}"""


def click_event(page, event_id: str) -> None:
    page.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=60_000)
    # the chart may be drawn again by a run still ending (its data arrive after its points)
    try:
        page.wait_for_function(f"() => ({FIND_POINT})({event_id!r}) !== null", timeout=30_000)
    except Exception as error:
        raise AssertionError(f"{event_id} is not drawn") from error
    trace, point = page.evaluate(FIND_POINT, event_id)
    marker = page.locator(".js-plotly-plot .scatterlayer .trace").nth(trace).locator(".point")
    marker.nth(point).click(force=True)


def test_a_timeline_click_opens_the_card_with_the_quote(page, app_url: str) -> None:
    open_page(page, app_url, "timeline", wait_for="dated events")
    page.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=60_000)
    assert page.locator(".js-plotly-plot .scatterlayer .point").count() > 50
    click_event(page, "khalil-arrest")
    dialog = page.get_by_role("dialog")
    dialog.wait_for(timeout=30_000)
    wait_text(page, KHALIL_QUOTE)
    assert "Arrest of Mahmoud Khalil" in dialog.inner_text()
    assert dialog.locator("mark").count() >= 1
    assert "event=khalil-arrest" in page.url
    no_exception(page)
    shoot(page, "timeline")
    # a linked event opens in the same dialog (a button in a dialog reruns only the dialog)
    dialog.get_by_role("button", name="Online publication targeting Mahmoud Khalil").click()
    page.wait_for_function("() => location.search.includes('event=khalil-doxing')")
    page.wait_for_function(
        "() => document.querySelector('[role=dialog]').innerText.includes('pro-Israel activist')",
        timeout=30_000,
    )
    quiet(page, 500)  # a key pressed while the dialog reruns is lost
    page.keyboard.press("Escape")  # closing the card takes the event off the URL
    dialog.wait_for(state="detached", timeout=30_000)
    page.wait_for_function("() => !location.search.includes('event=')", timeout=30_000)


def test_a_copied_timeline_url_restores_the_view(page, app_url: str) -> None:
    open_page(
        page,
        app_url,
        "timeline?lane=actor&actor=mahmoud-khalil&event=khalil-arrest",
        wait_for=KHALIL_QUOTE,
    )
    assert page.get_by_role("dialog").is_visible()
    page.keyboard.press("Escape")
    wait_text(page, "dated events in")
    page.wait_for_selector(".js-plotly-plot .ytick text", timeout=60_000)
    ticks = page.eval_on_selector_all(
        ".js-plotly-plot .ytick text", "els => els.map(e => e.textContent)"
    )
    assert ticks and ticks[0] == "Mahmoud Khalil"
    no_exception(page)


ZOOM_LABELS = """() => [...document.querySelectorAll('.tl-zoom-labels div')].map(d => {
    const r = d.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })"""
SHOWN_NOTES = """() => [...document.querySelectorAll('.js-plotly-plot .infolayer .annotation')]
    .filter(a => a.style.visibility !== 'hidden' && a.getBoundingClientRect().width > 0)
    .map(a => { const r = a.getBoundingClientRect();
                return [r.left, r.top, r.right, r.bottom]; })"""


def test_zooming_in_labels_the_events_it_spreads_apart(page, app_url: str) -> None:
    """A drag (Plotly's zoom, in the browser) labels the events that now have room, over no
    other label; a double-click zooms out and takes them away."""
    page.set_viewport_size({"width": 1400, "height": 1400})
    open_page(page, app_url, "timeline", wait_for="dated events")
    quiet(page, 500)
    area = page.locator(".st-key-tl_chart .js-plotly-plot").first.locator(".nsewdrag").first
    box = area.bounding_box()
    assert box is not None
    assert page.evaluate(ZOOM_LABELS) == []
    page.mouse.move(box["x"] + box["width"] * 0.62, box["y"] + 5)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.8, box["y"] + box["height"] - 5, steps=8)
    page.mouse.up()
    page.wait_for_function(f"() => ({ZOOM_LABELS})().length >= 5", timeout=15_000)
    added, shown = page.evaluate(ZOOM_LABELS), page.evaluate(SHOWN_NOTES)
    boxes = added + shown
    for i, a in enumerate(boxes):  # no two labels overlap (a pixel of rounding allowed)
        for b in boxes[i + 1 :]:
            assert not (
                a[0] + 1 < b[2] and b[0] + 1 < a[2] and a[1] + 1 < b[3] and b[1] + 1 < a[3]
            ), (a, b)
    assert page.locator(".tl-zoom-labels").get_attribute("aria-hidden") == "true"
    page.mouse.dblclick(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function(f"() => ({ZOOM_LABELS})().length === 0", timeout=15_000)
    no_exception(page)


def test_a_phone_gets_the_list_in_the_charts_place(page, app_url: str) -> None:
    """At 390×844 the chart (whose year would be a few pixels wide) gives way to the vertical
    list, whose links open the cards; a wide window shows the chart again."""
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, app_url, "timeline", wait_for="dated events")
    phone_list = page.locator(".st-key-tl_list_phone .tl-list li")
    phone_list.first.wait_for(timeout=30_000)
    assert phone_list.count() > 150  # the period's dated events and the 130 undated ones
    # hidden by the page's style, which a busy run may send a moment after the list
    page.locator(".st-key-tl_chart").wait_for(state="hidden", timeout=30_000)
    first = page.locator(".st-key-tl_list_phone .tl-list a").first
    first.focus()
    page.keyboard.press("Enter")
    page.get_by_role("dialog").wait_for(timeout=30_000)
    assert "event=" in page.url
    page.keyboard.press("Escape")
    page.get_by_role("dialog").wait_for(state="detached", timeout=30_000)
    page.set_viewport_size({"width": 1400, "height": 900})
    page.locator(".st-key-tl_chart .js-plotly-plot").first.wait_for(timeout=30_000)
    page.locator(".st-key-tl_list_phone").wait_for(state="hidden", timeout=30_000)
    no_exception(page)


def test_enter_in_the_sidebar_date_applies_it(page, app_url: str) -> None:
    """Typing a date in From and pressing Enter narrows the timeline (no need to leave the
    field), as a keyboard user expects."""
    open_page(page, app_url, "timeline", wait_for="dated events")
    field = page.get_by_role("textbox", name="From")
    field.focus()
    page.keyboard.type("2025-03")
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('from=2025-03-01')", timeout=30_000)
    settle(page)
    assert field.evaluate("e => e === document.activeElement")  # focus stays where it was
    no_exception(page)


def test_dragging_across_the_chart_draws_that_period(page, app_url: str) -> None:
    """With Box Select from the toolbar, a drag across the timeline selects a period: the page
    draws it anew (From and To set), and a button brings every date back."""
    open_page(page, app_url, "timeline", wait_for="dated events")
    page.wait_for_selector(".js-plotly-plot .nsewdrag", timeout=60_000)
    page.locator(".js-plotly-plot").first.hover()
    page.locator(".js-plotly-plot .modebar-btn[data-val='select']").click()
    area = page.locator(".js-plotly-plot .nsewdrag").first.bounding_box()
    y = area["y"] + min(60, area["height"] / 2)  # the top lanes, in the viewport
    page.mouse.move(area["x"] + area["width"] * 0.62, y)
    page.mouse.down()
    page.mouse.move(area["x"] + area["width"] * 0.75, y, steps=8)
    page.mouse.move(area["x"] + area["width"] * 0.85, y, steps=8)
    page.mouse.up()
    page.wait_for_function(
        "() => location.search.includes('from=') && location.search.includes('to=')",
        timeout=30_000,
    )
    settle(page)
    no_exception(page)
    assert not page.get_by_role("dialog").is_visible()
    shoot(page, "timeline-period")
    page.get_by_role("button", name="Show every date again").click()
    page.wait_for_function("() => !location.search.includes('from=')", timeout=30_000)
    no_exception(page)


def test_a_story_walks_forward_and_back(page, app_url: str) -> None:
    open_page(page, app_url, "stories?story=100-days-of-decrees", wait_for="The election")
    wait_text(page, "Step 1 of 6")
    page.locator(".st-key-next-top button").click()
    wait_text(page, "Day One")
    wait_text(page, "It started with a tsunami of executive orders")
    assert "step=2" in page.url
    shoot(page, "story")
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.keyboard.press("ArrowRight")
    wait_text(page, "Who enforces immigration policy")
    page.wait_for_function("() => location.search.includes('step=3')")
    shoot(page, "story-network")
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("() => location.search.includes('step=2')")
    wait_text(page, "Step 2 of 6")
    quiet(page)  # a click during a rerun lands on a button about to be replaced
    page.locator(".st-key-prev-bottom button").click()
    wait_text(page, "Step 1 of 6")
    page.wait_for_function("() => location.search.includes('step=1')")
    no_exception(page)


def test_a_story_presented_to_a_class(page, app_url: str) -> None:
    """The presentation view: no sidebar, the quote in view at 1280×720, the keys working
    whatever has focus, Esc to leave."""
    page.set_viewport_size({"width": 1280, "height": 720})
    open_page(page, app_url, "stories?story=100-days-of-decrees&step=2", wait_for="Day One")
    page.locator(".st-key-present button").click()
    page.wait_for_function("() => location.search.includes('present=1')")
    wait_text(page, "100 days of decrees · Step 2 of 6")
    assert not page.locator("[data-testid='stSidebar']").is_visible()
    settle(page)  # the step as presented, not the elements of the run before (stale)
    page.wait_for_timeout(500)
    quote = (
        page.locator("[data-testid='stElementContainer'][data-stale='false']")
        .filter(has_text="It started with a tsunami of executive orders")
        .last
    )
    quote.wait_for()
    box = quote.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 720, box  # above the fold
    # sized for a projector: the step's heading and text in large type, its chart in view
    sizes = page.evaluate(
        "() => ['.tl-present-heading', '.tl-present-text'].map(s =>"
        " parseFloat(getComputedStyle(document.querySelector(s)).fontSize))"
    )
    assert sizes[0] >= 40 and sizes[1] >= 24, sizes
    chart = page.locator(".js-plotly-plot").first.bounding_box()
    assert chart is not None and chart["y"] < 720 and chart["height"] > 150, chart
    page.keyboard.press("f")  # full screen, and F again to leave it
    page.wait_for_function("() => document.fullscreenElement !== null", timeout=10_000)
    page.keyboard.press("f")
    page.wait_for_function("() => document.fullscreenElement === null", timeout=10_000)
    page.locator(".st-key-prev-top button").focus()  # a focused widget keeps the keys working
    page.keyboard.press("ArrowRight")
    wait_text(page, "Step 3 of 6")
    page.keyboard.press("PageDown")  # a presentation clicker
    wait_text(page, "Step 4 of 6")
    page.keyboard.press("PageUp")
    wait_text(page, "Step 3 of 6")
    shoot(page, "story-present")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !location.search.includes('present=1')")
    wait_text(page, "Present")
    # the sidebar comes back with the run that follows (slow on a busy machine: wait for it)
    page.locator("[data-testid='stSidebar']").wait_for(state="visible", timeout=15_000)
    assert "step=3" in page.url
    no_exception(page)
