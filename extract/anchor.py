"""Anchor quotes in source texts: exact, code-point offsets, with 32-character context.

Pure string functions. Offsets are 0-based Unicode code points of the NFC text, end exclusive, as
in the W3C Web Annotation ``TextPositionSelector``.

>>> text = "In March, ICE arrested Khalil. In April, ICE arrested Öztürk."
>>> span = find_quote(text, "ICE arrested", suffix=" Öztürk")
>>> (span.start, span.end, text[span.start:span.end])
(41, 53, 'ICE arrested')
"""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

CONTEXT = 32
MIN_QUOTE = 3  # non-space characters: fewer cannot say which words of the source are meant
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})
# Characters that look like a space, or like nothing, and so hide in a quote copied from a page.
SPACES = {
    "\u00a0": "non-breaking space",
    "\u2002": "en space",
    "\u2003": "em space",
    "\u2007": "figure space",
    "\u2009": "thin space",
    "\u200a": "hair space",
    "\u202f": "narrow non-breaking space",
}
INVISIBLE = {
    "\u00ad": "soft hyphen",
    "\u200b": "zero-width space",
    "\u200c": "zero-width non-joiner",
    "\u200d": "zero-width joiner",
    "\u2060": "word joiner",
    "\ufeff": "zero-width no-break space",
}
_BLIND = str.maketrans({**dict.fromkeys(SPACES, " "), **dict.fromkeys(INVISIBLE)})


@dataclass(frozen=True)
class Span:
    """Where a quote stands in a text, with the context on either side."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


class AnchorError(ValueError):
    """A quote that cannot be anchored; ``hint`` says how to fix it."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class QuoteNotFound(AnchorError):
    """The quote is not in the text verbatim."""


class QuoteTooShort(AnchorError):
    """The quote has too few characters to point at one passage."""


class QuoteAmbiguous(AnchorError):
    """The quote occurs more than once and nothing says which occurrence is meant."""


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def visible_length(quote: str) -> int:
    """The characters of a quote besides spaces and invisible ones (at least MIN_QUOTE)."""
    return len("".join(quote.translate(_BLIND).split()))


def span_at(text: str, start: int, end: int) -> Span:
    """The span ``text[start:end]`` with its 32-character prefix and suffix."""
    return Span(
        start,
        end,
        text[start:end],
        text[max(0, start - CONTEXT) : start],
        text[end : end + CONTEXT],
    )


def occurrences(text: str, quote: str) -> list[int]:
    """Start offsets of every (possibly overlapping) occurrence of ``quote``."""
    found, i = [], text.find(quote)
    while i >= 0 and quote:
        found.append(i)
        i = text.find(quote, i + 1)
    return found


class LineIndex:
    """Maps code-point offsets to 1-based line numbers of a text."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, offset)


def _shorten(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _widen(text: str, start: int, end: int, reach: int = 12) -> tuple[int, int]:
    """Stretch a span to whole words (at most ``reach`` characters each way)."""
    lo = start
    while lo > 0 and start - lo < reach and not text[lo - 1].isspace():
        lo -= 1
    hi = end
    while hi < len(text) and hi - end < reach and not text[hi].isspace():
        hi += 1
    return lo, hi


def _char(c: str) -> str:
    """A character named for a message: 'a non-breaking space (U+00A0)', 'a space', "'x'"."""
    if c == " ":
        return "a space"
    name = SPACES.get(c) or INVISIBLE.get(c)
    if name is None:
        return repr(c)
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name} (U+{ord(c):04X})"


def _hidden_difference(text: str, quote: str) -> str | None:
    """Name the first look-alike space or invisible character that keeps a quote from matching.

    The quote and the text are compared with every such character made a plain space (or
    removed); if the quote then matches, the first place where they differ is named.
    """
    blind_text, blind_quote = text.translate(_BLIND), quote.translate(_BLIND)
    if not blind_quote.strip():
        return None
    i = blind_text.find(blind_quote)
    if i < 0:
        return None
    start = i
    if len(blind_text) != len(text):  # invisible characters were removed: find the offset again
        kept = 0
        for n, c in enumerate(text):
            if c in INVISIBLE:
                continue
            if kept == i:
                start = n
                break
            kept += 1
    q, t = 0, start
    while q < len(quote) and t < len(text):
        qc, tc = quote[q], text[t]
        if qc == tc:
            q, t = q + 1, t + 1
            continue
        line = LineIndex(text).line(t)
        if qc in INVISIBLE:
            return (
                f"the quote has {_char(qc)} at column {q + 1} where the source has none "
                f"(line {line}): remove it"
            )
        if tc in INVISIBLE:
            return (
                f"the source has {_char(tc)} at column {q + 1} of the quote, where the quote "
                f"has none (line {line}): copy the source exactly"
            )
        if qc in SPACES or tc in SPACES:
            return (
                f"the quote has {_char(qc)} at column {q + 1} where the source has "
                f"{_char(tc)} (line {line}): copy the source exactly"
            )
        return None  # another difference (quote marks, dashes): the caller names the passage
    return None


def _near_miss(text: str, quote: str) -> str:
    """A hint naming the passage closest to a quote that is not in the text."""
    hidden = _hidden_difference(text, quote)
    if hidden is not None:
        return hidden
    folded_text, folded_quote = text.translate(_FOLD).lower(), quote.translate(_FOLD).lower()
    if len(folded_text) == len(text) and folded_quote:
        i = folded_text.find(folded_quote)
        if i >= 0:
            passage = text[i : i + len(quote)]
            return (
                f'the source writes "{passage}" (line {LineIndex(text).line(i)}): copy it exactly'
            )
        squeezed = " ".join(folded_quote.split())
        if squeezed != folded_quote:
            i = folded_text.find(squeezed)
            if i >= 0:
                line = LineIndex(text).line(i)
                return f"the source has this passage with single spaces (line {line})"
    if len(quote) < 4:
        return "the quote is too short to find a close passage; quote a longer phrase"
    best = fuzz.partial_ratio_alignment(quote, text, score_cutoff=60)
    if best is None:
        return "no similar passage in the source: check that the item belongs to this source"
    start, end = _widen(text, best.dest_start, best.dest_end)
    passage = text[start:end]
    line = LineIndex(text).line(start)
    return f'closest passage (line {line}, {best.score:.0f}% similar): "{_shorten(passage)}"'


def find_quote(
    text: str,
    quote: str,
    *,
    prefix: str | None = None,
    suffix: str | None = None,
    occurrence: int | None = None,
) -> Span:
    """Locate ``quote`` in ``text`` (both NFC) and return its span.

    Parameters
    ----------
    text : str
        The NFC-normalised source text.
    quote : str
        The exact words; normalised to NFC before the search.
    prefix, suffix : str, optional
        Text that must stand immediately before / after the quote.
    occurrence : int, optional
        1-based index among the matches left after ``prefix`` and ``suffix``.

    Raises
    ------
    QuoteNotFound
        The quote (with its prefix and suffix) is not in the text; the hint names the closest
        passage.
    QuoteAmbiguous
        Several matches remain and no ``occurrence`` picks one.

    Examples
    --------
    >>> find_quote("abc abc", "abc", occurrence=2).start
    4
    >>> try:
    ...     find_quote("abc abc", "abc")
    ... except QuoteAmbiguous as exc:
    ...     print(exc, "|", exc.hint.endswith("occurrence: 1 to 2"))
    quote occurs 2 times (lines 1, 1) | True
    """
    quote = nfc(quote)
    if not quote.strip():
        raise QuoteNotFound("quote is empty", "write the exact words of the source")
    visible = visible_length(quote)
    if visible < MIN_QUOTE:
        raise QuoteTooShort(
            f'quote "{quote}" has {visible} character{"s" if visible != 1 else ""}; a quote needs'
            f" at least {MIN_QUOTE} (spaces not counted)",
            "quote the words around it as well, so the quote says which passage is meant",
        )
    starts = occurrences(text, quote)
    if not starts:
        raise QuoteNotFound(
            f'quote not found verbatim: "{_shorten(quote, 60)}"', _near_miss(text, quote)
        )
    if prefix is not None:
        before = nfc(prefix)  # compared in place: slicing the text at each start is quadratic
        starts = [s for s in starts if text.endswith(before, 0, s)]
    if suffix is not None:
        after = nfc(suffix)
        starts = [s for s in starts if text.startswith(after, s + len(quote))]
    if not starts:
        which = " and ".join(
            f"{k} {v!r}" for k, v in (("prefix", prefix), ("suffix", suffix)) if v is not None
        )
        raise QuoteNotFound(
            f"no occurrence of the quote has {which} right next to it",
            "prefix must be the exact text just before the quote, suffix the text just after it",
        )
    if occurrence is not None:
        if occurrence > len(starts):
            raise QuoteNotFound(
                f"occurrence {occurrence} asked for, but the quote occurs {len(starts)} time(s)",
                f"use an occurrence from 1 to {len(starts)}",
            )
        start = starts[occurrence - 1]
    elif len(starts) > 1:
        lines = LineIndex(text)
        where = ", ".join(str(lines.line(s)) for s in starts[:8])
        raise QuoteAmbiguous(
            f"quote occurs {len(starts)} times (lines {where})",
            "add prefix: or suffix: (the words just before or after it) or occurrence: "
            f"1 to {len(starts)}",
        )
    else:
        start = starts[0]
    return span_at(text, start, start + len(quote))


def relocate(text: str, exact: str, prefix: str, suffix: str, start_hint: int) -> Span | None:
    """Find a stored anchor again in a (possibly changed) text, Hypothesis-style.

    The stored position wins if the text there still equals ``exact``; otherwise the occurrence
    whose surroundings best match the stored prefix and suffix (then the nearest to the old
    position) is chosen. Returns ``None`` when the quote is gone.

    >>> relocate("new words. Khalil was arrested.", "Khalil", "", " was", 3).start
    11
    """
    if text[start_hint : start_hint + len(exact)] == exact:
        return span_at(text, start_hint, start_hint + len(exact))
    starts = occurrences(text, exact)
    if not starts:
        return None

    def score(s: int) -> tuple[float, int]:
        before = text[max(0, s - len(prefix)) : s]
        after = text[s + len(exact) : s + len(exact) + len(suffix)]
        similarity = fuzz.ratio(before, prefix) + fuzz.ratio(after, suffix)
        return (-similarity, abs(s - start_hint))

    best = min(starts, key=score)
    return span_at(text, best, best + len(exact))
