"""Layout of minutes: lines with offsets, part labels ("(1)", "2a", "iv."), and minute headings ("45/21", "5.").

Plain Python over the text; used by the resolution and recommendation finders.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str
    indent: int
    blank: bool


_FOOTER = re.compile(r"^\s*(?:\d{1,3}|page\s+\d+(?:\s+of\s+\d+)?|-\s*\d+\s*-)\s*$", re.I)
TABLE_PIPES = re.compile(r"^[\s|]+|[\s|]+$")


def split_lines(text: str, pdf: bool) -> list[Line]:
    """Lines of ``text`` with offsets; page-number footers count as blank lines."""
    lines = []
    pos = 0
    for raw in text.split("\n"):
        end = pos + len(raw)
        body = raw.replace("\t", " ")
        stripped = body.strip()
        blank = not stripped.strip("|").strip() or bool(
            _FOOTER.match(stripped) and (pdf or stripped.lower().startswith("page"))
        )
        lines.append(Line(pos, end, raw, len(body) - len(body.lstrip(" ")), blank))
        pos = end + 1
    return lines


LABEL = re.compile(
    r"^\s*(?:\((?P<p>\d{1,2}[a-z]?|[a-zA-Z]|[ivxIVX]{1,5})\)|(?P<b>\d{1,2}[a-z]?|[a-zA-Z]|[ivx]{1,5})(?:\.\)|\)|\.(?=\s)))\s+"
)
BULLET = re.compile(r"^\s*[•●▪◦\u2022\u25cf\uf0b7\-–]\s+")
_ROMAN = re.compile(r"^[ivx]+$", re.I)


def label_at(text: str) -> tuple[str, int] | None:
    """A part label at the start of ``text``: (label, length of the label and its trailing space)."""
    match = LABEL.match(text)
    if not match:
        return None
    return (match.group("p") or match.group("b")), match.end()


def label_family(label: str, roman_first: bool) -> str:
    """'digit', 'roman' or 'alpha': parts of one list share a family."""
    if label[0].isdigit():
        return "digit"
    if roman_first and _ROMAN.match(label):
        return "roman"
    return "alpha"


# --------------------------------------------------------------------------- minute headings

HEAD_SLASH = re.compile(
    r"^(?:(?:Minute|Min\.?|Item)\s*(?:No\.?\s*)?)?"
    r"(?P<n>(?:[A-Za-z]{1,5}/?)?\d{1,4}(?:/\d{1,4}){1,2}(?:[-–]\d{2,4})?(?:\.\d{1,2})?)(?=[\s:.\-–]|$)"
)
HEAD_DOT = re.compile(
    r"^(?:(?P<word>(?:Minute|Min\.?|Item|Agenda\s+item)\s*(?:No\.?\s*)?))?(?P<n>\d{1,4}(?:\.\d{1,3})?)"
    r"(?:\.(?!\d)|(?=\s{3})|(?<=\d\.\d)(?=\s)|(?<=\d\.\d\d)(?=\s)|(?<=\d\.\d\d\d)(?=\s)|(?(word)[:\-–]|(?!)))"
    r"(?P<gap>\s*)(?P<rest>\S.*)?$"
)
# "45 MINUTES", "12 Planning applications": a short title line with the bare minute number
_NUMBER_ALONE = re.compile(r"^(?P<n>\d{1,4})\.$")
# the same with the title's full stop, when a reader folded the gap: "3 Election of Chair."
_HEAD_BARE_STOP = re.compile(r"^(?P<n>\d{1,4})(?P<gap> )(?P<rest>(?=[A-Z])[^\W\d]+(?:[ -][^\W\d]+){0,5}\.)$")
_HEAD_BARE = re.compile(r"^(?P<n>\d{1,4})(?P<gap> )(?P<rest>(?=[A-Z])[^.;:\d]{2,70}(?:\d{2,4}[^.;:]{0,20})?)$")
# Markdown escapes a list number it must not renumber: "5\\. Apologies" reads "5. Apologies".
_MD_ESCAPED_NUMBER = re.compile(r"^(\d{1,4})\\\.")
_MARKER_AT_START = re.compile(r"^(?:RESOLVED|Resolved|AGREED|RECOMMENDED)\b")
_THAT = re.compile(r"^(?:That|THAT)\b")


@dataclass
class Heading:
    offset: int
    label: str
    number: tuple[int, ...]
    style: tuple


def _title_after(lines: list[Line], i: int) -> str | None:
    """The item title printed on the next non-blank line after a bare minute number ("2." then "Apologies")."""
    for line in lines[i + 1 : i + 4]:
        if line.blank:
            continue
        title = line.text.strip(" |*")
        words = title.split()
        return title if words and title[0].isupper() and len(words) <= 14 and not title.endswith(":") else None
    return None


def _heading_candidates(lines: list[Line]) -> list[Heading]:
    out = []
    for i, line in enumerate(lines):
        if line.blank:
            continue
        raw = line.text
        prefix = ""
        body = raw.strip()
        if body.startswith("|"):
            prefix = "|"
            body = body.strip("| ").strip()
        elif body.startswith("**"):
            prefix = "*"
            body = body.strip("* ")
        body = _MD_ESCAPED_NUMBER.sub(r"\1.", body)
        match = HEAD_SLASH.match(body)
        if match:
            label = match.group("n")
            out.append(Heading(line.start, label, (0,), ("slash", prefix)))
            continue
        alone = _NUMBER_ALONE.match(body)
        if alone and _title_after(lines, i):
            # ModernGov pages print the minute number on a line of its own, its title on the next
            number = (int(alone.group("n")),)
            out.append(Heading(line.start, alone.group("n"), number, ("dot", prefix, 0, "alone")))
            continue
        match = HEAD_DOT.match(body) or _HEAD_BARE.match(body) or _HEAD_BARE_STOP.match(body)
        if not match or not match.group("rest"):
            continue
        rest = match.group("rest").strip("| ")
        if (
            _MARKER_AT_START.match(rest)
            or not rest
            or not (rest[0].isupper() or rest[0].isdigit())
            or _THAT.match(rest)
        ):
            continue
        gap = "wide" if len(match.group("gap")) >= 3 or "\t" in raw else "narrow"
        bucket = 0 if line.indent == 0 else (1 if line.indent < 4 else 2)
        label = match.group("n")
        number = tuple(int(x) for x in label.split("."))
        kind = "dec" if len(number) > 1 else "dot"
        out.append(Heading(line.start, label, number, (kind, prefix, bucket, gap)))
    return out


def minute_headings(lines: list[Line]) -> list[Heading]:
    """Minute headings: per style, numbers must rise; paragraph numbering that restarts is dropped."""
    candidates = _heading_candidates(lines)
    by_style: dict[tuple, list[Heading]] = {}
    for cand in candidates:
        by_style.setdefault(cand.style, []).append(cand)
    good_styles = set()
    for style, items in by_style.items():
        if style[0] == "slash":
            good_styles.add(style)
            continue
        # paragraph numbering restarts in every minute; minute numbers rise (a list inside one minute may
        # restart once or twice, and the walk below skips its numbers)
        drops = sum(1 for a, b in zip(items, items[1:], strict=False) if b.number <= a.number)
        if drops < 2 or drops < len(items) // 5:
            good_styles.add(style)
    accepted: list[Heading] = []
    current: Heading | None = None
    for cand in candidates:
        if cand.style not in good_styles:
            continue
        if cand.style[0] == "slash":
            accepted.append(cand)
            continue
        rises = current is None or cand.number > current.number
        # a new numbering style that restarts at 1 (agenda list, then the minutes table) starts afresh,
        # but only when the old style is done: numbered lists nested in a minute do not
        restarts = (
            current is not None
            and cand.style != current.style
            and len(by_style[cand.style]) >= 3
            and by_style[current.style][-1].offset < cand.offset
        )
        if rises or (restarts and cand.number[0] <= 2):
            accepted.append(cand)
            current = cand
    return accepted


def minute_at(headings: list[Heading], offset: int) -> str | None:
    """Label of the last minute heading at or before ``offset`` (headings are in document order)."""
    idx = bisect_right(headings, offset, key=lambda h: h.offset) - 1
    return headings[idx].label if idx >= 0 else None


def line_index(lines: list[Line], offset: int) -> int:
    lo, hi = 0, len(lines) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if lines[mid].start <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo
