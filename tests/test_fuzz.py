"""Hypothesis drives the whole extraction on arbitrary text and on mutated real paper text."""

from __future__ import annotations

from datetime import date

from conftest import REAL, SEED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract import extract
from ingest import Document, Page, read_document, sha256_bytes

_PAPERS = [
    read_document(path).text
    for path in (
        SEED / "002_47a36f0c17e328dd.txt",
        SEED / "004_f7d74ed9afe85064.txt",
        REAL / "stokeferry_pc_minutes_2020-12_meeting.html",
        REAL / "kent_cc_cabinet_2025-01-30_printed_minutes.pdf",
    )
]
# Council-paper fragments: the pieces rules look for, to be shuffled into odd places.
_FRAGMENTS = [
    "RESOLVED that",
    "(1)",
    "(2a)",
    "Moved by Councillor A. Smith, seconded by Councillor B. Jones",
    "£1.5m",
    "£3,677,444",
    "£60+ million",
    "10p",
    "per annum",
    "2018/19",
    "2024-25",
    "Quarter 3",
    "Q2",
    "1st April 2011",
    "Tuesday 28 November to Friday 1 December 2023",
    "May 2018",
    "Recommendations",
    "That the Committee",
    "PERFORM Code\tRecommendation\tDesired Outcome\tTarget Date",
    "£000",
    "Savings Achieved (£)",
    "14/10/6.01",
    "16/00501/OM",
    "Vision 2040",
    "7.30pm",
    "\t",
    "\n",
    "\n\n",
    "  ",
    "31 February 2020",
    "0/0",
    "£",
    "Q0",
    "9999/00",
]


def _document(text: str) -> Document:
    pages = tuple(Page(i, chunk) for i, chunk in enumerate(text.split("\f"), 1)) or (Page(1, ""),)
    return Document(id=sha256_bytes(text.encode("utf-8", "surrogatepass")), path="fuzz.txt", format="text", pages=pages)


def _check(text: str) -> None:
    document = _document(text)
    findings = extract(document)
    full = document.text
    for money in findings.money:
        assert money.value >= 0
        assert 0 <= money.char_start <= money.char_end <= len(full)
    for mention in findings.dates:
        assert date.fromisoformat(mention.start) <= date.fromisoformat(mention.end)
        assert 0 <= mention.char_start <= mention.char_end <= len(full)
    for item in (*findings.recommendations, *findings.resolutions):
        assert 0 <= item.char_start <= item.char_end <= len(full)
        assert item.text.strip()
    meta = findings.meta
    if meta.date:
        date.fromisoformat(meta.date)
    findings.to_dict()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_arbitrary_text_never_breaks_extraction(text):
    _check(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=12)), max_size=40))
def test_shuffled_council_fragments_never_break_extraction(parts):
    _check(" ".join(parts))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(range(len(_PAPERS))),
    st.lists(st.tuples(st.floats(0, 1), st.integers(1, 400), st.sampled_from(["cut", "dup", "insert"])), max_size=6),
    st.sampled_from(_FRAGMENTS),
)
def test_mutated_real_papers_never_break_extraction(which, edits, fragment):
    text = _PAPERS[which]
    for where, length, how in edits:
        at = int(where * len(text))
        if how == "cut":
            text = text[:at] + text[at + length :]
        elif how == "dup":
            text = text[:at] + text[at : at + length] * 2 + text[at + length :]
        else:
            text = text[:at] + fragment + text[at:]
    _check(text)
