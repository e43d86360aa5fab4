"""Read YAML while keeping the line and column of every key, value and list item.

Parsing uses PyYAML's libyaml composer (fast); the node tree is then turned into plain data and a
table of positions, so any value can be traced back to ``path:line:col``. Duplicate keys, which
YAML parsers usually let pass silently, are reported.

Hostile input stays bounded and located: characters YAML does not accept (a NUL, other control
characters) are reported at their line and column before parsing, and anchors and aliases are
refused outright (curation files have no need for them), so an alias bomb is never expanded.
"""

from __future__ import annotations

import errno
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import CurationErrors, Location, Problem, display_path

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
PathKey = Sequence[str | int]
# what YAML accepts in a stream (YAML 1.1 "printable", as libyaml checks it)
_UNACCEPTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
REUSE_HINT = "write the value out; anchors and aliases are not used in curation files"
_SCALARS = {
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:float": float,
}


@dataclass
class YamlDocument:
    """A parsed YAML file: its plain data and a way back to positions in the text."""

    path: Path
    root: Any
    name: str = field(init=False)
    values: dict[tuple[str | int, ...], tuple[int, int]] = field(default_factory=dict)
    keys: dict[tuple[str | int, ...], tuple[int, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.name = display_path(self.path)

    def data(self) -> Any:
        """The document as plain dicts, lists, strings and numbers (dates stay text)."""
        return self.root

    def where(self, keys: PathKey, *, key: bool = False) -> Location:
        """The location of the value at ``keys`` (or of its key, with ``key=True``).

        Falls back to the nearest enclosing node that exists, so a missing field points at the item
        that lacks it.
        """
        path = tuple(keys)
        table = self.keys if key else self.values
        if path in table:
            line, col = table[path]
            return Location(self.name, line, col)
        while path and path not in self.values:
            path = path[:-1]
        line, col = self.values.get(path, (1, 1))
        return Location(self.name, line, col)


class _Builder:
    def __init__(self, doc: YamlDocument, problems: list[Problem]) -> None:
        self.doc = doc
        self.problems = problems

    def build(self, node: yaml.Node, path: tuple[str | int, ...]) -> Any:
        self.doc.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                name = str(key_node.value)
                if name in out:
                    first = self.doc.keys[path + (name,)]
                    self.problems.append(
                        Problem(
                            Location(
                                self.doc.name,
                                key_node.start_mark.line + 1,
                                key_node.start_mark.column + 1,
                            ),
                            f"duplicate key '{name}' (first at line {first[0]})",
                            "remove or rename one of the two keys",
                        )
                    )
                    continue
                self.doc.keys[path + (name,)] = (
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
                out[name] = self.build(value_node, path + (name,))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return _scalar(node)


def _scalar(node: yaml.ScalarNode) -> Any:
    if node.tag in _SCALARS:
        try:
            return _SCALARS[node.tag](node.value.replace("_", ""))
        except ValueError:
            return node.value
    if node.tag == "tag:yaml.org,2002:null":
        return None
    if node.tag == "tag:yaml.org,2002:bool":
        # YAML 1.2 booleans only: yes/no/on/off (YAML 1.1) stay text, as in "aliases: [NO]"
        lowered = node.value.lower()
        return lowered == "true" if lowered in {"true", "false"} else node.value
    return node.value  # str, and timestamps kept as written


def read_yaml(path: Path) -> YamlDocument:
    """Parse one YAML file; a syntax error, an unacceptable character, an anchor or alias, or a
    duplicate key becomes a located error."""
    name = _shown(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CurationErrors([Problem(Location(name), "file not found")]) from None
    except IsADirectoryError:
        raise CurationErrors(
            [Problem(Location(name), "is a folder, not a YAML file", "give the path of a file")]
        ) from None
    except UnicodeDecodeError as exc:
        raise CurationErrors(
            [Problem(Location(name), f"not UTF-8 text ({exc.reason})", "save the file as UTF-8")]
        ) from None
    except OSError as exc:
        raise CurationErrors(
            [Problem(Location(name), f"cannot read it ({exc.strerror or exc})", _os_hint(exc))]
        ) from None
    bad = _unacceptable(name, text)
    if bad is not None:
        raise CurationErrors([bad])
    try:
        reused = _first_reuse(name, text)
        node = None if reused else yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = (exc.problem or exc.context or "invalid YAML").strip()
        lines = text.split("\n")
        source_line = lines[line - 1] if 0 < line <= len(lines) else ""
        raise CurationErrors(
            [
                Problem(
                    Location(name, line, col), f"YAML syntax: {what}", _yaml_hint(what, source_line)
                )
            ]
        ) from None
    except yaml.YAMLError as exc:  # a reader error the scan above did not foresee
        raise CurationErrors(
            [Problem(Location(name), f"YAML: {str(exc).splitlines()[0]}", "remove the character")]
        ) from None
    if reused:
        raise CurationErrors([reused])
    doc = YamlDocument(path, {})
    problems: list[Problem] = []
    if node is not None:
        doc.root = _Builder(doc, problems).build(node, ())
    if problems:
        raise CurationErrors(problems)
    return doc


def _shown(path: Path) -> str:
    """The display name of ``path``; a symbolic link that loops cannot be resolved, so its folder
    is resolved instead."""
    try:
        return display_path(path)
    except (OSError, RuntimeError):  # RuntimeError: Python 3.11's "Symlink loop from ..."
        try:
            return str(Path(display_path(path.parent)) / path.name)
        except (OSError, RuntimeError):
            return str(path)


def _os_hint(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "the symbolic link points at itself: point it at a file or remove it"
    if isinstance(exc, PermissionError):
        return "make the file readable"
    return "check the file"


def _character(char: str) -> str:
    code = f"U+{ord(char):04X}"
    if char == "\0":
        return f"a NUL character ({code})"
    if ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F:
        return f"a control character ({code})"
    return f"a character YAML does not accept ({code})"


def _unacceptable(name: str, text: str) -> Problem | None:
    """The first character YAML does not accept, located, with how many more there are."""
    found = _UNACCEPTABLE.search(text)
    if found is None:
        return None
    start = found.start()
    line = text.count("\n", 0, start) + 1
    col = start - (text.rfind("\n", 0, start) + 1) + 1
    more = sum(1 for _ in _UNACCEPTABLE.finditer(text, start + 1))
    what = _character(found.group())
    if more:
        what += f", the first of {more + 1} characters YAML does not accept"
    return Problem(Location(name, line, col), what, "remove it" if not more else "remove them")


# Where an anchor or alias could start: a superset of YAML's places for a node's properties.
_MAYBE_REUSE = re.compile(r"(?:^|[\s\[\]{},:?-])[&*][^\s\[\]{},]", re.MULTILINE)


def _first_reuse(name: str, text: str) -> Problem | None:
    """The first anchor (``&a``) or alias (``*a``), located; nothing is composed or expanded.

    Scanning the events is linear in the text and stops at the first one found; a file where no
    ``&`` or ``*`` starts a word (after a line start, a space, ``[]{},:?-``) cannot hold either
    and is not scanned (``Q&A`` or ``"A & B"`` do not start one).
    """
    if not _MAYBE_REUSE.search(text):
        return None
    for event in yaml.parse(text, Loader=Loader):
        if isinstance(event, yaml.AliasEvent):
            kind, sign = "alias", "*"
        elif getattr(event, "anchor", None):
            kind, sign = "anchor", "&"
        else:
            continue
        mark = event.start_mark
        return Problem(
            Location(name, mark.line + 1, mark.column + 1),
            f"YAML {kind} '{sign}{event.anchor}'",
            f"{REUSE_HINT} (put text that starts with {sign} in quotes)",
        )
    return None


def _yaml_hint(what: str, line: str) -> str:
    if "\t" in line[: len(line) - len(line.lstrip())] or "found character '\\t'" in what:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in what:
        return 'put text that contains ": " in double quotes'
    if "found undefined alias" in what:
        return "define the &anchor before using *alias, or quote the text"
    return "check indentation and quoting on this line and the one before"
