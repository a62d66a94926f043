"""The vocabulary of paper headings: word lists, phrases and matcher patterns from ``patterns/meta.jsonl``.

Every other meta module reads its cue words through :func:`rules` and :func:`phrase_regexes`, so a rule
file is validated once, on first use, and a bad line fails loudly with its line number.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extract.nlp import is_phrase_list, is_token_pattern

PATTERNS_DIR = Path(__file__).with_name("patterns")
RULES_FILE = PATTERNS_DIR / "meta.jsonl"


WORD_LABELS = frozenset(
    {"COUNCIL_TYPE", "NAME_CONNECTOR", "NAME_STOP", "COMMITTEE_HEAD", "NON_BODY", "NOT_AFTER_COUNCIL"}
)
PHRASE_LABELS = frozenset(
    {
        "MEETING_TYPE",
        "MINUTES",
        "ATTENDANCE",
        "DECISION",
        "AGENDA",
        "PEER_REVIEW",
        "CASE_STUDY",
        "REPORT",
        "SALUTATION",
        "EXTRACT",
        "BOILERPLATE",
        "SECTION_HEADING",
    }
)
MATCHER_LABELS = frozenset({"COUNCIL"})


@dataclass(frozen=True)
class Rules:
    """The validated contents of meta.jsonl."""

    words: dict[str, frozenset[str]]
    phrases: dict[str, tuple[str, ...]]
    matchers: tuple[tuple[str, list], ...]


def parse_rules(lines: list[str]) -> Rules:
    """Validate and collect rule lines; raise ValueError naming the bad line."""
    words: dict[str, set[str]] = {label: set() for label in WORD_LABELS}
    phrases: dict[str, list[str]] = {label: [] for label in PHRASE_LABELS}
    matchers: list[tuple[str, list]] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rule = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"meta rule line {number}: not JSON: {exc}") from exc
        kind, label = rule.get("kind"), rule.get("label")
        if kind == "words" and label in WORD_LABELS:
            items = rule.get("words")
            if not items or not all(isinstance(w, str) and w == w.lower() and w for w in items):
                raise ValueError(f"meta rule line {number}: 'words' must be non-empty lower-case strings")
            words[label].update(items)
        elif kind == "phrases" and label in PHRASE_LABELS:
            items = rule.get("phrases")
            if not is_phrase_list(items):
                raise ValueError(f"meta rule line {number}: 'phrases' must be non-empty strings")
            phrases[label].extend(p.lower() for p in items)
        elif kind == "matcher" and label in MATCHER_LABELS:
            pattern = rule.get("pattern")
            if not is_token_pattern(pattern):
                raise ValueError(f"meta rule line {number}: 'pattern' must be a list of token dicts")
            matchers.append((label, pattern))
        else:
            raise ValueError(f"meta rule line {number}: unknown kind/label {kind!r}/{label!r}")
    return Rules(
        words={k: frozenset(v) for k, v in words.items()},
        phrases={k: tuple(v) for k, v in phrases.items()},
        matchers=tuple(matchers),
    )


@lru_cache(maxsize=1)
def rules() -> Rules:
    """The meta rules, loaded once."""
    return parse_rules(RULES_FILE.read_text(encoding="utf-8").splitlines())


@lru_cache(maxsize=1)
def phrase_regexes() -> dict[str, re.Pattern]:
    """One case-insensitive, word-bounded regex per phrase label (longest phrase first)."""
    out = {}
    for label, items in rules().phrases.items():
        alts = sorted({re.escape(p) for p in items}, key=len, reverse=True)
        out[label] = re.compile(r"(?<![\w])(?:" + "|".join(alts) + r")(?![\w])", re.IGNORECASE)
    return out


def starts_with(label: str, text: str) -> bool:
    """True when ``text`` begins with a phrase of ``label``."""
    m = phrase_regexes()[label].search(text)
    return bool(m) and not text[: m.start()].strip(" -–:•*#>0123456789.")
