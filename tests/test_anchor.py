"""Anchoring quotes: exact offsets, context, disambiguation, hints, relocation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.anchor import (
    CONTEXT,
    MIN_QUOTE,
    QuoteAmbiguous,
    QuoteNotFound,
    QuoteTooShort,
    find_quote,
    nfc,
    occurrences,
    relocate,
    visible_length,
)

TEXT = nfc("In March, ICE arrested Khalil. Rubio’s order followed. In April, ICE arrested Öztürk.")


def test_exact_quote_gives_offsets_and_context() -> None:
    span = find_quote(TEXT, "Rubio’s order")
    assert TEXT[span.start : span.end] == "Rubio’s order"
    assert span.prefix == TEXT[max(0, span.start - CONTEXT) : span.start]
    assert span.suffix == TEXT[span.end : span.end + CONTEXT] and len(span.suffix) == CONTEXT


@pytest.mark.parametrize(
    ("kwargs", "expected_start"),
    [
        ({"occurrence": 2}, TEXT.rindex("ICE arrested")),
        ({"suffix": " Khalil"}, TEXT.index("ICE")),
        ({"prefix": "April, "}, TEXT.rindex("ICE arrested")),
    ],
)
def test_disambiguation(kwargs: dict, expected_start: int) -> None:
    assert find_quote(TEXT, "ICE arrested", **kwargs).start == expected_start


def test_ambiguous_quote_names_count_and_fix() -> None:
    with pytest.raises(QuoteAmbiguous) as info:
        find_quote(TEXT, "ICE arrested")
    assert info.value.message == "quote occurs 2 times (lines 1, 1)"
    assert "occurrence: 1 to 2" in info.value.hint


def test_straight_apostrophe_hint_quotes_the_source() -> None:
    with pytest.raises(QuoteNotFound) as info:
        find_quote(TEXT, "Rubio's order")
    assert info.value.hint == 'the source writes "Rubio’s order" (line 1): copy it exactly'


def test_unknown_quote_hint_gives_closest_passage() -> None:
    with pytest.raises(QuoteNotFound) as info:
        find_quote(TEXT, "ICE arested Khalil")
    assert "closest passage" in info.value.hint and "ICE arrested Khalil" in info.value.hint


def test_quote_is_nfc_normalised() -> None:
    decomposed = "O\u0308ztu\u0308rk"  # Öztürk with combining marks
    span = find_quote(TEXT, decomposed)
    assert span.exact == "Öztürk"


def test_relocate_after_text_change() -> None:
    span = find_quote(TEXT, "ICE arrested", occurrence=2)
    changed = "Preface added. " + TEXT
    moved = relocate(changed, span.exact, span.prefix, span.suffix, span.start)
    assert moved is not None and moved.start == span.start + len("Preface added. ")
    assert relocate("nothing here", span.exact, span.prefix, span.suffix, span.start) is None


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=300), st.data())
def test_property_offsets_return_the_quote(text: str, data: st.DataObject) -> None:
    text = nfc(text)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = text[start:end]
    if visible_length(quote) < MIN_QUOTE:
        return  # refused as too short (test_hidden_differences_are_named and the fixtures)
    n = len(occurrences(text, quote))
    index = occurrences(text, quote).index(start) + 1 if start in occurrences(text, quote) else 1
    span = find_quote(text, quote, occurrence=index if n > 1 else None)
    assert text[span.start : span.end] == quote
    assert text[: span.start].endswith(span.prefix)
    assert text[span.end :].startswith(span.suffix)


@pytest.mark.parametrize(
    ("text", "quote", "hint"),
    [
        (
            "Mahmoud\u00a0Khalil was arrested.",
            "Mahmoud Khalil",
            "the quote has a space at column 8 where the source has a non-breaking space"
            " (U+00A0) (line 1): copy the source exactly",
        ),
        (
            "In early March, ICE agents arrested him.",
            "early\u2009March",
            "the quote has a thin space (U+2009) at column 6 where the source has a space"
            " (line 1): copy the source exactly",
        ),
        (
            "a line\nColumbia Uni\u00adversity graduate",
            "Columbia University",
            "the source has a soft hyphen (U+00AD) at column 13 of the quote, where the quote"
            " has none (line 2): copy the source exactly",
        ),
    ],
    ids=["nbsp-in-source", "thin-space", "soft-hyphen-in-source"],
)
def test_hidden_differences_are_named(text: str, quote: str, hint: str) -> None:
    with pytest.raises(QuoteNotFound) as info:
        find_quote(text, quote)
    assert info.value.hint == hint


def test_too_short_quote() -> None:
    with pytest.raises(QuoteTooShort) as info:
        find_quote("a b c d", "a b")
    assert info.value.message == (
        'quote "a b" has 2 characters; a quote needs at least 3 (spaces not counted)'
    )
