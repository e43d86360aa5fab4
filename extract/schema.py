"""The curation file format, declared once as pydantic models.

The same models check the structure of a file (with every problem mapped back to its line and
column by :mod:`extract.yamlfile`) and generate the JSON Schema editors use for autocompletion
(``threadline schema``). Vocabulary terms (types, predicates, roles) are plain strings here; they
are checked against ``graph/vocabulary.yaml`` by :mod:`extract.validate`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from graph.vocabulary import Vocabulary, default_vocabulary

from .dates import parse_date

# Size limits (docs/curation.md, "Limits"): far above anything a real curation writes, far below
# what the graph stores accept (Oxigraph refuses a literal over 16 MB). Lengths count characters.
ID_MAX = 100  # ids, and references to ids and vocabulary terms
NAME_MAX = 300  # label, alias, relation title, date_text
DATE_MAX = 100  # an EDTF string
DESCRIPTION_MAX = 5_000
NOTE_MAX = 10_000
QUOTE_MAX = 5_000
CONTEXT_MAX = 1_000  # a quote's prefix or suffix
ALIASES_MAX = 100  # aliases of one entity
PARTICIPANTS_MAX = 500  # participants of one event
EVIDENCE_MAX = 100  # quotes of one item
SOURCE_NAME_MAX = 1_000  # title, publication, publisher, author, section title
URL_MAX = 2_000
SECTIONS_MAX = 10_000
SOURCE_TEXT_MAX = 50_000_000  # characters of one source text

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Slug = Annotated[
    str, Field(pattern=SLUG, max_length=ID_MAX, description="lowercase words joined by hyphens")
]
Ref = Annotated[str, Field(max_length=ID_MAX)]
Name = Annotated[str, Field(max_length=NAME_MAX)]
Note = Annotated[str, Field(max_length=NOTE_MAX)]
SourceName = Annotated[str, Field(max_length=SOURCE_NAME_MAX)]
# A BCP 47 language tag as RDF accepts it (rdflib refuses others when it builds the graph).
LANGUAGE = r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$"
# An absolute http(s) IRI with none of the characters an IRI may not hold.
URL = r'^https?://[^\s<>"{}|\\^`]+$'


def _to_text(value: Any) -> Any:
    """YAML reads 2025 as a number; EDTF fields are text."""
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


Edtf = Annotated[
    str,
    BeforeValidator(_to_text),
    Field(
        max_length=DATE_MAX,
        description="an EDTF date, e.g. 2025-03-08, 2025-03, [2025-03-01..2025-03-10], 195X",
    ),
]


def _check_date(value: str) -> str:
    """Source dates are checked as they load (curation dates are checked with the references)."""
    parse_date(value)
    return value


SourceDate = Annotated[Edtf, AfterValidator(_check_date)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True)


class Quote(_Strict):
    """An exact quote, disambiguated when it occurs more than once in the source."""

    quote: str = Field(
        max_length=QUOTE_MAX,
        description="the exact words of the source (verbatim, curly quotes included)",
    )
    prefix: str | None = Field(
        None, max_length=CONTEXT_MAX, description="text immediately before the quote"
    )
    suffix: str | None = Field(
        None, max_length=CONTEXT_MAX, description="text immediately after the quote"
    )
    occurrence: int | None = Field(
        None, ge=1, strict=True, description="1-based, among the remaining matches"
    )


QuoteText = Annotated[str, Field(max_length=QUOTE_MAX)]
Evidence = (
    QuoteText
    | Quote
    | Annotated[list[QuoteText | Quote], Field(min_length=1, max_length=EVIDENCE_MAX)]
)


class EntityItem(_Strict):
    """A person, organization, law, court decision, place, publication or idea."""

    id: Slug
    # type and label may be left out where an id is declared again (they come from the first
    # declaration), so they default to None; written with no value (`label:`) they are refused
    type: Ref = Field(
        None,  # type: ignore[assignment]
        description="an entity type of the vocabulary (may be left out where redeclared)",
    )
    label: Name = Field(None, description="its name (may be left out where redeclared)")  # type: ignore[assignment]
    aliases: list[Name] = Field(default_factory=list, max_length=ALIASES_MAX)
    description: Annotated[str, Field(max_length=DESCRIPTION_MAX)] | None = None
    wikidata: Annotated[str, Field(pattern=r"^Q[1-9][0-9]*$", max_length=ID_MAX)] | None = None
    evidence: Evidence
    note: Note | None = None


class Participant(_Strict):
    """Who took part in an event, and how."""

    entity: Ref = Field(description="id of an entity")
    role: Ref = Field(description="a role type of the vocabulary")
    evidence: Evidence | None = Field(None, description="defaults to the event's evidence")
    note: Note | None = None


class EventItem(_Strict):
    """Something that happened at a time: arrests, orders, rulings, protests..."""

    id: Slug
    type: Ref = Field(
        None,  # type: ignore[assignment]
        description="an event type of the vocabulary (may be left out in another account)",
    )
    label: Name = Field(None, description="a neutral label (may be left out likewise)")  # type: ignore[assignment]
    date: Edtf | None = None
    date_text: Name | None = Field(None, description="the date phrase as the source writes it")
    place: Ref | None = Field(None, description="id of a place entity")
    participants: list[Participant] = Field(default_factory=list, max_length=PARTICIPANTS_MAX)
    certainty: Ref | None = None
    stated_by: Ref | None = None
    evidence: Evidence
    note: Note | None = None


class RelationItem(_Strict):
    """A claimed relation between two entities (or two events)."""

    subject: Ref
    predicate: Ref = Field(description="a relation of the vocabulary")
    object: Ref
    title: Name | None = None
    start: Edtf | None = None
    end: Edtf | None = None
    certainty: Ref | None = None
    stated_by: Ref | None = None
    evidence: Evidence
    note: Note | None = None


class CurationFile(_Strict):
    """One curation file: the items curated from one source document."""

    source: Slug = Field(description="id of the source document (data/sources/ID.yaml)")
    entities: list[EntityItem] = Field(default_factory=list)
    events: list[EventItem] = Field(default_factory=list)
    relations: list[RelationItem] = Field(default_factory=list)


class Section(_Strict):
    """A heading of the source text and the line it stands on."""

    title: SourceName
    line: int = Field(ge=1, description="the line of the text where the section starts")
    heading: bool = Field(True, description="false when the text has no heading line there")


class Original(_Strict):
    """The file a source's text was extracted from (an HTML page or a PDF)."""

    file: SourceName = Field(description="its file name when the text was extracted")
    format: Literal["html", "pdf"]
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] = Field(
        description="SHA-256 of the original file's bytes"
    )


class SourceMeta(_Strict):
    """Metadata of one source document, kept beside its text."""

    id: Slug
    title: SourceName
    publication: SourceName | None = None
    publisher: SourceName | None = None
    author: SourceName | None = None
    published: SourceDate = Field(description="publication date (EDTF)")
    dateline: SourceDate | None = Field(
        None, description="the date relative phrases resolve against"
    )
    language: Annotated[str, Field(pattern=LANGUAGE, max_length=35)] = Field(
        "en", description="a BCP 47 language tag, e.g. en, es, pt-BR"
    )
    url: Annotated[str, Field(pattern=URL, max_length=URL_MAX)] | None = None
    text: Annotated[str, Field(max_length=SOURCE_NAME_MAX)] = Field(
        description="file name of the plain UTF-8 text, beside this file"
    )
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    original: Original | None = Field(
        None, description="the HTML page or PDF the text was extracted from"
    )
    sections: list[Section] = Field(default_factory=list, max_length=SECTIONS_MAX)


def json_schema(
    vocabulary: Vocabulary | None = None,
    entity_ids: Sequence[str] = (),
    event_ids: Sequence[str] = (),
) -> str:
    """The JSON Schema of curation files, for editors (e.g. the YAML language server).

    Vocabulary terms become enumerations, so an editor offers the declared types, relations,
    roles and certainty values as it completes. The ids already declared (``entity_ids``,
    ``event_ids``: :mod:`extract.ids`) are offered where an id is written, beside any new slug,
    so a curator reuses an existing id instead of coining a second one.
    """
    vocab = vocabulary or default_vocabulary()
    schema = CurationFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Threadline curation file"
    terms = {
        ("EntityItem", "type"): vocab.names("entity type"),
        ("EventItem", "type"): vocab.names("event type"),
        ("Participant", "role"): vocab.names("role type"),
        ("RelationItem", "predicate"): vocab.names("relation"),
        ("EventItem", "certainty"): vocab.names("certainty"),
        ("RelationItem", "certainty"): vocab.names("certainty"),
    }
    for (model, prop), names in terms.items():
        target = schema["$defs"][model]["properties"][prop]
        options = target.get("anyOf", [target])
        for option in options:
            if option.get("type") == "string":
                option["enum"] = sorted(names)
    entities, events = sorted(set(entity_ids)), sorted(set(event_ids))
    offered = {
        ("EntityItem", "id"): entities,
        ("EventItem", "id"): events,
        ("Participant", "entity"): entities,
        ("EventItem", "place"): entities,
        ("EventItem", "stated_by"): entities,
        ("RelationItem", "stated_by"): entities,
        ("RelationItem", "subject"): entities + events,
        ("RelationItem", "object"): entities + events,
    }
    for (model, prop), ids in offered.items():
        if not ids:
            continue
        properties = schema["$defs"][model]["properties"]
        target = properties[prop]
        options = target.get("anyOf", [target])
        for n, option in enumerate(options):
            if option.get("type") == "string":
                rest = {k: v for k, v in option.items() if k not in {"description", "title"}}
                options[n] = {"anyOf": [{"enum": ids}, rest]}
                for key in ("title", "description"):
                    if key in option:
                        options[n][key] = option[key]
        if "anyOf" not in target:
            properties[prop] = options[0]
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
