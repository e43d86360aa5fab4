"""Run a job in a forked child process that is killed when it runs past its time limit.

Neither rdflib nor pyoxigraph can stop a query once it runs, and a thread cannot be stopped
either, so a query with a time limit runs in a child made with ``fork``: it inherits the
in-memory Dataset (or the open Oxigraph database) copy-on-write, sends its answer back through a
pipe and exits. Past the limit it is killed (``SIGKILL``) and reaped, which frees its core at
once and leaves no zombie. The child's address space is limited (``RLIMIT_AS``) to what the
parent had when it forked plus :data:`MEMORY_BUDGET`, so a runaway query fails in the child, not
in the caller.

Forking a process that has other threads is safe here because the child only reads: a lock held
by another thread at the fork would at worst block the child until it is killed at its limit.
"""

from __future__ import annotations

import faulthandler
import multiprocessing
import os
import resource
import signal
import tempfile
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import IO, TypeVar

from .errors import GraphError, QueryError, StoreError

T = TypeVar("T")
MEMORY_BUDGET = 4 * 1024**3  # bytes the child may map beyond the parent's address space
_CONTEXT = multiprocessing.get_context("fork")


class QueryTimeout(QueryError):
    """A query ran past its time limit; its process was stopped."""

    def __init__(self, seconds: float, hint: str = "raise the time limit") -> None:
        self.seconds = seconds
        super().__init__(
            f"the query ran longer than {seconds:g} s and was stopped — narrow it "
            f"(add patterns or a LIMIT) or {hint}"
        )


def run_killable(job: Callable[[], T], timeout: float) -> T:
    """``job()`` in a forked child; its result, or its GraphError raised here.

    Raises
    ------
    QueryTimeout
        The child did not answer within ``timeout`` seconds (it is killed).
    QueryError
        The child failed otherwise (out of memory, crashed, killed from outside).
    """
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    with tempfile.TemporaryFile() as errors:  # the child's stderr (an engine's crash report)
        child = _CONTEXT.Process(target=_child, args=(sender, errors, job), daemon=True)
        child.start()
        sender.close()  # only the child writes: the parent reads end-of-file if it dies
        try:
            if not receiver.poll(timeout):
                raise QueryTimeout(timeout)
            try:
                status, payload = receiver.recv()
            except (EOFError, OSError):
                child.join(5)
                raise QueryError(_death(child.exitcode, errors)) from None
        finally:
            _stop(child)
            receiver.close()
    if status == "store":
        raise StoreError(payload)
    if status == "error":
        raise QueryError(payload)
    return payload


def _stop(child: multiprocessing.process.BaseProcess) -> None:
    """Kill the child if it still runs, and reap it."""
    if child.is_alive():
        child.kill()
    child.join()
    child.close()


def _death(code: int | None, errors: IO[bytes]) -> str:
    """Why the child ended without answering, from its exit status and what it printed."""
    errors.seek(0)
    report = errors.read(65536).decode("utf-8", "replace").splitlines()
    if any("memory allocation of" in line or "MemoryError" in line for line in report):
        return _out_of_memory()
    for line, following in zip(report, report[1:], strict=False):
        if " panicked at " in line and following.strip():
            return (
                f"the query engine failed on this query ({following.strip()[:200]}) — "
                "rephrase it (another ORDER BY, fewer patterns)"
            )
    if code is not None and code < 0:
        try:
            how = f"by signal {signal.Signals(-code).name}"
        except ValueError:
            how = f"by signal {-code}"
    else:
        how = f"with exit code {code}"
    return (
        f"the query process ended {how} before answering — narrow the query (add patterns "
        "or a LIMIT)"
    )


def _child(sender: Connection, errors: IO[bytes], job: Callable[[], object]) -> None:
    """The child's side: default signal handling, a memory limit, one answer on the pipe."""
    os.dup2(errors.fileno(), 2)  # an engine's crash report goes to the parent, not the terminal
    faulthandler.disable()  # (pytest's writes to a copy of the terminal's stderr)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a handler of the parent's (Streamlit's) must
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # not keep it alive; Ctrl-C stops the parent
    out_of_memory = ("error", _out_of_memory())  # made before the limit: no room is left later
    _limit_memory()
    try:
        answer: tuple[str, object] = ("ok", job())
    except StoreError as exc:
        answer = ("store", _one_line(exc))
    except GraphError as exc:
        answer = ("error", _one_line(exc))
    except MemoryError:
        answer = out_of_memory
    except BaseException as exc:  # anything else (pyo3's PanicException too) is one line
        answer = ("error", f"query failed: {type(exc).__name__}: {_one_line(exc)}"[:300])
    try:
        sender.send(answer)
    except MemoryError:
        sender.send(out_of_memory)
    finally:
        sender.close()


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def _out_of_memory() -> str:
    return (
        f"the query needed more than {MEMORY_BUDGET / 1024**3:g} GiB of memory and was stopped "
        "— narrow it (add patterns or a LIMIT)"
    )


def _limit_memory() -> None:
    """Cap the child's address space at the parent's size at the fork plus the budget."""
    try:
        with open(f"/proc/{os.getpid()}/statm") as statm:
            size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return  # not Linux: no limit
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = size + MEMORY_BUDGET
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if soft == resource.RLIM_INFINITY or wanted < soft:
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
