"""Pure normalisers for amounts of money and financial years (no spaCy, no context)."""

from __future__ import annotations

import re

from extract.context import fold_ws
from extract.nlp import load_lexicon

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?|\.\d+")
_FOREIGN = re.compile(r"^\s*(?:\$|€|¥|usd|us\$|eur|c\$|a\$)", re.IGNORECASE)
_UNIT_AFTER = re.compile(r"\s*\+?\s*(millions?|billions?|bn|mn|mil|m|k|thousand|pence|p)(?![a-z])\.?", re.IGNORECASE)
FY_RE = re.compile(r"(?<![\d/£.,])((?:19|20)\d\d)\s?([/-])\s?(\d{4}|\d\d)(?![\d/]|\.\d)")


def parse_amount(text: str, scale: float = 1.0) -> float | None:
    """Pounds in ``text`` (``"£1.5m"`` -> 1500000.0, ``"10p"`` -> 0.1), times ``scale`` for table units.

    Signs and brackets are ignored (values are never negative); anything after the first number
    and its unit word (``plus VAT``) is ignored. Returns None when there is no number or the
    text is another currency.
    """
    if not isinstance(text, str) or _FOREIGN.match(text):
        return None
    folded = fold_ws(text).lower()
    m = _NUMBER.search(folded)
    if m is None:
        return None
    try:
        value = float(m.group(0).replace(",", ""))
    except ValueError:
        return None
    sterling = "£" in folded[: m.start()] or "gbp" in folded[: m.start()]
    unit = _UNIT_AFTER.match(folded, m.end())
    if unit:
        word = unit.group(1)
        if word in ("p", "pence"):
            if not sterling:
                value /= 100
        else:
            value *= float(load_lexicon()["scale"].get(word.rstrip("."), 1))
    value *= scale
    if value != value or value in (float("inf"), float("-inf")):
        return None
    return round(abs(value), 6)


def fiscal_year_of(iso_date: str | None, shift: int = 0) -> str | None:
    """The UK financial year (April-March) holding an ISO date, printed ``2024-25``."""
    if not iso_date or not re.match(r"^\d{4}-\d\d", iso_date):
        return None
    year, month = int(iso_date[:4]), int(iso_date[5:7])
    first = (year if month >= 4 else year - 1) + shift
    return f"{first}-{(first + 1) % 100:02d}"


def is_fy(m: re.Match) -> bool:
    """Whether a ``FY_RE`` match is a financial year (consecutive years), not a run of years."""
    first, second = int(m.group(1)), m.group(3)
    return int(second) == first + 1 if len(second) == 4 else int(second) == (first + 1) % 100


def single_fy(text: str) -> str | None:
    """The first financial year (``2024-25``, ``2018/19``, ``2025-2026``) printed in ``text``."""
    for m in FY_RE.finditer(text):
        if is_fy(m):
            return m.group(0).replace(" ", "")
    return None
