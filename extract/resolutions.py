"""Find each part of a RESOLVED / Resolved / AGREED decision in minutes, with minute number, mover and seconder.

Structure (markers, part labels, blocks, minute headings) is parsed line by line in plain Python; the
mover/seconder cues and the procedural/amendment/lost phrases are spaCy Matcher/PhraseMatcher rules kept
as data in ``patterns/resolutions.jsonl``. Only :class:`Resolution` dataclasses leave this module.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from extract.findings import PaperMeta, Resolution

PATTERNS_PATH = Path(__file__).parent / "patterns" / "resolutions.jsonl"
_KINDS = {"cue", "procedural", "amendment", "lost", "continuation"}
_ROLES = {"mover", "seconder"}

# --------------------------------------------------------------------------- rules as data


@dataclass(frozen=True)
class Rules:
    """Validated rule set: Matcher over blank-English vocab plus phrase lists by kind."""

    matcher: object
    phrases: object
    roles: dict[str, str]


def _validate(rule: dict, lineno: int) -> None:
    kind = rule.get("kind")
    if kind not in _KINDS:
        raise ValueError(f"{PATTERNS_PATH.name}:{lineno}: unknown kind {kind!r}")
    if not isinstance(rule.get("id"), str) or not rule["id"]:
        raise ValueError(f"{PATTERNS_PATH.name}:{lineno}: missing id")
    if kind == "cue":
        if rule.get("role") not in _ROLES:
            raise ValueError(f"{PATTERNS_PATH.name}:{lineno}: cue role must be one of {sorted(_ROLES)}")
        pattern = rule.get("pattern")
        if not isinstance(pattern, list) or not pattern or not all(isinstance(t, dict) for t in pattern):
            raise ValueError(f"{PATTERNS_PATH.name}:{lineno}: cue needs a non-empty token pattern")
    else:
        phrases = rule.get("phrases")
        if not isinstance(phrases, list) or not phrases or not all(isinstance(p, str) and p for p in phrases):
            raise ValueError(f"{PATTERNS_PATH.name}:{lineno}: {kind} needs a list of phrases")


@lru_cache(maxsize=1)
def _nlp():
    import spacy

    return spacy.blank("en")


@lru_cache(maxsize=1)
def load_rules(path: str = str(PATTERNS_PATH)) -> Rules:
    """Load and validate the rule file; a malformed rule raises ``ValueError`` naming its line."""
    from spacy.matcher import Matcher, PhraseMatcher

    nlp = _nlp()
    matcher = Matcher(nlp.vocab, validate=True)
    phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
    roles: dict[str, str] = {}
    with open(path, encoding="utf-8") as handle:
        for lineno, raw in enumerate(handle, 1):
            if not raw.strip():
                continue
            rule = json.loads(raw)
            _validate(rule, lineno)
            if rule["kind"] == "cue":
                key = f"{rule['role']}:{rule['id']}"
                matcher.add(key, [rule["pattern"]])
                roles[key] = rule["role"]
            else:
                phrases.add(rule["kind"], [nlp.make_doc(p) for p in rule["phrases"]])
    return Rules(matcher, phrases, roles)


def _phrase_kinds(text: str) -> set[str]:
    rules = load_rules()
    doc = _nlp().make_doc(" ".join(text.split()))
    vocab = doc.vocab.strings
    return {vocab[m_id] for m_id, _, _ in rules.phrases(doc)}


# --------------------------------------------------------------------------- names of movers and seconders

_TITLE = (
    r"(?:County\s+Councillor|Councillor|Cllrs?\.?|Cllr|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?|Sir|Dame|Prof\.?|Rev\.?|Canon)"
)
_NAME_WORD = r"(?:(?:[A-Z]\.){1,3}(?![a-z])|[A-Z][A-Za-z'’\-]*|Mc[A-Z][a-z]+|O['’][A-Z][a-z]+)"
_NAME_AFTER = re.compile(
    rf"(?:{_TITLE}[^\S\t]+{_NAME_WORD}(?:[^\S\t]+{_NAME_WORD}){{0,3}}"
    rf"|(?:[Tt]he\s+)?(?:Vice[- ])?Chair(?:man|woman|person)?"
    rf"|[A-Z]{{2,4}}\b"
    rf"|[A-Z][a-z]+(?:[- ][A-Z][a-z]+){{1,2}}(?=\s*(?:,|and\b|$)))"
)
_STOP_WORDS = {"The", "It", "This", "That", "A", "An", "All", "Members", "Council", "Committee", "Cabinet", "And"}
_SEGMENT_SPLIT = re.compile(
    r"[(),;:|\t\n]|\band\b|\s[-–—]\s|(?<!\bMrs)(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bCllr)(?<!\b[A-Z])\.\s"
)


_CUE_WORDS = re.compile(
    r"\s+(?:Seconded|Seconder|Proposed|Proposer|All|Agreed|Carried|Unanimously|Resolved|RESOLVED|Motion|Vote[sd]?|"
    r"For|Against|Abstained|Abstentions?|With|Who|That|The)\b.*$"
)


def _clean_name(name: str) -> str | None:
    name = _CUE_WORDS.sub("", re.sub(r"\s+", " ", name)).strip(" ,.;:")
    name = re.sub(r"^(?:[Tt]he)\s+", "", name)
    if not name or name in _STOP_WORDS:
        return None
    if name.endswith(("Cllr", "Mr", "Mrs", "Ms", "Councillor")) and " " not in name:
        return None
    return name


def _name_before(text: str, cue_start: int) -> str | None:
    """The name printed just before a cue ("Cllr X proposed"), or None."""
    head = text[max(0, cue_start - 80) : cue_start]
    pieces = _SEGMENT_SPLIT.split(head)
    seg = pieces[-1].strip() if pieces else ""
    seg = re.sub(r"^\d+[.)]\s*", "", seg)
    if not seg or len(seg) > 45:
        return None
    words = seg.split()
    if not all(re.fullmatch(r"(?:[A-Z][\w'’.\-]*|(?:[A-Z]\.)+|of|de|van)", w) for w in words):
        return None
    if words[0] in _STOP_WORDS and len(words) == 1:
        return None
    if words[0] in {"It", "This", "A", "An"}:
        return None
    return _clean_name(seg)


def _name_after(text: str, cue_end: int) -> str | None:
    """The name printed just after a cue ("seconded by Cllr Y", "Prop. GK"), or None."""
    tail = text[cue_end : cue_end + 80]
    tail = re.sub(r"^[\s:.\-–]*(?:by\b)?[\s:]*", "", tail)
    match = _NAME_AFTER.match(tail)
    return _clean_name(match.group(0)) if match else None


_TITLE_NEXT = re.compile(rf"\s*(?:[:.\-–]\s*(?:{_TITLE}\s|[A-Z]{{2,4}}\b)|\s+{_TITLE}\s)")


# every cue in the rule file contains one of these stems (checked by a test)
_CUE_GUARD = re.compile(r"propos|second|2nd|moved|mover|nominat|prop\b|\bsec\b|acceptance|approv", re.I)


@dataclass
class Cue:
    role: str
    start: int
    end: int
    name: str | None


_MONTHS = {
    "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june", "jul", "july",
    "aug", "august", "sep", "sept", "september", "oct", "october", "nov", "november", "dec", "december",
}


def _dated_ordinal(doc, s: int, e: int) -> bool:
    """"2nd" in a date ("April 2nd 2019", "2nd April") is a day, not "seconded"."""
    if e - s != 1 or doc[s].lower_ != "2nd":
        return False
    near = [doc[i].lower_.strip(".") for i in (s - 1, s + 1) if 0 <= i < len(doc)]
    return any(w in _MONTHS for w in near)


def find_cues(text: str) -> list[Cue]:
    """Mover and seconder cues in ``text`` with the names they carry (character offsets into ``text``)."""
    if not _CUE_GUARD.search(text):
        return []  # cheap guard: most text never reaches the tokenizer
    rules = load_rules()
    doc = _nlp().make_doc(text)
    found: list[Cue] = []
    taken: set[int] = set()
    matches = sorted(rules.matcher(doc), key=lambda m: (m[1], -(m[2] - m[1])))
    for m_id, s, e in matches:
        if s in taken or _dated_ordinal(doc, s, e):
            continue
        role = rules.roles[doc.vocab.strings[m_id]]
        span = doc[s:e]
        start, end = span.start_char, span.end_char
        if doc[e - 1].lower_ == "by" or (doc[s].lower_ != "nominated" and _TITLE_NEXT.match(text, end)):
            name = _name_after(text, end)
        else:
            name = _name_before(text, start) or _name_after(text, end)
        taken.update(range(s, e))
        found.append(Cue(role, start, end, name))
    return found


def movers_in(text: str) -> tuple[str | None, str | None, int | None]:
    """(mover, seconder, offset of the first cue that names someone) for a snippet of minutes."""
    mover = seconder = None
    first = None
    saw_seconder = False
    for cue in find_cues(text):
        if cue.role == "mover" and cue.name and mover is None:
            mover = cue.name
            first = cue.start if first is None else first
        elif cue.role == "seconder":
            saw_seconder = True
            if cue.name and seconder is None:
                seconder = cue.name
                first = cue.start if first is None else first
    if mover is None and not saw_seconder:
        return None, None, None
    return mover, seconder, first


# --------------------------------------------------------------------------- lines and blocks


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str
    indent: int
    blank: bool


_FOOTER = re.compile(r"^\s*(?:\d{1,3}|page\s+\d+(?:\s+of\s+\d+)?|-\s*\d+\s*-)\s*$", re.I)
_TABLE_PIPES = re.compile(r"^[\s|]+|[\s|]+$")


def split_lines(text: str, pdf: bool) -> list[Line]:
    """Lines of ``text`` with offsets; page-number footers count as blank lines."""
    lines = []
    pos = 0
    for raw in text.split("\n"):
        end = pos + len(raw)
        body = raw.replace("\t", " ")
        stripped = body.strip()
        blank = not stripped.strip("|").strip() or bool(
            _FOOTER.match(stripped) and (pdf or stripped.lower().startswith("page"))
        )
        lines.append(Line(pos, end, raw, len(body) - len(body.lstrip(" ")), blank))
        pos = end + 1
    return lines


_LABEL = re.compile(
    r"^\s*(?:\((?P<p>\d{1,2}[a-z]?|[a-zA-Z]|[ivxIVX]{1,5})\)|(?P<b>\d{1,2}[a-z]?|[a-zA-Z]|[ivx]{1,5})(?:\.\)|\)|\.(?=\s)))\s+"
)
_BULLET = re.compile(r"^\s*[•●▪◦\u2022\u25cf\uf0b7\-–]\s+")
_ROMAN = re.compile(r"^[ivx]+$", re.I)


def label_at(text: str) -> tuple[str, int] | None:
    """A part label at the start of ``text``: (label, length of the label and its trailing space)."""
    match = _LABEL.match(text)
    if not match:
        return None
    return (match.group("p") or match.group("b")), match.end()


def label_family(label: str, roman_first: bool) -> str:
    """'digit', 'roman' or 'alpha': parts of one list share a family."""
    if label[0].isdigit():
        return "digit"
    if roman_first and _ROMAN.match(label):
        return "roman"
    return "alpha"


# --------------------------------------------------------------------------- minute headings

_HEAD_SLASH = re.compile(
    r"^(?:(?:Minute|Min\.?|Item)\s*(?:No\.?\s*)?)?"
    r"(?P<n>(?:[A-Za-z]{1,5}/?)?\d{1,4}(?:/\d{1,4}){1,2}(?:[-–]\d{2,4})?(?:\.\d{1,2})?)(?=[\s:.\-–]|$)"
)
_HEAD_DOT = re.compile(
    r"^(?:(?P<word>(?:Minute|Min\.?|Item|Agenda\s+item)\s*(?:No\.?\s*)?))?(?P<n>\d{1,4}(?:\.\d{1,3})?)"
    r"(?:\.(?!\d)|(?=\s{3})|(?<=\d\.\d)(?=\s)|(?<=\d\.\d\d)(?=\s)|(?<=\d\.\d\d\d)(?=\s)|(?(word)[:\-–]|(?!)))"
    r"(?P<gap>\s*)(?P<rest>\S.*)?$"
)
# "45 MINUTES", "12 Planning applications": a short title line with the bare minute number
_HEAD_BARE = re.compile(r"^(?P<n>\d{1,4})(?P<gap> )(?P<rest>(?=[A-Z])[^.;:\d]{2,70}(?:\d{2,4}[^.;:]{0,20})?)$")
# Markdown escapes a list number it must not renumber: "5\\. Apologies" reads "5. Apologies".
_MD_ESCAPED_NUMBER = re.compile(r"^(\d{1,4})\\\.")
_MARKER_AT_START = re.compile(r"^(?:RESOLVED|Resolved|AGREED|RECOMMENDED)\b")
_THAT = re.compile(r"^(?:That|THAT)\b")


@dataclass
class Heading:
    offset: int
    label: str
    number: tuple[int, ...]
    style: tuple


def _heading_candidates(lines: list[Line]) -> list[Heading]:
    out = []
    for line in lines:
        if line.blank:
            continue
        raw = line.text
        prefix = ""
        body = raw.strip()
        if body.startswith("|"):
            prefix = "|"
            body = body.strip("| ").strip()
        elif body.startswith("**"):
            prefix = "*"
            body = body.strip("* ")
        body = _MD_ESCAPED_NUMBER.sub(r"\1.", body)
        match = _HEAD_SLASH.match(body)
        if match:
            label = match.group("n")
            out.append(Heading(line.start, label, (0,), ("slash", prefix)))
            continue
        match = _HEAD_DOT.match(body) or _HEAD_BARE.match(body)
        if not match or not match.group("rest"):
            continue
        rest = match.group("rest").strip("| ")
        if (
            _MARKER_AT_START.match(rest)
            or not rest
            or not (rest[0].isupper() or rest[0].isdigit())
            or _THAT.match(rest)
        ):
            continue
        gap = "wide" if len(match.group("gap")) >= 3 or "\t" in raw else "narrow"
        bucket = 0 if line.indent == 0 else (1 if line.indent < 4 else 2)
        label = match.group("n")
        number = tuple(int(x) for x in label.split("."))
        kind = "dec" if len(number) > 1 else "dot"
        out.append(Heading(line.start, label, number, (kind, prefix, bucket, gap)))
    return out


def minute_headings(lines: list[Line]) -> list[Heading]:
    """Minute headings: per style, numbers must rise; paragraph numbering that restarts is dropped."""
    candidates = _heading_candidates(lines)
    by_style: dict[tuple, list[Heading]] = {}
    for cand in candidates:
        by_style.setdefault(cand.style, []).append(cand)
    good_styles = set()
    for style, items in by_style.items():
        if style[0] == "slash":
            good_styles.add(style)
            continue
        # paragraph numbering restarts in every minute; minute numbers rise (a list inside one minute may
        # restart once or twice, and the walk below skips its numbers)
        drops = sum(1 for a, b in zip(items, items[1:], strict=False) if b.number <= a.number)
        if drops < 2 or drops < len(items) // 5:
            good_styles.add(style)
    accepted: list[Heading] = []
    current: Heading | None = None
    for cand in candidates:
        if cand.style not in good_styles:
            continue
        if cand.style[0] == "slash":
            accepted.append(cand)
            continue
        rises = current is None or cand.number > current.number
        # a new numbering style that restarts at 1 (agenda list, then the minutes table) starts afresh,
        # but only when the old style is done: numbered lists nested in a minute do not
        restarts = (
            current is not None
            and cand.style != current.style
            and len(by_style[cand.style]) >= 3
            and by_style[current.style][-1].offset < cand.offset
        )
        if rises or (restarts and cand.number[0] <= 2):
            accepted.append(cand)
            current = cand
    return accepted


def _minute_at(headings: list[Heading], offset: int) -> str | None:
    """Label of the last minute heading at or before ``offset`` (headings are in document order)."""
    idx = bisect_right(headings, offset, key=lambda h: h.offset) - 1
    return headings[idx].label if idx >= 0 else None


# --------------------------------------------------------------------------- markers

_MARKER = re.compile(r"\b(RESOLVED|Resolved|resolved|AGREED|Agreed|RECOMMENDED)\b")
_LOWER_OK_BEFORE = re.compile(
    r"(?:\bit\s+was|council|committee|cabinet|members|board|panel|councillors|meeting|trustees)\s+(?:unanimously\s+)?$",
    re.I,
)
_LOWER_OK_AFTER = re.compile(r"^\s*(?:unanimously\s+)?(?:that|to)\b")
_LINE_START_PREFIX = re.compile(r"^[\s|*>]*(?:\(?\d{1,3}[a-z]?[.)]\)?\s*|\(?[a-z]\)\s*)?$")
_CONFIRM_ONLY = re.compile(
    r"^[\s:.\-–]*(?:unanimously|nem\.?\s*con\.?|by\s+all|by\s+(?:a\s+)?majority|by\s+all\s+present)?[\s.]*$", re.I
)
_BODY_LEAD = re.compile(
    r"[\s:.\-–—,]*(?:unanimously\s*)?[\s:\-–—,]*"
    r"(?P<label>\d{1,4}(?:/\d{1,4}){1,2}(?:\.\d{1,2})?)?[\s:.\-–—,]*(?:(?:that|That|THAT)\b[\s:,]*)?"
)


_FOR_INFORMATION = re.compile(r"[\s:.\-–*_]*\(?\s*for\s+information(?:\s+only)?\s*\)?[\s.*_]*$", re.I)


_LABEL_AFTER = re.compile(r"\s*:?\s*\d{1,4}(?:/\d{1,4}){1,2}(?:\.\d{1,2})?\b")


_AGREED_LEAD = re.compile(
    r"\s*(?:[:;\-–—,]|that\b|to\b|as\b|unanimously\b|by\b|with\b|\(|\d{1,4}(?:/\d{1,4})+|$)", re.I
)


@dataclass
class Marker:
    offset: int
    end: int
    word: str
    line: int


def _before(text: str, line_start: int, offset: int) -> str:
    """Text of the line before ``offset``, at most 200 characters (a run-on line must not cost O(n) per marker)."""
    return text[max(line_start, offset - 200) : offset]


def _marker_ok(text: str, match: re.Match, line: Line) -> bool:
    word = match.group(1)
    before = _before(text, line.start, match.start())
    at_line_start = bool(_LINE_START_PREFIX.match(before)) or before.rstrip().endswith(("\t", "|"))
    after_sentence = bool(re.search(r"[.:;)]\s+$", before)) or at_line_start
    if word in ("RESOLVED", "AGREED", "RECOMMENDED"):
        return True
    if word in ("Resolved", "Agreed"):
        return after_sentence or bool(_LABEL_AFTER.match(text, match.end(), match.end() + 20))
    # lower-case "resolved" only in a decision formula: "it was resolved that", "Council resolved to".
    if re.search(r"\b(?:had|has|have|been|be|not)\s+(?:\w+\s+)?$", before, re.I):
        return False
    return bool(_LOWER_OK_BEFORE.search(before)) and bool(_LOWER_OK_AFTER.match(text[match.end() : match.end() + 30]))


def _line_index(lines: list[Line], offset: int) -> int:
    lo, hi = 0, len(lines) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if lines[mid].start <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo


# --------------------------------------------------------------------------- one resolution block


@dataclass
class Part:
    label: str | None
    segments: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Block:
    """One decision: its marker, the minute label printed after it (if any), its parts and where it ends."""

    marker: Marker
    label: str | None
    parts: list[Part]
    end: int


_SENT_END = re.compile(r"(?<!\bCllr)(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bNo)(?<!\b[A-Z])[.!?](?=\s+[A-Z“\"(])")
_DECISION_VERB = re.compile(r"\b(?:approved|agreed|resolved|adopted|accepted)\b", re.I)
_MONEY_TOKEN = re.compile(r"£?\d[\d,]*(?:\.\d+)?")


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    pos = start
    for match in _SENT_END.finditer(text, start, end):
        out.append((pos, match.end()))
        pos = match.end()
        while pos < end and text[pos].isspace():
            pos += 1
    if pos < end:
        out.append((pos, end))
    return [(a, b) for a, b in out if text[a:b].strip()]


def _inline_block(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Body of a decision printed mid-paragraph: its sentence plus sentences that carry it on."""
    sentences = _sentences(text, start, end)
    if not sentences:
        return []
    first_s, first_e = sentences[0]
    if len(re.findall(r"£\s?\d", text[first_s:first_e])) >= 3:
        # a payments table printed before the decision sentence: start after the last figure
        verb = _DECISION_VERB.search(text, first_s, first_e)
        if verb:
            last_num = None
            for num in _MONEY_TOKEN.finditer(text, first_s, verb.start()):
                last_num = num
            if last_num:
                first_s = last_num.end()
                while first_s < first_e and text[first_s].isspace():
                    first_s += 1
    kept = [(first_s, first_e)]
    for s, e in sentences[1:]:
        piece = text[s:e].lower()
        if "continuation" in _phrase_kinds(piece) and not _MARKER.search(text[s:e]):
            kept.append((s, e))
        else:
            break
    return kept


def _paragraph_end(lines: list[Line], i: int, stop, pdf: bool = True) -> int:
    """Index after the last line of the paragraph starting at ``i``.

    Layout (PDF) paragraphs run to a blank line; in HTML and text papers a line is a paragraph unless it
    was wrapped mid-sentence.
    """
    j = i + 1
    while j < len(lines) and not lines[j].blank and not stop(j):
        if not pdf and lines[j - 1].text.rstrip().endswith((".", "!", "?", ":", ";", ")")):
            break
        j += 1
    return j


def _build_block(text, lines, marker: Marker, pdf: bool, is_heading_line, marker_lines) -> Block:
    li = marker.line
    line = lines[li]
    lead = _BODY_LEAD.match(text, marker.end, line.end)
    body_start = lead.end() if lead else marker.end
    label = lead.group("label") if lead else None
    if marker.word == "Agreed" and not re.match(r"[\s:\-–]*(?:that\b|:)", text[marker.end : marker.end + 10], re.I):
        body_start = marker.offset

    def stop(j: int) -> bool:
        return j in marker_lines or is_heading_line(j)

    before = _before(text, line.start, marker.offset)
    # run-on HTML cells: a decision printed mid-paragraph, or in a very long one, ends with its sentence
    inline = not pdf and (not _LINE_START_PREFIX.match(before) and len(line.text) > 250 or len(line.text) > 600)
    units: list[list[tuple[int, int]]] = []
    if inline:
        nxt = _MARKER.search(text, body_start, line.end)
        stop_at = line.end
        while nxt is not None:
            if _marker_ok(text, nxt, line) and nxt.group(1) != "resolved":
                stop_at = nxt.start()
                break
            nxt = _MARKER.search(text, nxt.end(), line.end)
        units.append(_inline_block(text, body_start, stop_at))
        end = units[0][-1][1] if units[0] else body_start
        return Block(marker, label, _split_parts(text, units), end)

    j = _paragraph_end(lines, li, stop, pdf)
    first_end = line.end
    if not pdf and "\t" in text[body_start : line.end]:
        first_end = text.index("\t", body_start)  # the next table cell (action, officer) is not the decision
        j = li + 1
    first = [(body_start, first_end)] + [(lines[k].start, lines[k].end) for k in range(li + 1, j)]
    units.append(first)
    first_text = " ".join(text[a:b] for a, b in first).strip()
    open_ended = not first_text or first_text.endswith((":", ":-", "–", "-"))
    marker_has_number = bool(re.search(r"\d[.)]", before))
    end = lines[j - 1].end if j > li else line.end
    k = j
    while k < len(lines):
        while k < len(lines) and lines[k].blank:
            k += 1
        if k >= len(lines) or stop(k):
            break
        cand = lines[k]
        labelled = label_at(cand.text) is not None or _BULLET.match(cand.text) is not None
        if pdf:
            ok = (
                cand.indent > line.indent + 1
                or (labelled and not marker_has_number)
                or (open_ended and len(units) == 1 and cand.indent >= line.indent)
            )
        else:
            ok = labelled or (open_ended and len(units) == 1)
        if ok and not labelled:
            snippet = cand.text.strip()
            mover, seconder, first_cue = movers_in(snippet)
            if first_cue is not None and first_cue < 40 and len(snippet) < 200:
                ok = False
        if not ok:
            break
        j = _paragraph_end(lines, k, stop, pdf)
        units.append([(lines[m].start, lines[m].end) for m in range(k, j)])
        end = lines[j - 1].end
        k = j
    return Block(marker, label, _split_parts(text, units), end)


def _split_parts(text: str, units: list[list[tuple[int, int]]]) -> list[Part]:
    """Cut a block into labelled parts; text before the first label and unlabelled stems are dropped."""
    parts: list[Part] = []
    family = None
    roman_first = False
    preamble: list[tuple[int, int]] = []
    for unit in units:
        # a new paragraph without a label closes the running part (it is a stem such as "And;")
        current_closed = True
        for a, b in unit:
            seg_text = text[a:b]
            found = label_at(seg_text)
            if found:
                lab, length = found
                if family is None:
                    roman_first = lab.lower() == "i"
                    fam = label_family(lab, roman_first)
                    family = fam
                else:
                    fam = label_family(lab, roman_first)
                if fam == family:
                    parts.append(Part(lab, [(a + length, b)]))
                    current_closed = False
                    continue
            if parts and not current_closed:
                parts[-1].segments.append((a, b))
            elif not parts:
                preamble.append((a, b))
    if not parts:
        return [Part(None, preamble)] if preamble else []
    out: list[Part] = []
    for part in parts:
        out.extend(_inline_split(text, part, roman_first))
    return out


_ROMANS = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]


def _successors(label: str, roman_first: bool) -> list[str]:
    """Labels that may follow ``label`` in the same list: 2 -> 3; 2a -> 2b, 3; b -> c; ii -> iii."""
    low = label.lower()
    if low.isdigit():
        return [str(int(low) + 1)]
    if low[:-1].isdigit():
        return [low[:-1] + chr(ord(low[-1]) + 1), str(int(low[:-1]) + 1)]
    if roman_first and low in _ROMANS[:-1]:
        return [_ROMANS[_ROMANS.index(low) + 1]]
    if len(low) == 1 and low < "z":
        nxt = chr(ord(low) + 1)
        return [nxt.upper() if label.isupper() else nxt]
    return []


def _inline_split(text: str, part: Part, roman_first: bool) -> list[Part]:
    """Split "(1) ...; (2) ..." printed in one paragraph into its parts, following the label sequence."""
    out = [part]
    while True:
        current = out[-1]
        if not current.label or len(current.segments) != 1:
            return out
        a, b = current.segments[0]
        found = None
        for nxt in _successors(current.label, roman_first):
            pat = re.compile(rf"[;,.:]\s*(?:and\s+|or\s+)?(\({re.escape(nxt)}\)|{re.escape(nxt)}[.)])\s+")
            found = pat.search(text, a, b)
            if found:
                found = (nxt, found)
                break
        if not found:
            return out
        nxt, match = found
        current.segments = [(a, match.start() + 1)]
        out.append(Part(nxt, [(match.end(), b)]))


# --------------------------------------------------------------------------- cleaning texts

_TRAILING_CONFIRM = re.compile(
    r"(?:\s*(?:(?:The\s+)?(?:motion|proposal)\s+was\s+(?:unanimously\s+)?(?:carried|agreed|approved)|(?:All\s+)?Agreed(?:\s+unanimously|\s+by\s+all)?|(?:Substantive\s+)?Motion\s+carried|Amendment\s+carried"
    r"|Carried(?:\s+unanimously)?|All(?:\s+(?:present|members|councillors))?\s+(?:were\s+)?in\s+favou?r|Unanimous(?:ly)?"
    r"(?:\s+agreed)?|All\s+agreed)\.?)+\s*$",
    re.I,
)
_PAREN_VOTE = re.compile(r"\([^()]*(?:propos|second|in favour|unanimous|abstain|carried|against)[^()]*\)?\.?\s*$", re.I)


_ORDINAL_GAP = re.compile(r"\b(\d{1,2}) (st|nd|rd|th)\b")


def _clean(text: str) -> str:
    lines = []
    for raw in text.split("\n"):
        raw = _BULLET.sub("", raw)
        raw = _TABLE_PIPES.sub("", raw) if "|" in raw else raw
        lines.append(raw)
    out = re.sub(r"\s+", " ", " ".join(lines)).strip()
    out = _ORDINAL_GAP.sub(r"\1\2", out)
    out = re.sub(r"\s+([,.;:])", r"\1", out) if " ." in out else out
    return out


def _part_text(text: str, part: Part) -> tuple[str, int, int]:
    segments = [(a, b) for a, b in part.segments if text[a:b].strip()]
    if not segments:
        return "", 0, 0
    raw = "\n".join(text[a:b] for a, b in segments)
    start = segments[0][0] + (
        len(text[segments[0][0] : segments[0][1]]) - len(text[segments[0][0] : segments[0][1]].lstrip())
    )
    end = segments[-1][1]
    cleaned = _clean(raw)
    cleaned = _TRAILING_CONFIRM.sub("", cleaned).strip()
    cleaned = re.sub(r"^(?:that|That|THAT)\s+", "", cleaned)
    cleaned = cleaned.rstrip(" ,")
    return cleaned, start, end


def _cut_vote_clause(cleaned: str) -> tuple[str, str | None, str | None, bool]:
    """Remove a trailing "(X proposed, Y seconded, all in favour)" or "Proposed X, seconded Y" clause."""
    match = _PAREN_VOTE.search(cleaned)
    mover = seconder = None
    found = False
    if match:
        mover, seconder, _ = movers_in(match.group(0))
        cleaned = cleaned[: match.start()].rstrip()
        found = mover is not None or seconder is not None
    else:
        mover, seconder, first = movers_in(cleaned)
        if first is not None and (mover or seconder):
            ends = [m.end() for m in _SENT_END.finditer(cleaned, 0, first + 1) if m.end() <= first]
            cut = max(ends[-1] - 1 if ends else -1, cleaned.rfind("; ", 0, first))
            head = cleaned[: cut + 1].strip() if cut > 0 else ""
            clause = cleaned[cut + 1 :].strip()
            if head and _PURE_VOTE.match(clause):
                cleaned = head
                found = True
            else:
                mover = seconder = None
    return cleaned.rstrip(" ,;"), mover, seconder, found


_VOTE_WORD = r"(?:proposed|proposer|proposal|moved|mover|prop|seconded|seconder|2nd|nominated)"
# a clause that only records the vote: "Proposed X, seconded Y", "X proposed, Y seconded", not
# "X proposed Y is co-opted ..." where the proposal itself is the decision
_PURE_VOTE = re.compile(
    rf"^(?:\(|{_VOTE_WORD}\b|(?:[A-Z][\w'’.\-]*\s+){{1,4}}{_VOTE_WORD}\s*(?:[,;.):]|and\b|by\b|$))", re.I
)


# --------------------------------------------------------------------------- proposals without RESOLVED


@dataclass
class Proposal:
    start: int
    end: int
    mover: str | None
    seconder: str | None
    kinds: set[str]
    text: str
    minute: str | None


def _proposals(
    text: str, lines: list[Line], headings: list[Heading], skip, heading_lines=frozenset(), pdf: bool = True
) -> list[Proposal]:
    """Paragraphs where someone proposes (or nominates) and someone seconds: decisions without RESOLVED."""
    out = []
    i = 0
    n = len(lines)
    prev_para: int | None = None
    while i < n:
        if lines[i].blank or (i in heading_lines and len(lines[i].text.strip()) < 80):
            if i in heading_lines:
                prev_para = None
            i += 1
            continue
        j = i + 1
        while j < n and not lines[j].blank and not _LABEL.match(lines[j].text.strip("| ")) and j not in heading_lines:
            if not pdf and lines[j - 1].text.rstrip(" |").endswith((".", "!", "?", ":", ";", ")")):
                break
            j += 1
        start, end = lines[i].start, lines[j - 1].end
        para = text[start:end]
        low = para.lower()
        motion = _motion_after(text, lines, j) if _PURE_VOTE.match(para.strip(" |\t")) else None
        if motion is not None and ("second" in low or "2nd" in low):
            # "Proposed - X  Seconded - Y" above a quoted "'That ...'" line: the vote and its motion
            end = lines[motion - 1].end
            para = text[start:end]
            j = motion
        elif prev_para is not None and _PURE_VOTE.match(para.strip(" |\t")) and ("second" in low or "2nd" in low):
            # "Proposed X, seconded Y" on its own line records the vote on the line before it
            start = prev_para
            para = text[start:end]
        prev_para = None if (j - 1) in heading_lines else lines[i].start
        if ("second" in low or "2nd" in low) and not skip(start, end):
            mover, seconder, first = movers_in(para)
            if first is not None and mover is not None:
                kinds = _phrase_kinds(para)
                out.append(Proposal(start, end, mover, seconder, kinds, para, _minute_at(headings, start)))
        i = j
    return out


_MOTION_LINE = re.compile(r"^[\s'‘’\"“”]*(?:That|THAT)\b")


def _motion_after(text: str, lines: list[Line], j: int) -> int | None:
    """Index after the quoted motion ("'That ...'") printed on the lines after a vote line at ``j``, or None."""
    k = j
    while k < len(lines) and lines[k].blank:
        k += 1
    if k >= len(lines) or not _MOTION_LINE.match(lines[k].text) or len(lines[k].text) > 600:
        return None
    end = k + 1
    while end < len(lines) and not lines[end].blank and not lines[end - 1].text.rstrip().endswith((".", "'", "’", "”")):
        end += 1
    return end


_SUB_LABEL = re.compile(r"(?:^|(?<=\s))(?:[ivx]{1,4}|[a-h]|\d{1,2})[.)]\s+(?=[A-Z])")
_AGREED_THAT = re.compile(r"\b(?:It\s+was\s+)?(?:agreed|resolved)\s+that\s+(?P<body>[^.]{3,300}\.)", re.I)
_CLAUSE_START = re.compile(r"(?:^|[.,;:(_|]|\s[-–])\s*$")


def _proposer_clause(para: str, cues: list[Cue]) -> str | None:
    """The motion of "X proposed <motion>, seconded by Y": what X proposed, or what was then agreed.

    A nomination ("Cllr A proposed Cllr B, seconded by Cllr C. It was agreed that Cllr B ...") gives the
    agreed sentence after the vote instead.
    """
    for idx, cue in enumerate(cues):
        if cue.role != "mover" or not cue.name or _name_before(para, cue.start) is None:
            continue
        second = next((c for c in cues[idx + 1 :] if c.role == "seconder"), None)
        if second is None:
            return None
        clause = para[cue.end : second.start]
        clause = re.sub(r"^[\s,:]*(?:(?:and|that)\b[\s,:]*)*", "", clause).rstrip(" ,;:-–")
        if len(clause) > 400:
            return None
        named = re.fullmatch(rf"{_TITLE}?\s*[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){{0,3}}", clause.strip())
        if clause and not named and re.search(r"\b[a-z]{3,}\b", clause):
            return clause
        agreed = _AGREED_THAT.search(para, second.end)
        return agreed.group("body") if agreed and agreed.start() - second.end < 200 else None
    return None


def _decision_before_vote(para: str, cues: list[Cue]) -> str | None:
    """The decision a trailing vote clause records: "<decision>, Prop. RS, 2nd CP" or "<decision>. Prop CP, 2nd RC".

    Inside a long paragraph of numbered sub-items ("iv. The accounts were accepted ... Prop CP, 2nd RC, All
    agreed. v. ..."), only the decision's own sentence, from its sub-item label on, is taken.
    """
    named = [c for c in cues if c.name]
    if not named or named[0].role != "mover" or _name_before(para, named[0].start) is not None:
        return None
    cue = named[0]
    if not _CLAUSE_START.search(para[max(0, cue.start - 3) : cue.start]):
        return None
    head_start = 0
    for label in _SUB_LABEL.finditer(para, max(0, cue.start - 800), cue.start):
        head_start = label.end()
    head = para[head_start : cue.start].rstrip(" ,;(_|-–")
    ends = [m.end() for m in _SENT_END.finditer(head) if m.end() < len(head) - 1]
    if ends:
        head = head[ends[-1] :]
    head = head.strip()
    return head if len(head.split()) >= 3 else None


def _proposal_text(para: str) -> str:
    """The decision of a formally seconded proposal: the clause after "that", else the paragraph."""
    cues = find_cues(para)
    proposed = _proposer_clause(para, cues)
    if proposed is not None:
        return _TRAILING_CONFIRM.sub("", _clean(proposed)).strip().strip("'‘’\"“”").strip()
    named = [c for c in cues if c.name] or cues
    first_cue = min((c.start for c in named), default=0)
    last_cue = max((c.end for c in named), default=0)
    match = re.search(r"\b(?:that|That|THAT)\b[\s:]*", para[first_cue:])
    near = (
        match is not None
        and first_cue + match.start() <= last_cue + 60
        and not _SENT_END.search(para, last_cue, first_cue + match.start())
    )
    if not near:
        before = _decision_before_vote(para, cues)
        if before is not None:
            return _TRAILING_CONFIRM.sub("", _clean(before)).strip()
    body = para[first_cue + match.end() :] if near else para
    if near:
        # the clause after "that" is one decision sentence; what follows is narrative
        first_sentence = _SENT_END.search(body)
        if first_sentence:
            body = body[: first_sentence.end()]
    cleaned = _TRAILING_CONFIRM.sub("", _clean(body)).strip()
    label = _HEAD_SLASH.match(cleaned) or _HEAD_DOT.match(cleaned)
    if label and body is para:
        cleaned = cleaned[label.end("n") :].lstrip(" .:|-–")
    cut, _, _, found = _cut_vote_clause(cleaned)
    if found and cut:
        cleaned = _TRAILING_CONFIRM.sub("", cut).strip()
    return cleaned.strip().strip("'‘’\"“”").strip()


# --------------------------------------------------------------------------- the finder


def find_resolutions(document, paper_meta: PaperMeta | None = None) -> list[Resolution]:
    """Each part of each RESOLVED / Resolved / AGREED decision (and of formally seconded proposals).

    ``minute`` is the minute heading (or the label printed after "Resolved") the decision sits under;
    ``part`` the printed label of the part, None for a single unnumbered decision. Never raises on odd text.
    """
    return [res for res, _ in find_decisions(document)]


def find_decisions(document) -> list[tuple[Resolution, str]]:
    """Resolutions with the word that introduced each ("RESOLVED", "RECOMMENDED", "AGREED", "proposal")."""
    try:
        return _find(document)
    except Exception:  # noqa: BLE001 - odd text must never stop a whole ingest
        return []


def _find(document) -> list[tuple[Resolution, str]]:
    text = document.text
    if not text:
        return []
    pdf = getattr(document, "format", "text") == "pdf"
    lines = split_lines(text, pdf)
    headings = minute_headings(lines)
    heading_offsets = {h.offset for h in headings}
    heading_lines = {i for i, ln in enumerate(lines) if ln.start in heading_offsets}

    markers: list[Marker] = []
    for match in _MARKER.finditer(text):
        li = _line_index(lines, match.start())
        if not _marker_ok(text, match, lines[li]):
            continue
        word = match.group(1)
        if _FOR_INFORMATION.match(text, match.end(), lines[li].end):
            continue  # "Resolved: (For information only)" heads a list of notes, not a decision
        if word in ("Agreed", "AGREED"):
            rest = text[match.end() : lines[li].end]
            if _CONFIRM_ONLY.match(rest):
                continue  # "Agreed." confirms the motion above it; the motion is the decision
            if not _AGREED_LEAD.match(rest):
                continue  # "Agreed budget", "Agreed savings": a name in a table, not a decision
        markers.append(Marker(match.start(), match.end(), word, li))
    marker_lines = {m.line for m in markers if _LINE_START_PREFIX.match(_before(text, lines[m.line].start, m.offset))}

    blocks: list[Block] = []
    covered_until = -1
    for marker in markers:
        if marker.offset < covered_until:
            continue
        block = _build_block(text, lines, marker, pdf, heading_lines.__contains__, marker_lines - {marker.line})
        if not block.parts:
            continue
        blocks.append(block)
        covered_until = block.end

    covered = [(b.marker.offset, b.end) for b in blocks]

    covered_starts = [a for a, _ in covered]

    def inside(start: int, end: int) -> bool:
        # blocks are in order and do not overlap: only the last block starting before ``end`` can overlap
        idx = bisect_left(covered_starts, end) - 1
        return idx >= 0 and start < covered[idx][1]

    proposals = _proposals(text, lines, headings, inside, heading_lines, pdf)
    used: set[int] = set()
    proposal_at = {prop.start: idx for idx, prop in enumerate(proposals)}
    results: list[tuple[int, Resolution, str]] = []
    prev_end = 0
    for block in blocks:
        minute = block.label or _minute_at(headings, block.marker.offset)
        # mover/seconder: a vote clause inside the block covers the parts printed before it; otherwise a
        # proposer line right after the block, else the first proper motion of the minute before it
        texts = []
        for part in block.parts:
            cleaned, start, end = _part_text(text, part)
            cleaned, m, s, found = _cut_vote_clause(cleaned)
            texts.append((part, cleaned, start, end, (m, s) if found else None))
        fallback: tuple[str | None, str | None] = (None, None)
        tail = _next_paragraph(lines, block.end, pdf, heading_lines)
        tail_mover = None
        if tail is not None:
            m, s, first = movers_in(text[tail[0] : tail[1]])
            tail_text = text[tail[0] : tail[1]]
            short_line = (tail[1] - tail[0]) < 200 and not re.search(r"\b(?:that|motion|amendment)\b", tail_text)
            if first is not None and first < 40 and short_line and (m or s):
                tail_mover = (m, s)
                if tail[0] in proposal_at:
                    used.add(proposal_at[tail[0]])
        motion = _motion_before(proposals, used, prev_end, block, minute)
        lead_in = _lead_in_mover(text, lines, block.marker)
        if tail_mover is not None:
            fallback = tail_mover
        elif lead_in is not None:
            fallback = lead_in
        elif motion is not None:
            fallback = motion
        for idx, (part, cleaned, start, end, _clause) in enumerate(texts):
            if not cleaned:
                continue
            covering = next((c[4] for c in texts[idx:] if c[4] is not None), None)
            mv, sc = covering if covering is not None else fallback
            results.append(
                (
                    start,
                    Resolution(
                        minute=minute,
                        part=part.label,
                        text=cleaned,
                        moved_by=mv,
                        seconded_by=sc,
                        char_start=start,
                        char_end=end,
                        page=document.page_at(start),
                    ),
                    block.marker.word.upper(),
                )
            )
        prev_end = block.end

    # a motion followed by a RESOLVED in its minute is that decision's mover line, not a decision itself
    last_block_in_minute: dict[str | None, int] = {}
    for b in blocks:
        key = _minute_at(headings, b.marker.offset)
        last_block_in_minute[key] = max(last_block_in_minute.get(key, -1), b.marker.offset)
    last_block = max((b.marker.offset for b in blocks), default=-1)
    for idx, prop in enumerate(proposals):
        if idx in used or prop.kinds & {"procedural", "amendment", "lost"}:
            continue
        later = last_block if prop.minute is None else last_block_in_minute.get(prop.minute, -1)
        if later > prop.start:
            continue
        if _lost_after(text, prop.end):
            continue
        body = _proposal_text(prop.text)
        if not body:
            continue
        start = prop.start + (len(prop.text) - len(prop.text.lstrip(" |\t")))
        results.append(
            (
                start,
                Resolution(
                    minute=prop.minute,
                    part=None,
                    text=body,
                    moved_by=prop.mover,
                    seconded_by=prop.seconder,
                    char_start=start,
                    char_end=prop.end,
                    page=document.page_at(start),
                ),
                "proposal",
            )
        )
    for res in _table_resolutions(text, lines):
        results.append((res.char_start, replace(res, page=document.page_at(res.char_start)), "TABLE"))
    results.sort(key=lambda r: r[0])
    return [(r, word) for _, r, word in results]


_DECISION_COLUMNS = {"resolution", "resolutions", "resolved", "decision", "decisions", "agreed", "decision made"}
_MINUTE_COLUMNS = {"minute", "minute no", "minute no.", "min", "min no", "min.", "no", "no.", "item", "item no", "ref"}
_MOVER_COLUMNS = {"proposed", "proposer", "proposed by", "moved", "moved by", "mover"}
_SECONDER_COLUMNS = {"seconded", "seconder", "seconded by"}


def _column_key(cell: str) -> str:
    return re.sub(r"\s+", " ", cell.strip().lower()).strip(" :*")


def _cell(cells: list[str], idx: int | None) -> str | None:
    return (_clean(cells[idx]) or None) if idx is not None and idx < len(cells) else None


def _table_resolutions(text: str, lines: list[Line]) -> list[Resolution]:
    """Rows of a table (cells split by tabs) with a "Resolution" / "Decision" column: one decision a row."""
    out: list[Resolution] = []
    columns: dict[str, int] | None = None
    for line in lines:
        if "\t" not in line.text:
            if not line.blank:
                columns = None
            continue
        cells = line.text.split("\t")
        keys = [_column_key(c) for c in cells]
        decision = next((i for i, k in enumerate(keys) if k in _DECISION_COLUMNS), None)
        if decision is not None:
            columns = {"decision": decision}
            for name, wanted in (
                ("minute", _MINUTE_COLUMNS),
                ("mover", _MOVER_COLUMNS),
                ("seconder", _SECONDER_COLUMNS),
            ):
                found = next((i for i, k in enumerate(keys) if k in wanted), None)
                if found is not None:
                    columns[name] = found
            continue
        if columns is None or columns["decision"] >= len(cells):
            continue
        cell = cells[columns["decision"]]
        body = _clean(cell)
        if len(body.split()) < 2 or _MARKER.search(cell):
            continue  # empty cells and cells printing RESOLVED themselves (read as markers) are skipped

        start = line.start + sum(len(c) + 1 for c in cells[: columns["decision"]])
        start += len(cell) - len(cell.lstrip())
        body = re.sub(r"^(?:that|That|THAT)\s+", "", body)
        out.append(
            Resolution(
                minute=_cell(cells, columns.get("minute")),
                part=None,
                text=body,
                moved_by=_cell(cells, columns.get("mover")),
                seconded_by=_cell(cells, columns.get("seconder")),
                char_start=start,
                char_end=start + len(cell.strip()),
            )
        )
    return out


def _lead_in_mover(text: str, lines: list[Line], marker: Marker) -> tuple[str | None, str | None] | None:
    """Mover and seconder named in the same sentence before the marker ("proposed by X, seconded by Y and RESOLVED")."""
    line = lines[marker.line]
    head = text[max(line.start, marker.offset - 300) : marker.offset]
    ends = list(_SENT_END.finditer(head))
    if ends:
        head = head[ends[-1].end() :]
    if "second" not in head.lower() and "2nd" not in head.lower():
        return None
    mover, seconder, first = movers_in(head)
    return (mover, seconder) if first is not None and (mover or seconder) else None


def _motion_before(proposals: list[Proposal], used: set[int], prev_end: int, block: Block, minute: str | None):
    """(mover, seconder) of the first substantive motion of the minute before ``block``; marks motions used."""
    chosen = None
    lo = bisect_left(proposals, prev_end, key=lambda p: p.start)
    hi = bisect_left(proposals, block.marker.offset, key=lambda p: p.start)
    for idx in range(lo, hi):
        prop = proposals[idx]
        if idx in used:
            continue
        if minute is not None and prop.minute is not None and prop.minute != minute and not block.label:
            continue
        used.add(idx)
        if chosen is None and not prop.kinds & {"procedural", "amendment"}:
            chosen = (prop.mover, prop.seconder)
    return chosen


def _next_paragraph(lines: list[Line], offset: int, pdf: bool, heading_lines: set[int]) -> tuple[int, int] | None:
    """(start, end) of the paragraph after ``offset`` within the same minute, or None."""
    li = _line_index(lines, offset) + 1
    while li < len(lines) and lines[li].blank:
        li += 1
    if li >= len(lines) or li in heading_lines:
        return None
    lj = _paragraph_end(lines, li, heading_lines.__contains__, pdf)
    return lines[li].start, lines[lj - 1].end


def _lost_after(text: str, offset: int) -> bool:
    window = text[offset : offset + 300]
    return "lost" in _phrase_kinds(window[:300].split("\n\n\n")[0])
