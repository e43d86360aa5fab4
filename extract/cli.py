"""The ``threadline`` command line: one group, thin commands, one-line errors.

Each command parses its arguments, makes one library call and turns library errors into a
message and exit code 1 here, at the boundary: never a traceback for a user's mistake.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import click
from rdflib import Dataset

from graph import cli as graph_cli
from graph.errors import GraphError
from graph.remote import Endpoint, RemoteDataset
from graph.remote import push as push_graphs
from graph.store import (
    GRAPH_FILE_FORMATS,
    STORES,
    atomic_writer,
    load_dataset,
    write_oxigraph_directory,
)

from .build import DEFAULT_OUTPUT, build, fingerprint_path, inputs_fingerprint
from .coverage import coverage_all, format_coverage
from .errors import CurationErrors, ExtractError
from .newsource import new_source
from .schema import json_schema
from .validate import validate as validate_corpus

APP = Path(__file__).resolve().parent.parent / "app.py"


@dataclass
class Project:
    """Where the data and the built graph live; builds the graph when it is missing or stale."""

    data: Path
    graph: Path
    store: str = "memory"
    base_iri: str | None = None
    endpoint: str | None = None
    _dataset: Dataset | RemoteDataset | None = field(default=None, repr=False)

    def is_current(self) -> bool:
        """Whether the graph file is the build of exactly these inputs."""
        stamp = fingerprint_path(self.graph)
        if not (self.graph.is_file() and stamp.is_file()):
            return False
        return stamp.read_text().strip() == inputs_fingerprint(self.data, self.base_iri)

    def graph_file(self) -> Path:
        """The built graph file, built first when it is missing or stale (a build of older data).
        A graph file that `threadline build` did not write (no ``.inputs`` beside it) is read as
        it is."""
        if self.graph.is_dir():
            raise click.ClickException(
                f"{self.graph} is a directory — give the TriG build with --graph FILE"
            )
        if not self.graph.exists() and self.graph.suffix not in GRAPH_FILE_FORMATS:
            raise click.ClickException(
                f"{self.graph}: no such graph — `threadline save-store {self.graph}` writes an "
                "Oxigraph directory there; a graph file ends in .trig"
            )
        if self.graph.is_file() and not fingerprint_path(self.graph).is_file():
            return self.graph  # not written by `threadline build`: used as it is, never replaced
        if not self.is_current():
            what = "missing" if not self.graph.is_file() else "not the build of this data"
            click.echo(f"note: {self.graph} is {what}; building it first", err=True)
            build(self.data, self.graph, base_iri=self.base_iri)
        return self.graph

    def dataset(self) -> Dataset | RemoteDataset:
        if self._dataset is None and self.store == "sparql":
            if not self.endpoint:
                raise click.ClickException("--store sparql needs --endpoint URL (the query URL)")
            self._dataset = RemoteDataset(Endpoint.from_url(self.endpoint))
        if self._dataset is None and self.graph.is_dir():  # an Oxigraph directory: used as is
            self._dataset = load_dataset(self.graph, self.store)
            stamp = fingerprint_path(self.graph)
            if stamp.is_file() and stamp.read_text().strip() != inputs_fingerprint(
                self.data, self.base_iri
            ):
                click.echo(
                    f"note: {self.graph} is not the build of this data; "
                    f"`threadline save-store {self.graph}` rewrites it",
                    err=True,
                )
        if self._dataset is None:
            self._dataset = load_dataset(self.graph_file(), self.store)
        return self._dataset


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data",
    type=click.Path(file_okay=False, path_type=Path),
    default=lambda: os.environ.get("THREADLINE_DATA", "data"),
    show_default="data",
    help="Folder with sources/ and curation/ (or $THREADLINE_DATA).",
)
@click.option(
    "--graph",
    "graph_path",
    type=click.Path(path_type=Path),
    default=DEFAULT_OUTPUT,
    show_default=True,
    help="The built graph (TriG), or an Oxigraph directory for --store oxigraph "
    "(`threadline save-store`).",
)
@click.option(
    "--store",
    type=click.Choice([*STORES, "sparql"]),
    default=lambda: os.environ.get("THREADLINE_STORE", "memory"),
    show_default="memory",
    help="Where queries run: rdflib in memory, embedded Oxigraph, or a SPARQL server "
    "(--endpoint; load it with `threadline push`).",
)
@click.option(
    "--endpoint",
    default=lambda: os.environ.get("THREADLINE_ENDPOINT"),
    help="SPARQL query URL for --store sparql (or $THREADLINE_ENDPOINT); credentials from "
    "$THREADLINE_SPARQL_USER and $THREADLINE_SPARQL_PASSWORD.",
)
@click.option(
    "--base-iri",
    default=lambda: os.environ.get("THREADLINE_BASE_IRI"),
    help="Base IRI for entities, events and claims (or $THREADLINE_BASE_IRI).",
)
@click.pass_context
def cli(
    ctx: click.Context,
    data: Path,
    graph_path: Path,
    store: str,
    endpoint: str | None,
    base_iri: str | None,
) -> None:
    """Threadline: curated, quote-anchored knowledge graphs of documents.

    Example: threadline validate && threadline build && threadline stats
    """
    ctx.obj = Project(data, graph_path, store, base_iri, endpoint)


@cli.command()
@click.pass_obj
def validate(project: Project) -> None:
    """Check curation files and sources; print every problem as path:line:col.

    Example: threadline validate
    """
    corpus = validate_corpus(project.data)
    c = corpus.counts
    click.echo(
        f"ok: {c['sources']} source(s), {c['entities']} entities, {c['events']} events, "
        f"{c['relations']} relations; every quote anchored"
    )


@cli.command("build")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write the TriG graph (default: --graph).",
)
@click.pass_obj
def build_cmd(project: Project, output: Path | None) -> None:
    """Validate, convert, check SHACL shapes and write the graph atomically.

    Example: threadline build -o build/graph.trig
    """
    target = output or project.graph
    if target.is_dir():
        raise click.ClickException(
            f"{target} is a directory — build writes a TriG file: give -o FILE "
            "(`threadline save-store DIR` writes an Oxigraph directory)"
        )
    result = build(project.data, target, base_iri=project.base_iri)
    t = result.timings
    click.echo(
        f"wrote {result.output}: {result.triples} triples in "
        f"{len(result.corpus.sources) + 1} graphs ({t['total'] * 1000:.0f} ms; SHACL conforms)"
    )


@cli.command("new-source")
@click.argument("text_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--title", required=True, help="Title of the document.")
@click.option("--published", required=True, help="Publication date, EDTF (2025-05, 2025-05-01).")
@click.option("--id", "source_id", help="Source id (default: from the title).")
@click.option("--publication", help="Newspaper, journal or site it appeared in.")
@click.option("--dateline", help="Date relative phrases resolve against (EDTF).")
@click.option("--author")
@click.option("--url")
@click.pass_obj
def new_source_cmd(
    project: Project,
    text_file: Path,
    title: str,
    published: str,
    source_id: str | None,
    publication: str | None,
    dateline: str | None,
    author: str | None,
    url: str | None,
) -> None:
    """Start a new document: copy its text, record metadata and hash, write an empty curation.

    Example: threadline new-source article.txt --title "A title" --published 2025-05
    """
    made = new_source(
        text_file,
        project.data,
        title=title,
        published=published,
        source_id=source_id,
        publication=publication,
        dateline=dateline,
        author=author,
        url=url,
    )
    click.echo(
        f"wrote {made.text}, {made.meta} ({made.sections} heading(s) found; review them) "
        f"and {made.curation}"
    )
    click.echo(
        f"next: add entities, events and relations to {made.curation}, then "
        "`threadline validate` and `threadline coverage`"
    )


@cli.command("coverage")
@click.option(
    "--min",
    "minimum",
    type=float,
    default=None,
    help="Exit 1 below this percentage, or if a paragraph carries no claim.",
)
@click.option("--source", "only", default=None, help="Only this source id.")
@click.option(
    "--list/--no-list",
    "listing",
    default=True,
    show_default=True,
    help="List what was not reached.",
)
@click.pass_obj
def coverage_cmd(project: Project, minimum: float | None, only: str | None, listing: bool) -> None:
    """Show what the curation has not reached: names, dates and paragraphs, per section.

    Deliberate skips go in data/curation/ignore.yaml, each with a reason.

    Example: threadline coverage --min 98
    """
    corpus = validate_corpus(project.data)
    reports = coverage_all(corpus, project.data / "curation" / "ignore.yaml")
    if only is not None:
        reports = [r for r in reports if r.source == only]
        if not reports:
            raise click.ClickException(f"unknown source {only!r}")
    failed = False
    for report in reports:
        click.echo(format_coverage(report, listing))
        reached, paragraphs = report.paragraphs
        if minimum is not None and (report.percent < minimum or reached < paragraphs):
            failed = True
    if failed:
        raise click.ClickException(f"coverage below {minimum:g}% or a paragraph without a claim")


@cli.command()
@click.option(
    "--endpoint", required=True, help="SPARQL query URL, e.g. http://127.0.0.1:7878/query."
)
@click.option(
    "--graph-store",
    default=None,
    help="Graph Store Protocol URL (default: guessed from --endpoint for Oxigraph, Virtuoso).",
)
@click.option(
    "--timeout",
    type=float,
    default=60.0,
    show_default=True,
    callback=lambda _ctx, _param, value: _seconds(value),
    help="Seconds each request may take, its whole reply included.",
)
@click.pass_obj
def push(project: Project, endpoint: str, graph_store: str | None, timeout: float) -> None:
    """Upload the built graph to a SPARQL server, replacing each source's named graph.

    Credentials, if the server needs them, come from $THREADLINE_SPARQL_USER and
    $THREADLINE_SPARQL_PASSWORD. Running it again changes nothing.

    Example: threadline push --endpoint http://127.0.0.1:7878/query
    """
    if project.store == "sparql":
        raise click.ClickException("push uploads the local build — drop --store sparql")
    target = Endpoint.from_url(endpoint, graph_store, timeout)
    done = push_graphs(project.dataset(), target)
    for pushed in done:
        click.echo(f"replaced {pushed.graph} ({pushed.triples} triples)")
    click.echo(
        f"checked: the server holds {sum(p.triples for p in done)} triples in {len(done)} "
        "graphs, as sent"
    )


def _seconds(value: float) -> float:
    """A --timeout: a finite number of seconds above 0."""
    if not (math.isfinite(value) and value > 0):
        raise click.BadParameter(f"{value:g} is not a number of seconds above 0 — e.g. 60")
    return value


@cli.command("save-store")
@click.argument("directory", type=click.Path(path_type=Path))
@click.pass_obj
def save_store(project: Project, directory: Path) -> None:
    """Write the built graph into an on-disk Oxigraph directory, replacing one already there.

    Bulk-loaded by Oxigraph into a temporary directory, then renamed into place. Query it
    with --store oxigraph --graph DIRECTORY; it opens read-only, without parsing.

    Example: threadline save-store build/graph.oxigraph
    """
    source = project.graph_file()
    started = time.perf_counter()
    write_oxigraph_directory(source, directory)
    elapsed = time.perf_counter() - started
    stamp, copy = fingerprint_path(source), fingerprint_path(directory)
    if stamp.is_file():  # the inputs it was built from, to tell a stale directory later
        with atomic_writer(copy) as handle:
            handle.write(stamp.read_text())
    else:
        copy.unlink(missing_ok=True)
    triples = len(load_dataset(directory, "oxigraph"))
    click.echo(f"wrote {directory}: {triples} triples from {source} ({elapsed * 1000:.0f} ms)")


@cli.command("docs")
@click.option("--check", is_flag=True, help="Exit 1 if the guide is out of date; write nothing.")
def docs_cmd(check: bool) -> None:
    """Regenerate the vocabulary tables and command reference in docs/curation.md.

    Example: threadline docs --check
    """
    from .docs import GUIDE, render

    current = GUIDE.read_text(encoding="utf-8")
    updated = render(current, cli)
    if check:
        if updated != current:
            raise click.ClickException(f"{GUIDE} is out of date — run `threadline docs`")
        click.echo(f"{GUIDE} is up to date")
        return
    tmp = GUIDE.with_name(f".{GUIDE.name}.tmp")
    tmp.write_text(updated, encoding="utf-8")
    tmp.replace(GUIDE)
    click.echo(f"wrote {GUIDE}")


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
def schema(output: Path | None) -> None:
    """Print the JSON Schema of curation files (for editor autocompletion).

    Example: threadline schema -o build/curation.schema.json
    """
    text = json_schema()
    if output is None:
        click.echo(text, nl=False)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)


@cli.command(context_settings={"ignore_unknown_options": True})
@click.option("--port", type=int, default=8501, show_default=True)
@click.argument("streamlit_args", nargs=-1, type=click.UNPROCESSED)
@click.pass_obj
def app(project: Project, port: int, streamlit_args: tuple[str, ...]) -> None:
    """Start the Streamlit app on the bundled corpus (Ctrl-C stops it).

    Example: threadline app --port 8501
    """
    if not APP.is_file():
        raise click.ClickException(f"{APP} not found — run from a checkout of Threadline")
    env = {**os.environ, "THREADLINE_DATA": str(project.data.resolve())}
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        *streamlit_args,
    ]
    raise SystemExit(subprocess.call(command, env=env))


for _command in graph_cli.COMMANDS:
    cli.add_command(_command)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the group, translate errors to messages and exit codes."""
    try:
        cli.main(args=argv, prog_name="threadline", standalone_mode=False)
    except CurationErrors as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        n = len(exc.problems)
        click.echo(f"{n} problem{'s' if n != 1 else ''} found; nothing was written", err=True)
        return 1
    except (GraphError, ExtractError) as exc:
        click.echo(f"error: {exc}", err=True)
        return 1
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 1
    except click.ClickException as exc:
        exc.show()
        return 1
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())


if __name__ == "__main__":
    run()
