"""Found mentions: every place a source names an entity, found by its label and aliases.

Curated quotes are evidence a person chose; found mentions are derived, and kept apart from them
(their own provenance in the graph, their own mark in the app). The search, for each source text:

- every label and alias of every entity (ids are global, so a name curated from one source is
  looked for in all), compared accent- and case-folded, as whole words, longest name first, so
  "Mahmoud Khalil" is one mention, not also a mention of "Khalil";
- a name two entities share ("Washington" for a city and a person) is **ambiguous**: it is not
  searched, and is listed so a curator can settle it with a quote;
- an acronym (ICE, DHS: a name written in capitals) matches only in capitals, and an occurrence
  written all in lower case is not taken for a name that has capitals ("ice", "state"): a
  name is a proper noun;
- names shorter than three letters (two for an acronym: EU, U.S.) are not searched;
- an occurrence inside a curated quote of the same entity is evidence already, not a find.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from graph.source_texts import fold_chars

if TYPE_CHECKING:
    from .model import Corpus

MIN_NAME = 3
MIN_ACRONYM = 2


@dataclass(frozen=True, order=True)
class FoundMention:
    """One occurrence of an entity's name in a source, found by name (code-point offsets)."""

    source: str
    start: int
    end: int
    entity: str
    name: str  # the label or alias it matched
    text: str  # the text as the source writes it


@dataclass
class MentionSearch:
    """What a search found, and the names it left out and why."""

    mentions: list[FoundMention] = field(default_factory=list)
    ambiguous: dict[str, tuple[str, ...]] = field(default_factory=dict)  # name -> entity ids
    too_short: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def of(self, entity: str) -> list[FoundMention]:
        return [m for m in self.mentions if m.entity == entity]


def _key(name: str) -> str:
    return " ".join(fold_chars(name).split())


def _is_acronym(name: str) -> bool:
    """True for a name written in capitals.

    >>> _is_acronym("ICE"), _is_acronym("U.S."), _is_acronym("Ice"), _is_acronym("NATO's")
    (True, True, False, True)
    """
    letters = [c for c in re.sub(r"['’]s$", "", name) if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _long_enough(name: str) -> bool:
    """Three letters or digits, or two for an acronym (EU, U.S.)."""
    return sum(c.isalnum() for c in name) >= (MIN_ACRONYM if _is_acronym(name) else MIN_NAME)


def _pattern(names: Iterable[str], case: bool) -> re.Pattern[str] | None:
    """One regex for all names, longest first, as whole words; a space matches any run of
    spaces but not a line break (a name does not run across paragraphs)."""
    ordered = sorted(set(names), key=lambda n: (-len(n), n))
    if not ordered:
        return None
    parts = [r"[^\S\n]+".join(map(re.escape, name.split())) for name in ordered]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", 0 if case else re.IGNORECASE)


def names_and_quotes(
    corpus: Corpus,
) -> tuple[dict[str, list[str]], dict[str, list[tuple[str, int, int]]]]:
    """What :func:`find_mentions` searches with, from a validated corpus: each entity's label
    and aliases (from every source: ids are global) and the ``(source, start, end)`` of its
    curated quotes."""
    names: dict[str, list[str]] = {}
    curated: dict[str, list[tuple[str, int, int]]] = {}
    for cur in corpus.curated.values():
        for e in cur.entities:
            names.setdefault(e.item.id, [])
            for n in (e.item.label, *e.item.aliases):
                if n and n not in names[e.item.id]:
                    names[e.item.id].append(n)
            curated.setdefault(e.item.id, []).extend(
                (a.source, a.span.start, a.span.end) for a in e.anchors
            )
    return names, curated


def find_mentions(
    names: Mapping[str, Sequence[str]],
    texts: Mapping[str, str],
    curated: Mapping[str, Iterable[tuple[str, int, int]]] | None = None,
) -> MentionSearch:
    """Every occurrence of each entity's names in each text.

    ``names`` maps an entity id to its label and aliases, ``texts`` a source id to its text,
    ``curated`` an entity id to the ``(source, start, end)`` of its curated quotes.
    """
    search = MentionSearch()
    owners: dict[str, set[str]] = defaultdict(set)  # folded name -> entities
    spelled: dict[str, str] = {}  # folded name -> a spelling (for acronyms: the capitals)
    for entity, entity_names in names.items():
        for name in entity_names:
            key = _key(name)
            if not key:
                continue
            owners[key].add(entity)
            spelled.setdefault(key, name)
    for key, entities in sorted(owners.items()):
        if len(entities) > 1:
            search.ambiguous[spelled[key]] = tuple(sorted(entities))
        elif not _long_enough(spelled[key]):
            search.too_short[spelled[key]] = tuple(sorted(entities))
    usable = {
        key: next(iter(entities))
        for key, entities in owners.items()
        if len(entities) == 1 and _long_enough(spelled[key])
    }
    acronyms = {" ".join(spelled[key].split()): key for key in usable if _is_acronym(spelled[key])}
    folded_names = {key for key in usable if not _is_acronym(spelled[key])}
    proper = {key for key in folded_names if spelled[key] != spelled[key].lower()}
    by_folded = _pattern(folded_names, case=True)
    by_acronym = _pattern(acronyms, case=True)
    evidence: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for entity, spans in (curated or {}).items():
        for source, start, end in spans:
            evidence[(entity, source)].append((start, end))
    for source, text in sorted(texts.items()):
        folded = fold_chars(text)
        hits: list[tuple[int, int, str]] = []  # start, end, folded key
        if by_folded is not None:
            for m in by_folded.finditer(folded):
                key = _key(m.group(0))
                written = text[m.start() : m.end()]
                if written == written.lower() and key in proper:
                    continue  # "ice", "state": a common word, not the name
                hits.append((m.start(), m.end(), key))
        if by_acronym is not None:
            for m in by_acronym.finditer(text):
                hits.append((m.start(), m.end(), acronyms[" ".join(m.group(0).split())]))
        reached = 0
        for start, end, key in sorted(hits, key=lambda h: (h[0], -(h[1] - h[0]))):
            if start < reached:
                continue  # inside a longer name found at the same place
            reached = end
            entity = usable[key]
            if any(a <= start and end <= b for a, b in evidence.get((entity, source), ())):
                continue
            search.mentions.append(
                FoundMention(source, start, end, entity, spelled[key], text[start:end])
            )
    search.mentions.sort()
    return search
