"""Full-text search over paper pages with filters and facet counts; the only reader of the Whoosh index."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

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


def allowed_papers(filters: Filters, catalog: list[PaperRow]) -> set[str] | None:
    """Ids of the papers the officer's filters allow (None: no paper filter), names resolved against the catalog.

    Paper-level filters are answered from the catalog rather than the index: every index
    record would otherwise have to carry its paper's council, committee, type and date.
    """
    if not (filters.councils or filters.committees or filters.doc_types or filters.date_from or filters.date_to):
        return None
    keep = list(catalog)
    if filters.councils:
        names = set(_resolve(filters.councils, {c for p in catalog for c in p.councils}, "council"))
        keep = [p for p in keep if names.intersection(p.councils)]
    if filters.committees:
        names = set(_resolve(filters.committees, {p.committee for p in catalog if p.committee}, "committee"))
        keep = [p for p in keep if p.committee in names]
    if filters.doc_types:
        keep = [p for p in keep if p.doc_type in filters.doc_types]
    if filters.date_from:
        keep = [p for p in keep if p.date and p.date >= filters.date_from.isoformat()]
    if filters.date_to:
        keep = [p for p in keep if p.date and p.date <= filters.date_to.isoformat()]
    return {p.id for p in keep}


def column(searcher, name: str, stored: str):
    """docnum -> value of column ``name``, or of stored field ``stored`` for an index with no records yet."""
    reader = searcher.reader()
    if reader.has_column(name):
        return reader.column_reader(name)

    class _Stored:
        def __getitem__(self, docnum: int):
            return searcher.stored_fields(docnum)[stored]

    return _Stored()


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
    allowed = allowed_papers(filters, catalog)
    by_id = {p.id: p for p in catalog if allowed is None or p.id in allowed}
    with ix.searcher() as searcher:
        # One scored pass over every matching page: the best page of each paper is the first
        # one met, and the set of papers feeds the facet counts. Records whose paper is not
        # (yet) committed as indexed in the catalog, or that the filters exclude, do not count.
        found = searcher.search(parsed, filter=wq.Term("rectype", "page"), limit=None)
        papers_of = column(searcher, "paper_id", "paper_id")
        best_page: dict[str, tuple[int, float]] = {}
        for score, docnum in found.top_n:
            paper_id = papers_of[docnum]
            if paper_id in by_id and paper_id not in best_page:
                best_page[paper_id] = (docnum, score)
        if sort == "date":
            order = sorted(best_page, key=lambda pid: (by_id[pid].date is None, _negated(by_id[pid].date)))
        else:
            order = list(best_page)  # already in score order
        stems = [t for field, t in parsed.existing_terms(searcher.reader(), expand=True) if field == "content"]
        pattern = stem_pattern(t.decode("utf-8") if isinstance(t, bytes) else t for t in stems)
        hits = []
        for paper_id in order[(page - 1) * limit : page * limit]:
            paper = by_id[paper_id]
            docnum, score = best_page[paper_id]
            number = searcher.stored_fields(docnum)["page"]
            hits.append(
                Hit(
                    paper_id=paper.id,
                    title=paper.title,
                    path=paper.path,
                    page=number,
                    score=round(float(score), 3) if sort == "relevance" else None,
                    snippet=snippet(page_text(conn, paper.id, number), pattern),
                    councils=paper.councils,
                    committee=paper.committee,
                    doc_type=paper.doc_type,
                    date=paper.date,
                )
            )
    matching = set(best_page)
    return Results(
        query=text, total=len(matching), page=page, limit=limit, hits=hits, facets=facet_counts(matching, by_id)
    )


def _negated(iso: str | None) -> int:
    return -date.fromisoformat(iso).toordinal() if iso else 0
