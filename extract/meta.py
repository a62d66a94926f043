"""Who, what and when a paper is, read from its own heading: councils, committee, doc_type, date, title.

The heading of a council paper (the blocks before the attendance list or the first paragraph of prose)
names the authority, the meeting and the date; the body only decides between candidates:

- councils: typed council names printed in the heading (``KENT COUNTY COUNCIL``); else principal-council
  places from the gazetteer printed in a heading line (``STRATEGIC ALLIANCE BOLSOVER AND ...``); else the
  councils the body names most, counting abbreviations (``BDC``) built from their initials.
- committee: the body whose meeting it is (``meeting of the Cabinet held``, a ``CABINET`` heading line);
  the full council of a parish or town when minutes name no body; None for letters, peer reviews, case studies.
- doc_type: heading cues first (minutes, letter salutation, peer challenge), then body signals.
- date: the meeting date for minutes and agendas (first full date in the heading), the dateline otherwise.
- title: the heading; minutes get a composed ``Minutes of the X meeting, 1 May 2020``.

Council names are found with a spaCy Matcher and the gazetteer with a PhraseMatcher over a cached
``spacy.blank("en")``; rules live in ``extract/patterns/meta.jsonl`` and ``councils.jsonl``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from extract.findings import PaperMeta

PATTERNS_DIR = Path(__file__).with_name("patterns")
RULES_FILE = PATTERNS_DIR / "meta.jsonl"
GAZETTEER_FILE = PATTERNS_DIR / "councils.jsonl"

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

HEADER_MAX_BLOCKS = 20
HEADER_MAX_LINES = 40
PROSE_MIN_WORDS = 12


# --------------------------------------------------------------------------- rules


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
            if not items or not all(isinstance(p, str) and p.strip() for p in items):
                raise ValueError(f"meta rule line {number}: 'phrases' must be non-empty strings")
            phrases[label].extend(p.lower() for p in items)
        elif kind == "matcher" and label in MATCHER_LABELS:
            pattern = rule.get("pattern")
            if not isinstance(pattern, list) or not pattern or not all(isinstance(t, dict) for t in pattern):
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


@dataclass(frozen=True)
class Place:
    """A principal council's area as printed, with the council's name."""

    place: str
    council: str
    ambiguous: bool = False


def parse_gazetteer(lines: list[str]) -> tuple[Place, ...]:
    """Validate gazetteer lines ``{"place": ..., "council": ...}``; raise ValueError on a bad line."""
    out = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        row = json.loads(line)
        place, council = row.get("place"), row.get("council")
        if not (isinstance(place, str) and place.strip() and isinstance(council, str) and council.strip()):
            raise ValueError(f"gazetteer line {number}: needs non-empty 'place' and 'council'")
        out.append(Place(place, council, bool(row.get("ambiguous", False))))
    return tuple(out)


@lru_cache(maxsize=1)
def gazetteer() -> tuple[Place, ...]:
    """Principal councils by place, loaded once."""
    return parse_gazetteer(GAZETTEER_FILE.read_text(encoding="utf-8").splitlines())


@lru_cache(maxsize=1)
def phrase_regexes() -> dict[str, re.Pattern]:
    """One case-insensitive, word-bounded regex per phrase label (longest phrase first)."""
    out = {}
    for label, items in rules().phrases.items():
        alts = sorted({re.escape(p) for p in items}, key=len, reverse=True)
        out[label] = re.compile(r"(?<![\w])(?:" + "|".join(alts) + r")(?![\w])", re.IGNORECASE)
    return out


# --------------------------------------------------------------------------- spaCy


def _is_word(token: Token) -> bool:
    """A capitalised word that can be part of a proper name (not 'Council' itself)."""
    return (
        token.is_alpha
        and (token.is_title or token.is_upper or (token.text[:1].isupper() and token.text[1:2].islower()))
        and token.lower_ not in ("council", "councils")
    )


def _is_name(token: Token) -> bool:
    return _is_word(token) or token.lower_ in rules().words["NAME_CONNECTOR"]


@Language.factory("minutebook_meta_names")
def make_meta_names(nlp: Language, name: str) -> MetaNames:
    """spaCy factory: council-name and gazetteer spans in doc.spans["mb_council"] / ["mb_place"]."""
    return MetaNames(nlp)


class MetaNames:
    """Writes typed council names (Matcher) and gazetteer places (PhraseMatcher) to ``doc.spans``."""

    def __init__(self, nlp: Language) -> None:
        if not Token.has_extension("mb_word"):
            Token.set_extension("mb_word", getter=_is_word)
        if not Token.has_extension("mb_name"):
            Token.set_extension("mb_name", getter=_is_name)
        self.matcher = Matcher(nlp.vocab, validate=True)
        for i, (label, pattern) in enumerate(rules().matchers):
            try:
                self.matcher.add(f"{label}_{i}", [pattern], greedy="LONGEST")
            except Exception as exc:  # a bad rule fails at load, naming itself
                raise ValueError(f"meta matcher rule {label}_{i} is invalid: {exc}") from exc
        self.places = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.place_info: dict[str, Place] = {}
        for place in gazetteer():
            key = place.place.lower()
            self.place_info[key] = place
            self.places.add(key, [nlp.make_doc(place.place)])

    def __call__(self, doc: Doc) -> Doc:
        spans = [doc[s:e] for _, s, e in self.matcher(doc)]
        not_after = rules().words["NOT_AFTER_COUNCIL"]
        # "Revenue Budget and Council Tax": a council noun phrase, not a council's name.
        spans = [
            s for s in spans if s.end >= len(doc) or doc[s.end].lower_ not in not_after or s[-1].lower_ != "council"
        ]
        doc.spans["mb_council"] = filter_spans(spans)
        places = []
        for match_id, s, e in self.places(doc):
            places.append(Span(doc, s, e, label=match_id))
        doc.spans["mb_place"] = filter_spans(places)
        return doc


@lru_cache(maxsize=1)
def get_meta_nlp() -> Language:
    """A cached blank English pipeline with the meta name matcher."""
    nlp = spacy.blank("en")
    nlp.add_pipe("minutebook_meta_names")
    return nlp


# --------------------------------------------------------------------------- text helpers

_MARKUP = re.compile(r"<[^>]+>|\*\*+|__+|^#+\s*", re.MULTILINE)
_WS = re.compile(r"\s+")
_SMALL_WORDS = frozenset(
    {"and", "of", "the", "for", "to", "in", "on", "upon", "under", "with", "at", "by", "a", "an", "or", "le"}
)
_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        1,
    )
    for name in names
}
_MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTH_RE = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")"
_ORD = r"\s?(?:st|nd|rd|th)?"
_DATE_PATTERNS = (
    # 28 November to 1 December 2023 / Tuesday 28 November - Friday 1 December 2023
    (
        "day",
        re.compile(
            rf"\b(?P<d>\d{{1,2}}){_ORD}\s+(?P<m>{_MONTH_RE})\.?\s*(?:-|–|to|until)\s*(?:[a-z]+day,?\s+)?"
            rf"\d{{1,2}}{_ORD}\s+(?P<m2>{_MONTH_RE})\.?,?\s+(?P<y>(?:19|20)\d\d)\b",
            re.IGNORECASE,
        ),
    ),
    # 5 to 9 September 2024 / 5-9 September 2024
    (
        "day",
        re.compile(
            rf"\b(?P<d>\d{{1,2}}){_ORD}\s*(?:-|–|to|and|&)\s*\d{{1,2}}{_ORD}\s+(?P<m>{_MONTH_RE})\.?,?\s+"
            rf"(?P<y>(?:19|20)\d\d)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "day",
        # "15th May 2019", and "15thMay 2019" where a reader dropped the space after a superscript
        re.compile(
            rf"\b(?P<d>\d{{1,2}})(?:\s?(?:st|nd|rd|th)\s*|\s+)(?:of\s+)?(?P<m>{_MONTH_RE})\.?,?\s+"
            rf"(?P<y>(?:19|20)\d\d)\b",
            re.I,
        ),
    ),
    ("day", re.compile(rf"\b(?P<m>{_MONTH_RE})\.?\s+(?P<d>\d{{1,2}}){_ORD},?\s+(?P<y>(?:19|20)\d\d)\b", re.I)),
    ("day", re.compile(r"\b(?P<d>\d{1,2})[/.](?P<mo>\d{1,2})[/.](?P<y>(?:19|20)\d\d)\b")),
    ("month", re.compile(rf"\b(?P<m>{_MONTH_RE})\.?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I)),
)


def clean_line(text: str) -> str:
    """A line without markup, table pipes or tabs, white space folded."""
    text = _MARKUP.sub("", text)
    text = text.replace("\t", " ").replace("|", " ")
    return _WS.sub(" ", text).strip()


def recase(text: str) -> str:
    """Title-case an all-capitals heading (``STOKE-ON-TRENT CITY COUNCIL`` -> ``Stoke-on-Trent City Council``).

    Mixed-case text is returned unchanged: it is printed as meant.
    """
    if not any(c.isalpha() for c in text) or text != text.upper():
        return text

    def word(w: str, first: bool) -> str:
        parts = w.split("-")
        out = []
        for i, part in enumerate(parts):
            low = part.lower()
            if (not first or i) and low in _SMALL_WORDS:
                out.append(low)
            else:
                # Capitalise a leading letter only: "13TH" reads "13th", "(WEST" reads "(West".
                out.append(re.sub(r"^([^\w]*)([a-z])", lambda m: m.group(1) + m.group(2).upper(), low))
        return "-".join(out)

    words = text.split(" ")
    return " ".join(word(w, i == 0) for i, w in enumerate(words))


def is_prose(text: str) -> bool:
    """A paragraph of running text rather than a heading: long, and ends or breaks like a sentence."""
    return len(text.split()) >= PROSE_MIN_WORDS and bool(re.search(r"[.!?;:]\s*$|[a-z]\.\s+[A-Z]", text))


@dataclass(frozen=True)
class DateHit:
    """A date found in a heading: position, ISO day and whether a day was printed."""

    pos: int
    iso: str
    granularity: str  # "day" or "month"
    text: str


def find_dates(text: str) -> list[DateHit]:
    """Dates printed in ``text`` (days, day ranges as their start, month-years as the 1st), in order."""
    hits: list[DateHit] = []
    taken: list[tuple[int, int]] = []
    for granularity, pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            groups = m.groupdict()
            year = int(groups["y"])
            month = int(groups["mo"]) if groups.get("mo") else _MONTHS[groups["m"].lower().rstrip(".")]
            if groups.get("m2"):
                end_month = _MONTHS[groups["m2"].lower().rstrip(".")]
                if end_month < month:  # 28 December to 2 January 2024 starts the year before
                    year -= 1
            day = int(groups["d"]) if groups.get("d") else 1
            taken.append((m.start(), m.end()))  # an impossible day is not re-read as its month
            try:
                iso = dt.date(year, month, day).isoformat()
            except ValueError:
                continue
            hits.append(DateHit(m.start(), iso, granularity, m.group(0)))
    return sorted(hits, key=lambda h: h.pos)


def title_date(iso: str | None) -> str | None:
    """``2025-01-30`` -> ``30 January 2025`` as minutes' titles print it."""
    if not iso:
        return None
    d = dt.date.fromisoformat(iso)
    return f"{d.day} {_MONTH_NAMES[d.month - 1]} {d.year}"


def initials(name: str) -> str:
    """Initials of a council's name without connectors: North East Derbyshire District Council -> NEDDC."""
    connectors = rules().words["NAME_CONNECTOR"]
    words = re.findall(r"[A-Za-z][\w'’]*", name)
    return "".join(w[0].upper() for w in words if w.lower() not in connectors)


# --------------------------------------------------------------------------- the paper's heading


@dataclass(frozen=True)
class Block:
    """A paragraph of the paper: its lines (cleaned) and their joined text."""

    lines: tuple[str, ...]
    text: str
    prose: bool


def _wrap_width(lines: list[str]) -> int:
    """The width prose wraps at: a high percentile of line lengths (0 when too few lines to tell)."""
    lengths = sorted(len(x) for x in lines if x)
    if len(lengths) < 5:
        return 0
    return lengths[int(len(lengths) * 0.9)]


def blocks_of(text: str, limit: int | None = None) -> list[Block]:
    """Paragraphs and heading lines, at most ``limit`` of them.

    A blank line always ends a block. Within a run of lines, a line as wide as the text's wrap width that
    does not end a sentence continues onto the next line (wrapped prose); any other line ends its block,
    so a heading printed on its own line is a block of its own whether or not blank lines surround it.
    """
    raw = [clean_line(x) if x.strip() else "" for x in text.split("\n", 2000)[:2000]]
    width = _wrap_width(raw[:400])
    out: list[Block] = []
    current: list[str] = []

    def flush() -> bool:
        if current:
            joined = " ".join(current)
            out.append(Block(tuple(current), joined, is_prose(joined)))
            current.clear()
        return limit is not None and len(out) >= limit

    for line in raw:
        if not line or not re.search(r"\w", line):
            if flush():
                break
            continue
        current.append(line)
        wrapped = width >= 50 and len(line) >= 0.8 * width and not re.search(r"[.!?:;]\s*$", line)
        if not wrapped and flush():
            break
    else:
        flush()
    return out


def starts_with(label: str, text: str) -> bool:
    """True when ``text`` begins with a phrase of ``label``."""
    m = phrase_regexes()[label].search(text)
    return bool(m) and not text[: m.start()].strip(" -–:•*#>0123456789.")


def header_blocks(text: str) -> list[Block]:
    """The paper's heading: blocks up to the attendance list, or up to and including the first prose block.

    Web furniture before the real heading (``Visit our ... hub``) is dropped.
    """
    out: list[Block] = []
    lines = 0
    for block in blocks_of(text, HEADER_MAX_BLOCKS * 2):
        if not out and starts_with("BOILERPLATE", block.text) and not block.prose:
            continue
        if out and starts_with("ATTENDANCE", block.text):
            break
        out.append(block)
        lines += len(block.lines)
        if block.prose or len(out) >= HEADER_MAX_BLOCKS or lines >= HEADER_MAX_LINES:
            break
    return out


# --------------------------------------------------------------------------- councils


@dataclass(frozen=True)
class CouncilName:
    """A council named in the text: its printed place, type words and display name."""

    place: str  # "" for a generic mention ("the County Council")
    kind: str  # type words, lower case: "county", "parish", "" ...
    name: str

    @property
    def key(self) -> str:
        """Merges ``Boughton Council`` with ``Boughton Parish Council``."""
        return re.sub(r"[^a-z]", "", self.place.lower().replace("&", "and"))


def _display(tokens: list[Token]) -> str:
    text = "".join(t.text_with_ws for t in tokens)
    return recase(_WS.sub(" ", text).strip())


def council_names(span: Span) -> list[CouncilName]:
    """Decompose a matched council span into council names (a plural ``A and B District Councils`` gives two)."""
    w = rules().words
    toks = list(span)
    low = [t.lower_ for t in toks]
    if len(toks) >= 4 and low[1] == "borough" and low[2] == "of" and low[0] in ("london", "royal"):
        place = toks[3:]
        while place and place[-1].lower_ in w["NAME_CONNECTOR"]:
            place = place[:-1]
        return [CouncilName(_display(place), "borough", _display(toks[:3] + place))] if place else []
    if len(toks) >= 4 and low[1] == "council" and low[2] == "of":
        place = toks[3:]
        while place and place[-1].lower_ in w["NAME_CONNECTOR"]:
            place = place[:-1]
        return [CouncilName(_display(place), low[0], _display(toks[:3] + place))] if place else []
    if low[-1] == "authority":
        head, tail = toks[:-2], toks[-2:]
        kind = "combined" if low[-2] == "combined" else ""
    else:
        head, tail = toks[:-1], toks[-1:]
        kind = ""
    # Cut the sentence off the front: the place starts after the last word that cannot begin a name.
    start = 0
    for i, t in enumerate(head):
        if t.lower_ in w["NAME_STOP"]:
            start = i + 1
    head = head[start:]
    while head and head[0].lower_ in w["NAME_CONNECTOR"]:
        head = head[1:]
    if head and head[-1].lower_ in ("'s", "’s"):
        return []  # "Derbyshire's Council": a possessive, not a name
    type_toks: list[Token] = []
    while head and head[-1].lower_ in w["COUNCIL_TYPE"] and not (len(head) == 1 and head[0].lower_ == "city"):
        type_toks.insert(0, head[-1])
        head = head[:-1]
    kind = kind or " ".join(t.lower_ for t in type_toks)
    place = _display(head)
    if not head:
        return [CouncilName("", kind, _display(type_toks + tail))]
    plural = tail[-1].lower_ == "councils"
    if plural and any(t.lower_ in ("and", "&") for t in head):
        names, part = [], []
        for t in [*head, None]:
            if t is None or t.lower_ in ("and", "&"):
                if part:
                    p = _display(part)
                    names.append(CouncilName(p, kind, recase(f"{p} {_display(type_toks)} Council".replace("  ", " "))))
                part = []
            else:
                part.append(t)
        return names
    name = _display(head + type_toks + tail)
    if plural:
        name = name[:-1]
    return [CouncilName(place, kind, name)]


def _lines_for_names(text: str) -> list[str]:
    """Lines of ``text``, with a name broken before ``Council`` at a line end joined back."""
    raw = [clean_line(x) for x in text.split("\n")]
    out: list[str] = []
    for line in raw:
        if out and out[-1] and re.match(r"(?:(?:district|borough|county|city|parish|town)\s+)?councils?\b", line, re.I):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return [x for x in out if x]


def names_in(lines: list[str]) -> list[tuple[int, CouncilName, int]]:
    """Council names in ``lines`` as (line index, name, token offset in the line)."""
    nlp = get_meta_nlp()
    out = []
    for i, doc in enumerate(nlp.pipe(lines)):
        for span in doc.spans["mb_council"]:
            for name in council_names(span):
                out.append((i, name, span.start))
    return out


def places_in(lines: list[str]) -> list[Place]:
    """Gazetteer places printed as names in heading ``lines`` (capitalised, not part of a longer name)."""
    nlp = get_meta_nlp()
    out: list[Place] = []
    connectors = rules().words["NAME_CONNECTOR"] | rules().words["COUNCIL_TYPE"]
    for doc in nlp.pipe(lines):
        all_caps = doc.text == doc.text.upper()
        for span in doc.spans["mb_place"]:
            info = get_meta_nlp().get_pipe("minutebook_meta_names").place_info[span.text.lower()]
            if info.ambiguous or not all(
                t.is_title or t.is_upper or not t.is_alpha or t.lower_ in connectors for t in span
            ):
                continue
            if not all_caps:
                after = doc[span.end] if span.end < len(doc) else None
                before = doc[span.start - 1] if span.start > 0 else None
                if after is not None and after.is_alpha and after.is_title and after.lower_ not in connectors:
                    continue  # "Lincoln Square": part of a longer name
                if before is not None and before.is_alpha and before.is_title and before.lower_ not in connectors:
                    continue
            out.append(info)
    return out


def _dedupe(names: list[CouncilName]) -> list[CouncilName]:
    """One name per council (typed spelling preferred), in first-mention order."""
    best: dict[str, CouncilName] = {}
    for n in names:
        if not n.key:
            continue
        old = best.get(n.key)
        if old is None or (not old.kind and n.kind):
            best[n.key] = n
    return list(best.values())


def _drop_short_forms(names: list[CouncilName]) -> list[CouncilName]:
    """Drop ``Northwold Parish Council`` when ``Northwold and Whittington Parish Council`` is also named:
    a joint council is often called by its first place alone."""
    out = []
    for n in names:
        longer = any(
            m is not n and m.kind == n.kind and re.match(rf"{re.escape(n.place)}\s+(?:and|&)\s+\S", m.place)
            for m in names
        )
        if not longer:
            out.append(n)
    return out


# A council's own web address names it: "officer@kent.gov.uk", "www.bolsover.gov.uk".
_GOV_DOMAIN = re.compile(r"[@.]([a-z][a-z-]{2,40})\.gov\.uk\b", re.I)


def _domain_councils(text: str) -> Counter[str]:
    """Gazetteer councils whose place is a ``.gov.uk`` domain printed in ``text``, keyed like CouncilName.key."""
    domains = Counter(m.group(1).lower().replace("-", "") for m in _GOV_DOMAIN.finditer(text))
    out: Counter[str] = Counter()
    if not domains:
        return out
    for place in gazetteer():
        key = re.sub(r"[^a-z]", "", place.place.lower())
        if key in domains:
            out[key] += domains[key]
    return out


def body_councils(text: str) -> list[str]:
    """Councils the body names most: full names plus abbreviations made of their initials (BDC, KCC)."""
    lines = [x for x in _lines_for_names(text) if re.search(r"council|authority|borough of", x, re.I)]
    named = [n for _, n, _ in names_in(lines) if n.key]
    counts: Counter[str] = Counter(n.key for n in named)
    names = {n.key: n for n in _dedupe(named)}
    abbreviations = Counter(re.findall(r"\b[A-Z]{3,7}\b", text))
    by_initials: dict[str, list[str]] = {}
    for key, n in names.items():
        by_initials.setdefault(initials(n.name), []).append(key)
    for abbr, keys in by_initials.items():
        if len(keys) == 1 and abbr in abbreviations:
            counts[keys[0]] += abbreviations[abbr]
    # A principal council known by its initials, its place also printed (KCC ... Kent).
    claimed = set(by_initials)
    for place in gazetteer():
        abbr = initials(place.council)
        if len(abbr) < 3 or abbr in claimed or abbreviations.get(abbr, 0) < 2:
            continue
        if re.search(rf"\b{re.escape(place.place)}\b", text):
            key = re.sub(r"[^a-z]", "", place.place.lower())
            if key not in names or not names[key].kind:
                # "Kent Council Leaders" names no council; KCC is Kent County Council
                names[key] = CouncilName(place.place, "", place.council)
            counts[key] += abbreviations[abbr]
    # A contact address at the council's own domain names the paper's author (two mentions' worth).
    domain_hits = _domain_councils(text)
    for place in gazetteer():
        key = re.sub(r"[^a-z]", "", place.place.lower())
        if key in domain_hits and not place.ambiguous:
            names.setdefault(key, CouncilName(place.place, "", place.council))
            counts[key] += 2 * domain_hits[key]
    if not counts:
        return []
    top = max(counts.values())
    return [names[k].name for k, c in counts.most_common() if k in names and c >= 2 and c >= 0.3 * top]


def looks_foreign(text: str) -> bool:
    """A paper priced in dollars and never in pounds is not a UK council's."""
    return "$" in text and "£" not in text


def find_councils(header: list[Block], text: str, file_title: str | None = None) -> list[str]:
    """Subject councils: named in the heading (or the file's own title), else heading places, else the body's most named."""
    lines: list[str] = []
    for block in header:
        if block.prose:
            lines.append(block.text)  # names only count at the start of a prose block: see below
        else:
            lines.extend(_lines_for_names("\n".join(block.lines)))
    found = []
    for i, name, offset in names_in(lines):
        if not name.key:
            continue
        if header and lines[i] in {b.text for b in header if b.prose} and offset > 0:
            continue
        found.append(name)
    if not found and file_title:
        found = [n for _, n, _ in names_in([clean_line(file_title)]) if n.key]
    if found:
        return [n.name for n in _drop_short_forms(_dedupe(found))]
    if looks_foreign(text):
        return []
    heading_lines = [x for b in header if not b.prose for x in b.lines]
    places = places_in(heading_lines)
    if places and re.search(r"council|committee|cabinet|minutes", text[:5000], re.I):
        seen: list[str] = []
        for p in places:
            if p.council not in seen:
                seen.append(p.council)
        return seen
    return body_councils(text)


# --------------------------------------------------------------------------- doc type


_AGENDA_ITEM = re.compile(r"\bagenda\s+item\b", re.IGNORECASE)


def _count(label: str, text: str) -> int:
    if label == "AGENDA":
        text = _AGENDA_ITEM.sub(" ", text)  # "Agenda Item 7" heads reports too
    return len(phrase_regexes()[label].findall(text))


_MINUTES_HEAD = re.compile(
    r"^(?:(?:final|draft|approved|confirmed|unconfirmed|signed)\s+)?minutes\b(?!\s+of\s+(?:the\s+)?(?:last|previous)\b)"
    r"|\bminutes\s+of\s+(?!(?:the\s+)?(?:last|previous)\b)(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){0,4}?meeting\b"
    r"|\bmeeting\s+minutes\b",
    re.IGNORECASE,
)
_AGENDA_VERB = re.compile(r"\b(?:approve|confirm|sign|agree|receive|note|adopt|consider)\w*\s+(?:the\s+)?$", re.I)


def is_minutes_heading(text: str) -> bool:
    """True when ``text`` heads minutes; "to approve the minutes of the meeting held ..." is an agenda item."""
    return any(not _AGENDA_VERB.search(text[: m.start()]) for m in _MINUTES_HEAD.finditer(text))


_CASE_STUDY_HEADINGS = frozenset(
    {
        "action that was taken",
        "what we did",
        "how has the approach worked?",
        "how has the approach worked",
        "key learnings",
        "key learning",
        "lessons learned",
        "lessons learnt",
        "case study",
    }
)


_AGENDA_AND_MINUTES = re.compile(r"\bagenda(?:,\s*decisions)?\s+and\s+minutes\b", re.I)


def classify(header: list[Block], text: str) -> str:
    """One of DOC_TYPES from heading cues, then body signals."""
    heading = " ".join(b.text for b in header)
    early = text[:20000]
    lines = [clean_line(x) for x in early.split("\n")]
    lines = [x for x in lines if x]
    if any(is_minutes_heading(b.text) for b in header[:8]):
        return "minutes"
    if _AGENDA_AND_MINUTES.search(heading) and re.search(r"^\s*Minutes:\s*$", early, re.M):
        return "minutes"  # a web page of an agenda with each item's minutes ("Minutes:") filled in
    salutation = any(starts_with("SALUTATION", b.text) and len(b.text.split()) <= 6 for b in header)
    if salutation and not _count("AGENDA", heading):
        return "letter"
    decisions = _count("DECISION", early)
    attendance = sum(1 for x in lines if starts_with("ATTENDANCE", x))
    if header and starts_with("EXTRACT", header[0].text) and decisions:
        return "minutes"
    if attendance and (decisions or re.search(r"\b(?:final|draft|signed)\s+minutes\b", early, re.I)):
        return "minutes"
    if _count("PEER_REVIEW", " ".join(b.text for b in header if not b.prose)):
        return "peer_review"
    case_headings = sum(1 for x in lines if x.lower().rstrip(":") in _CASE_STUDY_HEADINGS)
    if case_headings >= 2 or re.search(r"\bcase study\b", " ".join(b.text for b in header[:2]), re.I):
        return "case_study"
    if _count("AGENDA", heading) or _count("AGENDA", "\n".join(lines[:40])):
        return "agenda"
    if _count("REPORT", heading) or re.search(r"\b(?:council|committee|cabinet)\b", early, re.I):
        return "report"
    return "other"


# --------------------------------------------------------------------------- committee


_BODY_AFTER_MEETING = re.compile(
    r"\b(?i:meeting|minutes|item)\s+(?i:of|from)\s+(?:(?i:the)\s+)?(?P<body>[A-Z][\w&'’,-]*(?:\s+[\w&'’-]+){0,8}?)"
    r"(?:\s+(?i:held|on|at|in|which|that|to\s+be\s+held)\b|\s*[,.]|\s*$)",
)
_FROM_BODY = re.compile(
    r"\b(?i:from|of)\s+(?:(?i:the)\s+)?(?P<body>(?:[A-Z][\w&'’-]*\s+){0,6}?[A-Z][\w-]*)\s+(?i:held)\b"
)
# Lines of a report's cover sheet that describe the paper rather than name it.
_COVER_FIELD = re.compile(
    r"^(?:report\s+(?:to|of|by|author)|date(?:\s+of\s+(?:meeting|report))?|meeting(?:\s+date)?|wards?(?:\s+affected)?"
    r"|agenda\s+item|item(?:\s+no\.?)?|key\s+decision|classification|status|portfolio(?:\s+holder)?|cabinet\s+member"
    r"|lead\s+(?:officer|member)|contact(?:\s+officer)?|author|from|to|by|ref(?:erence)?|exempt\w*"
    r"|decision\s+(?:no\.?|number|ref\w*))\s*[:\-–]",
    re.IGNORECASE,
)
_TITLE_FIELD = re.compile(r"^(?:report\s+)?(?:title|subject|re)\s*[:\-–]\s*(?P<t>.+)$", re.IGNORECASE)
_RUNNING = re.compile(r"^(?:(?:agenda\s+)?item\s+(?:no\.?\s*)?\d+\w?|page\s+\d+(?:\s+of\s+\d+)?|\d+)$", re.IGNORECASE)
_TO_PREFIX = re.compile(r"^(?:report\s+to|to|meeting|committee|decision\s+maker|meeting\s+of)\s*[:\-–]\s*", re.I)


# Cover-sheet fields that name people, not the body the paper goes to.
_NOT_BODY_FIELD = re.compile(
    r"^(?:from|by|author|contact(?:\s+officer)?|cabinet\s+member|portfolio\s+holder|lead\s+(?:officer|member)"
    r"|report\s+(?:of|by|author))\s*[:\-–]",
    re.I,
)
# "To: Cabinet – 4 March 2025": the meeting's date printed after the body's name.
_TRAILING_DATE = re.compile(
    r"\s*[-–—,:]?\s*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?\d{1,2}(?:st|nd|rd|th)?\s+"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*,?\s+\d{4}\s*$",
    re.I,
)


def body_name(text: str) -> str | None:
    """``text`` as a decision-making body's name (``Cabinet``, ``Planning Committee``), or None.

    A named authority (``Kent County Council``) or a kind of meeting (``Ordinary Meeting``) is not a body.
    """
    w = rules().words
    if _NOT_BODY_FIELD.match(text.strip()):
        return None
    text = _TO_PREFIX.sub("", text.strip(" .,:;–-"))
    text = _TRAILING_DATE.sub("", text).strip(" .,:;–-") if _TRAILING_DATE.search(text) else text
    words = text.split()
    if not words or len(words) > 10:
        return None
    lows = [x.lower().strip(",.:;") for x in words]
    if lows[-1] not in w["COMMITTEE_HEAD"] or any(x in w["NON_BODY"] for x in lows):
        return None
    doc = get_meta_nlp()(text)
    for span in doc.spans["mb_council"]:
        if any(n.key for n in council_names(span)):
            # "West Midlands Combined Authority Board": the body is what follows the authority's name.
            rest = doc[span.end :].text.strip(" .,:;–-") if span.start == 0 else ""
            return body_name(rest) if rest and rest != text else None
    if not all(x[:1].isupper() or x.lower() in ("and", "of", "for", "the") or x in ("&", "-", "–") for x in words):
        return None
    return recase(text)


def full_council(councils: list[str]) -> str | None:
    """The committee name of a council's full meeting when the paper names no body."""
    if not councils or not re.search(r"\bcouncil\b", councils[0], re.I):
        return None
    name = councils[0].lower()
    for kind in ("parish", "town", "community", "village", "county"):
        if re.search(rf"\b{kind} council\b", name):
            return f"{kind.title()} Council"
    return "Council"


def find_committee(header: list[Block], doc_type: str, councils: list[str]) -> tuple[str | None, bool]:
    """(committee, printed): the body whose paper this is; ``printed`` is False for the full-council fallback."""
    if doc_type in ("letter", "peer_review", "case_study"):
        return None, False
    local = full_council(councils) not in (None, "Council", "County Council")
    for block in header:
        for m in (*_BODY_AFTER_MEETING.finditer(block.text), *_FROM_BODY.finditer(block.text)):
            body = body_name(m.group("body"))
            if body and local and body.lower() in ("council", "full council"):
                # A parish's or town's "meeting of the Council" is its full council.
                return full_council(councils), False
            if body:
                return body, True
    headings = [b for b in header if not b.prose]
    # A body's name broken over two all-capitals lines is tried whole before its halves.
    for a, b in zip(headings, headings[1:], strict=False):
        if a.text.isupper() and b.text.isupper():
            body = body_name(f"{a.text} {b.text}")
            if body:
                return body, True
    for block in headings:
        for line in (block.text, *block.lines):
            body = body_name(line)
            if body:
                return body, True
    if doc_type in ("minutes", "agenda"):
        return full_council(councils), False
    return None, False


# --------------------------------------------------------------------------- date


def find_date(header: list[Block], doc_type: str) -> str | None:
    """The paper's date: the meeting's for minutes and agendas, the letter's, the report's dateline."""
    headings = [h for b in header if not b.prose for h in find_dates(b.text)]
    everything = [h for b in header for h in find_dates(b.text)]
    days = [h for h in everything if h.granularity == "day"]
    if doc_type in ("minutes", "agenda", "letter"):
        for block in header:
            m = re.search(
                r"\b(?:held\s+on|meeting\s+on|date\s+held|date\s+of\s+meeting|date(?=\s*:|\s+\d))\s*:?\s*",
                block.text,
                re.I,
            )
            # a heading sentence names the meeting's date early; "held on" deep in a run-on block is another meeting
            if m and m.start() < 300:
                after = [h for h in find_dates(block.text[m.end() :]) if h.granularity == "day" and h.pos < 40]
                if after:
                    return after[0].iso
        if days:
            return days[0].iso
        return headings[0].iso if headings else None
    if doc_type == "case_study":
        return headings[0].iso if headings else None
    if headings:
        return headings[0].iso
    return days[0].iso if days else None


# --------------------------------------------------------------------------- title


def _is_dateline(block: Block) -> bool:
    return bool(find_dates(block.text)) and len(block.text.split()) <= 6


def continues(first: str, second: Block) -> bool:
    """True when heading ``second`` carries on heading ``first`` (a title broken over two lines)."""
    if second.prose or _is_dateline(second) or len(second.lines) > 1 or _COVER_FIELD.match(second.text):
        return False
    nxt = second.text
    if re.search(r"[,&–-]$|\b(?:and|of|for|the|to|in|on)$", first) or nxt[:1].islower():
        return True
    words = nxt.split()
    if starts_with("SECTION_HEADING", nxt) and len(words) <= 3:
        return False
    return (
        len(words) <= 2
        and nxt[:1].isupper()
        and (nxt.isupper() == first.isupper())
        and not re.search(r"[.:;!?]$", first)
    )


def is_label(text: str) -> bool:
    """A bare section or genre label (``Contents``, ``Case study``), never a paper's title."""
    label = text.strip(" .:").lower()
    return label == "case study" or label in rules().phrases["SECTION_HEADING"]


_PERSON_ROLE = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Miss|Dr|Cllr|Councillor)\.?\s+)?[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2}\s*[–,-]\s*"
    r"(?:[\w&'’-]+\s+){0,6}?(?:Officer|Director|Leader|Executive|Manager|Member|Head|Clerk|Chair(?:man)?)\b",
)


def first_heading(header: list[Block]) -> str | None:
    """The first heading of the paper (not a dateline or a page number), with its continuation line joined."""
    for block in header:
        m = _TITLE_FIELD.match(block.text)
        if m and not block.prose:
            return m.group("t")
    for i, block in enumerate(header):
        if block.prose or _is_dateline(block) or re.fullmatch(r"[\d\s.,:/-]+", block.text):
            continue
        if _COVER_FIELD.match(block.text) or _RUNNING.match(block.text) or is_label(block.text):
            continue
        if _PERSON_ROLE.match(block.text):
            continue  # "Amanda Beer – Chief Executive Officer": a second author under "From:"
        text = block.text
        if i + 1 < len(header) and len(block.lines) == 1 and continues(text, header[i + 1]):
            text = f"{text} {header[i + 1].text}"
        return text
    return None


def _meeting_type(header: list[Block], text: str) -> tuple[str | None, bool]:
    """(kind of meeting as printed, printed right after 'Minutes of the')."""
    pattern = phrase_regexes()["MEETING_TYPE"]
    for block in header:
        m = pattern.search(block.text)
        if m:
            before = block.text[: m.start()]
            return recase(m.group(0)) if m.group(0) != m.group(0).lower() else m.group(0).title(), bool(
                re.search(r"\bminutes\s+of\s+(?:the|an?)\s*$", before, re.I)
            )
    return None, False


_STATUS_MINUTES = re.compile(r"\b(final|draft|approved|confirmed|unconfirmed|signed)\s+minutes\b", re.I)
# the same words opening a line of their own ("Final Minutes." above a minutes table), not in a sentence
# ("the release of Draft Minutes") or an agenda item ("9. Draft Minutes:")
_STATUS_MINUTES_LINE = re.compile(
    r"^[\s|*_>]*(final|draft|approved|confirmed|unconfirmed|signed)\s+minutes\b(?!\s*:)", re.I | re.M
)


def _status_heading(text: str, match: re.Match) -> bool:
    """A paper's printed status, not an agenda item ("9. Draft Minutes:") or a sentence ("the release of
    Draft Minutes")."""
    before = text[max(0, match.start() - 12) : match.start()]
    after = text[match.end() : match.end() + 3]
    return not (after.lstrip().startswith(":") or re.search(r"(?:\d[.)]?|\b[a-z]+)\s*$", before))


def minutes_title(
    header: list[Block], text: str, committee: str | None, printed: bool, councils: list[str], date: str | None
) -> str:
    """``Minutes of the Cabinet meeting, 30 January 2025`` and its variants, following the print."""
    prefix = "Minutes"
    heading = "\n".join(b.text for b in header)
    m = next((x for x in _STATUS_MINUTES.finditer(heading) if _status_heading(heading, x)), None)
    m = m or _STATUS_MINUTES_LINE.search(text[:20000])
    if m:
        prefix = f"{m.group(1).title()} Minutes"
    council = councils[0] if councils else None
    kind, after_minutes_of = _meeting_type(header, text)
    full = committee is None or not printed or committee.lower() in ("council", "full council", "county council")
    if kind and printed and not full:
        core = f"the {kind} of the {committee}"
    elif kind and council:
        core = f"the {kind} of {council}" if after_minutes_of else f"{council} {kind}"
    elif printed and committee:
        core = f"the {committee} meeting"
    elif council:
        core = f"{council} meeting"
    elif committee:
        core = f"the {committee} meeting"
    else:
        core = "the meeting"
    when = title_date(date)
    return f"{prefix} of {core}, {when}" if when else f"{prefix} of {core}"


def find_title(
    header: list[Block],
    text: str,
    doc_type: str,
    committee: str | None,
    printed: bool,
    councils: list[str],
    date: str | None,
    fallback: str | None,
) -> str | None:
    """The paper's title as a reader would name it."""
    if doc_type == "minutes" and header and starts_with("EXTRACT", header[0].text):
        for block in header[1:]:
            line = block.lines[0]
            m = re.match(r"^\d+[.)]?\s+(?P<t>.+)$", line)
            if m and not block.prose:
                return recase(m.group("t").strip(" .:"))
    if doc_type in ("minutes", "agenda"):
        title = minutes_title(header, text, committee, printed, councils, date)
        return title if doc_type == "minutes" else re.sub(r"^(?:\w+ )?Minutes of", "Agenda for", title, count=1)
    if doc_type == "letter":
        for i, block in enumerate(header):
            if starts_with("SALUTATION", block.text) and i + 1 < len(header) and not header[i + 1].prose:
                return re.sub(r"^(?:re|subject)\s*:\s*", "", header[i + 1].text, flags=re.I)
    heading = first_heading(header)
    if heading is not None:
        return recase(heading.strip(" .:"))
    return fallback


# --------------------------------------------------------------------------- entry point


def infer_meta(document) -> PaperMeta:
    """Councils, committee, doc_type, date and title of ``document``; never raises on odd text."""
    text = document.text or ""
    header = header_blocks(text)
    doc_type = classify(header, text)
    file_meta = getattr(document, "file_meta", None)
    councils = find_councils(header, text, getattr(file_meta, "title", None))
    committee, printed = find_committee(header, doc_type, councils)
    date = find_date(header, doc_type)
    if date is None and doc_type in ("report", "other") and file_meta is not None and file_meta.created:
        date = file_meta.created
    title = find_title(
        header, text, doc_type, committee, printed, councils, date, getattr(file_meta, "title", None) or None
    )
    return PaperMeta(
        councils=tuple(councils),
        committee=committee,
        doc_type=doc_type,
        date=date,
        title=title,
    )
