"""The pure date normaliser: one printed date or period -> ISO ``(start, end)``.

``parse_date`` reads days, months, years, ranges (``Tuesday 28 November to Friday 1 December 2023``),
UK financial and municipal years (``2018/19``, ``2024-25``), runs of years (``2015-19``), quarters
(``Q2`` of a financial year, ``Q1 2021`` of a calendar year), numeric UK dates (``10/5/13``), decades,
seasons and holidays. A day or month printed without a year takes the year that puts it nearest an
anchor date. No context filtering here: :mod:`extract.dates` decides what is a date at all.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from extract.context import fold_ws
from extract.nlp import load_lexicon

_ORD = r"(?:st|nd|rd|th)"
_FY = re.compile(r"^(\d{4})\s*[/-]\s*(\d{2}|\d{4})$")
_FY_ONE_DIGIT = re.compile(r"^(\d{4})\s*/\s*(\d)$")  # "2008/9"
_FY_SHORT = re.compile(r"^(\d{2})\s*[/-]\s*(\d{2})$")
_FY_RANGE = re.compile(r"^(\d{4})\s*-\s*(\d{4})\s*/\s*(\d{2})$")
_FY_TO_FY = re.compile(r"^(\d{4}\s*[/-]\s*\d{2,4})\s*(?:to|until|till|-)\s*(\d{4}\s*[/-]\s*\d{2,4})$")
_YEAR_WORD_RANGE = re.compile(r"^(\d{4})\s+(?:to|until|till)\s+(\d{4})$")
_MONTH_FY = re.compile(r"^([a-z]+)\.?\s+(\d{4})\s*[/-]\s*(\d{2}|\d{4})$")
_QUARTER = re.compile(r"^(?:q|quarters?\s*)([1-4])(?:\s*(?:&|and|-|to)\s*([1-4]))?(?:\s*,?\s+(.+))?$")
_ORDINAL_QUARTER = re.compile(r"^(first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter(?:\s+of)?(?:\s+(.+))?$")
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_DECADE = re.compile(r"^(\d{3}0)\s*['’]?s$")
_NUMERIC = re.compile(r"^(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_MONTH_YY = re.compile(r"^([a-z]{3,9})\.?\s*-\s*(\d{2})$")
_SEASON = re.compile(r"^([a-z]+)(?:\s+(\d{4}))?$")
_QUALIFIER = re.compile(r"^(?:(?:the|very|early|late|mid|middle|end|start|beginning|of)\b[\s-]*)+")
_SPLIT = re.compile(r"\s*(?:\bto\b|\buntil\b|\btill\b|\band\b|&|[-–—/])\s*")


@dataclass(frozen=True)
class _Ctx:
    anchor: date | None
    fiscal_start: int | None
    financial: bool
    forward_bias: int = 0


def financial_year(text: str) -> tuple[str, str] | None:
    """``"2018/19"`` -> ``("2018-04-01", "2019-03-31")``; also ``2024-25``, ``2018/2019``, ``12/13``."""
    t = fold_ws(text).replace("–", "-")
    m = _FY.match(t)
    if m:
        first, second = int(m.group(1)), m.group(2)
        nxt = int(second) if len(second) == 4 else int(second) + first // 100 * 100
        if len(second) == 2 and nxt < first:
            nxt += 100
        if nxt != first + 1:
            return None
        return f"{first}-04-01", f"{first + 1}-03-31"
    m = _FY_ONE_DIGIT.match(t)
    if m and int(m.group(2)) == (int(m.group(1)) + 1) % 10:
        first = int(m.group(1))
        return f"{first}-04-01", f"{first + 1}-03-31"
    m = _FY_SHORT.match(t)
    if m and int(m.group(2)) == (int(m.group(1)) + 1) % 100:
        first = _century(int(m.group(1)), None)
        return f"{first}-04-01", f"{first + 1}-03-31"
    return None


def _century(yy: int, near: int | None) -> int:
    near = near or date.today().year
    base = near // 100 * 100
    cands = [base - 100 + yy, base + yy, base + 100 + yy]
    return min(cands, key=lambda y: (abs(y - near), y))


def _months() -> dict[str, int]:
    return {k: int(v) for k, v in load_lexicon()["month"].items()}


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _span(y1: int, m1: int, d1: int | None, y2: int, m2: int, d2: int | None) -> tuple[date, date] | None:
    try:
        start = date(y1, m1, d1 or 1)
        end = date(y2, m2, d2 or _last_day(y2, m2))
    except ValueError:
        return None
    return (start, end) if start <= end else None


def _easter(year: int) -> date:
    """Easter Sunday (Gregorian, anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    j = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * j) // 451
    month = (h + j - m + 114) // 31
    day = (h + j - m + 114) % 31 + 1
    return date(year, month, day)


def _pick_year(make, ctx: _Ctx) -> tuple[date, date] | None:
    """The occurrence of a yearless date (``make(year) -> span``) nearest the anchor."""
    if ctx.anchor is None:
        return None
    best = None
    for year in (ctx.anchor.year - 1, ctx.anchor.year, ctx.anchor.year + 1):
        span = make(year)
        if span is None:
            continue
        mid = span[0] + (span[1] - span[0]) / 2
        delta = (mid - ctx.anchor).days
        cost = abs(delta) + (ctx.forward_bias if delta < 0 else 0)
        if best is None or cost < best[0]:
            best = (cost, span)
    return best[1] if best else None


def _point(text: str, months: dict[str, int]) -> dict | None:
    """Day, month and year of one end of a date: ``tuesday 28 november``, ``december 18th, 2023``."""
    out: dict = {"day": None, "month": None, "year": None, "bare": None}
    weekdays = load_lexicon()["weekday"]
    for tok in re.findall(r"[a-z]+\.?|\d+(?:st|nd|rd|th)?", text):
        if tok in months or tok.rstrip(".") in months:
            if out["month"]:
                return None
            out["month"] = months.get(tok) or months[tok.rstrip(".")]
        elif tok in weekdays or tok.rstrip(".") in weekdays or tok == "of":
            continue
        elif tok[0].isdigit():
            num = re.match(r"\d+", tok).group(0)
            if len(num) == 4 and tok == num:
                if out["year"]:
                    return None
                out["year"] = int(num)
            elif len(num) <= 2:
                if out["day"] or out["bare"]:
                    return None
                if tok == num and out["month"] and not out["day"]:
                    out["bare"] = int(num)  # "April 25": a day, or a two-digit year; decided later
                else:
                    out["day"] = int(num)
            else:
                return None
        else:
            return None
    return out


def _calendar(t: str, ctx: _Ctx) -> tuple[date, date] | None:
    months = _months()
    m = _MONTH_YY.match(t)
    if m and m.group(1) in months:
        year = _century(int(m.group(2)), ctx.anchor.year if ctx.anchor else None)
        return _span(year, months[m.group(1)], None, year, months[m.group(1)], None)
    t = re.sub(r"\(\s*(\d{1,2}" + _ORD + r"?)\s*\)", r"\1", t)  # "september (3rd)"
    t = re.sub(r"(\d)\s+(" + _ORD + r")\b", r"\1\2", t)  # "2 nd" as printed by some HTML
    parts = [_QUALIFIER.sub("", p) for p in _SPLIT.split(t) if p]  # "april / early may"
    if not parts or len(parts) > 2:
        return None
    points = [_point(p, months) for p in parts]
    if any(p is None for p in points):
        return None
    right = points[-1]
    for p in points:
        if p["bare"] is not None:
            anchor_year = ctx.anchor.year if ctx.anchor else None
            guess = 2000 + p["bare"]
            if p["year"] is None and anchor_year and -2 <= guess - anchor_year <= 5 and p["day"] is None:
                p["year"] = guess
            elif p["day"] is None:
                p["day"] = p["bare"]
            else:
                return None
    if right["month"] is None:
        if len(points) == 2 and points[0]["month"] and right["day"]:
            right["month"] = points[0]["month"]  # "December 12th and 13th"
        elif right["year"] and len(points) == 1 and right["day"] is None:
            return None  # a bare year is handled elsewhere
        else:
            return None
    left = points[0]
    if left["month"] is None:
        if left["day"] is None and left["year"] is None:
            return None
        left["month"] = right["month"]
    if len(points) == 2 and left["day"] is None and right["day"] is not None and left["year"] is None:
        return None  # "September to 6th October" is not a form councils print

    def make(year_right: int) -> tuple[date, date] | None:
        year_left = left["year"] or year_right
        if not left["year"] and (left["month"], left["day"] or 1) > (right["month"], right["day"] or 31):
            year_left = year_right - 1
        return _span(year_left, left["month"], left["day"], year_right, right["month"], right["day"])

    if right["year"]:
        return make(right["year"])
    if left["year"]:
        return None  # "May 2019 to June" is not a form councils print
    return _pick_year(make, ctx)


def _normalise_text(text: str) -> str:
    t = re.sub(r"<[^>]+>", "", text)
    t = fold_ws(t).lower().replace("’", "'").replace("–", "-").replace("—", "-")
    t = t.strip(" ,.;:")
    t = _QUALIFIER.sub("", t)
    return t


def parse_date(
    text: str,
    context_year: int | None = None,
    *,
    anchor: str | date | None = None,
    financial: bool = False,
    fiscal_start: int | None = None,
    forward_bias: int = 0,
) -> tuple[str, str] | None:
    """Normalise one date mention to ISO ``(start, end)``, or None when it is not a date.

    ``context_year`` or ``anchor`` (an ISO date) give yearless days, months and seasons their
    year (the occurrence nearest the anchor). ``financial`` reads a year range ``2025-28`` as
    financial years; ``fiscal_start`` is the first calendar year of the financial year that a
    bare ``Q2`` belongs to. Never raises.
    """
    try:
        if isinstance(anchor, str):
            anchor = date.fromisoformat(anchor[:10])
        if anchor is None and context_year:
            anchor = date(int(context_year), 7, 1)
        ctx = _Ctx(anchor, fiscal_start, financial, forward_bias)
        t = _normalise_text(str(text))
        if not t:
            return None
        span = _parse(t, ctx)
    except (ValueError, TypeError, OverflowError, KeyError):
        return None
    if span is None:
        return None
    start, end = span
    if not (1000 <= start.year <= 2999 and 1000 <= end.year <= 2999) or start > end:
        return None
    return start.isoformat(), end.isoformat()


def _parse(t: str, ctx: _Ctx) -> tuple[date, date] | None:
    lex = load_lexicon()
    anchor_year = ctx.anchor.year if ctx.anchor else None
    fy = financial_year(t)
    if fy:
        return date.fromisoformat(fy[0]), date.fromisoformat(fy[1])
    m = _FY_TO_FY.match(t)
    if m:
        first, last = financial_year(m.group(1)), financial_year(m.group(2))
        if not first or not last or last[1] < first[0]:
            return None
        return date.fromisoformat(first[0]), date.fromisoformat(last[1])
    m = _FY.match(t)
    if m and "/" in t:
        return None  # "2030/2050" is two targets, not a run of years
    if m:  # a run of years: "2015-19", "2011-2017", "2025-28" (financial when the context says so)
        first, second = int(m.group(1)), m.group(2)
        last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
        if last <= first or last - first > 60:
            return None
        if ctx.financial:
            return date(first, 4, 1), date(last, 3, 31)
        return date(first, 1, 1), date(last, 12, 31)
    m = _FY_RANGE.match(t)
    if m:
        first, fy_first = int(m.group(1)), int(m.group(2))
        if not financial_year(f"{fy_first}/{m.group(3)}") or fy_first < first:
            return None
        return date(first, 4, 1), date(fy_first + 1, 3, 31)
    m = _YEAR_WORD_RANGE.match(t)
    if m:
        first, last = int(m.group(1)), int(m.group(2))
        return (date(first, 1, 1), date(last, 12, 31)) if first < last else None
    m = _MONTH_FY.match(t)
    if m and m.group(1) in _months():
        fy = financial_year(f"{m.group(2)}/{m.group(3)}")
        if not fy:
            return None
        month = _months()[m.group(1)]
        year = int(fy[0][:4]) + (0 if month >= 4 else 1)
        return _span(year, month, None, year, month, None)
    m = _QUARTER.match(t)
    if m:
        first_q = _quarter(int(m.group(1)), m.group(3), ctx)
        if m.group(2) and first_q:  # "Quarters 1 & 2": one window from the first to the last
            last_q = _quarter(int(m.group(2)), m.group(3), ctx)
            return (first_q[0], last_q[1]) if last_q and last_q[1] > first_q[1] else None
        return first_q
    m = _ORDINAL_QUARTER.match(t)
    if m:
        return _quarter(_ORDINALS[m.group(1)], m.group(2), ctx)
    m = _DECADE.match(t)
    if m:
        return date(int(m.group(1)), 1, 1), date(int(m.group(1)) + 9, 12, 31)
    m = _ISO.match(t)
    if m:
        y, mo, d = map(int, m.groups())
        return _span(y, mo, d, y, mo, d)
    m = _NUMERIC.match(t)
    if m:
        d, mo, y = int(m.group(1)), int(m.group(3)), m.group(4)
        year = int(y) if len(y) == 4 else _century(int(y), anchor_year)
        return _span(year, mo, d, year, mo, d)
    m = _YEAR.match(t)
    if m:
        return date(int(t), 1, 1), date(int(t), 12, 31)
    m = _SEASON.match(t)
    if m and (m.group(1) in lex["season"] or m.group(1) in lex["holiday"]):
        return _season(m.group(1), int(m.group(2)) if m.group(2) else None, ctx)
    return _calendar(t, ctx)


def _quarter(q: int, rest: str | None, ctx: _Ctx) -> tuple[date, date] | None:
    if rest:
        fy = financial_year(rest)
        if fy:
            first = int(fy[0][:4])
        elif _YEAR.match(rest):  # "Q1 2021": a calendar quarter
            y = int(rest)
            return _span(y, 3 * q - 2, None, y, 3 * q, None)
        else:
            return None
    elif ctx.fiscal_start:
        first = ctx.fiscal_start
    elif ctx.anchor:
        first = ctx.anchor.year if ctx.anchor.month >= 4 else ctx.anchor.year - 1
    else:
        return None
    start_month = 3 * q + 1  # Q1 = April to June
    year = first if start_month <= 12 else first + 1
    start_month = start_month if start_month <= 12 else start_month - 12
    return _span(year, start_month, None, year, start_month + 2, None)


def _season(word: str, year: int | None, ctx: _Ctx) -> tuple[date, date] | None:
    lex = load_lexicon()
    if word in lex["holiday"]:

        def make(y: int) -> tuple[date, date]:
            day = (
                _easter(y)
                if lex["holiday"][word] == "easter"
                else date(y, *map(int, str(lex["holiday"][word]).split("-")))
            )
            return day, day

    else:
        first, last = lex["season"][word]

        def make(y: int) -> tuple[date, date] | None:
            return _span(y, first, None, y + (1 if last < first else 0), last, None)

    if year:
        return make(year)
    return _pick_year(make, ctx)
