"""What kind of paper it is: minutes, agenda, letter, peer review, case study, report or other.

Heading cues decide first (a minutes heading, a letter's salutation, a peer challenge); body signals
(attendance lists, decisions, agenda phrases) only when the heading is silent.
"""

from __future__ import annotations

import re

from extract.heading import Block, clean_line
from extract.lexicon import phrase_regexes, starts_with

_AGENDA_ITEM = re.compile(r"\bagenda\s+item\b", re.IGNORECASE)


def _count(label: str, text: str) -> int:
    if label == "AGENDA":
        text = _AGENDA_ITEM.sub(" ", text)  # "Agenda Item 7" heads reports too
    return len(phrase_regexes()[label].findall(text))


_MINUTES_HEAD = re.compile(
    r"^(?:(?:final|draft|approved|confirmed|unconfirmed|signed)\s+)?minutes\b(?!\s+of\s+(?:the\s+)?(?:last|previous)\b)"
    r"|\bminutes\s+of\s+(?!(?:the\s+)?(?:last|previous)\b)(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){0,4}?meeting\b"
    r"|\bmeeting\s+minutes\b",
    re.IGNORECASE,
)
_AGENDA_VERB = re.compile(r"\b(?:approve|confirm|sign|agree|receive|note|adopt|consider)\w*\s+(?:the\s+)?$", re.I)


def is_minutes_heading(text: str) -> bool:
    """True when ``text`` heads minutes; "to approve the minutes of the meeting held ..." is an agenda item."""
    return any(not _AGENDA_VERB.search(text[: m.start()]) for m in _MINUTES_HEAD.finditer(text))


_CASE_STUDY_HEADINGS = frozenset(
    {
        "action that was taken",
        "what we did",
        "how has the approach worked?",
        "how has the approach worked",
        "key learnings",
        "key learning",
        "lessons learned",
        "lessons learnt",
        "case study",
    }
)


_AGENDA_AND_MINUTES = re.compile(r"\bagenda(?:,\s*decisions)?\s+and\s+minutes\b", re.I)


def classify(header: list[Block], text: str) -> str:
    """One of DOC_TYPES from heading cues, then body signals."""
    heading = " ".join(b.text for b in header)
    early = text[:20000]
    lines = [clean_line(x) for x in early.split("\n")]
    lines = [x for x in lines if x]
    if any(is_minutes_heading(b.text) for b in header[:8]):
        return "minutes"
    if _AGENDA_AND_MINUTES.search(heading) and re.search(r"^\s*Minutes:\s*$", early, re.M):
        return "minutes"  # a web page of an agenda with each item's minutes ("Minutes:") filled in
    salutation = any(starts_with("SALUTATION", b.text) and len(b.text.split()) <= 6 for b in header)
    if salutation and not _count("AGENDA", heading):
        return "letter"
    decisions = _count("DECISION", early)
    attendance = sum(1 for x in lines if starts_with("ATTENDANCE", x))
    if header and starts_with("EXTRACT", header[0].text) and decisions:
        return "minutes"
    if attendance and (decisions or re.search(r"\b(?:final|draft|signed)\s+minutes\b", early, re.I)):
        return "minutes"
    if _count("PEER_REVIEW", " ".join(b.text for b in header if not b.prose)):
        return "peer_review"
    case_headings = sum(1 for x in lines if x.lower().rstrip(":") in _CASE_STUDY_HEADINGS)
    if case_headings >= 2 or re.search(r"\bcase study\b", " ".join(b.text for b in header[:2]), re.I):
        return "case_study"
    if _count("AGENDA", heading) or _count("AGENDA", "\n".join(lines[:40])):
        return "agenda"
    if _count("REPORT", heading) or re.search(r"\b(?:council|committee|cabinet)\b", early, re.I):
        return "report"
    return "other"
