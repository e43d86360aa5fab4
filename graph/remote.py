"""A remote SPARQL 1.1 endpoint: queries over HTTP and uploads with the Graph Store Protocol.

Credentials come from the environment (``THREADLINE_SPARQL_USER``, ``THREADLINE_SPARQL_PASSWORD``),
never from the command line, and never appear in messages. Basic and Digest authentication are
both answered (Oxigraph behind a proxy, Virtuoso's ``/sparql-graph-crud-auth``).
"""

from __future__ import annotations

import base64
import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from rdflib import Dataset, Graph, URIRef

from .errors import QueryError, StoreError
from .records import QueryResult
from .vocab import IriMinter

USER_ENV, PASSWORD_ENV = "THREADLINE_SPARQL_USER", "THREADLINE_SPARQL_PASSWORD"
META_GRAPH = "threadline-vocabulary"  # where the default graph (vocabulary, documents) is pushed


@dataclass(frozen=True)
class Endpoint:
    """Where a remote store answers queries and takes uploads."""

    query_url: str
    store_url: str
    timeout: float = 30.0
    credentials: tuple[str, str] | None = field(default=None, repr=False)

    @classmethod
    def from_url(cls, url: str, store_url: str | None = None, timeout: float = 30.0) -> Endpoint:
        """An endpoint from its query URL; the Graph Store URL is guessed for known servers.

        >>> Endpoint.from_url("http://127.0.0.1:7878/query").store_url
        'http://127.0.0.1:7878/store'
        >>> Endpoint.from_url("http://127.0.0.1:8890/sparql").store_url
        'http://127.0.0.1:8890/sparql-graph-crud-auth'
        """
        parsed = urllib.parse.urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise StoreError(
                f"endpoint {url!r} is not an http(s) URL — e.g. http://127.0.0.1:7878/query"
            )
        if store_url is None:
            base = url.rstrip("/")
            if base.endswith("/query"):
                store_url = base[: -len("/query")] + "/store"
            elif base.endswith("/sparql"):
                store_url = base + "-graph-crud-auth"
            else:
                store_url = base + "/store"
        user, password = os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)
        return cls(url, store_url, timeout, (user, password or "") if user else None)

    def _passwords(self) -> urllib.request.HTTPPasswordMgrWithDefaultRealm:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        if self.credentials is not None:
            for url in (self.query_url, self.store_url):
                manager.add_password(None, url, *self.credentials)
        return manager

    def _opener(self) -> urllib.request.OpenerDirector:
        handlers: list[urllib.request.BaseHandler] = []
        if self.credentials is not None:
            manager = self._passwords()
            handlers += [
                urllib.request.HTTPBasicAuthHandler(manager),
                urllib.request.HTTPDigestAuthHandler(manager),
            ]
        return urllib.request.build_opener(*handlers)

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
            with urllib.request.urlopen(probe, timeout=self.timeout) as response:
                response.read()
            return  # no challenge: nothing to answer
        except urllib.error.HTTPError as exc:
            challenge = exc.headers.get("WWW-Authenticate", "") if exc.code == 401 else ""
            exc.read()
        except OSError:
            return  # the upload itself will report what is wrong
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
        """Send a request; every failure becomes one line naming the server, not the password."""
        where = urllib.parse.urlparse(request.full_url).netloc
        try:
            with self._opener().open(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            body = exc.read().decode("utf-8", "replace").strip().splitlines()
            detail = body[0][:200] if body else exc.reason
            if exc.code in (401, 403):
                raise StoreError(
                    f"{where} refused the request ({exc.code}) — set {USER_ENV} and "
                    f"{PASSWORD_ENV} for a user allowed to do this"
                ) from None
            raise QueryError(f"{where} answered {exc.code}: {detail}") from None
        except TimeoutError:
            raise StoreError(f"{where} did not answer within {self.timeout:g} s") from None
        except urllib.error.URLError as exc:
            raise StoreError(
                f"cannot reach {where}: {exc.reason} — is the server running?"
            ) from None

    def select(self, query: str, limit: int | None = None) -> QueryResult:
        """Run a SELECT or ASK query; rows as plain strings."""
        request = urllib.request.Request(
            self.query_url,
            data=urllib.parse.urlencode({"query": query}).encode(),
            headers={
                "Accept": "application/sparql-results+json",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        try:
            payload = json.loads(self.request(request))
        except json.JSONDecodeError:
            raise QueryError("the endpoint did not return SPARQL JSON results") from None
        if "boolean" in payload:
            return QueryResult(("ask",), ((str(bool(payload["boolean"])).lower(),),))
        columns = tuple(payload["head"]["vars"])
        rows = []
        for binding in payload["results"]["bindings"]:
            rows.append(tuple(binding.get(c, {}).get("value", "") for c in columns))
            if limit is not None and len(rows) >= limit:
                break
        return QueryResult(columns, tuple(rows))

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
    """Upload every graph of ``ds``: one named graph per source, replacing each atomically.

    The default graph (vocabulary and source documents) goes to a named graph of its own, so that
    a server querying the union of its graphs sees everything. Running it again changes nothing.
    """
    minter = minter or IriMinter()
    done = []
    for g in ds.graphs():
        if not len(g):
            continue
        name = str(g.identifier)
        if isinstance(g.identifier, URIRef) and name.startswith("urn:x-rdflib:default"):
            name = str(minter.graph(META_GRAPH))
        endpoint.put_graph(name, g)
        done.append(Pushed(name, len(g)))
    return sorted(done, key=lambda p: p.graph)


class RemoteDataset:
    """A built graph that lives on a SPARQL server: every query goes there, nothing is copied.

    The query functions (``graph.timeline``, ``graph.path``...) accept it where they take a
    Dataset; only SELECT and ASK queries can be answered, and RDF exports need a local build.
    """

    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint
        self.store = None

    def __repr__(self) -> str:
        return f"RemoteDataset({self.endpoint.query_url})"

    def namespaces(self) -> list[tuple[str, object]]:
        return list(IriMinter().prefixes().items())

    def select(self, text: str, limit: int | None = None) -> QueryResult:
        if re.search(r"^\s*(?:PREFIX[^\n]*\n\s*)*(CONSTRUCT|DESCRIBE)\b", text, re.I | re.M):
            raise QueryError("a remote store answers SELECT and ASK queries only")
        return self.endpoint.select(text, limit)

    def __len__(self) -> int:
        """The triples `threadline push` put there: those in its graphs (a server's own graphs,
        such as Virtuoso's system graphs, are not counted)."""
        rows = self.select(
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } " + self._ours + " }"
        ).rows
        return int(rows[0][0]) if rows else 0

    def graph_count(self) -> int:
        rows = self.select(
            "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } " + self._ours + " }"
        ).rows
        return int(rows[0][0]) if rows else 0

    @property
    def _ours(self) -> str:
        return "FILTER(STRSTARTS(STR(?g), STR(<" + IriMinter().base + ">)))"
