"""Start curating a new document: copy its text, record metadata and hash, open its curation."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from .anchor import nfc
from .coverage import is_heading
from .dates import DateError, parse_date
from .errors import CurationErrors, Location, Problem, display_path
from .schema import SOURCE_NAME_MAX, URL, URL_MAX
from .sources import text_sha256

HEADER = """\
# Curation of "{title}" ({id}).
# Everything here must be backed by an exact quote of data/sources/{id}.txt (evidence).
# Check it with `threadline validate`; see how far it reaches with `threadline coverage`.
# Format and vocabulary: docs/curation.md.
#
# entities:   - {{id: a-slug, type: person, label: Full Name, aliases: [Name], evidence: "..."}}
# events:     - {{id: a-slug, type: arrest, label: ..., date: "2025-03", date_text: "In March",
#                participants: [{{entity: a-slug, role: arrested}}], evidence: "..."}}
# relations:  - {{subject: a-slug, predicate: member_of, object: other-slug, evidence: "..."}}
source: {id}
entities: []
events: []
relations: []
"""


@dataclass(frozen=True)
class NewSource:
    """What :func:`new_source` wrote."""

    id: str
    text: Path
    meta: Path
    curation: Path
    sha256: str
    sections: int
    taken: tuple[str, ...] = ()  # metadata taken from the HTML page or PDF, to review


def slugify(title: str) -> str:
    """A source id from a title: 'USA: Lurching Toward…' -> 'usa-lurching-toward'."""
    text = unicodedata.normalize("NFKD", title)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    words = re.findall(r"[a-z0-9]+", text)
    return "-".join(words[:8]) or "source"


def _sections(text: str) -> list[dict[str, object]]:
    """Heading-like lines (short, title case) as candidate sections for the curator to review."""
    out = []
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.strip()
        if line and is_heading(line) and len(line) > 3 and not line.startswith("("):
            out.append({"title": line, "line": number})
    return out


def new_source(
    document: Path,
    data_dir: Path,
    *,
    title: str | None = None,
    published: str | None = None,
    source_id: str | None = None,
    publication: str | None = None,
    dateline: str | None = None,
    author: str | None = None,
    url: str | None = None,
) -> NewSource:
    """Store the text of ``document`` (plain UTF-8, HTML or PDF: :mod:`extract.documents`) in
    ``data_dir/sources`` and write its metadata and an empty curation.

    For an HTML page or a PDF, the metadata records the original's file name and SHA-256, and
    the title, author, publication, date and URL the file gives fill what is not given here.
    Nothing is written if anything is wrong (an unreadable file, a bad date, an id in use).
    """
    from .documents import read_document

    problems: list[Problem] = []
    doc = read_document(document)
    found = _usable(doc.found)
    given_here = {
        "title": title,
        "published": published,
        "author": author,
        "publication": publication,
        "url": url,
    }
    taken = tuple(key for key in found if not given_here.get(key))
    title = title or found.get("title")
    published = published or found.get("published")
    author, publication = author or found.get("author"), publication or found.get("publication")
    url = url or found.get("url")
    given = "the page" if doc.kind == "html" else "the PDF"
    if not title:
        problems.append(
            Problem(
                Location("--title"),
                "no title given" + ("" if doc.kind == "text" else f" and {given} names none"),
                'give --title "The document\'s title"',
            )
        )
    if not published:
        problems.append(
            Problem(
                Location("--published"),
                "no publication date given"
                + ("" if doc.kind == "text" else f" and {given} states none"),
                "give --published, e.g. 2025-05",
            )
        )
    if problems:
        raise CurationErrors(problems)
    assert title is not None and published is not None
    where = Location(display_path(document))
    text = nfc(doc.text.replace("\r\n", "\n"))
    if doc.kind != "text" and not text.endswith("\n"):
        text += "\n"
    sid = source_id or slugify(title)
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", sid):
        problems.append(
            Problem(
                where,
                f"id {sid!r} is not a slug",
                "use lowercase letters, digits and single hyphens",
            )
        )
    for name, value in (("--published", published), ("--dateline", dateline)):
        if value is not None:
            try:
                parse_date(value)
            except DateError as exc:
                problems.append(Problem(Location(name), exc.message, exc.hint))
    sources, curation = data_dir / "sources", data_dir / "curation"
    targets = (sources / f"{sid}.txt", sources / f"{sid}.yaml", curation / f"{sid}.yaml")
    for target in targets:
        if target.exists():
            problems.append(
                Problem(
                    Location(display_path(target)),
                    "already exists",
                    "choose another --id, or remove the old files first",
                )
            )
    if not text.strip():
        problems.append(Problem(where, "the text is empty", "give a file with the document's text"))
    if problems:
        raise CurationErrors(problems)
    digest = text_sha256(text)
    sections = _sections(text)
    meta: dict[str, object] = {"id": sid, "title": title}
    for key, value in (("publication", publication), ("author", author)):
        if value:
            meta[key] = value
    meta["published"] = published
    if dateline:
        meta["dateline"] = dateline
    meta["language"] = "en"
    if url:
        meta["url"] = url
    meta.update({"text": f"{sid}.txt", "sha256": digest})
    if doc.kind != "text":
        meta["original"] = {"file": doc.file_name, "format": doc.kind, "sha256": doc.sha256}
    meta["sections"] = sections
    meta_text = (
        "# Metadata of a source document; the text beside it is plain UTF-8.\n"
        "# sections: heading lines found in the text; review them.\n"
        + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100)
    )
    written: list[Path] = []
    try:
        for target, content in zip(
            targets, (text, meta_text, HEADER.format(id=sid, title=title)), strict=True
        ):
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{target.name}.tmp")
            tmp.write_text(content, encoding="utf-8")
            tmp.replace(target)
            written.append(target)
    except OSError:
        for target in written:  # all three or none
            target.unlink(missing_ok=True)
        raise
    return NewSource(sid, targets[0], targets[1], targets[2], digest, len(sections), taken)


def _usable(found: dict[str, str]) -> dict[str, str]:
    """What a page or PDF says about itself, without what the metadata could not hold: control
    characters, overlong values, a URL that is not http(s), a date that is not EDTF."""
    out: dict[str, str] = {}
    for key, value in found.items():
        value = "".join(ch for ch in value if unicodedata.category(ch)[0] != "C").strip()
        if not value or len(value) > SOURCE_NAME_MAX:
            continue
        if key == "url" and (len(value) > URL_MAX or not re.fullmatch(URL, value)):
            continue
        if key == "published":
            try:
                parse_date(value)
            except DateError:
                continue
        out[key] = value
    return out
