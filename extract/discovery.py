"""Which files of ``curation/`` are curation files, and which only look like one.

``*.yaml`` and ``*.yml`` files are read. A file that looks like curation but would be skipped (a
``.YAML`` or ``.yaml.txt`` name, JSON or suffix-less text with a top-level ``source:`` key) is a
problem, so no curation is silently left out of a build; so is a ``*.yaml`` entry that is not a
readable file (a folder, a broken or looping symbolic link). Hidden files and editor backups
(``~``, ``.bak``, ``.orig``, ``.swp``) are skipped without a word.
"""

from __future__ import annotations

import errno
import re
from pathlib import Path

from .errors import Location, ProblemLog, display_path

SUFFIXES = (".yaml", ".yml")
RESERVED_FILES = {"ignore.yaml"}  # the coverage ignore list, read by extract.coverage
ONLY = "only *.yaml and *.yml files are curation files"
BACKUPS = (".bak", ".orig", ".swp")
_SNIFFED = {"", ".txt", ".json"}  # other suffixes are taken for what they say they are
_SNIFF_BYTES = 65536
_SOURCE_KEY = re.compile(r'^(?:source|"source")\s*:|^\{\s*"source"\s*:', re.MULTILINE)


def _shown(path: Path) -> str:
    """``path`` as the user sees it, without resolving the file itself (it may loop)."""
    try:
        return str(Path(display_path(path.parent)) / path.name)
    except (OSError, RuntimeError):
        return str(path)


def _sniff(path: Path) -> int:
    """The line of a top-level ``source:`` key near the start of ``path``, or 0."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return 0
    found = _SOURCE_KEY.search(head)
    return head.count("\n", 0, found.start()) + 1 if found else 0


def _not_a_file(path: Path) -> tuple[str, str] | None:
    """Why a ``*.yaml`` entry cannot be read as a file, and how to fix it; None for a file."""
    link = "point the link at a curation file, or remove it"
    try:
        path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "is a symbolic link that loops", link
        if path.is_symlink():
            return "is a symbolic link to a file that does not exist", link
        return f"cannot be read ({exc.strerror})", "make it a readable file"
    if path.is_dir():
        return "is a folder, not a curation file", "move its files into curation/ or rename it"
    if not path.is_file():
        return "is not a regular file", "replace it with a curation file, or remove it"
    return None


def curation_files(data_dir: Path, log: ProblemLog | None = None) -> list[Path]:
    """The curation files of a data directory, in a stable order; with ``log``, every file that
    looks like curation but would not be read is a problem there."""
    folder = Path(data_dir) / "curation"
    if not folder.is_dir():
        if log is not None and (folder.exists() or folder.is_symlink()):
            log.add(Location(_shown(folder)), "is not a folder", "make curation/ a folder")
        return []
    found: list[Path] = []
    for path in sorted(folder.iterdir()):
        name = path.name
        if name.startswith(".") or name.endswith("~") or name.endswith(BACKUPS):
            continue
        where = Location(_shown(path))
        if path.suffix in SUFFIXES:
            refused = _not_a_file(path)
            if refused is not None:
                if log is not None:
                    log.add(where, *refused)
                continue
            if name in RESERVED_FILES:
                continue
            if name == "ignore.yml" and log is not None:
                log.add(where, "the ignore list is read from ignore.yaml", "rename it ignore.yaml")
                continue
            found.append(path)
            continue
        if log is None:
            continue
        stem = name.split(".")[0] or name
        rename = f"rename it {stem}.yaml"
        lowered = name.lower()
        if any(s in lowered for s in SUFFIXES):
            log.add(where, f"is not read: {ONLY}", rename)
        elif path.suffix.lower() in _SNIFFED and path.is_file():
            line = _sniff(path)
            if line:
                json = path.suffix.lower() == ".json"
                log.add(
                    Location(where.path, line, 1),
                    "looks like a curation file (a top-level 'source' key) but is not read: "
                    + ONLY,
                    rename + (" (JSON is YAML)" if json else ""),
                )
    return found
