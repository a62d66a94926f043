"""Query stored findings (money, dates, recommendations, resolutions) through the index, with filters."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from whoosh import query as wq

from index.catalog import papers
from index.schema import build_schema
from index.search import Filters, allowed_papers, column, parse_query
from index.writer import normalise_fiscal_year

_OFFICER_WORDS = build_schema()["lead_officer"].analyzer

KINDS = ("money", "date", "recommendation", "resolution")


@dataclass(frozen=True)
class FindingFilters:
    """Restrict findings; paper-level filters (council, committee, type, paper dates) come from ``paper``."""

    kinds: tuple[str, ...] = ()
    savings: bool | None = None
    min_amount: float | None = None
    max_amount: float | None = None
    fiscal_years: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()  # recommendation ref or resolution minute/part, as printed
    lead_officers: tuple[str, ...] = ()  # words of the lead officer's title or name
    paper: Filters = field(default_factory=Filters)


@dataclass(frozen=True)
class FindingHit:
    """A finding with the paper it came from."""

    id: int
    kind: str
    text: str
    page: int | None
    paper_id: str
    paper_title: str | None
    path: str
    councils: tuple[str, ...]
    committee: str | None
    paper_date: str | None
    data: dict

    def row(self) -> dict:
        """Flat dict for tables and exports: the finding's own fields, then where it came from."""
        own = {k: v for k, v in self.data.items() if k not in ("char_start", "char_end", "page")}
        return {
            "kind": self.kind,
            **own,
            "page": self.page,
            "paper": self.paper_title,
            "paper_date": self.paper_date,
            "council": "; ".join(self.councils),
            "committee": self.committee,
            "path": self.path,
            "paper_id": self.paper_id,
        }


def _finding_filter(filters: FindingFilters) -> wq.Query:
    parts: list[wq.Query] = [wq.Term("rectype", "finding")]
    if filters.kinds:
        parts.append(wq.Or([wq.Term("kind", k) for k in filters.kinds]))
    if filters.savings is not None:
        parts.append(wq.Term("savings", filters.savings))
    if filters.min_amount is not None or filters.max_amount is not None:
        parts.append(wq.Term("kind", "money"))  # the amounts themselves are compared in the catalog
    if filters.fiscal_years:
        parts.append(wq.Or([wq.Term("fiscal_year", normalise_fiscal_year(f)) for f in filters.fiscal_years]))
    if filters.refs:
        parts.append(wq.Or([wq.Term("ref", r.strip()) for r in filters.refs]))
    for officer in filters.lead_officers:
        words = [token.text for token in _OFFICER_WORDS(officer)]
        parts.append(wq.And([wq.Term("lead_officer", w) for w in words]) if words else wq.NullQuery)
    return wq.And(parts)


FACETS = ("kind", "council", "committee", "year", "fiscal_year", "savings", "lead_officer")


def finding_facets(hits: list[FindingHit]) -> dict[str, dict[str, int]]:
    """Counts of findings per kind, council, committee, paper year, fiscal year, savings flag and lead officer."""
    counts: dict[str, Counter] = {name: Counter() for name in FACETS}
    for hit in hits:
        counts["kind"][hit.kind] += 1
        for council in hit.councils or ("unknown",):
            counts["council"][council] += 1
        counts["committee"][hit.committee or "unknown"] += 1
        counts["year"][hit.paper_date[:4] if hit.paper_date else "unknown"] += 1
        if hit.data.get("fiscal_year"):
            counts["fiscal_year"][normalise_fiscal_year(str(hit.data["fiscal_year"]))] += 1
        if hit.kind == "money":
            counts["savings"]["saving" if hit.data.get("savings") else "not a saving"] += 1
        if hit.data.get("lead_officer"):
            counts["lead_officer"][hit.data["lead_officer"]] += 1
    return {name: dict(c.most_common()) for name, c in counts.items() if c}


def find(
    ix,
    conn: sqlite3.Connection,
    text: str | None = None,
    filters: FindingFilters | None = None,
    limit: int | None = None,
) -> list[FindingHit]:
    """Findings matching ``text`` (Whoosh syntax; None for all) and ``filters``.

    With a query, best matches first; without, newest paper first and in document order.
    """
    filters = filters or FindingFilters()
    catalog_rows = papers(conn, indexed_only=True)
    allowed = allowed_papers(filters.paper, catalog_rows)
    by_id = {p.id: p for p in catalog_rows if allowed is None or p.id in allowed}
    parsed = parse_query(text) if text else wq.Every()
    with ix.searcher() as searcher:
        found = searcher.search(parsed, filter=_finding_filter(filters), limit=None, scored=bool(text))
        papers_of = column(searcher, "paper_id", "paper_id")
        ids_of = column(searcher, "finding_ref", "finding_id")
        docnums = (d for _, d in found.top_n) if text else found.docs()
        owners = {ids_of[d]: papers_of[d] for d in docnums if papers_of[d] in by_id}
    if filters.min_amount is not None or filters.max_amount is not None:
        in_range = _amounts_between(conn, filters.min_amount, filters.max_amount)
        owners = {fid: owner for fid, owner in owners.items() if fid in in_range}
    order = list(owners)  # score order with a query
    if not text:  # newest paper first, then in document order; decided before any row is loaded
        order.sort(key=lambda fid: (_neg_date(by_id[owners[fid]].date), by_id[owners[fid]].path, fid))
    if limit:
        order = order[: limit * 2]  # room for rows dropped below
    rows = _load(conn, order)
    hits = []
    for finding_id in order:
        owner = owners[finding_id]
        row = rows.get(finding_id)
        if row is None or row["paper_id"] != owner:
            continue  # a record the catalog no longer knows, or knows for another paper: `check` reports it
        paper = by_id[owner]
        hits.append(
            FindingHit(
                id=finding_id,
                kind=row["kind"],
                text=row["text"],
                page=row["page"],
                paper_id=paper.id,
                paper_title=paper.title,
                path=paper.path,
                councils=paper.councils,
                committee=paper.committee,
                paper_date=paper.date,
                data=json.loads(row["data"]),
            )
        )
    return hits[:limit] if limit else hits


def _amounts_between(conn: sqlite3.Connection, low: float | None, high: float | None) -> set[int]:
    """Ids of money findings whose value in pounds lies in [low, high] (either end open)."""
    sql = "SELECT id FROM findings WHERE kind = 'money'"
    args: list[float] = []
    if low is not None:
        sql += " AND value >= ?"
        args.append(low)
    if high is not None:
        sql += " AND value <= ?"
        args.append(high)
    return {row[0] for row in conn.execute(sql, args)}


def _neg_date(iso: str | None) -> int:
    if not iso:
        return 0
    try:
        return -datetime.fromisoformat(iso).date().toordinal()
    except ValueError:
        return 0


def _load(conn: sqlite3.Connection, ids: list[int]) -> dict[int, sqlite3.Row]:
    rows: dict[int, sqlite3.Row] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(
            f"SELECT id, paper_id, kind, page, text, data FROM findings WHERE id IN ({marks})", chunk
        ):
            rows[row["id"]] = row
    return rows


__all__ = ["KINDS", "FindingFilters", "FindingHit", "find", "finding_facets", "normalise_fiscal_year"]
