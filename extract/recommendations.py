"""Find the recommendations a paper makes or reviews: tables, headed lists, introduced lists, numbered items.

Structure (tables, list items, headings) is parsed line by line in plain Python; heading phrases, list
introductions, table column names and status words are spaCy Matcher/PhraseMatcher rules kept as data in
``patterns/recommendations.jsonl``. Only :class:`Recommendation` dataclasses leave this module.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from extract.findings import PaperMeta, Recommendation
from extract.minute_layout import Line, label_at, split_lines
from extract.nlp import blank
from extract.resolutions import find_decisions

PATTERNS_PATH = Path(__file__).parent / "patterns" / "recommendations.jsonl"
_KINDS = {"heading", "intro", "asked", "reviewed", "status", "column"}
_FIELDS = {"ref", "text", "desired_outcome", "target_date", "lead_officer", "resources", "service_response", "status"}

# --------------------------------------------------------------------------- rules as data


@dataclass(frozen=True)
class Rules:
    """Validated rules: matchers over blank-English vocab plus lookup tables keyed by match id."""

    headings: object
    intros: object
    intro_at_end: dict[str, bool]
    intro_tail: dict[str, int]
    asked: object
    reviewed: object
    statuses: object
    status_values: dict[str, str]
    columns: dict[str, str]


def _validate(rule: dict, lineno: int) -> None:
    where = f"{PATTERNS_PATH.name}:{lineno}"
    kind = rule.get("kind")
    if kind not in _KINDS:
        raise ValueError(f"{where}: unknown kind {kind!r}")
    if not isinstance(rule.get("id"), str) or not rule["id"]:
        raise ValueError(f"{where}: missing id")
    if kind in ("intro", "asked", "reviewed"):
        pattern = rule.get("pattern")
        if not isinstance(pattern, list) or not pattern or not all(isinstance(t, dict) for t in pattern):
            raise ValueError(f"{where}: {kind} needs a non-empty token pattern")
    else:
        phrases = rule.get("phrases")
        if not isinstance(phrases, list) or not phrases or not all(isinstance(p, str) and p for p in phrases):
            raise ValueError(f"{where}: {kind} needs a list of phrases")
    if "max_tail" in rule and (not isinstance(rule["max_tail"], int) or rule["max_tail"] < 0):
        raise ValueError(f"{where}: max_tail must be a non-negative integer")
    if kind == "status" and not isinstance(rule.get("value"), str):
        raise ValueError(f"{where}: status needs a value")
    if kind == "column" and rule.get("field") not in _FIELDS:
        raise ValueError(f"{where}: column field must be one of {sorted(_FIELDS)}")


@lru_cache(maxsize=1)
def load_rules(path: str = str(PATTERNS_PATH)) -> Rules:
    """Load and validate the rule file; a malformed rule raises ``ValueError`` naming its line."""
    from spacy.matcher import Matcher, PhraseMatcher

    nlp = blank()
    headings = PhraseMatcher(nlp.vocab, attr="LOWER")
    intros = Matcher(nlp.vocab, validate=True)
    asked = Matcher(nlp.vocab, validate=True)
    reviewed = Matcher(nlp.vocab, validate=True)
    statuses = PhraseMatcher(nlp.vocab, attr="LOWER")
    intro_at_end: dict[str, bool] = {}
    intro_tail: dict[str, int] = {}
    status_values: dict[str, str] = {}
    columns: dict[str, str] = {}
    with open(path, encoding="utf-8") as handle:
        for lineno, raw in enumerate(handle, 1):
            if not raw.strip():
                continue
            rule = json.loads(raw)
            _validate(rule, lineno)
            kind, rid = rule["kind"], rule["id"]
            if kind == "heading":
                headings.add(rid, [nlp.make_doc(p) for p in rule["phrases"]])
            elif kind == "intro":
                intros.add(rid, [rule["pattern"]])
                intro_at_end[rid] = bool(rule.get("at_end", False))
                intro_tail[rid] = int(rule.get("max_tail", 10**6))
            elif kind == "asked":
                asked.add(rid, [rule["pattern"]])
            elif kind == "reviewed":
                reviewed.add(rid, [rule["pattern"]])
            elif kind == "status":
                statuses.add(rid, [nlp.make_doc(p) for p in rule["phrases"]])
                status_values[rid] = rule["value"]
            else:
                for phrase in rule["phrases"]:
                    columns.setdefault(phrase.lower(), rule["field"])
    return Rules(headings, intros, intro_at_end, intro_tail, asked, reviewed, statuses, status_values, columns)


# --------------------------------------------------------------------------- small pure helpers

_WS = re.compile(r"\s+")
_BULLET = re.compile(r"^\s*[•●▪◦\u2022\u25cf\uf0b7\x7f\-–*]\s+")
_SECTION_NUM = re.compile(r"^\s*\d+(?:\.\d+)*\.?\s+")
_RECOMMENDATION_N = re.compile(
    r"^\s*(?:Recommendation|RECOMMENDATION)\s+(?P<ref>\d{1,3}[a-z]?|[A-Z]\d{0,2}|[ivx]{1,4})\s*(?:[-–—:.)]\s*|\s{2,})(?P<text>\S.*)$"
)
_DECIMAL_ITEM = re.compile(r"^\s*(\d{1,2}\.\d{1,2})\.?\s+(?=\S)")
_RECOMMENDATION_ALONE = re.compile(r"^(?:Recommendation|RECOMMENDATION)\s+(?P<ref>\d{1,3}[a-z]?|[A-Z]\d{0,2})\s*[:.]?$")
_INLINE_HEADING = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:RECOMMENDATIONS?|Recommendations?)(?:\s*\(s\))?\s*[:\-–]\s*(?P<text>\S.*)", re.S
)
_ORDINAL_GAP = re.compile(r"\b(\d{1,2}) (st|nd|rd|th)\b")
_WORD = re.compile(r"\w+")
_QUOTE_START = ("“", '"', "‘", "'")


def fold(text: str) -> str:
    """Fold white space, drop bullets at line starts and join ``25 th`` to ``25th``."""
    lines = [_BULLET.sub("", ln) for ln in text.replace("\x7f", " ").split("\n")]
    return _ORDINAL_GAP.sub(r"\1\2", _WS.sub(" ", " ".join(lines)).strip())


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
    if stripped.endswith((".", ",", ";", ":", ":-")) or _BULLET.match(stripped) or label_at(stripped):
        return False
    words = stripped.split()
    if len(words) > 12:
        return False
    return bool(_SECTION_NUM.match(stripped)) or stripped[0].isupper()


def _status_in(text: str) -> str | None:
    rules = load_rules()
    doc = blank().make_doc(fold(text))
    for m_id, s, e in rules.statuses(doc):
        value = rules.status_values[doc.vocab.strings[m_id]]
        return doc[s:e].text.lower() if value == "*" else value
    return None


def _status_from_parenthesis(text: str) -> str | None:
    for match in re.finditer(r"\(([^()]{0,80})\)", text):
        found = _status_in(match.group(1))
        if found:
            return found
    return None


# --------------------------------------------------------------------------- headings and list introductions


def _heading_kind(text: str) -> bool:
    """True for a line that is only a recommendations heading ("2. Recommendations", "Recommendation:")."""
    stripped = _SECTION_NUM.sub("", text.strip()).strip().rstrip(":-– ").strip()
    if not stripped or len(stripped) > 60:
        return False
    doc = blank().make_doc(stripped)
    rules = load_rules()
    return any(s == 0 and e == len(doc) for _, s, e in rules.headings(doc))


def _intro_kind(text: str) -> bool:
    """True for a sentence ending in ':' that introduces recommendations."""
    stripped = text.strip()
    if not stripped.endswith((":", ":-", ":–")):
        return False
    if stripped.startswith(_QUOTE_START):
        return False
    body = stripped.rstrip(":-– ").strip()
    # the last sentence of the paragraph is the introduction
    body = re.split(r"(?<=[.!?])\s+(?=[A-Z])", body)[-1]
    doc = blank().make_doc(body)
    rules = load_rules()
    for m_id, _s, e in rules.intros(doc):
        rid = doc.vocab.strings[m_id]
        if (not rules.intro_at_end[rid] or e == len(doc)) and len(doc) - e <= rules.intro_tail[rid]:
            return True
    return False


def _asked_sentence(text: str) -> bool:
    """True for a paragraph opening "The Cabinet is asked to ..."."""
    head = text.strip()[:120]
    if not re.search(r"\b(?:asked|requested|recommended|invited)\s+(?:to|that)\b", head, re.I):
        return False  # cheap guard: most paragraphs never reach the tokenizer
    doc = blank().make_doc(head)
    rules = load_rules()
    return any(s <= 2 for _, s, _e in rules.asked(doc))


def _reviewed_suggestions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of "the review suggested [that] the Council <do X>": what a reviewed report advised, as printed.

    Only a review, report or inspection as the subject counts (not a person's suggestion in debate), and only
    in the simple past ("had recommended" is narrative about someone else's advice).
    """
    if not re.search(r"\b(?:suggested|recommended|advised)\b", text[start:end]):
        return []
    folded, where = _fold_with_offsets(text[start:end])
    doc = blank().make_doc(folded)
    out = []
    for _, s, _e in load_rules().reviewed(doc):
        if s > 0 and doc[s - 1].lower_ in ("had", "has", "have"):
            continue
        verb = s + 1
        first = verb + 2 if doc[verb + 1].lower_ == "that" else verb + 1
        a = doc[first].idx
        stop = re.search(r"(?<=[.!?])\s|$", folded[a:])
        b = a + (stop.start() if stop else len(folded) - a)
        out.append((start + where[a], start + where[b - 1] + 1))
    return out


def _fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """White space folded to single spaces, with each folded character's offset in ``text``."""
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace():
            if chars and chars[-1] == " ":
                continue
            ch = " "
        chars.append(ch)
        where.append(i)
    return "".join(chars), where


# --------------------------------------------------------------------------- candidates


@dataclass
class Candidate:
    start: int
    end: int
    ref: str | None
    text: str
    extra: dict = field(default_factory=dict)


def _item_start(line: Line) -> tuple[str | None, int] | None:
    """(ref, offset of the item text) when a line opens a list item; None otherwise."""
    decimal = _DECIMAL_ITEM.match(line.text)
    if decimal:
        return decimal.group(1), line.start + decimal.end()
    found = label_at(line.text)
    if found:
        lab, length = found
        return lab, line.start + length
    bullet = _BULLET.match(line.text)
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
            if _heading_kind(stripped) or _intro_kind(stripped) or _RECOMMENDATION_N.match(line.text):
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
        _heading_kind(prev.text) or _heading_kind(line.text) or bool(_INLINE_HEADING.match(line.text.strip()))
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
        if "\t" in line.text or _heading_kind(stripped) or _RECOMMENDATION_N.match(line.text):
            break
        if _is_heading_line(line.text) or _intro_kind(stripped):
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
        if stripped.startswith(_QUOTE_START) or len(stripped) < 15:
            break
        start = line.start + (len(line.text) - len(line.text.lstrip()))
        out.append(Candidate(start, lines[last - 1].end, None, fold(raw)))
    for cand in out:
        cand.extra.pop("open", None)
    return out, end


def _looks_like_section(text: str) -> bool:
    """A numbered section title ("2. Background", "3 FINANCIAL IMPLICATIONS"), not a list item."""
    body = _SECTION_NUM.sub("", text.strip(), count=1)
    if body == text.strip() or not body or body.endswith((".", ";", ":", ",")) or body.startswith(("That", "THAT")):
        return False
    words = body.split()
    return len(words) <= 6 and words[0][0].isupper() and all(w[0].isupper() or len(w) <= 3 for w in words)


# --------------------------------------------------------------------------- tables


def _column_field(cell: str) -> str | None:
    key = _WS.sub(" ", cell.strip().lower()).strip(" :*")
    return load_rules().columns.get(key)


def _header_fields(cells: list[str]) -> list[str | None] | None:
    fields = [_column_field(c) for c in cells]
    if "text" not in fields or sum(1 for f in fields if f) < 2:
        return None
    return fields


def _tab_tables(text: str, lines: list[Line]) -> list[Candidate]:
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
        values["status"] = _status_in(status) or status
    return Candidate(start, line.end, ref, body, values)


def _chunks(line: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group(0)) for m in re.finditer(r"\S(?:\S| (?! ))*", line)]


def _space_tables(text: str, lines: list[Line]) -> list[Candidate]:
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
    cands.extend(_tab_tables(text, lines))
    if pdf:
        cands.extend(_space_tables(text, lines))

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
        if inline and not _heading_kind(stripped):
            start = line.start + (len(line.text) - len(line.text.lstrip())) + inline.start("text")
            if _intro_kind(stripped):
                items, consumed = _list_items(text, lines, last, pdf)
                cands.extend(items)
            else:
                cands.append(Candidate(start, lines[last - 1].end, None, fold(text[start : lines[last - 1].end])))
            continue
        if _heading_kind(stripped):
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
        if _intro_kind(stripped) and not _in_motion(text, line.start):
            items, after = _list_items(text, lines, last, pdf)
            consumed = after if items else consumed
            if len(items) == 1:
                nxt = _paragraphs(lines, after)[:1]
                if nxt:
                    follow = text[lines[nxt[0][0]].start : lines[nxt[0][1] - 1].end]
                    if len(follow) < 400 and not _item_start(lines[nxt[0][0]]):
                        status = _status_in(follow)
                        if status:
                            items[0].extra["status"] = status
            cands.extend(items)
            continue
        for a, b in _reviewed_suggestions(text, line.start, lines[last - 1].end):
            cands.append(Candidate(a, b, None, fold(text[a:b]).rstrip(".")))
        if _asked_sentence(stripped) and not stripped.startswith(_QUOTE_START) and not _in_motion(text, line.start):
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
        status = extra.pop("status", None) or _status_from_parenthesis(cand.text)
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
