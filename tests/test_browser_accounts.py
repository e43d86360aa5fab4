"""The event card of an event two sources tell, in a real browser (issue 12).

One Streamlit server on the two-source fixture (tests/data/accounts/) and one page load: the card
shows one column per source, side by side, each with that source's date, and marks what the
accounts disagree on (≠, with an accessible name), never picking a winner.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from appserver import guarded, open_page, serve, shoot
from playwright.sync_api import expect

ACCOUNTS = Path(__file__).resolve().parent / "data" / "accounts"


@pytest.fixture(scope="module")
def accounts_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(ACCOUNTS, tmp_path_factory.mktemp("accounts-server") / "streamlit.log") as url:
        yield url


def test_the_event_card_shows_two_accounts_side_by_side(accounts_url: str, browser) -> None:
    # the session's browser (tests/appserver.py): a second Playwright in one process fails
    outside: list[str] = []
    page = guarded(browser.new_page(viewport={"width": 1400, "height": 900}), outside)
    try:
        open_page(page, accounts_url, "timeline?event=khalil-arrest", "What each source says")
        mark = "[aria-label='differs between the sources']"
        page.wait_for_selector(mark, timeout=60_000)  # the columns' HTML comes last
        columns = page.locator("[data-testid='stColumn']").filter(
            has_text="Date:"
        )  # one column per account, each with its source's date
        # the columns arrive one after the other: wait for the second (it also bears a mark)
        expect(columns).to_have_count(2, timeout=60_000)
        expect(columns.nth(1)).to_contain_text("in March", timeout=60_000)
        texts = [columns.nth(i).inner_text() for i in range(columns.count())]
        assert len(texts) == 2, texts
        assert texts[0].startswith("dispatch") and "On March 8, 2025" in texts[0]
        assert texts[1].startswith("weekly") and "in March" in texts[1]
        assert "U.S. Immigration and Customs Enforcement" in texts[0]
        assert "U.S. Department of Homeland Security" in texts[1]
        boxes = [columns.nth(i).bounding_box() for i in range(2)]
        assert boxes[0] and boxes[1]
        assert boxes[0]["x"] + boxes[0]["width"] <= boxes[1]["x"] + 1  # side by side
        assert abs(boxes[0]["y"] - boxes[1]["y"]) < 5
        # the differences are marked in each column, with a name a screen reader reads
        marks = page.locator(mark)
        assert marks.count() >= 4  # the date and the three named in one account only
        assert marks.first.is_visible()
        assert page.get_by_text("Where the sources differ").is_visible()
        shoot(page, "event-card-two-accounts")
    finally:
        page.close()
    assert outside == [], f"requests left localhost: {outside}"
