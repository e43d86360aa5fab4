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
