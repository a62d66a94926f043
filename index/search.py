"""Full-text search over paper pages with filters and facet counts; the only reader of the Whoosh index."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from whoosh import query as wq
from whoosh.qparser import MultifieldParser

from index.catalog import PaperRow, page_text, papers
from index.schema import build_schema
from index.snippets import snippet, stem_pattern

MAX_QUERY_CHARS = 1000
FACETS = ("council", "committee", "doc_type", "year")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_PARSER = MultifieldParser(["content", "title"], build_schema())
# Fields a person may name in a query; the rest of the schema is for filters.
QUERY_FIELDS = frozenset({"content", "title", "council", "committee", "doc_type", "kind", "ref", "lead_officer"})
_FIELD_PREFIX = re.compile(r"(?<![\w\\])([A-Za-z_][\w]*):(?=[^\s:])")


class QuerySyntaxError(ValueError):
    """A query the parser cannot use; the message is one line a person can act on."""


@dataclass(frozen=True)
class Filters:
    """Restrict a search. Council and committee match case-insensitively on any part of the name."""

    councils: tuple[str, ...] = ()
    committees: tuple[str, ...] = ()
    doc_types: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class Hit:
    """The best page of one matching paper."""

    paper_id: str
    title: str | None
    path: str
    page: int
    score: float | None  # None when sorted by date
    snippet: str
    councils: tuple[str, ...]
    committee: str | None
    doc_type: str | None
    date: str | None


@dataclass(frozen=True)
class Results:
    """One page of hits, the number of matching papers and facet counts over all of them."""

    query: str
    total: int
    page: int
    limit: int
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


def parse_query(text: str) -> wq.Query:
    """Parse Whoosh query syntax safely; raise QuerySyntaxError with a one-line reason."""
    text = _CONTROL.sub(" ", text or "").strip()
    if not text:
        raise QuerySyntaxError("empty query: give at least one word, or '*' for everything")
    if len(text) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(f"query too long: {len(text):,} characters (limit {MAX_QUERY_CHARS:,})")
    if text == "*":
        return wq.Every()
    for name in _FIELD_PREFIX.findall(text):
        if name.lower() not in QUERY_FIELDS:
            raise QuerySyntaxError(
                f"unknown field {name!r} in query: use {', '.join(sorted(QUERY_FIELDS))}"
                " (dates and amounts are options: --from/--to, --min-amount/--max-amount)"
            )
    try:
        parsed = _PARSER.parse(text)
    except Exception as exc:  # the parser raises bare exceptions on some malformed input
        raise QuerySyntaxError(
            f"cannot parse query {text[:60]!r}: check the placement of AND/OR/NOT, quotes, brackets and ranges"
        ) from exc
    if isinstance(parsed, type(wq.NullQuery)):
        raise QuerySyntaxError(f"query {text[:60]!r} has no searchable words (only stop words or punctuation?)")
    return parsed


def _resolve(wanted: tuple[str, ...], known: set[str], label: str) -> list[str]:
    names = []
    for want in wanted:
        hits = [k for k in known if want.lower() in k.lower()]
        if not hits:
            raise LookupError(f"no {label} matches {want!r}; known: {', '.join(sorted(known)) or 'none yet'}")
        names.extend(hits)
    return names


def filter_query(filters: Filters, catalog: list[PaperRow], rectype: str = "page") -> wq.Query:
    """Whoosh filter for the record type and the officer's filters, names resolved against the catalog."""
    parts: list[wq.Query] = [wq.Term("rectype", rectype)]
    if filters.councils:
        known = {c for p in catalog for c in p.councils}
        names = _resolve(filters.councils, known, "council")
        parts.append(wq.Or([wq.Term("council_exact", n.lower().replace(",", " ")) for n in names]))
    if filters.committees:
        known = {p.committee for p in catalog if p.committee}
        names = _resolve(filters.committees, known, "committee")
        parts.append(wq.Or([wq.Term("committee_exact", n.lower()) for n in names]))
    if filters.doc_types:
        parts.append(wq.Or([wq.Term("doc_type", t) for t in filters.doc_types]))
    if filters.date_from or filters.date_to:
        start = datetime.combine(filters.date_from, datetime.min.time()) if filters.date_from else None
        end = datetime.combine(filters.date_to, datetime.max.time()) if filters.date_to else None
        parts.append(wq.DateRange("date", start, end))
    return wq.And(parts)


def facet_counts(paper_ids: set[str], by_id: dict[str, PaperRow]) -> dict[str, dict[str, int]]:
    """Papers per council, committee, doc type and year among ``paper_ids``, most frequent first."""
    counts: dict[str, Counter] = {name: Counter() for name in FACETS}
    for pid in paper_ids:
        paper = by_id.get(pid)
        if paper is None:
            continue
        for council in paper.councils or ("unknown",):
            counts["council"][council] += 1
        counts["committee"][paper.committee or "unknown"] += 1
        counts["doc_type"][paper.doc_type or "unknown"] += 1
        counts["year"][str(paper.year) if paper.year else "unknown"] += 1
    return {name: dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))) for name, c in counts.items()}


def search(
    ix,
    conn: sqlite3.Connection,
    text: str,
    filters: Filters = Filters(),
    sort: str = "relevance",
    limit: int = 10,
    page: int = 1,
) -> Results:
    """Search paper pages; one hit per paper (its best page), facets over every matching paper."""
    if sort not in ("relevance", "date"):
        raise ValueError(f"unknown sort {sort!r}: use relevance or date")
    if limit < 1 or page < 1:
        raise ValueError("limit and page must be at least 1")
    parsed = parse_query(text)
    catalog = papers(conn, indexed_only=True)
    by_id = {p.id: p for p in catalog}
    restrict = filter_query(filters, catalog)
    with ix.searcher() as searcher:
        every = searcher.search(parsed, filter=restrict, limit=None, scored=False, sortedby=None)
        column = searcher.reader().column_reader("paper_id")
        # Records whose paper is not (yet) committed as indexed in the catalog do not count.
        matching = {pid for pid in (column[docnum] for docnum in every.docs()) if pid in by_id}
        if sort == "date":
            best = _newest_first(searcher, parsed, restrict, matching, by_id, page, limit)
        else:
            best = _best_page_per_paper(
                searcher, parsed, restrict, wanted=min(page * limit, len(matching)), known=by_id
            )
            best = best[(page - 1) * limit : page * limit]
        stems = [text for field, text in parsed.existing_terms(searcher.reader(), expand=True) if field == "content"]
        pattern = stem_pattern(t.decode("utf-8") if isinstance(t, bytes) else t for t in stems)
        hits = []
        for hit in best:
            paper = by_id[hit["paper_id"]]
            body = page_text(conn, paper.id, hit["page"])
            hits.append(
                Hit(
                    paper_id=paper.id,
                    title=paper.title,
                    path=paper.path,
                    page=hit["page"],
                    score=round(float(hit.score), 3) if isinstance(hit.score, (int, float)) else None,
                    snippet=snippet(body, pattern),
                    councils=paper.councils,
                    committee=paper.committee,
                    doc_type=paper.doc_type,
                    date=paper.date,
                )
            )
    return Results(
        query=text, total=len(matching), page=page, limit=limit, hits=hits, facets=facet_counts(matching, by_id)
    )


def _newest_first(searcher, parsed, restrict, matching: set[str], by_id: dict, page: int, limit: int) -> list:
    """One page of papers by date, newest first and undated last, each with its best-scoring page."""
    order = sorted(matching, key=lambda pid: (by_id[pid].date is None, _negated(by_id[pid].date), by_id[pid].path))
    best = []
    for paper_id in order[(page - 1) * limit : page * limit]:
        found = searcher.search(parsed, filter=wq.And([restrict, wq.Term("paper_id", paper_id)]), limit=1)
        if len(found):
            best.append(found[0])
    return best


def _negated(iso: str | None) -> int:
    return -date.fromisoformat(iso).toordinal() if iso else 0


def _best_page_per_paper(searcher, parsed, restrict, wanted: int, known: dict) -> list:
    """Top hits, one per paper (its best page), in rank order.

    Collapsing is done here rather than with Whoosh's ``collapse``, which let
    several pages of one paper through; the window doubles until enough
    distinct papers are found, so the top-N optimisation is kept for the common case.
    """
    options = {"filter": restrict}
    window = max(wanted * 4, 20)
    while True:
        found = searcher.search(parsed, limit=window, **options)
        seen: set[str] = set()
        best = []
        for hit in found:
            if hit["paper_id"] in known and hit["paper_id"] not in seen:
                seen.add(hit["paper_id"])
                best.append(hit)
        if len(best) >= wanted or found.scored_length() < window:
            return best[:wanted]
        window *= 4
