"""Load curation files and source metadata into checked models, keeping positions.

Structural problems (unknown keys, missing keys, wrong value kinds) are reported with the line
and column of the offending key or value, and a hint; all problems of a file come at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from rapidfuzz import fuzz, process

from .dates import DateError
from .errors import CurationErrors, Problem
from .schema import CurationFile, Quote, SourceMeta
from .yamlfile import YamlDocument, read_yaml

M = TypeVar("M", bound=BaseModel)


@dataclass
class Loaded(Generic[M]):
    """A model together with the document it came from, for locating its values."""

    model: M
    doc: YamlDocument
    problems: list[Problem] = field(default_factory=list)
    broken_ids: set[str] = field(default_factory=set)


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that owns the last key of ``loc`` (for listing allowed keys)."""
    current: type[BaseModel] | None = model
    for part in loc[:-1]:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        field = current.model_fields.get(str(part))
        if field is None:
            return None
        current = _inner_model(field.annotation)
    return current


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _clean_loc(loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    """Drop pydantic's union-branch markers (``str``, ``Quote``, ``list[...]``) from a location."""
    out: list[str | int] = []
    for part in loc:
        if isinstance(part, str) and (part in {"str", "Quote", "int"} or "[" in part):
            continue
        out.append(part)
    return tuple(out)


def _describe(loc: tuple[str | int, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "the file"


EVIDENCE_FORMS = (
    'give a quote string, a mapping {quote: "...", prefix|suffix|occurrence: ...} '
    "or a list of those"
)


QUOTE_KEYS = list(Quote.model_fields)

# How to bring a list over its size limit back under it.
TRIM_HINTS = {
    "aliases": "keep the spellings the source really uses",
    "participants": "keep the participants the source names, or split the event",
    "evidence": "keep the quotes that support the item best",
    "sections": "record the main headings only",
}


def _yaml_word(value: Any) -> str:
    """A scalar as it stands in the YAML file (true, 1.5, 'two')."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else str(value)


def _size_problem(err: dict[str, Any], loc: tuple[str | int, ...], doc: YamlDocument) -> Problem:
    """A text or list over its limit (``string_too_long`` / ``too_long``)."""
    limit = err["ctx"]["max_length"]
    name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if isinstance(err["input"], str):  # string_too_long, or too_long after a BeforeValidator
        return Problem(
            doc.where(loc),
            f"{_describe(loc)} is {len(err['input'])} characters long; the limit is {limit}",
            "shorten it",
        )
    return Problem(
        doc.where(loc),
        f"{_describe(loc)} has {err['ctx']['actual_length']} items; the limit is {limit}",
        TRIM_HINTS.get(str(name), "remove some"),
    )


def _occurrence_problem(
    err: dict[str, Any], loc: tuple[str | int, ...], doc: YamlDocument
) -> Problem:
    if err["type"] == "greater_than_equal":
        return Problem(
            doc.where(loc),
            f"{_describe(loc)} must be 1 or more",
            "occurrences count from 1: occurrence: 1 is the first",
        )
    return Problem(
        doc.where(loc),
        f"{_describe(loc)} must be a whole number, not {_yaml_word(err['input'])}",
        "write occurrence: 1 for the first match, 2 for the second, and so on",
    )


def _evidence_problems(
    errors: list[dict[str, Any]], ev: tuple[str | int, ...], doc: YamlDocument
) -> list[Problem]:
    """One evidence value that failed every branch of its union: say what is really wrong.

    If the value is a mapping, only the errors of the quote-mapping branch matter; if it is an
    empty list, it is empty; otherwise it is not a usable quote at all.
    """
    mapping = [
        e for e in errors if "Quote" in e["loc"] and e["type"] not in {"model_type", "dict_type"}
    ]
    out = []
    for err in mapping:
        loc = _clean_loc(tuple(err["loc"]))
        name = loc[-1]
        if err["type"] == "extra_forbidden":
            close = process.extractOne(str(name), QUOTE_KEYS, scorer=fuzz.ratio, score_cutoff=60)
            hint = (
                f"did you mean '{close[0]}'? " if close else ""
            ) + f"allowed keys: {', '.join(QUOTE_KEYS)}"
            out.append(Problem(doc.where(loc, key=True), f"unknown key '{name}'", hint))
        elif name == "occurrence":
            out.append(_occurrence_problem(err, loc, doc))
        elif err["type"] == "string_too_long":
            out.append(_size_problem(err, loc, doc))
        elif err["type"] == "missing":
            out.append(
                Problem(
                    doc.where(loc[:-1]),
                    f"{_describe(loc[:-1])} has no '{name}'",
                    f"add '{name}:' with the exact words of the source",
                )
            )
        else:
            out.append(
                Problem(
                    doc.where(loc),
                    f"{_describe(loc)} must be text",
                    "write the exact words of the source in double quotes",
                )
            )
    if out:
        return out
    for err in errors:  # a bare quote, or the list of quotes, over its limit
        if err["type"] in {"string_too_long", "too_long"}:
            return [_size_problem(err, ev, doc)]
    if any(e["type"] == "too_short" for e in errors):
        return [
            Problem(
                doc.where(ev),
                f"{_describe(ev)} is empty",
                "add 'evidence:' with an exact quote from the source",
            )
        ]
    return [Problem(doc.where(ev), f"{_describe(ev)} is not a usable quote", EVIDENCE_FORMS)]


def _evidence_key(loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    """The location of the evidence value (or list item) an error belongs to."""
    clean = _clean_loc(loc)
    i = clean.index("evidence")
    raw_after = loc[loc.index("evidence") + 1 :]
    # a list branch adds an index: the error is about that list item
    if len(raw_after) >= 2 and isinstance(raw_after[1], int) and "[" in str(raw_after[0]):
        return clean[: i + 2]
    return clean[: i + 1]


def _problems(exc: ValidationError, model: type[BaseModel], doc: YamlDocument) -> list[Problem]:
    problems: dict[tuple[Any, ...], Problem] = {}
    evidence: dict[tuple[str | int, ...], list[dict[str, Any]]] = {}
    for err in exc.errors():
        raw = tuple(err["loc"])
        loc = _clean_loc(raw)
        kind = err["type"]
        name = loc[-1] if loc else ""
        if "evidence" in loc and not (kind == "missing" and name == "evidence"):
            evidence.setdefault(_evidence_key(raw), []).append(dict(err))
            continue
        if kind == "extra_forbidden":
            owner = _model_at(model, loc)
            allowed = list(owner.model_fields) if owner else []
            close = (
                process.extractOne(str(name), allowed, scorer=fuzz.ratio, score_cutoff=60)
                if allowed
                else None
            )
            hint = f"did you mean '{close[0]}'?" if close else ""
            hint += (" " if hint else "") + f"allowed keys: {', '.join(allowed)}" if allowed else ""
            problems[loc] = Problem(doc.where(loc, key=True), f"unknown key '{name}'", hint)
        elif kind == "missing":
            owner_loc = loc[:-1]
            problems[loc] = Problem(
                doc.where(owner_loc),
                f"{_describe(owner_loc)} has no '{name}'",
                f"add '{name}:'"
                + (" with an exact quote from the source" if name == "evidence" else ""),
            )
        elif kind in {"string_too_long", "too_long"}:
            problems[loc] = _size_problem(err, loc, doc)
        elif kind == "value_error" and isinstance(err.get("ctx", {}).get("error"), DateError):
            error = err["ctx"]["error"]
            problems[loc] = Problem(doc.where(loc), error.message, error.hint)
        elif err.get("input") is None and kind.endswith("_type"):
            problems[loc] = Problem(doc.where(loc), f"'{name}' is empty", f"give '{name}' a value")
        elif kind == "string_pattern_mismatch" and name in {"id", "source"}:
            problems[loc] = Problem(
                doc.where(loc),
                f"{name} {err['input']!r} is not a slug",
                "use lowercase letters, digits and single hyphens, e.g. marco-rubio",
            )
        elif kind == "string_pattern_mismatch" and name == "wikidata":
            problems[loc] = Problem(
                doc.where(loc),
                f"wikidata id {err['input']!r} is malformed",
                "write the item id alone, e.g. Q324546",
            )
        elif kind == "string_pattern_mismatch" and name == "language":
            problems[loc] = Problem(
                doc.where(loc),
                f"language {err['input']!r} is not a language tag",
                "write a BCP 47 tag such as en, es or pt-BR",
            )
        elif kind == "string_pattern_mismatch" and name == "url":
            problems[loc] = Problem(
                doc.where(loc),
                f"url {err['input']!r} is not a web address",
                "write the full address, starting with https:// and without spaces",
            )
        elif kind == "string_pattern_mismatch" and name == "sha256":
            problems[loc] = Problem(
                doc.where(loc),
                "sha256 is not 64 lowercase hex digits",
                "copy the hash printed by validate",
            )
        elif kind == "list_type":
            problems[loc] = Problem(
                doc.where(loc),
                f"{_describe(loc)} must be a list",
                f"write '{name}:' then items starting with '- '",
            )
        elif kind in {"model_type", "dict_type"}:
            problems[loc] = Problem(
                doc.where(loc),
                f"{_describe(loc)} must be a mapping of keys to values",
                "write 'key: value' lines indented under it",
            )
        else:
            problems[loc] = Problem(doc.where(loc), f"{_describe(loc)}: {err['msg'].lower()}", "")
    found = list(problems.values())
    for ev, errors in evidence.items():
        if any(other[: len(ev)] == ev and len(other) > len(ev) for other in evidence):
            continue  # a list whose items have problems of their own: those are the problems
        found.extend(_evidence_problems(errors, ev, doc))
    return found


def _read_mapping(path: Path) -> tuple[YamlDocument, dict[str, Any]]:
    """Parse a YAML file that must hold a mapping at its top."""
    doc = read_yaml(path)
    data = doc.data()
    if not isinstance(data, dict):
        raise CurationErrors(
            [
                Problem(
                    doc.where(()),
                    "the file must be a mapping of keys to values",
                    "start with 'source: ID'",
                )
            ]
        )
    return doc, data


def _load(path: Path, model: type[M]) -> Loaded[M]:
    doc, data = _read_mapping(path)
    try:
        return Loaded(model.model_validate(data), doc)
    except ValidationError as exc:
        raise CurationErrors(_problems(exc, model, doc)) from None


ITEM_LISTS = ("entities", "events", "relations")


def load_curation(path: Path) -> Loaded[CurationFile]:
    """Read and structurally check one curation file.

    Items that fail their structure check are left out (their problems are in ``problems``) and
    the rest is returned, so that later checks can report their own problems in the same run.
    Ids of the items left out are kept in ``broken_ids`` so references to them are not reported
    as undeclared.
    """
    doc, data = _read_mapping(path)
    try:
        return Loaded(CurationFile.model_validate(data), doc)
    except ValidationError as exc:
        problems = _problems(exc, CurationFile, doc)
    kept: dict[str, Any] = {k: v for k, v in data.items() if k not in ITEM_LISTS}
    broken: set[str] = set()
    for key in ITEM_LISTS:
        items = data.get(key)
        if not isinstance(items, list):
            continue
        kept[key] = []
        item_model = CurationFile.model_fields[key].annotation.__args__[0]  # type: ignore[union-attr]
        for item in items:
            try:
                item_model.model_validate(item)
            except ValidationError:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    broken.add(item["id"])
                continue
            kept[key].append(item)
    try:
        model = CurationFile.model_validate(kept)
    except ValidationError:
        raise CurationErrors(problems) from None  # the file itself is broken (e.g. its source)
    return Loaded(model, doc, problems, broken)


def load_source_meta(path: Path) -> Loaded[SourceMeta]:
    """Read and structurally check one source metadata file."""
    return _load(path, SourceMeta)


def quotes_of(evidence: Any) -> list[tuple[Quote, tuple[int, ...]]]:
    """Normalise an evidence value to quotes, each with its index path below ``evidence``."""
    if evidence is None:
        return []
    if isinstance(evidence, list):
        return [(q, (i,)) for i, item in enumerate(evidence) for q, _ in quotes_of(item)]
    if isinstance(evidence, str):
        return [(Quote(quote=evidence), ())]
    return [(evidence, ())]
