"""The text of a document as it comes: plain UTF-8, an HTML page or a PDF.

:func:`read_document` tells the kind from the file's first bytes (an extension that says
otherwise is refused), and for HTML (trafilatura) and PDF (pypdf) extracts the text as one
paragraph a line, the form every source text has. The extraction runs in a killable child process
(:func:`graph.sandbox.run_killable`) with a time limit and a memory budget, so a hostile page or a
PDF bomb stops with a clear error instead of hanging or exhausting the machine. Nothing here
reaches the network: trafilatura is given the page's bytes, never a URL.
"""

from __future__ import annotations

import hashlib
import io
import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .errors import CurationErrors, Location, Problem, display_path

if TYPE_CHECKING:
    from pypdf import PageObject

Kind = Literal["text", "html", "pdf"]
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
EXTRACT_TIMEOUT_S = 60.0
MAX_PDF_PAGES = 2000
_HTML_START = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S
)
_EXTENSIONS: dict[str, Kind] = {".html": "html", ".htm": "html", ".xhtml": "html", ".pdf": "pdf"}


@dataclass(frozen=True)
class Document:
    """A document's text and what its file said about it."""

    kind: Kind
    text: str
    file_name: str
    sha256: str  # of the original file's bytes
    found: dict[str, str] = field(
        default_factory=dict
    )  # title, author, publication, published, url


class _Unreadable(Exception):
    """Raised inside the extraction child: a one-line problem and its fix."""

    def __init__(self, what: str, fix: str) -> None:
        super().__init__(what)
        self.what, self.fix = what, fix


def _size(count: int) -> str:
    """A file size for a message.

    >>> _size(52428800), _size(2048), _size(12)
    ('50 MB', '2 KB', '12 bytes')
    """
    for unit, scale in (("MB", 1024**2), ("KB", 1024)):
        if count >= scale:
            return f"{count / scale:.3g} {unit}"
    return f"{count} bytes"


def sniff(data: bytes) -> Kind:
    """The kind of a document from its first bytes.

    >>> sniff(b"%PDF-1.4 ..."), sniff(b"<!DOCTYPE html><p>x"), sniff(b"Plain words.")
    ('pdf', 'html', 'text')
    """
    head = data[:4096].removeprefix(b"\xef\xbb\xbf")
    if head.startswith(b"%PDF-"):
        return "pdf"
    if _HTML_START.match(head):
        return "html"
    return "text"


def read_document(path: Path, *, timeout: float = EXTRACT_TIMEOUT_S) -> Document:
    """Read ``path`` and return its text; a :class:`CurationErrors` names the file otherwise."""
    where = Location(display_path(path))

    def refuse(what: str, fix: str) -> CurationErrors:
        return CurationErrors([Problem(where, what, fix)])

    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise refuse(
                f"the file is {_size(size)}; documents are read up to {_size(MAX_DOCUMENT_BYTES)}",
                "split it, or extract its text yourself and give the .txt",
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise refuse("file not found", "give the path of a text, HTML or PDF file") from None
    except IsADirectoryError:
        raise refuse("is a folder", "give the path of a text, HTML or PDF file") from None
    kind = sniff(data)
    said = _EXTENSIONS.get(path.suffix.lower())
    if said and said != kind:
        raise refuse(
            f"the name ends in {path.suffix} but the file is not {said.upper()} "
            f"(it starts like {'plain text' if kind == 'text' else kind.upper()})",
            "check that this is the file you meant, or rename it",
        )
    digest = hashlib.sha256(data).hexdigest()
    if kind == "text":
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise refuse(
                f"not UTF-8 text ({exc.reason})", "convert it first, e.g. iconv -t UTF-8"
            ) from None
        return Document("text", text, path.name, digest)
    from graph.errors import QueryError
    from graph.sandbox import QueryTimeout, run_killable

    job = (lambda: _html(data)) if kind == "html" else (lambda: _pdf(data))
    try:
        status, *rest = run_killable(job, timeout)
    except QueryTimeout:
        raise refuse(
            f"extracting the text of this {kind.upper()} took longer than {timeout:g} s and was "
            "stopped",
            "extract its text with another tool and give the .txt",
        ) from None
    except QueryError:
        raise refuse(
            f"this {kind.upper()} could not be read (the extractor ran out of memory or failed)",
            "extract its text with another tool and give the .txt",
        ) from None
    if status == "problem":
        what, fix = rest
        raise refuse(what, fix)
    text, found = rest
    return Document(kind, text, path.name, digest, found)


def _html(data: bytes) -> tuple[str, ...] | tuple[str, str, dict[str, str]]:
    try:
        return ("ok", *_html_text(data))
    except _Unreadable as exc:
        return ("problem", exc.what, exc.fix)


def _pdf(data: bytes) -> tuple[str, ...] | tuple[str, str, dict[str, str]]:
    try:
        return ("ok", *_pdf_text(data))
    except _Unreadable as exc:
        return ("problem", exc.what, exc.fix)


def _html_text(data: bytes) -> tuple[str, dict[str, str]]:
    """The main text of a page (trafilatura: boilerplate such as menus and footers left out)."""
    import trafilatura

    text = trafilatura.extract(
        data,
        output_format="txt",
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        with_metadata=False,
    )
    if not text or not text.strip():
        raise _Unreadable(
            "no article text was found in this page",
            "save the page's printable version, or copy its text into a .txt",
        )
    meta = trafilatura.extract_metadata(data, extensive=False)
    found: dict[str, str] = {}
    if meta is not None:
        for key, value in (
            ("title", meta.title),
            ("author", meta.author),
            ("publication", meta.sitename),
            ("published", meta.date),
            ("url", meta.url),
        ):
            if isinstance(value, str) and value.strip():
                found[key] = " ".join(value.split())
    return text, found


def _pdf_text(data: bytes) -> tuple[str, dict[str, str]]:
    """The text of a PDF's pages, its wrapped lines joined into paragraphs."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise _Unreadable(
                "the PDF is encrypted", "decrypt it first, e.g. qpdf --decrypt in.pdf out.pdf"
            )
        pages = len(reader.pages)
        if pages > MAX_PDF_PAGES:
            raise _Unreadable(
                f"the PDF has {pages} pages; documents are read up to {MAX_PDF_PAGES}",
                "split it into parts",
            )
        lines = [_page_text(page) for page in reader.pages]
        info = reader.metadata
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise _Unreadable(
            f"the PDF cannot be read ({' '.join(str(exc).split())[:120]})",
            "check the file, or extract its text with another tool and give the .txt",
        ) from None
    text = "\n".join(paragraphs("\n\n".join(lines)))
    if not text.strip():
        raise _Unreadable(
            "the PDF has no text layer (a scan?)", "run OCR on it first, e.g. ocrmypdf"
        )
    found: dict[str, str] = {}
    if info is not None:
        for key, value in (("title", info.title), ("author", info.author)):
            if isinstance(value, str) and value.strip():
                found[key] = " ".join(value.split())
    return text, found


def _page_text(page: PageObject) -> str:
    """A page's text lines, with a blank line where the vertical gap before a line is well above
    the page's usual line spacing (a paragraph break) or goes up the page (a new column)."""
    pieces: list[tuple[float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text:
            pieces.append((cm[5] + tm[5] * cm[3], text))

    plain = page.extract_text(visitor_text=visit) or ""
    lines: list[tuple[float, str]] = []
    current, top = "", None
    for y, text in pieces:
        for number, chunk in enumerate(text.split("\n")):
            if number:
                if current.strip() and top is not None:
                    lines.append((top, current))
                current, top = "", None
            if chunk.strip() and top is None:
                top = y
            current += chunk
    if current.strip() and top is not None:
        lines.append((top, current))
    if not lines:
        return plain
    gaps = [
        above[0] - below[0]
        for above, below in zip(lines, lines[1:], strict=False)
        if above[0] > below[0]
    ]
    usual = statistics.median(gaps) if gaps else 0.0
    out = [lines[0][1]]
    for above, below in zip(lines, lines[1:], strict=False):
        gap = above[0] - below[0]
        if usual and (gap > 1.5 * usual or gap < 0):
            out.append("")
        out.append(below[1])
    return "\n".join(out)


def paragraphs(text: str) -> list[str]:
    """Join the wrapped lines of extracted PDF text into one paragraph a line.

    A blank line ends a paragraph, and so does a line well short of the text's usual length (a
    paragraph's last line, or a heading); a word broken with a hyphen at a line's end is rejoined.

    >>> text = ("Heading\\nThis line is wrapped by the PDF\\nat its width, and a hyphen-\\n"
    ...         "ated word.\\nNext paragraph, as long as others\\nends here.")
    >>> print("\\n".join(paragraphs(text)))
    Heading
    This line is wrapped by the PDF at its width, and a hyphenated word.
    Next paragraph, as long as others ends here.
    """
    lines = [" ".join(line.split()) for line in text.splitlines()]
    widths = [len(line) for line in lines if line]
    usual = statistics.median(widths) if widths else 0
    out: list[str] = []
    current = ""
    for line in lines:
        if not line:
            if current:
                out.append(current)
            current = ""
            continue
        if not current:
            current = line
        elif current.endswith("-") and line[:1].islower():
            current = current[:-1] + line
        else:
            current = f"{current} {line}"
        if len(line) < 0.8 * usual:
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return out
