"""Errors raised while reading curation files and sources.

Every problem carries the file, line and column it refers to, a message saying what is wrong and a
hint saying how to fix it; :class:`CurationErrors` collects all problems of one run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Location:
    """A place in a text file: 1-based line and column."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.path
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the input, with where it is and how to fix it."""

    location: Location
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text


class ExtractError(Exception):
    """Base class of every error raised by :mod:`extract`."""


class CurationErrors(ExtractError):
    """All the problems found in one run, sorted by location."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems), key=lambda p: (p.location, p.message))
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class ProblemLog:
    """Collects problems; raises them all at once when asked."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, location: Location, message: str, hint: str = "") -> None:
        self.problems.append(Problem(location, message, hint))

    def raise_if_any(self) -> None:
        if self.problems:
            raise CurationErrors(self.problems)


def display_path(path: Path) -> str:
    """A path as the user will recognise it: relative to the working directory when under it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
