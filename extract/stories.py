"""Stories for a class: small YAML files that walk through the graph one step at a time.

A story has a title and steps; each step has a heading, a short text, a view (a timeline window, or
the network around an entity) and the events or entities to highlight. Stories live in
``data/stories/*.yaml`` and are checked like curation files: every problem located, every id
resolved against the curated corpus.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .dates import DateError, parse_date
from .errors import CurationErrors, Location, Problem, ProblemLog, display_path
from .loader import _problems
from .model import Corpus
from .schema import Edtf, Slug
from .yamlfile import read_yaml


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True)


class Step(_Strict):
    """One step of a story: what to say, what to show, what to highlight."""

    heading: str
    text: str = Field(description="a few neutral sentences for the class")
    view: Literal["timeline", "network", "entity"] = "timeline"
    start: Edtf | None = Field(None, description="timeline window start (EDTF)")
    end: Edtf | None = Field(None, description="timeline window end (EDTF)")
    entity: str | None = Field(None, description="the entity at the centre of a network or profile")
    depth: int = Field(1, ge=1, le=3)
    highlight: list[str] = Field(default_factory=list, description="event or entity ids")


class Story(_Strict):
    """A sequence of steps through the graph, for presenting to a class."""

    id: Slug
    title: str
    description: str = ""
    steps: list[Step] = Field(min_length=1)


def load_stories(
    data_dir: Path | str, corpus: Corpus | None = None, log: ProblemLog | None = None
) -> list[Story]:
    """Read and check every story of ``data_dir/stories``; ids are resolved against ``corpus``.

    Problems go to ``log`` when given (so they are reported with the curation's); otherwise
    they are raised together as :class:`CurationErrors`.
    """
    own = log is None
    log = log or ProblemLog()
    stories: list[Story] = []
    events = {ev.item.id for c in (corpus.curated.values() if corpus else ()) for ev in c.events}
    entities = set(corpus.entity_types) if corpus else set()
    for path in sorted((Path(data_dir) / "stories").glob("*.yaml")):
        try:
            doc = read_yaml(path)
            story = Story.model_validate(doc.data())
        except CurationErrors as exc:
            log.problems.extend(exc.problems)
            continue
        except ValidationError as exc:
            log.problems.extend(_problems(exc, Story, doc))
            continue
        if story.id != path.stem:
            log.add(
                doc.where(("id",)),
                f"id {story.id!r} differs from the file name {path.stem!r}",
                f"rename the file to {story.id}.yaml or set id: {path.stem}",
            )
        for i, step in enumerate(story.steps):
            for key in ("start", "end"):
                value = getattr(step, key)
                if value is not None:
                    try:
                        parse_date(value)
                    except DateError as exc:
                        log.add(doc.where(("steps", i, key)), exc.message, exc.hint)
            if step.view != "timeline" and step.entity is None:
                log.add(
                    doc.where(("steps", i, "view")),
                    f"a {step.view} step needs an entity",
                    "add entity: the id at the centre of the view",
                )
            if corpus is None:
                continue
            if step.entity is not None and step.entity not in entities:
                log.add(
                    doc.where(("steps", i, "entity")),
                    f"entity '{step.entity}' is not declared",
                    "use the id of a curated entity",
                )
            for h, ident in enumerate(step.highlight):
                if ident not in events and ident not in entities:
                    log.add(
                        doc.where(("steps", i, "highlight", h)),
                        f"'{ident}' is not declared",
                        "use the id of a curated event or entity",
                    )
        stories.append(story)
    if own:
        log.raise_if_any()
    return stories


STORY_MAX_BYTES = 256 * 1024  # a story written from the app


def story_yaml(story: Story) -> str:
    """A story as the YAML file the app offers to download or save (unset fields left out)."""
    import yaml

    data = story.model_dump(exclude_defaults=True)
    data["steps"] = []
    for step in story.steps:
        given = step.model_dump(exclude_defaults=True) | {"view": step.view}  # always written
        data["steps"].append({k: given[k] for k in Step.model_fields if k in given})
    header = (
        "# A story for a class, made in Threadline's app. Each step shows what the sources\n"
        "# claim, with their quotes; keep the texts descriptive. Format: docs/curation.md.\n"
    )
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def check_story_text(text: str, known: set[str] | None = None) -> Story:
    """Check a story file's text as ``load_stories`` checks a file, and its ids against
    ``known`` (event and entity ids) when given; :class:`CurationErrors` lists the problems."""
    import tempfile

    if len(text.encode("utf-8")) > STORY_MAX_BYTES:
        raise CurationErrors(
            [Problem(Location("story"), f"larger than {STORY_MAX_BYTES // 1024} KB", "shorten it")]
        )
    import yaml

    try:
        ident = (yaml.safe_load(text) or {}).get("id")
    except yaml.YAMLError:
        ident = None
    name = ident if isinstance(ident, str) and ident else "story"
    with tempfile.TemporaryDirectory() as folder:
        stories = Path(folder) / "stories"
        stories.mkdir()
        (stories / f"{Path(name).name}.yaml").write_text(text, encoding="utf-8")
        try:
            (story,) = load_stories(folder)
        except CurationErrors as exc:  # located in the text, not in the temporary file
            raise CurationErrors(
                Problem(Location("story", p.location.line, p.location.col), p.message, p.hint)
                for p in exc.problems
            ) from None
    log = ProblemLog()
    for i, step in enumerate(story.steps, start=1):
        for ident in [*step.highlight, *([step.entity] if step.entity else [])]:
            if known is not None and ident not in known:
                log.add(Location(f"step {i}"), f"'{ident}' is not in the graph", "choose another")
    log.raise_if_any()
    return story


def save_story(folder: Path, story: Story, *, replace: bool = False) -> Path:
    """Write ``story`` to ``folder/ID.yaml`` (atomically); an existing file is kept unless
    ``replace``."""
    target = Path(folder) / f"{story.id}.yaml"
    if target.exists() and not replace:
        raise CurationErrors(
            [
                Problem(
                    Location(display_path(target)),
                    "a story with this id exists",
                    "choose another id, or replace it",
                )
            ]
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(story_yaml(story), encoding="utf-8")
    tmp.replace(target)
    return target
