"""Whose meeting it is: the decision-making body named in the heading (``meeting of the Cabinet held``).

A parish's or town's minutes that name no body belong to its full council; letters, peer reviews and
case studies have no committee.
"""

from __future__ import annotations

import re

from extract.councils import council_names, get_meta_nlp
from extract.heading import Block, recase
from extract.lexicon import rules

_BODY_AFTER_MEETING = re.compile(
    r"\b(?i:meeting|minutes|item)\s+(?i:of|from)\s+(?:(?i:the)\s+)?(?P<body>[A-Z][\w&'’,-]*(?:\s+[\w&'’-]+){0,8}?)"
    r"(?:\s+(?i:held|on|at|in|which|that|to\s+be\s+held)\b|\s*[,.]|\s*$)",
)
_FROM_BODY = re.compile(
    r"\b(?i:from|of)\s+(?:(?i:the)\s+)?(?P<body>(?:[A-Z][\w&'’-]*\s+){0,6}?[A-Z][\w-]*)\s+(?i:held)\b"
)


_TO_PREFIX = re.compile(r"^(?:report\s+to|to|meeting|committee|decision\s+maker|meeting\s+of)\s*[:\-–]\s*", re.I)


# Cover-sheet fields that name people, not the body the paper goes to.
_NOT_BODY_FIELD = re.compile(
    r"^(?:from|by|author|contact(?:\s+officer)?|cabinet\s+member|portfolio\s+holder|lead\s+(?:officer|member)"
    r"|report\s+(?:of|by|author))\s*[:\-–]",
    re.I,
)
# "To: Cabinet – 4 March 2025": the meeting's date printed after the body's name.
_TRAILING_DATE = re.compile(
    r"\s*[-–—,:]?\s*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?\d{1,2}(?:st|nd|rd|th)?\s+"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*,?\s+\d{4}\s*$",
    re.I,
)


def body_name(text: str) -> str | None:
    """``text`` as a decision-making body's name (``Cabinet``, ``Planning Committee``), or None.

    A named authority (``Kent County Council``) or a kind of meeting (``Ordinary Meeting``) is not a body.
    """
    w = rules().words
    if _NOT_BODY_FIELD.match(text.strip()):
        return None
    text = _TO_PREFIX.sub("", text.strip(" .,:;–-"))
    text = _TRAILING_DATE.sub("", text).strip(" .,:;–-") if _TRAILING_DATE.search(text) else text
    words = text.split()
    if not words or len(words) > 10:
        return None
    lows = [x.lower().strip(",.:;") for x in words]
    if lows[-1] not in w["COMMITTEE_HEAD"] or any(x in w["NON_BODY"] for x in lows):
        return None
    doc = get_meta_nlp()(text)
    for span in doc.spans["mb_council"]:
        if any(n.key for n in council_names(span)):
            # "West Midlands Combined Authority Board": the body is what follows the authority's name.
            rest = doc[span.end :].text.strip(" .,:;–-") if span.start == 0 else ""
            return body_name(rest) if rest and rest != text else None
    if not all(x[:1].isupper() or x.lower() in ("and", "of", "for", "the") or x in ("&", "-", "–") for x in words):
        return None
    return recase(text)


def full_council(councils: list[str]) -> str | None:
    """The committee name of a council's full meeting when the paper names no body."""
    if not councils or not re.search(r"\bcouncil\b", councils[0], re.I):
        return None
    name = councils[0].lower()
    for kind in ("parish", "town", "community", "village", "county"):
        if re.search(rf"\b{kind} council\b", name):
            return f"{kind.title()} Council"
    return "Council"


def find_committee(header: list[Block], doc_type: str, councils: list[str]) -> tuple[str | None, bool]:
    """(committee, printed): the body whose paper this is; ``printed`` is False for the full-council fallback."""
    if doc_type in ("letter", "peer_review", "case_study"):
        return None, False
    local = full_council(councils) not in (None, "Council", "County Council")
    for block in header:
        for m in (*_BODY_AFTER_MEETING.finditer(block.text), *_FROM_BODY.finditer(block.text)):
            body = body_name(m.group("body"))
            if body and local and body.lower() in ("council", "full council"):
                # A parish's or town's "meeting of the Council" is its full council.
                return full_council(councils), False
            if body:
                return body, True
    headings = [b for b in header if not b.prose]
    # A body's name broken over two all-capitals lines is tried whole before its halves.
    for a, b in zip(headings, headings[1:], strict=False):
        if a.text.isupper() and b.text.isupper():
            body = body_name(f"{a.text} {b.text}")
            if body:
                return body, True
    for block in headings:
        for line in (block.text, *block.lines):
            body = body_name(line)
            if body:
                return body, True
    if doc_type in ("minutes", "agenda"):
        return full_council(councils), False
    return None, False
