"""Exports for other tools: GraphML and GEXF (Gephi, Cytoscape), CSV tables, TimelineJS JSON.

RDF formats (TriG, N-Quads, Turtle, JSON-LD with a context) are written by
:func:`graph.store.serialize`; :func:`export_text` and :func:`write_export` cover all of them.

- **GraphML / GEXF**: the projection (entities, events, relation and participation edges, keyed by
  claim and role ids) with scalar attributes only: lists become ``"; "``-joined text, missing
  values are left out. Relation dates are ``start_edtf``/``end_edtf`` (GEXF reserves ``start`` and
  ``end`` for its own time spells), bounds ``earliest``/``latest``.
- **CSV** (a folder): ``entities.csv``, ``relations.csv`` (one row per claim, with its quotes),
  ``events.csv`` (one row per event, participants as ``label (role)`` text) and
  ``participants.csv`` (one row per event and participant, for joins). UTF-8, with a header row.
- **TimelineJS**: the JSON a TimelineJS3 timeline reads (``{"title", "events", "eras"}``): one
  slide per dated event (``start_date``/``end_date`` from the date bounds, as precise as they are;
  ``display_date`` the source's date phrase; ``text.headline`` the label; ``text.text`` the quote,
  participants and source; ``group`` the event type; ``unique_id`` the event id). Events whose
  EDTF is a closed interval (``A/B``: "a span that lasted") are also declared as eras.
"""

from __future__ import annotations

import calendar
import csv
import datetime
import io
import json
from collections.abc import Iterable
from html import escape
from pathlib import Path
from typing import Any

import networkx as nx

from .attrs import ANCHORS, DOCUMENT, ENTITY, KIND, RELATION
from .errors import StoreError
from .lookup import claim_statement
from .records import TimelineItem
from .store import EXPORT_FORMATS, RDF_FORMATS, atomic_writer, serialize
from .timeline import timeline
from .view import View

__all__ = [
    "EXPORT_FORMATS",
    "export_text",
    "timelinejs",
    "to_gexf",
    "to_graphml",
    "write_csv",
    "write_export",
]

_RENAMED = {"start": "start_edtf", "end": "end_edtf"}
_DROPPED = {"anchors", "iri"}


def _scalar(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return "; ".join(str(v) for v in value)
    return value


def export_network(view: View) -> nx.MultiDiGraph:
    """A copy of the projection whose attributes are all scalars (str, int, float, bool)."""
    g = view.whole().projection.graph
    out = nx.MultiDiGraph(name="Threadline")
    for node, data in g.nodes(data=True):
        attrs = {k: _scalar(v) for k, v in data.items() if k not in _DROPPED}
        attrs["mentions"] = len(data.get(ANCHORS, ()))
        out.add_node(node, **{k: v for k, v in attrs.items() if v not in ("", None)})
    for u, v, key, data in g.edges(keys=True, data=True):
        attrs = {_RENAMED.get(k, k): _scalar(val) for k, val in data.items() if k not in _DROPPED}
        attrs["id"] = key
        attrs["quotes"] = len(data.get(ANCHORS, ()))
        out.add_edge(u, v, key=key, **{k: val for k, val in attrs.items() if val not in ("", None)})
    return out


def to_graphml(view: View) -> str:
    """The projection as GraphML (nodes and edges keep their ids; see the module docstring).

    Examples
    --------
    >>> import io, networkx as nx
    >>> from extract import build
    >>> from graph.view import EXAMPLE_DATA, GraphView
    >>> view = GraphView.from_build(build(EXAMPLE_DATA, None))
    >>> g = nx.read_graphml(io.StringIO(to_graphml(view)))
    >>> g.nodes["marco-rubio"]["label"], g.number_of_edges()
    ('Marco Rubio', 9)
    """
    return "\n".join(nx.generate_graphml(export_network(view))) + "\n"


def to_gexf(view: View) -> str:
    """The projection as GEXF 1.2 (Gephi), with node and edge labels."""
    return "\n".join(nx.generate_gexf(export_network(view))) + "\n"


def _rows_csv(columns: list[str], rows: Iterable[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _scalar(v) for k, v in row.items()})
    return out.getvalue()


ENTITY_COLUMNS = [
    "id",
    "label",
    "type",
    "type_label",
    "aliases",
    "description",
    "wikidata",
    "mentions",
    "first_quote",
    "sources",
]
RELATION_COLUMNS = [
    "claim",
    "subject",
    "subject_label",
    "predicate",
    "label",
    "inverse_label",
    "category",
    "object",
    "object_label",
    "statement",
    "title",
    "start",
    "end",
    "earliest",
    "latest",
    "certainty",
    "stated_by",
    "quote",
    "source",
    "quote_start",
    "quote_end",
    "quotes",
]
EVENT_COLUMNS = [
    "id",
    "label",
    "type",
    "type_label",
    "date_text",
    "edtf",
    "earliest",
    "latest",
    "uncertain",
    "approximate",
    "place",
    "place_label",
    "participants",
    "participant_ids",
    "certainty",
    "quote",
    "sources",
]
PARTICIPANT_COLUMNS = ["event", "event_label", "entity", "entity_label", "role", "role_label"]


def csv_tables(view: View) -> dict[str, str]:
    """The CSV tables by file name (see the module docstring)."""
    view = view.whole()
    g = view.projection.graph
    entities = []
    for node, d in sorted(g.nodes(data=True)):
        if d[KIND] != ENTITY:
            continue
        quotes = [view.current.anchors[a] for a in d[ANCHORS]]
        entities.append(
            {
                **d,
                "id": node,
                "mentions": len(quotes),
                "first_quote": quotes[0].quote if quotes else "",
                "sources": sorted({q.document for q in quotes}),
            }
        )
    relations = []
    for u, v, key, d in sorted(g.edges(keys=True, data=True), key=lambda e: e[2]):
        if d[KIND] != RELATION:
            continue
        evidence = [view.evidence_of(a) for a in d[ANCHORS]]
        first = evidence[0] if evidence else None
        relations.append(
            {
                **d,
                "claim": key,
                "subject": u,
                "subject_label": view.label(u),
                "object": v,
                "object_label": view.label(v),
                "statement": claim_statement(view, u, v, d),
                "source": d[DOCUMENT],
                "quote_start": first.start if first else "",
                "quote_end": first.end if first else "",
                "quotes": " | ".join(e.quote for e in evidence),
            }
        )
    items = timeline(view, undated=True)
    events = []
    for t in items:
        events.append(
            {
                **t.__dict__,
                "participants": [f"{p.label} ({p.role_label})" for p in t.participants],
                "participant_ids": [p.id for p in t.participants],
            }
        )
    participants = [
        {
            "event": t.id,
            "event_label": t.label,
            "entity": p.id,
            "entity_label": p.label,
            "role": p.role,
            "role_label": p.role_label,
        }
        for t in items
        for p in t.participants
    ]
    return {
        "entities.csv": _rows_csv(ENTITY_COLUMNS, entities),
        "relations.csv": _rows_csv(RELATION_COLUMNS, relations),
        "events.csv": _rows_csv(EVENT_COLUMNS, events),
        "participants.csv": _rows_csv(PARTICIPANT_COLUMNS, participants),
    }


def write_csv(view: View, directory: Path | str) -> list[Path]:
    """Write the CSV tables into ``directory`` (created if needed), each file atomically."""
    folder = Path(directory)
    if folder.exists() and not folder.is_dir():
        raise StoreError(f"{folder}: CSV export writes several files — give a folder, not a file")
    written = []
    for name, text in csv_tables(view).items():
        with atomic_writer(folder / name) as handle:
            handle.write(text)
        written.append(folder / name)
    return written


def _date(bound: str) -> dict[str, int]:
    d = datetime.date.fromisoformat(bound)
    return {"year": d.year, "month": d.month, "day": d.day}


def _dates(earliest: str, latest: str) -> tuple[dict[str, int], dict[str, int] | None]:
    """TimelineJS start and end dates, only as precise as the bounds are."""
    if not earliest:
        return _date(latest), None
    start = datetime.date.fromisoformat(earliest)
    end = datetime.date.fromisoformat(latest) if latest else None
    if end is not None and start.year == end.year:
        whole_year = (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
        last_day = calendar.monthrange(end.year, end.month)[1]
        if whole_year:
            return {"year": start.year}, None
        if start.month == end.month and start.day == 1 and end.day == last_day:
            return {"year": start.year, "month": start.month}, None
    if end is None or end == start:
        return _date(earliest), None
    return _date(earliest), _date(latest)


def _slide(t: TimelineItem) -> dict[str, Any]:
    start, end = _dates(t.earliest, t.latest)
    parts = []
    if t.quote:
        parts.append(f"<blockquote>{escape(t.quote)}</blockquote>")
    who = ", ".join(f"{escape(p.label)} ({escape(p.role_label)})" for p in t.participants)
    if who:
        parts.append(f"<p>{who}</p>")
    if t.place_label:
        parts.append(f"<p>Place: {escape(t.place_label)}</p>")
    if t.sources:
        parts.append(f"<p>Source: {escape(', '.join(t.sources))}</p>")
    slide: dict[str, Any] = {
        "unique_id": t.id,
        "start_date": start,
        "text": {"headline": escape(t.label), "text": "".join(parts)},
        "group": t.type_label,
    }
    if end is not None:
        slide["end_date"] = end
    if t.date_text:
        slide["display_date"] = t.date_text
    return slide


def timelinejs(
    view: View, *, title: str = "Threadline", entity: str | None = None, eras: bool = True
) -> dict[str, Any]:
    """The dated events as a TimelineJS3 JSON object (see the module docstring).

    Parameters
    ----------
    view
        The graph.
    title
        Headline of the title slide.
    entity
        Only this entity's timeline (see :func:`graph.timeline`).
    eras
        Declare the events with a closed interval date (``A/B``) as eras too.

    Examples
    --------
    >>> from extract import build
    >>> from graph.view import EXAMPLE_DATA, GraphView
    >>> view = GraphView.from_build(build(EXAMPLE_DATA, None))
    >>> slide = timelinejs(view)["events"][0]
    >>> slide["start_date"], slide["end_date"]
    ({'year': 2025, 'month': 3, 'day': 1}, {'year': 2025, 'month': 3, 'day': 10})
    >>> slide["display_date"], slide["group"], slide["text"]["headline"]
    ('In early March', 'arrest', 'Arrest of Mahmoud Khalil')
    """
    items = timeline(view.whole() if entity is None else view, entity)
    sources = sorted({s for t in items for s in t.sources})
    out: dict[str, Any] = {
        "title": {
            "text": {
                "headline": escape(title),
                "text": f"<p>{len(items)} dated events from {escape(', '.join(sources))}</p>"
                if sources
                else "",
            }
        },
        "events": [_slide(t) for t in items],
    }
    if eras:
        declared = []
        for t in items:
            if "/" in t.edtf and t.earliest and t.latest and t.earliest != t.latest:
                declared.append(
                    {
                        "start_date": _date(t.earliest),
                        "end_date": _date(t.latest),
                        "text": {"headline": escape(t.label)},
                    }
                )
        if declared:
            out["eras"] = declared
    return out


def export_text(view: View, fmt: str) -> str:
    """Any single-file export as text: an RDF format, graphml, gexf or timelinejs."""
    if fmt in RDF_FORMATS:
        return serialize(view.dataset, fmt)  # type: ignore[arg-type]
    if fmt == "graphml":
        return to_graphml(view)
    if fmt == "gexf":
        return to_gexf(view)
    if fmt == "timelinejs":
        return json.dumps(timelinejs(view), indent=1, ensure_ascii=False) + "\n"
    if fmt == "csv":
        raise StoreError("CSV export writes several files — give a folder with -o DIR")
    raise StoreError(f"unknown export format {fmt!r} — choose one of {', '.join(EXPORT_FORMATS)}")


def write_export(view: View, fmt: str, output: Path | str) -> list[Path]:
    """Write an export to ``output`` (a folder for csv, a file otherwise), atomically."""
    if fmt == "csv":
        return write_csv(view, output)
    path = Path(output)
    if path.is_dir():
        raise StoreError(f"{path} is a folder — give a file name for {fmt}")
    text = export_text(view, fmt)
    with atomic_writer(path) as handle:
        handle.write(text)
    return [path]
