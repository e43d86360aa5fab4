"""Load curation files and source metadata into checked models, keeping positions.

Structural problems (unknown keys, missing keys, wrong value kinds) are reported with the line
and column of the offending key or value, and a hint; all problems of a file come at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from rapidfuzz import process

from .errors import CurationErrors, Problem
from .schema import CurationFile, Quote, SourceMeta
from .yamlfile import YamlDocument, read_yaml

M = TypeVar("M", bound=BaseModel)


@dataclass
class Loaded(Generic[M]):
    """A model together with the document it came from, for locating its values."""

    model: M
    doc: YamlDocument


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


def _problems(exc: ValidationError, model: type[BaseModel], doc: YamlDocument) -> list[Problem]:
    problems: dict[tuple[Any, ...], Problem] = {}
    for err in exc.errors():
        loc = _clean_loc(tuple(err["loc"]))
        kind = err["type"]
        name = loc[-1] if loc else ""
        if "evidence" in loc and kind not in {"extra_forbidden", "missing"}:
            # unions give one error per branch; report the evidence once
            ev = loc[: loc.index("evidence") + 1]
            problems.setdefault(
                ev, Problem(doc.where(ev), f"{_describe(ev)} is not a usable quote", EVIDENCE_FORMS)
            )
            continue
        if kind == "extra_forbidden":
            owner = _model_at(model, loc)
            allowed = list(owner.model_fields) if owner else []
            close = process.extractOne(str(name), allowed, score_cutoff=60) if allowed else None
            hint = f"did you mean '{close[0]}'?" if close else ""
            hint += (" " if hint else "") + f"allowed keys: {', '.join(allowed)}" if allowed else ""
            problems[loc] = Problem(doc.where(loc, key=True), f"unknown key '{name}'", hint)
        elif kind == "missing":
            owner_loc = loc[:-1]
            problems[loc] = Problem(
                doc.where(owner_loc),
                f"{_describe(owner_loc)} has no '{name}'",
                f"add '{name}:'" + (" with an exact quote from the source" if name == "evidence" else ""),
            )
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
        elif kind == "string_pattern_mismatch" and name == "sha256":
            problems[loc] = Problem(
                doc.where(loc), "sha256 is not 64 lowercase hex digits", "copy the hash printed by validate"
            )
        elif kind == "list_type":
            problems[loc] = Problem(
                doc.where(loc), f"{_describe(loc)} must be a list", f"write '{name}:' then items starting with '- '"
            )
        elif kind in {"model_type", "dict_type"}:
            problems[loc] = Problem(
                doc.where(loc),
                f"{_describe(loc)} must be a mapping of keys to values",
                "write 'key: value' lines indented under it",
            )
        else:
            problems[loc] = Problem(doc.where(loc), f"{_describe(loc)}: {err['msg'].lower()}", "")
    return list(problems.values())


def _load(path: Path, model: type[M]) -> Loaded[M]:
    doc = read_yaml(path)
    data = doc.data()
    if not isinstance(data, dict):
        raise CurationErrors(
            [Problem(doc.where(()), "the file must be a mapping of keys to values", "start with 'source: ID'")]
        )
    try:
        return Loaded(model.model_validate(data), doc)
    except ValidationError as exc:
        raise CurationErrors(_problems(exc, model, doc)) from None


def load_curation(path: Path) -> Loaded[CurationFile]:
    """Read and structurally check one curation file."""
    return _load(path, CurationFile)


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
