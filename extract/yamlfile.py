"""Read YAML while keeping the line and column of every key, value and list item.

Parsing uses PyYAML's libyaml composer (fast); the node tree is then turned into plain data and a
table of positions, so any value can be traced back to ``path:line:col``. Duplicate keys, which
YAML parsers usually let pass silently, are reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import CurationErrors, Location, Problem, display_path

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
PathKey = Sequence[str | int]
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
    """Parse one YAML file; a syntax error or duplicate key becomes a located error."""
    name = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CurationErrors([Problem(Location(name), "file not found")]) from None
    except UnicodeDecodeError as exc:
        raise CurationErrors(
            [Problem(Location(name), f"not UTF-8 text ({exc.reason})", "save the file as UTF-8")]
        ) from None
    try:
        node = yaml.compose(text, Loader=Loader)
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
    doc = YamlDocument(path, {})
    problems: list[Problem] = []
    if node is not None:
        doc.root = _Builder(doc, problems).build(node, ())
    if problems:
        raise CurationErrors(problems)
    return doc


def _yaml_hint(what: str, line: str) -> str:
    if "\t" in line[: len(line) - len(line.lstrip())] or "found character '\\t'" in what:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in what:
        return 'put text that contains ": " in double quotes'
    if "found undefined alias" in what:
        return "define the &anchor before using *alias, or quote the text"
    return "check indentation and quoting on this line and the one before"
