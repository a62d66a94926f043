"""The rule file behind recommendation finding, and the phrase tests built on it.

Heading phrases, list introductions, "is asked to" openings, reviewed suggestions, status words and table
column names are spaCy Matcher/PhraseMatcher rules kept as data in ``patterns/recommendations.jsonl``; this
module loads and validates them and answers the questions the readers ask of a line. :func:`fold` and
:class:`Candidate` live here because every reader (lists, headings, tables) shares them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from extract.nlp import blank, is_phrase_list, is_token_pattern

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
        if not is_token_pattern(pattern):
            raise ValueError(f"{where}: {kind} needs a non-empty token pattern")
    else:
        phrases = rule.get("phrases")
        if not is_phrase_list(phrases):
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
BULLET = re.compile(r"^\s*[•●▪◦\u2022\u25cf\uf0b7\x7f\-–*]\s+")
SECTION_NUM = re.compile(r"^\s*\d+(?:\.\d+)*\.?\s+")
_ORDINAL_GAP = re.compile(r"\b(\d{1,2}) (st|nd|rd|th)\b")
QUOTE_START = ("“", '"', "‘", "'")


def fold(text: str) -> str:
    """Fold white space, drop bullets at line starts and join ``25 th`` to ``25th``."""
    lines = [BULLET.sub("", ln) for ln in text.replace("\x7f", " ").split("\n")]
    return _ORDINAL_GAP.sub(r"\1\2", _WS.sub(" ", " ".join(lines)).strip())


def status_in(text: str) -> str | None:
    """The status a status rule finds in ``text`` (a ``*`` rule keeps the words as printed), or None."""
    rules = load_rules()
    doc = blank().make_doc(fold(text))
    for m_id, s, e in rules.statuses(doc):
        value = rules.status_values[doc.vocab.strings[m_id]]
        return doc[s:e].text.lower() if value == "*" else value
    return None


def status_from_parenthesis(text: str) -> str | None:
    """The status named in the first parenthesis that has one ("(Completed)"), or None."""
    for match in re.finditer(r"\(([^()]{0,80})\)", text):
        found = status_in(match.group(1))
        if found:
            return found
    return None


# --------------------------------------------------------------------------- headings and list introductions


def heading_kind(text: str) -> bool:
    """True for a line that is only a recommendations heading ("2. Recommendations", "Recommendation:")."""
    stripped = SECTION_NUM.sub("", text.strip()).strip().rstrip(":-– ").strip()
    if not stripped or len(stripped) > 60:
        return False
    doc = blank().make_doc(stripped)
    rules = load_rules()
    return any(s == 0 and e == len(doc) for _, s, e in rules.headings(doc))


def intro_kind(text: str) -> bool:
    """True for a sentence ending in ':' that introduces recommendations."""
    stripped = text.strip()
    if not stripped.endswith((":", ":-", ":–")):
        return False
    if stripped.startswith(QUOTE_START):
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


def asked_sentence(text: str) -> bool:
    """True for a paragraph opening "The Cabinet is asked to ..."."""
    head = text.strip()[:120]
    if not re.search(r"\b(?:asked|requested|recommended|invited)\s+(?:to|that)\b", head, re.I):
        return False  # cheap guard: most paragraphs never reach the tokenizer
    doc = blank().make_doc(head)
    rules = load_rules()
    return any(s <= 2 for _, s, _e in rules.asked(doc))


def reviewed_suggestions(text: str, start: int, end: int) -> list[tuple[int, int]]:
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
    """A recommendation as read, before deduplication: span, printed ref, folded text, table fields."""

    start: int
    end: int
    ref: str | None
    text: str
    extra: dict = field(default_factory=dict)
