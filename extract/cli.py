"""The ``threadline`` command line: one group, thin commands, one-line errors.

Each command parses its arguments, makes one library call and turns library errors into a
message and exit code 1 here, at the boundary: never a traceback for a user's mistake. A file-system
error nobody foresaw (a full disk, a folder that cannot be written) is one line too;
``THREADLINE_DEBUG=1`` shows its traceback instead.
"""

from __future__ import annotations

import ipaddress
import math
import os
import subprocess
import sys
import time
from pathlib import Path

import click

from graph import cli as graph_cli
from graph.errors import GraphError

from .build import DEFAULT_OUTPUT, check_base_iri, fingerprint_path
from .errors import CurationErrors, ExtractError
from .opener import (
    STORE_CHOICES,
    Opener,
    Settings,
    SettingsError,
    check_output,
    lazy_setting,
    store_setting,
)

APP = Path(__file__).resolve().parent.parent / "app.py"
DEBUG = "THREADLINE_DEBUG"


OptionError = SettingsError  # an option or its environment variable cannot be used


def _store_from_env() -> str:
    """--store's default: $THREADLINE_STORE, checked here so the message names the variable."""
    return store_setting(os.environ.get("THREADLINE_STORE"))


Project = Opener  # what every command gets as ctx.obj


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
    type=click.Choice(STORE_CHOICES),
    default=_store_from_env,
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
    help="Base IRI for entities, events and claims, an http(s) IRI ending with / or # "
    "(or $THREADLINE_BASE_IRI).",
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

    Every error is one line; THREADLINE_DEBUG=1 shows the traceback of a file-system error.

    Example: threadline validate && threadline build && threadline stats
    """
    from_env = ctx.get_parameter_source("base_iri") != click.core.ParameterSource.COMMANDLINE
    base_iri = base_iri or None  # an empty $THREADLINE_BASE_IRI is unset
    check_base_iri(base_iri, "THREADLINE_BASE_IRI" if from_env else "--base-iri")
    settings = Settings(
        data,
        graph_path,
        store,
        endpoint,
        base_iri,
        lazy_setting(os.environ.get("THREADLINE_LAZY_ABOVE")),
    )
    ctx.obj = Opener(settings, on_note=lambda text: click.echo(text, err=True))


@cli.command()
@click.pass_obj
def validate(project: Project) -> None:
    """Check curation files and sources; print every problem as path:line:col.

    Example: threadline validate
    """
    from .progress import ProgressPrinter  # progress lines on stderr for long runs
    from .validate import validate as validate_corpus

    # the last build (--graph) is the reference when declarations of one id disagree
    corpus = validate_corpus(project.data, progress=ProgressPrinter(), graph_file=project.graph)
    c = corpus.counts
    click.echo(
        f"ok: {c['sources']} source(s), {c['entities']} entities, {c['events']} events, "
        f"{c['relations']} relations; every quote anchored"
    )


@cli.command("ids")
@click.argument("text", required=False)
@click.option(
    "--kind", type=click.Choice(["entity", "event"]), default=None, help="Only entities or events."
)
@click.option(
    "--limit",
    type=click.IntRange(1, 1000),
    default=20,
    show_default=True,
    help="At most this many matches of TEXT.",
)
@graph_cli.FORMAT
@click.pass_obj
def ids_cmd(project: Project, text: str | None, kind: str | None, limit: int, fmt: str) -> None:
    """List the entity and event ids already declared, with their sources, to reuse them.

    With TEXT, the ids whose id, label or an alias is like it (case and accents ignored), best
    first. Reads the curation files as they are; no build needed.

    Example: threadline ids "state department"
    """
    from graph.sparql import QueryResult, format_result, json_text

    from .ids import declared_ids, match_ids
    from .validate import load_inputs

    listing = declared_ids(load_inputs(project.data))
    found = [d for d in listing.ids if kind in (None, d.kind)]
    if text is not None:
        found = match_ids(found, text, limit)
    if fmt == "json":
        click.echo(json_text([d.__dict__ for d in found]))
    else:
        rows = tuple(
            (
                d.id,
                d.kind,
                d.type,
                d.label,
                "; ".join(d.aliases),
                ", ".join(d.sources),
                d.matched or "",
            )
            for d in found
        )
        columns = ("id", "kind", "type", "label", "aliases", "sources", "matched")
        if text is None:
            rows, columns = tuple(r[:-1] for r in rows), columns[:-1]
        click.echo(format_result(QueryResult(columns, rows), fmt))
    if listing.problems:
        click.echo(
            f"note: {listing.problems} problem(s) in the curation files; declarations in them may "
            "be missing here — run `threadline validate`",
            err=True,
        )
    if text is not None and not found:
        raise click.ClickException(
            f"no id is like {text!r} — it is new: declare it under entities: or events:"
        )


@cli.command("build")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write the TriG graph (default: --graph); its folder must exist, "
    "except the default build/.",
)
@click.option(
    "--allow-empty",
    is_flag=True,
    help="Write the graph even if the curation has no entity and no event.",
)
@click.pass_obj
def build_cmd(project: Project, output: Path | None, allow_empty: bool) -> None:
    """Validate, convert, check SHACL shapes and write the graph atomically.

    Example: threadline build -o build/graph.trig
    """
    from .build import build

    target = output or project.graph
    if target.is_dir():
        raise OptionError(
            f"{target} is a directory — build writes a TriG file: give -o FILE "
            "(`threadline save-store DIR` writes an Oxigraph directory)"
        )
    from .progress import ProgressPrinter  # progress lines on stderr for long runs

    check_output(target, "-o" if output else "--graph")
    result = build(
        project.data,
        target,
        base_iri=project.base_iri,
        progress=ProgressPrinter(),
        allow_empty=allow_empty,
    )
    t = result.timings
    click.echo(
        f"wrote {result.output}: {result.triples} triples in "
        f"{len(result.corpus.sources) + 1} graphs ({t['total'] * 1000:.0f} ms; SHACL conforms)"
    )


@cli.command("new-source")
@click.argument("text_file", metavar="DOCUMENT", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--title", help="Title of the document (default: the HTML page's or PDF's own).")
@click.option(
    "--published",
    help="Publication date, EDTF (2025-05, 2025-05-01); default: the date an HTML page states.",
)
@click.option("--id", "source_id", help="Source id (default: from the title).")
@click.option("--publication", help="Newspaper, journal or site it appeared in.")
@click.option("--dateline", help="Date relative phrases resolve against (EDTF).")
@click.option("--author")
@click.option("--url")
@click.pass_obj
def new_source_cmd(
    project: Project,
    text_file: Path,
    title: str | None,
    published: str | None,
    source_id: str | None,
    publication: str | None,
    dateline: str | None,
    author: str | None,
    url: str | None,
) -> None:
    """Start a new document: store its text, record metadata and hash, write an empty curation.

    DOCUMENT is a plain UTF-8 text, an HTML page or a PDF; of a page or PDF the text is
    extracted (one paragraph a line) and the original's name and hash are recorded.

    Example: threadline new-source article.txt --title "A title" --published 2025-05
    """
    from .newsource import new_source

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
    if made.taken:
        click.echo(
            f"taken from the document itself (check them in {made.meta}): " + ", ".join(made.taken)
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
    from .coverage import coverage_all, format_coverage
    from .validate import validate as validate_corpus

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
    from graph.remote import Endpoint
    from graph.remote import push as push_graphs

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
    from graph.store import atomic_writer, load_dataset, write_oxigraph_directory

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
@click.pass_obj
def schema(project: Project, output: Path | None) -> None:
    """Print the JSON Schema of curation files (for editor autocompletion).

    The entity and event ids already declared in the data folder are offered where an id is
    written, beside new ones.

    Example: threadline schema -o build/curation.schema.json
    """
    from .schema import json_schema

    entities: list[str] = []
    events: list[str] = []
    if (Path(project.data) / "sources").is_dir():
        from .ids import declared_ids
        from .validate import load_inputs

        for declared in declared_ids(load_inputs(project.data)).ids:
            (entities if declared.kind == "entity" else events).append(declared.id)
    text = json_schema(entity_ids=entities, event_ids=events)
    if output is None:
        click.echo(text, nl=False)
    else:
        from graph.store import atomic_writer

        from .opener import check_output

        check_output(output, "-o")  # a missing folder is refused (build/ is made)
        with atomic_writer(output) as handle:
            handle.write(text)
        click.echo(f"wrote {output}", err=True)


LOOPBACK = "127.0.0.1"


@cli.command(context_settings={"ignore_unknown_options": True})
@click.option("--port", type=click.IntRange(1, 65535), default=8501, show_default=True)
@click.option(
    "--host",
    default=LOOPBACK,
    show_default=True,
    help="Address to listen on. The default serves this machine only; --host 0.0.0.0 opens the "
    "app to every network this machine is on (read docs/security.md first).",
)
@click.argument("streamlit_args", nargs=-1, type=click.UNPROCESSED)
@click.pass_obj
def app(project: Project, port: int, host: str, streamlit_args: tuple[str, ...]) -> None:
    """Start the Streamlit app on the bundled corpus (Ctrl-C stops it).

    It listens on 127.0.0.1 unless --host says otherwise. Arguments after the options go to
    `streamlit run` as they are.

    Example: threadline app --port 8501
    """
    if not APP.is_file():
        raise click.ClickException(f"{APP} not found — run from a checkout of Threadline")
    if any(a.split("=", 1)[0] == "--server.address" for a in streamlit_args):
        raise click.UsageError("give the address with --host, not --server.address")
    if not _is_loopback(host):
        click.echo(
            f"note: listening on {host}: anyone who can reach this machine there can use the "
            "app and its query console (docs/security.md)",
            err=True,
        )
    env = {**os.environ, "THREADLINE_DATA": str(project.data.resolve())}
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.port",
        str(port),
        "--server.address",
        host,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        *streamlit_args,
    ]
    raise SystemExit(subprocess.call(command, env=env))


def _is_loopback(host: str) -> bool:
    """Whether ``host`` is an address or name of this machine's loopback interface only."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


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
    except click.UsageError as exc:  # one line, not click's usage block
        command = exc.ctx.command_path if exc.ctx is not None else "threadline"
        click.echo(
            f"Error: {exc.format_message()} (`{command} --help` lists the options)", err=True
        )
        return 1
    except click.ClickException as exc:
        exc.show()
        return 1
    except SystemExit as exc:
        return int(exc.code or 0)
    except OSError as exc:  # the file system refused something no check foresaw
        if os.environ.get(DEBUG, "").strip() not in {"", "0"}:
            raise
        click.echo(f"error: {os_message(exc)} (THREADLINE_DEBUG=1 shows the traceback)", err=True)
        return 1
    return 0


def os_message(exc: OSError) -> str:
    """One line for a file-system error: the path(s) and the system's reason."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    if exc.filename is not None and exc.filename2 is not None:
        return f"{exc.filename} → {exc.filename2}: {reason}"
    if exc.filename is not None:
        return f"{exc.filename}: {reason}"
    return reason


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())


if __name__ == "__main__":
    run()
