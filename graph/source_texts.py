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
from typing import Any

import yaml

from .errors import StoreError

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def plain(text: str) -> str:
    """Lower case without accents, punctuation kept: the first half of :func:`fold` (coverage
    compares names this way, since its offsets must stay those of the text).

    >>> plain("Rümeysa Öztürk’s U.S.")
    'rumeysa ozturk’s u.s.'
    """
    folded = unicodedata.normalize("NFKD", text).casefold()  # compatibility forms first: 𝕬 → a
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_chars(text: str) -> str:
    """:func:`plain` one character for one character, so offsets into ``text`` still hold, with
    typographic apostrophes straightened.

    >>> fold_chars("Öztürk’s U.S.")
    "ozturk's u.s."
    """
    return "".join(plain(ch)[:1] or ch for ch in text).replace("’", "'")


def fold(text: str) -> str:
    """Lower case without accents or punctuation, for matching names.

    >>> fold("Rümeysa  Öztürk")
    'rumeysa ozturk'
    >>> fold("I.C.E."), fold("Khalil’s U.S. visa")
    ('ice', 'khalils us visa')
    """
    joined = re.sub(r"[.'’]+", "", plain(text))  # initials and apostrophes: I.C.E. = ICE
    return " ".join(re.sub(r"[^\w]+", " ", joined).split())


META_SUFFIXES = (".yaml", ".yml")


def metadata_files(directory: Path | str) -> list[Path]:
    """The ``*.yaml`` and ``*.yml`` metadata files of a ``sources/`` folder, in a stable order
    (hidden files left out). The build (:mod:`extract.sources`) and :func:`read_texts` both list
    them here."""
    folder = Path(directory)
    found = [p for suffix in META_SUFFIXES for p in folder.glob(f"*{suffix}")]
    return sorted(p for p in found if not p.name.startswith("."))


def text_hint(ident: str) -> str:
    return f"put the text file in sources/ and give its name, e.g. text: {ident}.txt"


def text_refusal(folder: Path, name: str) -> str | None:
    """Why the ``text:`` ``name`` of a metadata file in ``folder`` (a ``sources/`` folder) is
    refused, or None: a path that resolves outside the folder (``../..``, an absolute path, a
    symbolic link out of it), that loops, or that names a folder. Nothing is opened to decide."""
    try:
        inside = folder.resolve()
        target = (folder / name).resolve()
    except (OSError, RuntimeError):  # RuntimeError: Python 3.11's "Symlink loop from ..."
        return f"text {name!r} is a symbolic link that loops"
    if not target.is_relative_to(inside):
        return f"text {name!r} is outside the sources/ folder"
    if target.is_dir():
        return f"text {name!r} is a folder, not a text file"
    return None


def read_text(path: Path) -> str:
    """Read a UTF-8 text and normalise it to NFC (newlines kept as they are)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return unicodedata.normalize("NFC", handle.read())


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
    for meta_path in metadata_files(folder):
        fields = _metadata(meta_path)
        if "text" not in fields:
            continue
        ident = fields["id"][0] if "id" in fields else meta_path.stem
        name, (line, col) = fields["text"]
        text_path = meta_path.parent / name
        refused = text_refusal(meta_path.parent, name)
        if refused is not None:
            raise StoreError(f"{meta_path}:{line}:{col}: {refused} — {text_hint(ident)}")
        try:
            texts[ident] = read_text(text_path)
        except (OSError, UnicodeDecodeError) as exc:
            raise StoreError(f"{text_path}: cannot read the text of {ident!r}: {exc}") from exc
    return texts


Q_DOCUMENTS = """SELECT ?id (SAMPLE(?title) AS ?t) (SAMPLE(?part) AS ?p) (SAMPLE(?date) AS ?d)
WHERE {
  ?doc a schema:NewsArticle ; schema:identifier ?id
  OPTIONAL { ?doc schema:headline ?title } OPTIONAL { ?doc schema:isPartOf ?part }
  OPTIONAL { ?doc kg:edtf ?date } } GROUP BY ?id"""


def documents(dataset: Any) -> list[tuple[str, str, str | None, str]]:
    """The source documents of a graph: (id, title, publication or None, published EDTF), the
    title falling back to the id."""
    from .sparql import run_query

    rows = run_query(dataset, Q_DOCUMENTS).rows
    return [(sid, title or sid, part or None, when) for sid, title, part, when in rows]


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
