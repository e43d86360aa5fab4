"""RDF namespaces and IRI minting.

The core project terms live in the closed namespace :class:`KG`: a typo such as ``KG.dateTxt``
raises at import time. Relation properties, event types and role types are data (see
``vocabulary.yaml``) and get their IRIs from :data:`REL`, :data:`EVT` and :data:`ROLE`.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace

VOCAB_BASE = "https://example.org/threadline/vocab#"
DEFAULT_BASE_IRI = "https://example.org/threadline/id/"

SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
OA = Namespace("http://www.w3.org/ns/oa#")
EDTF = Namespace("http://id.loc.gov/datatypes/edtf/")
EDTF_DATATYPE = EDTF.EDTF
WD = Namespace("http://www.wikidata.org/entity/")
REL = Namespace("https://example.org/threadline/vocab/relation/")
EVT = Namespace("https://example.org/threadline/vocab/event-type/")
ROLE = Namespace("https://example.org/threadline/vocab/role-type/")
ETYPE = Namespace("https://example.org/threadline/vocab/entity-type/")


class KG(DefinedNamespace):
    """Threadline's own core terms (closed: an undeclared name raises)."""

    _fail = True
    _NS = Namespace(VOCAB_BASE)

    Claim: URIRef  # a curated binary assertion (s p o) with qualifiers and evidence
    RelationProperty: URIRef  # class of the relation properties declared in the vocabulary
    Court: URIRef
    Legislature: URIRef
    CourtDecision: URIRef
    Concept: URIRef
    EntityType: URIRef  # class of the entity types declared in the vocabulary
    dateText: URIRef  # the verbatim date phrase of the source
    edtf: URIRef  # the curator's EDTF date
    startDate: URIRef  # EDTF start of a claimed state (qualifier)
    endDate: URIRef  # EDTF end of a claimed state (qualifier)
    mentionedAt: URIRef  # entity -> evidence anchor where the source names it
    certainty: URIRef  # asserted | reported | alleged | disputed
    statedBy: URIRef  # who says so, for reported speech and accusations
    title: URIRef  # title or office qualifier of a position claim
    note: URIRef  # curator note
    textSha256: URIRef  # SHA-256 of the NFC text of a source document
    Account: URIRef  # one source's account of an event told by several (its date, roles, quotes)
    accountOf: URIRef  # an account -> the event it tells
    accountRole: URIRef  # an account -> a role (sem:Role) it names; the event has them all
    foundAt: URIRef  # an entity -> where a source names it, found by its label or an alias
    foundName: URIRef  # the label or alias a found mention matched
    NameSearch: URIRef  # the activity that finds mentions by name (derived, not curated)
    fileSha256: URIRef  # SHA-256 of the bytes of the HTML page or PDF a text was extracted from
    offsetUnit: URIRef
    dateline: URIRef  # the date relative phrases of a source resolve against
    category: URIRef  # relation category
    inverseLabel: URIRef  # label read from object to subject
    directed: URIRef  # whether the relation becomes a directed edge
    subjectType: URIRef
    objectType: URIRef
    curationFile: URIRef  # the curation file an item came from


NAMESPACES: dict[str, Namespace] = {
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "owl": Namespace(str(OWL)),
    "xsd": Namespace(str(XSD)),
    "skos": Namespace(str(SKOS)),
    "prov": Namespace(str(PROV)),
    "schema": Namespace(str(SDO)),
    "sem": SEM,
    "oa": OA,
    "edtf": EDTF,
    "wd": WD,
    "kg": Namespace(VOCAB_BASE),
    "rel": REL,
    "evt": EVT,
    "role": ROLE,
    "etype": ETYPE,
}


_PREFIX = {"entity": "ent", "event": "ev", "role": "part"}


@dataclass(frozen=True)
class IriMinter:
    """Mints the IRIs of one graph from its base IRI.

    >>> m = IriMinter("https://example.org/threadline/id/")
    >>> str(m.entity("marco-rubio"))
    'https://example.org/threadline/id/entity/marco-rubio'
    >>> m.local_id(m.event("khalil-arrest"))
    'khalil-arrest'
    """

    base: str = DEFAULT_BASE_IRI

    def _ns(self, kind: str) -> Namespace:
        return Namespace(f"{self.base}{kind}/")

    def entity(self, slug: str) -> URIRef:
        return self._ns("entity")[slug]

    def event(self, slug: str) -> URIRef:
        return self._ns("event")[slug]

    def claim(self, key: str) -> URIRef:
        return self._ns("claim")[key]

    def role(self, key: str) -> URIRef:
        return self._ns("role")[key]

    def anchor(self, key: str) -> URIRef:
        return self._ns("anchor")[key]

    def doc(self, slug: str) -> URIRef:
        return self._ns("doc")[slug]

    def graph(self, slug: str) -> URIRef:
        return self._ns("graph")[slug]

    def found_graph(self, slug: str) -> URIRef:
        """The named graph of the mentions found by name in one source (derived data)."""
        return self._ns("graph")[f"{slug}/found-by-name"]

    def prefixes(self) -> dict[str, Namespace]:
        """Prefixes for serialising a graph minted with this base."""
        kinds = ("entity", "event", "claim", "role", "anchor", "doc", "graph")
        return {
            **NAMESPACES,
            **{_PREFIX.get(k, k): self._ns(k) for k in kinds},
        }

    def local_id(self, iri: URIRef | str) -> str:
        """The slug at the end of an entity, event or document IRI."""
        return str(iri).rsplit("/", 1)[-1]
