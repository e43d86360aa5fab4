"""The accounts of an event several sources tell, side by side, and where they disagree.

Each source's account is a ``kg:Account`` node in that source's graph (:mod:`extract.convert`):
its date as written and as EDTF with bounds, the roles it names and its quotes. An event told by
one source has one account: the event's own statements. Conflicts are computed here, never
curated, and never resolved: date ranges that do not overlap or that differ in precision, a
participant present in one account and absent from another or in another role.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations

from .records import Account, Conflict, EventRecord
from .sparql import run_query
from .view import View

__all__ = ["accounts_of", "all_accounts", "conflicts_of"]

_ACCOUNTS = """SELECT ?acc ?event ?text ?edtf ?early ?late ?note WHERE {
  ?acc a kg:Account ; kg:accountOf ?event .
  OPTIONAL { ?acc kg:dateText ?text } OPTIONAL { ?acc kg:edtf ?edtf }
  OPTIONAL { ?acc sem:hasEarliestBeginTimeStamp ?early }
  OPTIONAL { ?acc sem:hasLatestEndTimeStamp ?late }
  OPTIONAL { ?acc kg:note ?note } }"""
_ROLES = """SELECT ?acc ?who ?role WHERE {
  ?acc a kg:Account ; kg:accountRole ?r .
  ?r rdf:value/schema:identifier ?who ; sem:roleType ?rt .
  BIND(STRAFTER(STR(?rt), "role-type/") AS ?role) }"""
_QUOTES = """SELECT ?acc ?a WHERE { ?acc a kg:Account ; prov:wasDerivedFrom ?a }"""


def _every(view: View) -> dict[str, list[tuple[str, ...]]]:
    """Every account's row, by event IRI, with its roles and anchors (three queries, once per
    graph version; kept with the build cache)."""
    by_event: dict[str, list[tuple[str, ...]]] = {}
    roles: dict[str, list[tuple[str, str]]] = {}
    anchors: dict[str, list[str]] = {}
    for acc, who, role in run_query(view.dataset, _ROLES).rows:
        roles.setdefault(acc, []).append((who, role))
    for acc, anchor in run_query(view.dataset, _QUOTES).rows:
        anchors.setdefault(acc, []).append(anchor)
    for acc, event, text, edtf, early, late, note in run_query(view.dataset, _ACCOUNTS).rows:
        by_event.setdefault(event, []).append(
            (
                acc,
                text or "",
                edtf or "",
                early or "",
                late or "",
                note or "",
                tuple(sorted(roles.get(acc, []))),
                tuple(sorted(anchors.get(acc, []))),
            )  # type: ignore[arg-type]
        )
    return by_event


def all_accounts(view: View) -> dict[str, list[tuple[str, ...]]]:
    """The rows of every account by event IRI, read once per graph version."""
    return view.cached("accounts", lambda: _every(view))


def accounts_of(whole: View, view: View, record: EventRecord, iri: str) -> tuple[Account, ...]:
    """The accounts of the event ``record`` (whose node is ``iri``), by source: read from the
    ``whole`` graph, their quotes from ``view`` (the part around the event)."""
    rows = all_accounts(whole).get(iri, [])
    if not rows:
        source = record.sources[0] if record.sources else ""
        return (
            Account(
                source,
                record.edtf,
                record.date_text,
                record.earliest,
                record.latest,
                record.participants,
                record.quotes,
            ),
        )
    by_role = {(p.id, p.role): p for p in record.participants}
    found = []
    for acc, text, edtf, early, late, note, roles, anchors in rows:
        people = [by_role[r] for r in roles if r in by_role]
        quotes = []
        for anchor in anchors:
            try:
                quotes.append(view.evidence_of(anchor))
            except KeyError:  # pragma: no cover - an anchor outside the view
                continue
        found.append(
            Account(
                source=acc.rsplit("/account/", 1)[-1],
                edtf=edtf,
                date_text=text,
                earliest=early,
                latest=late,
                participants=tuple(sorted(people, key=lambda p: (p.role, p.label))),
                quotes=tuple(sorted(quotes, key=lambda q: (q.start, q.end))),
                note=note,
            )
        )
    order = {s: n for n, s in enumerate(record.sources)}
    return tuple(sorted(found, key=lambda a: (order.get(a.source, len(order)), a.source)))


def _precision(edtf: str) -> str:
    """How precisely an EDTF date is given.

    >>> [_precision(x) for x in ("2025-03-08", "2025-03", "2025", "[2025-03-01..2025-03-10]")]
    ['day', 'month', 'year', 'range']
    """
    plain = edtf.rstrip("?~%")
    if len(plain) == 10 and plain[4] == "-" and plain[7] == "-":
        return "day"
    if len(plain) == 7 and plain[4] == "-":
        return "month"
    if len(plain) == 4 and plain.isdigit():
        return "year"
    return "range"


def _when(a: Account) -> str:
    return f"{a.source}: {a.date_text or a.edtf} ({a.edtf})" if a.edtf else f"{a.source}: undated"


def conflicts_of(accounts: tuple[Account, ...]) -> tuple[Conflict, ...]:
    """Where the accounts disagree: dates that cannot be the same day or are given to another
    precision, and participants missing from an account or in another role there."""
    found: list[Conflict] = []
    for a, b in combinations(accounts, 2):
        pair = (a.source, b.source)
        if bool(a.edtf) != bool(b.edtf):
            found.append(Conflict("date", f"only one gives a date — {_when(a)}; {_when(b)}", pair))
        elif a.edtf and b.edtf:
            apart = (a.latest and b.earliest and a.latest < b.earliest) or (
                b.latest and a.earliest and b.latest < a.earliest
            )
            if apart:
                found.append(
                    Conflict("date", f"the dates do not overlap — {_when(a)}; {_when(b)}", pair)
                )
            elif _precision(a.edtf) != _precision(b.edtf):
                found.append(
                    Conflict(
                        "date",
                        f"the dates are given to another precision ({_precision(a.edtf)} against "
                        f"{_precision(b.edtf)}) — {_when(a)}; {_when(b)}",
                        pair,
                    )
                )
    if len(accounts) > 1:
        people = {p.id: p.label for acc in accounts for p in acc.participants}
        for who in sorted(people, key=lambda i: people[i].casefold()):
            roles = {
                acc.source: sorted({p.role_label for p in acc.participants if p.id == who})
                for acc in accounts
            }
            if len({tuple(r) for r in roles.values()}) > 1:
                said = "; ".join(
                    f"{source}: {', '.join(r) if r else 'not named'}" for source, r in roles.items()
                )
                found.append(
                    Conflict("participant", f"{people[who]} — {said}", tuple(roles), entity=who)
                )
    return tuple(found)


def sources_differ(view: View, events: Iterable[str]) -> frozenset[str]:
    """Those of ``events`` (ids) whose accounts disagree somewhere (:func:`conflicts_of`); an
    event one source tells never does. For the timeline's mark of sources that differ.

    >>> from extract import build
    >>> from graph.view import ACCOUNTS_DATA, GraphView
    >>> view = GraphView.from_build(build(ACCOUNTS_DATA, None))
    >>> sorted(sources_differ(view, ["khalil-arrest"]))
    ['khalil-arrest']
    """
    from .events import event  # events imports the timeline, which pages import first

    return frozenset(e for e in events if event(view, e).conflicts)
