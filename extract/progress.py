"""Progress of long validations and builds: reports from the library, lines for the CLI.

The library never prints: :func:`extract.validate.validate` and :func:`extract.build.build` take
a ``progress`` callback and call it with :class:`Progress` reports. The command line passes a
:class:`ProgressPrinter`, which writes short lines to stderr on a terminal, or once a run has
taken more than :data:`QUIET_FOR` seconds (so quick runs and their tests stay silent).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

PROGRESS_EVERY = 10_000  # items between two reports of one step
QUIET_FOR = 10.0  # seconds a run off a terminal stays silent (a bundled build takes 1-4 s)
LINE_EVERY = 0.5  # seconds between two printed lines


@dataclass(frozen=True)
class Progress:
    """How far a long step has got.

    ``total`` is 0 when the step cannot count its work (a SHACL check, a file write).

    >>> str(Progress("checking references in curation/big.yaml", 100000, 400000))
    'checking references in curation/big.yaml: 100000/400000 items'
    """

    stage: str
    done: int = 0
    total: int = 0
    unit: str = "items"

    def __str__(self) -> str:
        return f"{self.stage}: {self.done}/{self.total} {self.unit}" if self.total else self.stage


ProgressCallback = Callable[[Progress], None]


def ticker(
    progress: ProgressCallback | None, stage: str, total: int, unit: str = "items"
) -> Callable[[int], None]:
    """A function to call with the count done so far; it reports every PROGRESS_EVERY items
    and at the end."""
    if progress is None:
        return lambda done: None

    def tick(done: int) -> None:
        if done % PROGRESS_EVERY == 0 or done == total:
            progress(Progress(stage, done, total, unit))

    return tick


class ProgressPrinter:
    """A progress callback that prints one line per report to ``stream`` (stderr by default),
    at most one every :data:`LINE_EVERY` seconds, and off a terminal only after
    :data:`QUIET_FOR` seconds."""

    def __init__(
        self, stream: TextIO | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.tty = bool(isatty and isatty())
        self.clock = clock
        self.started = clock()
        self.last: float | None = None

    def __call__(self, report: Progress) -> None:
        now = self.clock()
        if not self.tty and now - self.started < QUIET_FOR:
            return
        if self.last is not None and now - self.last < LINE_EVERY:
            return
        self.last = now
        self.stream.write(f"{report}\n")
        self.stream.flush()
