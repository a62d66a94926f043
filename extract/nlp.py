"""The one shared spaCy pipeline: a blank English tokenizer plus rule components.

``get_nlp()`` builds it once per process. Rules live as data in ``extract/patterns``:

- ``lexicon.jsonl``: named word lists (``{"name": "month", "entries": {...}}``), shared by
  the token patterns (as ``"@name"`` macros inside ``IN`` lists) and by the Python normalisers.
- ``money.jsonl`` / ``dates.jsonl``: SpanRuler patterns (``{"label", "id", "pattern"}``),
  written to ``doc.spans["money"]`` and ``doc.spans["dates"]``.

Every file is validated when loaded: a malformed line raises :class:`PatternError` naming the
file and line, and the token patterns go through spaCy's own schema (``validate=True``).
To extend the pipeline for another facet, add a ``<facet>.jsonl`` and one ``_add_ruler`` call.
"""

from __future__ import annotations

import json
from functools import cache, lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

PATTERN_DIR = Path(__file__).parent / "patterns"
MAX_LENGTH = 10_000_000

# "£40million", "£2bn", "10p", "£1.2k": split the scale or pence unit off the number so that
# token patterns can see LIKE_NUM + unit. The default suffixes already split "m" and "k".
UNIT_SUFFIXES = [r"(?<=[0-9])(?:million|billion|bn|mn|k|p)"]
# "-Nov 2020" in a table cell: a hyphen glued to a capitalised word is a dash, not part of the word.
DASH_PREFIXES = [r"-(?=[A-Z][a-z])"]
# "£1 million-£2 million", "£20–£30", "2024–25", "mid-2024", "1st–3rd": a dash before "£" or a year, or
# between numbers, separates two tokens.
DASH_INFIXES = [
    r"(?<=st|nd|rd|th)[-–—](?=[0-9])",
    r"(?<=[a-z])-(?=(?:19|20)[0-9][0-9](?![0-9]))",
    r"(?<=[0-9a-z])[-–—](?=£)",
    r"(?<=[-–—])£(?=[0-9])",
    r"(?<=[0-9])[–—](?=[0-9])",
]


class PatternError(ValueError):
    """A rule file is malformed; the message names the file and line."""


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
        if not isinstance(pattern, list) or not pattern or not all(isinstance(t, dict) for t in pattern):
            raise PatternError(f"{where}: 'pattern' must be a non-empty list of token objects")
        unknown = set(row) - {"label", "pattern", "id", "note"}
        if unknown:
            raise PatternError(f"{where}: unknown keys {sorted(unknown)}")
        entry = {"label": label, "pattern": _expand(pattern, lexicon, where)}
        if "id" in row:
            entry["id"] = str(row["id"])
        patterns.append(entry)
    return tuple(patterns)


def _add_ruler(nlp: Language, name: str, spans_key: str, directory: Path = PATTERN_DIR) -> None:
    ruler = nlp.add_pipe(
        "span_ruler",
        name=f"{name}_ruler",
        config={
            "spans_key": spans_key,
            "validate": True,
            "overwrite": True,
            "spans_filter": {"@misc": "spacy.first_longest_spans_filter.v1"},
        },
    )
    try:
        ruler.add_patterns(list(load_patterns(name, directory)))
    except ValueError as exc:  # spaCy's schema check: name the file, keep spaCy's detail
        raise PatternError(f"{name}.jsonl: {exc}") from exc


def build_nlp(directory: Path = PATTERN_DIR) -> Language:
    """A fresh pipeline (uncached): tokenizer tuned for amounts, plus the money and date rulers."""
    nlp = spacy.blank("en")
    nlp.max_length = MAX_LENGTH
    suffixes = list(nlp.Defaults.suffixes) + UNIT_SUFFIXES
    nlp.tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search
    infixes = list(nlp.Defaults.infixes) + DASH_INFIXES
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
    prefixes = list(nlp.Defaults.prefixes) + DASH_PREFIXES
    nlp.tokenizer.prefix_search = spacy.util.compile_prefix_regex(prefixes).search
    _add_ruler(nlp, "money", "money", directory)
    _add_ruler(nlp, "dates", "dates", directory)
    return nlp


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The shared pipeline, built once: ``doc.spans["money"]`` and ``doc.spans["dates"]`` hold candidates."""
    return build_nlp()
