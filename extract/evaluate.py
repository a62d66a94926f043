"""Score extraction against the hand annotations in tests/gold (see tests/gold/SCHEMA.md, "Scoring").

Run ``python -m extract.evaluate [--gold tests/gold] [--corpus corpus] [--kind K] [--verbose]``.

Matching rules, per kind (texts are compared after stripping markup and folding white space):

- money: equal values and overlapping surface texts (one contains the other). ``savings`` is scored as a
  second F1 over the matched pairs, with ``savings=True`` as the positive class.
- dates: overlapping surface texts; normalisation accuracy is the share of matches with equal start and end.
- recommendations / resolutions: same ``ref`` / ``part`` where gold has one (the trailing part of a printed
  code is accepted: ``2.1`` for ``CS&TSc17/18 2.1``) and token Jaccard >= 0.6 between texts.
- meta: one accuracy per field; councils as a set, committee and title case- and white-space-insensitive.

Matching is one-to-one and order-aware: the largest alignment that keeps both lists in document order
(a longest-common-subsequence over the match relation), so repeated mentions pair up in order; items
left over after that (an annotation slightly out of order) are then paired greedily.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import importlib
import json
import math
import re
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, is_dataclass
from pathlib import Path
from typing import Any

KINDS = ("money", "dates", "recommendations", "resolutions")
META_FIELDS = ("councils", "committee", "doc_type", "date", "title")
JACCARD_MIN = 0.6

# Functions each extractor module must expose; the scorer runs only the kinds whose module provides one.
_FINDERS = {
    "money": ("money", "find_money"),
    "dates": ("dates", "find_dates"),
    "recommendations": ("recommendations", "find_recommendations"),
    "resolutions": ("resolutions", "find_resolutions"),
}

_TAG = re.compile(r"<[^>]+>")
_WS = re.compile(r"\s+")
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-", "\u2018": "'", "\u2019": "'"})
_WORD = re.compile(r"\w+")


# --------------------------------------------------------------------------- text normalisation


def clean_text(text: str | None) -> str:
    """Strip markup (``1<sup>st</sup>`` reads ``1st``), unescape entities and fold white space."""
    if not text:
        return ""
    return _WS.sub(" ", html.unescape(_TAG.sub("", text))).strip()


def squash(text: str | None) -> str:
    """Comparison key for surface texts: clean, case-folded, no white space at all.

    White space is dropped, not folded, because readers print ``3 rd May`` where the source had
    ``3<sup>rd</sup> May`` and PDF layout text may double or drop spaces.
    """
    return _WS.sub("", clean_text(text).translate(_DASHES)).casefold()


def texts_overlap(gold: str | None, pred: str | None) -> bool:
    """True when one surface text contains the other (after :func:`squash`); empty texts never overlap."""
    a, b = squash(gold), squash(pred)
    return bool(a and b) and (a in b or b in a)


def tokens(text: str | None) -> set[str]:
    """Case-folded word tokens of a cleaned text."""
    return set(_WORD.findall(clean_text(text).translate(_DASHES).casefold()))


def jaccard(a: str | None, b: str | None) -> float:
    """Token-set Jaccard overlap of two texts; 0.0 when either has no tokens."""
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / len(ta | tb)


def norm_label(label: Any) -> str:
    """A printed ref or part label as a comparison key: ``(1)`` -> ``1``, ``A)`` -> ``a``, ``2.1.`` -> ``2.1``."""
    text = clean_text(str(label)).translate(_DASHES).casefold()
    text = re.sub(r"\s+", " ", text).strip()
    return text.strip("()[].:;, ").strip()


def ref_matches(gold_ref: Any, pred_ref: Any) -> bool:
    """True when gold has no ref, or the refs agree, or one is the trailing part of the other.

    ``2.1`` matches ``CS&TSc17/18 2.1`` (and the reverse); parts are whole white-space-separated words.
    """
    if gold_ref is None or norm_label(gold_ref) == "":
        return True
    if pred_ref is None:
        return False
    g, p = norm_label(gold_ref), norm_label(pred_ref)
    if not p:
        return False
    if g == p:
        return True
    g_words, p_words = g.split(" "), p.split(" ")
    shorter, longer = (g_words, p_words) if len(g_words) < len(p_words) else (p_words, g_words)
    return [w.strip("()[].:;, ") for w in longer[-len(shorter) :]] == [w.strip("()[].:;, ") for w in shorter]


def values_equal(a: Any, b: Any) -> bool:
    """Money values equal to the penny; non-numbers never match."""
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=0.005)
    except (TypeError, ValueError):
        return False


# --------------------------------------------------------------------------- matching


def align(
    gold: Sequence[dict],
    pred: Sequence[dict],
    matches: Callable[[dict, dict], bool],
    bonus: Callable[[dict, dict], bool] | None = None,
) -> list[tuple[int, int]]:
    """One-to-one, order-aware matching of ``gold`` to ``pred``; returns (gold index, pred index) pairs.

    First the longest alignment keeping both lists in order (ties prefer pairs where ``bonus`` holds,
    so an arbitrary choice between repeated mentions never costs normalisation or flag accuracy);
    then left-over items are paired greedily in gold order.
    """
    n, m = len(gold), len(pred)
    if not n or not m:
        return []
    ok = [[matches(g, p) for p in pred] for g in gold]
    weight = [
        [(2 + (1 if bonus is not None and bonus(g, p) else 0)) if ok[i][j] else 0 for j, p in enumerate(pred)]
        for i, g in enumerate(gold)
    ]
    # score[i][j]: best total weight aligning gold[i:] with pred[j:].
    score = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, below = score[i], score[i + 1]
        wrow = weight[i]
        for j in range(m - 1, -1, -1):
            best = below[j] if below[j] >= row[j + 1] else row[j + 1]
            w = wrow[j]
            if w and below[j + 1] + w > best:
                best = below[j + 1] + w
            row[j] = best
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < n and j < m:
        w = weight[i][j]
        if w and score[i][j] == score[i + 1][j + 1] + w:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif score[i][j] == score[i + 1][j]:
            i += 1
        else:
            j += 1
    used_g = {a for a, _ in pairs}
    used_p = {b for _, b in pairs}
    for gi in range(n):
        if gi in used_g:
            continue
        candidates = [pj for pj in range(m) if pj not in used_p and ok[gi][pj]]
        if bonus is not None:
            candidates.sort(key=lambda pj: not bonus(gold[gi], pred[pj]))
        if candidates:
            pairs.append((gi, candidates[0]))
            used_g.add(gi)
            used_p.add(candidates[0])
    return sorted(pairs)


@dataclass
class Counts:
    """True positives, false positives and false negatives, with the derived ratios."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        """tp / predicted; 1.0 when nothing was predicted and nothing was missed, else 0.0 for no predictions."""
        if self.tp + self.fp:
            return self.tp / (self.tp + self.fp)
        return 1.0 if not self.fn else 0.0

    @property
    def recall(self) -> float:
        """tp / gold; 1.0 when gold is empty and nothing was wrongly predicted."""
        if self.tp + self.fn:
            return self.tp / (self.tp + self.fn)
        return 1.0 if not self.fp else 0.0

    @property
    def f1(self) -> float:
        """2tp / (2tp + fp + fn); 1.0 when both sides are empty."""
        denom = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denom if denom else 1.0

    def as_dict(self) -> dict:
        """Counts and ratios as plain numbers."""
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass
class KindScore:
    """Result of scoring one kind on one paper: counts, extra measures, and what went wrong."""

    counts: Counts = field(default_factory=Counts)
    # money: savings-flag counts over matched pairs; dates: [right, matched] normalisation.
    flag: Counts = field(default_factory=Counts)
    norm_right: int = 0
    norm_total: int = 0
    pairs: list[tuple[dict, dict]] = field(default_factory=list)
    misses: list[dict] = field(default_factory=list)
    false_positives: list[dict] = field(default_factory=list)

    def __add__(self, other: KindScore) -> KindScore:
        return KindScore(
            self.counts + other.counts,
            self.flag + other.flag,
            self.norm_right + other.norm_right,
            self.norm_total + other.norm_total,
        )

    @property
    def norm_accuracy(self) -> float | None:
        """Share of matched pairs normalised right (dates); None when nothing matched."""
        return self.norm_right / self.norm_total if self.norm_total else None


def _as_dicts(items: Iterable[Any]) -> list[dict]:
    """Findings as dicts (dataclasses converted); kept in document order by ``char_start`` where present."""
    out = [asdict(x) if is_dataclass(x) and not isinstance(x, type) else dict(x) for x in items]
    if out and all(isinstance(x.get("char_start"), int) for x in out):
        out.sort(key=lambda x: x["char_start"])
    return out


def _score(gold: Iterable[Any], pred: Iterable[Any], matches, bonus=None) -> KindScore:
    g, p = _as_dicts(gold), _as_dicts(pred)
    pairs = align(g, p, matches, bonus)
    used_g = {a for a, _ in pairs}
    used_p = {b for _, b in pairs}
    return KindScore(
        counts=Counts(tp=len(pairs), fp=len(p) - len(pairs), fn=len(g) - len(pairs)),
        pairs=[(g[a], p[b]) for a, b in pairs],
        misses=[x for i, x in enumerate(g) if i not in used_g],
        false_positives=[x for j, x in enumerate(p) if j not in used_p],
    )


def money_matches(gold: dict, pred: dict) -> bool:
    """Money match: equal values and overlapping surface texts."""
    return values_equal(gold.get("value"), pred.get("value")) and texts_overlap(gold.get("text"), pred.get("text"))


def score_money(gold: Iterable[Any], pred: Iterable[Any]) -> KindScore:
    """Score money mentions; ``flag`` holds the savings-flag counts over matched pairs (True is positive)."""
    result = _score(gold, pred, money_matches, lambda g, p: bool(g.get("savings")) == bool(p.get("savings")))
    for g, p in result.pairs:
        gs, ps = bool(g.get("savings")), bool(p.get("savings"))
        result.flag += Counts(tp=int(gs and ps), fp=int(ps and not gs), fn=int(gs and not ps))
    return result


def dates_match(gold: dict, pred: dict) -> bool:
    """Date detection match: one surface text contains the other."""
    return texts_overlap(gold.get("text"), pred.get("text"))


def date_normalised(gold: dict, pred: dict) -> bool:
    """A matched date is normalised right when start and end are equal."""
    return str(gold.get("start")) == str(pred.get("start")) and str(gold.get("end")) == str(pred.get("end"))


def score_dates(gold: Iterable[Any], pred: Iterable[Any]) -> KindScore:
    """Score date mentions: detection counts plus normalisation accuracy over matches."""
    result = _score(gold, pred, dates_match, date_normalised)
    result.norm_total = len(result.pairs)
    result.norm_right = sum(date_normalised(g, p) for g, p in result.pairs)
    return result


def recommendation_matches(gold: dict, pred: dict) -> bool:
    """Same ref where gold has one (trailing part accepted) and text Jaccard >= 0.6."""
    return ref_matches(gold.get("ref"), pred.get("ref")) and jaccard(gold.get("text"), pred.get("text")) >= JACCARD_MIN


def score_recommendations(gold: Iterable[Any], pred: Iterable[Any]) -> KindScore:
    """Score recommendations."""
    return _score(gold, pred, recommendation_matches)


def resolution_matches(gold: dict, pred: dict) -> bool:
    """Same part where gold has one and text Jaccard >= 0.6 (the minute number is not required)."""
    return (
        ref_matches(gold.get("part"), pred.get("part")) and jaccard(gold.get("text"), pred.get("text")) >= JACCARD_MIN
    )


def score_resolutions(gold: Iterable[Any], pred: Iterable[Any]) -> KindScore:
    """Score resolution parts."""
    return _score(gold, pred, resolution_matches)


SCORERS: dict[str, Callable[[Iterable[Any], Iterable[Any]], KindScore]] = {
    "money": score_money,
    "dates": score_dates,
    "recommendations": score_recommendations,
    "resolutions": score_resolutions,
}


def norm_name(text: Any) -> str:
    """Case-, dash- and white-space-insensitive key for committee names, titles and council names."""
    return clean_text(None if text is None else str(text)).translate(_DASHES).casefold()


def score_meta(gold: dict, pred: dict | Any) -> dict[str, bool]:
    """Per-field correctness of paper meta: councils as a set, committee/title case-insensitive."""
    p = asdict(pred) if is_dataclass(pred) and not isinstance(pred, type) else dict(pred or {})
    out = {}
    out["councils"] = {norm_name(c) for c in gold.get("councils") or ()} == {
        norm_name(c) for c in p.get("councils") or ()
    }
    for key in ("committee", "title"):
        out[key] = norm_name(gold.get(key)) == norm_name(p.get(key))
    for key in ("doc_type", "date"):
        out[key] = (gold.get(key) or None) == (p.get(key) or None)
    return out


# --------------------------------------------------------------------------- running the extractors


def available_kinds() -> dict[str, str | None]:
    """Each kind mapped to None when its extractor imports, else the reason it does not."""
    out: dict[str, str | None] = {}
    for kind, (module, func) in _FINDERS.items():
        try:
            mod = importlib.import_module(f"extract.{module}")
            getattr(mod, func)
            out[kind] = None
        except Exception as exc:  # any failure means "not available"
            out[kind] = f"{type(exc).__name__}: {exc}"
    return out


def run_extraction(document, kinds: dict[str, str | None]) -> tuple[dict, dict, dict[str, str]]:
    """Run the extractors on ``document``: (meta dict, {kind: [dict]}, {kind: error}).

    Uses ``extract.extract`` when every extractor imports; otherwise runs the available ones one by one,
    so the scorer works while modules are still being written.
    """
    errors: dict[str, str] = {}
    if all(v is None for v in kinds.values()):
        try:
            from extract import extract

            findings = extract(document).to_dict()
            return findings["meta"], {k: findings[k] for k in KINDS}, errors
        except Exception as exc:  # fall back to per-kind runs to localise the failure
            errors["extract"] = f"{type(exc).__name__}: {exc}"
    meta: dict = {}
    paper = None
    try:
        from extract import meta as meta_mod

        paper = meta_mod.infer_meta(document)
        meta = asdict(paper)
    except Exception as exc:
        errors["meta"] = f"{type(exc).__name__}: {exc}"
        from extract.findings import PaperMeta

        paper = PaperMeta()
    preds: dict[str, list] = {k: [] for k in KINDS}
    doc = None
    for kind, (module, func) in _FINDERS.items():
        if kinds.get(kind) is not None:
            continue
        try:
            fn = getattr(importlib.import_module(f"extract.{module}"), func)
            if kind in ("money", "dates"):
                if doc is None:
                    from extract.nlp import get_nlp

                    doc = get_nlp()(document.text)
                found = fn(doc, document, paper)
            else:
                found = fn(document, paper)
            preds[kind] = [asdict(x) for x in found]
        except Exception as exc:
            errors[kind] = f"{type(exc).__name__}: {exc}"
    return meta, preds, errors


def _warm_up() -> None:
    """Build the spaCy pipelines before timing, so the speed line measures extraction, not loading."""
    for module, func in (("extract.nlp", "get_nlp"), ("extract.meta", "get_meta_nlp")):
        # A module that does not load is reported when it is used, not here.
        with contextlib.suppress(Exception):
            getattr(importlib.import_module(module), func)()


def find_paper(name: str, corpus_dir: Path) -> Path | None:
    """The file called ``name`` anywhere under ``corpus_dir`` (first in sorted order), or None."""
    hits = sorted(p for p in corpus_dir.rglob(name) if p.is_file())
    return hits[0] if hits else None


# --------------------------------------------------------------------------- evaluation


def evaluate(gold_dir: str | Path = "tests/gold", corpus_dir: str | Path = "corpus") -> dict:
    """Score every gold file; returns plain numbers (micro-averaged) plus per-file details.

    Keys: ``kinds`` ({kind: {tp, fp, fn, precision, recall, f1, available, ...}} with ``savings_f1`` for
    money and ``normalisation_accuracy`` for dates), ``meta`` ({field: accuracy}), ``files`` (per paper),
    ``errors``, ``words`` and ``seconds``.
    """
    gold_dir, corpus_dir = Path(gold_dir), Path(corpus_dir)
    from ingest import IngestError, read_document

    kinds = available_kinds()
    _warm_up()
    totals = {k: KindScore() for k in KINDS}
    meta_right = dict.fromkeys(META_FIELDS, 0)
    files: list[dict] = []
    errors: list[str] = []
    words = 0
    seconds = 0.0
    gold_files = sorted(gold_dir.glob("*.json"))
    for path in gold_files:
        gold = json.loads(path.read_text(encoding="utf-8"))
        entry: dict[str, Any] = {"gold": path.name, "document": gold.get("document"), "kinds": {}, "errors": {}}
        paper_path = find_paper(gold.get("document", ""), corpus_dir)
        meta: dict = {}
        preds: dict[str, list] = {k: [] for k in KINDS}
        if paper_path is None:
            entry["errors"]["document"] = f"not found under {corpus_dir}"
        else:
            try:
                document = read_document(paper_path)
                words += document.word_count
                t0 = time.perf_counter()
                meta, preds, run_errors = run_extraction(document, kinds)
                seconds += time.perf_counter() - t0
                entry["errors"].update(run_errors)
            except IngestError as exc:
                entry["errors"]["document"] = exc.reason
        for where, message in entry["errors"].items():
            errors.append(f"{path.name}: {where}: {message}")
        for kind in KINDS:
            result = SCORERS[kind](gold.get(kind) or [], preds.get(kind) or [])
            entry["kinds"][kind] = result
            totals[kind] = totals[kind] + result
        entry["meta"] = score_meta(gold.get("meta") or {}, meta)
        entry["meta_gold"] = gold.get("meta") or {}
        entry["meta_pred"] = meta
        for key, right in entry["meta"].items():
            meta_right[key] += right
        files.append(entry)

    out_kinds: dict[str, dict] = {}
    for kind in KINDS:
        total = totals[kind]
        row = total.counts.as_dict()
        row["available"] = kinds[kind] is None
        row["unavailable_reason"] = kinds[kind]
        if kind == "money":
            row["savings_f1"] = total.flag.f1
            row["savings"] = total.flag.as_dict()
        if kind == "dates":
            row["normalisation_accuracy"] = total.norm_accuracy
        out_kinds[kind] = row
    n = len(gold_files) or 1
    return {
        "kinds": out_kinds,
        "meta": {key: meta_right[key] / n for key in META_FIELDS},
        "files": files,
        "errors": errors,
        "words": words,
        "seconds": seconds,
    }


# --------------------------------------------------------------------------- printing


def _fmt(x: float | None) -> str:
    return "    -" if x is None else f"{x:5.3f}"


def _extra(kind: str, score: KindScore) -> str:
    if kind == "money":
        return f"savings F1 {_fmt(score.flag.f1)}"
    if kind == "dates":
        return f"norm acc {_fmt(score.norm_accuracy)} ({score.norm_right}/{score.norm_total})"
    return ""


def _describe(kind: str, item: dict) -> str:
    text = clean_text(item.get("text"))
    if len(text) > 90:
        text = text[:87] + "..."
    if kind == "money":
        extra = f"value={item.get('value')} savings={item.get('savings')}"
    elif kind == "dates":
        extra = f"{item.get('start')}..{item.get('end')}"
    elif kind == "recommendations":
        extra = f"ref={item.get('ref')!r}"
    else:
        extra = f"minute={item.get('minute')!r} part={item.get('part')!r}"
    where = f" @{item['char_start']}" if isinstance(item.get("char_start"), int) else ""
    return f"{text!r} [{extra}]{where}"


def print_report(result: dict, kinds: Sequence[str], verbose: bool, out=None) -> None:
    """Print the micro-averaged table, then per-file rows and misses when ``verbose``."""
    w = (out or sys.stdout).write
    w(f"Gold files: {len(result['files'])}\n\n")
    w(f"{'kind':<16}{'gold':>6}{'pred':>6}{'tp':>6}{'P':>7}{'R':>7}{'F1':>7}  extra\n")
    for kind in KINDS:
        if kind not in kinds:
            continue
        row = result["kinds"][kind]
        if not row["available"]:
            w(f"{kind:<16}  not available ({row['unavailable_reason']})\n")
            continue
        gold_n, pred_n = row["tp"] + row["fn"], row["tp"] + row["fp"]
        extra = ""
        if kind == "money":
            extra = f"savings F1 {_fmt(row['savings_f1'])}"
        elif kind == "dates":
            extra = f"normalisation acc {_fmt(row['normalisation_accuracy'])}"
        w(
            f"{kind:<16}{gold_n:>6}{pred_n:>6}{row['tp']:>6}"
            f"{row['precision']:>7.3f}{row['recall']:>7.3f}{row['f1']:>7.3f}  {extra}\n"
        )
    if "meta" in kinds:
        w("\nmeta accuracy:  " + "  ".join(f"{k} {v:.2f}" for k, v in result["meta"].items()) + "\n")
    if result["seconds"]:
        w(
            f"\nspeed: {result['words']:,} words in {result['seconds']:.2f}s = {result['words'] / result['seconds']:,.0f} words/s\n"
        )
    if result["errors"]:
        w("\nerrors:\n" + "".join(f"  {e}\n" for e in result["errors"]))
    if not verbose:
        return
    w("\nper file:\n")
    for entry in result["files"]:
        cells = []
        for kind in KINDS:
            if kind in kinds and result["kinds"][kind]["available"]:
                s: KindScore = entry["kinds"][kind]
                cells.append(
                    f"{kind[:5]} {s.counts.tp}/{s.counts.tp + s.counts.fn}g/{s.counts.tp + s.counts.fp}p F1 {s.counts.f1:.2f}"
                )
        if "meta" in kinds:
            bad = [k for k, ok in entry["meta"].items() if not ok]
            cells.append("meta ok" if not bad else "meta wrong: " + ",".join(bad))
        w(f"  {entry['document']}\n      " + " | ".join(cells) + "\n")
    if len(kinds) != 1:
        return
    (kind,) = kinds
    w(f"\n{kind} details:\n")
    for entry in result["files"]:
        if kind == "meta":
            bad = [k for k, ok in entry["meta"].items() if not ok]
            if bad:
                w(f"== {entry['document']}\n")
                for k in bad:
                    w(f"  {k}: gold {entry['meta_gold'].get(k)!r}  pred {entry['meta_pred'].get(k)!r}\n")
            continue
        s = entry["kinds"][kind]
        wrong = []
        if kind == "dates":
            wrong = [(g, p) for g, p in s.pairs if not date_normalised(g, p)]
        elif kind == "money":
            wrong = [(g, p) for g, p in s.pairs if bool(g.get("savings")) != bool(p.get("savings"))]
        if not (s.misses or s.false_positives or wrong):
            continue
        extra = _extra(kind, s)
        w(f"== {entry['document']}" + (f"  ({extra})" if extra else "") + "\n")
        for g in s.misses:
            w(f"  MISS {_describe(kind, g)}\n")
        for p in s.false_positives:
            w(f"  FP   {_describe(kind, p)}\n")
        for g, p in wrong:
            w(f"  DIFF gold {_describe(kind, g)}\n       pred {_describe(kind, p)}\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: score tests/gold against corpus/ and print the table."""
    parser = argparse.ArgumentParser(prog="python -m extract.evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default="tests/gold", help="folder of gold *.json files")
    parser.add_argument("--corpus", default="corpus", help="folder searched (recursively) for the papers")
    parser.add_argument("--kind", choices=(*KINDS, "meta"), help="score and show only this kind")
    parser.add_argument("--verbose", "-v", action="store_true", help="per-file rows; with --kind, misses and FPs")
    parser.add_argument("--json", action="store_true", help="print the micro-averaged numbers as JSON")
    args = parser.parse_args(argv)
    result = evaluate(args.gold, args.corpus)
    kinds = (args.kind,) if args.kind else (*KINDS, "meta")
    if args.json:
        print(json.dumps({k: result[k] for k in ("kinds", "meta", "errors", "words", "seconds")}, indent=2))
    else:
        print_report(result, kinds, args.verbose)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
