"""The built graph as TriG text, one block per graph, so a rebuild rewrites only changed graphs.

The text depends only on the triples: prefixes, the default graph, then each named graph, with
subjects, predicates and objects in sorted order, so an incremental build writes the same bytes
as a full one. A plain writer, several times faster than rdflib's (which looks for lists and
nests blank nodes; a built graph has neither): an IRI is written with a prefix when the rest is
a simple name, in full otherwise; literals are written by rdflib.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")
Triple = tuple[object, object, object]


@dataclass(frozen=True)
class Block:
    """One graph's text, kept subject by subject (the subject's text, its lines, the prefixes
    they use), with the digest of what it was written from."""

    key: str
    name: str | None  # the graph's name as written (None: the default graph)
    chunks: dict[object, tuple[str, str, frozenset[str]]]
    name_prefixes: frozenset[str] = frozenset()

    @property
    def text(self) -> str:
        if not self.chunks:
            return ""
        body = "\n".join(chunk for _s, chunk, _p in sorted(self.chunks.values()))
        return body if self.name is None else f"{self.name} {{\n{body}}}\n"

    @property
    def prefixes(self) -> frozenset[str]:
        if not self.chunks:
            return frozenset()
        return self.name_prefixes.union(*(used for _s, _c, used in self.chunks.values()))


def graph_key(part_keys: Iterable[str]) -> str:
    """The digest of a graph's parts (by their keys): its block is reused while it is equal."""
    return hashlib.sha256("\n".join(sorted(part_keys)).encode()).hexdigest()


class _Terms:
    """Writes terms, with a prefix where one fits, remembering which prefixes it used."""

    def __init__(self, namespaces: Iterable[tuple[str, object]]) -> None:
        prefixes = [(str(ns), prefix) for prefix, ns in namespaces if prefix]
        self.by_length = sorted(prefixes, key=lambda item: (-len(item[0]), item))
        self.memo: dict[object, tuple[str, str | None]] = {}

    def write(self, node: object, used: set[str]) -> str:
        from rdflib import URIRef

        known = self.memo.get(node)
        if known is None:
            known = (node.n3(), None)  # type: ignore[attr-defined]
            if isinstance(node, URIRef):
                iri = str(node)
                for ns, prefix in self.by_length:
                    if iri.startswith(ns) and _LOCAL.fullmatch(iri[len(ns) :]):
                        known = (f"{prefix}:{iri[len(ns) :]}", prefix)
                        break
            self.memo[node] = known
        if known[1] is not None:
            used.add(known[1])
        return known[0]


def _chunks(
    terms: _Terms, triples: Iterable[Triple], indent: str
) -> dict[object, tuple[str, str, frozenset[str]]]:
    rows: dict[object, dict[str, list[str]]] = {}
    used: dict[object, set[str]] = {}
    w = terms.write
    for s, p, o in triples:
        seen = used.setdefault(s, set())
        rows.setdefault(s, {}).setdefault(w(p, seen), []).append(w(o, seen))
    out = {}
    for s, preds in rows.items():
        subject = w(s, used[s])
        lines = [f"{indent}    {p} {', '.join(sorted(preds[p]))}" for p in sorted(preds)]
        out[s] = (subject, f"{indent}{subject}\n" + " ;\n".join(lines) + " .\n", frozenset(used[s]))
    return out


def _block(
    terms: _Terms,
    name: object,
    triples: Iterable[Triple],
    key: str,
    old: Block | None = None,
    subjects: set[object] | None = None,
) -> Block:
    """The block of a graph; with ``old`` and the ``subjects`` whose triples changed, only
    those subjects are written again."""
    indent = "" if name is None else "    "
    used: set[str] = set()
    title = None if name is None else terms.write(name, used)
    if old is None or subjects is None:
        chunks = _chunks(terms, triples, indent)
    else:
        chunks = {s: c for s, c in old.chunks.items() if s not in subjects}
        chunks.update(_chunks(terms, (t for t in triples if t[0] in subjects), indent))
    return Block(key, title, chunks, frozenset(used))


def trig_blocks(
    graphs: Mapping[object, Iterable[Triple]],
    keys: Mapping[object, str],
    namespaces: Iterable[tuple[str, object]],
    earlier: Mapping[object, Block] | None = None,
    changed: Mapping[object, set[object]] | None = None,
) -> dict[object, Block]:
    """Each graph's block (None: the default graph), taken from ``earlier`` where its key
    (``keys``, see :func:`graph_key`) is unchanged; where it changed and ``changed`` names the
    subjects whose triples changed in that graph, only theirs are written again."""
    terms = _Terms(namespaces)
    earlier = earlier or {}
    changed = changed or {}
    blocks = {}
    for name, triples in graphs.items():
        old = earlier.get(name)
        if old is not None and old.key == keys[name]:
            blocks[name] = old
        else:
            blocks[name] = _block(terms, name, triples, keys[name], old, changed.get(name))
    return blocks


def trig_document(blocks: Mapping[object, Block], namespaces: Iterable[tuple[str, object]]) -> str:
    """The TriG text of the blocks: the prefixes they use, the default graph, then the named
    graphs in the order of their IRIs."""
    used = set().union(*(b.prefixes for b in blocks.values()))
    bound = sorted((prefix, str(ns)) for prefix, ns in namespaces if prefix)
    head = [f"@prefix {prefix}: <{ns}> ." for prefix, ns in bound if prefix in used]
    named = sorted((n for n in blocks if n is not None), key=str)
    order = ([None] if None in blocks else []) + named
    body = [blocks[name].text for name in order if blocks[name].text]
    return "\n".join(head) + "\n\n" + "\n".join(body)


def trig_text(
    graphs: Mapping[object, Iterable[Triple]], namespaces: Iterable[tuple[str, object]]
) -> str:
    """The graphs (None: the default graph) as one TriG text."""
    namespaces = list(namespaces)
    keys = dict.fromkeys(graphs, "")
    return trig_document(trig_blocks(graphs, keys, namespaces), namespaces)
