"""Commands that read a built graph: stats, query, export, search, entity, neighbors, path,
timeline, central.

They get the Dataset from ``ctx.obj.dataset()``, which the ``threadline`` group sets up (see
:mod:`extract.cli`), and the source texts from ``ctx.obj.data`` (the data folder) when it has one,
so this module never imports :mod:`extract`. Each command parses its options, makes one library
call and renders the records as a table (readable text), JSON or CSV.
"""

from __future__ import annotations

import math
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import click
from rdflib import Dataset

from .records import CENTRALITY_KINDS, Evidence, QueryResult, SourceDate
from .records import Path as GraphPath
from .sandbox import QueryTimeout
from .source_texts import read_texts
from .sparql import FORMATS, format_result, json_text, run_query, terminal_text
from .store import EXPORT_FORMATS

if TYPE_CHECKING:
    from .view import View


class GraphSource(Protocol):
    def dataset(self) -> Dataset: ...

    # optional: ``view() -> GraphView``, the view to query (see :func:`_view`), and
    # ``stats() -> Stats``, the counts of :func:`graph.stats` of the Dataset


def _ds(ctx: click.Context) -> Dataset:
    source: GraphSource = ctx.obj
    return source.dataset()


def _view(ctx: click.Context) -> View:
    """The graph with the texts of ``ctx.obj.data/sources`` (for sentences around quotes).

    A remote store, or a large one, gets a store-backed view (:func:`graph.view_for`): each
    question fetches only the part of the graph it needs.
    """
    from . import view_for

    opened = getattr(ctx.obj, "view", None)
    if callable(opened):  # the opener (extract.opener): its view, from the build cache if kept
        return opened()
    data = getattr(ctx.obj, "data", None)
    texts = read_texts(Path(data) / "sources") if data is not None else {}
    return view_for(_ds(ctx), texts)


def _as_json(value: Any) -> str:
    value = [asdict(v) for v in value] if isinstance(value, list | tuple) else asdict(value)
    return json_text(value)


def _echo_text(text: str) -> None:
    """Echo readable text, each line's control and bidirectional characters escaped."""
    click.echo("\n".join(terminal_text(line) for line in text.split("\n")))


class Seconds(click.FloatRange):
    """A number of seconds above 0 and at most ``max`` (``nan`` and ``inf`` are refused)."""

    name = "seconds"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        seconds = super().convert(value, param, ctx)
        if math.isnan(seconds):
            self.fail(
                f"{value!r} is not a number of seconds — give one above 0, at most {self.max:g}",
                param,
                ctx,
            )
        return seconds


def _rows(fmt: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> str:
    cells = tuple(tuple("" if c is None else str(c) for c in row) for row in rows)
    return format_result(QueryResult(columns, cells), fmt)


FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="table (readable text), json or csv.",
)
TYPES = click.option(
    "--type",
    "types",
    multiple=True,
    help="Keep only this type (entity type with its subtypes, event type, 'entity' or 'event'); "
    "repeatable.",
)
CATEGORIES = click.option(
    "--category",
    "categories",
    multiple=True,
    help="Walk only relations of this category ('participation' for entity–event links); "
    "repeatable.",
)
START = click.option(
    "--from", "start", default=None, help="Window start: YYYY, YYYY-MM or YYYY-MM-DD."
)
END = click.option("--to", "end", default=None, help="Window end: YYYY, YYYY-MM or YYYY-MM-DD.")


MAX_TIMEOUT = 86400.0  # a day: the longest --timeout


def _window(start: str | None, end: str | None) -> tuple[str | None, str | None] | None:
    return None if start is None and end is None else (start, end)


@click.command()
@click.pass_context
def stats(ctx: click.Context) -> None:
    """Count what the graph holds: entities by type, events, claims, anchors.

    Example: threadline stats
    """
    from .counts import stats as graph_stats

    counted = getattr(ctx.obj, "stats", None)  # the opener's, kept with its build cache
    s = counted() if callable(counted) else graph_stats(_ds(ctx))
    lines = [
        f"sources   {len(s.sources)}  ({', '.join(s.sources)})",
        f"triples   {s.triples}  in {s.graphs} graphs",
        f"entities  {s.entities}",
        *(f"  {n:5d}  {label}" for label, n in s.by_type),
        f"events    {s.events}",
        *(f"  {n:5d}  {label}" for label, n in s.by_event_type),
        f"claims    {s.claims}  (relations with quotes)",
        *(f"  {n:5d}  {label}" for label, n in s.by_category),
        f"roles     {s.roles}  (participants in events)",
        f"anchors   {s.anchors}  (distinct quoted spans)",
    ]
    _echo_text("\n".join(lines))


@click.command()
@click.argument("sparql")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option(
    "--limit", type=click.IntRange(min=1), default=None, help="Stop after this many rows."
)
@click.option(
    "--timeout",
    type=Seconds(min=0, max=MAX_TIMEOUT, min_open=True),
    default=30.0,
    show_default=True,
    help="Stop the query after this many seconds.",
)
@click.pass_context
def query(ctx: click.Context, sparql: str, fmt: str, limit: int | None, timeout: float) -> None:
    """Run a read-only SPARQL query over all graphs (SPARQL '-' reads it from stdin).

    The project prefixes (ent:, ev:, rel:, kg:, schema:, sem:, oa:, prov:, rdfs:, skos: ...) are
    predeclared. Updates and SERVICE (calls to other endpoints) are refused. The query runs in a
    child process, stopped at --timeout, and returns at most 1,000,000 rows.

    Example: threadline query "SELECT ?label WHERE { ?e a schema:Person ; rdfs:label ?label }"
    """
    text = sys.stdin.read() if sparql == "-" else sparql
    try:
        asked = getattr(ctx.obj, "query_dataset", None)  # the opener's fastest store for it
        result = run_query(
            asked() if callable(asked) else _ds(ctx), text, limit=limit, timeout=timeout
        )
    except QueryTimeout as exc:
        raise QueryTimeout(exc.seconds, "raise --timeout") from None
    click.echo(format_result(result, fmt))


@click.command()
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Write here (atomically) instead of standard output; a folder for csv.",
)
@click.pass_context
def export(ctx: click.Context, fmt: str, output: Path | None) -> None:
    """Export the graph for other tools.

    RDF: trig and nquads keep one graph per source, turtle is their union, jsonld has a context.
    Networks (Gephi, Cytoscape): graphml, gexf. Tables: csv writes entities.csv, relations.csv
    (with quotes), events.csv (with participants) and participants.csv into the folder -o DIR.
    TimelineJS: timelinejs writes the JSON a TimelineJS3 timeline reads.

    Example: threadline export --format nquads -o build/graph.nq
    """
    from .exports import export_text, write_export
    from .view import GraphView

    view = GraphView(_ds(ctx))
    if output is None:
        click.echo(export_text(view, fmt), nl=False)
        return
    if not output.parent.is_dir():  # never make folders the user did not ask for
        raise click.ClickException(
            f"cannot write {output}: the folder {output.parent} does not exist — create it "
            f"first (mkdir -p {output.parent}) or give -o a path in an existing folder"
        )
    written = write_export(view, fmt, output)
    if fmt == "csv":
        names = ", ".join(p.name for p in written)
        click.echo(f"wrote {output}/ ({fmt}: {names})", err=True)
    else:
        size = written[0].stat().st_size
        click.echo(f"wrote {output} ({fmt}, {size} bytes)", err=True)


@click.command()
@click.argument("text")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="At most this many hits.",
)
@FORMAT
@click.pass_context
def search(ctx: click.Context, text: str, limit: int, fmt: str) -> None:
    """Find entities and events by name or alias (fuzzy; case and accents ignored).

    Example: threadline search "ozturk"
    """
    from .lookup import search as graph_search

    hits = graph_search(_view(ctx), text, limit=limit)
    if fmt == "json":
        click.echo(_as_json(hits))
        return
    rows = [(h.label, h.id, h.kind, h.type_label, f"{h.score:.0f}", h.matched) for h in hits]
    click.echo(_rows(fmt, ("label", "id", "kind", "type", "score", "matched"), rows))


def _quote_line(quote: str, source: str, start: int, end: int) -> str:
    where = f"{source}, chars {start}–{end}" if start >= 0 else source
    return f"“{quote}” ({where})"


def _in_context(text: str, start: int, end: int, width: int = 40) -> str:
    """The found name in brackets with up to ``width`` characters of the text on each side, cut
    at a space, on one line: ``…labeled [Khalil] a…``; empty when the text is not at hand.

    >>> _in_context("The agents arrested Khalil at his home in New York.", 20, 26, 12)
    '…arrested [Khalil] at his…'
    """
    if not text or not 0 <= start < end <= len(text):
        return ""
    before, after = text[max(0, start - width) : start], text[end : end + width]
    if start - width > 0 and " " in before:
        before = "…" + before.split(" ", 1)[1]
    if end + width < len(text) and " " in after:
        after = after.rsplit(" ", 1)[0] + "…"
    return " ".join(f"{before}[{text[start:end]}]{after}".split())


def _sources_text(sources: tuple[str, ...], fmt: str = "table") -> str:
    """Sources in a cell: ``a, b`` in a table, ``a; b`` in CSV (one field)."""
    return ("; " if fmt == "csv" else ", ").join(sources)


def _said_by(sources: tuple[str, ...]) -> str:
    """Who says it, at the end of a row: the source, or how many and which."""
    if len(sources) > 1:
        return f" — {len(sources)} sources: {', '.join(sources)}"
    return f" — {sources[0]}" if sources else ""


def _one_per_source(quotes: tuple[Evidence, ...]) -> list[Evidence]:
    """The first quote of each source (a claim several sources make lists each one's)."""
    firsts: dict[str, Evidence] = {}
    for q in quotes:
        firsts.setdefault(q.source, q)
    return list(firsts.values())


def _date_json(d: SourceDate) -> dict[str, str]:
    return asdict(d)


def _dates_text(dates: tuple[SourceDate, ...]) -> str:
    """The date each source gives, as it gives it: one phrase, or each source's."""
    from .attribution import date_phrase

    if len(dates) == 1:
        return dates[0].date_text
    return "; ".join(f"{d.source}: {date_phrase(d)}" for d in dates)


@click.command()
@click.argument("name", metavar="ENTITY")
@FORMAT
@click.pass_context
def entity(ctx: click.Context, name: str, fmt: str) -> None:
    """Show an entity: types, aliases, relations by category, events with roles, mentions, sources.

    ENTITY is an id, a label or an alias.

    Example: threadline entity "Kristi Noem"
    """
    from .attribution import date_phrase
    from .lookup import entity as graph_entity

    p = graph_entity(_view(ctx), name)
    if fmt == "json":
        click.echo(_as_json(p))
        return
    if fmt == "csv":
        rows = [
            (
                g.category,
                k.direction,
                k.label,
                k.other_label,
                k.other,
                k.claim,
                k.title,
                k.quotes[0].quote if k.quotes else "",
                _sources_text(k.sources, fmt),
            )
            for g in p.relations
            for k in g.links
        ]
        columns = ("category", "direction", "label", "other_label", "other", "claim", "title")
        click.echo(_rows(fmt, (*columns, "quote", "sources"), rows))
        return
    lines = [f"{p.label} ({p.id}) — {', '.join(p.types)}"]
    if p.aliases:
        lines.append(f"aliases: {', '.join(p.aliases)}")
    if p.description:
        lines.append(f"description: {p.description}")
    if p.wikidata:
        lines.append(f"wikidata: {p.wikidata} {p.wikidata_url}")
    for group in p.relations:
        lines.append(f"{group.category}:")
        for k in group.links:
            extra = f" [{k.title}]" if k.title else ""
            extra += f" ({k.certainty}, per {k.stated_by})" if k.stated_by else ""
            lines.append(f"  {k.label} {k.other_label}{extra}{_said_by(k.sources)}")
            for q in _one_per_source(k.quotes):
                lines.append(f"      {_quote_line(q.quote, q.source, q.start, q.end)}")
    if p.events:
        lines.append("events:")
        for e in p.events:  # the date as each source gives it (EDTF), never a made-up day
            if len(e.dates) > 1:  # sources date it differently: each one's date on its line
                lines.append(f"  {'(several)':12}  {e.label} — {e.role_label}{_said_by(e.sources)}")
                lines += [f"      {d.source}: {date_phrase(d)}" for d in e.dates]
                continue
            phrase = f" (“{e.date_text}”)" if e.date_text else ""
            said = _said_by(e.sources)
            lines.append(f"  {e.edtf or 'undated':12}  {e.label} — {e.role_label}{phrase}{said}")
    if p.mentions:
        lines.append(f"mentions ({len(p.mentions)}):")
        for m in p.mentions:
            lines.append(f"  {_quote_line(m.quote, m.source, m.start, m.end)}")
    if p.found:  # where a source names it with no curated quote: a name search, not evidence
        lines.append(f"found by name, not curated evidence ({len(p.found)}):")
        texts = _view(ctx).texts
        for m in p.found:
            words = _in_context(texts.get(m.source, ""), m.start, m.end) or f"“{m.quote}”"
            lines.append(f"  {words} ({m.source}, chars {m.start}–{m.end})")
    _echo_text("\n".join(lines))


@click.command()
@click.argument("name", metavar="EVENT")
@FORMAT
@click.pass_context
def event(ctx: click.Context, name: str, fmt: str) -> None:
    """Show an event with one account per source that tells it, side by side, and where the
    accounts disagree (dates, participants); conflicts are shown, never resolved.

    EVENT is an id or a label.

    Example: threadline event khalil-arrest
    """
    from .events import event as graph_event

    e = graph_event(_view(ctx), name)
    if fmt == "json":
        value = {
            "id": e.id,
            "label": e.label,
            "type": e.type,
            "sources": list(e.sources),
            "earliest": e.earliest,
            "latest": e.latest,
            "accounts": [
                {
                    "source": a.source,
                    "edtf": a.edtf,
                    "date_text": a.date_text,
                    "earliest": a.earliest,
                    "latest": a.latest,
                    "participants": [
                        {"id": p.id, "label": p.label, "role": p.role, "role_label": p.role_label}
                        for p in a.participants
                    ],
                    "quotes": [asdict(q) for q in a.quotes],
                    "note": a.note,
                }
                for a in e.accounts
            ],
            "conflicts": [asdict(c) for c in e.conflicts],
        }
        click.echo(json_text(value))
        return
    if fmt == "csv":
        rows = [
            (a.source, a.edtf, a.date_text, a.earliest, a.latest, p.id, p.role)
            for a in e.accounts
            for p in a.participants
        ]
        columns = ("source", "edtf", "date_text", "earliest", "latest", "entity", "role")
        click.echo(_rows(fmt, columns, rows))
        return
    span = f"{e.earliest or '?'} – {e.latest or '?'}" if e.earliest or e.latest else "undated"
    told = f"{len(e.accounts)} account(s): {', '.join(a.source for a in e.accounts)}"
    lines = [f"{e.label} ({e.id}) — {e.type_label}; {span}; {told}"]
    for a in e.accounts:
        lines.append(f"account of {a.source}:")
        when = f"“{a.date_text}” " if a.date_text else ""
        bounds = f"{a.earliest or '?'} – {a.latest or '?'}" if a.edtf else ""
        lines.append(f"  date: {when}{a.edtf or 'undated'} {bounds}".rstrip())
        for p in a.participants:
            lines.append(f"  {p.role_label}: {p.label}")
        for q in a.quotes:
            lines.append(f"  {_quote_line(q.quote, q.source, q.start, q.end)}")
        if a.note:
            lines.append(f"  note: {a.note}")
    if e.conflicts:
        lines.append(f"where the accounts differ ({len(e.conflicts)}):")
        lines += [f"  {c.kind}: {c.detail}" for c in e.conflicts]
    _echo_text("\n".join(lines))


@click.command()
@click.argument("name", metavar="ENTITY")
@click.option(
    "--depth", type=click.IntRange(0, 10), default=1, show_default=True, help="Hops from ENTITY."
)
@CATEGORIES
@TYPES
@START
@END
@FORMAT
@click.pass_context
def neighbors(
    ctx: click.Context,
    name: str,
    depth: int,
    categories: tuple[str, ...],
    types: tuple[str, ...],
    start: str | None,
    end: str | None,
    fmt: str,
) -> None:
    """List the ego network of an entity or event: its edges within --depth hops, with sources.

    Filters: --category (relation categories), --type (node types), --from/--to (an edge or event
    counts when its dates overlap the window; undated ones always count).

    Example: threadline neighbors "Kristi Noem" --depth 2 --type person
    """
    from .attribution import edge_sources
    from .network import neighbors as graph_neighbors

    n = graph_neighbors(
        _view(ctx),
        name,
        depth,
        categories=categories or None,
        types=types or None,
        when=_window(start, end),
    )
    said = edge_sources(_view(ctx), n.edges)  # every source backing an edge, not the first
    if fmt == "json":
        value = asdict(n)
        for edge in value["edges"]:
            edge["sources"] = list(said[edge["key"]])
        click.echo(json_text(value))
        return
    labels = {node.id: node.label for node in n.nodes}
    rows = [
        (
            labels[e.source],
            e.label,
            labels[e.target],
            e.category,
            e.quote,
            _sources_text(said[e.key], fmt),
        )
        for e in n.edges
    ]
    click.echo(_rows(fmt, ("source", "label", "target", "category", "quote", "sources"), rows))


def _path_text(found: list[GraphPath], quotes: list[tuple[tuple[Evidence, ...], ...]]) -> str:
    from .attribution import sources_of

    lines = []
    for i, (path, hops) in enumerate(zip(found, quotes, strict=True), start=1):
        chain = " → ".join([path.steps[0].source_label, *(s.target_label for s in path.steps)])
        lines.append(f"path {i} ({len(path)} hop{'s' if len(path) != 1 else ''}): {chain}")
        for j, (s, behind) in enumerate(zip(path.steps, hops, strict=True), start=1):
            said = f" ({s.certainty}, per {s.stated_by})" if s.stated_by else ""
            several = sources_of(behind)
            said += f" — {len(several)} sources" if len(several) > 1 else ""
            lines.append(f"  {j}. {s.source_label} —{s.label}→ {s.target_label}{said}")
            for ev in _one_per_source(behind):  # one quote per source that claims the hop
                lines.append(f"     {_quote_line(ev.quote, ev.source, ev.start, ev.end)}")
            if not behind:
                lines.append("     (no quote)")
        lines.append("")
    return "\n".join(lines).rstrip("\n")


@click.command()
@click.argument("a", metavar="A")
@click.argument("b", metavar="B")
@click.option(
    "--max-len",
    type=click.IntRange(1, 12),
    default=4,
    show_default=True,
    help="Longest path, in hops.",
)
@click.option(
    "-k", "k", type=click.IntRange(1, 100), default=3, show_default=True, help="How many paths."
)
@click.option(
    "--exclude-type",
    "exclude_types",
    multiple=True,
    help="Walk through no node of this type (e.g. country); repeatable.",
)
@click.option(
    "--exclude", "exclude_ids", multiple=True, help="Walk through no such node; repeatable."
)
@CATEGORIES
@START
@END
@FORMAT
@click.pass_context
def path(
    ctx: click.Context,
    a: str,
    b: str,
    max_len: int,
    k: int,
    exclude_types: tuple[str, ...],
    exclude_ids: tuple[str, ...],
    categories: tuple[str, ...],
    start: str | None,
    end: str | None,
    fmt: str,
) -> None:
    """Show how A and B are connected: the shortest paths, each hop with its sources' quotes.

    Each hop reads in the direction walked ("has in a position" when walking from an
    organization to the person who holds the position). --exclude-type and --exclude keep hubs
    that link everything (a country, a government) out of the paths; --from/--to keep only
    edges and events whose dates overlap the window.

    Example: threadline path "Kristi Noem" "Kilmar Abrego Garcia" --exclude-type country
    """
    from .attribution import hop_quotes, sources_of
    from .network import paths

    found = paths(
        view := _view(ctx),
        a,
        b,
        max_len=max_len,
        k=k,
        exclude_types=exclude_types,
        exclude_ids=exclude_ids,
        categories=categories or None,
        when=_window(start, end),
    )
    quotes = [hop_quotes(view, p) for p in found]  # a hop several sources claim has each quote
    if fmt == "json":
        value = [asdict(p) for p in found]
        for p, hops in zip(value, quotes, strict=True):
            for step, behind in zip(p["steps"], hops, strict=True):
                step["sources"] = list(sources_of(behind))
                step["quotes"] = [asdict(q) for q in behind]
        click.echo(json_text(value))
        return
    if fmt == "csv":
        rows = [
            (
                i,
                j,
                s.source_label,
                s.label,
                s.target_label,
                s.kind,
                s.key,
                s.quote,
                s.evidence.source if s.evidence else "",
                s.evidence.start if s.evidence else "",
                s.evidence.end if s.evidence else "",
                _sources_text(sources_of(behind), fmt),
            )
            for i, (p, hops) in enumerate(zip(found, quotes, strict=True), start=1)
            for j, (s, behind) in enumerate(zip(p.steps, hops, strict=True), start=1)
        ]
        columns = ("path", "hop", "source", "label", "target", "kind", "key", "quote")
        click.echo(_rows(fmt, (*columns, "document", "start", "end", "sources"), rows))
        return
    if not found:
        _echo_text(f"no path of at most {max_len} hops between {a!r} and {b!r}")
        return
    _echo_text(_path_text(found, quotes))


@click.command()
@click.option("--entity", "name", default=None, help="Only the events of this entity.")
@START
@END
@click.option("--type", "types", multiple=True, help="Only this event type; repeatable.")
@click.option("--source", default=None, help="Only events quoted from this source id.")
@click.option(
    "--related", is_flag=True, help="With --entity: add events of the entities linked to it."
)
@click.option("--undated", is_flag=True, help="List undated events too, at the end.")
@FORMAT
@click.pass_context
def timeline(
    ctx: click.Context,
    name: str | None,
    start: str | None,
    end: str | None,
    types: tuple[str, ...],
    source: str | None,
    related: bool,
    undated: bool,
    fmt: str,
) -> None:
    """List events in date order, with each source's date phrase, the participants and sources.

    "when" is as precise as the date is (2025-03 is some day in March 2025; a..b a range of days);
    '~' marks an approximate date and '?' an uncertain one. An event several sources tell spans
    what their accounts allow, and date_text gives each source's date (EDTF and phrase).

    Example: threadline timeline --entity "Kilmar Abrego Garcia" --from 2025-03
    """
    from .attribution import event_dates
    from .timeline import span_text
    from .timeline import timeline as graph_timeline

    items = graph_timeline(
        view := _view(ctx),
        name,
        types=types or None,
        start=start,
        end=end,
        source=source,
        include_related=related,
        undated=undated,
    )
    dates = event_dates(view, [t.id for t in items])  # each source's date of each event
    if fmt == "json":
        value = [asdict(t) for t in items]
        for t in value:
            t["dates"] = [_date_json(d) for d in dates.get(t["id"], ())]
        click.echo(json_text(value))
        return
    rows = []
    for t in items:
        span = span_text(t.earliest, t.latest)
        flag = ("?" if t.uncertain else "") + ("~" if t.approximate else "")
        who = "; ".join(f"{p.label} ({p.role_label})" for p in t.participants)
        told = dates.get(t.id, ())
        phrase = _dates_text(told) if told else t.date_text
        sources = _sources_text(t.sources, fmt)
        rows.append((span + flag, phrase, t.label, t.type_label, who, sources, t.id))
    columns = ("when", "date_text", "event", "type", "participants", "sources", "id")
    click.echo(_rows(fmt, columns, rows))


@click.command()
@click.option("--kind", type=click.Choice(CENTRALITY_KINDS), default="degree", show_default=True)
@TYPES
@click.option("--events", is_flag=True, help="Rank events too.")
@click.option(
    "--limit", type=click.IntRange(min=1), default=20, show_default=True, help="How many to list."
)
@FORMAT
@click.pass_context
def central(
    ctx: click.Context, kind: str, types: tuple[str, ...], events: bool, limit: int, fmt: str
) -> None:
    """List the most central actors: degree, betweenness or PageRank.

    Example: threadline central --kind pagerank --type person
    """
    from .network import centrality

    scores = centrality(_view(ctx), kind, types=types or None, include_events=events, limit=limit)
    if fmt == "json":
        click.echo(_as_json(scores))
        return
    rows = [(s.rank, s.label, s.type_label, f"{s.score:.4f}", s.id) for s in scores]
    click.echo(_rows(fmt, ("rank", "label", "type", kind, "id"), rows))


@click.command("communities")
@click.option(
    "--min-size",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="Smallest group listed.",
)
@click.option("--seed", type=int, default=42, show_default=True, help="Seed of the Louvain run.")
@FORMAT
@click.pass_context
def communities_cmd(ctx: click.Context, min_size: int, seed: int, fmt: str) -> None:
    """List groups of actors that share more events with each other than with the rest (Louvain).

    Example: threadline communities --min-size 5
    """
    from .network import communities as graph_communities

    groups = [g for g in graph_communities(_view(ctx), seed=seed) if len(g) >= min_size]
    if fmt == "json":
        click.echo(_as_json(groups))
        return
    rows = [(g.index + 1, len(g), ", ".join(g.labels)) for g in groups]
    click.echo(_rows(fmt, ("group", "size", "members"), rows))


COMMANDS = (
    stats,
    query,
    export,
    search,
    entity,
    event,
    neighbors,
    path,
    timeline,
    central,
    communities_cmd,
)
