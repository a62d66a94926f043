"""A paper's heading: its blocks, the text helpers that read them, and the dates printed in them.

The heading is the blocks before the attendance list or the first paragraph of prose; the paper's
date is read from it (the meeting's for minutes and agendas, the dateline otherwise).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from extract.lexicon import starts_with

HEADER_MAX_BLOCKS = 20
HEADER_MAX_LINES = 40
PROSE_MIN_WORDS = 12


_MARKUP = re.compile(r"<[^>]+>|\*\*+|__+|^#+\s*", re.MULTILINE)
_WS = re.compile(r"\s+")
_SMALL_WORDS = frozenset(
    {"and", "of", "the", "for", "to", "in", "on", "upon", "under", "with", "at", "by", "a", "an", "or", "le"}
)
_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        1,
    )
    for name in names
}
_MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTH_RE = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")"
_ORD = r"\s?(?:st|nd|rd|th)?"
_DATE_PATTERNS = (
    # 28 November to 1 December 2023 / Tuesday 28 November - Friday 1 December 2023
    (
        "day",
        re.compile(
            rf"\b(?P<d>\d{{1,2}}){_ORD}\s+(?P<m>{_MONTH_RE})\.?\s*(?:-|–|to|until)\s*(?:[a-z]+day,?\s+)?"
            rf"\d{{1,2}}{_ORD}\s+(?P<m2>{_MONTH_RE})\.?,?\s+(?P<y>(?:19|20)\d\d)\b",
            re.IGNORECASE,
        ),
    ),
    # 5 to 9 September 2024 / 5-9 September 2024
    (
        "day",
        re.compile(
            rf"\b(?P<d>\d{{1,2}}){_ORD}\s*(?:-|–|to|and|&)\s*\d{{1,2}}{_ORD}\s+(?P<m>{_MONTH_RE})\.?,?\s+"
            rf"(?P<y>(?:19|20)\d\d)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "day",
        # "15th May 2019", and "15thMay 2019" where a reader dropped the space after a superscript
        re.compile(
            rf"\b(?P<d>\d{{1,2}})(?:\s?(?:st|nd|rd|th)\s*|\s+)(?:of\s+)?(?P<m>{_MONTH_RE})\.?,?\s+"
            rf"(?P<y>(?:19|20)\d\d)\b",
            re.I,
        ),
    ),
    ("day", re.compile(rf"\b(?P<m>{_MONTH_RE})\.?\s+(?P<d>\d{{1,2}}){_ORD},?\s+(?P<y>(?:19|20)\d\d)\b", re.I)),
    ("day", re.compile(r"\b(?P<d>\d{1,2})[/.](?P<mo>\d{1,2})[/.](?P<y>(?:19|20)\d\d)\b")),
    ("month", re.compile(rf"\b(?P<m>{_MONTH_RE})\.?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I)),
)


def clean_line(text: str) -> str:
    """A line without markup, table pipes or tabs, white space folded."""
    text = _MARKUP.sub("", text)
    text = text.replace("\t", " ").replace("|", " ")
    return _WS.sub(" ", text).strip()


def recase(text: str) -> str:
    """Title-case an all-capitals heading (``STOKE-ON-TRENT CITY COUNCIL`` -> ``Stoke-on-Trent City Council``).

    Mixed-case text is returned unchanged: it is printed as meant.
    """
    if not any(c.isalpha() for c in text) or text != text.upper():
        return text

    def word(w: str, first: bool) -> str:
        parts = w.split("-")
        out = []
        for i, part in enumerate(parts):
            low = part.lower()
            if (not first or i) and low in _SMALL_WORDS:
                out.append(low)
            else:
                # Capitalise a leading letter only: "13TH" reads "13th", "(WEST" reads "(West".
                out.append(re.sub(r"^([^\w]*)([a-z])", lambda m: m.group(1) + m.group(2).upper(), low))
        return "-".join(out)

    words = text.split(" ")
    return " ".join(word(w, i == 0) for i, w in enumerate(words))


def is_prose(text: str) -> bool:
    """A paragraph of running text rather than a heading: long, and ends or breaks like a sentence."""
    return len(text.split()) >= PROSE_MIN_WORDS and bool(re.search(r"[.!?;:]\s*$|[a-z]\.\s+[A-Z]", text))


@dataclass(frozen=True)
class DateHit:
    """A date found in a heading: position, ISO day and whether a day was printed."""

    pos: int
    iso: str
    granularity: str  # "day" or "month"
    text: str


def find_dates(text: str) -> list[DateHit]:
    """Dates printed in ``text`` (days, day ranges as their start, month-years as the 1st), in order."""
    hits: list[DateHit] = []
    taken: list[tuple[int, int]] = []
    for granularity, pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            groups = m.groupdict()
            year = int(groups["y"])
            month = int(groups["mo"]) if groups.get("mo") else _MONTHS[groups["m"].lower().rstrip(".")]
            if groups.get("m2"):
                end_month = _MONTHS[groups["m2"].lower().rstrip(".")]
                if end_month < month:  # 28 December to 2 January 2024 starts the year before
                    year -= 1
            day = int(groups["d"]) if groups.get("d") else 1
            taken.append((m.start(), m.end()))  # an impossible day is not re-read as its month
            try:
                iso = dt.date(year, month, day).isoformat()
            except ValueError:
                continue
            hits.append(DateHit(m.start(), iso, granularity, m.group(0)))
    return sorted(hits, key=lambda h: h.pos)


def title_date(iso: str | None) -> str | None:
    """``2025-01-30`` -> ``30 January 2025`` as minutes' titles print it."""
    if not iso:
        return None
    d = dt.date.fromisoformat(iso)
    return f"{d.day} {_MONTH_NAMES[d.month - 1]} {d.year}"


@dataclass(frozen=True)
class Block:
    """A paragraph of the paper: its lines (cleaned) and their joined text."""

    lines: tuple[str, ...]
    text: str
    prose: bool


def _wrap_width(lines: list[str]) -> int:
    """The width prose wraps at: a high percentile of line lengths (0 when too few lines to tell)."""
    lengths = sorted(len(x) for x in lines if x)
    if len(lengths) < 5:
        return 0
    return lengths[int(len(lengths) * 0.9)]


def blocks_of(text: str, limit: int | None = None) -> list[Block]:
    """Paragraphs and heading lines, at most ``limit`` of them.

    A blank line always ends a block. Within a run of lines, a line as wide as the text's wrap width that
    does not end a sentence continues onto the next line (wrapped prose); any other line ends its block,
    so a heading printed on its own line is a block of its own whether or not blank lines surround it.
    """
    raw = [clean_line(x) if x.strip() else "" for x in text.split("\n", 2000)[:2000]]
    width = _wrap_width(raw[:400])
    out: list[Block] = []
    current: list[str] = []

    def flush() -> bool:
        if current:
            joined = " ".join(current)
            out.append(Block(tuple(current), joined, is_prose(joined)))
            current.clear()
        return limit is not None and len(out) >= limit

    for line in raw:
        if not line or not re.search(r"\w", line):
            if flush():
                break
            continue
        current.append(line)
        wrapped = width >= 50 and len(line) >= 0.8 * width and not re.search(r"[.!?:;]\s*$", line)
        if not wrapped and flush():
            break
    else:
        flush()
    return out


def header_blocks(text: str) -> list[Block]:
    """The paper's heading: blocks up to the attendance list, or up to and including the first prose block.

    Web furniture before the real heading (``Visit our ... hub``) is dropped.
    """
    out: list[Block] = []
    lines = 0
    for block in blocks_of(text, HEADER_MAX_BLOCKS * 2):
        if not out and starts_with("BOILERPLATE", block.text) and not block.prose:
            continue
        if out and starts_with("ATTENDANCE", block.text):
            break
        out.append(block)
        lines += len(block.lines)
        if block.prose or len(out) >= HEADER_MAX_BLOCKS or lines >= HEADER_MAX_LINES:
            break
    return out


def find_date(header: list[Block], doc_type: str) -> str | None:
    """The paper's date: the meeting's for minutes and agendas, the letter's, the report's dateline."""
    headings = [h for b in header if not b.prose for h in find_dates(b.text)]
    everything = [h for b in header for h in find_dates(b.text)]
    days = [h for h in everything if h.granularity == "day"]
    if doc_type in ("minutes", "agenda", "letter"):
        for block in header:
            m = re.search(
                r"\b(?:held\s+on|meeting\s+on|date\s+held|date\s+of\s+meeting|date(?=\s*:|\s+\d))\s*:?\s*",
                block.text,
                re.I,
            )
            # a heading sentence names the meeting's date early; "held on" deep in a run-on block is another meeting
            if m and m.start() < 300:
                after = [h for h in find_dates(block.text[m.end() :]) if h.granularity == "day" and h.pos < 40]
                if after:
                    return after[0].iso
        if days:
            return days[0].iso
        return headings[0].iso if headings else None
    if doc_type == "case_study":
        return headings[0].iso if headings else None
    if headings:
        return headings[0].iso
    return days[0].iso if days else None
