"""EDTF dates: strict bounds, open ends, sets, seasons, qualifiers, errors."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.dates import DateError, _parse_with_edtf, parse_date

D = dt.date


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("2025-03-08", D(2025, 3, 8), D(2025, 3, 8)),
        ("2025-03", D(2025, 3, 1), D(2025, 3, 31)),
        ("2024", D(2024, 1, 1), D(2024, 12, 31)),
        ("[2025-03-01..2025-03-10]", D(2025, 3, 1), D(2025, 3, 10)),
        ("[1950..1953]", D(1950, 1, 1), D(1953, 12, 31)),
        ("195X", D(1950, 1, 1), D(1959, 12, 31)),
        ("2021-01-20/2025-01-20", D(2021, 1, 20), D(2025, 1, 20)),
        ("2025-21", D(2025, 3, 1), D(2025, 5, 31)),  # spring
        ("2025-03~", D(2025, 3, 1), D(2025, 3, 31)),  # strict, not the package's ±1 year padding
        ("2025-03-15?", D(2025, 3, 15), D(2025, 3, 15)),
        ("2023-10/..", D(2023, 10, 1), None),  # open end: no latest bound
        ("2023-10/", D(2023, 10, 1), None),  # unknown end: no latest bound either
        ("../2023-10", None, D(2023, 10, 31)),
        ("1803", D(1803, 1, 1), D(1803, 12, 31)),
    ],
)
def test_strict_bounds(text: str, earliest: D | None, latest: D | None) -> None:
    bounds = parse_date(text)
    assert (bounds.earliest, bounds.latest) == (earliest, latest)


def test_qualifiers() -> None:
    assert parse_date("2025-03~").approximate and not parse_date("2025-03~").uncertain
    assert parse_date("2025-03-15?").uncertain
    assert parse_date("2025-03-15%").uncertain and parse_date("2025-03-15%").approximate


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-13", "'2025-13' is not a valid EDTF date"),
        ("2025-02-30", "'2025-02-30' is not a valid EDTF date"),
        ("March 2025", "'March 2025' is not a valid EDTF date"),
        ("1984-1X", "'1984-1X' is not a valid EDTF date"),  # the package crashes on this one
        ("2025/2024", "'2025/2024' ends (2024-12-31) before it starts (2025-01-01)"),
        ("", "date is empty"),
    ],
)
def test_errors_are_clear(text: str, message: str) -> None:
    with pytest.raises(DateError) as info:
        parse_date(text)
    assert info.value.message == message
    assert info.value.hint


@given(
    st.dates(min_value=D(1000, 1, 1), max_value=D(2999, 12, 31)),
    st.dates(min_value=D(1000, 1, 1), max_value=D(2999, 12, 31)),
)
def test_property_bounds_are_ordered(a: D, b: D) -> None:
    lo, hi = sorted((a, b))
    for text in (f"{lo}/{hi}", f"[{lo}..{hi}]", lo.isoformat(), f"{lo:%Y-%m}"):
        bounds = parse_date(text)
        assert bounds.earliest is not None and bounds.latest is not None
        assert bounds.earliest <= bounds.latest


@given(
    st.dates(min_value=D(1000, 1, 1), max_value=D(2999, 12, 31)),
    st.dates(min_value=D(1000, 1, 1), max_value=D(2999, 12, 31)),
    st.sampled_from(
        [
            "{a}",
            "{a:%Y-%m}",
            "{a:%Y}",
            "[{a}..{b}]",
            "{a}/{b}",
            "{a:%Y-%m}/..",
            "../{b:%Y}",
            "[{a:%Y}..{b:%Y-%m}]",
        ]
    ),
)
def test_property_fast_path_agrees_with_edtf_package(a: D, b: D, shape: str) -> None:
    a, b = sorted((a, b))
    text = shape.format(a=a, b=b)

    def outcome(parse):  # bounds, or the error message
        try:
            bounds = parse(text)
        except DateError as exc:
            return exc.message
        return bounds.earliest, bounds.latest

    assert outcome(parse_date) == outcome(_parse_with_edtf)
