"""Is a page's text layer readable? A cheap test for garbled font encodings."""

from __future__ import annotations

import re

# Very common English words: real prose of any register uses many of them,
# while a text layer with a broken font encoding uses almost none.
COMMON_WORDS = frozenset(
    [
        "a",
        "about",
        "after",
        "all",
        "also",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "before",
        "but",
        "by",
        "can",
        "council",
        "could",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "his",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "may",
        "more",
        "must",
        "no",
        "not",
        "of",
        "on",
        "or",
        "other",
        "our",
        "out",
        "over",
        "should",
        "so",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "there",
        "these",
        "they",
        "this",
        "those",
        "to",
        "under",
        "up",
        "was",
        "we",
        "were",
        "which",
        "while",
        "who",
        "will",
        "with",
        "would",
        "you",
        "your",
        "meeting",
        "item",
        "minutes",
        "report",
        "members",
        "committee",
        "cabinet",
        "agreed",
        "resolved",
        "noted",
        "date",
        "page",
        "budget",
        "year",
        "chair",
        "clerk",
        "councillor",
    ]
)
_TOKEN = re.compile(r"\S+")
_WORD = re.compile(r"^[(\"'‘“]?[A-Za-z][A-Za-z'’-]*[.,;:!?)\"'’”]*$")
_NUMBER = re.compile(r"^[(£$€-]?[\d.,/%:-]+[)%kmKM]?[.,;:]?$")
_EDGE_PUNCT = re.compile(r"^\W+|\W+$")
_MIN_TOKENS = 40
_MIN_ALPHA_WORDS = 30


def garbled_pages(texts: list[str]) -> list[bool | None]:
    """For each page: True if garbled, False if readable, None if too little text to judge.

    A page is garbled when most tokens are neither words nor numbers (symbol soup), or
    when it has enough alphabetic words and almost none are common English words
    (shifted glyph codes). Numeric budget tables pass because numbers count as tokens
    and the dictionary test only runs on pages with enough words.
    """
    return [_judge(t) for t in texts]


def _judge(text: str) -> bool | None:
    tokens = _TOKEN.findall(text)
    if len(tokens) < _MIN_TOKENS and len(text) < 400:
        return None
    clean = sum(1 for t in tokens if _WORD.match(t) or _NUMBER.match(t))
    if clean < 0.5 * len(tokens):
        return True
    words = [_EDGE_PUNCT.sub("", t).lower() for t in tokens if _WORD.match(t)]
    if len(words) < _MIN_ALPHA_WORDS or len(words) < 0.5 * len(tokens):
        return False  # mostly numbers (a budget table): no dictionary verdict
    common = sum(1 for w in words if w in COMMON_WORDS)
    return common < 0.05 * len(words)
