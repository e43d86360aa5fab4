"""The ids curators have declared, for reusing them in another document (``threadline ids``).

Ids are global: the same id in two curation files is one node. Before declaring a person or an
event again, a curator looks up the id that exists. This reads the curation files as they are,
without building (files that cannot be read are skipped and counted), so it helps mid-edit too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from graph.source_texts import fold

if TYPE_CHECKING:
    from .validate import Inputs

MATCH_CUTOFF = 60.0


@dataclass(frozen=True)
class DeclaredId:
    """An entity or event id with what its declarations say, and where they are."""

    id: str
    kind: str  # entity or event
    type: str
    label: str
    aliases: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    declared: tuple[str, ...] = ()  # file:line of each declaration
    score: float | None = None
    matched: str | None = None


@dataclass
class IdListing:
    ids: list[DeclaredId] = field(default_factory=list)
    problems: int = 0  # found while reading: some declarations may be missing (run validate)


def declared_ids(inputs: Inputs) -> IdListing:
    """Every id of every readable curation file; the first declaration gives type and label."""
    merged: dict[str, dict] = {}
    for loaded in inputs.files:
        cur, doc = loaded.model, loaded.doc
        items = [("entity", i, e) for i, e in enumerate(cur.entities)]
        items += [("event", i, e) for i, e in enumerate(cur.events)]
        for kind, i, item in items:
            where = doc.where(("entities" if kind == "entity" else "events", i, "id"))
            entry = merged.setdefault(
                item.id,
                {
                    "kind": kind,
                    "type": item.type,
                    "label": item.label,
                    "aliases": [],
                    "sources": [],
                    "declared": [],
                },
            )
            for alias in getattr(item, "aliases", ()):
                if alias not in entry["aliases"]:
                    entry["aliases"].append(alias)
            if cur.source not in entry["sources"]:
                entry["sources"].append(cur.source)
            entry["declared"].append(f"{where.path}:{where.line}")
    ids = [
        DeclaredId(
            ident,
            e["kind"],
            e["type"],
            e["label"],
            tuple(e["aliases"]),
            tuple(e["sources"]),
            tuple(e["declared"]),
        )
        for ident, e in sorted(merged.items())
    ]
    return IdListing(ids, len(inputs.log.problems))


def _names(entry: DeclaredId) -> Iterable[tuple[str, str]]:
    """(as shown, as compared) for the label, each alias and the id (on a tie, the first)."""
    for name in (entry.label, *entry.aliases):
        yield name, fold(name)
    yield entry.id, fold(entry.id.replace("-", " "))


def match_ids(ids: list[DeclaredId], text: str, limit: int) -> list[DeclaredId]:
    """The ids whose id, label or an alias is like ``text``, best first (case, accents and
    punctuation ignored)."""
    wanted = fold(text)
    choices: dict[tuple[int, str], str] = {}
    for n, entry in enumerate(ids):
        for shown, compared in _names(entry):
            choices[(n, shown)] = compared
    best: dict[int, tuple[float, str]] = {}
    for _, score, (n, name) in process.extract(
        wanted, choices, scorer=fuzz.token_sort_ratio, score_cutoff=MATCH_CUTOFF, limit=None
    ):
        compared = choices[(n, name)]
        words = compared.split()
        if compared == wanted:
            score = 102.0  # the name itself
        elif set(wanted.split()) <= set(words):
            score = max(score, 100.0)  # its words are all there
        if n not in best or score > best[n][0]:
            best[n] = (score, name)
    ranked = sorted(
        best.items(),
        key=lambda item: (-item[1][0], ids[item[0]].kind != "entity", ids[item[0]].id),
    )[:limit]
    return [
        DeclaredId(**{**ids[n].__dict__, "score": round(score, 1), "matched": name})
        for n, (score, name) in ranked
    ]
