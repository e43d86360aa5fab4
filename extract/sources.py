"""Source documents: metadata files beside plain NFC texts, checked against their hashes.

A metadata file's ``text:`` names a file inside the ``sources/`` folder; a path that resolves
(after symbolic links) outside it is refused before anything is opened.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from graph.source_texts import metadata_files, read_text, text_hint, text_refusal

from .anchor import nfc
from .errors import CurationErrors, Location, Problem, ProblemLog, display_path
from .loader import Loaded, load_source_meta
from .schema import SourceMeta


@dataclass(frozen=True)
class Source:
    """A source document: its metadata and its NFC text."""

    meta: SourceMeta
    text: str
    sha256: str
    meta_path: Path
    text_path: Path

    @property
    def id(self) -> str:
        return self.meta.id


def text_sha256(text: str) -> str:
    """SHA-256 of the UTF-8 bytes of an NFC text."""
    return hashlib.sha256(nfc(text).encode("utf-8")).hexdigest()


def text_problem(folder: Path, text: str, where: Location, ident: str) -> Problem | None:
    """Why ``text:`` (relative to the ``sources/`` folder ``folder``) cannot be read, or None
    (:func:`graph.source_texts.text_refusal`, which the app's text reader uses too)."""
    refused = text_refusal(folder, text)
    return None if refused is None else Problem(where, refused, text_hint(ident))


def load_source(meta_path: Path, log: ProblemLog) -> Source | None:
    """Load one metadata file and its text; problems go to ``log``."""
    try:
        loaded: Loaded[SourceMeta] = load_source_meta(meta_path)
    except CurationErrors as exc:
        log.problems.extend(exc.problems)
        return None
    meta, doc = loaded.model, loaded.doc
    if meta.id != meta_path.stem:
        log.add(
            doc.where(("id",)),
            f"id {meta.id!r} differs from the file name {meta_path.stem!r}",
            f"rename the file to {meta.id}.yaml or set id: {meta_path.stem}",
        )
    text_path = meta_path.parent / meta.text
    refused = text_problem(meta_path.parent, meta.text, doc.where(("text",)), meta.id)
    if refused is not None:
        log.problems.append(refused)
        return None
    try:
        text = read_text(text_path)
    except FileNotFoundError:
        log.add(
            doc.where(("text",)),
            f"text file {display_path(text_path)} not found",
            "put the text beside this file or correct 'text:'",
        )
        return None
    except UnicodeDecodeError as exc:
        log.add(
            Location(display_path(text_path)), f"not UTF-8 text ({exc.reason})", "save it as UTF-8"
        )
        return None
    except OSError as exc:
        log.add(
            doc.where(("text",)),
            f"cannot read the text file {display_path(text_path)} ({exc.strerror or exc})",
            "make it a readable file in sources/",
        )
        return None
    digest = text_sha256(text)
    if digest != meta.sha256:
        log.add(
            doc.where(("sha256",)),
            f"the text of {meta.id!r} has changed since its hash was recorded",
            f"check that every quote still anchors, then set sha256: {digest}",
        )
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline ends the last line; it does not start another
    for i, section in enumerate(meta.sections):
        if section.line > len(lines):
            log.add(
                doc.where(("sections", i, "line")),
                f"line {section.line} is past the end of the text ({len(lines)} lines)",
                "give the line where the section starts",
            )
            continue
        first = " ".join(lines[section.line - 1].split())
        title = " ".join(section.title.split())
        if section.heading and not (first and title.startswith(first)):
            found = [
                n + 1
                for n, line in enumerate(lines)
                if line.strip() and title.startswith(" ".join(line.split()))
            ]
            hint = (
                f"the heading stands on line {found[0]}"
                if found
                else "copy the heading exactly, or set heading: false"
            )
            log.add(
                doc.where(("sections", i, "line")),
                f"line {section.line} of the text is not the heading {section.title!r}",
                hint,
            )
    return Source(meta, text, digest, meta_path, text_path)


def load_sources(directory: Path, log: ProblemLog) -> dict[str, Source]:
    """Every ``*.yaml`` (or ``*.yml``) metadata file in ``directory`` with its text, by id."""
    sources: dict[str, Source] = {}
    for meta_path in metadata_files(directory):
        source = load_source(meta_path, log)
        if source is None:
            continue
        if source.id in sources:
            first = sources[source.id].meta_path
            log.add(
                Location(display_path(meta_path)),
                f"source {source.id!r} is declared again (first in {display_path(first)})",
                "keep one metadata file per source",
            )
            continue
        sources[source.id] = source
    return sources
