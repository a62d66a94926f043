"""Search: hits, snippets with pages, filters, facet counts, sorting, paging, hostile queries."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest

from index import Filters, QuerySyntaxError, Store, catalog, parse_query


@pytest.fixture(scope="module")
def store(corpus_home):
    with Store(corpus_home.catalog_path, corpus_home.index_dir) as opened:
        yield opened


def _papers_matching(store, pattern: str) -> set[str]:
    regex = re.compile(pattern, re.I)
    return {
        p.id for p in catalog.papers(store.conn) if any(regex.search(t) for _, t in catalog.pages(store.conn, p.id))
    }


def _expected_facets(store, ids: set[str]) -> dict[str, Counter]:
    counts = {"council": Counter(), "committee": Counter(), "doc_type": Counter(), "year": Counter()}
    for paper in catalog.papers(store.conn):
        if paper.id in ids:
            for council in paper.councils or ("unknown",):
                counts["council"][council] += 1
            counts["committee"][paper.committee or "unknown"] += 1
            counts["doc_type"][paper.doc_type or "unknown"] += 1
            counts["year"][str(paper.year) if paper.year else "unknown"] += 1
    return counts


def test_phrase_search_finds_every_paper_with_the_phrase_and_counts_facets(store):
    results = store.search('"strategic alliance"', limit=100)
    expected = _papers_matching(store, r"strategic\s+alliances?")
    assert {h.paper_id for h in results.hits} == expected
    assert results.total == len(expected) == 9  # three seed papers, each as text, PDF and HTML
    assert {k: Counter(v) for k, v in results.facets.items()} == _expected_facets(store, expected)


def test_every_facet_over_all_papers_matches_the_catalog(store):
    results = store.search("*", limit=1)
    everything = {p.id for p in catalog.papers(store.conn)}
    assert results.total == len(everything)
    assert {k: Counter(v) for k, v in results.facets.items()} == _expected_facets(store, everything)


def test_snippet_names_its_page_and_marks_terms(store):
    results = store.search("Seashells", limit=5)
    hit = results.hits[0]
    assert hit.path.endswith("kent_cc_cabinet_2025-01-30_printed_minutes.pdf")
    assert "[[Seashells]]" in hit.snippet
    assert "Seashells" in catalog.page_text(store.conn, hit.paper_id, hit.page)


def test_stemming_matches_word_forms(store):
    assert store.search("recommending").total == store.search("recommend").total > 0


def test_filters_restrict_results(store):
    everything = store.search("council", limit=100)
    kent = store.search("council", filters=Filters(councils=("kent",)), limit=100)
    assert 0 < kent.total < everything.total
    assert all(any("Kent" in c for c in h.councils) for h in kent.hits)
    minutes = store.search("council", filters=Filters(doc_types=("minutes",)), limit=100)
    assert minutes.total and all(h.doc_type == "minutes" for h in minutes.hits)
    recent = store.search("council", filters=Filters(date_from=date(2020, 1, 1)), limit=100)
    assert recent.total and all(h.date and h.date >= "2020-01-01" for h in recent.hits)
    old = store.search("council", filters=Filters(date_to=date(2014, 12, 31)), limit=100)
    assert old.total and all(h.date and h.date <= "2014-12-31" for h in old.hits)
    with pytest.raises(LookupError, match="no council matches 'Atlantis'"):
        store.search("council", filters=Filters(councils=("Atlantis",)))


def test_sort_by_date_and_paging(store):
    by_date = store.search("council", sort="date", limit=100)
    dates = [h.date for h in by_date.hits if h.date]
    assert dates == sorted(dates, reverse=True)
    undated = [n for n, h in enumerate(by_date.hits) if not h.date]
    assert undated and min(undated) == len(dates)  # papers without a date come last
    assert store.search("council", sort="date", limit=3, page=2).hits == by_date.hits[3:6]
    first, second = store.search("council", limit=3, page=1), store.search("council", limit=3, page=2)
    assert len(first.hits) == len(second.hits) == 3
    assert not {h.paper_id for h in first.hits} & {h.paper_id for h in second.hits}


def test_field_queries(store):
    assert store.search("title:minutes").total > 0
    assert store.search("council:kent").total == store.search("*", filters=Filters(councils=("Kent",))).total


HOSTILE = [
    '"unbalanced quote',
    "(unbalanced bracket",
    "bracket)",
    "NOT NOT NOT",
    "AND",
    "OR OR",
    "a AND",
    "NOT",
    "S80 Partnership",
    "Min 23/45",
    "2018/19",
    "£1.5m",
    "title:",
    ":",
    "::",
    "field:value:other",
    "*ought",
    "?",
    "a~99",
    '"phrase"~99',
    "[a TO",
    "{x TO y]",
    "date:[2020 TO",
    "<",
    ">",
    "<=5",
    "x^",
    "^2",
    "\\",
    "\x00\x07x",
    "council:",
    "'single",
    "budget*" * 3,
    "a" * 999,
    "‘curly’ “quotes”",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_search_or_raise_a_one_line_error(store, text):
    try:
        results = store.search(text)
    except QuerySyntaxError as exc:
        assert "\n" not in str(exc) and str(exc)
    else:
        assert results.total >= 0


def test_overlong_and_empty_queries_are_refused():
    with pytest.raises(QuerySyntaxError, match="query too long: 10,000 characters"):
        parse_query("x" * 10_000)
    with pytest.raises(QuerySyntaxError, match="empty query"):
        parse_query("  \x01 ")
