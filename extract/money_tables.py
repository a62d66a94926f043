"""Bare figures that are money because of the table or block they sit in (SCHEMA.md: units in headers).

- tab-separated tables (HTML, text) whose header cell carries the unit (``Savings Achieved (£)``) or
  names a money column (``Net``, ``VAT``, ``Amount``): figures under that column;
- PDF layout tables with a unit header line (``£m   £m   £m``, ``Taxbase  £000s``): figures right-aligned
  under a unit, mapped by character column;
- PDF layout tables whose caption carries the unit (``Table 2: Revenue budget (£m)``);
- payment and bank-balance blocks printed without ``£`` (``Net VAT Total ... 344.65 1.47 346.12``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.amounts import FY_RE, is_fy, parse_amount, single_fy
from extract.context import TextIndex

_BARE_NUMBER = re.compile(r"[(\-–−]?\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*\)?")
_UNIT_CELL = re.compile(
    r"\(\s*£\s*(?:['’]?(?:000s?|m|k|bn))?\s*\)|£\s*['’]?000s?\b|£\s*['’]?(?:m|k|bn|ms)\b|(?:^|\s)£\s*$",
    re.IGNORECASE,
)
_MONEY_HEADER = re.compile(
    r"\s*(?:amount|net|vat|gross|total|cost|costs|value|payment|paid|balance|income|expenditure|budget|actual|"
    r"precept|receipts?|debit|credit|spend|forecast|variance)s?\b(?:\s*\(?£\)?)?\s*",
    re.IGNORECASE,
)
_LAYOUT_UNIT = re.compile(r"(?:(?<=\s)|^)\(?£\s*(?:['’]?(?:000s?|m|k|bn))?\)?(?=\s|$)", re.IGNORECASE)
_LAYOUT_NUMBER = re.compile(r"(?<![\w.,/£$€%:-])\(?-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\)?(?![\w%/£]|[.,]\d)")
_TWO_DP = re.compile(r"(?<![\w.,/£$€:-])(?:\d{1,3}(?:,\d{3})+|\d+)\.\d\d(?![\w%/]|[.,]\d)")
_PAYMENT_CUE = re.compile(
    r"\b(?:vat|net|gross|total|balances?|accounts?|payments?|receipts?|income|expenditure|bank|cheque)\b", re.IGNORECASE
)
_TIME_BEFORE = re.compile(r"\b(?:at|from|until|till|between|and|to)\s+$", re.IGNORECASE)
_TIME_AFTER = re.compile(r"^\s*(?:am|pm|a\.m|p\.m|hrs|hours)\b", re.IGNORECASE)


@dataclass
class Figure:
    """One amount found in the text (offsets into ``Document.text``) and what is known about it."""

    start: int
    end: int
    value: float
    savings: bool = False
    fiscal_year: str | None = None
    from_table: bool = False
    period: str | None = None


def _cells(line: str, base: int) -> list[tuple[int, int, str]]:
    cells, pos = [], 0
    for part in line.split("\t"):
        cells.append((base + pos, base + pos + len(part), part))
        pos += len(part) + 1
    return cells


def _bare_cell(cell: str) -> re.Match | None:
    return _BARE_NUMBER.fullmatch(cell.strip())


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


def _tab_header(text: str, idx: TextIndex, i: int, saving_words: set[str]) -> tuple[dict, int]:
    """Unit-bearing columns of the table whose header is line ``i``: ``{col: (scale, saving, fy, strict)}``.

    ``strict`` columns (headed Net / VAT / Amount but printing no unit) take only figures that look
    like money (two decimals or thousands commas). Returns the columns and the index of the header line.
    """
    starts = idx.line_starts
    line = text[starts[i] : idx.line_bounds(starts[i])[1]]
    units: dict[int, tuple[float, bool, str | None, bool]] = {}
    if "\t" in line:
        cells = _cells(line, starts[i])
        if any(_bare_cell(c) for _, _, c in cells[1:]):
            return {}, i  # a data row, not a header
        for col, (_, _, cell) in enumerate(cells):
            if _UNIT_CELL.search(cell):
                units[col] = (_unit_scale(cell), bool(_words(cell) & saving_words), single_fy(cell), False)
            elif col and _MONEY_HEADER.fullmatch(cell):
                units[col] = (1.0, bool(_words(cell) & saving_words), single_fy(cell), True)
        return units, i
    if _UNIT_CELL.search(line) and i + 1 < len(starts):
        # a caption carries the unit ("Table 3: Savings (£000)"); the next line is the column header
        h_start = starts[i + 1]
        header = text[h_start : idx.line_bounds(h_start)[1]]
        if "\t" in header and not _UNIT_CELL.search(header):
            saving = bool(_words(line) & saving_words)
            for col, (_, _, cell) in enumerate(_cells(header, h_start)):
                if col:
                    units[col] = (_unit_scale(line), saving, single_fy(cell), False)
            return units, i + 1
    return {}, i


def _tab_tables(text: str, idx: TextIndex, saving_words: set[str]) -> list[Figure]:
    """Bare figures under a unit-bearing column of a tab-separated table."""
    found: list[Figure] = []
    starts = idx.line_starts
    i = 0
    while i < len(starts):
        units, i = _tab_header(text, idx, i, saving_words)
        i += 1
        if not units:
            continue
        while i < len(starts):
            row_start = starts[i]
            row = text[row_start : idx.line_bounds(row_start)[1]]
            if "\t" not in row or _tab_header(text, idx, i, saving_words)[0]:
                break  # end of the table, or a new header for the outer loop
            cells = _cells(row, row_start)
            label = cells[0][2] if cells else ""
            row_fy = single_fy(label)
            label_saving = bool(_words(label) & saving_words)
            for col, (scale, saving, col_fy, strict) in units.items():
                if col >= len(cells) or col == 0 or "£" in cells[col][2]:
                    continue
                c_start, _, cell = cells[col]
                m = _bare_cell(cell)
                if not m or (strict and not re.search(r"\.\d\d$|,\d{3}", m.group(1))):
                    continue
                s = c_start + cell.index(m.group(1))
                value = parse_amount(m.group(1), scale)
                if value is not None:
                    found.append(
                        Figure(s, s + len(m.group(1)), value, saving or label_saving, row_fy or col_fy, from_table=True)
                    )
            i += 1
    return found


def _unit_scale(cell: str) -> float:
    low = cell.lower().replace("’", "'")
    if re.search(r"£\s*'?000", low):
        return 1000.0
    if re.search(r"£\s*'?(?:m|ms)\b", low):
        return 1_000_000.0
    if re.search(r"£\s*'?bn\b", low):
        return 1_000_000_000.0
    if re.search(r"£\s*'?k\b", low):
        return 1000.0
    return 1.0


def _layout_tables(text: str, idx: TextIndex, saving_words: set[str]) -> list[Figure]:
    """Bare figures right-aligned under a ``£m`` / ``£000s`` column header in PDF layout text."""
    found: list[Figure] = []
    starts = idx.line_starts
    n = len(starts)
    i = 0
    while i < n:
        ls = starts[i]
        le = idx.line_bounds(ls)[1]
        line = text[ls:le]
        if "\t" in line or _LAYOUT_NUMBER.search(line):
            i += 1
            continue
        # a header line holds units and no figures: "£m   £m   £m", "Taxbase  £000s", "Payee  Net  VAT  Gross"
        units = [(m.start(), m.end(), m.group(0)) for m in _LAYOUT_UNIT.finditer(line)] if "£" in line else []
        strict = not units
        if strict:
            cells = [m for m in re.finditer(r"\S+(?: \S+)*", line) if _MONEY_HEADER.fullmatch(m.group(0))]
            units = [(m.start(), m.end(), m.group(0)) for m in cells] if len(cells) >= 2 else []
        if not units:
            i += 1
            continue
        cols = []
        for us, ue, unit in units:
            col_fy = None
            for back in range(1, 5):
                if i - back < 0:
                    break
                hs = starts[i - back]
                he = idx.line_bounds(hs)[1]
                for m in FY_RE.finditer(text, hs, he):
                    if is_fy(m) and m.start() - hs <= ue + 3 and m.end() - hs >= us - 3:
                        col_fy = col_fy or m.group(0)
            cols.append((us, ue, 1.0 if strict else _unit_scale(unit), col_fy))
        misses = 0
        i += 1
        while i < n and misses < 3:
            rs = starts[i]
            re_ = idx.line_bounds(rs)[1]
            row = text[rs:re_]
            if not row.strip():
                i += 1
                continue
            if _LAYOUT_UNIT.search(row) and not _LAYOUT_NUMBER.search(row):
                break
            hits = 0
            first_num = None
            for m in _LAYOUT_NUMBER.finditer(row):
                if first_num is None:
                    first_num = m.start()
                ns, ne = m.start(), m.end()
                best = None
                for us, ue, scale, col_fy in cols:
                    dist = abs(ne - ue)
                    aligned = (ns <= ue + 2 and ne >= us - 2) or dist <= 4
                    if aligned and (best is None or dist < best[0]):
                        best = (dist, scale, col_fy)
                if best is None:
                    continue
                digits = m.group(0).strip("()-")
                if re.fullmatch(r"(?:19|20)\d\d", digits) and "." not in digits:
                    continue
                if strict and not re.search(r"\.\d\d$|,\d{3}", digits):
                    continue
                value = parse_amount(digits, best[1])
                if value is None:
                    continue
                hits += 1
                label = row[: first_num or 0].lower()
                label_saving = bool(set(re.findall(r"[a-z]+", label)) & saving_words)
                s = rs + ns + m.group(0).index(digits)
                found.append(Figure(s, s + len(digits), value, label_saving, single_fy(label) or best[2], True))
            misses = 0 if hits else misses + 1
            i += 1
    return found


_CAPTION_UNIT = re.compile(r"\(\s*£\s*(?:['’]?(?:000s?|m|k|bn))?\s*\)|\bin\s+£\s*['’]?(?:000s?|m|k|bn)\b")
# a figure in a column: set off from the row label by at least two spaces
_COLUMN_NUMBER = re.compile(r"(?<=\s\s)\(?-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\)?(?![\w%/£]|[.,]\d)")


def _caption_tables(text: str, idx: TextIndex, saving_words: set[str]) -> list[Figure]:
    """Bare figures in the columns of a PDF layout table whose caption carries the unit ("Table 2 (£m)")."""
    found: list[Figure] = []
    starts = idx.line_starts
    n = len(starts)
    i = 0
    while i < n:
        line = text[starts[i] : idx.line_bounds(starts[i])[1]]
        unit = _CAPTION_UNIT.search(line) if "£" in line and "\t" not in line else None
        # a caption is one phrase ("Table 2: Revenue budget (£m)"), not a row of column headers
        if unit is None or len(re.findall(r"[A-Za-z]{3,}", line)) < 2 or re.search(r"\S {3,}\S", line.strip()):
            i += 1
            continue
        scale = _unit_scale(unit.group(0))
        caption_saving = bool(_words(line) & saving_words)
        caption_fy = single_fy(line)
        started, blanks, j = False, 0, i + 1
        while j < n and j - i < 80 and blanks < 2:
            rs = starts[j]
            row = text[rs : idx.line_bounds(rs)[1]]
            if not row.strip():
                blanks += 1
                j += 1
                continue
            blanks = 0
            if _CAPTION_UNIT.search(row) and started:
                break  # the next table's caption
            numbers = [m for m in _COLUMN_NUMBER.finditer(row) if "£" not in row[max(0, m.start() - 2) : m.start()]]
            if numbers and not re.fullmatch(r"[\d,.\s()%+\-–—*]*", row[numbers[0].start() :]):
                numbers = []  # justified prose ("rose  by  25  homes"), not a row of figures
            if not numbers:
                if started and len(row.split()) > 8:
                    break  # prose after the table
                j += 1
                continue
            started = True
            label = row[: numbers[0].start()]
            saving = caption_saving or bool(_words(label) & saving_words)
            for m in numbers:
                digits = m.group(0).strip("()-")
                if re.fullmatch(r"(?:19|20)\d\d", digits) or row[m.end() : m.end() + 1] == "%":
                    continue
                value = parse_amount(digits, scale)
                if value is not None:
                    start = rs + m.start() + m.group(0).index(digits)
                    fy = single_fy(label) or caption_fy
                    found.append(Figure(start, start + len(digits), value, saving, fy, True))
            j += 1
        i = j if started else i + 1
    return found


def _payment_blocks(text: str, idx: TextIndex) -> list[Figure]:
    """Two-decimal figures in payment / bank-balance paragraphs printed without a £ sign."""
    found: list[Figure] = []
    prev_was_money = False
    for p_start, p_end in zip(idx.para_starts, idx.para_ends, strict=True):
        para = text[p_start:p_end]
        figures = [
            m
            for m in _TWO_DP.finditer(para)
            if not _TIME_AFTER.match(para, m.end()) and not _TIME_BEFORE.search(para, max(0, m.start() - 8), m.start())
        ]
        only_figures = bool(figures) and not re.sub(r"[\d,.\s]", "", para)
        is_money = (
            "£" not in para
            and "\t" not in para
            and len(figures) >= 2
            and bool(_PAYMENT_CUE.search(para))
            and not re.search(r"\b(?:minute|item|section|paragraph|para)\s*$", para[: figures[0].start()], re.I)
        )
        if is_money or (prev_was_money and only_figures):
            for m in figures:
                value = parse_amount(m.group(0))
                if value is not None:
                    found.append(Figure(p_start + m.start(), p_start + m.end(), value, from_table=True))
        prev_was_money = is_money or (prev_was_money and only_figures)
    return found


def table_figures(text: str, idx: TextIndex, saving_words: set[str]) -> list[Figure]:
    """Every bare figure the tables and payment blocks of ``text`` make money, tables first."""
    found = _tab_tables(text, idx, saving_words) + _layout_tables(text, idx, saving_words)
    return found + _caption_tables(text, idx, saving_words) + _payment_blocks(text, idx)
