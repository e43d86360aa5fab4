"""The ``threadline`` command line: one group, thin commands, one-line errors.

Each command parses its arguments, makes one library call and turns library errors into a
message and exit code 1 here, at the boundary: never a traceback for a user's mistake.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import click
from rdflib import Dataset

from graph import cli as graph_cli
from graph.errors import GraphError
from graph.store import STORES, load_dataset
from graph.vocabulary import DEFAULT_VOCABULARY

from .build import DEFAULT_OUTPUT, build
from .errors import CurationErrors, ExtractError
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
    _dataset: Dataset | None = field(default=None, repr=False)

    def inputs_mtime(self) -> float:
        files = [DEFAULT_VOCABULARY, *self.data.rglob("*")]
        return max((f.stat().st_mtime for f in files if f.is_file()), default=0.0)

    def dataset(self) -> Dataset:
        if self._dataset is None:
            if not self.graph.is_file() or self.graph.stat().st_mtime < self.inputs_mtime():
                what = "missing" if not self.graph.is_file() else "older than the data"
                click.echo(f"note: {self.graph} is {what}; building it first", err=True)
                build(self.data, self.graph, base_iri=self.base_iri)
            self._dataset = load_dataset(self.graph, self.store)
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
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_OUTPUT,
    show_default=True,
    help="The built graph (TriG).",
)
@click.option(
    "--store",
    type=click.Choice(STORES),
    default=lambda: os.environ.get("THREADLINE_STORE", "memory"),
    show_default="memory",
    help="Where queries run: rdflib in memory, or embedded Oxigraph.",
)
@click.option(
    "--base-iri",
    default=lambda: os.environ.get("THREADLINE_BASE_IRI"),
    help="Base IRI for entities, events and claims (or $THREADLINE_BASE_IRI).",
)
@click.pass_context
def cli(ctx: click.Context, data: Path, graph_path: Path, store: str, base_iri: str | None) -> None:
    """Threadline: curated, quote-anchored knowledge graphs of documents.

    Example: threadline validate && threadline build && threadline stats
    """
    ctx.obj = Project(data, graph_path, store, base_iri)


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
    result = build(project.data, output or project.graph, base_iri=project.base_iri)
    t = result.timings
    click.echo(
        f"wrote {result.output}: {result.triples} triples in "
        f"{len(result.corpus.sources) + 1} graphs ({t['total'] * 1000:.0f} ms; SHACL conforms)"
    )


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
