"""The curation file format, declared once as pydantic models.

The same models check the structure of a file (with every problem mapped back to its line and
column by :mod:`extract.yamlfile`) and generate the JSON Schema editors use for autocompletion
(``threadline schema``). Vocabulary terms (types, predicates, roles) are plain strings here; they
are checked against ``graph/vocabulary.yaml`` by :mod:`extract.validate`.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from graph.vocabulary import Vocabulary, default_vocabulary

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Slug = Annotated[str, Field(pattern=SLUG, description="lowercase words joined by hyphens")]


def _to_text(value: Any) -> Any:
    """YAML reads 2025 as a number; EDTF fields are text."""
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


Edtf = Annotated[
    str,
    BeforeValidator(_to_text),
    Field(description="an EDTF date, e.g. 2025-03-08, 2025-03, [2025-03-01..2025-03-10], 195X"),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True)


class Quote(_Strict):
    """An exact quote, disambiguated when it occurs more than once in the source."""

    quote: str = Field(
        description="the exact words of the source (verbatim, curly quotes included)"
    )
    prefix: str | None = Field(None, description="text immediately before the quote")
    suffix: str | None = Field(None, description="text immediately after the quote")
    occurrence: int | None = Field(None, ge=1, description="1-based, among the remaining matches")


Evidence = str | Quote | Annotated[list[str | Quote], Field(min_length=1)]


class EntityItem(_Strict):
    """A person, organization, law, court decision, place, publication or idea."""

    id: Slug
    type: str = Field(description="an entity type of the vocabulary")
    label: str
    aliases: list[str] = Field(default_factory=list)
    description: str | None = None
    wikidata: Annotated[str, Field(pattern=r"^Q[1-9][0-9]*$")] | None = None
    evidence: Evidence
    note: str | None = None


class Participant(_Strict):
    """Who took part in an event, and how."""

    entity: str = Field(description="id of an entity")
    role: str = Field(description="a role type of the vocabulary")
    evidence: Evidence | None = Field(None, description="defaults to the event's evidence")
    note: str | None = None


class EventItem(_Strict):
    """Something that happened at a time: arrests, orders, rulings, protests..."""

    id: Slug
    type: str = Field(description="an event type of the vocabulary")
    label: str
    date: Edtf | None = None
    date_text: str | None = Field(None, description="the date phrase as the source writes it")
    place: str | None = Field(None, description="id of a place entity")
    participants: list[Participant] = Field(default_factory=list)
    certainty: str | None = None
    stated_by: str | None = None
    evidence: Evidence
    note: str | None = None


class RelationItem(_Strict):
    """A claimed relation between two entities (or two events)."""

    subject: str
    predicate: str = Field(description="a relation of the vocabulary")
    object: str
    title: str | None = None
    start: Edtf | None = None
    end: Edtf | None = None
    certainty: str | None = None
    stated_by: str | None = None
    evidence: Evidence
    note: str | None = None


class CurationFile(_Strict):
    """One curation file: the items curated from one source document."""

    source: Slug = Field(description="id of the source document (data/sources/ID.yaml)")
    entities: list[EntityItem] = Field(default_factory=list)
    events: list[EventItem] = Field(default_factory=list)
    relations: list[RelationItem] = Field(default_factory=list)


class Section(_Strict):
    """A heading of the source text and the line it stands on."""

    title: str
    line: int = Field(ge=1, description="the line of the text where the section starts")
    heading: bool = Field(True, description="false when the text has no heading line there")


class SourceMeta(_Strict):
    """Metadata of one source document, kept beside its text."""

    id: Slug
    title: str
    publication: str | None = None
    publisher: str | None = None
    author: str | None = None
    published: Edtf = Field(description="publication date (EDTF)")
    dateline: Edtf | None = Field(None, description="the date relative phrases resolve against")
    language: str = "en"
    url: str | None = None
    text: str = Field(description="file name of the plain UTF-8 text, beside this file")
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    sections: list[Section] = Field(default_factory=list)


def json_schema(vocabulary: Vocabulary | None = None) -> str:
    """The JSON Schema of curation files, for editors (e.g. the YAML language server).

    Vocabulary terms become enumerations, so an editor offers the declared types, relations,
    roles and certainty values as it completes.
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
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
