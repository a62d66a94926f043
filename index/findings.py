"""Query stored findings (money, dates, recommendations, resolutions) through the index, with filters."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime

from whoosh import query as wq

from index.catalog import papers
from index.search import Filters, filter_query, parse_query

KINDS = ("money", "date", "recommendation", "resolution")


@dataclass(frozen=True)
class FindingFilters:
    """Restrict findings; paper-level filters (council, committee, type, paper dates) come from ``paper``."""

    kinds: tuple[str, ...] = ()
    savings: bool | None = None
    min_amount: float | None = None
    max_amount: float | None = None
    fiscal_years: tuple[str, ...] = ()
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


def normalise_fiscal_year(text: str) -> str:
    """``2015-16``, ``2015/16`` and ``2015/2016`` all become ``2015/16``."""
    cleaned = text.strip().replace("-", "/").replace("–", "/")
    start, sep, end = cleaned.partition("/")
    if sep and start.isdigit() and end.isdigit() and len(start) == 4:
        return f"{start}/{end[-2:]}"
    return cleaned


def _finding_filter(filters: FindingFilters, catalog_rows) -> wq.Query:
    parts = [filter_query(filters.paper, catalog_rows, rectype="finding")]
    if filters.kinds:
        parts.append(wq.Or([wq.Term("kind", k) for k in filters.kinds]))
    if filters.savings is not None:
        parts.append(wq.Term("savings", filters.savings))
    if filters.min_amount is not None or filters.max_amount is not None:
        parts.append(wq.NumericRange("amount", filters.min_amount, filters.max_amount))
    if filters.fiscal_years:
        parts.append(wq.Or([wq.Term("fiscal_year", normalise_fiscal_year(f)) for f in filters.fiscal_years]))
    return wq.And(parts)


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
    by_id = {p.id: p for p in catalog_rows}
    parsed = parse_query(text) if text else wq.Every()
    with ix.searcher() as searcher:
        found = searcher.search(parsed, filter=_finding_filter(filters, catalog_rows), limit=None, scored=bool(text))
        ids = [hit["finding_id"] for hit in found]
    rows = _load(conn, ids)
    hits = []
    for finding_id in ids:
        row = rows.get(finding_id)
        paper = by_id.get(row["paper_id"]) if row else None
        if row is None or paper is None:
            continue
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
    if not text:
        hits.sort(key=lambda h: (_neg_date(h.paper_date), h.path, h.id))
    return hits[:limit] if limit else hits


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


__all__ = ["KINDS", "FindingFilters", "FindingHit", "find", "normalise_fiscal_year"]
