"""Source texts, name folding and sentences around quotes (stdlib and PyYAML only).

The graph holds quotes and their offsets; the texts themselves stay on disk beside their metadata
(``sources/ID.yaml`` names its text file). :func:`read_texts` reads them as the build does (UTF-8,
NFC), so offsets in the graph index them directly.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from pathlib import Path

import yaml

from .errors import StoreError

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def fold(text: str) -> str:
    """Lower case without accents or punctuation, for matching names.

    >>> fold("Rümeysa  Öztürk")
    'rumeysa ozturk'
    >>> fold("I.C.E."), fold("Khalil’s U.S. visa")
    ('ice', 'khalils us visa')
    """
    folded = unicodedata.normalize("NFKD", text).casefold()  # compatibility forms first: 𝕬 → a
    decomposed = unicodedata.normalize("NFKD", folded)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    joined = re.sub(r"[.'’]+", "", bare)  # initials and apostrophes: I.C.E. = ICE
    return " ".join(re.sub(r"[^\w]+", " ", joined).split())


def read_texts(sources_dir: Path | str) -> dict[str, str]:
    """The texts of a ``sources/`` folder by source id, NFC-normalised as the build reads them.

    Each ``*.yaml`` (or ``*.yml``) metadata file gives the id and the text file name. A folder that
    does not exist gives an empty mapping (evidence then comes without surrounding sentences).
    A text must lie inside the folder: a ``text:`` that resolves elsewhere (``../..``, an absolute
    path, a symbolic link out of it) is refused without being opened.

    Raises
    ------
    StoreError
        A metadata file is not YAML, or names a text outside the folder or that cannot be read.
    """
    folder = Path(sources_dir)
    texts: dict[str, str] = {}
    if not folder.is_dir():
        return texts
    inside = folder.resolve()
    metas = [p for suffix in ("yaml", "yml") for p in folder.glob(f"*.{suffix}")]
    for meta_path in sorted(p for p in metas if not p.name.startswith(".")):
        fields = _metadata(meta_path)
        if "text" not in fields:
            continue
        ident = fields["id"][0] if "id" in fields else meta_path.stem
        name, (line, col) = fields["text"]
        text_path = meta_path.parent / name
        where = f"{meta_path}:{line}:{col}"
        hint = f"put the text file in sources/ and give its name, e.g. text: {ident}.txt"
        try:
            target = text_path.resolve()
        except (OSError, RuntimeError) as exc:  # RuntimeError: Python 3.11's symlink loop
            raise StoreError(f"{where}: text {name!r} cannot be resolved ({exc}) — {hint}") from exc
        if not target.is_relative_to(inside):
            raise StoreError(f"{where}: text {name!r} is outside the sources/ folder — {hint}")
        if target.is_dir():
            raise StoreError(f"{where}: text {name!r} is a folder, not a text file — {hint}")
        try:
            with text_path.open(encoding="utf-8", newline="") as handle:
                texts[ident] = unicodedata.normalize("NFC", handle.read())
        except (OSError, UnicodeDecodeError) as exc:
            raise StoreError(f"{text_path}: cannot read the text of {ident!r}: {exc}") from exc
    return texts


def _metadata(meta_path: Path) -> dict[str, tuple[str, tuple[int, int]]]:
    """The top-level scalar ``id`` and ``text`` of a metadata file, each with its line and
    column; composed only (no alias is expanded, no value constructed)."""
    try:
        node = yaml.compose(meta_path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise StoreError(f"{meta_path}: cannot read source metadata: {reason}") from exc
    fields: dict[str, tuple[str, tuple[int, int]]] = {}
    if not isinstance(node, yaml.MappingNode):
        return fields
    for key, value in node.value:
        if key.value in ("id", "text") and isinstance(value, yaml.ScalarNode):
            mark = value.start_mark
            fields[str(key.value)] = (str(value.value), (mark.line + 1, mark.column + 1))
    return fields


# a sentence ends at . ! ? … (not after an initial such as "U.S." or a title such as "Dr.")
_END = re.compile(
    r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bJr)(?<!\bNo)"
    r"[.!?…][\"'”’)\]]*(?=\s)|\n"
)


def sentence_ends(text: str) -> list[int]:
    """Offsets just past every sentence end of ``text`` (see :func:`sentence_around`)."""
    return [m.end() for m in _END.finditer(text)]


def sentence_around(text: str, start: int, end: int, ends: list[int] | None = None) -> str:
    """The sentence (or sentences) of ``text`` holding ``text[start:end]``, whitespace squeezed.

    A sentence ends at ``.``, ``!``, ``?`` or ``…`` (with closing quotes or brackets) before
    white space, or at a line break. Give ``ends`` (:func:`sentence_ends` of the text) when
    looking up many quotes of one text.

    >>> t = "First one. In March, U.S. agents arrested him. Then more."
    >>> sentence_around(t, t.index("agents"), t.index("agents") + 6)
    'In March, U.S. agents arrested him.'
    """
    if not 0 <= start <= end <= len(text):
        return ""
    if ends is None:
        ends = sentence_ends(text)
    # the sentence starts after the last end at or before ``start``, and stops at the first end
    # past the quote's last character
    i = bisect.bisect_right(ends, start)
    begin = ends[i - 1] if i else 0
    j = bisect.bisect_left(ends, max(end, start + 1))
    stop = ends[j] if j < len(ends) else len(text)
    return " ".join(text[begin:stop].split())
