"""Read-only SPARQL is safe: no SERVICE calls, no updates, a time limit that stops the query,
bounded rows, and labels that cannot steer the terminal.

A real TCP listener on 127.0.0.1 counts the connections the query makes; a real child process
runs each query with a time limit, and the tests check it is gone afterwards.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDFS
from servers import oxigraph_server
from streamlit.testing.v1 import AppTest

import graph.sandbox
import graph.sparql
from extract.cli import main
from graph import QueryError, QueryTimeout, run_query
from graph.remote import Endpoint, RemoteDataset, push
from graph.sandbox import run_killable
from graph.store import copy_dataset, load_dataset, write_oxigraph_directory

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "data" / "mini"
SERVICE = (
    "SERVICE is not allowed: a query reads this graph only and never calls another endpoint "
    "— remove the SERVICE clause"
)
CROSS = "SELECT * WHERE {?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l}"
COUNT_CROSS = "SELECT (COUNT(*) AS ?n) WHERE {?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l}"
PEOPLE = "SELECT ?l WHERE { ?e a schema:Person ; rdfs:label ?l } ORDER BY ?l"
NAMES = (("Mahmoud Khalil",), ("Marco Rubio",), ("Rümeysa Öztürk",))


class Listener:
    """A TCP server on a free loopback port that accepts, counts and closes connections."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(64)
        self.socket.settimeout(0.1)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stopped.is_set():
            try:
                conn, _ = self.socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            conn.close()

    def settled(self) -> int:
        """The connections so far, after a pause for any that are on their way."""
        time.sleep(0.3)
        return self.connections

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join()
        self.socket.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.stop()


def service_queries(port: int) -> dict[str, str]:
    url = f"<http://127.0.0.1:{port}/sparql>"
    at = f"PREFIX : <http://127.0.0.1:{port}/> "
    return {
        "plain": f"SELECT * WHERE {{ SERVICE {url} {{ ?s ?p ?o }} }}",
        "silent": f"SELECT * WHERE {{ SERVICE SILENT {url} {{ ?s ?p ?o }} }}",
        "lower case": f"select * where {{ service silent {url} {{ ?s ?p ?o }} }}",
        "variable": f"SELECT * WHERE {{ BIND({url} AS ?u) SERVICE SILENT ?u {{ ?s ?p ?o }} }}",
        "nested": "SELECT * WHERE { ?x ?y ?z FILTER NOT EXISTS { OPTIONAL { { SERVICE SILENT "
        f"{url} {{ ?s ?p ?o }} }} }} }}",
        "after comments": f"# SERVICE in a comment\nPREFIX ex: <http://e/> # more\n"
        f"SELECT * WHERE {{ ?s ex:p 'x' . # }}\n SeRvIcE SILENT {url} {{ ?s ?p ?o }} }}",
        "unicode escape": f"SELECT * WHERE {{ \\u0053ERVICE SILENT {url} {{ ?s ?p ?o }} }}",
        "no spaces": f"SELECT*{{SERVICE SILENT{url}{{?s ?p ?o}}}}",
        "glued prefixed name": at + "SELECT * WHERE { SERVICE SILENT:sparql { ?s ?p ?o } }",
    }


def stores(mini_build, tmp_path: Path) -> dict[str, Dataset]:
    directory = write_oxigraph_directory(mini_build.output, tmp_path / "graph.oxigraph")
    return {
        "memory": mini_build.dataset,
        "oxigraph": copy_dataset(mini_build.dataset, "oxigraph"),
        "oxigraph-directory": load_dataset(directory, "oxigraph"),
    }


def children() -> set[int]:
    """This process's child processes, zombies included (from /proc)."""
    found: set[int] = set()
    for listing in Path(f"/proc/{os.getpid()}/task").glob("*/children"):
        found |= {int(pid) for pid in listing.read_text().split()}
    return found


def test_the_listener_sees_what_an_engine_does_without_the_check(listener: Listener) -> None:
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("o")))
    store.query(service_queries(listener.port)["silent"])  # pyoxigraph itself, unguarded
    assert listener.settled() >= 1


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
@pytest.mark.parametrize("timeout", [None, 10.0], ids=["in-process", "child"])
def test_service_is_refused_before_any_engine_sees_it(
    listener: Listener, mini_build, tmp_path: Path, store: str, timeout: float | None
) -> None:
    ds = stores(mini_build, tmp_path)[store]
    for name, query in service_queries(listener.port).items():
        with pytest.raises(QueryError) as caught:
            run_query(ds, query, timeout=timeout)
        assert str(caught.value) == SERVICE, name
    assert listener.settled() == 0


@pytest.mark.parametrize(
    ("query", "word"),
    [
        (
            "PREFIX : <http://127.0.0.1:9/> SELECT * WHERE { SERVICESILENT :x { ?s ?p ?o } }",
            "SERVICESILENT",
        ),
        (
            "PREFIX : <http://127.0.0.1:9/> SELECT * { ?s ?p trueservice:x { ?s ?p ?o } }",
            "trueservice:",
        ),
    ],
)
def test_a_word_an_engine_may_read_as_service_is_refused(query: str, word: str) -> None:
    with pytest.raises(QueryError) as caught:
        run_query(Dataset(), query)
    assert str(caught.value) == (
        f"{word!r} is not allowed: an engine may read the SERVICE in it as a call to another "
        "endpoint — rename it"
    )


def test_service_as_a_name_a_string_or_an_iri_is_allowed(mini_build) -> None:
    query = """PREFIX ex: <http://example.org/>
    SELECT ?service ?x WHERE { # SERVICE <http://127.0.0.1:9/> {}
      VALUES ?service { "SERVICE" 'service' '''SERVICE <x> {}''' <http://x/SERVICE> ex:service }
      OPTIONAL { ?service ex:service ?x } }"""
    rows = run_query(mini_build.dataset, query, timeout=10).rows
    assert [r[0] for r in rows] == [
        "SERVICE",
        "service",
        "SERVICE <x> {}",
        "http://x/SERVICE",
        "http://example.org/service",
    ]


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("# a comment\nPREFIX ex: <http://e/>\n  insert data { ex:a ex:b ex:c }", "INSERT"),
        ("WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH"),
        ("SELECT * WHERE { ?s ?p ?o } ; DROP ALL", "DROP"),
        ("PREFIX ex: <http://e/> LOAD <http://127.0.0.1:9/x.ttl>", "LOAD"),
    ],
)
def test_updates_are_refused_wherever_they_hide(mini_build, query: str, word: str) -> None:
    with pytest.raises(QueryError) as caught:
        run_query(mini_build.dataset, query)
    assert str(caught.value) == (
        "only read queries (SELECT, ASK, CONSTRUCT, DESCRIBE) are allowed — "
        f"{word} would change data; remove it"
    )


def test_update_words_inside_strings_are_data(mini_build) -> None:
    query = 'SELECT ?x WHERE { VALUES ?x { """one\nDELETE two""" } }'
    assert run_query(mini_build.dataset, query).rows == (("one\nDELETE two",),)


def test_the_cli_refuses_service(listener: Listener, mini_build, capsys) -> None:
    for store in ("memory", "oxigraph"):
        for query in service_queries(listener.port).values():
            args = ["--data", str(MINI), "--graph", str(mini_build.output), "--store", store]
            assert main([*args, "query", query]) == 1
            out, err = capsys.readouterr()
            assert out == "" and err == f"error: {SERVICE}\n"
    assert listener.settled() == 0


def open_query_page(monkeypatch: pytest.MonkeyPatch, sparql: str) -> AppTest:
    monkeypatch.setenv("THREADLINE_DATA", str(MINI))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.switch_page("app_pages/query.py")
    at.query_params["sparql"] = sparql
    return at.run()


def test_the_app_refuses_service_from_the_url(listener: Listener, monkeypatch) -> None:
    at = open_query_page(monkeypatch, service_queries(listener.port)["silent"])
    assert at.text_area(key="sparql").value.startswith("SELECT * WHERE { SERVICE SILENT")
    at.button(key="run_query").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [SERVICE]
    assert not at.dataframe
    assert listener.settled() == 0


def test_the_app_stops_a_query_at_its_time_limit(monkeypatch) -> None:
    before = children()
    at = open_query_page(monkeypatch, COUNT_CROSS)  # its first row needs every row
    at.number_input(key="limit_s").set_value(1).run()
    started = time.monotonic()
    at.button(key="run_query").click().run()
    assert time.monotonic() - started < 10
    assert not at.exception
    assert [e.value for e in at.error] == [
        "the query ran longer than 1 s and was stopped — narrow it (add patterns or a LIMIT) "
        "or raise the time limit"
    ]
    assert children() <= before and not multiprocessing.active_children()


def test_the_app_runs_a_query_in_a_child(monkeypatch) -> None:
    at = open_query_page(monkeypatch, PEOPLE)
    at.button(key="run_query").click().run()
    assert not at.exception
    assert list(at.dataframe[0].value["l"]) == [n for (n,) in NAMES]


@pytest.mark.parametrize("store", ["memory", "oxigraph", "oxigraph-directory"])
def test_a_query_stops_at_its_time_limit(mini_build, tmp_path: Path, store: str) -> None:
    ds = stores(mini_build, tmp_path)[store]
    assert run_query(ds, PEOPLE, timeout=10).rows == NAMES
    before = children()
    started = time.monotonic()
    with pytest.raises(QueryTimeout) as caught:
        run_query(ds, CROSS, timeout=1)
    assert time.monotonic() - started < 10
    assert str(caught.value) == (
        "the query ran longer than 1 s and was stopped — narrow it (add patterns or a LIMIT) "
        "or raise the time limit"
    )
    assert children() <= before and not multiprocessing.active_children()


def test_a_remote_query_stops_at_its_time_limit(
    mini_build, tmp_path: Path, listener: Listener
) -> None:
    with oxigraph_server(tmp_path) as server:
        endpoint = Endpoint.from_url(server.query_url, server.store_url, timeout=30)
        push(mini_build.dataset, endpoint)
        remote = RemoteDataset(endpoint)
        assert run_query(remote, PEOPLE, timeout=10).rows == NAMES
        started = time.monotonic()
        with pytest.raises(QueryTimeout):
            run_query(remote, CROSS, timeout=1)
        assert time.monotonic() - started < 10
        for query in service_queries(listener.port).values():
            with pytest.raises(QueryError, match="^SERVICE is not allowed"):
                run_query(remote, query, timeout=10)
    assert listener.settled() == 0
    assert not multiprocessing.active_children()


def test_errors_in_the_child_are_the_same_one_line_errors(mini_build) -> None:
    for query in ("SELEC ?x WHERE { ?x ?p ?o }", "SELECT ?x WHERE { ?x nope:p ?o }"):
        with pytest.raises(QueryError) as here:
            run_query(mini_build.dataset, query)
        with pytest.raises(QueryError) as there:
            run_query(mini_build.dataset, query, timeout=10)
        assert type(there.value) is QueryError and str(there.value) == str(here.value)
        assert "\n" not in str(there.value)


def test_a_child_that_dies_is_a_one_line_error() -> None:
    with pytest.raises(QueryError) as caught:
        run_killable(lambda: os.kill(os.getpid(), signal.SIGKILL), 10)
    assert str(caught.value) == (
        "the query process ended by signal SIGKILL before answering — narrow the query "
        "(add patterns or a LIMIT)"
    )
    assert not multiprocessing.active_children()


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_a_query_past_its_memory_is_stopped(
    mini_build, tmp_path: Path, monkeypatch, store: str
) -> None:
    ds = stores(mini_build, tmp_path)[store]
    # a string of 32 characters doubled 22 times: 128 MiB (the engines copy it on the way)
    doubled = " ".join(f"BIND(CONCAT(?x{i}, ?x{i}) AS ?x{i + 1})" for i in range(22))
    query = f'SELECT (STRLEN(?x22) AS ?n) WHERE {{ BIND("{"0123456789" * 3}ab" AS ?x0) {doubled} }}'
    monkeypatch.setattr(graph.sandbox, "MEMORY_BUDGET", 1024**3)
    assert run_query(ds, query, timeout=240).rows == ((str(32 * 2**22),),)  # within 1 GiB
    monkeypatch.setattr(graph.sandbox, "MEMORY_BUDGET", 64 * 1024**2)
    with pytest.raises(QueryError) as caught:
        run_query(ds, query, timeout=240)
    assert str(caught.value) == (
        "the query needed more than 0.0625 GiB of memory and was stopped — narrow it "
        "(add patterns or a LIMIT)"
    )


def test_rows_sent_back_are_bounded(mini_build, monkeypatch) -> None:
    monkeypatch.setattr(graph.sparql, "MAX_ROWS", 10)
    everything = "SELECT * WHERE { ?s ?p ?o }"
    with pytest.raises(QueryError) as caught:
        run_query(mini_build.dataset, everything, timeout=10)
    assert str(caught.value) == (
        "the query matched more than 10 rows, the most one query returns — add a LIMIT "
        "(and an OFFSET to page through)"
    )
    assert len(run_query(mini_build.dataset, everything, limit=5, timeout=10).rows) == 5
    assert len(run_query(mini_build.dataset, everything + " LIMIT 10", timeout=10).rows) == 10
    monkeypatch.setattr(graph.sparql, "MAX_CHARS", 100)
    with pytest.raises(QueryError, match="^the query's rows hold more than 100 characters"):
        run_query(mini_build.dataset, everything, limit=10, timeout=10)


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_a_huge_limit_is_clamped(mini_build, tmp_path: Path, store: str) -> None:
    ds = stores(mini_build, tmp_path)[store]
    for big in ("99999999999999999999999", "9223372036854775807"):
        assert run_query(ds, f"{PEOPLE} LIMIT {big} OFFSET 1").rows == NAMES[1:]
    assert run_query(ds, PEOPLE + " OFFSET 99999999999999999999999").rows == ()


@pytest.mark.parametrize("bad", [0, -1, float("nan"), float("inf")])
def test_the_library_refuses_an_impossible_time_limit(mini_build, bad: float) -> None:
    with pytest.raises(QueryError, match=r"^a time limit of .* s cannot be kept"):
        run_query(mini_build.dataset, PEOPLE, timeout=bad)
    with pytest.raises(QueryError, match=r"^a row limit of 0 returns nothing"):
        run_query(mini_build.dataset, PEOPLE, limit=0)


def cli(capsys, mini_build, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--data", str(MINI), "--graph", str(mini_build.output), *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_the_cli_stops_a_cross_product_at_its_timeout(capsys, mini_build, store: str) -> None:
    before = children()
    started = time.monotonic()
    code, out, err = cli(capsys, mini_build, "--store", store, "query", CROSS, "--timeout", "2")
    assert time.monotonic() - started < 10
    assert code == 1 and out == ""
    assert err == (
        "error: the query ran longer than 2 s and was stopped — narrow it (add patterns or a "
        "LIMIT) or raise --timeout\n"
    )
    assert children() <= before and not multiprocessing.active_children()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "--timeout", "0", PEOPLE], "'--timeout': 0.0 is not in the range 0<x<=86400.0."),
        (
            ["query", "--timeout", "-1", PEOPLE],
            "'--timeout': -1.0 is not in the range 0<x<=86400.0.",
        ),
        (
            ["query", "--timeout", "inf", PEOPLE],
            "'--timeout': inf is not in the range 0<x<=86400.0.",
        ),
        (
            ["query", "--timeout", "nan", PEOPLE],
            "'--timeout': 'nan' is not a number of seconds — give one above 0, at most 86400",
        ),
        (["query", "--limit", "-1", PEOPLE], "'--limit': -1 is not in the range x>=1."),
        (["query", "--limit", "0", PEOPLE], "'--limit': 0 is not in the range x>=1."),
        (["search", "--limit", "-5", "rubio"], "'--limit': -5 is not in the range x>=1."),
    ],
)
def test_impossible_limits_are_usage_errors(capsys, mini_build, args, message: str) -> None:
    code, out, err = cli(capsys, mini_build, *args)
    assert code == 1 and out == ""
    command = "threadline search" if args[0] == "search" else "threadline query"
    hint = f" (`{command} --help` lists the options)"
    assert err == f"Error: Invalid value for {message}{hint}\n"  # one line, no usage block


def test_the_cli_answers_a_huge_limit(capsys, mini_build) -> None:
    code, out, _ = cli(capsys, mini_build, "query", PEOPLE + " LIMIT 99999999999999999999999")
    assert code == 0 and out.splitlines()[-1] == "(3 rows)"
    code, out, _ = cli(capsys, mini_build, "query", PEOPLE, "--limit", "99999999999999999999")
    assert code == 0 and out.splitlines()[-1] == "(3 rows)"


EVIL = "Marco \x1b[31mRubio\u202e\x9b2J"
SHOWN = "Marco \\x1b[31mRubio\\u202e\\x9b2J"


@pytest.fixture
def evil_graph(mini_build, tmp_path: Path) -> Path:
    """The mini graph with Marco Rubio's label holding ESC, a bidi override and a C1 CSI."""
    ds = load_dataset(mini_build.output)
    rubio = URIRef("https://example.org/threadline/id/entity/marco-rubio")
    for g in ds.graphs():
        for label in list(g.objects(rubio, RDFS.label)):
            g.remove((rubio, RDFS.label, label))
            g.add((rubio, RDFS.label, Literal(EVIL)))
    target = tmp_path / "evil.trig"
    target.write_text(ds.serialize(format="trig"))
    return target


def evil_cli(capsys, graph_file: Path, *args: str) -> str:
    capsys.readouterr()
    assert main(["--data", str(MINI), "--graph", str(graph_file), *args]) == 0
    return capsys.readouterr().out


def test_tables_show_control_and_bidi_characters_as_escapes(capsys, evil_graph: Path) -> None:
    label = "SELECT ?l WHERE { ent:marco-rubio rdfs:label ?l }"
    outputs = [
        evil_cli(capsys, evil_graph, "query", label),
        evil_cli(capsys, evil_graph, "search", "marco"),
        evil_cli(capsys, evil_graph, "entity", "marco-rubio"),
        evil_cli(capsys, evil_graph, "path", "marco-rubio", "U.S. Department of State"),
        evil_cli(capsys, evil_graph, "neighbors", "marco-rubio"),
    ]
    for out in outputs:
        assert SHOWN in out
        assert not any(c in out for c in "\x1b\u202e\x9b")
    table = outputs[0].splitlines()
    assert table[2] == SHOWN and len(table[1]) == len(SHOWN)  # the width of what is shown


def test_json_keeps_the_exact_label_and_csv_escapes_it(capsys, evil_graph: Path) -> None:
    label = "SELECT ?l WHERE { ent:marco-rubio rdfs:label ?l }"
    out = evil_cli(capsys, evil_graph, "query", label, "--format", "json")
    assert json.loads(out) == [{"l": EVIL}]
    assert not any(c in out for c in "\x1b\u202e\x9b")
    out = evil_cli(capsys, evil_graph, "search", "marco", "--format", "json")
    assert json.loads(out)[0]["label"] == EVIL and "\u202e" not in out
    out = evil_cli(capsys, evil_graph, "query", label, "--format", "csv")
    assert out.splitlines() == ["l", SHOWN]
