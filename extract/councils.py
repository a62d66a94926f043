"""Which councils a paper is about: typed council names, gazetteer places and abbreviations.

Council names are found with a spaCy Matcher and the gazetteer of principal councils
(``patterns/councils.jsonl``) with a PhraseMatcher, both in one component over a cached
``spacy.blank("en")``. The heading decides first; the body's most named councils, counting
abbreviations built from their initials (``BDC``, ``KCC``) and ``.gov.uk`` addresses, only when the
heading names none.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from extract.heading import Block, clean_line, recase
from extract.lexicon import PATTERNS_DIR, rules

# Folds white space in displayed names as the heading helpers do; a private copy, not an import of theirs.
_WS = re.compile(r"\s+")

GAZETTEER_FILE = PATTERNS_DIR / "councils.jsonl"


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


def initials(name: str) -> str:
    """Initials of a council's name without connectors: North East Derbyshire District Council -> NEDDC."""
    connectors = rules().words["NAME_CONNECTOR"]
    words = re.findall(r"[A-Za-z][\w'’]*", name)
    return "".join(w[0].upper() for w in words if w.lower() not in connectors)


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
