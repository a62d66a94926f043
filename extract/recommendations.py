"""Find the recommendations a paper makes or reviews: tables, headed lists, introduced lists, numbered items.

Structure (list items, headings, paragraphs) is parsed line by line in plain Python here; heading phrases,
list introductions, table column names and status words are spaCy Matcher/PhraseMatcher rules kept as data in
``patterns/recommendations.jsonl`` and applied by :mod:`extract.recommendation_rules`; tables are read by
:mod:`extract.recommendation_tables`. Only :class:`Recommendation` dataclasses leave this module.
"""

from __future__ import annotations

import re
from dataclasses import replace

from extract.findings import PaperMeta, Recommendation
from extract.minute_layout import Line, label_at, split_lines
from extract.recommendation_rules import (
    BULLET,
    PATTERNS_PATH,
    QUOTE_START,
    SECTION_NUM,
    Candidate,
    Rules,
    asked_sentence,
    fold,
    heading_kind,
    intro_kind,
    load_rules,
    reviewed_suggestions,
    status_from_parenthesis,
    status_in,
)
from extract.recommendation_tables import space_tables, tab_tables
from extract.resolutions import find_decisions

# Callers and tests import the rule loader and shared helpers from here, as before the split.
__all__ = [
    "PATTERNS_PATH",
    "Candidate",
    "Rules",
    "find_recommendations",
    "fold",
    "load_rules",
    "same_recommendation",
    "token_set",
]

# --------------------------------------------------------------------------- small pure helpers

_RECOMMENDATION_N = re.compile(
    r"^\s*(?:Recommendation|RECOMMENDATION)\s+(?P<ref>\d{1,3}[a-z]?|[A-Z]\d{0,2}|[ivx]{1,4})\s*(?:[-–—:.)]\s*|\s{2,})(?P<text>\S.*)$"
)
_DECIMAL_ITEM = re.compile(r"^\s*(\d{1,2}\.\d{1,2})\.?\s+(?=\S)")
_RECOMMENDATION_ALONE = re.compile(r"^(?:Recommendation|RECOMMENDATION)\s+(?P<ref>\d{1,3}[a-z]?|[A-Z]\d{0,2})\s*[:.]?$")
_INLINE_HEADING = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:RECOMMENDATIONS?|Recommendations?)(?:\s*\(s\))?\s*[:\-–]\s*(?P<text>\S.*)", re.S
)
_WORD = re.compile(r"\w+")


def token_set(text: str) -> set[str]:
    """Case-folded word tokens, the unit the scorer compares."""
    return set(_WORD.findall(text.casefold()))


def same_recommendation(a: Recommendation, b: Recommendation) -> bool:
    """True when ``b`` restates ``a``: same ref with most words shared, or near-identical text."""
    ta, tb = token_set(a.text), token_set(b.text)
    if not ta or not tb:
        return False
    inter = len(ta & tb)
    jac = inter / len(ta | tb)
    contain = inter / min(len(ta), len(tb))
    if a.ref and b.ref and _ref_key(a.ref) == _ref_key(b.ref):
        return contain >= 0.6
    return jac >= 0.6 or (contain >= 0.85 and min(len(ta), len(tb)) >= 6)


def _ref_key(ref: str) -> str:
    return ref.strip("()[].:; ").split()[-1].lower() if ref.strip("()[].:; ") else ""


def _is_heading_line(text: str) -> bool:
    """A short title line (section heading) that ends a run of recommendation paragraphs."""
    stripped = text.strip()
    if not stripped or len(stripped) > 90 or "\t" in stripped:
        return False
    if stripped.endswith((".", ",", ";", ":", ":-")) or BULLET.match(stripped) or label_at(stripped):
        return False
    words = stripped.split()
    if len(words) > 12:
        return False
    return bool(SECTION_NUM.match(stripped)) or stripped[0].isupper()


# --------------------------------------------------------------------------- candidates


def _item_start(line: Line) -> tuple[str | None, int] | None:
    """(ref, offset of the item text) when a line opens a list item; None otherwise."""
    decimal = _DECIMAL_ITEM.match(line.text)
    if decimal:
        return decimal.group(1), line.start + decimal.end()
    found = label_at(line.text)
    if found:
        lab, length = found
        return lab, line.start + length
    bullet = BULLET.match(line.text)
    if bullet:
        return None, line.start + bullet.end()
    return None


def _list_items(text: str, lines: list[Line], k: int, pdf: bool) -> tuple[list[Candidate], int]:
    """List items (bullets or labels) starting at line ``k``; returns the items and the next line index."""
    items: list[Candidate] = []
    n = len(lines)
    i = k
    while i < n and lines[i].blank:
        i += 1
    item_indent = None
    kind = None
    width = _line_width(lines) if pdf else 0
    while i < n:
        line = lines[i]
        if line.blank:
            j = i
            while j < n and lines[j].blank:
                j += 1
            if j < n and _item_start(lines[j]) is not None and items:
                i = j
                continue
            break
        opened = _item_start(line)
        if opened is not None and items and _looks_like_section(line.text):
            break
        this_kind = None if opened is None else ("label" if opened[0] is not None else "bullet")
        if opened is not None and (kind is None or this_kind == kind or pdf and line.indent <= (item_indent or 0)):
            if kind is None:
                kind = this_kind
                item_indent = line.indent
            ref, start = opened
            items.append(Candidate(start, line.end, ref, ""))
        elif items and (not pdf or line.indent > (item_indent or 0) or lines[i - 1].blank is False):
            stripped = line.text.strip()
            if heading_kind(stripped) or intro_kind(stripped) or _RECOMMENDATION_N.match(line.text):
                break
            prev = lines[i - 1].text.rstrip()
            if pdf and line.indent <= (item_indent or 0) and width and len(prev) < 0.75 * width:
                break
            items[-1].end = line.end
        else:
            break
        i += 1
    for item in items:
        item.text = fold(text[item.start : item.end])
    return [it for it in items if it.text], i


def _line_width(lines: list[Line]) -> int:
    """A typical full line length: long lines of justified or ragged text reach about this far."""
    lengths = sorted(len(ln.text.rstrip()) for ln in lines if not ln.blank)
    return lengths[int(len(lengths) * 0.9)] if lengths else 0


def _breaks_before(prev: Line, line: Line, width: int) -> bool:
    """In layout text without blank lines: a short line ending a sentence, or a heading, starts a paragraph."""
    tail = prev.text.rstrip()
    if not tail.endswith((".", ":", ";", "!", "?", ":-")):
        return False
    return len(tail) < 0.75 * width or _is_heading_line(line.text)


_RECS_WORD = re.compile(r"recommend", re.I)


def _opens_recommendations(prev: Line, line: Line) -> bool:
    """A "Recommendation(s)" heading, or a line opening with one ("Recommendation: Cabinet is asked ..."),
    starts a paragraph of its own, and the line after a bare heading starts another: text taken from PDFs
    often has no blank lines around them."""
    return bool(_RECS_WORD.search(line.text[:40]) or _RECS_WORD.search(prev.text[:40])) and (
        heading_kind(prev.text) or heading_kind(line.text) or bool(_INLINE_HEADING.match(line.text.strip()))
    )


def _paragraphs(lines: list[Line], k: int, width: int = 0, split_headings: bool = False) -> list[tuple[int, int]]:
    """(first line, last line + 1) of each paragraph from line ``k`` on.

    ``width`` enables layout breaks; ``split_headings`` (HTML and text papers) makes a recommendations
    heading a paragraph of its own even without blank lines around it.
    """
    out = []
    i, n = k, len(lines)
    while i < n:
        while i < n and lines[i].blank:
            i += 1
        if i >= n:
            break
        j = i + 1
        while j < n and not lines[j].blank and _item_start(lines[j]) is None:
            if width and _breaks_before(lines[j - 1], lines[j], width):
                break
            if split_headings and _opens_recommendations(lines[j - 1], lines[j]):
                break
            j += 1
        out.append((i, j))
        i = j
    return out


def _layout_width(lines: list[Line], pdf: bool) -> int:
    """Line width for layout paragraph breaks: PDF text, and plain text hard-wrapped without blank lines."""
    if pdf:
        return _line_width(lines)
    filled = [ln for ln in lines if not ln.blank]
    if len(filled) >= 20 and len(lines) - len(filled) < 0.05 * len(lines):
        return _line_width(lines)
    return 0


def _next_section(heading: str) -> str | None:
    """The number of the section after a numbered heading ("3. Recommendation(s)" -> "4"), or None."""
    match = re.match(r"^\s*(\d{1,2})\.?\s", heading)
    return str(int(match.group(1)) + 1) if match else None


def _heading_paragraphs(
    text: str, lines: list[Line], k: int, pdf: bool, next_section: str | None = None
) -> tuple[list[Candidate], int]:
    """Paragraphs under a "Recommendation(s)" heading, until the next heading; "...:-" absorbs its bullets.

    ``next_section`` is the number the following section of a numbered report would carry: an item with that
    number ("4. Contact details" after "3. Recommendations") ends the recommendations.
    Returns the candidates and the index of the first line not consumed.
    """
    out: list[Candidate] = []
    width = _layout_width(lines, pdf)
    end = k
    for first, last in _paragraphs(lines, k, width, split_headings=not pdf)[:12]:
        end = first
        line = lines[first]
        raw = text[line.start : lines[last - 1].end]
        stripped = raw.strip()
        if "\t" in line.text or heading_kind(stripped) or _RECOMMENDATION_N.match(line.text):
            break
        if _is_heading_line(line.text) or intro_kind(stripped):
            break
        opened = _item_start(line)
        if opened is not None and (_looks_like_section(line.text) or (out and opened[0] == next_section)):
            break
        end = last
        if opened is not None:
            ref, start = opened
            # bullets after "... the following areas:-" belong to that recommendation; numbered items stand alone
            absorbing = out and (out[-1].text.rstrip().endswith((":", ":-", ":–")) or out[-1].extra.get("open"))
            if absorbing and ref is None:
                out[-1].end = lines[last - 1].end
                out[-1].text = fold(text[out[-1].start : out[-1].end])
                out[-1].extra["open"] = True
                continue
            out.append(Candidate(start, lines[last - 1].end, ref, fold(text[start : lines[last - 1].end])))
            continue
        if stripped.endswith((":", ":-", ":–")) and len(stripped) < 80:
            continue  # a stem such as "That Cabinet:" introduces the numbered items that follow
        if stripped.startswith(QUOTE_START) or len(stripped) < 15:
            break
        start = line.start + (len(line.text) - len(line.text.lstrip()))
        out.append(Candidate(start, lines[last - 1].end, None, fold(raw)))
    for cand in out:
        cand.extra.pop("open", None)
    return out, end


def _looks_like_section(text: str) -> bool:
    """A numbered section title ("2. Background", "3 FINANCIAL IMPLICATIONS"), not a list item."""
    body = SECTION_NUM.sub("", text.strip(), count=1)
    if body == text.strip() or not body or body.endswith((".", ";", ":", ",")) or body.startswith(("That", "THAT")):
        return False
    words = body.split()
    return len(words) <= 6 and words[0][0].isupper() and all(w[0].isupper() or len(w) <= 3 for w in words)


# --------------------------------------------------------------------------- the finder


def find_recommendations(document, paper_meta: PaperMeta | None = None) -> list[Recommendation]:
    """Each distinct recommendation the paper makes or reviews, in document order; never raises."""
    try:
        return _find(document)
    except Exception:  # noqa: BLE001 - odd text must never stop a whole ingest
        return []


def _in_motion(text: str, offset: int) -> bool:
    """True inside a quoted motion or amendment ("X proposed ... the motion that 'Council is asked to'")."""
    window = text[max(0, offset - 1500) : offset]
    if window.count("“") > window.count("”"):
        return True
    near = window[-300:].lower()
    return bool(re.search(r"\b(?:seconded|proposed|moved)\b[^\n]*\b(?:motion|amendment)\b|\bseconded\b", near))


def _find(document) -> list[Recommendation]:
    text = document.text
    if not text:
        return []
    pdf = getattr(document, "format", "text") == "pdf"
    lines = split_lines(text, pdf)
    cands: list[Candidate] = []
    cands.extend(tab_tables(text, lines))
    if pdf:
        cands.extend(space_tables(text, lines))

    paragraphs = _paragraphs(lines, 0, _layout_width(lines, pdf), split_headings=not pdf)
    consumed = 0  # lines already read as items of a list or heading: not read again as paragraphs
    for first, last in paragraphs:
        if first < consumed:
            continue
        line = lines[first]
        para = text[line.start : lines[last - 1].end]
        stripped = para.strip()
        if "\t" in line.text:
            continue
        alone = _RECOMMENDATION_ALONE.match(stripped)
        if alone:
            nxt = _paragraphs(lines, last)[:1]
            if nxt and not _is_heading_line(lines[nxt[0][0]].text):
                a, b = lines[nxt[0][0]].start, lines[nxt[0][1] - 1].end
                a += len(text[a:b]) - len(text[a:b].lstrip())
                cands.append(Candidate(a, b, alone.group("ref"), fold(text[a:b])))
            continue
        match = _RECOMMENDATION_N.match(line.text)
        if match:
            start = line.start + match.start("text")
            cands.append(
                Candidate(start, lines[last - 1].end, match.group("ref"), fold(text[start : lines[last - 1].end]))
            )
            continue
        inline = _INLINE_HEADING.match(stripped)
        if inline and not heading_kind(stripped):
            start = line.start + (len(line.text) - len(line.text.lstrip())) + inline.start("text")
            if intro_kind(stripped):
                items, consumed = _list_items(text, lines, last, pdf)
                cands.extend(items)
            else:
                cands.append(Candidate(start, lines[last - 1].end, None, fold(text[start : lines[last - 1].end])))
            continue
        if heading_kind(stripped):
            nxt = last
            while nxt < len(lines) and lines[nxt].blank:
                nxt += 1
            if nxt < len(lines) and "\t" in lines[nxt].text:
                continue
            items, consumed = _list_items(text, lines, last, pdf)
            if not items:
                items, consumed = _heading_paragraphs(text, lines, last, pdf, _next_section(stripped))
            cands.extend(items)
            continue
        if intro_kind(stripped) and not _in_motion(text, line.start):
            items, after = _list_items(text, lines, last, pdf)
            consumed = after if items else consumed
            if len(items) == 1:
                nxt = _paragraphs(lines, after)[:1]
                if nxt:
                    follow = text[lines[nxt[0][0]].start : lines[nxt[0][1] - 1].end]
                    if len(follow) < 400 and not _item_start(lines[nxt[0][0]]):
                        status = status_in(follow)
                        if status:
                            items[0].extra["status"] = status
            cands.extend(items)
            continue
        for a, b in reviewed_suggestions(text, line.start, lines[last - 1].end):
            cands.append(Candidate(a, b, None, fold(text[a:b]).rstrip(".")))
        if asked_sentence(stripped) and not stripped.startswith(QUOTE_START) and not _in_motion(text, line.start):
            start = line.start + (len(line.text) - len(line.text.lstrip()))
            cands.append(Candidate(start, lines[last - 1].end, None, fold(para)))

    for res, word in find_decisions(document):
        if word == "RECOMMENDED" or re.search(
            r"^(?:\S+\s+){0,5}?(?:recommends?|be\s+recommended|RECOMMEND)\b(?:\s+to\b|\s+that\b)", res.text
        ):
            cands.append(Candidate(res.char_start, res.char_end, res.part, res.text))

    cands.sort(key=lambda c: c.start)
    found: list[Recommendation] = []
    for cand in cands:
        if not cand.text or len(token_set(cand.text)) < 2:
            continue
        extra = dict(cand.extra)
        status = extra.pop("status", None) or status_from_parenthesis(cand.text)
        rec = Recommendation(
            ref=cand.ref,
            text=cand.text,
            desired_outcome=extra.get("desired_outcome"),
            target_date=extra.get("target_date"),
            lead_officer=extra.get("lead_officer"),
            resources=extra.get("resources"),
            service_response=extra.get("service_response"),
            status=status,
            char_start=cand.start,
            char_end=max(cand.end, cand.start),
            page=document.page_at(cand.start),
        )
        dup = next((i for i, old in enumerate(found) if same_recommendation(old, rec)), None)
        if dup is None:
            found.append(rec)
        elif found[dup].status is None and rec.status is not None:
            found[dup] = replace(found[dup], status=rec.status)
    return found
