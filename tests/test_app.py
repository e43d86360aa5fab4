"""The Streamlit app without a browser (AppTest): renders, searches, shows quotes, errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "data" / "mini"


def app_on(data: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("THREADLINE_DATA", str(data))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    return at.run()


def html_text(at: AppTest) -> str:
    return " ".join(str(e.proto) for e in at.get("html"))


def test_renders_counts_and_table(monkeypatch) -> None:
    at = app_on(MINI, monkeypatch)
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Entities"] == "9" and metrics["Events"] == "2"
    table = at.dataframe[0].value
    assert set(table["label"]) >= {"Marco Rubio", "Rümeysa Öztürk", "Louisiana"}
    assert "Secretary of State Marco Rubio" in set(table["first quote"])


def test_search_is_accent_insensitive_and_shows_the_quote(monkeypatch) -> None:
    at = app_on(MINI, monkeypatch)
    at.text_input(key="search").set_value("ozturk").run()
    assert list(at.dataframe[0].value["label"]) == ["Rümeysa Öztürk"]
    assert at.selectbox(key="entity").value.label == "Rümeysa Öztürk"
    assert "<mark><b>Rümeysa Öztürk</b></mark>" in html_text(at)


def test_type_filter(monkeypatch) -> None:
    at = app_on(MINI, monkeypatch)
    at.multiselect(key="types").set_value(["person"]).run()
    assert sorted(at.dataframe[0].value["label"]) == [
        "Mahmoud Khalil",
        "Marco Rubio",
        "Rümeysa Öztürk",
    ]


def test_no_match_says_so(monkeypatch) -> None:
    at = app_on(MINI, monkeypatch)
    at.text_input(key="search").set_value("zzzz").run()
    assert not at.exception and "No entity matches this search." in [i.value for i in at.info]


def test_text_from_data_is_never_rendered_as_html_or_markdown(monkeypatch, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    f = data / "curation" / "mini.yaml"
    f.write_text(
        f.read_text().replace(
            "description: Palestinian activist", "description: <b>bold</b> **strong** activist"
        )
    )
    text = data / "sources" / "mini.txt"
    text.write_text(text.read_text().replace("ICE agents took", "<i>ICE</i> agents took"))
    from extract.sources import read_text, text_sha256

    meta = data / "sources" / "mini.yaml"
    old = meta.read_text().split("sha256: ")[1].split()[0]
    meta.write_text(meta.read_text().replace(old, text_sha256(read_text(text))))
    f.write_text(
        f.read_text().replace(
            'evidence: "ICE agents took her to Louisiana"',
            'evidence: "<i>ICE</i> agents took her to Louisiana"',
        )
    )
    at = app_on(data, monkeypatch)
    assert not at.exception
    at.text_input(key="search").set_value("khalil").run()
    assert at.text[0].value.startswith("<b>bold</b> **strong** activist")
    at.text_input(key="search").set_value("louisiana").run()
    assert "&lt;i&gt;ICE&lt;/i&gt; agents took her to" in html_text(at)


def test_broken_curation_shows_the_problems_not_a_traceback(monkeypatch, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    f = data / "curation" / "mini.yaml"
    f.write_text(f.read_text().replace("role: arrested}", "role: arestd}"))
    at = app_on(data, monkeypatch)
    assert not at.exception
    assert "has 1 problem(s)" in at.error[0].value
    assert "unknown role type 'arestd'" in at.code[0].value
