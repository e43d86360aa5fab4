"""The app in a real browser (Debian's Chromium through Playwright), against a live server.

Fixtures in appserver.py start the server once and guard against requests leaving localhost.
Screenshots of every page go to build/screenshots/ for review.
"""

from __future__ import annotations

import pytest
from appserver import no_exception, open_page, shoot, wait_text

pytestmark = pytest.mark.browser


def test_overview(page, app_url: str) -> None:
    open_page(page, app_url, "", wait_for="Most connected actors")
    wait_text(page, "Donald Trump")
    wait_text(page, "Communities")
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=\"stMetric\"]').length == 5"
    )
    no_exception(page)
    shoot(page, "overview")


def test_search_opens_an_entity_with_its_quotes(page, app_url: str) -> None:
    open_page(page, app_url, "", wait_for="Find an entity or event")
    box = page.get_by_label("Name, alias or part of one (accents and case do not matter)")
    box.fill("kristi noem")
    box.press("Enter")
    page.get_by_role("link", name="Kristi Noem").first.click()
    wait_text(page, "Mentions in the sources")
    assert page.url.endswith("/entity?entity=kristi-noem")
    # the quote's card is drawn after the heading (the Overview's community links open the page
    # with a full load): wait for it rather than read the body at once
    wait_text(page, "Department of Homeland Security (DHS) chief Kristi Noem", timeout=20_000)
    no_exception(page)
    shoot(page, "entity")


def test_read_in_context_scrolls_to_the_quote(page, app_url: str) -> None:
    open_page(page, app_url, "entity?entity=kristi-noem", wait_for="Read in context")
    page.get_by_role("link", name="Read in context").first.click()
    wait_text(page, "quoted spans")
    page.wait_for_timeout(800)
    marker = page.locator("#tl-at")
    assert marker.count() == 1
    box = marker.bounding_box()
    assert box is not None and 0 <= box["y"] <= 900, box  # scrolled into the viewport
    link = page.locator("a[href='entity?entity=kristi-noem']").first
    assert link.inner_text().strip() != ""
    assert page.evaluate("document.activeElement.id") == "tl-at"  # keyboard users start there
    page.keyboard.press("Tab")  # one tab stop into the text: the first highlight after the quote
    where = "Array.from(document.querySelectorAll('#tl-reader a')).indexOf(document.activeElement)"
    first = page.evaluate(where)
    assert first > 0
    page.keyboard.press("ArrowRight")
    assert page.evaluate(where) == first + 1
    page.keyboard.press("ArrowLeft")
    assert page.evaluate(where) == first
    assert page.locator("#tl-reader a[tabindex='0']").count() == 1
    no_exception(page)
    shoot(page, "reader")


def test_query_page_runs_an_example(page, app_url: str) -> None:
    open_page(page, app_url, "query", wait_for="Read-only SPARQL")
    page.get_by_role("button", name="Run").click()  # the empty box: said, not ignored
    wait_text(page, "The box is empty: the grey text is only a hint.")
    page.locator("textarea").fill(
        "SELECT ?label WHERE { ?e a schema:Person ; rdfs:label ?label } ORDER BY ?label"
    )
    page.get_by_role("button", name="Run").click()
    wait_text(page, " row(s) in ")
    wait_text(page, "Download CSV")
    no_exception(page)
    shoot(page, "query")


def test_data_page(page, app_url: str) -> None:
    open_page(page, app_url, "data", wait_for="coverage of lurching-toward-authoritarian-rule")
    no_exception(page)
    shoot(page, "data")
