"""The project vocabulary, declared as data in ``vocabulary.yaml`` and loaded once.

Typed specs mirror every key of the file; :func:`load_vocabulary` checks the file's internal
consistency (parents exist, endpoint types exist, classes use known prefixes) and raises
:class:`~graph.errors.VocabularyError` naming the term at fault.

>>> v = default_vocabulary()
>>> v.relations["holds_position"].category
'position'
>>> v.is_a("court", "organization")
True
>>> v.closest("relation", "hold_position")
['holds_position']
>>> v.family_of("arrest").label, v.family_of("arrest").colour
('enforcement', '#D55E00')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz, process
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SDO, SKOS

from .errors import VocabularyError
from .namespaces import ETYPE, EVT, KG, NAMESPACES, REL, ROLE, SEM

DEFAULT_VOCABULARY = Path(__file__).with_name("vocabulary.yaml")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
ANY = "any"
EVENT = "event"
DEFAULT_FAMILY = "other"  # the family of an event type that names none
COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")


@dataclass(frozen=True)
class EntityTypeSpec:
    """A kind of entity: its RDF class and place in the type hierarchy."""

    name: str
    label: str
    rdf_class: URIRef
    parent: str | None = None
    abstract: bool = False
    legislation_type: str | None = None
    description: str = ""


@dataclass(frozen=True)
class EdgeSpec:
    """How a relation becomes an edge of the NetworkX projection."""

    directed: bool = True


@dataclass(frozen=True)
class RelationSpec:
    """A relation property: labels both ways, category, allowed endpoints, edge shape."""

    name: str
    label: str
    inverse_label: str
    category: str
    subject: tuple[str, ...]
    object: tuple[str, ...]
    edge: EdgeSpec = field(default_factory=EdgeSpec)
    description: str = ""
    acyclic: bool = False  # a chain of these relations may never lead back to where it started

    @property
    def iri(self) -> URIRef:
        return REL[self.name]


def _stem(word: str) -> str:
    """A word without a plural ending, for comparing: agencies → agenc, agency → agenc."""
    for ending in ("ies", "y", "es", "s"):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            return word[: -len(ending)]
    return word


@dataclass(frozen=True)
class TermSpec:
    """An event type or role type."""

    name: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class EventTypeSpec(TermSpec):
    """An event type, with the family whose colour it is drawn in."""

    family: str = DEFAULT_FAMILY


@dataclass(frozen=True)
class EventFamily:
    """A group of event types drawn in one colour (``#RRGGBB``) on the timeline."""

    name: str
    label: str
    colour: str


NEUTRAL_FAMILY = EventFamily(DEFAULT_FAMILY, "other", "#767676")


@dataclass(frozen=True)
class Vocabulary:
    """Everything curation files may name, with lookup helpers."""

    entity_types: Mapping[str, EntityTypeSpec]
    relations: Mapping[str, RelationSpec]
    event_types: Mapping[str, TermSpec]
    role_types: Mapping[str, TermSpec]
    certainty: Mapping[str, str]
    path: Path = DEFAULT_VOCABULARY
    event_families: Mapping[str, EventFamily] = field(default_factory=dict)

    def family_of(self, event_type: str) -> EventFamily:
        """The family an event type is drawn in; an unknown type, or a type whose file names no
        family, is in the ``other`` family (a neutral grey unless the file declares it)."""
        spec = self.event_types.get(event_type)
        name = spec.family if isinstance(spec, EventTypeSpec) else DEFAULT_FAMILY
        return self.event_families.get(name) or self.event_families.get(
            DEFAULT_FAMILY, NEUTRAL_FAMILY
        )

    def families(self) -> list[EventFamily]:
        """Every family, in the file's order, the default one last."""
        found = [f for f in self.event_families.values() if f.name != DEFAULT_FAMILY]
        return [*found, self.event_families.get(DEFAULT_FAMILY, NEUTRAL_FAMILY)]

    def ancestors(self, type_name: str) -> list[str]:
        """The type and all its parents, nearest first."""
        chain: list[str] = []
        current: str | None = type_name
        while current is not None and current not in chain:
            chain.append(current)
            current = self.entity_types[current].parent if current in self.entity_types else None
        return chain

    def is_a(self, type_name: str, allowed: str) -> bool:
        """Whether ``type_name`` is ``allowed`` or one of its subtypes (``any`` admits all)."""
        return allowed == ANY or allowed in self.ancestors(type_name)

    def allows(self, allowed: Iterable[str], type_name: str) -> bool:
        return any(self.is_a(type_name, a) for a in allowed)

    def _table(self, kind: str) -> Mapping[str, Any]:
        return {
            "entity type": {k: v for k, v in self.entity_types.items() if not v.abstract},
            "relation": self.relations,
            "event type": self.event_types,
            "role type": self.role_types,
            "certainty": self.certainty,
        }[kind]

    def names(self, kind: str) -> list[str]:
        return list(self._table(kind))

    def closest(self, kind: str, name: str, limit: int = 3) -> list[str]:
        """The declared terms of ``kind`` closest to a misspelt ``name``, then those whose label
        or description uses its words ("agency" → government-organization, "university" →
        college-or-university)."""
        found = process.extract(
            name, self.names(kind), scorer=fuzz.ratio, limit=limit, score_cutoff=60
        )
        close = [match for match, _score, _index in found]
        words = {_stem(w) for w in re.split(r"[\W_]+", name.lower()) if len(w) >= 3}
        if words:
            for term, spec in self._table(kind).items():
                text = spec if isinstance(spec, str) else f"{spec.label} {spec.description}"
                said = {_stem(w) for w in re.split(r"\W+", text.lower()) if w}
                if words <= said and term not in close:
                    close.append(term)
        return close[:limit]

    def type_class(self, type_name: str) -> URIRef:
        return self.entity_types[type_name].rdf_class

    def class_closure(self, type_name: str) -> list[URIRef]:
        """RDF classes of a type and its ancestors (without abstract groupings)."""
        seen: list[URIRef] = []
        for name in self.ancestors(type_name):
            spec = self.entity_types[name]
            if not spec.abstract and spec.rdf_class not in seen:
                seen.append(spec.rdf_class)
        return seen

    def to_rdf(self) -> Graph:
        """The vocabulary as RDF, written into the default graph of every build."""
        g = Graph()
        for spec in self.relations.values():
            g.add((spec.iri, RDF.type, KG.RelationProperty))
            g.add((spec.iri, RDFS.label, Literal(spec.label, lang="en")))
            g.add((spec.iri, KG.inverseLabel, Literal(spec.inverse_label, lang="en")))
            g.add((spec.iri, KG.category, Literal(spec.category)))
            g.add((spec.iri, KG.directed, Literal(spec.edge.directed)))
            if spec.description:
                g.add((spec.iri, RDFS.comment, Literal(spec.description, lang="en")))
            for t in spec.subject:
                g.add((spec.iri, KG.subjectType, Literal(t)))
            for t in spec.object:
                g.add((spec.iri, KG.objectType, Literal(t)))
        g.add((KG.RelationProperty, RDFS.subClassOf, OWL.ObjectProperty))
        g.add((KG.Claim, RDFS.subClassOf, RDF.Statement))
        for spec in self.entity_types.values():
            if spec.abstract:
                continue
            g.add((ETYPE[spec.name], RDF.type, KG.EntityType))
            g.add((ETYPE[spec.name], RDFS.label, Literal(spec.label, lang="en")))
            g.add((ETYPE[spec.name], SKOS.broadMatch, spec.rdf_class))
            if spec.parent and not self.entity_types[spec.parent].abstract:
                g.add((ETYPE[spec.name], SKOS.broader, ETYPE[spec.parent]))
            if spec.description:
                g.add((ETYPE[spec.name], RDFS.comment, Literal(spec.description, lang="en")))
            parent = self.entity_types.get(spec.parent) if spec.parent else None
            if parent is not None and not parent.abstract and parent.rdf_class != spec.rdf_class:
                g.add((spec.rdf_class, RDFS.subClassOf, parent.rdf_class))
        for term, ns, cls in (
            (self.event_types, EVT, SEM.EventType),
            (self.role_types, ROLE, SEM.RoleType),
        ):
            for t in term.values():
                g.add((ns[t.name], RDF.type, cls))
                g.add((ns[t.name], RDFS.label, Literal(t.label, lang="en")))
                if t.description:
                    g.add((ns[t.name], RDFS.comment, Literal(t.description, lang="en")))
        # the superclass of source documents must be visible to SHACL's sh:class
        g.add((SDO.NewsArticle, RDFS.subClassOf, SDO.CreativeWork))
        # the roots of what relations and roles may point to (see kgsh:TypedEntityShape)
        for root in (
            SDO.Person,
            SDO.Organization,
            SDO.Legislation,
            SDO.Place,
            SDO.CreativeWork,
            KG.Concept,
            SEM.Event,
        ):
            g.add((root, RDFS.subClassOf, SDO.Thing))
        return g


def _resolve_class(curie: str, where: str) -> URIRef:
    prefix, sep, local = curie.partition(":")
    if not sep or prefix not in NAMESPACES or not local:
        known = ", ".join(sorted(NAMESPACES))
        raise VocabularyError(f"{where}: class {curie!r} is not prefix:name with one of {known}")
    return NAMESPACES[prefix][local]


def _terms(raw: Mapping[str, Any], where: str) -> dict[str, TermSpec]:
    terms = {}
    for name, body in (raw or {}).items():
        body = body or {}
        if not body.get("label"):
            raise VocabularyError(f"{where}.{name}: missing label")
        terms[name] = TermSpec(name, str(body["label"]), str(body.get("description", "")))
    return terms


def _families(raw: Mapping[str, Any], where: str) -> dict[str, EventFamily]:
    families = {}
    for name, body in (raw or {}).items():
        body = body or {}
        colour = str(body.get("colour", ""))
        if not COLOUR.fullmatch(colour):
            raise VocabularyError(
                f"{where}.{name}: colour {colour!r} is not a colour — write it as #RRGGBB"
            )
        families[name] = EventFamily(name, str(body.get("label", name)), colour.upper())
    return families


def _event_types(
    raw: Mapping[str, Any], families: Mapping[str, EventFamily], where: str
) -> dict[str, EventTypeSpec]:
    types = {}
    for name, term in _terms(raw, where).items():
        family = str((raw[name] or {}).get("family", DEFAULT_FAMILY))
        if family not in families and family != DEFAULT_FAMILY:
            known = ", ".join(families)
            raise VocabularyError(f"{where}.{name}: unknown family {family!r} — one of {known}")
        types[name] = EventTypeSpec(term.name, term.label, term.description, family)
    return types


def load_vocabulary(path: Path | str = DEFAULT_VOCABULARY) -> Vocabulary:
    """Read and check a vocabulary file."""
    path = Path(path)
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}
    except OSError as exc:
        raise VocabularyError(f"{path}: cannot read vocabulary: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise VocabularyError(f"{path}: not valid YAML: {exc}") from exc
    types: dict[str, EntityTypeSpec] = {}
    for name, body in (raw.get("entity_types") or {}).items():
        where = f"{path}: entity_types.{name}"
        types[name] = EntityTypeSpec(
            name=name,
            label=str(body.get("label", name)),
            rdf_class=_resolve_class(str(body.get("class", "")), where),
            parent=body.get("parent"),
            abstract=bool(body.get("abstract", False)),
            legislation_type=body.get("legislation_type"),
            description=str(body.get("description", "")).strip(),
        )
    for spec in types.values():
        if spec.parent is not None and spec.parent not in types:
            raise VocabularyError(
                f"{path}: entity_types.{spec.name}: unknown parent {spec.parent!r}"
            )
    endpoint_names = set(types) | {ANY, EVENT}
    relations: dict[str, RelationSpec] = {}
    for name, body in (raw.get("relations") or {}).items():
        where = f"{path}: relations.{name}"
        for key in ("label", "inverse_label", "category", "subject", "object"):
            if not body.get(key):
                raise VocabularyError(f"{where}: missing {key}")
        for side in ("subject", "object"):
            for t in body[side]:
                if t not in endpoint_names:
                    raise VocabularyError(f"{where}: {side} type {t!r} is not an entity type")
        relations[name] = RelationSpec(
            name=name,
            label=str(body["label"]),
            inverse_label=str(body["inverse_label"]),
            category=str(body["category"]),
            subject=tuple(body["subject"]),
            object=tuple(body["object"]),
            edge=EdgeSpec(directed=bool((body.get("edge") or {}).get("directed", True))),
            description=str(body.get("description", "")).strip(),
            acyclic=bool(body.get("acyclic", False)),
        )
    families = _families(raw.get("event_families"), f"{path}: event_families")
    return Vocabulary(
        entity_types=types,
        relations=relations,
        event_types=_event_types(raw.get("event_types"), families, f"{path}: event_types"),
        role_types=_terms(raw.get("role_types"), f"{path}: role_types"),
        certainty={str(k): str(v) for k, v in (raw.get("certainty") or {}).items()},
        path=path,
        event_families=families,
    )


@cache
def default_vocabulary() -> Vocabulary:
    """The bundled vocabulary, loaded once per process."""
    return load_vocabulary(DEFAULT_VOCABULARY)
