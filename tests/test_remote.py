"""A real SPARQL server: push the graph, query it back, and fail clearly when the server does."""

from __future__ import annotations

import json
import os
import re
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from servers import VIRTUOSO, Server, free_port, oxigraph_server, virtuoso_server

from extract.cli import main
from graph import StoreError, run_query
from graph.remote import Endpoint, RemoteDataset, push

COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
QUOTE = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rel: <https://example.org/threadline/vocab/relation/>
SELECT ?exact WHERE { ?c rdf:predicate rel:holds_position ;
  prov:wasDerivedFrom/oa:hasSelector/oa:exact ?exact }"""


def servers() -> list:
    params = [pytest.param("oxigraph", id="oxigraph")]
    if VIRTUOSO or os.environ.get("CI"):
        params.append(pytest.param("virtuoso", id="virtuoso"))
    return params


@pytest.fixture(scope="module", params=servers())
def server(request, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp(request.param)
    start = oxigraph_server if request.param == "oxigraph" else virtuoso_server
    with start(folder) as running:
        yield running


@pytest.fixture
def endpoint(server: Server, monkeypatch: pytest.MonkeyPatch) -> Endpoint:
    if server.user:
        monkeypatch.setenv("THREADLINE_SPARQL_USER", server.user)
        monkeypatch.setenv("THREADLINE_SPARQL_PASSWORD", server.password or "")
    return Endpoint.from_url(server.query_url, server.store_url, timeout=30)


def ours(result) -> dict[str, int]:
    return {g: int(n) for g, n in result.rows if "example.org/threadline" in g}


def test_push_is_idempotent_and_keeps_every_triple(endpoint: Endpoint, mini_build) -> None:
    first = push(mini_build.dataset, endpoint)
    assert sum(p.triples for p in first) == len(mini_build.dataset)
    counts = ours(endpoint.select(COUNTS))
    assert counts == {p.graph: p.triples for p in first}
    assert push(mini_build.dataset, endpoint) == first
    assert ours(endpoint.select(COUNTS)) == counts


def test_remote_query_gives_the_local_rows(endpoint: Endpoint, mini_build) -> None:
    push(mini_build.dataset, endpoint)
    remote = RemoteDataset(endpoint)
    assert remote.select(QUOTE).rows == run_query(mini_build.dataset, QUOTE).rows
    # a query naming its own dataset keeps it
    mine = QUOTE.replace("SELECT ?exact", "SELECT ?exact FROM <urn:threadline:nothing>")
    assert remote.select(mine).rows == ()


def test_cli_push(endpoint: Endpoint, server: Server, mini_build, capsys) -> None:
    code = main(
        [
            "--data",
            str(Path(__file__).parent / "data" / "mini"),
            "--graph",
            str(mini_build.output),
            "push",
            "--endpoint",
            server.query_url,
            "--graph-store",
            server.store_url,
        ]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "replaced https://example.org/threadline/id/graph/mini (276 triples)" in out


def test_unreachable_endpoint_is_one_line(mini_build, capsys) -> None:
    port = free_port()  # bound, then closed again: nothing listens there
    code = main(
        [
            "--data",
            str(Path(__file__).parent / "data" / "mini"),
            "--graph",
            str(mini_build.output),
            "push",
            "--endpoint",
            f"http://127.0.0.1:{port}/query",
        ]
    )
    err = capsys.readouterr().err
    assert code == 1 and err.startswith(f"error: cannot reach 127.0.0.1:{port}:")
    assert "is the server running?" in err and err.count("\n") == 1


def test_silent_server_times_out() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted: list[socket.socket] = []
    thread = threading.Thread(target=lambda: accepted.append(listener.accept()[0]), daemon=True)
    thread.start()
    port = listener.getsockname()[1]
    try:
        with pytest.raises(StoreError, match=r"did not answer within 0.5 s"):
            Endpoint.from_url(f"http://127.0.0.1:{port}/query", timeout=0.5).select("ASK {}")
    finally:
        for conn in accepted:
            conn.close()
        listener.close()


def test_credentials_come_from_the_environment_and_never_show(monkeypatch) -> None:
    monkeypatch.setenv("THREADLINE_SPARQL_USER", "alice")
    monkeypatch.setenv("THREADLINE_SPARQL_PASSWORD", "s3cret")
    endpoint = Endpoint.from_url("http://127.0.0.1:1/query")
    assert endpoint.credentials == ("alice", "s3cret")
    assert "s3cret" not in repr(endpoint)


def test_not_a_url() -> None:
    with pytest.raises(StoreError, match="is not an http"):
        Endpoint.from_url("localhost:7878")


def test_missing_credentials_are_explained(server: Server, mini_build, monkeypatch) -> None:
    if not server.user:
        pytest.skip(f"{server.name} takes uploads without credentials")
    monkeypatch.delenv("THREADLINE_SPARQL_USER", raising=False)
    endpoint = Endpoint.from_url(server.query_url, server.store_url)
    with pytest.raises(
        StoreError, match=r"refused the request \(401\) — set THREADLINE_SPARQL_USER"
    ):
        push(mini_build.dataset, endpoint)


@pytest.mark.parametrize(
    "command",
    [
        ["timeline", "--entity", "Mahmoud Khalil", "--format", "json"],
        ["entity", "Marco Rubio", "--format", "json"],
        ["path", "Marco Rubio", "Mahmoud Khalil", "--format", "json"],
        ["search", "ozturk", "--format", "json"],
        ["query", "SELECT ?l WHERE { ?e a schema:Person ; rdfs:label ?l } ORDER BY ?l"],
    ],
    ids=["timeline", "entity", "path", "search", "query"],
)
def test_remote_store_gives_the_same_rows(
    endpoint: Endpoint, server: Server, mini_build, capsys, command: list[str]
) -> None:
    push(mini_build.dataset, endpoint)
    data = str(Path(__file__).parent / "data" / "mini")
    assert main(["--data", data, "--graph", str(mini_build.output), *command]) == 0
    local = capsys.readouterr().out
    remote_args = ["--data", data, "--store", "sparql", "--endpoint", server.query_url]
    assert main([*remote_args, *command]) == 0, capsys.readouterr().err
    assert capsys.readouterr().out == local


def test_remote_store_errors_are_one_line(server: Server, endpoint: Endpoint, capsys) -> None:
    code = main(["--store", "sparql", "--endpoint", server.query_url, "query", "SELEC ?x"])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("error: ") and err.count("\n") == 1
    assert main(["--store", "sparql", "query", "ASK {}"]) == 1
    assert "--store sparql needs --endpoint URL" in capsys.readouterr().err


def test_questions_about_one_entity_fetch_only_its_surroundings(endpoint: Endpoint, mini_build):
    from graph import GraphView
    from graph.lazy import LazyView
    from graph.remote import RemoteDataset

    push(mini_build.dataset, endpoint)
    lazy = LazyView(RemoteDataset(endpoint))
    near = lazy.focus(["Mahmoud Khalil"], 1).projection.graph
    full = GraphView(mini_build.dataset).projection.graph
    assert set(near) == {"mahmoud-khalil", "columbia-university", "khalil-arrest"}
    assert set(near) < set(full)
    both = lazy.focus(["Marco Rubio", "Mahmoud Khalil"], 1).projection.graph
    assert {"marco-rubio", "us-department-of-state", "mahmoud-khalil"} <= set(both)


def test_search_on_a_remote_store_fetches_names_only(endpoint: Endpoint, mini_build) -> None:
    from graph import search
    from graph.lazy import LazyView
    from graph.remote import RemoteDataset

    push(mini_build.dataset, endpoint)
    view = LazyView(RemoteDataset(endpoint))
    assert [h.id for h in search(view, "ozturk")] == ["rumeysa-ozturk", "ozturk-detention"]
    assert view.projected == [2]  # the two hits, for their types


def test_the_app_on_a_sparql_server(
    endpoint: Endpoint, server: Server, monkeypatch, whole_projections: list
) -> None:
    from streamlit.testing.v1 import AppTest

    from extract import build

    root = Path(__file__).resolve().parent.parent
    push(build(root / "tests" / "data" / "mini", None).dataset, endpoint)
    monkeypatch.setenv("THREADLINE_DATA", str(root / "tests" / "data" / "mini"))
    monkeypatch.setenv("THREADLINE_STORE", "sparql")
    monkeypatch.setenv("THREADLINE_ENDPOINT", server.query_url)
    at = AppTest.from_file(str(root / "app.py"), default_timeout=120)
    at.switch_page("app_pages/entity.py")
    at.query_params["entity"] = "marco-rubio"
    at.run()
    assert not at.exception, at.exception
    assert at.header[0].value == "Marco Rubio"
    assert "Graph store: SPARQL server · fetches only what each page shows" in [
        c.value for c in at.sidebar.caption
    ]
    # every page works on the server, and none pulls the whole graph across the network
    for page in ("overview", "timeline", "relations", "reader", "stories", "query", "data"):
        at.switch_page(f"app_pages/{page}.py").run()
        assert not at.exception, (page, at.exception)
        assert not at.error, (page, [e.value for e in at.error])
    assert whole_projections == []


def test_the_app_says_when_the_server_is_down(monkeypatch) -> None:
    from streamlit.testing.v1 import AppTest

    port = free_port()  # nothing listens there
    root = Path(__file__).resolve().parent.parent
    monkeypatch.setenv("THREADLINE_DATA", str(root / "tests" / "data" / "mini"))
    monkeypatch.setenv("THREADLINE_STORE", "sparql")
    monkeypatch.setenv("THREADLINE_ENDPOINT", f"http://127.0.0.1:{port}/query")
    at = AppTest.from_file(str(root / "app.py"), default_timeout=120).run()
    assert not at.exception
    assert f"cannot reach 127.0.0.1:{port}" in at.error[0].value


def test_an_upload_answers_the_challenge_before_its_body(endpoint: Endpoint) -> None:
    """Virtuoso answers 401 before reading a large body and resets the connection; so an upload
    fetches the challenge with a body-less request and carries its answer."""
    import urllib.request

    url = f"{endpoint.store_url}?graph=urn%3Athreadline%3Aprobe"
    request = urllib.request.Request(url, data=b"x" * 4_000_000, method="PUT")
    endpoint.authorize(request)
    header = request.unredirected_hdrs.get("Authorization", "")
    if endpoint.credentials is None:  # Oxigraph here: no challenge, nothing to answer
        assert header == ""
    else:
        assert header.startswith("Digest ") and 'uri="/sparql-graph-crud-auth?graph=' in header


def test_the_issue_scenario_on_a_plain_server(server: Server, mini_build, capsys) -> None:
    """Issue 10: after `push`, a server as it comes out of the box (Oxigraph without
    --union-default-graph) answers stats, search and timeline with the local answers."""
    data = str(Path(__file__).parent / "data" / "mini")
    if server.user:
        os.environ["THREADLINE_SPARQL_USER"] = server.user
        os.environ["THREADLINE_SPARQL_PASSWORD"] = server.password or ""
    try:
        push_args = ["push", "--endpoint", server.query_url, "--graph-store", server.store_url]
        assert main(["--data", data, "--graph", str(mini_build.output), *push_args]) == 0
        assert "checked: the server holds 905 triples in 3 graphs, as sent" in (
            capsys.readouterr().out
        )
    finally:
        os.environ.pop("THREADLINE_SPARQL_USER", None)
        os.environ.pop("THREADLINE_SPARQL_PASSWORD", None)
    remote = ["--data", data, "--store", "sparql", "--endpoint", server.query_url]
    local = ["--data", data, "--graph", str(mini_build.output)]
    for command in (
        ["stats"],
        ["search", "khalil", "--format", "json"],
        ["timeline", "--entity", "Mahmoud Khalil", "--format", "json"],
    ):
        assert main([*remote, *command]) == 0, capsys.readouterr().err
        answer = capsys.readouterr().out
        assert main([*local, *command]) == 0
        assert answer == capsys.readouterr().out, command
        assert "unknown" not in answer
    assert main([*remote, "stats"]) == 0
    stats = capsys.readouterr().out
    assert re.search(r"^entities +[1-9]\d*$", stats, re.M), stats
    assert main([*remote, "search", "khalil", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)
    assert main([*remote, "timeline", "--entity", "Mahmoud Khalil", "--format", "json"]) == 0
    assert "Arrest of Mahmoud Khalil" in capsys.readouterr().out


@pytest.mark.parametrize("name", [p.values[0] for p in servers()])
def test_a_server_without_a_threadline_graph_says_so(
    name: str, tmp_path: Path, monkeypatch, capsys
) -> None:
    from streamlit.testing.v1 import AppTest

    start = oxigraph_server if name == "oxigraph" else virtuoso_server
    root = Path(__file__).resolve().parent.parent
    with start(tmp_path) as empty:
        message = (
            f"{empty.query_url} holds no Threadline graph — load one with "
            f"`threadline push --endpoint {empty.query_url}`"
        )
        for command in (["stats"], ["search", "khalil"], ["query", "SELECT * WHERE {}"]):
            code = main(["--store", "sparql", "--endpoint", empty.query_url, *command])
            assert (code, capsys.readouterr().err) == (1, f"error: {message}\n"), command
        monkeypatch.setenv("THREADLINE_DATA", str(root / "tests" / "data" / "mini"))
        monkeypatch.setenv("THREADLINE_STORE", "sparql")
        monkeypatch.setenv("THREADLINE_ENDPOINT", empty.query_url)
        at = AppTest.from_file(str(root / "app.py"), default_timeout=120).run()
    assert not at.exception, at.exception
    assert at.error[0].value == message
