"""Dates and periods in a paper: ``find_dates``; ``parse_date`` and ``financial_year`` come from dateparse.

``find_dates`` takes the candidates the rules in ``patterns/dates.jsonl`` wrote to
``doc.spans["dates"]``, drops what SCHEMA.md says is not a date (years inside names such as
``Vision 2040`` or ``Local Government Act 1972``, counts such as ``2000 homes``, minute numbers
``14/10/3``, references ``24/00108``, question numbers ``Q1 To what extent ...``, seasons used as
names such as ``the autumn budget``) and normalises the rest to ISO start/end dates.

A day or month printed without a year takes the year that puts it nearest its anchor: a full date
printed shortly before it in the same paragraph, else the paper's own date.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date

from extract.context import TextIndex, doc_text, fold_ws
from extract.dateparse import financial_year, parse_date
from extract.findings import DateMention, PaperMeta
from extract.nlp import load_lexicon

ANCHOR_REACH = 600  # chars: a full date further back than this no longer sets the year of a yearless one
FY_REACH = 400  # chars: a bare "Q2" belongs to a financial year printed this close before it
FORWARD_BIAS = 30  # days: with a printed anchor, narratives run forward, so prefer the later year on near-ties


@dataclass
class _Found:
    start: int
    end: int
    kind: str
    span: tuple[str, str] | None = None


def _prev_words(doc, i: int, n: int = 3) -> list[str]:
    out = []
    j = i - 1
    while j >= 0 and len(out) < n:
        if not doc[j].is_space:
            out.append(doc[j].lower_)
        j -= 1
    return out


def _next_token(doc, i: int):
    j = i
    while j < len(doc) and doc[j].is_space:
        j += 1
    return doc[j] if j < len(doc) else None


def _minute_series(text: str) -> set[str]:
    """Prefixes such as ``14/10/`` that number three or more items: minute numbers, not dates."""
    seen: dict[str, set[str]] = {}
    for m in re.finditer(r"(?<![\d/])(\d{1,3}/\d{1,3}/)(\d{1,3})(?![\d/])", text):
        seen.setdefault(m.group(1), set()).add(m.group(2))
    return {k for k, v in seen.items() if len(v) >= 3}


_SHAPE_KINDS = (
    (re.compile(r"\d{1,2}\.\d{1,2}\.\d\d"), "numeric_date_dotted_yy"),
    (re.compile(r"\d{1,2}([/.])\d{1,2}\1(?:\d\d|\d{4})"), "numeric_date"),
    (re.compile(r"\d{4}/\d{1,4}|\d\d/\d\d"), "fy_token"),
    (re.compile(r"[A-Za-z]{3,4}-\d\d"), "month_abbr_yy"),
    (re.compile(r"\d{4}s"), "decade"),
)


def _kind(span, lex: dict) -> str:
    """The rule that found ``span``; one-token shapes and season words are told apart here."""
    kind = span.id_ or span.label_
    if kind == "shape_token":
        text = span[0].text
        return next((k for rx, k in _SHAPE_KINDS if rx.fullmatch(text)), kind)
    if kind == "season_or_holiday":
        return "holiday" if span[0].lower_ in lex["holiday"] else "season"
    return kind


def _numbered_by_year(text: str) -> set[str]:
    """Two-digit years such as ``25`` that number three or more items (``23/25``, ``24/25``, ``31/25``)."""
    seen: dict[str, set[str]] = {}
    for m in re.finditer(r"(?<![\d/.])(\d{1,3})/(\d\d)(?![\d/])", text):
        seen.setdefault(m.group(2), set()).add(m.group(1))
    return {k for k, v in seen.items() if len(v) >= 3}


@dataclass(frozen=True)
class _Site:
    """What surrounds a candidate: the words before it, the token after it, the characters at its edges."""

    prev: list[str]
    nxt: object
    nxt_low: str
    before: str
    after: str


def _site(doc, span, text: str) -> _Site:
    nxt = _next_token(doc, span.end)
    return _Site(
        prev=_prev_words(doc, span.start),
        nxt=nxt,
        nxt_low=nxt.lower_ if nxt is not None else "",
        before=text[span.start_char - 1] if span.start_char else " ",
        after=text[span.end_char] if span.end_char < len(text) else " ",
    )


_NUMERIC_KINDS = frozenset(
    {"year", "year_range", "fy_token", "fy_short", "numeric_date", "numeric_date_dashed", "numeric_date_dotted_yy"}
    | {"iso_date", "year_fy_range", "decade", "decade_apostrophe", "fy_to_fy", "fy_token_to_fy"}
)


def _keep_numeric(span, kind: str, site: _Site, text: str, lex: dict, series: set[str], series_yy: set[str]) -> bool:
    """Numbers that are references, counts, names or minute numbers are not dates."""
    first = span.doc[span.start]
    prev = site.prev[0] if site.prev else ""
    # references and codes glued to the number: 16/00501/OM, ML-06-10-14-001; but "mid-2024" is a date
    hyphen_word = site.before == "-" and span.start_char > 1 and text[span.start_char - 2].isalpha()
    glued_before = (site.before.isalnum() or site.before in "/-._") and not (kind == "year" and hyphen_word)
    if glued_before or site.after.isalnum() or site.after in "/_" or (site.after == "-" and kind != "year"):
        return False
    if prev in lex["year_name_word"] or site.nxt_low in lex["year_name_after"]:
        return False  # Local Government Act 1972, Vision 2040, the 2024 Regulations, Minute 12/13
    if kind in ("decade", "decade_apostrophe") and site.nxt_low in lex["season_attributive"]:
        return False  # "a 1940's event": a theme, not a time
    if (
        kind == "year"
        and site.nxt_low in lex["season_attributive"]
        and len(site.prev) > 0
        and prev not in lex["month"]
        and span.start > 0
        and _title_word(span.doc, span.start)
    ):
        return False  # "a Norfolk 2020 review": a programme's name
    if kind in ("year", "fy_short", "year_range") and (
        prev in lex["quantifier"] or site.nxt_low in lex["count_noun"] or site.nxt_low in ("%", "x")
    ):
        return False  # over 2000 people, 2000 homes
    if kind == "year" and (
        not 1800 <= int(first.text) <= 2099
        or (site.after == "," and text[span.end_char + 1 : span.end_char + 2].isdigit())
    ):
        return False
    if kind == "fy_short" and prev in ("aged", "age", "ages", "years", "year", "between"):
        return False  # aged 16-17
    if kind == "fy_token" and len(first.text) == 5:
        line_start = text.rfind("\n", 0, span.start_char) + 1
        if not text[line_start : span.start_char].strip() or first.text[3:] in series_yy:
            return False  # "24/25 Planning" at the margin, or one of 23/25, 24/25, 25/25: minute numbers
    if (
        kind == "numeric_date_dotted_yy"
        and prev not in lex["time_prep"]
        and not re.fullmatch(r"\d\d\.\d\d\.\d\d", first.text)
    ):
        return False  # "3.1.12" is a paragraph number unless a preposition makes it a date ("at 31.3.24", "04.03.19")
    if kind in ("numeric_date", "numeric_date_dashed", "numeric_date_dotted_yy"):
        parts = re.split(r"[/.-]", fold_ws(text[span.start_char : span.end_char]).replace(" ", ""))
        if f"{parts[0]}/{parts[1]}/" in series:
            return False  # 14/10/3, 14/10/4, 14/10/5 ... number minutes
    return True


def _title_word(doc, i: int) -> bool:
    """The word before token ``i`` (skipping spaces) is a capitalised word inside a sentence."""
    j = i - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    if j <= 0 or not doc[j].is_alpha or not doc[j].text[:1].isupper():
        return False
    k = j - 1
    while k >= 0 and doc[k].is_space:
        k -= 1
    return k >= 0 and doc[k].text not in (".", ":", ";", "\n") and "\n" not in doc[k].text


def _keep_month(span, site: _Site, lex: dict) -> bool:
    """A month printed alone: a capitalised full name, not a person's name, and "May" only after a preposition."""
    word = span.doc[span.start].text
    if not word[:1].isupper() or word.lower() not in lex["month_name"]:
        return False  # "may" the verb, "Jan" the name, "mar" the verb
    prev = site.prev[0] if site.prev else ""
    if prev in lex["person_title"]:
        return False  # Cllr April Jones
    nxt = site.nxt
    same_line = nxt is not None and not any("\n" in t.text for t in span.doc[span.end : nxt.i])
    name_like = same_line and nxt.is_alpha and nxt.text.istitle() and nxt.lower_ not in lex["weekday"]
    # "Parish Council April Meeting" (an all-capitals heading "MAY MEETING" stays a name-like title)
    meeting = same_line and nxt.lower_ in ("meeting", "meetings") and word.istitle()
    if name_like and not meeting and prev not in lex["time_prep"] and nxt.lower_ not in lex["month"]:
        return False  # "June Smith attended": a first name
    if word.lower() != "may" or meeting:
        return True
    if prev in ("-", "–", ":") and not same_line:
        return True  # "Hire of Hall - May" closing a payment line: the month the payment covers
    return prev in lex["time_prep"] and prev not in ("-", "and", "or")


def _keep_season(span, site: _Site, lex: dict) -> bool:
    """Seasons and holidays count as time references ("over the summer"), not as names ("the autumn budget")."""
    nxt = site.nxt
    attributive = nxt is not None and nxt.is_alpha and site.nxt_low in lex["season_attributive"]
    if any(t.shape_ == "dddd" for t in span):
        return not attributive
    if attributive or (nxt is not None and (nxt.text in ("'s", "’s") or (nxt.is_alpha and nxt.text[:1].isupper()))):
        return False  # Christmas lights, Autumn Statement, Easter's
    words = [w for w in site.prev if w not in lex["date_qualifier"] and w not in ("the", "-", "of")]
    return bool(words) and words[0] in lex["time_prep"] and words[0] not in ("this", "last", "next", "the")


_LINK = re.compile(r"https?:|www\.|\w@\w|\.(?:pdf|docx?|xlsx?|html?|aspx?|php)\b", re.IGNORECASE)


def _in_link(text: str, start: int, end: int) -> bool:
    """Inside a URL, e-mail address or file name ("Consultation_2019-20.pdf")."""
    left = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
    right = min((i for i in (text.find(" ", end), text.find("\n", end)) if i >= 0), default=len(text))
    return right - left < 400 and bool(_LINK.search(text, left, right))


def _keep(doc, span, kind: str, text: str, lex: dict, series: set[str], series_yy: set[str]) -> bool:
    """Context filters from SCHEMA.md's not-dates list."""
    if _in_link(text, span.start_char, span.end_char):
        return False
    site = _site(doc, span, text)
    first = doc[span.start]
    if kind in _NUMERIC_KINDS and not _keep_numeric(span, kind, site, text, lex, series, series_yy):
        return False
    if kind == "month" and not _keep_month(span, site, lex):
        return False
    if first.text == "may" and not any(t.shape_ == "dddd" for t in span):
        return False  # "these 2 may be": lower-case may is the verb unless a year follows
    if kind in ("season", "holiday") and not _keep_season(span, site, lex):
        return False
    if kind == "quarter" and len(span) == 1:
        line_start = text.rfind("\n", 0, span.start_char) + 1
        if not text[line_start : span.start_char].strip() and site.nxt is not None and site.nxt.is_alpha:
            return False  # "Q1 To what extent ...": a question number
    return True


# a yearless mention followed by "and|or|&|," and a mention that prints its year
_SHARED_YEAR = re.compile(
    r"\s*(?:and|or|&|,)\s+(?:[A-Za-z]+\.?,?\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?)?([A-Za-z]+\.?),?\s+((?:19|20)\d\d)\b"
)


def find_dates(doc, document, paper_meta: PaperMeta) -> list[DateMention]:
    """Every calendar date or period mentioned, in document order, normalised to ISO start/end."""
    text = doc_text(doc, document)
    idx = TextIndex.build(text)
    lex = load_lexicon()
    series = _minute_series(text)
    series_yy = _numbered_by_year(text)
    paper_anchor = _paper_anchor(paper_meta, document)
    fmt = getattr(document, "format", "text")
    spans = sorted(doc.spans["dates"], key=lambda s: s.start) if "dates" in doc.spans else []

    found: list[_Found] = []
    anchors: list[tuple[int, date]] = []  # (offset, date) of mentions that print their own year
    fy_seen: list[tuple[int, int]] = []  # (offset, first year) of financial years printed so far
    for span in spans:
        kind = _kind(span, lex)
        if not _keep(doc, span, kind, text, lex, series, series_yy):
            continue
        start, end = _trim(text, span.start_char, span.end_char)
        if start >= end:
            continue
        surface = text[start:end]
        financial = False
        if kind == "year_range":
            window = {t.lower_ for t in doc[max(span.start - 6, 0) : min(span.end + 4, len(doc))]}
            financial = bool(window & set(lex["financial_cue"]))
        has_year = bool(re.search(r"\d{4}|\b[a-z]{3,4}\.?-\d\d\b", surface, re.IGNORECASE))
        anchor = paper_anchor
        bias = 0
        shared = _SHARED_YEAR.match(text, end) if not has_year else None
        if shared:  # "March and April 2024", "December and January 2026": the year printed once serves both
            month = lex["month"].get(shared.group(1).lower().rstrip("."), 7)
            anchor = date(int(shared.group(2)), int(month), 1)
        elif not has_year:
            p_start = max(idx.para_bounds(start)[0], start - ANCHOR_REACH)
            k = bisect.bisect_left(anchors, (p_start, date.min))
            if k < len(anchors):
                anchor = anchors[-1][1]
                bias = FORWARD_BIAS
            elif anchor is None and anchors:
                anchor = anchors[-1][1]  # an undated paper: the last full date printed before
        fs = _fy_start(anchor) if anchor else None
        if fy_seen and fy_seen[-1][0] >= max(idx.para_bounds(start)[0], start - FY_REACH):
            fs = fy_seen[-1][1]
        result = parse_date(surface, anchor=anchor, financial=financial, fiscal_start=fs, forward_bias=bias)
        if result is None:
            continue
        if not has_year and not shared and _FUTURE_LIST.search(_list_lead(text, start)):
            floor = paper_anchor
            if found and found[-1].start >= start - 40 and _LIST_GAP.fullmatch(text[found[-1].end : start]):
                floor = max(filter(None, (floor, date.fromisoformat(found[-1].span[0]))), default=None)
            result = _not_before(result, floor)
        found.append(_Found(start, end, kind, result))
        s_date, e_date = date.fromisoformat(result[0]), date.fromisoformat(result[1])
        if (
            has_year
            and kind not in ("year", "year_range", "decade", "decade_apostrophe")
            and (e_date - s_date).days < 120
        ):
            anchors.append((start, s_date + (e_date - s_date) / 2))
        if (s_date.month, s_date.day, e_date.month, e_date.day) == (4, 1, 3, 31) and e_date.year == s_date.year + 1:
            fy_seen.append((start, s_date.year))
        elif kind in ("month_fy", "month_fy_token") or ("quarter" in kind and re.search(r"\d{4}", surface)):
            fy_seen.append((start, _fy_start(s_date)))

    page_starts = list(document.page_starts()) if hasattr(document, "page_starts") else [0]
    numbers = [p.number for p in document.pages] if getattr(document, "pages", None) else [1]
    out = []
    for f in found:
        surface = fold_ws(text[f.start : f.end])
        surface = re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", surface))
        if fmt == "html":
            surface = re.sub(r"(\d) (st|nd|rd|th)\b", r"\1\2", surface)  # the HTML reader spaces out <sup>
        page = numbers[max(bisect.bisect_right(page_starts, f.start) - 1, 0)]
        out.append(DateMention(surface, f.span[0], f.span[1], f.start, f.end, page))
    return out


# a list of meeting dates to come (plural: "the next meeting will be on 24 June" may be reported speech): each yearless date falls on or after the paper's date and the one before it
_FUTURE_LIST = re.compile(
    r"\b(?:(?:future|next|forthcoming|upcoming)\s+meetings|meeting\s+dates|dates\s+(?:of|for)\s+"
    r"(?:the\s+)?(?:future\s+|next\s+|forthcoming\s+)?meetings)\b",
    re.IGNORECASE,
)
_LIST_GAP = re.compile(r"\s*(?:,|;|&|and)?\s*", re.IGNORECASE)


def _list_lead(text: str, start: int) -> str:
    """The text before ``start`` back to the list's lead-in: the same paragraph, no sentence break between."""
    lead = text[max(0, start - 250) : start]
    lead = lead[lead.rfind("\n\n") + 1 :]
    stop = max(lead.rfind(". "), lead.rfind(".\n"))
    return lead[stop + 1 :] if stop >= 0 else lead


def _not_before(span: tuple[str, str], floor: date | None) -> tuple[str, str]:
    """Move a yearless date forward a year at a time until it is not before ``floor``."""
    if floor is None:
        return span
    s_date, e_date = date.fromisoformat(span[0]), date.fromisoformat(span[1])
    for _ in range(2):
        if s_date >= floor:
            break
        try:
            s_date, e_date = s_date.replace(year=s_date.year + 1), e_date.replace(year=e_date.year + 1)
        except ValueError:  # 29 February
            return span
    return s_date.isoformat(), e_date.isoformat()


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",;"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",.;:"):
        end -= 1
    return start, end


def _fy_start(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def _paper_anchor(paper_meta: PaperMeta | None, document) -> date | None:
    for value in (getattr(paper_meta, "date", None), getattr(getattr(document, "file_meta", None), "created", None)):
        if value:
            try:
                return date.fromisoformat(str(value)[:10])
            except ValueError:
                continue
    return None


__all__ = ["financial_year", "find_dates", "parse_date"]
