"""Fast snippets: the densest windows of a page around the query's terms, terms marked ``[[...]]``.

Whoosh's own highlighter re-analyses the whole page with the stemming analyzer for
every hit, which was most of a search's time; a regex built from the matched stems
finds the same words in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_WORD_END = r"[\w'’]*"
_MAX_MATCHES = 400  # enough to find the best windows; bounds the work on a huge one-page paper


def stem_pattern(stems: Iterable[str]) -> re.Pattern | None:
    """One regex for words that begin with any stem (Snowball's ``polici`` also reads ``policy``)."""
    alternatives = []
    for stem in sorted({s for s in stems if s}, key=len, reverse=True):
        body = re.escape(stem)
        if stem.endswith("i") and len(stem) > 2:
            body = re.escape(stem[:-1]) + "[iy]"
        alternatives.append(body)
    if not alternatives:
        return None
    return re.compile(r"\b(?:" + "|".join(alternatives) + ")" + _WORD_END, re.IGNORECASE)


def snippet(text: str, pattern: re.Pattern | None, width: int = 240, top: int = 2, joiner: str = " … ") -> str:
    """Up to ``top`` windows of about ``width`` characters with the most distinct matched words, in page order."""
    flat = " ".join(text.split())
    matches = []
    if pattern:
        for match in pattern.finditer(flat):
            matches.append(match)
            if len(matches) == _MAX_MATCHES:
                break
    if not matches:
        return flat if len(flat) <= width else flat[:width].rsplit(" ", 1)[0] + " …"
    windows = []
    last = 0
    for i, first in enumerate(matches):
        start = max(0, first.start() - width // 4)
        end = min(len(flat), start + width)
        last = max(last, i)
        while last + 1 < len(matches) and matches[last + 1].end() <= end:
            last += 1
        inside = matches[i : last + 1]
        windows.append((len({m.group(0).lower() for m in inside}), len(inside), -start, start, end))
    chosen: list[tuple[int, int]] = []
    for *_, start, end in sorted(windows, reverse=True):
        if all(end <= s or start >= e for s, e in chosen):
            chosen.append((start, end))
        if len(chosen) == top:
            break
    pieces = []
    for start, end in sorted(chosen):
        start = flat.rfind(" ", 0, start) + 1 if start else 0
        stop = flat.find(" ", end)
        piece = flat[start : stop if stop != -1 else len(flat)]
        pieces.append(pattern.sub(lambda m: f"[[{m.group(0)}]]", piece))
    return joiner.join(pieces)
