"""Error reporting of the validator: every broken input gives exact, located, fixable problems.

Each case copies tests/data/mini into a temporary folder, replaces one file with a fixture from
tests/data/broken/ (see tests/data/README.md) and compares the complete list of problems, in
order, with the expected ``path:line:col: what is wrong — how to fix`` lines. The temporary folder
is the working directory, so paths print relative to it, as a user running ``threadline validate``
in a data folder would see them.

Cases marked xfail are validator bugs: the expected lines say what a correct report looks like.
Whoever fixes one removes its ``bug=`` (and adjusts the wording if the fix words it differently).
YAML syntax messages are libyaml's (PyYAML's CSafeLoader), as the validator uses it when present.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from extract.build import build
from extract.cli import main
from extract.errors import CurationErrors
from extract.validate import validate

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini"
BROKEN = DATA / "broken"

EDTF_HINT = (
    "write an EDTF date such as 2025-03-08, 2025-03, 2025, [2025-03-01..2025-03-10], "
    "2021-01-20/2025-01-20, 195X or 2025-03~"
)
VOCAB = "terms are declared in vocabulary.yaml"
ENTITY_KEYS = "allowed keys: id, type, label, aliases, description, wikidata, evidence, note"
SLUG_HINT = "use lowercase letters, digits and single hyphens, e.g. marco-rubio"


def case(name: str, *lines: str, bug: str | None = None) -> pytest.ParameterSet:
    """One row of a table: a fixture file and the exact problem lines it must produce."""
    marks = [pytest.mark.xfail(reason=f"validator bug: {bug}", strict=True)] if bug else []
    return pytest.param(name, list(lines), id=name.removesuffix(".yaml"), marks=marks)


# Fixtures that replace curation/mini.yaml -> the problems, sorted by line and column.
CURATION_CASES = [
    case(
        "yaml-syntax.yaml",
        "curation/mini.yaml:7:38: YAML syntax: mapping values are not allowed in this context"
        ' — put text that contains ": " in double quotes',
    ),
    case(
        "tab-indent.yaml",
        "curation/mini.yaml:8:1: YAML syntax: found character that cannot start any token"
        " — indent with spaces, not tabs",
    ),
    case(
        "duplicate-key.yaml",
        "curation/mini.yaml:7:5: duplicate key 'label' (first at line 6)"
        " — remove or rename one of the two keys",
    ),
    case(
        "unknown-key.yaml",
        "curation/mini.yaml:6:5: unknown key 'lable' — did you mean 'label'? " + ENTITY_KEYS,
    ),
    case(
        "missing-evidence.yaml",
        "curation/mini.yaml:8:5: entities[1] has no 'evidence'"
        " — add 'evidence:' with an exact quote from the source",
    ),
    case(
        "evidence-empty-list.yaml",
        "curation/mini.yaml:7:15: entities[0].evidence is empty"
        " — add 'evidence:' with an exact quote from the source",
    ),
    case(
        "empty-label.yaml",
        "curation/mini.yaml:6:12: entity 'mahmoud-khalil' has an empty label"
        " — write the name of the entity",
    ),
    case(
        "null-label.yaml",
        "curation/mini.yaml:6:11: 'label' is empty — give 'label' a value",
    ),
    case(
        "unknown-entity-type.yaml",
        "curation/mini.yaml:5:11: unknown entity type 'persn' — did you mean person? " + VOCAB,
    ),
    case(
        "abstract-type.yaml",
        "curation/mini.yaml:5:11: entity type 'agent' is abstract and cannot be used on an entity"
        " — use one of its subtypes: person, organization",
    ),
    case(
        "duplicate-id.yaml",
        "curation/mini.yaml:17:9: event 'khalil-arrest' is already declared for this source at"
        " curation/mini.yaml:9:9 — give every event its own id; another source may tell the same"
        " event",
    ),
    case(
        "redeclared-label.yaml",
        "curation/mini.yaml:8:9: entity 'mahmoud-khalil' is declared again with a different"
        " label — use type 'person' and label 'Mahmoud Khalil' as at curation/mini.yaml:4:9"
        " (or leave them out: they come from there), or choose another id",
    ),
    case(
        "redeclared-unknown-type.yaml",
        "curation/mini.yaml:6:11: unknown entity type 'persn' — did you mean person? " + VOCAB,
        "curation/mini.yaml:10:11: unknown entity type 'persn' — did you mean person? " + VOCAB,
    ),
    case(
        "event-id-collision.yaml",
        "curation/mini.yaml:9:9: id 'mahmoud-khalil' is already used at curation/mini.yaml:4:9"
        " — give every entity and event its own id",
    ),
    case(
        "dangling-participant.yaml",
        "curation/mini.yaml:15:18: participant 'mahmoud-kahlil' is not declared"
        " — did you mean mahmoud-khalil?",
    ),
    case(
        "undeclared-participant.yaml",
        "curation/mini.yaml:20:18: participant 'ice' is not declared"
        " — declare it under entities: first, or find an existing id: threadline ids 'ice'",
    ),
    case(
        "undeclared-by-alias.yaml",
        "curation/mini.yaml:16:18: participant 'immigration-and-customs-enforcement' is not"
        " declared — did you mean ice ('U.S. Immigration and Customs Enforcement')?",
    ),
    case(
        "type-by-meaning.yaml",
        "curation/mini.yaml:6:11: unknown entity type 'agency'"
        " — did you mean government-organization? " + VOCAB,
    ),
    case(
        "unknown-role.yaml",
        "curation/mini.yaml:16:15: unknown role type 'arestee'"
        " — did you mean arrested, target? " + VOCAB,
    ),
    case(
        "unknown-predicate.yaml",
        "curation/mini.yaml:14:16: unknown relation 'studies_at'"
        " — did you mean studied_at? " + VOCAB,
    ),
    case(
        "endpoint-type.yaml",
        "curation/mini.yaml:13:14: 'studied_at' does not take a government-organization as"
        " subject ('ice') — its subject must be a person; choose another relation",
    ),
    case(
        "bad-date.yaml",
        "curation/mini.yaml:12:11: 'early March 2025' is not a valid EDTF date — " + EDTF_HINT,
    ),
    case(
        "unquoted-bad-date.yaml",
        "curation/mini.yaml:12:11: '2025-02-30' is not a valid EDTF date — " + EDTF_HINT,
    ),
    case(
        "end-before-start.yaml",
        "curation/mini.yaml:17:10: end 2024-12 is before start 2025-01-21"
        " — swap start and end, or correct one of them",
    ),
    case(
        "quote-apostrophe.yaml",
        'curation/mini.yaml:7:15: quote not found verbatim: "Khalil\'s presence in the country"'
        ' — the source writes "Khalil’s presence in the country" (line 3): copy it exactly',
    ),
    case(
        "quote-not-found.yaml",
        'curation/mini.yaml:7:15: quote not found verbatim: "Rubio invoked a rarely used part of'
        ' the McCarran-Walter Act" — closest passage (line 3, 88% similar): "later invoked a'
        ' rarely used provision of the McCarran-Walter Act"',
    ),
    case(
        "quote-ambiguous.yaml",
        "curation/mini.yaml:7:15: quote occurs 2 times (lines 3, 4) — add prefix: or suffix:"
        " (the words just before or after it) or occurrence: 1 to 2",
    ),
    case(
        "occurrence-out-of-range.yaml",
        "curation/mini.yaml:7:15: occurrence 2 asked for, but the quote occurs 1 time(s)"
        " — use an occurrence from 1 to 1",
    ),
    case(
        "occurrence-zero.yaml",
        "curation/mini.yaml:7:53: entities[0].evidence.occurrence must be 1 or more"
        " — occurrences count from 1: occurrence: 1 is the first",
    ),
    case(
        "evidence-key-typo.yaml",
        "curation/mini.yaml:7:41: unknown key 'ocurrence' — did you mean 'occurrence'?"
        " allowed keys: quote, prefix, suffix, occurrence",
    ),
    case(
        "prefix-no-match.yaml",
        "curation/mini.yaml:8:7: no occurrence of the quote has prefix 'the ' right next to it"
        " — prefix must be the exact text just before the quote, suffix the text just after it",
    ),
    case(
        "alleged-without-stated-by.yaml",
        "curation/mini.yaml:19:16: certainty 'alleged' without stated_by"
        " — add stated_by: the id of who reports or alleges it",
    ),
    case(
        "place-not-place.yaml",
        "curation/mini.yaml:13:12: place 'ice' is a government-organization, not a place"
        " — choose an id of the right type",
    ),
    case(
        "unknown-source.yaml",
        "curation/mini.yaml:2:9: unknown source 'mnii' — did you mean mini?",
    ),
    case(
        "slug-capitals.yaml",
        "curation/mini.yaml:4:9: id 'Mahmoud-Khalil' is not a slug — " + SLUG_HINT,
    ),
    case(
        "bad-wikidata.yaml",
        "curation/mini.yaml:7:15: wikidata id 'wd:Q324546' is malformed"
        " — write the item id alone, e.g. Q324546",
    ),
    # limits, shapes and look-alike characters (issue 10)
    case(
        "long-id.yaml",
        "curation/mini.yaml:4:9: entities[0].id is 120 characters long; the limit is 100"
        " — shorten it",
    ),
    case(
        "date-with-time.yaml",
        "curation/mini.yaml:12:11: '2025-03-01T10:00:00Z' has a time of day; dates here are whole"
        " days — write the day alone: 2025-03-01",
    ),
    case(
        "date-with-spaces.yaml",
        "curation/mini.yaml:13:11: '[2025-03-01, 2025-03-05]' has spaces"
        " — write it without spaces: [2025-03-01,2025-03-05]",
        "curation/mini.yaml:19:11: '2025S2' uses an EDTF form that is not supported here (S) — "
        + EDTF_HINT,
    ),
    case(
        "quote-nbsp.yaml",
        'curation/mini.yaml:8:15: quote not found verbatim: "Mahmoud Khalil, a Palestinian'
        ' activist" — the quote has a non-breaking space (U+00A0) at column 8 where the source'
        " has a space (line 3): copy the source exactly",
    ),
    case(
        "quote-zero-width.yaml",
        'curation/mini.yaml:8:15: quote not found verbatim: "recent Columbia\u200b University'
        ' graduate" — the quote has a zero-width space (U+200B) at column 16 where the source'
        " has none (line 3): remove it",
    ),
    case(
        "quote-too-short.yaml",
        'curation/mini.yaml:7:15: quote "K" has 1 character; a quote needs at least 3 (spaces not'
        " counted) — quote the words around it as well, so the quote says which passage is meant",
    ),
    case(
        "occurrence-not-integer.yaml",
        "curation/mini.yaml:7:53: entities[0].evidence.occurrence must be a whole number, not true"
        " — write occurrence: 1 for the first match, 2 for the second, and so on",
        "curation/mini.yaml:11:49: entities[1].evidence.occurrence must be a whole number, not 1.5"
        " — write occurrence: 1 for the first match, 2 for the second, and so on",
    ),
    case(
        "part-of-cycle.yaml",
        "curation/mini.yaml:28:13: 'part_of' closes a cycle: columbia-university part_of ice"
        " part_of us-department-of-state part_of columbia-university — a chain of these"
        " relations cannot lead back to where it started; remove or reverse one of them",
    ),
    case(
        "event-as-entity.yaml",
        "curation/mini.yaml:21:12: 'khalil-arrest' is an event; a place must be an entity"
        " — give the id of a place entity",
        "curation/mini.yaml:23:18: 'khalil-arrest' is an event; a participant must be an entity"
        " — give the id of an entity declared under entities:; link two events with a relation"
        " such as part_of_event",
        "curation/mini.yaml:25:16: 'khalil-arrest' is an event; stated_by must be an entity"
        " — give the id of the person or organization who states it",
    ),
    case(
        "same-claim-two-certainties.yaml",
        "curation/mini.yaml:21:16: relation 'marco-rubio' holds_position 'us-department-of-state'"
        " is already claimed at curation/mini.yaml:14:5 from the same quote with certainty"
        " 'asserted' — keep one of the two, or quote for each the words that support it",
    ),
    # several mistakes in one file: all of them in one run
    case(
        "several-structural.yaml",
        "curation/mini.yaml:8:5: unknown key 'lable' — did you mean 'label'? " + ENTITY_KEYS,
        "curation/mini.yaml:10:9: id 'Marco-Rubio' is not a slug — " + SLUG_HINT,
        "curation/mini.yaml:13:15: wikidata id 'Q-324546' is malformed"
        " — write the item id alone, e.g. Q324546",
        "curation/mini.yaml:16:5: relations[0] has no 'evidence'"
        " — add 'evidence:' with an exact quote from the source",
    ),
    case(
        "several-references.yaml",
        "curation/mini.yaml:8:11: unknown entity type 'persn' — did you mean person? " + VOCAB,
        'curation/mini.yaml:10:15: quote not found verbatim: "Mahmoud Kahlil"'
        ' — closest passage (line 3, 93% similar): "Mahmoud Khalil,"',
        "curation/mini.yaml:19:11: '2025-03-XX-early' is not a valid EDTF date — " + EDTF_HINT,
        "curation/mini.yaml:22:40: unknown role type 'arested'"
        " — did you mean arrested, target? " + VOCAB,
        "curation/mini.yaml:26:16: unknown relation 'studied'"
        " — did you mean studied_at, sued? " + VOCAB,
        "curation/mini.yaml:27:13: object 'columbia-universty' is not declared"
        " — did you mean columbia-university?",
        "curation/mini.yaml:28:59: quote occurs 2 times (lines 3, 3) — add prefix: or suffix:"
        " (the words just before or after it) or occurrence: 1 to 2",
    ),
    case(
        "structural-and-reference.yaml",
        "curation/mini.yaml:6:11: unknown entity type 'persn' — did you mean person? " + VOCAB,
        "curation/mini.yaml:11:5: unknown key 'lable' — did you mean 'label'? " + ENTITY_KEYS,
    ),
]

# Fixtures that replace sources/mini.yaml (the curation file stays the valid one).
SOURCE_CASES = [
    case(
        "sha-mismatch.yaml",
        "sources/mini.yaml:8:9: the text of 'mini' has changed since its hash was recorded"
        " — check that every quote still anchors, then set sha256:"
        " d8b5df94ceb700f7c85b1ae979a5b0230469469b3d7349307908a8a598054640",
    ),
    case(
        "section-not-heading.yaml",
        "sources/mini.yaml:10:40: line 3 of the text is not the heading 'Day 98 of Trump 2'"
        " — the heading stands on line 1",
    ),
    case(
        "section-past-end.yaml",
        "sources/mini.yaml:10:40: line 5 is past the end of the text (4 lines)"
        " — give the line where the section starts",
    ),
    case(
        "bad-language.yaml",
        "sources/mini.yaml:6:11: language 'en us' is not a language tag"
        " — write a BCP 47 tag such as en, es or pt-BR",
    ),
    case(
        "bad-url.yaml",
        "sources/mini.yaml:6:6: url 'www.example.org/mini text' is not a web address"
        " — write the full address, starting with https:// and without spaces",
    ),
    case(
        "bad-published.yaml",
        "sources/mini.yaml:5:12: 'May 2025' is not a valid EDTF date — " + EDTF_HINT,
        "sources/mini.yaml:6:11: '2025-04-29T08:00:00' has a time of day; dates here are whole"
        " days — write the day alone: 2025-04-29",
    ),
]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of tests/data/mini in tmp_path, which is also the working directory."""
    shutil.copytree(MINI, tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def install(project: Path, folder: str, fixture: str) -> Path:
    """Replace ``folder/mini.yaml`` of the project by a broken fixture; returns the data dir."""
    shutil.copyfile(BROKEN / folder / fixture, project / folder / "mini.yaml")
    return project


def reported(data_dir: Path) -> list[str]:
    """The problem lines of a validation run that must fail."""
    with pytest.raises(CurationErrors) as info:
        validate(data_dir)
    return [str(problem) for problem in info.value.problems]


def test_mini_is_valid(project: Path) -> None:
    corpus = validate(project)
    assert corpus.counts == {"sources": 1, "entities": 9, "events": 2, "relations": 3}


@pytest.mark.parametrize(("fixture", "expected"), CURATION_CASES)
def test_curation_problem(project: Path, fixture: str, expected: list[str]) -> None:
    found = reported(install(project, "curation", fixture))
    assert len(found) == len(expected), "\n".join(found)
    assert found == expected


@pytest.mark.parametrize(("fixture", "expected"), SOURCE_CASES)
def test_source_problem(project: Path, fixture: str, expected: list[str]) -> None:
    found = reported(install(project, "sources", fixture))
    assert len(found) == len(expected), "\n".join(found)
    assert found == expected


@pytest.mark.parametrize(
    ("folder", "fixture", "expected"),
    [pytest.param("curation", *p.values, id=p.id, marks=p.marks) for p in CURATION_CASES]
    + [pytest.param("sources", *p.values, id=p.id, marks=p.marks) for p in SOURCE_CASES],
)
def test_cli_prints_problems(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    folder: str,
    fixture: str,
    expected: list[str],
) -> None:
    code = main(["--data", str(install(project, folder, fixture)), "validate"])
    out, err = capsys.readouterr()
    n = len(expected)
    summary = f"{n} problem{'s' if n != 1 else ''} found; nothing was written"
    assert code == 1
    assert "Traceback" not in out + err
    assert out == ""
    assert err.splitlines() == [*expected, summary]


@pytest.mark.parametrize(
    ("folder", "fixture", "expected"),
    [pytest.param("curation", *p.values, id=p.id, marks=p.marks) for p in CURATION_CASES]
    + [pytest.param("sources", *p.values, id=p.id, marks=p.marks) for p in SOURCE_CASES],
)
def test_build_writes_nothing(
    project: Path, folder: str, fixture: str, expected: list[str]
) -> None:
    """A build of broken input raises the same problems and leaves no graph file behind."""
    output = project / "build" / "graph.trig"
    with pytest.raises(CurationErrors) as info:
        build(install(project, folder, fixture), output)
    assert [str(p) for p in info.value.problems] == expected
    assert not (project / "build").exists()


def test_cli_valid_data(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(project), "validate"]) == 0
    out, err = capsys.readouterr()
    assert out == "ok: 1 source(s), 9 entities, 2 events, 3 relations; every quote anchored\n"
    assert err == ""


# Fixtures that replace curation/mini.yaml and must validate.
YAML_WORDS = "yaml-1.1-words.yaml"
ODD_BUT_VALID = "odd-but-valid.yaml"
VALID_FIXTURES = [YAML_WORDS, ODD_BUT_VALID]


def test_yaml_1_1_words_stay_text(project: Path) -> None:
    corpus = validate(install(project, "curation", YAML_WORDS))
    (entity,) = corpus.curated["mini"].entities
    assert entity.item.aliases == ["Khalil", "NO"]
    assert entity.item.note == "off"


@pytest.mark.parametrize("fixture", VALID_FIXTURES)
def test_valid_fixture_builds(project: Path, fixture: str) -> None:
    """Whatever validate accepts, the SHACL shapes accept too: each valid fixture builds."""
    result = build(install(project, "curation", fixture), project / "graph.trig")
    assert result.output is not None and result.output.is_file()


def test_odd_but_valid_keeps_one_claim(project: Path) -> None:
    corpus = validate(install(project, "curation", ODD_BUT_VALID))
    assert corpus.counts == {"sources": 1, "entities": 4, "events": 4, "relations": 3}


def test_every_fixture_is_tested_and_documented() -> None:
    tested = {("curation", p.values[0]) for p in CURATION_CASES}
    tested |= {("curation", name) for name in VALID_FIXTURES}
    tested |= {("sources", p.values[0]) for p in SOURCE_CASES}
    on_disk = {(f.parent.name, f.name) for f in BROKEN.glob("*/*.yaml")}
    assert tested == on_disk
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    undocumented = sorted(name for _, name in on_disk if name not in readme)
    assert undocumented == []
