"""What the curation of a source has not reached yet: names, date expressions, paragraphs.

Works on any document: name-like spans are runs of capitalised words (``Secretary of State Marco
Rubio``, ``I.C.E.``, ``Öztürk``), date expressions are month names, years, decades, centuries,
"Day 98" and relative phrases ("last November", "this week"). A name is *reached* when every
capitalised word in it is explained by a curated name (an entity's label or alias, a relation's
title) or lies inside an entity's quoted mention; a date is reached when it lies inside any curated
quote. A paragraph is reached when at least one quote falls in it. Deliberate skips are listed, each
with a reason, in ``data/curation/ignore.yaml``.

Mentions found by name (:mod:`extract.mentions`: an entity's label or alias where no curated
quote of it stands) count apart from curated quotes: a reached name that only such a mention
covers is counted as *found by name* (``names_found``), and a paragraph without a curated quote
that names an entity so is *named* (``paragraphs_named``), still a paragraph without a claim.

>>> [m.text for m in name_spans("Then Secretary of State Marco Rubio met the U.S. Marines.")]
['Secretary of State Marco Rubio', 'U.S. Marines']
>>> [m.text for m in date_spans("On Day 98, April 27, and in the 1950s; last November too.")]
['Day 98', 'April 27', 'the 1950s', 'last November']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph.source_texts import fold_chars, plain

from .anchor import LineIndex
from .errors import CurationErrors, Location, Problem, ProblemLog
from .model import Corpus
from .sources import Source
from .yamlfile import read_yaml

MONTHS = (
    "January February March April May June July August September October November December"
).split()
_MONTH = "|".join(MONTHS)
_CAP_WORD = (
    r"(?:(?:[A-Z]\.){2,}[\w\-]*"  # U.S., H.W., I.C.E., U.S.-led
    r"|[A-Z]\.(?=\s[A-Z])"  # an initial: John F. Kennedy
    r"|(?:Mr|Mrs|Ms|Dr|Jr|St|Gen|Sen|Rep|Gov|Lt|Col|No)\."
    r"|(?:\d{1,2}(?:st|nd|rd|th)\s+)?[A-ZÀ-ÖØ-Þ][\w’'\-]*)"
)
_CONNECTOR = r"(?:of|the|for|de|del|la|le|von|van|v\.|on|y)"
_NAME = re.compile(rf"{_CAP_WORD}(?:(?:\s+{_CONNECTOR})*\s+{_CAP_WORD})*")
_DATE = re.compile(
    rf"""(?<![\w$,.])(?:
        (?:(?:early|mid|late)[ -])?(?:{_MONTH}|{_MONTH.upper()})(?:-(?:{_MONTH}))?
            (?:\s+\d{{1,2}}(?!\d))?(?:,?\s+\d{{4}})?
      | \d{{1,2}}\s+(?:{_MONTH})(?:\s+\d{{4}})?
      | Day\s+(?:\d+|One)
      | (?:the\s+)?(?:(?:early|mid|late)[ -])?(?:1[5-9]|20)\d\ds
      | (?:1[5-9]|20)\d\d(?![\d,])
      | \d{{1,2}}(?:st|nd|rd|th)[ -]century
      | (?:last|this|next|this\s+past)\s+
            (?:year|month|week|spring|summer|fall|autumn|winter|{_MONTH})
      | (?i:yesterday|today|tomorrow)
    )(?![\w])""",
    re.X,
)
# capitalised words that begin sentences or stand for grammar, not for names
_FUNCTION_WORDS = set(
    """A An The In On At As And But Or If It Its This That These Those He She We They I You His
    Her Our Their There Then When While What Who Whom Whose Which Where Why How With Without For
    From To By Of So Not No Yes Now Even Yet Also Meanwhile However Only All Some Many Most Much
    One Two Three Four Five Six Seven Eight Nine Ten First Second Third Next Last Here Such Both
    Each Every Any Since Until After Before Over Under Back Just Still Thus Hence Indeed Instead
    Nor Let Do Does Did Is Are Was Were Be Been Has Have Had Will Would Can Could Should Must May
    Might Shall Mr Mrs Ms Dr See Photo Note Notes Above Below Left Right""".split()
)
SENTENCE_START = re.compile(r"(?:^|[.!?:;–—(][”’\"]?\s+|[“\"‘(]\s*|^-\s+\d+\.\s*)$")


@dataclass(frozen=True)
class Mention:
    """A name-like or date span of the text."""

    kind: str  # "name" | "date"
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Miss:
    """Something the curation has not reached, with where it is."""

    kind: str  # "name" | "date" | "paragraph"
    text: str
    line: int
    context: str


@dataclass
class SectionCoverage:
    title: str
    line: int
    names: int = 0
    names_reached: int = 0
    dates: int = 0
    dates_reached: int = 0
    paragraphs: int = 0
    paragraphs_reached: int = 0
    names_found: int = 0  # reached names that only a mention found by name covers (no quote)
    paragraphs_named: int = 0  # paragraphs without a quote that name an entity (found by name)

    @property
    def percent(self) -> float:
        total = self.names + self.dates
        return 100.0 * (self.names_reached + self.dates_reached) / total if total else 100.0


@dataclass
class CoverageReport:
    """Coverage of one source: per section, in total, and the list of what was not reached."""

    source: str
    sections: list[SectionCoverage]
    misses: list[Miss] = field(default_factory=list)
    ignored: int = 0

    @property
    def names(self) -> tuple[int, int]:
        return sum(s.names_reached for s in self.sections), sum(s.names for s in self.sections)

    @property
    def dates(self) -> tuple[int, int]:
        return sum(s.dates_reached for s in self.sections), sum(s.dates for s in self.sections)

    @property
    def paragraphs(self) -> tuple[int, int]:
        return (
            sum(s.paragraphs_reached for s in self.sections),
            sum(s.paragraphs for s in self.sections),
        )

    @property
    def found(self) -> tuple[int, int]:
        """(reached names only a mention found by name covers, paragraphs without a claim that
        name an entity, found by name)."""
        return (
            sum(s.names_found for s in self.sections),
            sum(s.paragraphs_named for s in self.sections),
        )

    @property
    def percent(self) -> float:
        reached = self.names[0] + self.dates[0]
        total = self.names[1] + self.dates[1]
        return 100.0 * reached / total if total else 100.0


def name_key(text: str) -> str:
    """A name as coverage compares it: :func:`graph.source_texts.plain` (case and accents gone,
    punctuation kept, so :func:`fold_chars` offsets still match), typographic apostrophes
    straightened, without a leading "the" or a final possessive.

    >>> name_key("The Pentagon’s"), name_key("Rümeysa Öztürk")
    ('pentagon', 'rumeysa ozturk')
    """
    text = plain(text).replace("’", "'")
    text = re.sub(r"^the\s+", "", text.strip())
    return re.sub(r"'s$", "", text)


def name_spans(
    text: str, offset: int = 0, common: set[str] | None = None, capitalised: set[str] | None = None
) -> list[Mention]:
    """Runs of capitalised words, without sentence-initial function words and month names.

    ``common`` holds words the document also writes in lower case, ``capitalised`` the words it
    capitalises in mid-sentence: a word opening a sentence that is in the first set ("Real wages",
    "School authorities") or, standing alone, not in the second ("Everyone", "According") is not
    taken for a name.
    """
    out = []
    dates = [(d.start, d.end) for d in date_spans(text)]
    for m in _NAME.finditer(text):
        words = m.group(0).split()
        if words and re.search(r"[a-z]\d+$", words[-1]):  # a footnote mark: "Jews8"
            words[-1] = re.sub(r"\d+$", "", words[-1])
        start = m.start()
        # drop leading function words and month names ("In March", "The Pentagon" -> "Pentagon")
        while words and (
            words[0].strip(".") in _FUNCTION_WORDS
            or words[0] in MONTHS
            or words[0].lower() in {"of", "the", "for", "on", "in", "and"}
            or (
                common is not None
                and start == m.start()
                and SENTENCE_START.search(text[:start]) is not None
                and words[0].lower() in common
            )
        ):
            start += len(words[0])
            start += len(text[start:]) - len(text[start:].lstrip())
            words = words[1:]
        while words and (
            words[-1].lower() in {"of", "the", "for", "on", "in", "and", "de", "v."}
            or words[-1] in MONTHS
        ):
            words = words[:-1]
        if not words:
            continue
        if (
            len(words) == 1
            and capitalised is not None
            and start == m.start()
            and SENTENCE_START.search(text[:start]) is not None
            and words[0] not in capitalised
        ):
            continue
        if not words:
            continue
        span = " ".join(words) if len(words) > 1 else words[0]
        end = start + len(text[start:].split(words[-1], 1)[0]) + len(words[-1])
        span = (
            text[start:end].rstrip(".")
            if not re.search(r"\b\w\.$", text[start:end])
            else (text[start:end])
        )
        end = start + len(span)
        if len(words) == 1 and len(span) <= 1:
            continue
        if any(a <= start and end <= b for a, b in dates):
            continue  # "Day" in "Day 98", "APRIL" in "APRIL 29"
        out.append(Mention("name", span, offset + start, offset + end))
    return out


def date_spans(text: str, offset: int = 0) -> list[Mention]:
    """Date expressions: months with day and year, years, decades, centuries, "Day N", relative."""
    return [
        Mention("date", m.group(0), offset + m.start(), offset + m.end())
        for m in _DATE.finditer(text)
    ]


def is_heading(line: str) -> bool:
    """A short title-case line: a heading, a kicker or a photo credit, not prose."""
    words = re.findall(r"[^\W\d_][\w’'.\-]*", line)
    if not words or len(line) > 120:
        return False
    capitalised = sum(
        1
        for w in words
        if w[0].isupper() or w.lower() in {"of", "the", "and", "for", "a", "an", "in", "on"}
    )
    return capitalised / len(words) >= 0.8 or len(words) <= 2


@dataclass(frozen=True)
class IgnoreRule:
    """A deliberate skip: a text (on one line, or anywhere), with the reason."""

    text: str | None
    line: int | None
    paragraph: int | None
    reason: str


def load_ignore(path: Path) -> dict[str, list[IgnoreRule]]:
    """Read ``ignore.yaml``: source id -> rules. Every rule needs a reason."""
    if not path.is_file():
        return {}
    doc = read_yaml(path)
    data: Any = doc.data()
    log = ProblemLog()
    rules: dict[str, list[IgnoreRule]] = {}
    if not isinstance(data, dict):
        raise CurationErrors(
            [
                Problem(
                    doc.where(()),
                    "ignore file must map source ids to lists",
                    "write 'SOURCE-ID:' then '- {text: ..., reason: ...}' items",
                )
            ]
        )
    for source, items in data.items():
        if not isinstance(items, list):
            log.add(
                doc.where((source,)),
                f"'{source}' must be a list of rules",
                "write '- {text: ..., reason: ...}' items under it",
            )
            continue
        for i, item in enumerate(items):
            where = doc.where((source, i))
            if not isinstance(item, dict):
                log.add(where, "a rule must be a mapping", "write {text: ..., reason: ...}")
                continue
            unknown = set(item) - {"text", "line", "paragraph", "reason"}
            if unknown:
                log.add(
                    doc.where((source, i, sorted(unknown)[0]), key=True),
                    f"unknown key '{sorted(unknown)[0]}'",
                    "allowed keys: text, line, paragraph, reason",
                )
            if not str(item.get("reason") or "").strip():
                log.add(
                    where, "rule without a reason", "add reason: why this is deliberately skipped"
                )
            if item.get("text") is None and item.get("paragraph") is None:
                log.add(
                    where,
                    "rule names neither text nor paragraph",
                    "add text: (the words to skip) or paragraph: LINE",
                )
            rules.setdefault(str(source), []).append(
                IgnoreRule(
                    None if item.get("text") is None else str(item["text"]),
                    item.get("line"),
                    item.get("paragraph"),
                    str(item.get("reason") or ""),
                )
            )
    log.raise_if_any()
    return rules


def _spans(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a < end and start < b for a, b in spans)


def coverage(
    corpus: Corpus, source_id: str, ignore: dict[str, list[IgnoreRule]] | None = None
) -> CoverageReport:
    """Measure how far the curation of ``source_id`` reaches into its text."""
    source: Source = corpus.sources[source_id]
    text = source.text
    curated = corpus.curated[source_id]
    rules = (ignore or {}).get(source_id, [])
    # names known to the curation, from every source (ids are global)
    names: set[str] = set()
    entity_spans: list[tuple[int, int]] = []
    quote_spans: list[tuple[int, int]] = []
    for cur in corpus.curated.values():
        for e in cur.entities:
            names.update(name_key(n) for n in (e.item.label, *e.item.aliases))
        for r in cur.relations:
            if r.item.title:
                names.add(name_key(r.item.title))
        for ev in cur.events:
            names.add(name_key(ev.item.label))
    name_blob = "\n".join(sorted(names))
    common = {w for w in re.findall(r"(?<![\w’'])[a-z][\w’'\-]*", text)}
    capitalised = {m.group(1) for m in re.finditer(r"[a-z,]\s+([A-ZÀ-ÖØ-Þ][\w’'\-]*)", text)}
    dated_lines: dict[int, list[str]] = {}
    for ev in curated.events:
        if ev.item.date_text and ev.anchors:
            for a in ev.anchors:
                first_line = text.count("\n", 0, a.span.start) + 1
                dated_lines.setdefault(first_line, []).append(name_key(ev.item.date_text))
    for e in curated.entities:
        entity_spans += [(a.span.start, a.span.end) for a in e.anchors if a.source == source_id]
    for ev in curated.events:
        quote_spans += [(a.span.start, a.span.end) for a in ev.anchors]
        for p in ev.participants:
            quote_spans += [(a.span.start, a.span.end) for a in p.anchors]
    for r in curated.relations:
        quote_spans += [(a.span.start, a.span.end) for a in r.anchors]
    entity_spans = _spans(entity_spans)
    all_spans = _spans(quote_spans + entity_spans)
    found_spans = _spans((m.start, m.end) for m in _found(corpus, source_id))

    sections = [SectionCoverage("(start)", 1)]
    for s in source.meta.sections:
        sections.append(SectionCoverage(s.title, s.line))
    if len(sections) > 1 and sections[1].line == 1:
        sections.pop(0)
    lines = LineIndex(text)
    report = CoverageReport(source_id, sections)

    def section_of(line: int) -> SectionCoverage:
        current = sections[0]
        for s in sections:
            if s.line <= line:
                current = s
        return current

    def ignored(kind: str, value: str, line: int) -> bool:
        for rule in rules:
            if kind == "paragraph" and rule.paragraph == line:
                return True
            if (
                kind != "paragraph"
                and rule.text is not None
                and name_key(rule.text) == name_key(value)
                and rule.line in (None, line)
            ):
                return True
        return False

    position = 0
    for number, line_text in enumerate(text.split("\n"), start=1):
        start_of_line = position
        position += len(line_text) + 1
        if not line_text.strip() or is_heading(line_text):
            continue
        section = section_of(number)
        end_of_line = start_of_line + len(line_text)
        section.paragraphs += 1
        if _overlaps(all_spans, start_of_line, end_of_line) or ignored("paragraph", "", number):
            section.paragraphs_reached += 1
        else:
            report.misses.append(Miss("paragraph", line_text[:60], number, line_text[:120]))
            if _overlaps(found_spans, start_of_line, end_of_line):
                section.paragraphs_named += 1
        for m in name_spans(line_text, start_of_line, common, capitalised):
            section.names += 1
            if _name_reached(m, names, name_blob, entity_spans):
                section.names_reached += 1
                if not _overlaps(all_spans, m.start, m.end) and _overlaps(
                    found_spans, m.start, m.end
                ):
                    section.names_found += 1
            elif ignored("name", m.text, number):
                section.names_reached += 1
                report.ignored += 1
            else:
                report.misses.append(Miss("name", m.text, number, _context(text, m)))
        for m in date_spans(line_text, start_of_line):
            section.dates += 1
            if _overlaps(all_spans, m.start, m.end) or any(
                name_key(m.text) in phrase for phrase in dated_lines.get(number, ())
            ):
                section.dates_reached += 1
            elif ignored("date", m.text, number):
                section.dates_reached += 1
                report.ignored += 1
            else:
                report.misses.append(Miss("date", m.text, number, _context(text, m)))
    del lines
    return report


def _found(corpus: Corpus, source_id: str) -> list[Any]:
    """The mentions found by name in one source, as the build finds them."""
    from .mentions import find_mentions, names_and_quotes

    names, curated = names_and_quotes(corpus)
    text = corpus.sources[source_id].text
    return find_mentions(names, {source_id: text}, curated).mentions


def _context(text: str, m: Mention, width: int = 40) -> str:
    before = text[max(0, m.start - width) : m.start].split("\n")[-1]
    after = text[m.end : m.end + width].split("\n")[0]
    return f"…{before}[{text[m.start : m.end]}]{after}…"


@lru_cache(maxsize=8)
def _names_pattern(names: frozenset[str]) -> re.Pattern[str]:
    """One regex finding any curated name (longest first) as whole words."""
    ordered = sorted((n for n in names if len(n) >= 2), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, ordered)) + r")(?!\w)")


def _name_reached(
    m: Mention, names: set[str], name_blob: str, entity_spans: list[tuple[int, int]]
) -> bool:
    folded_mention = name_key(m.text)
    if folded_mention in names or _inside(entity_spans, m.start, m.end):
        return True
    if len(folded_mention) > 2 and re.search(
        rf"(?<![\w.]){re.escape(folded_mention)}(?![\w])", name_blob
    ):
        return True  # "Civil War" inside the curated "American Civil War"
    # every capitalised word must be explained by a curated name inside the span, or a mention;
    # of a hyphenated word ("Trump-Musk", "Trump-appointed") only the capitalised parts count
    words = [
        (w.start() + m.start, w.end() + m.start, w.group(0))
        for w in re.finditer(r"(?:[A-Z]\.){2,}|[A-ZÀ-ÖØ-Þ][\w.]*", m.text)
    ]
    explained = [False] * len(words)
    folded = fold_chars(m.text)
    for hit in _names_pattern(frozenset(names)).finditer(folded):
        for i, (ws, we, _w) in enumerate(words):
            rel_s, rel_e = ws - m.start, we - m.start
            if hit.start() <= rel_s and rel_e <= hit.end() + 1:
                explained[i] = True
    for i, (ws, we, _w) in enumerate(words):
        if not explained[i] and _overlaps(entity_spans, ws, we):
            explained[i] = True
    return all(explained) if words else True


def coverage_all(corpus: Corpus, ignore_path: Path) -> list[CoverageReport]:
    """Coverage of every source of the corpus."""
    ignore = load_ignore(ignore_path)
    unknown = [s for s in ignore if s not in corpus.sources]
    if unknown:
        raise CurationErrors(
            [
                Problem(
                    Location(str(ignore_path)),
                    f"unknown source '{unknown[0]}'",
                    "use the id of a file in data/sources/",
                )
            ]
        )
    return [coverage(corpus, sid, ignore) for sid in sorted(corpus.sources)]


def format_coverage(report: CoverageReport, listing: bool = True) -> str:
    """The report as text: a table per section, the totals, and what was not reached."""
    lines = [
        f"coverage of {report.source}",
        f"{'section':48} {'names':>11} {'by name':>7} {'dates':>9} {'paragraphs':>11} {'%':>6}",
    ]
    for s in report.sections:
        if s.names + s.dates + s.paragraphs == 0:
            continue
        title = s.title if len(s.title) <= 46 else s.title[:45] + "…"
        lines.append(
            f"{title:48} {s.names_reached:5}/{s.names:<5} {s.names_found:7} "
            f"{s.dates_reached:4}/{s.dates:<4} {s.paragraphs_reached:5}/{s.paragraphs:<5} "
            f"{s.percent:6.1f}"
        )
    n, d, p = report.names, report.dates, report.paragraphs
    found, named = report.found
    lines.append(
        f"{'total':48} {n[0]:5}/{n[1]:<5} {found:7} {d[0]:4}/{d[1]:<4} {p[0]:5}/{p[1]:<5} "
        f"{report.percent:6.1f}"
    )
    lines.append(
        f"{report.ignored} deliberately ignored (ignore.yaml); "
        f"{p[1] - p[0]} paragraph(s) without a claim"
        + (f", {named} of them naming an entity (found by name)" if named else "")
    )
    lines.append(
        f"by name: {found} of the {n[0]} names reached are covered only by a mention found by "
        "name (a label or alias in the text, no curated quote there): derived, not evidence"
    )
    if listing and report.misses:
        lines.append("not reached:")
        for miss in report.misses:
            what = miss.context if miss.kind != "paragraph" else miss.text + "…"
            lines.append(f"  line {miss.line:4} {miss.kind:9} {what}")
    return "\n".join(lines)
