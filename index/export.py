"""Write finding rows as a terminal table, CSV, JSON or XLSX."""

from __future__ import annotations

import csv
import io
import json
import re
import textwrap
from collections.abc import Sequence
from pathlib import Path

FORMATS = ("table", "csv", "json", "xlsx")


def columns_of(rows: Sequence[dict], preferred: Sequence[str] = ()) -> list[str]:
    """Preferred columns first (where any row has them), then any others in first-seen order."""
    seen: dict[str, None] = {}
    for row in rows:
        for key in row:
            seen.setdefault(key, None)
    first = [c for c in preferred if c in seen]
    return first + [c for c in seen if c not in first]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return " ".join(str(value).split())


def to_csv(rows: Sequence[dict], columns: Sequence[str]) -> str:
    """CSV text with a header row; values as plain text (amounts unformatted)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if row.get(k) is None else row.get(k)) for k in columns})
    return buffer.getvalue()


def to_json(rows: Sequence[dict], columns: Sequence[str]) -> str:
    """A JSON list of objects with the given keys."""
    return json.dumps([{k: row.get(k) for k in columns} for row in rows], indent=2, ensure_ascii=False)


def to_table(rows: Sequence[dict], columns: Sequence[str], width: int = 60, narrow: int = 28) -> str:
    """A plain-text table; ``text`` cells wrap within ``width`` characters, other cells within ``narrow``."""
    if not rows:
        return "(no rows)"
    limits = [width if c == "text" else narrow for c in columns]
    cells = [
        [textwrap.wrap(_cell(row.get(c)), limit) or [""] for c, limit in zip(columns, limits, strict=True)]
        for row in rows
    ]
    widths = [max([len(c)] + [len(line) for row in cells for line in row[i]]) for i, c in enumerate(columns)]
    out = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    out.append("  ".join("-" * w for w in widths))
    for row in cells:
        for n in range(max(len(cell) for cell in row)):
            line = [(cell[n] if n < len(cell) else "").ljust(w) for cell, w in zip(row, widths, strict=True)]
            out.append("  ".join(line).rstrip())
    return "\n".join(out)


def write_xlsx(rows: Sequence[dict], columns: Sequence[str], target: Path, sheet: str = "findings") -> None:
    """An Excel workbook: bold frozen header row, filters, wrapped text and sensible column widths."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    ws = book.active
    ws.title = sheet[:31]
    ws.append(list(columns))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([_xlsx_value(row.get(c)) for c in columns])
    for i, column in enumerate(columns, 1):
        longest = max([len(column)] + [len(_cell(r.get(column))) for r in rows])
        ws.column_dimensions[get_column_letter(i)].width = min(max(10, longest + 2), 60)
        if longest > 60:
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    book.save(target)


_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # control characters Excel files cannot hold


def _xlsx_value(value):
    if isinstance(value, (list, tuple)):
        value = "; ".join(map(str, value))
    elif isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str):
        return _XLSX_ILLEGAL.sub(" ", value)
    return value
