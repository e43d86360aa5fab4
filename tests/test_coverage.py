"""Coverage: what the curation has not reached, on the test corpus and on a brand-new document."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.cli import main
from extract.coverage import coverage_all, date_spans, name_spans
from extract.errors import CurationErrors
from extract.validate import validate

TESTS = Path(__file__).resolve().parent


def misses(data: Path) -> list[tuple[str, str, int]]:
    (report,) = coverage_all(validate(data), data / "curation" / "ignore.yaml")
    return [(m.kind, m.text, m.line) for m in report.misses]


def test_names_in_prose() -> None:
    text = (
        "Real wages fell. According to ICE, Secretary of State Marco Rubio and the U.S. Marines "
        "met V.I. Lenin, Rümeysa Öztürk and the 14th Amendment in New York. Then Trump left."
    )
    spans = [m.text for m in name_spans(text, common={"real"}, capitalised={"Trump", "ICE"})]
    assert spans == [
        "ICE",
        "Secretary of State Marco Rubio",
        "U.S. Marines",
        "V.I. Lenin",
        "Rümeysa Öztürk",
        "14th Amendment",
        "New York",
        "Trump",
    ]


def test_dates_in_prose() -> None:
    text = (
        "APRIL 29 – since last November, on January 20, 2025 and 4 July 1776, in the early "
        "1950s, on Day 99, this past February, in mid-March and today; 3,887 people, $1990."
    )
    assert [m.text for m in date_spans(text)] == [
        "APRIL 29",
        "last November",
        "January 20, 2025",
        "4 July 1776",
        "the early 1950s",
        "Day 99",
        "this past February",
        "mid-March",
        "today",
    ]


def test_mini_corpus_misses() -> None:
    assert misses(TESTS / "data" / "mini") == [
        ("name", "Trump", 3),
        ("name", "Palestinian", 3),
        ("date", "Day 98", 3),
        ("name", "Tufts University", 4),
    ]


def test_ignore_rules_need_a_reason_and_silence_a_miss(mini_copy: Path) -> None:
    ignore = mini_copy / "curation" / "ignore.yaml"
    ignore.write_text(
        "mini:\n  - {text: Palestinian, reason: an adjective of nationality}\n"
        "  - {text: Tufts University, line: 4}\n"
    )
    with pytest.raises(CurationErrors) as info:
        misses(mini_copy)
    assert [str(p) for p in info.value.problems] == [
        f"{ignore}:3:5: rule without a reason — add reason: why this is deliberately skipped"
    ]
    ignore.write_text(
        "mini:\n  - {text: Palestinian, reason: an adjective of nationality}\n"
        "  - {text: Tufts University, line: 9, reason: wrong line on purpose}\n"
    )
    assert misses(mini_copy) == [
        ("name", "Trump", 3),
        ("date", "Day 98", 3),
        ("name", "Tufts University", 4),
    ]


def test_paragraph_without_a_claim(mini_copy: Path) -> None:
    from extract.sources import read_text, text_sha256

    text = mini_copy / "sources" / "mini.txt"
    text.write_text(text.read_text() + "Nobody has curated this sentence about the weather.\n")
    meta = mini_copy / "sources" / "mini.yaml"
    old = meta.read_text().split("sha256: ")[1].split()[0]
    meta.write_text(meta.read_text().replace(old, text_sha256(read_text(text))))
    assert ("paragraph", "Nobody has curated this sentence about the weather.", 5) in misses(
        mini_copy
    )


def test_cli_min_threshold(capsys: pytest.CaptureFixture[str]) -> None:
    data = str(TESTS / "data" / "mini")
    assert main(["--data", data, "coverage", "--min", "70"]) == 0
    out = capsys.readouterr().out
    assert (
        "total" in out and "76.5" in out and "line    4 name      …Rümeysa Öztürk, a [Tufts" in out
    )
    assert main(["--data", data, "coverage", "--min", "98"]) == 1
    assert "coverage below 98% or a paragraph without a claim" in capsys.readouterr().err


def test_new_source_then_curate_then_coverage(tmp_path: Path, capsys) -> None:
    text = tmp_path / "letter.txt"
    text.write_text(
        "A Short Letter\n\nOn 3 May 2025, Ada Lovelace wrote to Charles Babbage in "
        "London about the Analytical Engine.\n",
        encoding="utf-8",
    )
    data = tmp_path / "data"
    code = main(
        [
            "--data",
            str(data),
            "new-source",
            str(text),
            "--title",
            "A Short Letter",
            "--published",
            "2025-05-04",
            "--dateline",
            "2025-05-04",
        ]
    )
    assert code == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "wrote" in out and "data/curation/a-short-letter.yaml" in out.replace(
        str(tmp_path) + "/", ""
    )
    assert (data / "sources" / "a-short-letter.txt").read_text() == text.read_text()
    meta = (data / "sources" / "a-short-letter.yaml").read_text()
    assert "title: A Short Letter\n  line: 1" in meta
    assert main(["--data", str(data), "validate"]) == 0
    capsys.readouterr()
    assert main(["--data", str(data), "coverage"]) == 0
    out = capsys.readouterr().out
    assert "Ada Lovelace" in out and "Charles Babbage" in out and "3 May 2025" in out
    assert "1 paragraph(s) without a claim" in out
    curation = data / "curation" / "a-short-letter.yaml"
    curation.write_text(
        curation.read_text()
        .replace(
            "entities: []",
            (
                "entities:\n"
                "  - {id: ada-lovelace, type: person, label: Ada Lovelace,\n"
                "     evidence: Ada Lovelace}\n"
                "  - {id: charles-babbage, type: person, label: Charles Babbage,\n"
                "     evidence: Charles Babbage}\n"
                "  - {id: london, type: city, label: London, evidence: London}\n"
                "  - {id: analytical-engine, type: concept, label: Analytical Engine,\n"
                "     evidence: Analytical Engine}"
            ),
        )
        .replace(
            "events: []",
            (
                "events:\n"
                "  - {id: letter, type: publication,\n"
                "     label: Letter from Ada Lovelace to Charles Babbage,\n"
                "     date: '2025-05-03', date_text: On 3 May 2025, place: london,\n"
                "     participants: [{entity: ada-lovelace, role: agent}],\n"
                "     evidence: 'On 3 May 2025, Ada Lovelace wrote to Charles Babbage'}"
            ),
        )
    )
    assert main(["--data", str(data), "coverage", "--min", "100"]) == 0, capsys.readouterr()
    assert "100.0" in capsys.readouterr().out


def test_new_source_refuses_to_overwrite_and_bad_dates(tmp_path: Path, capsys) -> None:
    text = tmp_path / "t.txt"
    text.write_text("Some text.\n")
    data = tmp_path / "data"
    args = ["--data", str(data), "new-source", str(text), "--title", "T", "--id", "t"]
    assert main([*args, "--published", "May 2025"]) == 1
    assert "'May 2025' is not a valid EDTF date" in capsys.readouterr().err
    assert not data.exists()
    assert main([*args, "--published", "2025-05"]) == 0
    assert main([*args, "--published", "2025-05"]) == 1
    assert "already exists — choose another --id" in capsys.readouterr().err
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Caf\xe9".encode("latin-1"))
    assert (
        main(
            ["--data", str(data), "new-source", str(latin1), "--title", "L", "--published", "2025"]
        )
        == 1
    )
    assert "not UTF-8 text" in capsys.readouterr().err


def test_names_found_by_name_count_apart_from_curated_quotes(tmp_path: Path, capsys) -> None:
    import shutil

    from extract.sources import read_text, text_sha256

    data = tmp_path / "accounts"
    shutil.copytree(TESTS / "data" / "accounts", data)

    def weekly() -> object:
        reports = coverage_all(validate(data), data / "curation" / "ignore.yaml")
        return next(r for r in reports if r.source == "weekly")

    before = weekly()
    text = data / "sources" / "weekly.txt"
    text.write_text(text.read_text() + "Kristi Noem spoke of Khalil again.\n")
    meta = data / "sources" / "weekly.yaml"
    old = meta.read_text().split("sha256: ")[1].split()[0]
    meta.write_text(meta.read_text().replace(old, text_sha256(read_text(text))))
    after = weekly()
    # two more names, reached by the curated labels and covered only by mentions found by name
    # (and a third: written mid-sentence now, the sentence-initial "Khalil," of line 2 counts as
    # a name too, inside a curated quote)
    assert after.names == (before.names[0] + 3, before.names[1] + 3)
    assert after.found == (before.found[0] + 2, before.found[1] + 1)
    # the paragraph is named, but it has no claim: still listed as not reached
    assert after.paragraphs == (before.paragraphs[0], before.paragraphs[1] + 1)
    assert ("paragraph", 4) in {(m.kind, m.line) for m in after.misses}
    assert main(["--data", str(data), "--graph", str(tmp_path / "g.trig"), "coverage"]) == 0
    out = capsys.readouterr().out
    assert "2 paragraph(s) without a claim, 1 of them naming an entity (found by name)" in out
    assert f"by name: {after.found[0]} of the {after.names[0]} names reached" in out
