"""Read YAML while keeping the line and column of every key, value and list item."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from .errors import CurationErrors, Location, Problem, display_path

PathKey = Sequence[str | int]


@dataclass
class YamlDocument:
    """A parsed YAML file: its plain data and a way back to positions in the text."""

    path: Path
    root: Any

    @property
    def name(self) -> str:
        return display_path(self.path)

    def data(self) -> Any:
        """The document as plain dicts, lists and strings (dates as ISO text)."""
        return _plain(self.root)

    def where(self, keys: PathKey, *, key: bool = False) -> Location:
        """The location of the value at ``keys`` (or of its key, with ``key=True``).

        Falls back to the nearest enclosing node that exists, so a missing field points at the item
        that lacks it.
        """
        node = self.root
        line, col = 0, 0
        for i, k in enumerate(keys):
            last = i == len(keys) - 1
            if isinstance(node, CommentedMap) and k in node:
                pos = node.lc.key(k) if (last and key) else node.lc.value(k)
                line, col = pos
                node = node[k]
            elif isinstance(node, CommentedSeq) and isinstance(k, int) and 0 <= k < len(node):
                line, col = node.lc.item(k)
                node = node[k]
            else:
                if isinstance(node, CommentedMap | CommentedSeq) and i == 0:
                    line, col = node.lc.line, node.lc.col
                break
        return Location(self.name, line + 1, col + 1)


def _plain(node: Any) -> Any:
    if isinstance(node, CommentedMap):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, CommentedSeq):
        return [_plain(v) for v in node]
    if isinstance(node, datetime.datetime | datetime.date):
        return node.isoformat()
    if isinstance(node, str):
        return str(node)
    return node


def read_yaml(path: Path) -> YamlDocument:
    """Parse one YAML file; a syntax error becomes a located :class:`CurationErrors`."""
    name = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CurationErrors([Problem(Location(name), "file not found")]) from None
    except UnicodeDecodeError as exc:
        raise CurationErrors(
            [Problem(Location(name), f"not UTF-8 text ({exc.reason})", "save the file as UTF-8")]
        ) from None
    yaml = YAML(typ="rt")
    try:
        root = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = (exc.problem or exc.context or "invalid YAML").strip()
        hint = _yaml_hint(what)
        raise CurationErrors([Problem(Location(name, line, col), f"YAML syntax: {what}", hint)]) from None
    return YamlDocument(path, root if root is not None else CommentedMap())


def _yaml_hint(what: str) -> str:
    if "found duplicate key" in what:
        return "remove or rename one of the two keys"
    if "mapping values are not allowed" in what:
        return 'put text that contains ": " in double quotes'
    if "found character '\\t'" in what:
        return "indent with spaces, not tabs"
    return "check indentation and quoting on this line and the one before"
