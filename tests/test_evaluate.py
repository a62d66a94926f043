"""The gold scorer on hand-made predictions: matching rules, one-to-one order-aware alignment, the report."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract import evaluate as ev
from extract.findings import DateMention, Money, PaperMeta


def money(text, value, savings=False, **kw):
    return {"text": text, "value": value, "savings": savings, **kw}


def date(text, start, end=None, **kw):
    return {"text": text, "start": start, "end": end or start, **kw}


def rec(ref, text):
    return {"ref": ref, "text": text}


def res(part, text, minute="1"):
    return {"minute": minute, "part": part, "text": text}


# --------------------------------------------------------------------------- text helpers


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        pytest.param("1<sup>st</sup> March", "1st March", id="sup-markup"),
        pytest.param("  a \n\t b  ", "a b", id="white-space"),
        pytest.param("&pound;5 &amp; more", "£5 & more", id="entities"),
        pytest.param(None, "", id="none"),
    ],
)
def test_clean_text(raw, clean):
    assert ev.clean_text(raw) == clean


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        pytest.param("£1.5m", "£1.5m", True, id="equal"),
        pytest.param("£1.5m", "1.5m", True, id="pred-inside-gold"),
        pytest.param("11 th December", "11th December 2017", True, id="space-in-ordinal"),
        pytest.param("3<sup>rd</sup> May 2013", "3 rd May 2013", True, id="markup-vs-reader-space"),
        pytest.param("5 to 9 September 2024", "9 September 2024", True, id="part-of-range"),
        pytest.param("March 2018", "May 2018", False, id="different"),
        pytest.param("", "May", False, id="empty-gold"),
        pytest.param("May", None, False, id="none-pred"),
    ],
)
def test_texts_overlap(gold, pred, expected):
    assert ev.texts_overlap(gold, pred) is expected


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        pytest.param(None, None, True, id="gold-none-accepts-anything"),
        pytest.param(None, "7", True, id="gold-none-pred-ref"),
        pytest.param("2.1", "2.1", True, id="equal"),
        pytest.param("CS&TSc17/18 2.1", "2.1", True, id="trailing-part-of-code"),
        pytest.param("2.1", "CS&TSc17/18 2.1", True, id="pred-has-full-code"),
        pytest.param("CS&TSc17/18 2.1", "2.2", False, id="other-trailing-part"),
        pytest.param("CS&TSc17/18 2.1", "17/18", False, id="middle-part"),
        pytest.param("12", "2", False, id="not-a-word-suffix"),
        pytest.param("(1)", "1", True, id="brackets"),
        pytest.param("A", "a)", True, id="case-and-bracket"),
        pytest.param("3", None, False, id="pred-missing"),
    ],
)
def test_ref_matches(gold, pred, expected):
    assert ev.ref_matches(gold, pred) is expected


def test_jaccard():
    assert ev.jaccard("the cat sat", "The cat  sat.") == 1.0
    assert ev.jaccard("a b c d", "a b") == 0.5
    assert ev.jaccard("", "a") == 0.0


# --------------------------------------------------------------------------- money


def test_money_exact_matches():
    gold = [money("£1.5m", 1_500_000, True), money("£200", 200)]
    s = ev.score_money(gold, gold)
    assert (s.counts.tp, s.counts.fp, s.counts.fn) == (2, 0, 0)
    assert s.counts.f1 == 1.0
    assert s.flag.f1 == 1.0


def test_money_needs_equal_value_and_overlapping_text():
    gold = [money("£1.5m", 1_500_000)]
    assert ev.score_money(gold, [money("1.5m", 1_500_000)]).counts.tp == 1
    assert ev.score_money(gold, [money("£1.5m", 1_500)]).counts.tp == 0
    assert ev.score_money(gold, [money("£2m", 1_500_000)]).counts.tp == 0


def test_money_one_to_one():
    gold = [money("£5", 5), money("£5", 5)]
    s = ev.score_money(gold, [money("£5", 5)])
    assert (s.counts.tp, s.counts.fp, s.counts.fn) == (1, 0, 1)
    s = ev.score_money([money("£5", 5)], [money("£5", 5)] * 3)
    assert (s.counts.tp, s.counts.fp, s.counts.fn) == (1, 2, 0)
    assert s.counts.precision == pytest.approx(1 / 3)


def test_money_order_aware_pairs_repeats_in_order():
    # The second gold "£5" is a saving; the scorer must pair it with the second predicted "£5",
    # not let the first prediction steal it, so the savings flag is judged on the right pair.
    gold = [money("£5", 5, False), money("£7", 7), money("£5", 5, True)]
    pred = [money("£5", 5, False, char_start=0), money("£7", 7, char_start=10), money("£5", 5, True, char_start=20)]
    s = ev.score_money(gold, pred)
    assert s.counts.tp == 3
    assert (s.flag.tp, s.flag.fp, s.flag.fn) == (1, 0, 0)


def test_money_predictions_sorted_by_offset():
    gold = [money("£1", 1), money("£2", 2)]
    pred = [money("£2", 2, char_start=50), money("£1", 1, char_start=3)]
    assert ev.score_money(gold, pred).counts.tp == 2


def test_money_savings_flag_f1():
    gold = [money("£1", 1, True), money("£2", 2, True), money("£3", 3, False), money("£4", 4, False)]
    pred = [money("£1", 1, True), money("£2", 2, False), money("£3", 3, True), money("£9", 9, True)]
    s = ev.score_money(gold, pred)
    assert s.counts.tp == 3
    # Over matched pairs only: £1 TP, £2 FN, £3 FP; the unmatched £9 does not count.
    assert (s.flag.tp, s.flag.fp, s.flag.fn) == (1, 1, 1)
    assert s.flag.f1 == pytest.approx(0.5)


def test_accepts_dataclasses():
    pred = [Money(text="£1.5m", value=1_500_000.0, savings=True, char_start=4, char_end=9)]
    s = ev.score_money([money("£1.5m", 1_500_000, True)], pred)
    assert s.counts.tp == 1


# --------------------------------------------------------------------------- dates


def test_dates_detection_and_normalisation():
    gold = [date("March 2018", "2018-03-01", "2018-03-31"), date("2017/18", "2017-04-01", "2018-03-31")]
    pred = [
        DateMention("March 2018", "2018-03-01", "2018-03-31", 0, 10),
        DateMention("2017/18", "2017-01-01", "2018-12-31", 20, 27),
        DateMention("Tuesday", "2018-03-06", "2018-03-06", 30, 37),
    ]
    s = ev.score_dates(gold, pred)
    assert (s.counts.tp, s.counts.fp, s.counts.fn) == (2, 1, 0)
    assert s.norm_accuracy == pytest.approx(0.5)


def test_dates_partial_overlap_counts_as_match():
    gold = [date("Thursday, 30 January 2025", "2025-01-30")]
    s = ev.score_dates(gold, [date("30 January 2025", "2025-01-30")])
    assert s.counts.tp == 1
    assert s.norm_accuracy == 1.0


def test_dates_tie_prefers_right_normalisation():
    # "May" appears twice; the scorer should pair each gold with the prediction that normalises like it.
    gold = [date("May", "2019-05-01", "2019-05-31")]
    pred = [date("May", "2018-05-01", "2018-05-31"), date("May", "2019-05-01", "2019-05-31")]
    s = ev.score_dates(gold, pred)
    assert s.counts.tp == 1
    assert s.norm_accuracy == 1.0


def test_out_of_order_leftover_still_matches():
    gold = [date("2011", "2011-01-01", "2011-12-31"), date("June 2018", "2018-06-01", "2018-06-30")]
    pred = [
        date("June 2018", "2018-06-01", "2018-06-30", char_start=1),
        date("2011", "2011-01-01", "2011-12-31", char_start=9),
    ]
    assert ev.score_dates(gold, pred).counts.tp == 2


# --------------------------------------------------------------------------- recommendations and resolutions


def test_recommendations_trailing_ref_and_jaccard():
    text = "That the committee consider the following areas of the Strategic Alliance for review"
    gold = [rec("CS&TSc17/18 2.1", text)]
    assert ev.score_recommendations(gold, [rec("2.1", text)]).counts.tp == 1
    assert ev.score_recommendations(gold, [rec("2.2", text)]).counts.tp == 0
    # Too little text in common (Jaccard < 0.6).
    assert ev.score_recommendations(gold, [rec("2.1", "That the committee consider")]).counts.tp == 0


def test_recommendations_gold_without_ref_accepts_any_ref():
    gold = [rec(None, "A proposal to widen the lane rental scheme to cover more areas")]
    pred = [rec("4", "A proposal to widen the lane rental scheme to cover more areas based on need")]
    assert ev.score_recommendations(gold, pred).counts.tp == 1


def test_resolutions_part_labels():
    gold = [res("A", "Note the forecast revenue overspend of £23.3m."), res("b", "Note the capital underspend.")]
    pred = [res("a", "Note the forecast revenue overspend of £23.3m"), res("c", "Note the capital underspend.")]
    s = ev.score_resolutions(gold, pred)
    assert (s.counts.tp, s.counts.fp, s.counts.fn) == (1, 1, 1)
    assert s.misses[0]["part"] == "b"


def test_resolutions_one_to_one_with_identical_texts():
    gold = [res(None, "the minutes be agreed", "1"), res(None, "the minutes be agreed", "2")]
    s = ev.score_resolutions(gold, [res(None, "the minutes be agreed", "1")])
    assert (s.counts.tp, s.counts.fn) == (1, 1)


# --------------------------------------------------------------------------- empty lists and counts


@pytest.mark.parametrize(
    ("gold_n", "pred_n", "p", "r", "f1"),
    [
        pytest.param(0, 0, 1.0, 1.0, 1.0, id="both-empty"),
        pytest.param(2, 0, 0.0, 0.0, 0.0, id="nothing-predicted"),
        pytest.param(0, 2, 0.0, 0.0, 0.0, id="nothing-in-gold"),
    ],
)
def test_empty_lists(gold_n, pred_n, p, r, f1):
    s = ev.score_money([money("£1", 1)] * gold_n, [money("£1", 1)] * pred_n)
    assert (s.counts.precision, s.counts.recall, s.counts.f1) == (p, r, f1)


items = st.lists(
    st.tuples(st.sampled_from(["£1", "£2", "£1m", "£5"]), st.sampled_from([1, 2, 5])).map(lambda t: money(*t)),
    max_size=12,
)


@given(items, items)
def test_matching_is_one_to_one(gold, pred):
    s = ev.score_money(gold, pred)
    assert s.counts.tp <= min(len(gold), len(pred))
    assert s.counts.tp + s.counts.fn == len(gold)
    assert s.counts.tp + s.counts.fp == len(pred)
    assert 0.0 <= s.counts.f1 <= 1.0


@given(items)
def test_gold_scores_perfectly_against_itself(gold):
    assert ev.score_money(gold, gold).counts.f1 == 1.0


# --------------------------------------------------------------------------- meta


def test_score_meta_fields():
    gold = {
        "councils": ["Kent County Council"],
        "committee": "Cabinet",
        "doc_type": "minutes",
        "date": "2025-01-30",
        "title": "Minutes of the Cabinet meeting, 30 January 2025",
    }
    pred = PaperMeta(
        councils=("kent county council",),
        committee="CABINET",
        doc_type="minutes",
        date="2025-01-31",
        title="Minutes  of the cabinet meeting, 30 January 2025",
    )
    assert ev.score_meta(gold, pred) == {
        "councils": True,
        "committee": True,
        "doc_type": True,
        "date": False,
        "title": True,
    }
    assert ev.score_meta({"councils": [], "committee": None}, {})["committee"] is True
    assert ev.score_meta({"councils": ["A Council", "B Council"]}, {"councils": ["A Council"]})["councils"] is False


# --------------------------------------------------------------------------- the whole run


@pytest.fixture
def tiny_gold(tmp_path):
    corpus = tmp_path / "corpus" / "seed"
    corpus.mkdir(parents=True)
    (corpus / "paper.txt").write_text("Minutes of the Council on 1 March 2011. Savings of £1.5m a year.\n")
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    gold = {
        "document": "paper.txt",
        "meta": {"councils": ["X Council"], "committee": "Council", "doc_type": "minutes", "date": "2011-03-01"},
        "money": [money("£1.5m", 1_500_000, True)],
        "dates": [date("1 March 2011", "2011-03-01")],
        "recommendations": [],
        "resolutions": [],
    }
    (gold_dir / "paper.json").write_text(json.dumps(gold))
    return gold_dir, tmp_path / "corpus", gold


def test_evaluate_with_perfect_predictions(tiny_gold, monkeypatch):
    gold_dir, corpus, gold = tiny_gold
    monkeypatch.setattr(ev, "available_kinds", lambda: dict.fromkeys(ev.KINDS))
    monkeypatch.setattr(
        ev, "run_extraction", lambda document, kinds: (gold["meta"], {k: gold[k] for k in ev.KINDS}, {})
    )
    result = ev.evaluate(gold_dir, corpus)
    assert result["errors"] == []
    assert {k: v["f1"] for k, v in result["kinds"].items()} == dict.fromkeys(ev.KINDS, 1.0)
    assert result["kinds"]["money"]["savings_f1"] == 1.0
    assert result["kinds"]["dates"]["normalisation_accuracy"] == 1.0
    assert set(result["meta"].values()) == {1.0}


def test_evaluate_flags_missing_paper(tiny_gold, tmp_path):
    gold_dir, _, _ = tiny_gold
    empty = tmp_path / "empty"
    empty.mkdir()
    result = ev.evaluate(gold_dir, empty)
    assert any("not found" in e for e in result["errors"])
    assert result["kinds"]["money"]["recall"] == 0.0


def test_main_prints_table(tiny_gold, monkeypatch, capsys):
    gold_dir, corpus, gold = tiny_gold
    monkeypatch.setattr(ev, "available_kinds", lambda: dict.fromkeys(ev.KINDS))
    wrong = dict(gold, money=[money("£9", 9)])
    monkeypatch.setattr(
        ev, "run_extraction", lambda document, kinds: (wrong["meta"], {k: wrong[k] for k in ev.KINDS}, {})
    )
    assert ev.main(["--gold", str(gold_dir), "--corpus", str(corpus), "--kind", "money", "--verbose"]) == 0
    out = capsys.readouterr().out
    assert "money" in out
    assert "MISS '£1.5m'" in out
    assert "FP   '£9'" in out


# --------------------------------------------------------------------------- the quality bar on the dev gold

QUALITY_BAR = {
    ("money", "f1"): 0.95,
    ("money", "savings_f1"): 0.90,
    ("dates", "f1"): 0.90,
    ("dates", "normalisation_accuracy"): 0.90,
    ("recommendations", "f1"): 0.90,
    ("resolutions", "f1"): 0.95,
}


@pytest.fixture(scope="module")
def dev_scores():
    root = ev.Path(__file__).resolve().parents[1]
    return ev.evaluate(root / "tests" / "gold", root / "corpus")


@pytest.mark.parametrize(("kind", "measure"), [pytest.param(*key, id=f"{key[0]}-{key[1]}") for key in QUALITY_BAR])
def test_quality_bar(dev_scores, kind, measure):
    row = dev_scores["kinds"][kind]
    if not row["available"]:
        pytest.skip(f"{kind} extractor not available: {row['unavailable_reason']}")
    assert not [e for e in dev_scores["errors"] if f": {kind}:" in e or ": extract:" in e]
    assert row[measure] >= QUALITY_BAR[(kind, measure)]


def test_meta_is_right_on_every_dev_paper(dev_scores):
    assert dev_scores["meta"] == dict.fromkeys(ev.META_FIELDS, 1.0)
