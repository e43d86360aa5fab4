"""Commands that read a built graph: stats, query, export.

They get the Dataset from ``ctx.obj.dataset()``, which the ``threadline`` group sets up (see
:mod:`extract.cli`), so this module never imports :mod:`extract`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Protocol

import click
from rdflib import Dataset

from .queries import stats as graph_stats
from .sparql import FORMATS, format_result, run_query
from .store import RDF_FORMATS, atomic_writer, serialize


class GraphSource(Protocol):
    def dataset(self) -> Dataset: ...


def _ds(ctx: click.Context) -> Dataset:
    source: GraphSource = ctx.obj
    return source.dataset()


@click.command()
@click.pass_context
def stats(ctx: click.Context) -> None:
    """Count what the graph holds: entities by type, events, claims, anchors.

    Example: threadline stats
    """
    s = graph_stats(_ds(ctx))
    click.echo(f"sources   {len(s.sources)}  ({', '.join(s.sources)})")
    click.echo(f"triples   {s.triples}  in {s.graphs} graphs")
    click.echo(f"entities  {s.entities}")
    for label, n in s.by_type:
        click.echo(f"  {n:5d}  {label}")
    click.echo(f"events    {s.events}")
    for label, n in s.by_event_type:
        click.echo(f"  {n:5d}  {label}")
    click.echo(f"claims    {s.claims}  (relations with quotes)")
    for label, n in s.by_category:
        click.echo(f"  {n:5d}  {label}")
    click.echo(f"roles     {s.roles}  (participants in events)")
    click.echo(f"anchors   {s.anchors}  (distinct quoted spans)")


@click.command()
@click.argument("sparql")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--limit", type=int, default=None, help="Stop after this many rows.")
@click.pass_context
def query(ctx: click.Context, sparql: str, fmt: str, limit: int | None) -> None:
    """Run a read-only SPARQL query over all graphs (SPARQL '-' reads it from stdin).

    The project prefixes (ent:, ev:, rel:, kg:, schema:, sem:, oa:, prov:, rdfs:, skos: ...) are
    predeclared.

    Example: threadline query "SELECT ?label WHERE { ?e a schema:Person ; rdfs:label ?label }"
    """
    text = sys.stdin.read() if sparql == "-" else sparql
    click.echo(format_result(run_query(_ds(ctx), text, limit=limit), fmt))


@click.command()
@click.option("--format", "fmt", type=click.Choice(sorted(RDF_FORMATS)), required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write here (atomically) instead of standard output.",
)
@click.pass_context
def export(ctx: click.Context, fmt: str, output: Path | None) -> None:
    """Export the graph: trig and nquads keep one graph per source, turtle is their union.

    Example: threadline export --format nquads -o build/graph.nq
    """
    text = serialize(_ds(ctx), fmt)
    if output is None:
        click.echo(text, nl=False)
        return
    with atomic_writer(output) as handle:
        handle.write(text)
    click.echo(f"wrote {output} ({fmt}, {len(text.encode('utf-8'))} bytes)", err=True)


COMMANDS = (stats, query, export)
