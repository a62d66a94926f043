"""The paper's title as a reader would name it.

Reports and letters take their first real heading (not a cover-sheet field, dateline or page number);
minutes and agendas get a composed ``Minutes of the Cabinet meeting, 30 January 2025``.
"""

from __future__ import annotations

import re

from extract.heading import Block, find_dates, recase, title_date
from extract.lexicon import phrase_regexes, rules, starts_with

# Lines of a report's cover sheet that describe the paper rather than name it.
_COVER_FIELD = re.compile(
    r"^(?:report\s+(?:to|of|by|author)|date(?:\s+of\s+(?:meeting|report))?|meeting(?:\s+date)?|wards?(?:\s+affected)?"
    r"|agenda\s+item|item(?:\s+no\.?)?|key\s+decision|classification|status|portfolio(?:\s+holder)?|cabinet\s+member"
    r"|lead\s+(?:officer|member)|contact(?:\s+officer)?|author|from|to|by|ref(?:erence)?|exempt\w*"
    r"|decision\s+(?:no\.?|number|ref\w*))\s*[:\-–]",
    re.IGNORECASE,
)
_TITLE_FIELD = re.compile(r"^(?:report\s+)?(?:title|subject|re)\s*[:\-–]\s*(?P<t>.+)$", re.IGNORECASE)
_RUNNING = re.compile(r"^(?:(?:agenda\s+)?item\s+(?:no\.?\s*)?\d+\w?|page\s+\d+(?:\s+of\s+\d+)?|\d+)$", re.IGNORECASE)


def _is_dateline(block: Block) -> bool:
    return bool(find_dates(block.text)) and len(block.text.split()) <= 6


def continues(first: str, second: Block) -> bool:
    """True when heading ``second`` carries on heading ``first`` (a title broken over two lines)."""
    if second.prose or _is_dateline(second) or len(second.lines) > 1 or _COVER_FIELD.match(second.text):
        return False
    nxt = second.text
    if re.search(r"[,&–-]$|\b(?:and|of|for|the|to|in|on)$", first) or nxt[:1].islower():
        return True
    words = nxt.split()
    if starts_with("SECTION_HEADING", nxt) and len(words) <= 3:
        return False
    return (
        len(words) <= 2
        and nxt[:1].isupper()
        and (nxt.isupper() == first.isupper())
        and not re.search(r"[.:;!?]$", first)
    )


def is_label(text: str) -> bool:
    """A bare section or genre label (``Contents``, ``Case study``), never a paper's title."""
    label = text.strip(" .:").lower()
    return label == "case study" or label in rules().phrases["SECTION_HEADING"]


_PERSON_ROLE = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Miss|Dr|Cllr|Councillor)\.?\s+)?[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2}\s*[–,-]\s*"
    r"(?:[\w&'’-]+\s+){0,6}?(?:Officer|Director|Leader|Executive|Manager|Member|Head|Clerk|Chair(?:man)?)\b",
)


def first_heading(header: list[Block]) -> str | None:
    """The first heading of the paper (not a dateline or a page number), with its continuation line joined."""
    for block in header:
        m = _TITLE_FIELD.match(block.text)
        if m and not block.prose:
            return m.group("t")
    for i, block in enumerate(header):
        if block.prose or _is_dateline(block) or re.fullmatch(r"[\d\s.,:/-]+", block.text):
            continue
        if _COVER_FIELD.match(block.text) or _RUNNING.match(block.text) or is_label(block.text):
            continue
        if _PERSON_ROLE.match(block.text):
            continue  # "Amanda Beer – Chief Executive Officer": a second author under "From:"
        text = block.text
        if i + 1 < len(header) and len(block.lines) == 1 and continues(text, header[i + 1]):
            text = f"{text} {header[i + 1].text}"
        return text
    return None


def _meeting_type(header: list[Block], text: str) -> tuple[str | None, bool]:
    """(kind of meeting as printed, printed right after 'Minutes of the')."""
    pattern = phrase_regexes()["MEETING_TYPE"]
    for block in header:
        m = pattern.search(block.text)
        if m:
            before = block.text[: m.start()]
            return recase(m.group(0)) if m.group(0) != m.group(0).lower() else m.group(0).title(), bool(
                re.search(r"\bminutes\s+of\s+(?:the|an?)\s*$", before, re.I)
            )
    return None, False


_STATUS_MINUTES = re.compile(r"\b(final|draft|approved|confirmed|unconfirmed|signed)\s+minutes\b", re.I)
# the same words opening a line of their own ("Final Minutes." above a minutes table), not in a sentence
# ("the release of Draft Minutes") or an agenda item ("9. Draft Minutes:")
_STATUS_MINUTES_LINE = re.compile(
    r"^[\s|*_>]*(final|draft|approved|confirmed|unconfirmed|signed)\s+minutes\b(?!\s*:)", re.I | re.M
)


def _status_heading(text: str, match: re.Match) -> bool:
    """A paper's printed status, not an agenda item ("9. Draft Minutes:") or a sentence ("the release of
    Draft Minutes")."""
    before = text[max(0, match.start() - 12) : match.start()]
    after = text[match.end() : match.end() + 3]
    return not (after.lstrip().startswith(":") or re.search(r"(?:\d[.)]?|\b[a-z]+)\s*$", before))


def minutes_title(
    header: list[Block], text: str, committee: str | None, printed: bool, councils: list[str], date: str | None
) -> str:
    """``Minutes of the Cabinet meeting, 30 January 2025`` and its variants, following the print."""
    prefix = "Minutes"
    heading = "\n".join(b.text for b in header)
    m = next((x for x in _STATUS_MINUTES.finditer(heading) if _status_heading(heading, x)), None)
    m = m or _STATUS_MINUTES_LINE.search(text[:20000])
    if m:
        prefix = f"{m.group(1).title()} Minutes"
    council = councils[0] if councils else None
    kind, after_minutes_of = _meeting_type(header, text)
    full = committee is None or not printed or committee.lower() in ("council", "full council", "county council")
    if kind and printed and not full:
        core = f"the {kind} of the {committee}"
    elif kind and council:
        core = f"the {kind} of {council}" if after_minutes_of else f"{council} {kind}"
    elif printed and committee:
        core = f"the {committee} meeting"
    elif council:
        core = f"{council} meeting"
    elif committee:
        core = f"the {committee} meeting"
    else:
        core = "the meeting"
    when = title_date(date)
    return f"{prefix} of {core}, {when}" if when else f"{prefix} of {core}"


def find_title(
    header: list[Block],
    text: str,
    doc_type: str,
    committee: str | None,
    printed: bool,
    councils: list[str],
    date: str | None,
    fallback: str | None,
) -> str | None:
    """The paper's title as a reader would name it."""
    if doc_type == "minutes" and header and starts_with("EXTRACT", header[0].text):
        for block in header[1:]:
            line = block.lines[0]
            m = re.match(r"^\d+[.)]?\s+(?P<t>.+)$", line)
            if m and not block.prose:
                return recase(m.group("t").strip(" .:"))
    if doc_type in ("minutes", "agenda"):
        title = minutes_title(header, text, committee, printed, councils, date)
        return title if doc_type == "minutes" else re.sub(r"^(?:\w+ )?Minutes of", "Agenda for", title, count=1)
    if doc_type == "letter":
        for i, block in enumerate(header):
            if starts_with("SALUTATION", block.text) and i + 1 < len(header) and not header[i + 1].prose:
                return re.sub(r"^(?:re|subject)\s*:\s*", "", header[i + 1].text, flags=re.I)
    heading = first_heading(header)
    if heading is not None:
        return recase(heading.strip(" .:"))
    return fallback
