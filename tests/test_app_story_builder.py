"""Make a story in the app (issue 13): steps from events, reordered, checked, downloaded, saved."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from streamlit import config
from streamlit.testing.v1 import AppTest

from extract import check_story_text

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def listening_on():
    """Sets the address the app listens on (the project's .streamlit/config.toml says 127.0.0.1,
    but a test that ran earlier in this process from another folder may have read no config)."""
    before = config.get_option("server.address")

    def listen(address: str) -> None:
        config.set_option("server.address", address)

    yield listen
    config.set_option("server.address", before)


def open_builder(monkeypatch, data: Path) -> AppTest:
    monkeypatch.setenv("THREADLINE_DATA", str(data))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.switch_page("app_pages/story_builder.py")
    return at.run()


def add_step(at: AppTest, heading: str, events: list[str], text: str = "") -> None:
    at.text_input(key="sb_heading").set_value(heading)
    at.text_area(key="sb_text").set_value(text)
    at.multiselect(key="sb_events").set_value(events)
    at.run()
    at.button(key="sb_add").click().run()


def test_a_story_made_from_events_is_checked_saved_and_shown(
    monkeypatch, tmp_path: Path, listening_on
) -> None:
    listening_on("127.0.0.1")
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    at = open_builder(monkeypatch, data)
    assert not at.exception
    assert at.button(key="sb_add").disabled  # no heading yet
    at.text_input(key="sb_title").set_value("Two arrests").run()
    add_step(at, "Khalil", ["khalil-arrest"], "The article reports the arrest in March.")
    add_step(at, "Öztürk", ["ozturk-arrest"])
    assert not at.exception
    assert [m.value.split("**")[1] for m in at.markdown if m.value.startswith("**")][:2] == [
        "1. Khalil",
        "2. Öztürk",
    ]
    at.button(key="sb-up-1").click().run()  # reorder: Öztürk first
    text = at.code[0].value
    story = yaml.safe_load(text)
    assert story["id"] == "two-arrests" and story["title"] == "Two arrests"
    assert [s["heading"] for s in story["steps"]] == ["Öztürk", "Khalil"]
    assert story["steps"][1] == {
        "heading": "Khalil",
        "text": "The article reports the arrest in March.",
        "view": "timeline",
        "start": "2025-03",
        "end": "2025-03",
        "highlight": ["khalil-arrest"],
    }
    assert check_story_text(text).id == "two-arrests"
    assert at.get("download_button")
    at.button(key="sb_save").click().run()
    assert not at.exception
    saved = data / "stories" / "two-arrests.yaml"
    assert saved.read_text(encoding="utf-8").rstrip("\n") == text.rstrip("\n")
    assert any("Saved two-arrests.yaml" in s.value for s in at.success)
    at.button(key="sb_save").click().run()  # a second save does not overwrite
    assert at.button(key="sb_save").disabled

    stories = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    stories.switch_page("app_pages/stories.py")
    stories.query_params["story"] = "two-arrests"
    stories.run()
    assert not stories.exception and not stories.warning
    assert ">Öztürk</div>" in " ".join(e.proto.body for e in stories.get("html"))


def test_an_event_card_adds_to_the_draft(monkeypatch) -> None:
    monkeypatch.setenv("THREADLINE_DATA", str(ROOT / "data"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.switch_page("app_pages/timeline.py")
    at.query_params["event"] = "khalil-arrest"
    at.run()
    button = next(b for b in at.button if b.label == "Add to a story draft")
    button.click().run()
    assert at.session_state["story_draft_events"] == ["khalil-arrest"]
    at.switch_page("app_pages/story_builder.py").run()
    assert at.multiselect(key="sb_events").value == ["khalil-arrest"]


def test_a_bad_window_is_a_located_message(monkeypatch, tmp_path: Path) -> None:
    at = open_builder(monkeypatch, ROOT / "data")
    at.text_input(key="sb_title").set_value("Dates").run()
    at.text_input(key="sb_start").set_value("March 2025")
    add_step(at, "A step", ["khalil-arrest"])
    assert not at.exception
    assert "'March 2025' is not a valid EDTF date" in at.error[0].value
    assert not at.get("download_button")


def test_an_app_open_to_other_machines_offers_only_the_download(
    monkeypatch, tmp_path: Path, listening_on
) -> None:
    listening_on("0.0.0.0")
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    at = open_builder(monkeypatch, data)
    at.text_input(key="sb_title").set_value("Two arrests").run()
    add_step(at, "Khalil", ["khalil-arrest"])
    assert not at.exception and at.get("download_button")
    assert not [b for b in at.button if b.key == "sb_save"]
    assert any("Saving into the stories folder is off" in c.value for c in at.caption)
    assert sorted(p.name for p in (data / "stories").iterdir()) == sorted(
        p.name for p in (ROOT / "data" / "stories").iterdir()
    )
