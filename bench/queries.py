"""The fixed list of 30 realistic queries, each with its minutebook form and its SQLite FTS5 / SQL equivalent.

25 are text searches through ``Store.search`` (which always computes facet counts over every matching paper):
single words, phrases, boolean queries, field queries, a prefix query, filter-restricted searches, a date-sorted
search and an everything-query (a pure facet browse). 5 are findings queries through ``Store.findings`` with
finding filters, whose equivalent is a plain SQL query over the catalog's ``findings`` table.
Filter values are name fragments (``county``, ``cabinet``) so they resolve on any corpus of UK council papers.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Query:
    """One benchmark query.

    ``text`` is Whoosh syntax for minutebook (None: no text, findings only); ``fts`` the FTS5 MATCH expression
    (None: no MATCH, every page). ``filters`` are :class:`index.Filters` keyword arguments; ``findings`` are
    :class:`index.FindingFilters` keyword arguments and mark a findings query.
    """

    name: str
    kind: str
    text: str | None
    fts: str | None = None
    filters: dict = field(default_factory=dict)
    findings: dict | None = None
    sort: str = "relevance"

    @property
    def is_search(self) -> bool:
        """True for a text search (compared with FTS5); False for a findings query (compared with SQL)."""
        return self.findings is None


QUERIES: tuple[Query, ...] = (
    # single words
    Query("budget", "word", "budget", "budget"),
    Query("resolved", "word", "resolved", "resolved"),
    Query("savings", "word", "savings", "savings"),
    Query("safeguarding", "word", "safeguarding", "safeguarding"),
    Query("potholes", "word", "potholes", "potholes"),
    Query("precept", "word", "precept", "precept"),
    # phrases
    Query('"council tax"', "phrase", '"council tax"', '"council tax"'),
    Query('"adult social care"', "phrase", '"adult social care"', '"adult social care"'),
    Query('"medium term financial plan"', "phrase", '"medium term financial plan"', '"medium term financial plan"'),
    Query('"parish council"', "phrase", '"parish council"', '"parish council"'),
    Query('"capital programme"', "phrase", '"capital programme"', '"capital programme"'),
    Query('"strategic alliance"', "phrase", '"strategic alliance"', '"strategic alliance"'),
    # boolean
    Query("resolved AND budget", "boolean", "resolved AND budget", "resolved AND budget"),
    Query("housing OR homelessness", "boolean", "housing OR homelessness", "housing OR homelessness"),
    Query("planning NOT appeal", "boolean", "planning NOT appeal", "planning NOT appeal"),
    # fields and prefixes
    Query("title:minutes AND budget", "field", "title:minutes AND budget", "title : minutes AND budget"),
    Query("council:kent AND highways", "field", "council:kent AND highways", "council : kent AND highways"),
    Query("recycl*", "prefix", "recycl*", "recycl*"),
    # filters (facet counts as always)
    Query("budget [type=report]", "filter", "budget", "budget", {"doc_types": ("report",)}),
    Query("resolved [council~county]", "filter", "resolved", "resolved", {"councils": ("county",)}),
    Query("consultation [committee~cabinet]", "filter", "consultation", "consultation", {"committees": ("cabinet",)}),
    Query('"council tax" [from 2020]', "filter", '"council tax"', '"council tax"', {"date_from": "2020-01-01"}),
    Query(
        "savings [minutes, 2015-2019]",
        "filter",
        "savings",
        "savings",
        {"doc_types": ("minutes",), "date_from": "2015-01-01", "date_to": "2019-12-31"},
    ),
    Query("budget [newest first]", "sort", "budget", "budget", sort="date"),
    Query("* [facets of everything]", "facets", "*", None),
    # findings
    Query("findings: money savings", "findings", None, findings={"kinds": ("money",), "savings": True}),
    Query("findings: money >= £1m", "findings", None, findings={"kinds": ("money",), "min_amount": 1_000_000.0}),
    Query("findings: recommendations", "findings", None, findings={"kinds": ("recommendation",)}),
    Query("findings: resolutions 'approved'", "findings", "approved", findings={"kinds": ("resolution",)}),
    Query("findings: FY 2025/26", "findings", None, findings={"fiscal_years": ("2025/26",)}),
)

assert len(QUERIES) == 30
