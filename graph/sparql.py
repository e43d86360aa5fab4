"""Read-only SPARQL over the union of a Dataset's graphs, with one-line errors.

The project's prefixes (``ent:``, ``rel:``, ``schema:``, ``sem:``, ``oa:``...) are declared for
every query, so ``SELECT ?l WHERE { ent:marco-rubio rdfs:label ?l }`` works as it is.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Iterator
from functools import cache, partial

import pyoxigraph as ox
from rdflib import Dataset, Graph
from rdflib.query import Result

from .errors import QueryError
from .namespaces import IriMinter
from .records import QueryResult
from .remote import RemoteDataset
from .sandbox import run_killable
from .store import NativeStore

FORMATS = ("table", "json", "csv")
MAX_ROWS = 1_000_000  # the most rows a query run with a time limit sends back
MAX_CHARS = 200_000_000  # the most characters (all cells) such a query sends back
UPDATES = frozenset(
    "INSERT DELETE LOAD CLEAR CREATE DROP COPY MOVE ADD WITH MODIFY".split()
)  # the first words of SPARQL 1.1 Update operations (and Virtuoso's MODIFY)

# The SPARQL 1.1 grammar's name characters (productions 164-169 and 108)
_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff"
    "\u200c-\u200d\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
    "\U00010000-\U000effff"
)
_CHARS = f"{_BASE}_\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_LOCAL = f"(?:[{_BASE}_:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"
_TOKEN = (
    r"(?P<skip>"
    r"'''(?:[^'\\]|\\.|'(?!''))*'''"  # long strings
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'(?:[^'\\\n\r]|\\.)*'"  # short strings
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|<[^<>\"{}|^`\\\x00-\x20]*>"  # IRIs
    f"|[?$][{_CHARS}]*"  # variables
    ")"
    f"|(?P<prefix>(?:[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?)?:)(?P<local>{_LOCAL})?"
    f"|(?P<name>_:[{_CHARS}.]*|@[A-Za-z0-9-]*|\\w+)"  # blank nodes, language tags, words
    r"|(?P<other>.)"
)
# a comment ends at a line feed (rdflib), or at a carriage return too (Oxigraph)


@cache
def _lexers() -> tuple[re.Pattern[str], ...]:
    """The two tokenizers (a comment ending at a line feed; at a carriage return too), compiled
    on first use: only a query checks its text, and compiling them takes tens of ms."""
    return tuple(
        re.compile(f"(?P<comment>#{end})|{_TOKEN}", re.S) for end in (r"[^\n]*", r"[^\r\n]*")
    )


_ESCAPE = re.compile(r"\\u([0-9a-f]{4}(?:[0-9a-f]{4})?)", re.I)
_SLICE = re.compile(r"LIMIT|OFFSET", re.I)
_MOST = sys.maxsize // 2  # the largest LIMIT or OFFSET, so that their sum is an index too


def _tokens(text: str, lexer: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """The tokens of ``text`` that may be keywords: words, prefixes, blank nodes, lang tags.

    Comments, string literals (the four quote forms), IRIs, variables and the local part of
    prefixed names are passed over, so ``"SERVICE"``, ``<http://x/SERVICE>``, ``?service`` and
    ``ex:service`` are no keywords.
    """
    for match in lexer.finditer(text):
        if match.lastgroup in ("prefix", "local", "name"):
            yield match


def _readings(text: str) -> list[list[str]]:
    """The keyword candidates of every way an engine may read ``text``.

    rdflib expands ``\\uXXXX`` escapes before parsing and ends a comment at a line feed only;
    Oxigraph does neither and ends a comment at a carriage return too. A request is checked
    under each reading, so a keyword hidden from one tokenizer is seen by another.
    """
    texts = dict.fromkeys((text, _ESCAPE.sub(_expand, text)))
    return [
        [m.group("prefix") or m.group("name") or "" for m in _tokens(t, lexer)]
        for t in texts
        for lexer in _lexers()
    ]


def _expand(match: re.Match[str]) -> str:
    try:
        return chr(int(match.group(1), 16))
    except (ValueError, OverflowError):
        return match.group(0)


def _check_read_only(text: str) -> None:
    """Refuse updates and SERVICE (federated calls) before any engine sees the request.

    SERVICE makes the engine send a request to any URL (server-side request forgery), so it is
    refused in every form: any case, SILENT or not, with a variable, nested anywhere. Oxigraph
    reads keywords glued to other words (``trueservice:x`` is ``true SERVICE :x``), so any
    keyword-position token that contains SERVICE is refused.
    """
    for words in _readings(text):
        for word in words:
            upper = word.upper()
            if upper in UPDATES:
                raise QueryError(
                    "only read queries (SELECT, ASK, CONSTRUCT, DESCRIBE) are allowed — "
                    f"{upper} would change data; remove it"
                )
            if upper == "SERVICE":
                raise QueryError(
                    "SERVICE is not allowed: a query reads this graph only and never calls "
                    "another endpoint — remove the SERVICE clause"
                )
            if "SERVICE" in upper:
                raise QueryError(
                    f"{word!r} is not allowed: an engine may read the SERVICE in it as a call to "
                    "another endpoint — rename it"
                )


def _clamp_slices(text: str) -> str:
    """LIMIT and OFFSET numbers beyond the engines' integers, clamped to half ``sys.maxsize``.

    No result has that many rows, so the answer is the same, where rdflib (which slices up to
    OFFSET + LIMIT) and Oxigraph would fail on the number.
    """
    out, last, after_slice = [], 0, False
    for match in _lexers()[1].finditer(text):
        kind, token = match.lastgroup, match.group(0)
        if kind == "other" and token.isspace():
            continue
        if after_slice and kind == "name" and token.isdigit() and int(token) > _MOST:
            out += [text[last : match.start()], str(_MOST)]
            last = match.end()
        after_slice = kind == "name" and _SLICE.fullmatch(token) is not None
    return "".join([*out, text[last:]])


def _namespaces(ds: Dataset | Graph | NativeStore) -> dict[str, str]:
    spaces = {p: str(ns) for p, ns in IriMinter().prefixes().items()}
    spaces.update({p: str(ns) for p, ns in ds.namespaces() if p in spaces})
    return spaces


def _declared(text: str) -> set[str]:
    # "oa:prefix oa:suffix" is not a declaration: PREFIX must not follow a name character or ':'
    found = re.findall(r"(?<![\w:?$])PREFIX\s+([A-Za-z][\w-]*)?:", text, re.I)
    return {m.lower() for m in found}


def run_query(
    ds: Dataset | Graph | NativeStore,
    text: str,
    *,
    limit: int | None = None,
    timeout: float | None = None,
) -> QueryResult:
    """Run a SELECT, ASK or CONSTRUCT query; return its rows as strings.

    Updates and SERVICE are refused before any engine sees the query. With ``timeout`` (seconds)
    the query runs in a child process that is killed at the limit (:mod:`graph.sandbox`), and
    sends back at most :data:`MAX_ROWS` rows and :data:`MAX_CHARS` characters; without it, it
    runs here, unbounded (the library's own queries).

    Raises
    ------
    QueryError
        Syntax error, unknown prefix, an update request, SERVICE, a failure while evaluating,
        too many rows, or (:class:`~graph.sandbox.QueryTimeout`) the time limit reached.
    """
    _check_read_only(text)
    text = _clamp_slices(text)
    if limit is not None and limit < 1:
        raise QueryError(f"a row limit of {limit} returns nothing — give 1 or more, or none")
    if timeout is None:
        return _run(ds, text, limit)
    if not 0 < timeout < float("inf"):
        raise QueryError(f"a time limit of {timeout} s cannot be kept — give a number above 0")
    return run_killable(partial(_bounded, ds, text, limit), timeout)


def _bounded(ds: Dataset | Graph | NativeStore, text: str, limit: int | None) -> QueryResult:
    """The query's rows, at most ``limit`` and never more than the library's maxima."""
    if limit is not None and limit <= MAX_ROWS:
        result = _run(ds, text, limit)
    else:
        result = _run(ds, text, MAX_ROWS + 1)
        if len(result.rows) > MAX_ROWS:
            raise QueryError(
                f"the query matched more than {MAX_ROWS:,} rows, the most one query returns "
                "— add a LIMIT (and an OFFSET to page through)"
            )
    if sum(len(cell) for row in result.rows for cell in row) > MAX_CHARS:
        raise QueryError(
            f"the query's rows hold more than {MAX_CHARS:,} characters, the most one query "
            "returns — select fewer or shorter values, or add a LIMIT"
        )
    return result


def _run(ds: Dataset | Graph | NativeStore, text: str, limit: int | None) -> QueryResult:
    known = {p: ns for p, ns in _namespaces(ds).items() if p.lower() not in _declared(text)}
    if isinstance(ds, RemoteDataset):  # the server parses and answers; prefixes travel along
        prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(known.items()))
        return ds.select(prologue + text, limit)
    if isinstance(ds, NativeStore):
        return _native_rows(ds, text, known, limit)
    try:
        if isinstance(ds, Dataset):
            ds.default_union = True
        result: Result = ds.query(text, initNs=known)
        return _rows(result, limit)
    except (QueryError, MemoryError):
        raise
    except Exception as exc:  # pyparsing, rdflib and Oxigraph raise their own types
        raise _query_error(exc, known) from None


def _native_rows(
    ds: NativeStore, text: str, known: dict[str, str], limit: int | None
) -> QueryResult:
    """The rows Oxigraph answers, as the strings rdflib's would be (a term's lexical value or
    IRI), over the union of the graphs."""
    try:
        answer = ds.store.query(text, use_default_graph_as_union=True, prefixes=known)
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult(("ask",), ((str(bool(answer)).lower(),),))
        if isinstance(answer, ox.QueryTriples):
            columns: tuple[str, ...] = ("subject", "predicate", "object")
            found = ((t.subject, t.predicate, t.object) for t in answer)
        else:
            columns = tuple(v.value for v in answer.variables)
            found = iter(answer)  # type: ignore[arg-type]
        rows: list[tuple[str, ...]] = []
        for row in found:
            rows.append(tuple("" if t is None else t.value for t in row))
            if limit is not None and len(rows) >= limit:
                break
    except (QueryError, MemoryError):
        raise
    except Exception as exc:  # SyntaxError, ValueError, OSError from Oxigraph
        raise _native_error(exc, text, known) from None
    return QueryResult(columns, tuple(rows))


def _native_error(exc: Exception, text: str, known: dict[str, str]) -> QueryError:
    message = " ".join(str(exc).split())
    where = re.match(r"error at (\d+):(\d+): expected one of Prefix not found", message)
    if isinstance(exc, SyntaxError) and where:  # the name ends where Oxigraph stopped
        lines = text.split("\n")
        line, column = int(where.group(1)), int(where.group(2))
        before = lines[line - 1][: column - 1] if 0 < line <= len(lines) else ""
        name = re.search(r"([A-Za-z][\w.-]*)?:[\w.-]*$", before)
        if name:
            return _unknown_prefix(name.group(1) or "", known)
    kind = "SPARQL syntax error" if isinstance(exc, SyntaxError) else "query failed"
    return QueryError(f"{kind}: {message[:200]}")


def _unknown_prefix(name: str, known: dict[str, str]) -> QueryError:
    return QueryError(
        f"unknown prefix '{name}:' — declare it with PREFIX "
        f"{name}: <...> or use one of {', '.join(sorted(known))}"
    )


def _query_error(exc: Exception, known: dict[str, str]) -> QueryError:
    message = " ".join(str(exc).split())
    prefix = re.search(r"Unknown namespace prefix\s*:\s*(\S+)", message)
    if prefix:
        return _unknown_prefix(prefix.group(1), known)
    if (
        "Expected" in message
        or "ParseException" in type(exc).__name__
        or "Syntax" in type(exc).__name__
    ):
        return QueryError(f"SPARQL syntax error: {message[:200]}")
    return QueryError(f"query failed: {message[:200]}")


def oxigraph_store(ds: Dataset | Graph) -> ox.Store | None:
    """The pyoxigraph store under an rdflib Dataset on oxrdflib, else None."""
    inner = getattr(getattr(ds, "store", None), "_inner", None)
    return inner if isinstance(inner, ox.Store) else None


def select_rows(ds: Dataset | Graph, text: str) -> tuple[tuple[str, ...], ...]:
    """The rows of one of the library's own SELECT queries, as strings (unbound = ``""``).

    On an Oxigraph store the query goes to pyoxigraph directly, over the union of the graphs,
    which skips converting every term to rdflib and back (3× faster); elsewhere it is
    :func:`run_query`.
    """
    inner = oxigraph_store(ds)
    if inner is None:
        return run_query(ds, text).rows
    try:
        solutions = inner.query(text, use_default_graph_as_union=True, prefixes=_namespaces(ds))
    except (SyntaxError, ValueError, OSError) as exc:
        raise QueryError(f"query failed: {' '.join(str(exc).split())[:200]}") from None
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError("select_rows runs SELECT queries only")
    return tuple(tuple("" if t is None else t.value for t in row) for row in solutions)


def triple_count(ds: Dataset | Graph) -> int:
    """How many triples (quads) the store holds. Oxigraph counts them itself: oxrdflib's
    ``len`` walks every quad in Python (2.3 s against 60 ms at 1M triples)."""
    inner = oxigraph_store(ds)
    return len(inner) if inner is not None else len(ds)


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def _rows(result: Result, limit: int | None) -> QueryResult:
    if result.type == "ASK":
        return QueryResult(("ask",), ((str(bool(result.askAnswer)).lower(),),))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        rows = [(_cell(s), _cell(p), _cell(o)) for s, p, o in result.graph]  # type: ignore[union-attr]
        return QueryResult(
            ("subject", "predicate", "object"), tuple(rows[:limit] if limit else rows)
        )
    columns = tuple(str(v) for v in (result.vars or ()))
    rows = []
    for row in result:
        rows.append(tuple(_cell(row[i]) for i in range(len(columns))))  # type: ignore[index]
        if limit is not None and len(rows) >= limit:
            break
    return QueryResult(columns, tuple(rows))


# What a terminal would obey rather than show: C0 and C1 controls, DEL, bidirectional marks,
# embeddings, overrides and isolates, and the line and paragraph separators.
_CONTROLS = "\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[{_CONTROLS}]")
_UNSAFE_IN_CSV = re.compile(f"(?![\t\n\r])[{_CONTROLS}]")  # CSV quoting carries these three
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    code = ord(char)
    return _SHORT.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def terminal_text(text: str) -> str:
    r"""``text`` with every control and bidirectional-formatting character shown as an escape.

    A label holding an ANSI sequence or a right-to-left override would otherwise recolour or
    reorder the terminal; here it reads as it is stored. Backslashes are left alone.

    >>> print(terminal_text("red\x1b[31m, \u202eevil\nnext"))
    red\x1b[31m, \u202eevil\nnext
    """
    return _UNSAFE.sub(_escape, text)


def json_text(value: object) -> str:
    """``value`` as indented JSON whose strings are exact and safe to print to a terminal.

    ``json`` escapes the C0 controls; C1 controls, DEL and bidirectional controls are written as
    ``\\uXXXX`` escapes too, which decode to the same strings.
    """
    text = json.dumps(value, indent=2, ensure_ascii=False)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """Render rows as an aligned text table, JSON (list of objects) or CSV.

    Every format is safe to print to a terminal. The table shows control and bidirectional
    characters as escapes (:func:`terminal_text`); JSON keeps the exact strings (see
    :func:`json_text`). CSV keeps tabs and line breaks (quoted) but writes the other control and
    bidirectional characters as the table's escapes, so such a cell is the one place where CSV
    is not the exact data: use JSON for that.
    """
    if fmt == "json":
        return json_text([dict(zip(result.columns, r, strict=True)) for r in result.rows])
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([_UNSAFE_IN_CSV.sub(_escape, c) for c in result.columns])
        writer.writerows([_UNSAFE_IN_CSV.sub(_escape, c) for c in row] for row in result.rows)
        return out.getvalue().rstrip("\n")
    if fmt != "table":
        raise QueryError(f"unknown format {fmt!r} — choose one of {', '.join(FORMATS)}")
    result = QueryResult(
        tuple(terminal_text(c) for c in result.columns),
        tuple(tuple(terminal_text(c) for c in row) for row in result.rows),
    )
    widths = [len(c) for c in result.columns]
    for row in result.rows:
        widths = [max(w, min(len(v), 80)) for w, v in zip(widths, row, strict=True)]

    def line(values: tuple[str, ...]) -> str:
        cells = [
            (v if len(v) <= 80 else v[:79] + "…").ljust(w)
            for v, w in zip(values, widths, strict=True)
        ]
        return "  ".join(cells).rstrip()

    parts = [line(result.columns), "  ".join("-" * w for w in widths)]
    parts += [line(r) for r in result.rows]
    parts.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(parts)
