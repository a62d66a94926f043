"""Amounts of money in pounds: ``find_money``, with ``parse_amount`` (from :mod:`extract.amounts`).

Candidates come from two places:

1. ``doc.spans["money"]`` (rules in ``patterns/money.jsonl``): ``£1.5m``, ``£60+ million``, ``10p``.
2. :mod:`extract.money_tables`: bare figures made money by their table's unit (``Savings Achieved (£)``,
   ``£000s``, ``(£m)``) or by a payment block (``Net VAT Total ... 344.65 1.47 346.12``).

Each amount then gets ``savings`` (a saving cue in its sentence or table row, not named a cost right
beside it), ``period`` ("year" for per annum and the like straight after it) and ``fiscal_year`` (its
table row or column, else the nearest financial year in its sentence, else its agenda item heading).
Dollars, euros and other currencies are never matched: only ``£``, ``GBP``, ``pounds`` and pence.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from extract.amounts import FY_RE, fiscal_year_of, is_fy, parse_amount, single_fy
from extract.context import TextIndex, doc_text, fold_ws
from extract.findings import Money, PaperMeta
from extract.money_tables import Figure, table_figures
from extract.nlp import load_lexicon

__all__ = ["find_money", "fiscal_year_of", "parse_amount", "single_fy"]

_HEADER_ONLY = re.compile(r"£\s*['’]?000s?")
_FY_RANGE = re.compile(r"(?<![\d/])(?:19|20)\d\d\s?[-–]\s?(?:19|20)\d\d/\d\d(?!\d)")
_MULTI_YEAR = re.compile(
    r"\b(?:next|last|past|over)\s+(?:the\s+)?(?:next\s+)?(?:two|three|four|five|ten|\d+)\s+years\b", re.IGNORECASE
)
_THIS_FY = re.compile(r"\b(?:this|current)\s+(?:financial|fiscal)\s+year\b", re.IGNORECASE)
_NEXT_FY = re.compile(r"\bnext\s+(?:financial|fiscal)\s+year\b", re.IGNORECASE)
FY_REACH = 250  # chars: a year printed further from the amount belongs to something else
_FY_LINK = re.compile(r"\b(?:for|in|during|of|year|to|by|from|within)\s*$", re.IGNORECASE)
_FY_PAIR = re.compile(r"\s*(?:&|and|,|to)\s*(?:19|20)\d\d\s?[/-]\s?\d\d")
_FY_PAIR_BEFORE = re.compile(r"(?:19|20)\d\d\s?[/-]\s?\d\d(?:\d\d)?\s*(?:&|and|,|to)\s*$")
_FILLER = {"plus", "+", "vat", "net", "gross", "(", ")", "ex", "exc", "excl", "excl.", "excluding", "inc", "incl"}
_FILLER |= {"incl.", "including", "of", "exclusive", "inclusive"}


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``start:end`` past white space and trailing punctuation left by optional pattern tokens."""
    while start < end and (text[start].isspace() or text[start] in ",;"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",.;:+"):
        end -= 1  # "£1,000.00 + VAT": the plus belongs to VAT
    return start, end


def _table_rows(text: str, idx: TextIndex, spans) -> set[int]:
    """Starts of lines that are table rows: two amounts side by side with only spacing between them.

    A row is read on its own ("Net Savings/Income  -£23.0m  -£22.2m"): the words of the next row or
    of the table caption say nothing about its figures.
    """
    rows: set[int] = set()
    for a, b in zip(spans, spans[1:], strict=False):
        gap = text[a.end_char : b.start_char]
        if ("\t" in gap or "  " in gap) and not gap.strip(" \t+-–()") and "\n" not in gap:
            rows.add(idx.line_bounds(a.start_char)[0])
    return rows


@lru_cache(maxsize=8)
def _word_regex(words: tuple[str, ...], not_before: tuple[str, ...] = ()) -> re.Pattern:
    """Any of ``words`` as a whole word, unless one of ``not_before`` follows it ("savings account")."""
    alternation = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    guard = "|".join(sorted(map(re.escape, not_before), key=len, reverse=True))
    tail = rf"(?!\s+(?:{guard})\b)" if guard else ""
    return re.compile(rf"\b(?:{alternation})\b{tail}", re.IGNORECASE)


_CUE_REACH = 60  # characters between an amount and its saving cue when a sentence holds several amounts


_LONE_REACH = 200  # ...and when the amount is alone in a long sentence ("where savings should be made ... £1")
# a cue undone by the words before it: "removal of one-off and reversal of unachieved savings" is a cost,
# "spending less savings and income" a net figure
_CUE_UNDONE = re.compile(
    r"\b(?:unachieved|undelivered|unrealised|unrealized|non-delivery|removal|reversal|rephasing|less|excluding|"
    r"excludes)\b[^.;£]*$",
    re.IGNORECASE,
)


def _saving_near(
    text: str, saving_re, s_start: int, s_end: int, start: int, end: int, spans, row: bool = False
) -> bool:
    """A saving cue in the sentence (or table row) near this amount.

    "a £48.9m gap ... resolved through £61.5m from savings" makes the second a saving, not the first.
    A cue in a table row's label covers every figure in the row.
    """
    cues = [
        m.start()
        for m in saving_re.finditer(text, s_start, s_end)
        if not _CUE_UNDONE.search(text, max(s_start, m.start() - 45), m.start())
    ]
    if not cues:
        return False
    in_range = [s.start_char for s in spans if s_start <= s.start_char < s_end]
    if row and cues[0] < min(in_range, default=start):
        return True  # "Net Savings/Income   -£23.0m   -£22.2m": the row label names every figure in it
    if len(in_range) <= 1:
        return any(start - _LONE_REACH <= c <= end + _LONE_REACH for c in cues)
    return any(end - _CUE_REACH <= c <= end + _CUE_REACH or start - _CUE_REACH <= c <= start for c in cues)


def _name_initial(doc, span) -> bool:
    """A spaced capital ``K`` / ``M`` after the number that begins a name, not a scale.

    "£118.44 K & M Lighting", "£337.13 M Peake": payees after amounts in payment lists. "£5 m for",
    "£5 M." and "£5 M" at the end of a line stay millions.
    """
    last = doc[span.end - 1]
    if len(span) < 2 or last.text not in ("K", "M") or not doc[span.end - 2].whitespace_:
        return False
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is None or nxt.is_space or not last.whitespace_:
        return False
    return nxt.text in ("&", "+") or (nxt.is_alpha and nxt.text[:1].isupper())


def find_money(doc, document, paper_meta: PaperMeta) -> list[Money]:
    """Every mention of an amount in pounds, in document order, with savings, period and fiscal year."""
    text = doc_text(doc, document)
    idx = TextIndex.build(text)
    lex = load_lexicon()
    saving_words = set(lex["saving_cue"])
    not_saving = set(lex["not_saving_cue"])
    spans = list(doc.spans["money"]) if "money" in doc.spans else []
    saving_re = _word_regex(tuple(saving_words), tuple(lex["saving_cue_not_before"]))
    per_year = [tuple(p.split()) for p in lex["per_year"]]

    cands: list[Figure] = []
    taken: list[tuple[int, int]] = []
    in_rows: set[int] = set()  # starts of amounts read as table cells
    money_spans = [s for s in spans if s.label_ == "MONEY"]
    rows = _table_rows(text, idx, money_spans)
    for span in money_spans:
        if _name_initial(doc, span):
            span = span[:-1]
        start, end = trim_span(text, span.start_char, span.end_char)
        surface = text[start:end]
        if _HEADER_ONLY.fullmatch(fold_ws(surface)):
            continue  # "£000" is a column unit, not an amount
        value = parse_amount(surface)
        if value is None:
            continue
        cand = Figure(start, end, value)
        # period: a per-year phrase straight after the amount, skipping "plus VAT", "net", "(excl VAT)"
        j = span.end
        while j < len(doc) and doc[j].lower_ in _FILLER and j - span.end < 5:
            j += 1
        if any(tuple(t.lower_ for t in doc[j : j + len(p)]) == p for p in per_year):
            cand.period = "year"
        # not a saving when the amount is named a cost or gap right next to it ("£10 million in demand",
        # "an overspend of £2m") even in a sentence about savings
        beside = {t.lower_ for t in doc[max(span.start - 3, 0) : span.start]}
        after = doc[span.end : min(span.end + 3, len(doc))]
        cut = next((k for k, t in enumerate(after) if "\n" in t.text), len(after))
        beside |= {t.lower_ for t in after[:cut]}  # a table row's figure says nothing about the next row
        line = idx.line_bounds(start)
        s_start, s_end = line if line[0] in rows else idx.sentence_bounds(start, end)
        cand.savings = _saving_near(text, saving_re, s_start, s_end, start, end, money_spans, line[0] in rows) and not (
            beside & not_saving
        )
        cands.append(cand)
        taken.append((start, end))
        if line[0] in rows:
            in_rows.add(start)

    covered = {i for s, e in taken for i in range(s, e)}
    for extra in table_figures(text, idx, saving_words):
        if not covered.intersection(range(extra.start, extra.end)):  # "£" figures and earlier tables win
            cands.append(extra)
            covered.update(range(extra.start, extra.end))
    cands.sort(key=lambda c: c.start)

    # an amount restated shortly after a saving keeps that reading ("the £25 million shortfall"); a table
    # cell with the same figure as a saving in another row is a coincidence
    flagged: list[tuple[int, float]] = []
    for cand in cands:
        if cand.savings:
            flagged.append((cand.start, cand.value))
        elif (
            not cand.from_table
            and cand.start not in in_rows
            and any(v == cand.value and cand.start - s < 1500 for s, v in flagged)
        ):
            cand.savings = True

    page_starts = _page_starts(document)
    numbers = [p.number for p in document.pages] or [1]
    out = []
    for cand in cands:
        fy = cand.fiscal_year if cand.from_table else _fiscal_year(text, idx, cand, paper_meta)
        page = numbers[max(bisect.bisect_right(page_starts, cand.start) - 1, 0)]
        out.append(
            Money(
                text=fold_ws(text[cand.start : cand.end]),
                value=cand.value,
                savings=cand.savings,
                period=cand.period,
                fiscal_year=fy,
                char_start=cand.start,
                char_end=cand.end,
                page=page,
            )
        )
    return out


def _page_starts(document) -> list[int]:
    try:
        return list(document.page_starts())
    except AttributeError:
        return [0]


def _fiscal_year(text: str, idx: TextIndex, cand: Figure, paper_meta: PaperMeta) -> str | None:
    """The financial year an amount belongs to: its sentence, else its agenda item heading."""
    s_start, s_end = idx.sentence_bounds(cand.start, cand.end)
    sentence = text[s_start:s_end]
    if _FY_RANGE.search(sentence) or _MULTI_YEAR.search(sentence):
        return None
    best = None
    calendar_range = False
    for m in FY_RE.finditer(sentence):
        if not is_fy(m):
            second = int(m.group(3)) if len(m.group(3)) == 4 else int(m.group(1)[:2] + m.group(3))
            calendar_range = calendar_range or second > int(m.group(1))
            continue
        fy_start, fy_end = s_start + m.start(), s_start + m.end()
        between = text[cand.end : fy_start] if fy_start >= cand.end else text[fy_end : cand.start]
        if "£" in between:
            continue  # another amount sits between: the year is that one's
        if fy_start >= cand.end and not _FY_LINK.search(between):
            continue  # a year after the amount belongs to it only when linked: "£80m ... for 2024-25"
        if _FY_PAIR.match(text, fy_end) or _FY_PAIR_BEFORE.search(text[max(0, fy_start - 16) : fy_start]):
            return None  # "Rent 2013-2014 & 2014-2015": the amount spans several years
        dist = min(abs(fy_start - cand.end), abs(cand.start - fy_end))
        if dist <= FY_REACH and (best is None or dist < best[0]):
            best = (dist, m.group(0).replace(" ", ""))
    if best:
        return best[1]
    p_start = idx.para_bounds(cand.start)[0]
    if not calendar_range and s_start - p_start > 1:
        # the sentence before may name the one year meant ("repeated in 2015/16. It allocated £X")
        b_start = idx.sentence_bounds(max(p_start, s_start - 2))[0]
        before = {m.group(0).replace(" ", "") for m in FY_RE.finditer(text, b_start, s_start) if is_fy(m)}
        # ...unless that sentence has an amount of its own, which the year belongs to
        if len(before) == 1 and s_start - b_start <= 2 * FY_REACH and "£" not in text[b_start:s_start]:
            return before.pop()
    if calendar_range:
        return None
    if _THIS_FY.search(sentence):
        return fiscal_year_of(paper_meta.date if paper_meta else None)
    if _NEXT_FY.search(sentence):
        heading = idx.item_heading(cand.start)
        fy = single_fy(heading[1]) if heading else None
        return fy or fiscal_year_of(paper_meta.date if paper_meta else None, shift=1)
    heading = idx.item_heading(cand.start)
    if heading:
        return single_fy(heading[1])
    return None
