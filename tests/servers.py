"""Real SPARQL servers for integration tests, each on a free loopback port, stopped afterwards.

Each is started as it comes out of the box (Oxigraph without ``--union-default-graph``): remote
queries must name the graphs they read.

Oxigraph (`oxigraph serve`, from the `oxigraph` package on PyPI) is always available; Virtuoso
Open Source (Debian's `virtuoso-opensource`, `virtuoso-t`) when installed (`.ci/run` installs it).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

VIRTUOSO = shutil.which("virtuoso-t")
OXIGRAPH = Path(sys.executable).with_name("oxigraph")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class Server:
    name: str
    query_url: str
    store_url: str
    user: str | None = None
    password: str | None = None


def _wait(url: str, proc: subprocess.Popen, log: Path, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(
        f"server not answering at {url} after {seconds:g} s:\n{log.read_text()[-3000:]}"
    )


def stop(proc: subprocess.Popen) -> None:
    """Stop a server process: terminate, then kill if it lingers."""
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def oxigraph_server(folder: Path) -> Iterator[Server]:
    port = free_port()
    log = folder / "oxigraph.log"
    with log.open("w") as sink:
        proc = subprocess.Popen(
            [
                str(OXIGRAPH),
                "serve",
                "--location",
                str(folder / "db"),
                "--bind",
                f"127.0.0.1:{port}",
            ],
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(f"{base}/query?query=ASK%7B%7D", proc, log)
        yield Server("oxigraph", f"{base}/query", f"{base}/store")
    finally:
        stop(proc)


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
MaxQueryMem = 500M
ThreadsPerQuery = 2
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 4
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
DefaultQuery = ASK {{}}
"""


@contextmanager
def virtuoso_server(folder: Path) -> Iterator[Server]:
    if VIRTUOSO is None:
        raise RuntimeError("virtuoso-t is not installed")
    sql, http = free_port(), free_port()
    folder.mkdir(parents=True, exist_ok=True)
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=folder, sql=sql, http=http))
    log = folder / "stdout.log"
    with log.open("w") as sink:
        proc = subprocess.Popen(
            [VIRTUOSO, "+foreground", "+configfile", str(ini)],
            cwd=folder,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{http}"
    try:
        _wait(f"{base}/sparql?query=ASK%7B%7D", proc, log, seconds=120)
        yield Server("virtuoso", f"{base}/sparql", f"{base}/sparql-graph-crud-auth", "dba", "dba")
    finally:
        stop(proc)
