"""Size limits, progress reports, and validation that covers every SHACL constraint.

Huge values are generated here, into a temporary copy of tests/data/mini, rather than committed:
the repository keeps small fixtures (tests/data/README.md). Every refused input gives exact,
located problems and writes nothing.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SDO, SH

import extract.progress as progress_module
from extract import schema
from extract.build import build
from extract.cli import main
from extract.dates import EDTF_PATTERN
from extract.errors import CurationErrors
from extract.loader import quotes_of
from extract.progress import QUIET_FOR, Progress, ProgressPrinter
from extract.validate import load_inputs, validate
from graph.namespaces import KG
from graph.shacl import SHAPES
from graph.vocabulary import default_vocabulary

TESTS = Path(__file__).parent
MINI = TESTS / "data" / "mini"
BROKEN = TESTS / "data" / "broken"
BUNDLED = TESTS.parent / "data"
OXIGRAPH_LITERAL_LIMIT = 16 * 1024 * 1024

HEAD = """source: mini
entities:
  - id: mahmoud-khalil
    type: person
    label: Mahmoud Khalil
"""
EVIDENCE = '    evidence: {quote: "Mahmoud Khalil", occurrence: 1}\n'


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(MINI, tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def refused(project: Path, curation: str | None = None) -> list[str]:
    """The problems of a run that must fail; a build of the same input writes nothing."""
    if curation is not None:
        (project / "curation" / "mini.yaml").write_text(curation, encoding="utf-8")
    with pytest.raises(CurationErrors) as info:
        validate(project)
    found = [str(p) for p in info.value.problems]
    output = project / "build" / "graph.trig"
    with pytest.raises(CurationErrors) as again:
        build(project, output)
    assert [str(p) for p in again.value.problems] == found
    assert not output.parent.exists()
    return found


def test_a_literal_over_16_mb_is_refused_before_the_store_sees_it(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    size = OXIGRAPH_LITERAL_LIMIT + 1
    text = HEAD + f'    description: "{"x" * size}"\n' + EVIDENCE
    expected = [
        f"curation/mini.yaml:6:18: entities[0].description is {size} characters long;"
        f" the limit is {schema.DESCRIPTION_MAX} — shorten it"
    ]
    assert refused(project, text) == expected
    assert main(["--data", str(project), "validate"]) == 1
    out, err = capsys.readouterr()
    assert err.splitlines() == [*expected, "1 problem found; nothing was written"]


def test_a_100k_character_id(project: Path) -> None:
    text = HEAD.replace("mahmoud-khalil", "k" * 100_000) + EVIDENCE
    assert refused(project, text) == [
        "curation/mini.yaml:3:9: entities[0].id is 100000 characters long; the limit is 100"
        " — shorten it"
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            f"    label: {'L' * 301}\n",
            "curation/mini.yaml:5:12: entities[0].label is 301 characters long;"
            " the limit is 300 — shorten it",
        ),
        (
            f"    note: {'n' * 10_001}\n",
            "curation/mini.yaml:6:11: entities[0].note is 10001 characters long;"
            " the limit is 10000 — shorten it",
        ),
        (
            f"    aliases: [{', '.join(f'a{i}' for i in range(101))}]\n",
            "curation/mini.yaml:6:14: entities[0].aliases has 101 items; the limit is 100"
            " — keep the spellings the source really uses",
        ),
        (
            f"    aliases: [ok, {'a' * 301}]\n",
            "curation/mini.yaml:6:19: entities[0].aliases[1] is 301 characters long;"
            " the limit is 300 — shorten it",
        ),
        (
            f"    wikidata: Q{'1' * 100}\n",
            "curation/mini.yaml:6:15: entities[0].wikidata is 101 characters long;"
            " the limit is 100 — shorten it",
        ),
    ],
    ids=["label", "note", "aliases", "alias", "wikidata"],
)
def test_entity_field_limits(project: Path, line: str, expected: str) -> None:
    label = "    label: Mahmoud Khalil\n"
    head = HEAD.replace(label, line) if line.startswith("    label:") else HEAD + line
    assert refused(project, head + EVIDENCE) == [expected]


@pytest.mark.parametrize(
    ("evidence", "expected"),
    [
        (
            f'    evidence: "{"q" * 5001}"\n',
            "curation/mini.yaml:6:15: entities[0].evidence is 5001 characters long;"
            " the limit is 5000 — shorten it",
        ),
        (
            f'    evidence: {{quote: "{"q" * 5001}"}}\n',
            "curation/mini.yaml:6:23: entities[0].evidence.quote is 5001 characters long;"
            " the limit is 5000 — shorten it",
        ),
        (
            f'    evidence: {{quote: "Khalil", prefix: "{"p" * 1001}"}}\n',
            "curation/mini.yaml:6:41: entities[0].evidence.prefix is 1001 characters long;"
            " the limit is 1000 — shorten it",
        ),
        (
            f'    evidence: ["Mahmoud Khalil", "{"q" * 5001}"]\n',
            "curation/mini.yaml:6:34: entities[0].evidence[1] is 5001 characters long;"
            " the limit is 5000 — shorten it",
        ),
        (
            f"    evidence: [{', '.join(['Secretary of State'] * 101)}]\n",
            "curation/mini.yaml:6:15: entities[0].evidence has 101 items; the limit is 100"
            " — keep the quotes that support the item best",
        ),
    ],
    ids=["bare-quote", "quote", "prefix", "list-item", "quote-count"],
)
def test_evidence_limits(project: Path, evidence: str, expected: str) -> None:
    assert refused(project, HEAD + evidence) == [expected]


def test_event_limits(project: Path) -> None:
    participants = "".join("      - {entity: mahmoud-khalil, role: arrested}\n" for _ in range(501))
    text = (
        HEAD
        + EVIDENCE
        + "events:\n"
        + "  - id: khalil-arrest\n"
        + "    type: arrest\n"
        + "    label: Arrest of Mahmoud Khalil\n"
        + f'    date: "{"2" * 101}"\n'
        + f"    date_text: {'d' * 301}\n"
        + "    participants:\n"
        + participants
        + '    evidence: "In early March, ICE agents arrested Mahmoud Khalil"\n'
    )
    assert refused(project, text) == [
        "curation/mini.yaml:11:11: events[0].date is 101 characters long; the limit is 100"
        " — shorten it",
        "curation/mini.yaml:12:16: events[0].date_text is 301 characters long;"
        " the limit is 300 — shorten it",
        "curation/mini.yaml:14:7: events[0].participants has 501 items; the limit is 500"
        " — keep the participants the source names, or split the event",
    ]


def test_relation_limits(project: Path) -> None:
    text = (
        HEAD
        + EVIDENCE
        + "relations:\n"
        + f"  - subject: {'s' * 101}\n"
        + "    predicate: related_to\n"
        + "    object: mahmoud-khalil\n"
        + f"    title: {'t' * 301}\n"
        + '    evidence: "Mahmoud Khalil"\n'
    )
    assert refused(project, text) == [
        "curation/mini.yaml:8:14: relations[0].subject is 101 characters long;"
        " the limit is 100 — shorten it",
        "curation/mini.yaml:11:12: relations[0].title is 301 characters long;"
        " the limit is 300 — shorten it",
    ]


def test_source_title_limit(project: Path) -> None:
    meta = project / "sources" / "mini.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text.replace("A stand-in text for tests", "T" * 1001), encoding="utf-8")
    assert refused(project) == [
        "sources/mini.yaml:2:8: title is 1001 characters long; the limit is 1000 — shorten it"
    ]


def test_source_text_limit(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schema, "SOURCE_TEXT_MAX", 100)
    n = len((project / "sources" / "mini.txt").read_text(encoding="utf-8"))
    assert refused(project) == [
        f"sources/mini.txt: the text is {n} characters long; the limit is 100"
        " — split the document into several sources"
    ]


def _bundled_maxima() -> dict[str, int]:
    """The longest value of each limited field in the bundled corpus."""
    inputs = load_inputs(BUNDLED)
    top: dict[str, int] = {}

    def see(name: str, value: object) -> None:
        size = len(value) if isinstance(value, str | list) else 0
        top[name] = max(top.get(name, 0), size)

    for loaded in inputs.files:
        cur = loaded.model
        for item in [*cur.entities, *cur.events, *cur.relations]:
            for name in ("id", "label", "description", "note", "date_text", "title", "date"):
                see(name, getattr(item, name, None) or "")
            for name in ("subject", "object", "start", "end"):
                see("id" if name in ("subject", "object") else "date", getattr(item, name, ""))
            see("aliases", getattr(item, "aliases", []))
            for alias in getattr(item, "aliases", []):
                see("label", alias)
            see("participants", getattr(item, "participants", []))
            evidence = [item.evidence] + [p.evidence for p in getattr(item, "participants", [])]
            for ev in evidence:
                see("evidence", quotes_of(ev))
                for q, _ in quotes_of(ev):
                    see("quote", q.quote)
                    see("prefix", q.prefix or "")
                    see("prefix", q.suffix or "")
    for source in inputs.sources.values():
        for name in ("title", "publication", "publisher", "author"):
            see("source name", getattr(source.meta, name) or "")
        see("source text", source.text)
    return top


def test_the_bundled_corpus_stays_far_below_the_limits() -> None:
    limits = {
        "id": schema.ID_MAX,
        "label": schema.NAME_MAX,
        "title": schema.NAME_MAX,
        "date_text": schema.NAME_MAX,
        "date": schema.DATE_MAX,
        "description": schema.DESCRIPTION_MAX,
        "note": schema.NOTE_MAX,
        "quote": schema.QUOTE_MAX,
        "prefix": schema.CONTEXT_MAX,
        "aliases": schema.ALIASES_MAX,
        "participants": schema.PARTICIPANTS_MAX,
        "evidence": schema.EVIDENCE_MAX,
        "source name": schema.SOURCE_NAME_MAX,
        "source text": schema.SOURCE_TEXT_MAX,
    }
    maxima = _bundled_maxima()
    near = {k: (maxima[k], limit) for k, limit in limits.items() if maxima[k] * 2 > limit}
    assert near == {}


def test_the_limits_are_documented() -> None:
    guide = (TESTS.parent / "docs" / "curation.md").read_text(encoding="utf-8")
    section = guide.split(". Limits\n", 1)[1].split("\n## ", 1)[0]
    for limit in (
        schema.ID_MAX,
        schema.NAME_MAX,
        schema.DATE_MAX,
        schema.DESCRIPTION_MAX,
        schema.NOTE_MAX,
        schema.QUOTE_MAX,
        schema.CONTEXT_MAX,
        schema.ALIASES_MAX,
        schema.PARTICIPANTS_MAX,
        schema.EVIDENCE_MAX,
        schema.SOURCE_NAME_MAX,
        schema.URL_MAX,
        schema.SECTIONS_MAX,
        schema.SOURCE_TEXT_MAX,
    ):
        assert f"{limit:,}" in section, limit


# --- progress ---------------------------------------------------------------------------------


def _big_curation(project: Path, n: int) -> None:
    """A curation file of ``n`` entities, ``n`` events and ``n`` relations (all valid)."""
    lines = ["source: mini", "entities:"]
    for i in range(n):
        lines += [
            f"  - id: person-{i}",
            "    type: person",
            f"    label: Person {i}",
            '    evidence: {quote: "Mahmoud Khalil", occurrence: 1}',
        ]
    lines.append("events:")
    for i in range(n):
        lines += [
            f"  - id: event-{i}",
            "    type: arrest",
            f"    label: Arrest {i}",
            '    date: "2025-03"',
            f"    participants: [{{entity: person-{i}, role: arrested}}]",
            '    evidence: "In early March, ICE agents arrested Mahmoud Khalil"',
        ]
    lines.append("relations:")
    for i in range(n):
        lines += [
            f"  - {{subject: person-{i}, predicate: related_to, object: person-{(i + 1) % n},",
            '     evidence: "Mahmoud Khalil, a Palestinian activist"}',
        ]
    (project / "curation" / "mini.yaml").unlink()
    (project / "curation" / "big.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_validate_and_build_report_progress(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress_module, "PROGRESS_EVERY", 1000)
    _big_curation(project, 2000)
    reports: list[Progress] = []
    validate(project, progress=reports.append)
    lines = [str(r) for r in reports]
    assert lines == [
        "reading curation/big.yaml: 0/1 files",
        "checking ids in curation/big.yaml: 1000/4000 items",
        "checking ids in curation/big.yaml: 2000/4000 items",
        "checking ids in curation/big.yaml: 3000/4000 items",
        "checking ids in curation/big.yaml: 4000/4000 items",
        "checking references in curation/big.yaml: 1000/4000 items",
        "checking references in curation/big.yaml: 2000/4000 items",
        "checking references in curation/big.yaml: 3000/4000 items",
        "checking references in curation/big.yaml: 4000/4000 items",
        *(f"anchoring quotes of curation/big.yaml: {k}000/6000 items" for k in range(1, 7)),
    ]


def test_build_reports_progress(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress_module, "PROGRESS_EVERY", 100)
    _big_curation(project, 200)
    reports: list[Progress] = []
    result = build(project, project / "graph.trig", progress=reports.append)
    stages = [r.stage for r in reports]
    assert stages == [
        "reading curation/big.yaml",
        *["checking ids in curation/big.yaml"] * 4,
        *["checking references in curation/big.yaml"] * 4,
        *["anchoring quotes of curation/big.yaml"] * 6,
        *["converting mini"] * 6,
        f"checking SHACL shapes of {result.triples} triples",
        f"writing {project / 'graph.trig'}",
    ]
    assert str(reports[15]) == "converting mini: 100/600 items"


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_printer_is_quiet_off_a_terminal_at_first() -> None:
    clock, out = _Clock(), io.StringIO()
    printer = ProgressPrinter(out, clock)
    printer(Progress("checking ids in curation/big.yaml", 100000, 400000))
    clock.now += QUIET_FOR + 0.5
    printer(Progress("checking ids in curation/big.yaml", 200000, 400000))
    clock.now += 0.1  # too soon after the last line
    printer(Progress("checking ids in curation/big.yaml", 300000, 400000))
    clock.now += 1
    printer(Progress("checking SHACL shapes of 12 triples"))
    assert out.getvalue().splitlines() == [
        "checking ids in curation/big.yaml: 200000/400000 items",
        "checking SHACL shapes of 12 triples",
    ]


def test_printer_speaks_at_once_on_a_terminal() -> None:
    out = _Terminal()
    ProgressPrinter(out, _Clock())(Progress("reading curation/big.yaml", 0, 1, "files"))
    assert out.getvalue() == "reading curation/big.yaml: 0/1 files\n"


def test_cli_prints_progress_on_stderr_for_long_runs(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(progress_module, "QUIET_FOR", 0.0)  # as if the run were long
    monkeypatch.setattr(progress_module, "LINE_EVERY", 0.0)
    monkeypatch.setattr(progress_module, "PROGRESS_EVERY", 100)
    _big_curation(project, 100)
    assert main(["--data", str(project), "validate"]) == 0
    out, err = capsys.readouterr()
    assert out == "ok: 1 source(s), 100 entities, 100 events, 100 relations; every quote anchored\n"
    assert err.splitlines() == [
        "reading curation/big.yaml: 0/1 files",
        "checking ids in curation/big.yaml: 100/200 items",
        "checking ids in curation/big.yaml: 200/200 items",
        "checking references in curation/big.yaml: 100/200 items",
        "checking references in curation/big.yaml: 200/200 items",
        "anchoring quotes of curation/big.yaml: 100/300 items",
        "anchoring quotes of curation/big.yaml: 200/300 items",
        "anchoring quotes of curation/big.yaml: 300/300 items",
    ]
    assert main(["--data", str(project), "build", "-o", str(project / "g.trig")]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"wrote {project / 'g.trig'}: ")
    assert err.splitlines()[-2:] == [
        err.splitlines()[-2],
        f"writing {project / 'g.trig'}",
    ]
    assert err.splitlines()[-2].startswith("checking SHACL shapes of ")


def test_quick_cli_runs_print_no_progress(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data", str(project), "validate"]) == 0
    assert capsys.readouterr().err == ""


# --- SHACL constraints and what validation does about each ------------------------------------

# Every constraint of graph/shapes.ttl, as "shape path constraint", with the check in extract
# that refuses the input first (and the fixture or test showing it), or why no input can break it.
SHACL_COVERAGE = {
    "AnchorShape oa:hasSource sh:class": "convert: every anchor points to its source document",
    "AnchorShape oa:hasSource sh:maxCount": "convert: an anchor's IRI is keyed on its source",
    "AnchorShape oa:hasSource sh:minCount": "convert writes it for every anchor",
    "AnchorShape oa:hasSelector sh:maxCount": "convert writes exactly two selectors",
    "AnchorShape oa:hasSelector sh:minCount": "convert writes exactly two selectors",
    "QuoteSelectorShape oa:exact sh:datatype": "convert writes a plain string",
    "QuoteSelectorShape oa:exact sh:maxCount": "one span per anchor IRI",
    "QuoteSelectorShape oa:exact sh:minCount": "convert writes it for every anchor",
    "QuoteSelectorShape oa:exact sh:minLength": "anchor: quote-too-short.yaml, empty quotes",
    "QuoteSelectorShape oa:prefix sh:maxCount": "one span per anchor IRI",
    "QuoteSelectorShape oa:suffix sh:maxCount": "one span per anchor IRI",
    "PositionSelectorShape oa:start sh:maxCount": "one span per anchor IRI",
    "PositionSelectorShape oa:start sh:minCount": "convert writes it for every anchor",
    "PositionSelectorShape oa:start sh:minInclusive": "offsets are string indexes",
    "PositionSelectorShape oa:end sh:maxCount": "one span per anchor IRI",
    "PositionSelectorShape oa:end sh:minCount": "convert writes it for every anchor",
    "PositionSelectorShape oa:end sh:minInclusive": "offsets are string indexes",
    "SelectorKindsShape - sh:sparql": "convert writes one selector of each kind",
    "TypedEntityShape - sh:nodeKind": "convert mints IRIs for every entity and event",
    "TypedEntityShape - sh:class": "validate: unknown and abstract types; "
    "test_every_entity_type_is_a_thing; event-as-entity.yaml",
    "EntityShape - sh:node": "as TypedEntityShape",
    "EntityShape rdfs:label sh:minCount": "schema: label is required (unknown-key.yaml)",
    "EntityShape rdfs:label sh:uniqueLang": "validate: redeclared-label.yaml",
    "EntityShape rdfs:label sh:minLength": "validate: empty-label.yaml",
    "EntityShape schema:additionalType sh:minCount": "schema: type is required",
    "EntityShape schema:additionalType sh:class": "validate: unknown-entity-type.yaml, "
    "abstract-type.yaml",
    "EntityShape kg:mentionedAt sh:minCount": "schema + anchor: missing-evidence.yaml, "
    "evidence-empty-list.yaml",
    "EntityShape kg:mentionedAt sh:class": "convert types every anchor",
    "EventShape rdfs:label sh:minCount": "schema: label is required",
    "EventShape rdfs:label sh:minLength": "validate: an event's empty label",
    "EventShape sem:eventType sh:minCount": "schema: type is required",
    "EventShape sem:eventType sh:maxCount": "validate: duplicate-id.yaml (one event per id)",
    "EventShape sem:eventType sh:class": "validate: unknown event types",
    "EventShape - sh:or": "validate: an event with neither date nor date_text",
    "EventShape - sh:message": "the message of sh:or",
    "EventShape kg:edtf sh:maxCount": "validate: duplicate-id.yaml",
    "EventShape kg:edtf sh:datatype": "convert writes the EDTF datatype",
    "EventShape kg:edtf sh:pattern": "dates: date-with-time.yaml, date-with-spaces.yaml, "
    "test_the_edtf_pattern_is_the_shapes",
    "EventShape sem:hasEarliestBeginTimeStamp sh:maxCount": "one date per event",
    "EventShape sem:hasEarliestBeginTimeStamp sh:datatype": "convert writes xsd:date",
    "EventShape sem:hasEarliestBeginTimeStamp sh:lessThanOrEquals": "dates: an EDTF string "
    "that ends before it starts",
    "EventShape sem:hasLatestEndTimeStamp sh:maxCount": "one date per event",
    "EventShape sem:hasLatestEndTimeStamp sh:datatype": "convert writes xsd:date",
    "EventShape sem:hasPlace sh:class": "validate: place-not-place.yaml, event-as-entity.yaml",
    "EventShape prov:wasDerivedFrom sh:minCount": "schema + anchor: every event has evidence",
    "EventShape prov:wasDerivedFrom sh:class": "convert types every anchor",
    "EventShape sem:hasActor sh:class": "convert types every role",
    "EventShape kg:certainty sh:in": "validate: certainty is a vocabulary term; "
    "test_certainty_values_are_the_shapes",
    "EventShape kg:statedBy sh:node": "validate: stated_by is an agent (event-as-entity.yaml)",
    "RoleShape rdf:value sh:minCount": "schema: a participant needs an entity",
    "RoleShape rdf:value sh:maxCount": "convert: a role's IRI is keyed on its entity",
    "RoleShape rdf:value sh:node": "validate: dangling-participant.yaml, event-as-entity.yaml",
    "RoleShape sem:roleType sh:minCount": "schema: a participant needs a role",
    "RoleShape sem:roleType sh:class": "validate: unknown-role.yaml",
    "RoleShape prov:wasDerivedFrom sh:minCount": "its own evidence or the event's",
    "RoleShape prov:wasDerivedFrom sh:class": "convert types every anchor",
    "ClaimShape rdf:subject sh:minCount": "schema: subject is required",
    "ClaimShape rdf:subject sh:maxCount": "convert: a claim's IRI is keyed on its triple",
    "ClaimShape rdf:subject sh:node": "validate: undeclared subjects, endpoint-type.yaml",
    "ClaimShape rdf:predicate sh:minCount": "schema: predicate is required",
    "ClaimShape rdf:predicate sh:maxCount": "convert: a claim's IRI is keyed on its triple",
    "ClaimShape rdf:predicate sh:class": "validate: unknown-predicate.yaml",
    "ClaimShape rdf:object sh:minCount": "schema: object is required",
    "ClaimShape rdf:object sh:maxCount": "convert: a claim's IRI is keyed on its triple",
    "ClaimShape rdf:object sh:node": "validate: undeclared objects, endpoint-type.yaml",
    "ClaimShape prov:wasDerivedFrom sh:minCount": "schema + anchor: every relation has evidence",
    "ClaimShape prov:wasDerivedFrom sh:class": "convert types every anchor",
    "ClaimShape kg:certainty sh:minCount": "convert writes asserted by default",
    "ClaimShape kg:certainty sh:maxCount": "validate: same-claim-two-certainties.yaml",
    "ClaimShape kg:certainty sh:in": "validate: certainty is a vocabulary term",
    "ClaimShape kg:statedBy sh:node": "validate: stated_by is an agent",
    "ClaimShape sem:hasEarliestBeginTimeStamp sh:maxCount": "a claim's IRI is keyed on start",
    "ClaimShape sem:hasEarliestBeginTimeStamp sh:datatype": "convert writes xsd:date",
    "ClaimShape sem:hasLatestEndTimeStamp sh:maxCount": "a claim's IRI is keyed on end",
    "ClaimShape sem:hasLatestEndTimeStamp sh:datatype": "convert writes xsd:date",
    "ClaimedTriplesShape - sh:sparql": "convert asserts every claimed triple",
    "RelationUseShape - sh:sparql": "convert writes a claim for every relation triple",
    "DocumentShape kg:textSha256 sh:minCount": "convert writes the hash of every text",
    "DocumentShape kg:textSha256 sh:maxCount": "one document per source id",
    "DocumentShape kg:textSha256 sh:pattern": "convert writes a computed SHA-256",
    "DocumentShape schema:headline sh:minCount": "schema: a source needs a title",
}
# The constraint parameters that are not constraints of their own.
_NOT_CONSTRAINTS = {SH.path, SH.message, SH.prefixes, SH.declare, SH.targetClass, SH.targetNode}
_NOT_CONSTRAINTS |= {SH.targetSubjectsOf, SH.property, RDF.type}


def _short(g: Graph, node: object) -> str:
    return g.namespace_manager.normalizeUri(node) if isinstance(node, URIRef) else str(node)


def _constraints() -> set[str]:
    g = Graph().parse(SHAPES, format="turtle")
    g.bind("kgsh", "https://example.org/threadline/shapes#")
    found = set()
    for shape in g.subjects(RDF.type, SH.NodeShape):
        name = _short(g, shape).removeprefix("kgsh:")
        for p, _o in g.predicate_objects(shape):
            if p not in _NOT_CONSTRAINTS or (p == SH.message and (shape, SH["or"], None) in g):
                found.add(f"{name} - {_short(g, p)}")
        for prop in g.objects(shape, SH.property):
            path = _short(g, g.value(prop, SH.path))
            for p, _o in g.predicate_objects(prop):
                if p not in _NOT_CONSTRAINTS:
                    found.add(f"{name} {path} {_short(g, p)}")
    return found


def test_every_shacl_constraint_is_validated_first_or_explained() -> None:
    constraints = _constraints()
    assert sorted(constraints - set(SHACL_COVERAGE)) == []  # a new constraint needs a line here
    assert sorted(set(SHACL_COVERAGE) - constraints) == []  # a line for a constraint now gone
    fixtures = {f.name for f in BROKEN.glob("*/*.yaml")}
    for reason in SHACL_COVERAGE.values():
        for word in reason.replace(",", " ").replace(";", " ").split():
            word = word.strip("()")
            if word.endswith(".yaml"):
                assert word in fixtures, word
            if word.startswith("test_"):
                assert word in globals(), word


def test_the_edtf_pattern_is_the_shapes() -> None:
    g = Graph().parse(SHAPES, format="turtle")
    patterns = {str(o) for o in g.objects(None, SH.pattern)}
    assert EDTF_PATTERN in patterns


def test_certainty_values_are_the_shapes() -> None:
    g = Graph().parse(SHAPES, format="turtle")
    lists = [g.collection(o) for o in g.objects(None, SH["in"])]
    assert lists
    for values in lists:
        assert sorted(str(v) for v in values) == sorted(default_vocabulary().certainty)


def test_every_entity_type_is_a_thing() -> None:
    """sh:class schema:Thing follows rdfs:subClassOf: every usable type must reach it."""
    vocab = default_vocabulary()
    g = vocab.to_rdf()
    for name, spec in vocab.entity_types.items():
        if spec.abstract:
            continue
        reached = set(g.transitive_objects(spec.rdf_class, RDFS.subClassOf))
        assert SDO.Thing in reached, name
    assert KG.Concept in set(g.subjects(RDFS.subClassOf, SDO.Thing))
