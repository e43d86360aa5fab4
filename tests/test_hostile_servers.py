"""Servers that answer wrongly: 200 with HTML, ``{}``, a 204 that stores nothing, one byte a
second, malformed SPARQL JSON. Each must end in one line, in bounded time, never a traceback.

Each fake server is a tiny ``http.server`` in a thread on 127.0.0.1: it is the hostile server
under test (the real servers are in test_remote.py).
"""

from __future__ import annotations

import contextlib
import http.server
import json
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from extract import BuildResult
from extract.cli import main
from graph import QueryError, StoreError
from graph.remote import Endpoint, RemoteDataset, push

MINI = str(Path(__file__).parent / "data" / "mini")
ROOT = Path(__file__).resolve().parent.parent
GRAPH = "https://example.org/threadline/id/graph/mini"
META = "https://example.org/threadline/id/graph/threadline-vocabulary"
DRIP_BYTES = 40  # a dripping server gives up after this many seconds (bytes), whatever happens


class Handler(http.server.BaseHTTPRequestHandler):
    """Hands every request to the server's ``answer(handler, method, form, body)``."""

    protocol_version = "HTTP/1.0"

    def log_message(self, *_args: object) -> None:
        pass

    def _any(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        form = dict(urllib.parse.parse_qsl(body.decode("utf-8", "replace")))
        with contextlib.suppress(OSError):  # the client hung up: what a deadline does
            self.server.answer(self, self.command, form, body)  # type: ignore[attr-defined]

    def do_GET(self) -> None:
        self._any()

    def do_POST(self) -> None:
        self._any()

    def do_PUT(self) -> None:
        self._any()


def reply(handler: Handler, status: int, body: bytes, ctype: str = "application/json") -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", ctype)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def results(names: list[str], *rows: list[str]) -> bytes:
    bindings = [
        {
            n: {"type": "uri" if v.startswith("http") else "literal", "value": v}
            for n, v in zip(names, r, strict=True)
        }
        for r in rows
    ]
    return json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}).encode()


PUSHED = results(["meta", "source"], [META, GRAPH])


@contextmanager
def hostile(answer: Callable[..., None]) -> Iterator[str]:
    """A server on a free loopback port answering with ``answer``; yields its query URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.answer = answer  # type: ignore[attr-defined]
    server.stopping = threading.Event()  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/query"
    finally:
        server.stopping.set()  # type: ignore[attr-defined]
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def drip(head: bytes) -> Callable[..., None]:
    """Sends ``head`` at once, then one byte a second (at most DRIP_BYTES, until stopped)."""

    def answer(handler: Handler, *_: object) -> None:
        handler.wfile.write(head)
        for byte in b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"[:DRIP_BYTES]:
            if handler.server.stopping.wait(1):  # type: ignore[attr-defined]
                return
            handler.wfile.write(bytes([byte]))

    return answer


def push_args(url: str, mini_build: BuildResult, *more: str) -> list[str]:
    return ["--data", MINI, "--graph", str(mini_build.output), "push", "--endpoint", url, *more]


def one_line_error(capsys: pytest.CaptureFixture[str], code: int) -> str:
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


# --- 7: push checks what the server holds ------------------------------------------------------


def html(handler: Handler, *_: object) -> None:
    reply(handler, 200, b"<html><body>Welcome to nginx!</body></html>", "text/html")


def empty_object(handler: Handler, *_: object) -> None:
    reply(handler, 200, b"{}")


def forgetful(handler: Handler, method: str, *_: object) -> None:
    """Takes every upload with 204 and stores nothing."""
    if method == "PUT":
        handler.send_response(204)
        handler.end_headers()
    else:
        reply(handler, 200, results(["n"], ["0"]))


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (html, "did not return SPARQL JSON results (not JSON but HTML) — is http://"),
        (empty_object, "did not return SPARQL JSON results (head.vars is missing"),
        (forgetful, f"holds 0 triples in {GRAPH} after the upload of 276 — is http://"),
    ],
    ids=["html", "empty-object", "stores-nothing"],
)
def test_push_to_a_server_that_stores_nothing_fails(
    answer: Callable[..., None], message: str, mini_build: BuildResult, capsys
) -> None:
    with hostile(answer) as url:
        code = main(push_args(url, mini_build))
    err = one_line_error(capsys, code)
    assert message in err
    assert "checked:" not in capsys.readouterr().out


# --- 8: a timeout bounds the whole request; a reply's size is capped ---------------------------


def test_push_to_a_dripping_server_ends_at_its_timeout(mini_build: BuildResult, capsys) -> None:
    with hostile(drip(b"")) as url:
        started = time.monotonic()
        code = main(push_args(url, mini_build, "--timeout", "2"))
        elapsed = time.monotonic() - started
    err = one_line_error(capsys, code)
    assert "did not answer within 2 s" in err
    assert elapsed < 8


@pytest.mark.parametrize(
    "head",
    [b"", b"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: 99\r\n\r\n{"],
    ids=["dripping-headers", "dripping-body"],
)
def test_a_remote_query_to_a_dripping_server_ends_at_its_timeout(head: bytes) -> None:
    with hostile(drip(head)) as url:
        remote = RemoteDataset(Endpoint.from_url(url, timeout=2))
        started = time.monotonic()
        with pytest.raises(StoreError, match=r"^127\.0\.0\.1:\d+ did not answer within 2 s — "):
            remote.select("SELECT * WHERE { ?s ?p ?o }")
        assert time.monotonic() - started < 8


def test_a_remote_store_on_a_dripping_server_ends_at_its_timeout(monkeypatch, capsys) -> None:
    monkeypatch.setenv("THREADLINE_SPARQL_TIMEOUT", "2")
    with hostile(drip(b"")) as url:
        started = time.monotonic()
        code = main(["--data", MINI, "--store", "sparql", "--endpoint", url, "stats"])
        elapsed = time.monotonic() - started
    assert "did not answer within 2 s" in one_line_error(capsys, code)
    assert elapsed < 8
    monkeypatch.setenv("THREADLINE_SPARQL_TIMEOUT", "soon")
    with pytest.raises(StoreError, match=r"timeout 'soon' is not a number of seconds above 0"):
        Endpoint.from_url(url)


def test_a_huge_reply_is_cut_off(monkeypatch: pytest.MonkeyPatch) -> None:
    def huge(handler: Handler, *_: object) -> None:  # no Content-Length: 2 MB, streamed
        handler.send_response(200)
        handler.end_headers()
        for _ in range(32):
            handler.wfile.write(b" " * 65536)

    monkeypatch.setenv("THREADLINE_SPARQL_MAX_MB", "0.5")
    with hostile(huge) as url, pytest.raises(StoreError) as caught:
        Endpoint.from_url(url).select("ASK {}")
    assert "sent more than 0.5 MB — ask for less (a LIMIT), or raise" in str(caught.value)


def test_a_bad_size_limit_is_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THREADLINE_SPARQL_MAX_MB", "lots")
    with pytest.raises(StoreError, match=r"THREADLINE_SPARQL_MAX_MB='lots' is not a size in MB"):
        Endpoint.from_url("http://127.0.0.1:1/query")


# --- 9: malformed replies, counts, options and URLs --------------------------------------------


def answering(body: bytes) -> Callable[..., None]:
    """Names the mini graphs when asked which graphs were pushed; ``body`` to anything else."""

    def answer(handler: Handler, _method: str, form: dict[str, str], _body: bytes) -> None:
        reply(handler, 200, PUSHED if "prov#Bundle" in form.get("query", "") else body)

    return answer


MALFORMED = {
    "no-vars": (b'{"head": {}}', "head.vars is missing or not a list of names"),
    "vars-a-string": (
        b'{"head": {"vars": "x"}, "results": {"bindings": [1]}}',
        "head.vars is missing or not a list of names",
    ),
    "binding-a-number": (
        b'{"head": {"vars": ["x"]}, "results": {"bindings": [1]}}',
        "binding 0 is not an object",
    ),
    "term-without-value": (
        b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "uri"}}]}}',
        "binding 0 of ?x is not a {type, value} term",
    ),
    "no-bindings": (b'{"head": {"vars": ["x"]}}', "results.bindings is missing or not a list"),
    "list": (b"[]", "a JSON list, not an object"),
    "null": (b"null", "a JSON NoneType, not an object"),
    "boolean-a-string": (b'{"boolean": "false"}', "boolean is not true or false"),
    "empty": (b"", "not JSON but an empty reply"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_results_are_one_line(case: str, capsys) -> None:
    body, problem = MALFORMED[case]
    with hostile(answering(body)) as url:
        code = main(["--store", "sparql", "--endpoint", url, "query", "SELECT ?x WHERE {}"])
    err = one_line_error(capsys, code)
    assert f"did not return SPARQL JSON results ({problem}) — is {url} a SPARQL 1.1" in err


def test_malformed_results_are_one_line_on_the_app_page(monkeypatch) -> None:
    from streamlit.testing.v1 import AppTest

    with hostile(answering(b'{"head": {}}')) as url:
        monkeypatch.setenv("THREADLINE_DATA", MINI)
        monkeypatch.setenv("THREADLINE_STORE", "sparql")
        monkeypatch.setenv("THREADLINE_ENDPOINT", url)
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception, at.exception
    message = at.error[0].value
    assert "did not return SPARQL JSON results (head.vars is missing" in message
    assert "\n" not in message


def test_a_count_that_is_not_a_number_is_one_line(capsys) -> None:
    with hostile(answering(results(["n"], ["abc"]))) as url:
        remote = RemoteDataset(Endpoint.from_url(url))
        for count in (len, RemoteDataset.graph_count):
            with pytest.raises(QueryError, match=r"answered a count that is not a number: 'abc'"):
                count(remote)
        code = main(["--store", "sparql", "--endpoint", url, "stats"])
    assert "answered a count that is not a number: 'abc'" in one_line_error(capsys, code)


@pytest.mark.parametrize("timeout", ["-1", "0", "nan", "inf"])
def test_a_timeout_must_be_positive_seconds(timeout: str, mini_build: BuildResult, capsys) -> None:
    code = main(push_args("http://127.0.0.1:1/query", mini_build, "--timeout", timeout))
    err = capsys.readouterr().err
    assert code == 1 and "Invalid value for '--timeout'" in err and "Traceback" not in err
    assert "is not a number of seconds above 0 — e.g. 60" in err
    with pytest.raises(StoreError, match="is not a number of seconds above 0"):
        Endpoint.from_url("http://127.0.0.1:1/query", timeout=float(timeout))


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://[::1:bad/query", "endpoint 'http://[::1:bad/query' is not a valid URL"),
        ("http://127.0.0.1:99999/query", "is not a valid URL (Port out of range"),
        ("ftp://127.0.0.1/query", "is not an http(s) URL — e.g. http://127.0.0.1:7878/query"),
        ("http://bob:s3cret@127.0.0.1/query", "the endpoint URL carries credentials — remove"),
    ],
    ids=["bad-ipv6", "bad-port", "not-http", "credentials"],
)
def test_a_bad_endpoint_url_is_one_line(
    url: str, message: str, mini_build: BuildResult, capsys
) -> None:
    for args in (["--store", "sparql", "--endpoint", url, "stats"], push_args(url, mini_build)):
        err = one_line_error(capsys, main(args))
        assert message in err and "s3cret" not in err


def test_a_server_that_is_not_http_is_one_line() -> None:
    def garbage(handler: Handler, *_: object) -> None:
        handler.wfile.write(b"SSH-2.0-OpenSSH_9.2\r\n")

    with hostile(garbage) as url, pytest.raises(StoreError) as caught:
        Endpoint.from_url(url, timeout=5).select("ASK {}")
    assert "did not answer with HTTP (BadStatusLine" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_push_library_call_checks_too(mini_build: BuildResult) -> None:
    with hostile(forgetful) as url, pytest.raises(StoreError, match="holds 0 triples in"):
        push(mini_build.dataset, Endpoint.from_url(url))
