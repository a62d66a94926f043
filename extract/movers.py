"""Movers and seconders of council decisions: the cue rules (kept as data in ``patterns/resolutions.jsonl``),
the names printed around them, and the procedural/amendment/lost/continuation phrase kinds.

Only plain strings and :class:`Cue` records leave this module; spaCy objects stay inside.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extract.nlp import blank, is_phrase_list, is_token_pattern

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
        if not is_token_pattern(pattern):
            raise ValueError(f"{PATTERNS_PATH.name}:{lineno}: cue needs a non-empty token pattern")
    else:
        phrases = rule.get("phrases")
        if not is_phrase_list(phrases):
            raise ValueError(f"{PATTERNS_PATH.name}:{lineno}: {kind} needs a list of phrases")


@lru_cache(maxsize=1)
def load_rules(path: str = str(PATTERNS_PATH)) -> Rules:
    """Load and validate the rule file; a malformed rule raises ``ValueError`` naming its line."""
    from spacy.matcher import Matcher, PhraseMatcher

    nlp = blank()
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


def phrase_kinds(text: str) -> set[str]:
    rules = load_rules()
    doc = blank().make_doc(" ".join(text.split()))
    vocab = doc.vocab.strings
    return {vocab[m_id] for m_id, _, _ in rules.phrases(doc)}


# --------------------------------------------------------------------------- names of movers and seconders

TITLE = r"(?:County\s+Councillor|Councillor|Cllrs?\.?|Cllr|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?|Sir|Dame|Prof\.?|Rev\.?|Canon)"
_NAME_WORD = r"(?:(?:[A-Z]\.){1,3}(?![a-z])|[A-Z][A-Za-z'’\-]*|Mc[A-Z][a-z]+|O['’][A-Z][a-z]+)"
_NAME_AFTER = re.compile(
    rf"(?:{TITLE}[^\S\t]+{_NAME_WORD}(?:[^\S\t]+{_NAME_WORD}){{0,3}}"
    rf"|(?:[Tt]he\s+)?(?:(?:Vice|Deputy)[- ])?(?:Chair(?:man|woman|person)?|Mayor|Leader)"
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


def name_before(text: str, cue_start: int) -> str | None:
    """The name printed just before a cue ("Cllr X proposed"), or None."""
    head = text[max(0, cue_start - 80) : cue_start]
    pieces = _SEGMENT_SPLIT.split(head)
    seg = pieces[-1].strip() if pieces else ""
    seg = re.sub(r"^\d+(?:\.\d+)*[.)]?\s+|^\d+[.)]", "", seg)  # "135.1 Cllr A proposed": a paragraph number
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


def name_after(text: str, cue_end: int) -> str | None:
    """The name printed just after a cue ("seconded by Cllr Y", "Prop. GK"), or None."""
    tail = text[cue_end : cue_end + 80]
    tail = re.sub(r"^[\s:.\-–]*(?:by\b)?[\s:]*", "", tail)
    match = _NAME_AFTER.match(tail)
    return _clean_name(match.group(0)) if match else None


_TITLE_NEXT = re.compile(rf"\s*(?:[:.\-–]\s*(?:{TITLE}\s|[A-Z]{{2,4}}\b)|\s+{TITLE}\s)")


# every cue in the rule file contains one of these stems (checked by a test)
CUE_GUARD = re.compile(r"propos|second|2nd|moved|mover|nominat|prop\b|\bsec\b|acceptance|approv", re.I)


@dataclass
class Cue:
    role: str
    start: int
    end: int
    name: str | None


# month words around "2nd" make it a day of a date
_MONTH = re.compile(
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)


def _dated_ordinal(doc, s: int, e: int) -> bool:
    """True for "2nd" in a date ("April 2nd 2019", "2nd April"): a day, not "seconded"."""
    if e - s != 1 or doc[s].lower_ != "2nd":
        return False
    near = [doc[i].lower_.strip(".") for i in (s - 1, s + 1) if 0 <= i < len(doc)]
    return any(_MONTH.fullmatch(w) for w in near)


def find_cues(text: str) -> list[Cue]:
    """Mover and seconder cues in ``text`` with the names they carry (character offsets into ``text``)."""
    if not CUE_GUARD.search(text):
        return []  # cheap guard: most text never reaches the tokenizer
    rules = load_rules()
    doc = blank().make_doc(text)
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
            # "Cllr A proposed Cllr B (as ...)": A moved a nomination of B; "Proposed Cllr B": B moved
            before = name_before(text, start) if e - s == 1 and doc[s].lower_ in ("proposed", "moved") else None
            name = before or name_after(text, end)
        else:
            name = name_before(text, start) or name_after(text, end)
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
