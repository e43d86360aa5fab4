"""Name folding, sentences around quotes, time windows and reading source texts."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph import QueryError, StoreError, Window, read_texts
from graph.source_texts import fold, sentence_around, sentence_ends
from graph.timeline import date_flags

TEXT = st.text(alphabet=st.sampled_from("ab .!?\n”’U.S"), max_size=200)


@given(st.text(max_size=60))
def test_fold_is_idempotent(name: str) -> None:
    assert fold(fold(name)) == fold(name)


@given(TEXT, st.data())
def test_the_sentence_holds_the_quote(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    sentence = sentence_around(text, start, end)
    assert " ".join(text[start:end].split()) in sentence
    assert sentence == sentence_around(text, start, end, sentence_ends(text))


def test_sentences_end_at_punctuation_and_line_breaks() -> None:
    text = "He said “Go.” Then Dr. Who left!\nNext line? Yes."
    at = text.index("Who")
    assert sentence_around(text, at, at + 3) == "Then Dr. Who left!"
    at = text.index("Go")
    assert sentence_around(text, at, at + 2) == "He said “Go.”"
    assert sentence_around(text, 5, 500) == ""


def test_date_flags() -> None:
    assert date_flags("2025-03?") == (True, False)
    assert date_flags("2025-03%") == (True, True)
    assert date_flags("195X") == (True, False)
    assert date_flags("2021-01-20/2025-01-20") == (False, False)


@given(
    st.dates().map(str),
    st.dates().map(str),
    st.dates().map(str),
    st.dates().map(str),
)
def test_window_overlap_is_symmetric(a: str, b: str, c: str, d: str) -> None:
    (s1, e1), (s2, e2) = sorted((a, b)), sorted((c, d))
    assert Window(s1, e1).overlaps(s2, e2) == Window(s2, e2).overlaps(s1, e1)
    assert Window(s1, e1).overlaps(s2, e2) == (s1 <= e2 and s2 <= e1)


def test_window_parsing() -> None:
    assert Window.of("2024-02", "2024-02") == Window("2024-02-01", "2024-02-29")
    assert Window.of(None, "1999").end == "1999-12-31" and Window.of().open
    with pytest.raises(QueryError, match="'2025-02-30' is not a valid date"):
        Window.of("2025-02-30")


def test_read_texts(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("id: a\ntext: a.txt\n", encoding="utf-8")
    (tmp_path / "a.txt").write_bytes("Cafe\u0301".encode())  # decomposed é
    (tmp_path / "notes.yaml").write_text("just: notes\n", encoding="utf-8")
    assert read_texts(tmp_path) == {"a": "Café"}  # NFC, as the build reads it
    (tmp_path / "b.yaml").write_text("id: b\ntext: missing.txt\n", encoding="utf-8")
    with pytest.raises(StoreError, match="cannot read the text of 'b'"):
        read_texts(tmp_path)
    (tmp_path / "b.yaml").write_text("id: [b\n", encoding="utf-8")
    with pytest.raises(StoreError, match="cannot read source metadata"):
        read_texts(tmp_path)
