"""The generated parts of docs/curation.md: vocabulary tables and the command reference.

Each generated part stands between ``<!-- generated:NAME -->`` and ``<!-- /generated:NAME -->``;
``threadline docs`` rewrites them, and a test fails when the file is out of date, so the guide
cannot drift from graph/vocabulary.yaml or the CLI.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import click

from graph.vocabulary import Vocabulary, default_vocabulary

from .errors import ExtractError

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "curation.md"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def vocabulary_markdown(vocab: Vocabulary | None = None) -> str:
    """Markdown tables of every entity type, relation, event type, role type and certainty."""
    v = vocab or default_vocabulary()
    out = [
        "### Entity types",
        "",
        "| type | label | RDF class | is a | description |",
        "|---|---|---|---|---|",
    ]
    for name, spec in v.entity_types.items():
        cls = str(spec.rdf_class)
        cls = re.sub(r"^https://schema.org/", "schema:", cls)
        cls = re.sub(r"^https://example.org/threadline/vocab#", "kg:", cls)
        kind = "(abstract: for grouping only) " if spec.abstract else ""
        out.append(
            f"| `{name}` | {spec.label} | `{cls}` | {spec.parent or ''} | "
            f"{kind}{_cell(spec.description)} |"
        )
    out += [
        "",
        "### Relations",
        "",
        "`subject` and `object` list the allowed endpoint types (subtypes included; `event` is "
        "an event id, `any` anything). Undirected relations read the same both ways.",
        "",
    ]
    categories: dict[str, list[str]] = {}
    for name, spec in v.relations.items():
        categories.setdefault(spec.category, []).append(name)
    for category, names in categories.items():
        out += [
            f"**{category}**",
            "",
            "| relation | reads (subject → object) | reads back "
            "(object → subject) | subject | object | notes |",
            "|---|---|---|---|---|---|",
        ]
        for name in names:
            spec = v.relations[name]
            note = _cell(spec.description) + ("" if spec.edge.directed else " (undirected)")
            out.append(
                f"| `{name}` | {spec.label} | {spec.inverse_label} | "
                f"{', '.join(spec.subject)} | {', '.join(spec.object)} | {note.strip()} |"
            )
        out.append("")
    out += ["### Event types", "", "| type | label | description |", "|---|---|---|"]
    out += [f"| `{t.name}` | {t.label} | {_cell(t.description)} |" for t in v.event_types.values()]
    out += ["", "### Role types", "", "| role | label | description |", "|---|---|---|"]
    out += [f"| `{t.name}` | {t.label} | {_cell(t.description)} |" for t in v.role_types.values()]
    out += ["", "### Certainty", "", "| value | meaning |", "|---|---|"]
    out += [f"| `{k}` | {_cell(m)} |" for k, m in v.certainty.items()]
    return "\n".join(out)


def commands_markdown(group: click.Group) -> str:
    """One entry per command: its usage, what it does and its example."""
    out = []
    ctx = click.Context(group, info_name="threadline")
    for name in sorted(group.commands):
        command = group.commands[name]
        help_text = (command.help or "").strip()
        first = help_text.split("\n", 1)[0]
        example = re.search(r"Example: (.+)", help_text)
        usage = " ".join(command.collect_usage_pieces(ctx))
        out.append(f"- **`threadline {name}`** `{usage}` — {first}")
        if example:
            out.append(f"  Example: `{example.group(1).strip()}`")
    return "\n".join(out)


def _sections(group: click.Group) -> dict[str, Callable[[], str]]:
    return {"vocabulary": vocabulary_markdown, "commands": lambda: commands_markdown(group)}


def render(text: str, group: click.Group) -> str:
    """``text`` with every generated part replaced by its current content."""
    for name, make in _sections(group).items():
        pattern = re.compile(
            rf"(<!-- generated:{name} -->\n)(?:.*?\n)?(<!-- /generated:{name} -->)", re.S
        )
        if not pattern.search(text):
            raise ExtractError(f"{GUIDE}: no <!-- generated:{name} --> ... markers — restore them")
        body = make()
        text = pattern.sub(lambda m, body=body: m.group(1) + body + "\n" + m.group(2), text)
    return text
