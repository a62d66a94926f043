"""The one shared spaCy pipeline: a blank English tokenizer plus rule components.

``get_nlp()`` builds it once per process. Rules live as data in ``extract/patterns``:

- ``lexicon.jsonl``: named word lists (``{"name": "month", "entries": {...}}``), shared by
  the token patterns (as ``"@name"`` macros inside ``IN`` lists) and by the Python normalisers.
- ``money.jsonl`` / ``dates.jsonl``: SpanRuler patterns (``{"label", "id", "pattern"}``),
  written to ``doc.spans["money"]`` and ``doc.spans["dates"]``.

Every file is validated when loaded: a malformed line raises :class:`PatternError` naming the
file and line, and the token patterns go through spaCy's own schema (``validate=True``).
To extend the pipeline for another facet, add a ``<facet>.jsonl`` and a row in ``FACETS``: one
``rule_spans`` component matches every facet's rules and writes ``doc.spans[<key>]`` per facet.
"""

from __future__ import annotations

import json
import warnings
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import spacy
from spacy.attrs import LIKE_NUM, LOWER, ORTH, SHAPE
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Span

PATTERN_DIR = Path(__file__).parent / "patterns"
MAX_LENGTH = 10_000_000

# "£40million", "£2bn", "10p", "£1.2k": split the scale or pence unit off the number so that
# token patterns can see LIKE_NUM + unit. The default suffixes already split "m" and "k".
UNIT_SUFFIXES = [r"(?<=[0-9])(?:million|billion|bn|mn|k|p)"]
# "Mar19", "Sep20": a month abbreviation glued to a two-digit year in payment lists.
MONTH_YY_SUFFIXES = [r"(?<=\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec))[0-9][0-9]"]
# "-Nov 2020" in a table cell: a hyphen glued to a capitalised word is a dash, not part of the word.
# "Balance @20.03.19": "at", not an address; "April /May": a slash glued to the second month.
DASH_PREFIXES = [r"-(?=[A-Z][a-z])", r"@(?=[0-9])", r"/(?=[A-Z][a-z])"]
# "£1 million-£2 million", "£20–£30", "2024–25", "mid-2024", "1st–3rd": a dash before "£" or a year, or
# between numbers, separates two tokens.
DASH_INFIXES = [
    r"(?<=st|nd|rd|th)[-–—](?=[0-9])",
    r"(?<=[a-z])-(?=(?:19|20)[0-9][0-9](?![0-9]))",
    r"(?<=[0-9a-z])[-–—](?=£)",
    r"(?<=[-–—])£(?=[0-9])",
    r"(?<=[0-9])[–—](?=[0-9])",
    r"(?<=[0-9])\+(?=[A-Za-z])",
    r"(?<=[0-9](?:st|nd|rd|th))(?=[A-Z][a-z])",  # "15thMay 2019"  # "£200+vat": the plus joins the amount to VAT
]


class PatternError(ValueError):
    """A rule file is malformed; the message names the file and line."""


def is_token_pattern(value) -> bool:
    """A spaCy Matcher pattern: a non-empty list of token objects (spaCy validates their keys)."""
    return isinstance(value, list) and bool(value) and all(isinstance(t, dict) for t in value)


def is_phrase_list(value) -> bool:
    """A non-empty list of non-empty strings, for a PhraseMatcher."""
    return isinstance(value, list) and bool(value) and all(isinstance(p, str) and p.strip() for p in value)


def _read_jsonl(path: Path) -> list[tuple[int, dict]]:
    rows = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise PatternError(f"{path.name}:{lineno}: not valid JSON: {exc.msg}") from exc
        if not isinstance(row, dict):
            raise PatternError(f"{path.name}:{lineno}: expected a JSON object")
        rows.append((lineno, row))
    return rows


@cache
def load_lexicon(path: Path = PATTERN_DIR / "lexicon.jsonl") -> dict[str, dict[str, object]]:
    """Named word lists: ``{name: {word: value}}``; a list of words maps each word to True."""
    lexicon: dict[str, dict[str, object]] = {}
    for lineno, row in _read_jsonl(path):
        name, entries = row.get("name"), row.get("entries")
        if not isinstance(name, str) or not name:
            raise PatternError(f"{path.name}:{lineno}: 'name' must be a non-empty string")
        unknown = set(row) - {"name", "entries", "note"}
        if unknown:
            raise PatternError(f"{path.name}:{lineno}: unknown keys {sorted(unknown)}")
        if isinstance(entries, list) and all(isinstance(w, str) for w in entries):
            entries = dict.fromkeys(entries, True)
        if not isinstance(entries, dict) or not entries:
            raise PatternError(f"{path.name}:{lineno}: 'entries' must be a non-empty object or list of strings")
        if name in lexicon:
            raise PatternError(f"{path.name}:{lineno}: lexicon '{name}' defined twice")
        lexicon[name] = {str(k).lower(): v for k, v in entries.items()}
    return lexicon


def _expand(value: object, lexicon: dict[str, dict[str, object]], where: str) -> object:
    """Replace ``"@name"`` items inside IN / NOT_IN lists by that lexicon's words."""
    if isinstance(value, dict):
        return {k: _expand(v, lexicon, where) for k, v in value.items()}
    if isinstance(value, list):
        out: list = []
        for item in value:
            if isinstance(item, str) and item.startswith("@"):
                if item[1:] not in lexicon:
                    raise PatternError(f"{where}: unknown lexicon '{item}'")
                out.extend(lexicon[item[1:]])
            else:
                out.append(_expand(item, lexicon, where))
        return out
    if isinstance(value, str) and value.startswith("@"):
        raise PatternError(f"{where}: lexicon macro '{value}' must sit inside a list")
    return value


@cache
def load_patterns(name: str, directory: Path = PATTERN_DIR) -> tuple[dict, ...]:
    """SpanRuler patterns from ``<directory>/<name>.jsonl`` with macros from its ``lexicon.jsonl`` expanded."""
    path = directory / f"{name}.jsonl"
    lexicon = load_lexicon(directory / "lexicon.jsonl")
    patterns = []
    for lineno, row in _read_jsonl(path):
        where = f"{path.name}:{lineno}"
        label, pattern = row.get("label"), row.get("pattern")
        if not isinstance(label, str) or not label:
            raise PatternError(f"{where}: 'label' must be a non-empty string")
        if not is_token_pattern(pattern):
            raise PatternError(f"{where}: 'pattern' must be a non-empty list of token objects")
        unknown = set(row) - {"label", "pattern", "id", "note"}
        if unknown:
            raise PatternError(f"{where}: unknown keys {sorted(unknown)}")
        entry = {"label": label, "pattern": _expand(pattern, lexicon, where)}
        if "id" in row:
            entry["id"] = str(row["id"])
        patterns.append(entry)
    return tuple(patterns)


# (rule file, doc.spans key) for every facet
FACETS = (("money", "money"), ("dates", "dates"))
_START_ATTRS = {"LOWER": LOWER, "ORTH": ORTH, "SHAPE": SHAPE}


def _start_tests(pattern: list[dict], strings) -> list[tuple[int, frozenset | None]] | None:
    """What a token must be for ``pattern`` to start on it: ``[(attr, hashes)]``, ``hashes`` None for a flag.

    An over-approximation (one attribute per token); None when any token may start the pattern.
    """
    tests: list[tuple[int, frozenset | None]] = []
    for spec in pattern:
        test = None
        for name, attr in _START_ATTRS.items():
            value = spec.get(name)
            values = value.get("IN") if isinstance(value, dict) else [value] if isinstance(value, str) else None
            if values is not None:
                test = (attr, frozenset(strings.add(v.lower() if name == "LOWER" else v) for v in values))
                break
        if test is None and spec.get("LIKE_NUM") is True:
            test = (LIKE_NUM, None)
        if test is None:
            return None
        tests.append(test)
        if spec.get("OP") not in ("?", "*"):
            return tests
    return None  # every token optional


@Language.factory("rule_spans", default_config={"facets": [], "directory": str(PATTERN_DIR)})
def make_rule_spans(nlp: Language, name: str, facets: list[list[str]], directory: str):
    """Every facet's SpanRuler-style rules (``[[file, spans_key], ...]``) in one windowed matcher pass."""
    return _RuleSpans(nlp.vocab, [(f, k) for f, k in facets], Path(directory))


class _RuleSpans:
    """The rules of every facet, matched only near tokens that can start one of them.

    Same spans as a SpanRuler with the first-longest filter per facet, but the matcher, whose cost
    grows with tokens times patterns, runs on windows around possible first tokens (numbers, month
    names, ``£``) instead of on every token of a long paper.
    """

    def __init__(self, vocab, facets: list[tuple[str, str]], directory: Path = PATTERN_DIR) -> None:
        self.matcher = Matcher(vocab, validate=True)
        self.meta: dict[int, tuple[str, str, str]] = {}
        self.keys = [key for _, key in facets]
        self.starts: list[tuple[int, frozenset | None, int]] | None = []
        for name, key in facets:
            for i, row in enumerate(load_patterns(name, directory)):
                match_name = f"{key}:{i}"
                try:
                    self.matcher.add(match_name, [row["pattern"]])
                except ValueError as exc:  # spaCy's schema check: name the file, keep spaCy's detail
                    raise PatternError(f"{name}.jsonl: {exc}") from exc
                self.meta[vocab.strings[match_name]] = (row["label"], row.get("id", ""), key)
                tests = _start_tests(row["pattern"], vocab.strings)
                if tests is None or self.starts is None:
                    self.starts = None
                else:
                    self.starts.extend((attr, hashes, len(row["pattern"])) for attr, hashes in tests)

    def _windows(self, doc) -> list[tuple[int, int]]:
        n = len(doc)
        if self.starts is None or not n:
            return [(0, n)] if n else []
        cols = sorted({attr for attr, _, _ in self.starts})
        arr = doc.to_array(cols).reshape(n, len(cols))
        reach = np.zeros(n, dtype=np.int64)
        for attr, hashes, length in self.starts:
            col = arr[:, cols.index(attr)]
            hit = col == 1 if hashes is None else np.isin(col, np.fromiter(hashes, dtype=np.uint64, count=len(hashes)))
            reach = np.maximum(reach, hit * length)
        windows: list[tuple[int, int]] = []
        for i in np.flatnonzero(reach).tolist():
            end = min(n, i + int(reach[i]))
            if windows and i <= windows[-1][1]:
                windows[-1] = (windows[-1][0], max(windows[-1][1], end))
            else:
                windows.append((i, end))
        return windows

    def __call__(self, doc):
        found: dict[str, set] = {key: set() for key in self.keys}
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="\\[W036")
            for w_start, w_end in self._windows(doc):
                for match_id, start, end in self.matcher(doc[w_start:w_end]):
                    label, span_id, key = self.meta[match_id]
                    found[key].add(Span(doc, w_start + start, w_start + end, label=label, span_id=span_id))
        for key, spans in found.items():
            doc.spans[key] = spacy.util.filter_spans(sorted(spans))
        return doc


@lru_cache(maxsize=1)
def blank() -> Language:
    """A plain blank English tokenizer, shared by the line-level rules (movers, headings)."""
    return spacy.blank("en")


def build_nlp(directory: Path = PATTERN_DIR) -> Language:
    """A fresh pipeline (uncached): tokenizer tuned for amounts, plus the money and date rulers."""
    nlp = spacy.blank("en")
    nlp.max_length = MAX_LENGTH
    suffixes = list(nlp.Defaults.suffixes) + UNIT_SUFFIXES + MONTH_YY_SUFFIXES
    nlp.tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search
    infixes = list(nlp.Defaults.infixes) + DASH_INFIXES
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
    prefixes = list(nlp.Defaults.prefixes) + DASH_PREFIXES
    nlp.tokenizer.prefix_search = spacy.util.compile_prefix_regex(prefixes).search
    nlp.add_pipe("rule_spans", config={"facets": [list(f) for f in FACETS], "directory": str(directory)})
    return nlp


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The shared pipeline, built once: ``doc.spans["money"]`` and ``doc.spans["dates"]`` hold candidates."""
    return build_nlp()
