"""A remote SPARQL 1.1 endpoint: queries over HTTP and uploads with the Graph Store Protocol.

Credentials come from the environment (``THREADLINE_SPARQL_USER``, ``THREADLINE_SPARQL_PASSWORD``),
never from the command line, and never appear in messages. Basic and Digest authentication are
both answered (Oxigraph behind a proxy, Virtuoso's ``/sparql-graph-crud-auth``).
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import json
import math
import os
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from email.message import Message
from typing import Any

from rdflib import Dataset, Graph, URIRef

from .errors import QueryError, StoreError
from .namespaces import KG, IriMinter
from .records import QueryResult

USER_ENV, PASSWORD_ENV = "THREADLINE_SPARQL_USER", "THREADLINE_SPARQL_PASSWORD"
MAX_MB_ENV, TIMEOUT_ENV = "THREADLINE_SPARQL_MAX_MB", "THREADLINE_SPARQL_TIMEOUT"
TIMEOUT = 30.0
"""Seconds a request may take, its whole reply included (or ``$THREADLINE_SPARQL_TIMEOUT``)."""
MAX_MB = 256
"""The largest reply read from a server, in MB (or ``$THREADLINE_SPARQL_MAX_MB``)."""
META_GRAPH = "threadline-vocabulary"  # where the default graph (vocabulary, documents) is pushed
PROV_BUNDLE = "http://www.w3.org/ns/prov#Bundle"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
# the graphs `push` wrote: the meta graph holds one prov:Bundle per source, named as its graph;
# an index lookup on (rdf:type, prov:Bundle), one row per source, at any store size
Q_PUSHED = f"""SELECT DISTINCT ?meta ?source WHERE {{ GRAPH ?meta {{
  ?source a <{PROV_BUNDLE}> ; <{PROV_DERIVED}> ?doc . ?doc <{KG.textSha256}> ?sha }} }}"""
TERM_TYPES = frozenset({"uri", "literal", "typed-literal", "bnode", "triple"})  # typed-: Virtuoso
_CHUNK = 1 << 16


def _host(url: str) -> str:
    """``host:port`` of a URL, never its user information."""
    return urllib.parse.urlsplit(url).netloc.rpartition("@")[2]


def _shown(url: str) -> str:
    """A URL as messages show it: without user information."""
    parts = urllib.parse.urlsplit(url)
    return parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()


def _check_url(url: str, what: str) -> None:
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError on a bad port)
    except ValueError as exc:
        raise StoreError(
            f"{what} {url!r} is not a valid URL ({exc}) — e.g. http://127.0.0.1:7878/query"
        ) from None
    if "@" in parts.netloc:
        raise StoreError(
            f"the {what} URL carries credentials — remove them from it and set {USER_ENV} and "
            f"{PASSWORD_ENV} instead"
        )
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"{what} {url!r} is not an http(s) URL — e.g. http://127.0.0.1:7878/query")


def check_timeout(seconds: object) -> float:
    """A timeout in seconds: a finite number above 0, else StoreError.

    >>> check_timeout(2)
    2.0
    """
    try:
        value = float(seconds)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise StoreError(
            f"timeout {seconds!r} is not a number of seconds above 0 — e.g. 30 "
            f"(push --timeout, ${TIMEOUT_ENV})"
        )
    return value


def _max_bytes() -> int:
    raw = os.environ.get(MAX_MB_ENV, "").strip()
    try:
        mb = float(raw) if raw else MAX_MB
    except ValueError:
        mb = math.nan
    if not (math.isfinite(mb) and mb > 0):
        raise StoreError(f"${MAX_MB_ENV}={raw!r} is not a size in MB above 0 — e.g. {MAX_MB}")
    return int(mb * 2**20)


class _Deadline:
    """The sockets of one request, shut down when its time is up: a socket timeout bounds each
    read, this bounds the whole exchange (connect, send, every byte of the reply)."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def remaining(self) -> float:
        return max(self.end - time.monotonic(), 0.001)

    def watch(self, sock: socket.socket) -> socket.socket:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)
        return sock

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._timer.cancel()


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)


def _watched(base: type[http.client.HTTPConnection], deadline: _Deadline) -> Callable[..., Any]:
    """A connection class of ``base`` whose sockets ``deadline`` shuts down."""

    class Connection(base):  # type: ignore[valid-type, misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._create_connection = lambda *a, **k: deadline.watch(
                socket.create_connection(*a, **k)
            )

        def connect(self) -> None:
            super().connect()
            deadline.watch(self.sock)  # the TLS socket, for https

    return Connection


class _HTTP(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_watched(http.client.HTTPConnection, self.deadline), req)


class _HTTPS(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_watched(http.client.HTTPSConnection, self.deadline), req)


@dataclass(frozen=True)
class Reply:
    """What a server answered: status, headers and the body (read whole, within the limits)."""

    status: int
    headers: Message
    body: bytes

    def first_line(self) -> str:
        lines = self.body.decode("utf-8", "replace").strip().splitlines()
        return " ".join(lines[0].split())[:200] if lines else ""


def _term(value: object) -> str | None:
    """The string of one JSON result term, or None if it is not a term."""
    if not isinstance(value, dict) or value.get("type") not in TERM_TYPES:
        return None
    if value["type"] == "triple" and isinstance(value.get("value"), dict):  # RDF-star
        parts = [_term(value["value"].get(k)) for k in ("subject", "predicate", "object")]
        return None if None in parts else f"<< {' '.join(p or '' for p in parts)} >>"
    text = value.get("value")
    return text if isinstance(text, str) else None


def parse_results(body: bytes, limit: int | None = None) -> QueryResult:
    """Rows of a SPARQL 1.1 Query Results JSON document, checked strictly.

    Raises ``ValueError`` saying what is wrong with its shape.

    >>> parse_results(b'{"head": {"vars": ["x"]}, "results": {"bindings": '
    ...               b'[{"x": {"type": "literal", "value": "1"}}, {}]}}').rows
    (('1',), ('',))
    >>> parse_results(b'{"head": {}}')
    Traceback (most recent call last):
    ValueError: head.vars is missing or not a list of names
    """
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError):
        start = body.lstrip()[:1]
        got = "HTML" if start == b"<" else "an empty reply" if not start else "text"
        raise ValueError(f"not JSON but {got}") from None
    if not isinstance(payload, dict):
        raise ValueError(f"a JSON {type(payload).__name__}, not an object")
    if "boolean" in payload:
        if not isinstance(payload["boolean"], bool):
            raise ValueError("boolean is not true or false")
        return QueryResult(("ask",), ((str(payload["boolean"]).lower(),),))
    head = payload.get("head")
    names = head.get("vars") if isinstance(head, dict) else None
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ValueError("head.vars is missing or not a list of names")
    results = payload.get("results")
    bindings = results.get("bindings") if isinstance(results, dict) else None
    if not isinstance(bindings, list):
        raise ValueError("results.bindings is missing or not a list")
    columns = tuple(names)
    rows = []
    for i, binding in enumerate(bindings):
        if not isinstance(binding, dict):
            raise ValueError(f"binding {i} is not an object")
        row = []
        for c in columns:
            if c not in binding:
                row.append("")
                continue
            text = _term(binding[c])
            if text is None:
                raise ValueError(f"binding {i} of ?{c} is not a {{type, value}} term")
            row.append(text)
        rows.append(tuple(row))
        if limit is not None and len(rows) >= limit:
            break
    return QueryResult(columns, tuple(rows))


@dataclass(frozen=True)
class Endpoint:
    """Where a remote store answers queries and takes uploads.

    ``timeout`` bounds each whole request (connect, send, the full reply), ``max_bytes`` the
    size of a reply.
    """

    query_url: str
    store_url: str
    timeout: float = TIMEOUT
    credentials: tuple[str, str] | None = field(default=None, repr=False)
    max_bytes: int = MAX_MB * 2**20

    @classmethod
    def from_url(
        cls, url: str, store_url: str | None = None, timeout: float | None = None
    ) -> Endpoint:
        """An endpoint from its query URL; the Graph Store URL is guessed for known servers.
        Without a ``timeout``, ``$THREADLINE_SPARQL_TIMEOUT`` or :data:`TIMEOUT` seconds.

        >>> Endpoint.from_url("http://127.0.0.1:7878/query").store_url
        'http://127.0.0.1:7878/store'
        >>> Endpoint.from_url("http://127.0.0.1:8890/sparql").store_url
        'http://127.0.0.1:8890/sparql-graph-crud-auth'
        """
        _check_url(url, "endpoint")
        if store_url is None:
            base = url.rstrip("/")
            if base.endswith("/query"):
                store_url = base[: -len("/query")] + "/store"
            elif base.endswith("/sparql"):
                store_url = base + "-graph-crud-auth"
            else:
                store_url = base + "/store"
        else:
            _check_url(store_url, "graph store")
        user, password = os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)
        credentials = (user, password or "") if user else None
        if timeout is None:
            timeout = os.environ.get(TIMEOUT_ENV, "").strip() or TIMEOUT  # type: ignore[assignment]
        return cls(url, store_url, check_timeout(timeout), credentials, _max_bytes())

    def _passwords(self) -> urllib.request.HTTPPasswordMgrWithDefaultRealm:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        if self.credentials is not None:
            for url in (self.query_url, self.store_url):
                manager.add_password(None, url, *self.credentials)
        return manager

    def _opener(self, deadline: _Deadline, auth: bool = True) -> urllib.request.OpenerDirector:
        handlers: list[urllib.request.BaseHandler] = [_HTTP(deadline), _HTTPS(deadline)]
        if auth and self.credentials is not None:
            manager = self._passwords()
            handlers += [
                urllib.request.HTTPBasicAuthHandler(manager),
                urllib.request.HTTPDigestAuthHandler(manager),
            ]
        return urllib.request.build_opener(*handlers)

    def exchange(self, request: urllib.request.Request, *, auth: bool = True) -> Reply:
        """Send a request within :attr:`timeout` and read its whole reply, whatever its status.

        Raises StoreError, in one line naming the server (never a password), when the server
        cannot be reached, is too slow, does not speak HTTP or sends more than
        :attr:`max_bytes`.
        """
        where = _host(request.full_url)
        with _Deadline(self.timeout) as deadline:
            try:
                try:
                    response = self._opener(deadline, auth).open(
                        request, timeout=deadline.remaining()
                    )
                except urllib.error.HTTPError as exc:  # a status of 400 and above
                    response = exc
                with response:
                    status = response.status if response.status is not None else 0
                    reply = Reply(status, response.headers, self._read(response, where))
            except (OSError, http.client.HTTPException, ValueError) as exc:
                if deadline.expired or isinstance(exc, TimeoutError):
                    raise self._late(where) from None
                if isinstance(exc, urllib.error.URLError):
                    if isinstance(exc.reason, TimeoutError):
                        raise self._late(where) from None
                    reason = exc.reason
                else:
                    reason = " ".join(str(exc).split()) or type(exc).__name__
                if isinstance(exc, http.client.HTTPException | ValueError):
                    raise StoreError(
                        f"{where} did not answer with HTTP ({type(exc).__name__}: {reason}) "
                        "— is this the URL of a SPARQL server?"
                    ) from None
                raise StoreError(
                    f"cannot reach {where}: {reason} — is the server running?"
                ) from None
            if deadline.expired:  # the reply was cut short at the deadline
                raise self._late(where)
        return reply

    def _late(self, where: str) -> StoreError:
        return StoreError(
            f"{where} did not answer within {self.timeout:g} s — check that the server is up "
            f"and not overloaded, or allow more time (push --timeout, ${TIMEOUT_ENV})"
        )

    def _read(self, response: Any, where: str) -> bytes:
        too_big = StoreError(
            f"{where} sent more than {self.max_bytes / 2**20:g} MB — ask for less (a LIMIT), "
            f"or raise ${MAX_MB_ENV}"
        )
        length = response.headers.get("Content-Length", "")
        if length.strip().isdigit() and int(length) > self.max_bytes:
            raise too_big
        chunks, size = [], 0
        while chunk := response.read(_CHUNK):
            size += len(chunk)
            if size > self.max_bytes:
                raise too_big
            chunks.append(chunk)
        return b"".join(chunks)

    def authorize(self, request: urllib.request.Request) -> None:
        """Answer the server's challenge before a large body is sent.

        Left to itself, urllib sends the body, gets a 401 and sends it again with credentials;
        a server that answers 401 before reading a large body and closes the connection (Virtuoso
        does) resets it under the client's feet. So a body-less request fetches the challenge
        first, and the upload carries its answer (Digest or Basic).
        """
        if self.credentials is None or request.data is None:
            return
        probe = urllib.request.Request(request.full_url, method="GET")
        try:
            reply = self.exchange(probe, auth=False)
        except StoreError:
            return  # the upload itself will report what is wrong
        challenge = reply.headers.get("WWW-Authenticate", "") if reply.status == 401 else ""
        scheme, _, params = challenge.partition(" ")
        if scheme.lower() == "digest":
            digest = urllib.request.HTTPDigestAuthHandler(self._passwords())
            fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(params))
            answer = digest.get_authorization(request, fields)
            if answer:
                request.add_unredirected_header("Authorization", f"Digest {answer}")
        elif scheme.lower() == "basic":
            user, password = self.credentials
            token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
            request.add_unredirected_header("Authorization", f"Basic {token}")

    def request(self, request: urllib.request.Request) -> bytes:
        """Send a request; return the body of a 2xx reply. Every failure is one line naming the
        server, not the password."""
        reply = self.exchange(request)
        where = _host(request.full_url)
        if reply.status in (401, 403):
            raise StoreError(
                f"{where} refused the request ({reply.status}) — set {USER_ENV} and "
                f"{PASSWORD_ENV} for a user allowed to do this"
            )
        if not 200 <= reply.status < 300:
            detail = reply.first_line() or http.client.responses.get(reply.status, "")
            raise QueryError(f"{where} answered {reply.status}: {detail}")
        return reply.body

    def select(
        self, query: str, limit: int | None = None, graphs: Sequence[str] = ()
    ) -> QueryResult:
        """Run a SELECT or ASK query; rows as plain strings.

        ``graphs`` name the query's dataset (SPARQL 1.1 Protocol ``default-graph-uri`` and
        ``named-graph-uri``): its default graph is their merge, and ``GRAPH ?g`` sees them.
        """
        form = [("query", query)]
        form += [("default-graph-uri", g) for g in graphs]
        form += [("named-graph-uri", g) for g in graphs]
        request = urllib.request.Request(
            self.query_url,
            data=urllib.parse.urlencode(form).encode(),
            headers={
                "Accept": "application/sparql-results+json",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        body = self.request(request)
        try:
            return parse_results(body, limit)
        except ValueError as exc:
            raise QueryError(
                f"{_host(self.query_url)} did not return SPARQL JSON results ({exc}) — is "
                f"{_shown(self.query_url)} a SPARQL 1.1 query endpoint?"
            ) from None

    def count(self, query: str, graphs: Sequence[str] = ()) -> int:
        """The number a ``SELECT (COUNT(...) AS ?n)`` query answers."""
        rows = self.select(query, graphs=graphs).rows
        value = rows[0][0] if rows and rows[0] else "0"
        try:
            return int(value)
        except ValueError:
            raise QueryError(
                f"{_host(self.query_url)} answered a count that is not a number: "
                f"{value[:40]!r} — is {_shown(self.query_url)} a SPARQL 1.1 query endpoint?"
            ) from None

    def graph_size(self, name: str) -> int:
        """How many triples the named graph ``name`` holds on the server."""
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}"
        return self.count(query, graphs=[name])

    def put_graph(self, name: str, graph: Graph) -> None:
        """Replace one named graph (Graph Store Protocol PUT: atomic on the server)."""
        body = graph.serialize(format="nt", encoding="utf-8")
        url = f"{self.store_url}?{urllib.parse.urlencode({'graph': name})}"
        request = urllib.request.Request(
            url, data=body, method="PUT", headers={"Content-Type": "text/turtle; charset=utf-8"}
        )
        self.authorize(request)
        self.request(request)


@dataclass(frozen=True)
class Pushed:
    graph: str
    triples: int


def push(ds: Dataset, endpoint: Endpoint, minter: IriMinter | None = None) -> list[Pushed]:
    """Upload every graph of ``ds``: one named graph per source, replacing each atomically; then
    read each graph's size back from the server.

    The default graph (vocabulary and source documents) goes to a named graph of its own, last:
    its ``prov:Bundle`` nodes, one per source, tell :class:`RemoteDataset` which graphs to read.
    Running it again changes nothing.

    Raises
    ------
    StoreError
        The server cannot be reached, refuses the upload, or does not hold what was sent.
    """
    minter = minter or IriMinter()
    uploads: list[tuple[str, Graph]] = []
    meta: list[tuple[str, Graph]] = []
    for g in ds.graphs():
        if not len(g):
            continue
        name = str(g.identifier)
        if isinstance(g.identifier, URIRef) and name.startswith("urn:x-rdflib:default"):
            meta.append((str(minter.graph(META_GRAPH)), g))
        else:
            uploads.append((name, g))
    done = []
    for name, g in sorted(uploads, key=lambda u: u[0]) + meta:
        endpoint.put_graph(name, g)
        done.append(Pushed(name, len(g)))
    for pushed in done:
        stored = endpoint.graph_size(pushed.graph)
        if stored != pushed.triples:
            raise StoreError(
                f"{_host(endpoint.query_url)} holds {stored} triples in {pushed.graph} after "
                f"the upload of {pushed.triples} — is {_shown(endpoint.store_url)} its Graph "
                "Store Protocol URL, and does it store what it takes?"
            )
    return sorted(done, key=lambda p: p.graph)


_NOT_CLAUSES = re.compile(
    r"'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"|<[^<>\s]*>|#[^\n]*",
    re.S,
)


def names_its_dataset(query: str) -> bool:
    """Whether a query has its own ``FROM`` / ``FROM NAMED`` clauses (comments, strings and IRIs
    aside).

    >>> names_its_dataset("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }")
    True
    >>> names_its_dataset('SELECT * WHERE { ?s ?p "FROM <x>" } # FROM <y>')
    False
    """
    bare = _NOT_CLAUSES.sub(" ", query)
    return re.search(r"(?<![\w:?$-])FROM\b", bare, re.I) is not None


class RemoteDataset:
    """A built graph that lives on a SPARQL server: every query goes there, nothing is copied.

    The query functions (``graph.timeline``, ``graph.path``...) accept it where they take a
    Dataset; only SELECT and ASK queries can be answered, and RDF exports need a local build.
    Each query names the graphs `threadline push` wrote (found once, see :meth:`graphs`), so a
    server's default configuration answers it; a query with its own ``FROM`` keeps its dataset.
    """

    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint
        self.store = None
        self._graphs: tuple[str, ...] | None = None

    def __repr__(self) -> str:
        return f"RemoteDataset({self.endpoint.query_url})"

    def namespaces(self) -> list[tuple[str, object]]:
        return list(IriMinter().prefixes().items())

    def graphs(self) -> tuple[str, ...]:
        """The graphs `threadline push` wrote: the meta graph and the sources' graphs its
        ``prov:Bundle`` nodes name. Asked once (one row per source), then kept.

        Raises
        ------
        StoreError
            The server holds no Threadline graph.
        """
        if self._graphs is None:
            found = {term for row in self.endpoint.select(Q_PUSHED).rows for term in row}
            if not found:
                url = _shown(self.endpoint.query_url)
                raise StoreError(
                    f"{url} holds no Threadline graph — load one with "
                    f"`threadline push --endpoint {url}`"
                )
            self._graphs = tuple(sorted(found))
        return self._graphs

    def select(self, text: str, limit: int | None = None) -> QueryResult:
        if re.search(r"^\s*(?:PREFIX[^\n]*\n\s*)*(CONSTRUCT|DESCRIBE)\b", text, re.I | re.M):
            raise QueryError("a remote store answers SELECT and ASK queries only")
        graphs = () if names_its_dataset(text) else self.graphs()
        return self.endpoint.select(text, limit, graphs)

    def __len__(self) -> int:
        """The triples `threadline push` put there: those in its graphs (a server's own graphs,
        such as Virtuoso's system graphs, are not counted)."""
        query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        return self.endpoint.count(query, self.graphs())

    def graph_count(self) -> int:
        query = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        return self.endpoint.count(query, self.graphs())
