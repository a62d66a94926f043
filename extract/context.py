"""Where a character offset sits in a paper: its line, paragraph, sentence and agenda item.

Pure text functions shared by the money and date extractors. Offsets are into ``Document.text``.
A paragraph is a run of non-blank lines; a sentence ends at ``. ! ?`` followed by white space and
a capital, digit or bullet, at a blank line, or at a line that starts a bullet or a table row.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_BLANK_LINE = re.compile(r"\n[ \t\f\r]*\n")
_SENT_END = re.compile(
    r"[.!?;](?=[\"'’”)]?\s+[\"'‘“(]?[A-Z0-9•\-–£])|\n[ \t]*(?=[-•–*]\s|\([a-z0-9]{1,3}\)\s|\d{1,3}[.)]\s|[A-Za-z][.)]\s)|\t"
)
# "88.  Draft Budget", "203/20 To Approve", "Item 5 Finance"; not a table row "2016/17<TAB>738,797"
_ITEM_HEAD = re.compile(
    r"^(?:item\s+\d{1,4}[.:]?\s+\S|\d{1,4}(?:/\d{1,4}){0,2}(?:\.[ \t]+\S|[ \t]+[A-Z]))", re.IGNORECASE
)


def fold_ws(text: str) -> str:
    """Collapse every run of white space to one space and trim."""
    return " ".join(text.split())


def doc_text(doc, document) -> str:
    """The text ``doc`` was made from: ``document.text`` when it is (cheap), else ``doc.text`` (slow join)."""
    text = getattr(document, "text", None)
    if isinstance(text, str):
        last = doc[-1] if len(doc) else None
        if (last.idx + len(last.text_with_ws) if last is not None else 0) == len(text):
            return text
    return doc.text


@dataclass(frozen=True)
class TextIndex:
    """Line, paragraph and item boundaries of one text, for fast look-ups by offset."""

    text: str
    line_starts: tuple[int, ...]
    para_starts: tuple[int, ...]
    para_ends: tuple[int, ...]
    item_starts: tuple[int, ...]

    @classmethod
    def build(cls, text: str) -> TextIndex:
        """Index ``text`` once; every look-up after that is a binary search."""
        line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
        para_starts, para_ends = [0], []
        for m in _BLANK_LINE.finditer(text):
            para_ends.append(m.start())
            para_starts.append(m.end())
        para_ends.append(len(text))
        items = []
        for start in line_starts:
            end = text.find("\n", start)
            line = text[start : end if end >= 0 else len(text)]
            # minute and agenda item headings start at the margin: "88.  Draft Budget", "203/20 To Approve"
            if line[:1].strip() and _ITEM_HEAD.match(line):
                items.append(start)
        return cls(text, tuple(line_starts), tuple(para_starts), tuple(para_ends), tuple(items))

    def line_bounds(self, offset: int) -> tuple[int, int]:
        """Start and end (exclusive, without the newline) of the line holding ``offset``."""
        i = bisect.bisect_right(self.line_starts, offset) - 1
        start = self.line_starts[max(i, 0)]
        end = self.text.find("\n", start)
        return start, (end if end >= 0 else len(self.text))

    def para_bounds(self, offset: int) -> tuple[int, int]:
        """Start and end of the paragraph (block between blank lines) holding ``offset``."""
        i = max(bisect.bisect_right(self.para_starts, offset) - 1, 0)
        return self.para_starts[i], self.para_ends[i]

    def sentence_bounds(self, start: int, end: int | None = None) -> tuple[int, int]:
        """Bounds of the sentence around ``start:end``, never leaving its paragraph."""
        end = start if end is None else end
        p_start, p_end = self.para_bounds(start)
        s_start = p_start
        lo = max(p_start, start - 600)
        # look a little past ``start``: the end-of-sentence lookahead needs the next characters
        for m in _SENT_END.finditer(self.text, lo, min(start + 8, p_end)):
            if m.end() <= start:
                s_start = m.end()
        m = _SENT_END.search(self.text, end, min(p_end, end + 600))
        s_end = m.start() + (1 if m and m.group(0)[:1] in ".!?;" else 0) if m else min(p_end, end + 600)
        l_start, l_end = self.line_bounds(start)
        if "\t" in self.text[l_start:l_end]:  # a table row is a sentence of its own
            s_start, s_end = max(s_start, l_start), min(s_end, l_end)
        return s_start, max(s_end, end)

    def item_start(self, offset: int) -> int | None:
        """Offset of the minute or agenda item heading above ``offset``, if any."""
        i = bisect.bisect_right(self.item_starts, offset) - 1
        return self.item_starts[i] if i >= 0 else None

    def item_heading(self, offset: int, max_chars: int = 200) -> tuple[int, str] | None:
        """The heading text (its first line and the next, as headings wrap) of the item above."""
        start = self.item_start(offset)
        if start is None:
            return None
        chunk = self.text[start : start + max_chars]
        lines = chunk.split("\n")
        head = lines[0]
        if len(lines) > 1 and lines[1].strip() and not lines[1].startswith((" ", "\t")):
            head += " " + lines[1]
        return start, head
