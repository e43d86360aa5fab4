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
"""

from __future__ import annotations

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
from .vocab import ETYPE, EVT, KG, NAMESPACES, REL, ROLE, SEM

DEFAULT_VOCABULARY = Path(__file__).with_name("vocabulary.yaml")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
ANY = "any"
EVENT = "event"


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


@dataclass(frozen=True)
class TermSpec:
    """An event type or role type."""

    name: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class Vocabulary:
    """Everything curation files may name, with lookup helpers."""

    entity_types: Mapping[str, EntityTypeSpec]
    relations: Mapping[str, RelationSpec]
    event_types: Mapping[str, TermSpec]
    role_types: Mapping[str, TermSpec]
    certainty: Mapping[str, str]
    path: Path = DEFAULT_VOCABULARY

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

    def names(self, kind: str) -> list[str]:
        table: Mapping[str, Any] = {
            "entity type": {k: v for k, v in self.entity_types.items() if not v.abstract},
            "relation": self.relations,
            "event type": self.event_types,
            "role type": self.role_types,
            "certainty": self.certainty,
        }[kind]
        return list(table)

    def closest(self, kind: str, name: str, limit: int = 3) -> list[str]:
        """The declared terms of ``kind`` closest to a misspelt ``name``."""
        found = process.extract(
            name, self.names(kind), scorer=fuzz.ratio, limit=limit, score_cutoff=60
        )
        return [match for match, _score, _index in found]

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
    return Vocabulary(
        entity_types=types,
        relations=relations,
        event_types=_terms(raw.get("event_types"), f"{path}: event_types"),
        role_types=_terms(raw.get("role_types"), f"{path}: role_types"),
        certainty={str(k): str(v) for k, v in (raw.get("certainty") or {}).items()},
        path=path,
    )


@cache
def default_vocabulary() -> Vocabulary:
    """The bundled vocabulary, loaded once per process."""
    return load_vocabulary(DEFAULT_VOCABULARY)
