"""The README keeps its promises: its example curation is real, its commands exist."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from extract.cli import cli
from extract.sources import read_text
from graph.vocabulary import default_vocabulary

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_curation_example_quotes_the_article_and_uses_declared_terms() -> None:
    block = re.search(r"```yaml\n(.*?)```", README, re.S).group(1)
    example = yaml.safe_load(block)
    text = read_text(ROOT / "data" / "sources" / f"{example['source']}.txt")
    vocab = default_vocabulary()
    items = example["entities"] + example["events"] + example["relations"]
    for item in items:
        assert item["evidence"] in text, item["evidence"]
    assert {e["type"] for e in example["entities"]} <= set(vocab.names("entity type"))
    assert {e["type"] for e in example["events"]} <= set(vocab.names("event type"))
    assert {r["predicate"] for r in example["relations"]} <= set(vocab.relations)
    roles = {p["role"] for e in example["events"] for p in e["participants"]}
    assert roles <= set(vocab.role_types)
    curated = (ROOT / "data" / "curation" / f"{example['source']}.yaml").read_text()
    referenced = {r["object"] for r in example["relations"]} | {
        p["entity"] for e in example["events"] for p in e["participants"]
    }
    for ident in referenced:
        assert f"id: {ident}\n" in curated, f"{ident} is not an id of the bundled curation"


def test_readme_commands_exist() -> None:
    used = set(re.findall(r"threadline (\w[\w-]*)", README))
    assert used <= set(cli.commands), used - set(cli.commands)
    makefile = (ROOT / "Makefile").read_text()
    for target in ("app", "test"):
        assert f"make {target}" in README and re.search(rf"^{target}:", makefile, re.M)
    assert "make test" in (ROOT / ".ci" / "run").read_text()


GUIDE = ROOT / "docs" / "curation.md"


def test_curation_guide_is_up_to_date() -> None:
    from extract.docs import render

    current = GUIDE.read_text(encoding="utf-8")
    assert render(current, cli) == current, "docs/curation.md is out of date: run `threadline docs`"


def test_every_vocabulary_term_and_command_is_documented() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    vocab = default_vocabulary()
    terms = [
        *vocab.entity_types,
        *vocab.relations,
        *vocab.event_types,
        *vocab.role_types,
        *vocab.certainty,
    ]
    missing = [t for t in terms if f"`{t}`" not in guide]
    assert not missing, f"undocumented vocabulary terms: {missing}"
    undocumented = [c for c in cli.commands if f"`threadline {c}`" not in guide]
    assert not undocumented, f"undocumented commands: {undocumented}"


def _evidence(node: object) -> list[object]:
    if isinstance(node, dict):
        found = [node["evidence"]] if "evidence" in node else []
        return found + [e for v in node.values() for e in _evidence(v)]
    if isinstance(node, list):
        return [e for v in node for e in _evidence(v)]
    return []


def test_curation_guide_examples_quote_the_article() -> None:
    from extract.anchor import find_quote

    text = read_text(ROOT / "data" / "sources" / "lurching-toward-authoritarian-rule.txt")
    blocks = re.findall(r"```yaml\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
    quotes = [e for block in blocks for e in _evidence(yaml.safe_load(block))]
    assert len(quotes) >= 5
    for quote in quotes:
        if isinstance(quote, str):
            assert quote in text, quote
        else:
            find_quote(
                text,
                quote["quote"],
                prefix=quote.get("prefix"),
                suffix=quote.get("suffix"),
                occurrence=quote.get("occurrence"),
            )
    inline = re.findall(r"`(\{quote: .*?\})`", GUIDE.read_text(encoding="utf-8"))
    for snippet in inline:
        q = yaml.safe_load(snippet)
        find_quote(text, q["quote"], prefix=q.get("prefix"), occurrence=q.get("occurrence"))
