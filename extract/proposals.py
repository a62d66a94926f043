"""Decisions formally proposed and seconded without the word RESOLVED, and the cleaning of decision texts.

"Cllr A proposed that ..., seconded by Cllr B", "Proposed - X  Seconded - Y" above a quoted "'That ...'",
"<decision>. Prop. AB, 2nd CD, All agreed": the motion is found around its vote clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.minute_layout import BULLET, HEAD_DOT, HEAD_SLASH, LABEL, TABLE_PIPES, Heading, Line, minute_at
from extract.movers import TITLE, Cue, find_cues, movers_in, name_before, phrase_kinds

# --------------------------------------------------------------------------- cleaning texts

SENT_END = re.compile(r"(?<!\bCllr)(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bNo)(?<!\b[A-Z])[.!?](?=\s+[A-Z“\"(])")

# only after the decision's own punctuation: "... remain as agreed." keeps its last word
TRAILING_CONFIRM = re.compile(
    r"(?:(?<=[.;:)!?,'’\"”])|^)(?:\s*(?:(?:The\s+)?(?:motion|proposal)\s+was\s+(?:unanimously\s+)?(?:carried|agreed|approved)|(?:All\s+)?Agreed(?:\s+unanimously|\s+by\s+all)?|(?:Substantive\s+)?Motion\s+carried|Amendment\s+carried"
    r"|Carried(?:\s+unanimously)?|All(?:\s+(?:present|members|councillors))?\s+(?:were\s+)?in\s+favou?r|Unanimous(?:ly)?"
    r"(?:\s+agreed)?|All\s+agreed)\.?)+\s*$",
    re.I,
)
_PAREN_VOTE = re.compile(r"\([^()]*(?:propos|second|in favour|unanimous|abstain|carried|against)[^()]*\)?\.?\s*$", re.I)


_ORDINAL_GAP = re.compile(r"\b(\d{1,2}) (st|nd|rd|th)\b")


def clean_decision(text: str) -> str:
    lines = []
    for raw in text.split("\n"):
        raw = BULLET.sub("", raw)
        raw = TABLE_PIPES.sub("", raw) if "|" in raw else raw
        lines.append(raw)
    out = re.sub(r"\s+", " ", " ".join(lines)).strip()
    out = _ORDINAL_GAP.sub(r"\1\2", out)
    out = re.sub(r"\s+([,.;:])", r"\1", out) if " ." in out else out
    return out


def cut_vote_clause(cleaned: str) -> tuple[str, str | None, str | None, bool]:
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
            ends = [m.end() for m in SENT_END.finditer(cleaned, 0, first + 1) if m.end() <= first]
            cut = max(ends[-1] - 1 if ends else -1, cleaned.rfind("; ", 0, first))
            head = cleaned[: cut + 1].strip() if cut > 0 else ""
            clause = cleaned[cut + 1 :].strip()
            if head and PURE_VOTE.match(clause):
                cleaned = head
                found = True
            else:
                mover = seconder = None
    return cleaned.rstrip(" ,;"), mover, seconder, found


_VOTE_WORD = r"(?:proposed|proposer|proposal|moved|mover|prop|seconded|seconder|2nd|nominated)"
# a clause that only records the vote: "Proposed X, seconded Y", "X proposed, Y seconded", not
# "X proposed Y is co-opted ..." where the proposal itself is the decision
PURE_VOTE = re.compile(
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


def find_proposals(
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
        while j < n and not lines[j].blank and not LABEL.match(lines[j].text.strip("| ")) and j not in heading_lines:
            if not pdf and lines[j - 1].text.rstrip(" |").endswith((".", "!", "?", ":", ";", ")")):
                break
            j += 1
        start, end = lines[i].start, lines[j - 1].end
        para = text[start:end]
        low = para.lower()
        motion = _motion_after(text, lines, j) if PURE_VOTE.match(para.strip(" |\t")) else None
        if motion is not None and ("second" in low or "2nd" in low):
            # "Proposed - X  Seconded - Y" above a quoted "'That ...'" line: the vote and its motion
            end = lines[motion - 1].end
            para = text[start:end]
            j = motion
        elif prev_para is not None and PURE_VOTE.match(para.strip(" |\t")) and ("second" in low or "2nd" in low):
            # "Proposed X, seconded Y" on its own line records the vote on the line before it
            start = prev_para
            para = text[start:end]
        prev_para = None if (j - 1) in heading_lines else lines[i].start
        if ("second" in low or "2nd" in low) and not skip(start, end):
            mover, seconder, first = movers_in(para)
            if first is not None and mover is not None:
                kinds = phrase_kinds(para)
                out.append(Proposal(start, end, mover, seconder, kinds, para, minute_at(headings, start)))
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


# the agreement printed after a motion: "... and the meeting unanimously agreed", "..., all in favour"
_AGREED_TAIL = re.compile(
    r"(?:,?\s*and\s+(?:the\s+meeting|members|councillors|the\s+council|all)\s+(?:\w+\s+)?(?:agreed|approved)\b.*"
    r"|,?\s*and\s+(?:was|were)\s+(?:\w+\s+)?(?:agreed|approved|carried)\b.*|,?\s*all\s+in\s+favou?r\b.*)$",
    re.I | re.S,
)
# "Proposal: ...", "Motion - ...": a label, not part of the decision
_LEAD_LABEL = re.compile(r"^\s*(?:proposal|motion|resolution|decision)\s*[:\-–]\s*", re.I)
_PASSIVE = re.compile(r"\b(?:was|were|is|being)\s+$")


def _proposer_clause(para: str, cues: list[Cue]) -> str | None:
    """The motion of "X proposed <motion>, seconded by Y": what X proposed, or what was then agreed.

    A nomination ("Cllr A proposed Cllr B, seconded by Cllr C. It was agreed that Cllr B ...") gives the
    agreed sentence after the vote instead.
    """
    for idx, cue in enumerate(cues):
        if cue.role != "mover" or not cue.name or name_before(para, cue.start) is None:
            continue
        second = next((c for c in cues[idx + 1 :] if c.role == "seconder"), None)
        if second is None:
            return None
        clause = para[cue.end : second.start]
        clause = re.sub(r"^[\s,:]*(?:(?:and|that)\b[\s,:]*)*", "", clause).rstrip(" ,;:-–")
        if len(clause) > 400:
            return None
        named = re.fullmatch(rf"{TITLE}?\s*[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){{0,3}}", clause.strip())
        if clause and not named and re.search(r"\b[a-z]{3,}\b", clause):
            return clause
        if name_before(para, second.start) is not None:
            # "X proposed and Y seconded <motion> and the meeting agreed"
            after = para[second.end :]
            end = SENT_END.search(after)
            # "... seconded all in favour of being signed as a true record": the vote runs into the motion
            motion = re.match(
                r"\s*(?:that\s+|all\s+in\s+favou?r\s+of\s+)?(?P<body>[a-z].{2,300})",
                after[: end.end() if end else 400],
                re.S,
            )
            body = _AGREED_TAIL.sub("", motion.group("body")).strip().rstrip(" ,") if motion else ""
            if body:
                return body
        agreed = _AGREED_THAT.search(para, second.end)
        return agreed.group("body") if agreed and agreed.start() - second.end < 200 else None
    return None


def _decision_before_vote(para: str, cues: list[Cue]) -> str | None:
    """The decision a trailing vote clause records: "<decision>, Prop. RS, 2nd CP" or "<decision>. Prop CP, 2nd RC".

    Inside a long paragraph of numbered sub-items ("iv. The accounts were accepted ... Prop CP, 2nd RC, All
    agreed. v. ..."), only the decision's own sentence, from its sub-item label on, is taken.
    """
    named = [c for c in cues if c.name]
    if not named or named[0].role != "mover" or name_before(para, named[0].start) is not None:
        return None
    cue = named[0]
    # "<decision> was proposed by X and seconded by Y": the subject is the decision
    passive = _PASSIVE.search(para, max(0, cue.start - 12), cue.start)
    if not passive and not _CLAUSE_START.search(para[max(0, cue.start - 3) : cue.start]):
        return None
    stop = passive.start() if passive else cue.start
    head_start = 0
    for label in _SUB_LABEL.finditer(para, max(0, cue.start - 800), cue.start):
        head_start = label.end()
    head = para[head_start:stop].rstrip(" ,;(_|-–")
    ends = [m.end() for m in SENT_END.finditer(head) if m.end() < len(head) - 1]
    if ends:
        head = head[ends[-1] :]
    head = _LEAD_LABEL.sub("", head.strip())
    return head if len(head.split()) >= 3 else None


def proposal_text(para: str) -> str:
    """The decision of a formally seconded proposal: the clause after "that", else the paragraph."""
    cues = find_cues(para)
    proposed = _proposer_clause(para, cues)
    if proposed is not None:
        return TRAILING_CONFIRM.sub("", clean_decision(proposed)).strip().strip("'‘’\"“”").strip()
    named = [c for c in cues if c.name] or cues
    first_cue = min((c.start for c in named), default=0)
    last_cue = max((c.end for c in named), default=0)
    match = re.search(r"\b(?:that|That|THAT)\b[\s:]*", para[first_cue:])
    near = (
        match is not None
        and first_cue + match.start() <= last_cue + 60
        and not SENT_END.search(para, last_cue, first_cue + match.start())
    )
    if not near:
        before = _decision_before_vote(para, cues)
        if before is not None:
            return TRAILING_CONFIRM.sub("", clean_decision(before)).strip()
    body = para[first_cue + match.end() :] if near else para
    if near:
        # the clause after "that" is one decision sentence; what follows is narrative
        first_sentence = SENT_END.search(body)
        if first_sentence:
            body = body[: first_sentence.end()]
    cleaned = TRAILING_CONFIRM.sub("", clean_decision(body)).strip()
    label = HEAD_SLASH.match(cleaned) or HEAD_DOT.match(cleaned)
    if label and body is para:
        cleaned = cleaned[label.end("n") :].lstrip(" .:|-–")
    cut, _, _, found = cut_vote_clause(cleaned)
    if found and cut:
        cleaned = TRAILING_CONFIRM.sub("", cut).strip()
    return cleaned.strip().strip("'‘’\"“”").strip()
