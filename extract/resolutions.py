"""Find each part of a RESOLVED / Resolved / AGREED decision in minutes, with minute number, mover and seconder.

Structure (markers, part labels, blocks) is parsed line by line in plain Python (layout helpers in
``minute_layout``); movers and seconders come from ``movers``, decisions without RESOLVED from ``proposals``.
Only :class:`Resolution` dataclasses leave this module.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace

from extract.findings import PaperMeta, Resolution
from extract.minute_layout import (
    BULLET,
    Line,
    label_at,
    label_family,
    line_index,
    minute_at,
    minute_headings,
    split_lines,
)
from extract.movers import find_cues, load_rules, movers_in, phrase_kinds
from extract.proposals import (
    SENT_END,
    TRAILING_CONFIRM,
    Proposal,
    clean_decision,
    cut_vote_clause,
    find_proposals,
    proposal_text,
)

__all__ = ["find_cues", "find_decisions", "find_resolutions", "load_rules", "movers_in"]


# --------------------------------------------------------------------------- markers

_MARKER = re.compile(r"\b(RESOLVED|Resolved|resolved|AGREED|Agreed|RECOMMENDED)\b")
_LOWER_OK_BEFORE = re.compile(
    r"(?:\bit\s+was|council|committee|cabinet|members|board|panel|councillors|meeting|trustees)\s+(?:unanimously\s+)?$",
    re.I,
)
_LOWER_OK_AFTER = re.compile(r"^\s*(?:unanimously\s+)?(?:(?:that|to)\b|:)")
_LINE_START_PREFIX = re.compile(
    r"^[\s|*>]*(?:\(?\d{1,3}[a-z]?[.)]\)?\s*|\d{1,3}(?:\.\d{1,3}){1,2}\.?\s+|\(?[a-z]\)\s*)?$"
)
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


_DECISION_VERB = re.compile(r"\b(?:approved|agreed|resolved|adopted|accepted)\b", re.I)
_MONEY_TOKEN = re.compile(r"£?\d[\d,]*(?:\.\d+)?")


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    pos = start
    for match in SENT_END.finditer(text, start, end):
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
        if "continuation" in phrase_kinds(piece) and not _MARKER.search(text[s:e]):
            kept.append((s, e))
        else:
            break
    return kept


def _paragraph_end(lines: list[Line], i: int, stop, pdf: bool = True) -> int:
    """Index after the last line of the paragraph starting at ``i``.

    Layout (PDF) paragraphs run to a blank line; in HTML and text papers a line is a paragraph unless it
    was wrapped mid-sentence, and a labelled line ("10) Planning") always starts a new one.
    """
    j = i + 1
    while j < len(lines) and not lines[j].blank and not stop(j):
        if not pdf and (
            lines[j - 1].text.rstrip(" |").endswith((".", "!", "?", ":", ";", ")"))
            or label_at(lines[j].text) is not None
        ):
            break
        j += 1
    return j


def _build_block(text, lines, marker: Marker, pdf: bool, is_heading_line, marker_lines) -> Block:
    li = marker.line
    line = lines[li]
    lead = _BODY_LEAD.match(text, marker.end, line.end)
    body_start = lead.end() if lead else marker.end
    label = lead.group("label") if lead else None
    if marker.word in ("Agreed", "AGREED") and not re.match(
        r"\s*(?:[:\-–—]|that\b|to\b)", text[marker.end : marker.end + 10], re.I
    ):
        # "The minutes were AGREED as a correct record": the whole sentence records the decision
        subject = re.search(r"(?:^|[.:;|]\s)\s*([A-Z][^.:;|]{0,120})$", text[line.start : marker.offset])
        body_start = line.start + subject.start(1) if subject else marker.offset

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
        stem = re.match(r"\s*(?:(?:to|that)\s*)?[:\-–]?\s*", text[body_start:stop_at], re.I)
        opened = label_at(text[body_start + stem.end() : stop_at])
        if opened is not None and opened[0] in ("1", "a", "i"):
            # "RESOLVED to: 1. Note ... 2. Agree ...": a numbered list run into one paragraph
            parts = _run_on_parts(text, body_start + stem.end(), stop_at, opened)
            return Block(marker, label, parts, stop_at)
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
        labelled = label_at(cand.text) is not None or BULLET.match(cand.text) is not None
        if pdf:
            ok = (
                cand.indent > line.indent + 1
                or (labelled and not marker_has_number)
                or (open_ended and len(units) == 1 and cand.indent >= line.indent)
            )
        else:
            ok = labelled or (open_ended and len(units) == 1)
        if ok and labelled and len(units) == 1 and not open_ended and not _opens_list(cand.text, first_text):
            ok = False  # "10) Village Map" after a complete decision is the next item, not its part 10
        if ok and (not labelled or not first_text.endswith((":", ":-", "–", "-"))):
            # a new motion ("(b) It was moved by X, seconded by Y and"), not a part of this decision
            snippet = cand.text.strip()
            found = label_at(snippet) if labelled else None
            body = snippet[found[1] :] if found else snippet
            mover, seconder, first_cue = movers_in(body)
            if first_cue is not None and first_cue < 40 and len(body) < 200 and not re.match(r"(?i)that\b", body):
                ok = False
        if not ok:
            break
        j = _paragraph_end(lines, k, stop, pdf)
        units.append([(lines[m].start, lines[m].end) for m in range(k, j)])
        end = lines[j - 1].end
        k = j
    return Block(marker, label, _split_parts(text, units), end)


_LIST_STARTS = {"1", "a", "i", "1a"}


def _opens_list(line: str, first_text: str) -> bool:
    """True when ``line`` may carry on the decision printed as ``first_text``: a bullet, a list's first label
    ("1.", "(a)", "i)"), or any label when the decision itself opened with one ("(1) That ...")."""
    found = label_at(line)
    if found is None:
        return True  # a bullet
    return found[0].lower() in _LIST_STARTS or label_at(first_text) is not None


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


def _run_on_parts(text: str, start: int, end: int, opened: tuple[str, int]) -> list[Part]:
    """Parts of "1. Note the plan 2. Agree the priorities. 3. ..." printed in one run-on paragraph.

    The next label in sequence, followed by a capital, starts the next part even without punctuation before it.
    """
    lab, length = opened
    roman_first = lab == "i"
    parts = [Part(lab, [(start + length, end)])]
    while True:
        current = parts[-1]
        a, b = current.segments[0]
        match = None
        for nxt in _successors(current.label, roman_first):
            pat = re.compile(rf"(?:[;,.:]\s*|\s+)(?:and\s+)?(\({re.escape(nxt)}\)|{re.escape(nxt)}[.)])\s+(?=[A-Z])")
            match = pat.search(text, a, b)
            if match:
                break
        if match is None:
            return parts
        current.segments = [(a, match.start(1))]
        parts.append(Part(match.group(1).strip("().") or nxt, [(match.end(), b)]))


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


# --------------------------------------------------------------------------- decision texts


def _part_text(text: str, part: Part) -> tuple[str, int, int]:
    segments = [(a, b) for a, b in part.segments if text[a:b].strip()]
    if not segments:
        return "", 0, 0
    raw = "\n".join(text[a:b] for a, b in segments)
    start = segments[0][0] + (
        len(text[segments[0][0] : segments[0][1]]) - len(text[segments[0][0] : segments[0][1]].lstrip())
    )
    end = segments[-1][1]
    cleaned = clean_decision(raw)
    cleaned = TRAILING_CONFIRM.sub("", cleaned).strip()
    cleaned = re.sub(r"^(?:that|That|THAT)\s+", "", cleaned)
    cleaned = cleaned.rstrip(" ,")
    return cleaned, start, end


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
        li = line_index(lines, match.start())
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

    proposals = find_proposals(text, lines, headings, inside, heading_lines, pdf)
    used: set[int] = set()
    proposal_at = {prop.start: idx for idx, prop in enumerate(proposals)}
    results: list[tuple[int, Resolution, str]] = []
    prev_end = 0
    for block in blocks:
        minute = block.label or minute_at(headings, block.marker.offset)
        # mover/seconder: a vote clause inside the block covers the parts printed before it; otherwise a
        # proposer line right after the block, else the first proper motion of the minute before it
        texts = []
        for part in block.parts:
            cleaned, start, end = _part_text(text, part)
            cleaned, m, s, found = cut_vote_clause(cleaned)
            texts.append((part, cleaned, start, end, (m, s) if found else None))
        fallback: tuple[str | None, str | None] = (None, None)
        tail = _next_paragraph(lines, block.end, pdf, heading_lines)
        tail_mover = None
        if tail is not None:
            m, s, first = movers_in(text[tail[0] : tail[1]])
            tail_text = text[tail[0] : tail[1]]
            short_line = (tail[1] - tail[0]) < 200 and not re.search(r"\b(?:that|motion|amendment)\b", tail_text)
            # "... seconded by Y and" leads into the next decision, it does not record this one
            short_line = short_line and not re.search(r"(?:\band|,)\s*$", tail_text)
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
            if not cleaned or "procedural" in phrase_kinds(cleaned.lower()):
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
        key = minute_at(headings, b.marker.offset)
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
        body = proposal_text(prop.text)
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
    return (clean_decision(cells[idx]) or None) if idx is not None and idx < len(cells) else None


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
        body = clean_decision(cell)
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
    if not head.strip(" \t|*(").strip() and marker.line > 0:
        # "It was moved by X, seconded by Y and" on the line(s) above "Resolved that ..."
        prev = marker.line - 1
        while prev > 0 and lines[prev].blank:
            prev -= 1
        above = lines[prev].text.rstrip()
        if re.search(r"(?:\band|,)$", above):
            head = above[-300:]
    ends = list(SENT_END.finditer(head))
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
    li = line_index(lines, offset) + 1
    while li < len(lines) and lines[li].blank:
        li += 1
    if li >= len(lines) or li in heading_lines:
        return None
    lj = _paragraph_end(lines, li, heading_lines.__contains__, pdf)
    return lines[li].start, lines[lj - 1].end


def _lost_after(text: str, offset: int) -> bool:
    window = text[offset : offset + 300]
    return "lost" in phrase_kinds(window[:300].split("\n\n\n")[0])
