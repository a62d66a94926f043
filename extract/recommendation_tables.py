"""Recommendation tables: a header row naming the columns, then one recommendation per row.

Column names (``Recommendation``, ``Lead Officer``, ``Target Date`` ...) map to fields through the column
rules in ``patterns/recommendations.jsonl``. HTML and text papers give tab-separated cells; PDF layout text
gives cells separated by runs of spaces, with wrapped cells continuing on the lines below.
"""

from __future__ import annotations

import re

from extract.minute_layout import Line
from extract.recommendation_rules import Candidate, fold, load_rules, status_in

_WS = re.compile(r"\s+")


def _column_field(cell: str) -> str | None:
    key = _WS.sub(" ", cell.strip().lower()).strip(" :*")
    return load_rules().columns.get(key)


def _header_fields(cells: list[str]) -> list[str | None] | None:
    fields = [_column_field(c) for c in cells]
    if "text" not in fields or sum(1 for f in fields if f) < 2:
        return None
    return fields


def tab_tables(text: str, lines: list[Line]) -> list[Candidate]:
    """Rows of tab-separated tables under a header naming a recommendation column."""
    out = []
    fields = None
    for line in lines:
        if "\t" not in line.text:
            if not line.blank:
                fields = None
            continue
        cells = line.text.split("\t")
        header = _header_fields(cells)
        if header is not None:
            fields = header
            continue
        if fields is None:
            continue
        out.append(_row_candidate(text, line, cells, fields))
    return [c for c in out if c is not None]


def _row_candidate(text: str, line: Line, cells: list[str], fields: list[str | None]) -> Candidate | None:
    values: dict[str, str] = {}
    for name, cell in zip(fields, cells, strict=False):
        cell = fold(cell)
        if name and cell:
            values[name] = f"{values[name]} {cell}" if name in values else cell
    body = values.pop("text", "")
    if not body:
        return None
    ref = values.pop("ref", None)
    idx = line.text.find(body[:20]) if body else -1
    start = line.start + max(idx, 0)
    status = values.get("status")
    if status:
        values["status"] = status_in(status) or status
    return Candidate(start, line.end, ref, body, values)


def _chunks(line: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group(0)) for m in re.finditer(r"\S(?:\S| (?! ))*", line)]


def space_tables(text: str, lines: list[Line]) -> list[Candidate]:
    """Tables in PDF layout text: cells separated by runs of spaces, wrapped cells on following lines."""
    out: list[Candidate] = []
    n = len(lines)
    i = 0
    while i < n:
        chunks = _chunks(lines[i].text)
        fields = _header_fields([c for _, c in chunks]) if len(chunks) >= 3 else None
        if fields is None:
            i += 1
            continue
        header_starts = [s for s, _ in chunks]
        i += 1
        record: dict[int, list[str]] | None = None
        starts = header_starts
        rec_line = None
        has_ref = fields[0] == "ref"
        after_blank = False
        while i < n:
            line = lines[i]
            if line.blank:
                after_blank = True
                i += 1
                continue
            row = _chunks(line.text)
            if len(row) >= 3 and _header_fields([c for _, c in row]) is not None:
                break
            first_col = row[0][0] < starts[1] - 2 if len(starts) > 1 else True
            lone = first_col and len(row) == 1
            # prose after the table: a long line alone in the ref column, or alone after a gap
            if lone and (has_ref and len(row[0][1]) > 40 or not has_ref and after_blank and record is not None):
                break
            after_blank = False
            # a new row fills the ref column, or (without refs) several columns at once
            if first_col and (has_ref or len(row) >= 2 or record is None):
                if record is not None:
                    out.append(_space_record(text, rec_line, record, fields))
                starts = [s for s, _ in row] if len(row) == len(fields) else header_starts
                record = {}
                rec_line = line
            if record is None:
                break
            bounds = starts[1:] + [10**6]
            for col, (lo, hi) in enumerate(zip(starts, bounds, strict=True)):
                piece = line.text[max(0, lo - 1) if col else 0 : hi - 1 if hi < 10**6 else None].strip()
                if piece:
                    record.setdefault(col, []).append(piece)
            i += 1
        if record is not None and rec_line is not None:
            out.append(_space_record(text, rec_line, record, fields))
    return [c for c in out if c is not None]


def _space_record(text: str, line: Line, record: dict[int, list[str]], fields: list[str | None]) -> Candidate | None:
    cells = [" ".join(record.get(col, [])) for col in range(len(fields))]
    return _row_candidate(text, line, cells, fields)
