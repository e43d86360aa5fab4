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
    text_file: Path,
    data_dir: Path,
    *,
    title: str,
    published: str,
    source_id: str | None = None,
    publication: str | None = None,
    dateline: str | None = None,
    author: str | None = None,
    url: str | None = None,
) -> NewSource:
    """Copy ``text_file`` into ``data_dir/sources`` and write its metadata and an empty curation.

    Nothing is written if anything is wrong (an unreadable file, a bad date, an id in use).
    """
    problems: list[Problem] = []
    where = Location(display_path(text_file))
    try:
        raw = text_file.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise CurationErrors(
            [Problem(where, "file not found", "give the path of a plain text")]
        ) from None
    except UnicodeDecodeError as exc:
        raise CurationErrors(
            [
                Problem(
                    where, f"not UTF-8 text ({exc.reason})", "convert it first, e.g. iconv -t UTF-8"
                )
            ]
        ) from None
    text = nfc(raw.replace("\r\n", "\n"))
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
    meta.update({"text": f"{sid}.txt", "sha256": digest, "sections": sections})
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
    return NewSource(sid, targets[0], targets[1], targets[2], digest, len(sections))
