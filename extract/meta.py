"""Who, what and when a paper is, read from its own heading: councils, committee, doc_type, date, title.

The heading of a council paper (the blocks before the attendance list or the first paragraph of prose)
names the authority, the meeting and the date; the body only decides between candidates:

- councils: typed council names printed in the heading (``KENT COUNTY COUNCIL``); else principal-council
  places from the gazetteer printed in a heading line (``STRATEGIC ALLIANCE BOLSOVER AND ...``); else the
  councils the body names most, counting abbreviations (``BDC``) built from their initials.
- committee: the body whose meeting it is (``meeting of the Cabinet held``, a ``CABINET`` heading line);
  the full council of a parish or town when minutes name no body; None for letters, peer reviews, case studies.
- doc_type: heading cues first (minutes, letter salutation, peer challenge), then body signals.
- date: the meeting date for minutes and agendas (first full date in the heading), the dateline otherwise.
- title: the heading; minutes get a composed ``Minutes of the X meeting, 1 May 2020``.

Council names are found with a spaCy Matcher and the gazetteer with a PhraseMatcher over a cached
``spacy.blank("en")``; rules live in ``extract/patterns/meta.jsonl`` and ``councils.jsonl``.

This module runs the steps in order; each step's rules live in a module of its own:
``extract.lexicon`` (the rule file), ``extract.heading`` (blocks, text helpers, dates),
``extract.councils``, ``extract.doctype``, ``extract.committees`` and ``extract.titles``. Their public
names are re-exported here so ``extract.meta`` stays the one import for callers and tests.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from extract.committees import body_name, find_committee, full_council
from extract.councils import (
    GAZETTEER_FILE,
    CouncilName,
    MetaNames,
    Place,
    body_councils,
    council_names,
    find_councils,
    gazetteer,
    get_meta_nlp,
    initials,
    looks_foreign,
    make_meta_names,
    names_in,
    parse_gazetteer,
    places_in,
)
from extract.doctype import classify, is_minutes_heading
from extract.findings import PaperMeta
from extract.heading import (
    HEADER_MAX_BLOCKS,
    HEADER_MAX_LINES,
    PROSE_MIN_WORDS,
    Block,
    DateHit,
    blocks_of,
    clean_line,
    find_date,
    find_dates,
    header_blocks,
    is_prose,
    recase,
    title_date,
)
from extract.lexicon import (
    MATCHER_LABELS,
    PATTERNS_DIR,
    PHRASE_LABELS,
    RULES_FILE,
    WORD_LABELS,
    Rules,
    parse_rules,
    phrase_regexes,
    rules,
    starts_with,
)
from extract.titles import continues, find_title, first_heading, is_label, minutes_title

if TYPE_CHECKING:
    from ingest import Document

__all__ = [
    "GAZETTEER_FILE",
    "HEADER_MAX_BLOCKS",
    "HEADER_MAX_LINES",
    "MATCHER_LABELS",
    "PATTERNS_DIR",
    "PHRASE_LABELS",
    "PROSE_MIN_WORDS",
    "RULES_FILE",
    "WORD_LABELS",
    "Block",
    "CouncilName",
    "DateHit",
    "MetaNames",
    "PaperMeta",
    "Place",
    "Rules",
    "blocks_of",
    "body_councils",
    "body_name",
    "classify",
    "clean_line",
    "continues",
    "council_names",
    "find_committee",
    "find_councils",
    "find_date",
    "find_dates",
    "find_title",
    "first_heading",
    "full_council",
    "gazetteer",
    "get_meta_nlp",
    "header_blocks",
    "infer_meta",
    "initials",
    "is_label",
    "is_minutes_heading",
    "is_prose",
    "looks_foreign",
    "make_meta_names",
    "minutes_title",
    "names_in",
    "parse_gazetteer",
    "parse_rules",
    "phrase_regexes",
    "places_in",
    "recase",
    "rules",
    "starts_with",
    "title_date",
]


def infer_meta(document: Document) -> PaperMeta:
    """Councils, committee, doc_type, date and title of ``document``; never raises on odd text."""
    text = document.text or ""
    header = header_blocks(text)
    doc_type = classify(header, text)
    file_meta = getattr(document, "file_meta", None)
    councils = find_councils(header, text, getattr(file_meta, "title", None))
    committee, printed = find_committee(header, doc_type, councils)
    date = find_date(header, doc_type)
    if date is None and doc_type in ("report", "other") and file_meta is not None and file_meta.created:
        date = file_meta.created
    title = find_title(
        header, text, doc_type, committee, printed, councils, date, getattr(file_meta, "title", None) or None
    )
    return PaperMeta(
        councils=tuple(councils),
        committee=committee,
        doc_type=doc_type,
        date=date,
        title=title,
    )
