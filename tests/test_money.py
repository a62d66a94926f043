"""Money: the pure parser, the extractor on small texts and on the real papers with gold annotations."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.findings import PaperMeta
from extract.money import find_money, fiscal_year_of, parse_amount, single_fy
from extract.nlp import get_nlp
from ingest import read_document
from ingest.document import Document, Page

ROOT = Path(__file__).resolve().parent.parent
GOLD = sorted((ROOT / "tests" / "gold").glob("*.json"))


def make_doc(text: str, fmt: str = "text") -> Document:
    return Document(id="t", path="t.txt", format=fmt, pages=(Page(1, text),))


def money_in(text: str, date: str | None = "2024-06-12", fmt: str = "text"):
    document = make_doc(text, fmt)
    return find_money(get_nlp()(document.text), document, PaperMeta(date=date))


@pytest.mark.parametrize(
    ("text", "scale", "expected"),
    [
        pytest.param("£1.5m", 1, 1_500_000, id="m-suffix"),
        pytest.param("£3,677,444", 1, 3_677_444, id="thousands-commas"),
        pytest.param("£60+ million", 1, 60_000_000, id="plus-million"),
        pytest.param("10p", 1, 0.10, id="pence"),
        pytest.param("5 pence", 1, 0.05, id="pence-word"),
        pytest.param("£0.00", 1, 0, id="zero"),
        pytest.param("£1250 plus VAT", 1, 1250, id="plus-vat-ignored"),
        pytest.param("£23.3m", 1, 23_300_000, id="decimal-m"),
        pytest.param("£2bn", 1, 2_000_000_000, id="bn"),
        pytest.param("£40million", 1, 40_000_000, id="glued-million"),
        pytest.param("£500k", 1, 500_000, id="k"),
        pytest.param("(£3.5m)", 1, 3_500_000, id="brackets-not-negative"),
        pytest.param("-£1,820", 1, 1820, id="sign-not-negative"),
        pytest.param("134,680", 1, 134_680, id="bare-table-figure"),
        pytest.param("1,384.1", 1_000_000, 1_384_100_000, id="table-unit-m"),
        pytest.param("836.6", 1000, 836_600, id="table-unit-000"),
        pytest.param("GBP 1,200", 1, 1200, id="gbp-code"),
    ],
)
def test_parse_amount(text, scale, expected):
    assert parse_amount(text, scale) == pytest.approx(expected)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("$5,000", id="dollars"),
        pytest.param("€100", id="euros"),
        pytest.param("US$239,503", id="us-dollars"),
        pytest.param("no number here", id="no-number"),
        pytest.param("", id="empty"),
    ],
)
def test_parse_amount_rejects(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Budget 2024-25 monitoring", "2024-25", id="dash"),
        pytest.param("for 2018/19 and 2019/20", "2018/19", id="first-of-two"),
        pytest.param("Plan 2015-19", None, id="calendar-run-is-not-a-fy"),
        pytest.param("in 2025-2026", "2025-2026", id="four-digit-end"),
    ],
)
def test_single_fy(text, expected):
    assert single_fy(text) == expected


@pytest.mark.parametrize(
    ("iso", "shift", "expected"),
    [
        pytest.param("2025-03-13", 0, "2024-25", id="march-is-previous-fy"),
        pytest.param("2025-04-01", 0, "2025-26", id="april-starts-fy"),
        pytest.param("2025-01-30", 1, "2025-26", id="next-fy"),
        pytest.param(None, 0, None, id="no-date"),
    ],
)
def test_fiscal_year_of(iso, shift, expected):
    assert fiscal_year_of(iso, shift) == expected


def test_find_money_flags_savings_period_and_year():
    text = (
        "The formation of the Alliance would generate savings; the shared savings could amount to "
        "£1.5m per year. The Budget for 2024/25 was £12,345. A fee of £288 plus VAT per annum was agreed.\n\n"
        "Mr Watkins said £40 million in savings was on track. A savings of £25 million was still required "
        "amongst an additional £10 million in demand. The focus was on the £25 million shortfall."
    )
    got = {(m.text, m.char_start): m for m in money_in(text)}
    by_text = [(m.text, m.savings, m.period, m.fiscal_year) for m in got.values()]
    assert ("£1.5m", True, "year", None) in by_text
    assert ("£12,345", False, None, "2024/25") in by_text
    assert ("£288", False, "year", None) in by_text
    assert ("£10 million", False, None, None) in by_text
    assert [s for t, s, _, _ in by_text if t == "£25 million"] == [True, True]
    for m in got.values():
        assert text[m.char_start : m.char_end].replace("\n", " ").startswith(m.text.split()[0])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Clerk's salary £118.44 K & M Lighting Services x2", [("£118.44", 118.44)], id="k-starts-payee"),
        pytest.param("Cheque to M Peake £337.13 M Peake (hall hire)", [("£337.13", 337.13)], id="m-initial-of-name"),
        pytest.param("A grant of £5 m for the new school.", [("£5 m", 5_000_000)], id="spaced-m-lower-case-next"),
        pytest.param("Total spend was £5 M.", [("£5 M", 5_000_000)], id="spaced-m-before-full-stop"),
        pytest.param("a cost of £200+vat per hour", [("£200", 200)], id="plus-vat-glued"),
        pytest.param("a cost of £450+ vat plus disbursements", [("£450", 450)], id="plus-space-vat"),
    ],
)
def test_amount_boundaries(text, expected):
    assert [(m.text, m.value) for m in money_in(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Net Savings/Income (note 2)                  -£23.0m          -£22.2m          -£0.8m\n"
            "Net growth in service budgets                 £55.1m           £54.4m           £0.8m\n",
            [True, True, True, False, False, False],
            id="row-label-covers-the-row",
        ),
        pytest.param(
            "The proposals of £96.1m of additional savings are partly offset by £34.6m removal of one-offs.",
            [True, False],
            id="removal-beside-amount",
        ),
        pytest.param(
            "More than offset by £4.0m for rephasing of unachieved savings in previous years.",
            [False],
            id="unachieved-savings-are-a-cost",
        ),
        pytest.param(
            "Growth in spending (less savings and income) on social care is £77.3m compared to last year.",
            [False],
            id="net-of-savings",
        ),
        pytest.param(
            "The consultation asked where savings should be made, by asking residents how comfortable they were "
            "with spending reductions across the different service areas, and which of these service areas "
            "they would prioritise if there was only £1 of investment left to make.",
            [False],
            id="cue-far-from-lone-amount",
        ),
    ],
)
def test_saving_flag_needs_a_cue_that_applies(text, expected):
    assert [m.savings for m in money_in(text)] == expected


def test_find_money_ignores_other_currencies_and_headers():
    assert money_in("The SSA received $239,503 out of $242,994 and €100; see the £000 column.") == []


def test_unit_in_caption_scales_bare_table_figures():
    text = "Table 3: Savings (£000)\nService\t2023/24\t2024/25\nAdults\t1,200\t1,500\nChildren\t300\t450\n"
    got = [(m.text, m.value, m.savings, m.fiscal_year) for m in money_in(text)]
    assert got == [
        ("1,200", 1_200_000, True, "2023/24"),
        ("1,500", 1_500_000, True, "2024/25"),
        ("300", 300_000, True, "2023/24"),
        ("450", 450_000, True, "2024/25"),
    ]


def test_unit_in_caption_of_layout_table():
    text = (
        "Table 2: Revenue budget 2024-25 (£m)\n"
        "                         Budget     Forecast    Variance\n"
        "Adults                    620.3        645.1        24.8\n"
        "Children                  430.0        428.2        -1.8\n"
        "The  council  agreed  that  25  homes  would  be  built  in  the  area  this  year  and  more.\n"
    )
    got = [(m.text, m.value, m.fiscal_year) for m in money_in(text)]
    assert got[:3] == [
        ("620.3", 620_300_000, "2024-25"),
        ("645.1", 645_100_000, "2024-25"),
        ("24.8", 24_800_000, "2024-25"),
    ]
    assert ("1.8", 1_800_000, "2024-25") in got and len(got) == 6  # "25 homes" in the prose is not money


def test_payment_block_without_pound_sign():
    text = (
        "Payments for Approval\n\nPayment for Net VAT Total Clerks Wages 344.65 1.47 346.12 HMRC PAYE 81.00 0.00 81.00\n\n"
        "Total 425.65 1.47 427.12\n\nThe meeting started at 19.30 and closed at 21.15."
    )
    got = [m.value for m in money_in(text)]
    assert got == [344.65, 1.47, 346.12, 81.0, 0.0, 81.0, 425.65, 1.47, 427.12]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60))
def test_parse_amount_never_raises_and_is_never_negative(text):
    value = parse_amount(text)
    assert value is None or value >= 0


_ALPHABET = st.sampled_from(
    list("£$0123456789.,+-() mkbnp\t\nsavingsperannumVAT/") + [" £", "m ", "million", "2024-25"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_find_money_offsets_inside_text(text):
    for m in money_in(text):
        assert 0 <= m.char_start < m.char_end <= len(text)
        assert m.value >= 0
        assert m.period in (None, "year")


# --- the real papers -----------------------------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", text).split())


def _paper(gold: dict):
    for folder in ("seed", "real"):
        path = ROOT / "corpus" / folder / gold["document"]
        if path.exists():
            return read_document(path)
    pytest.skip(f"{gold['document']} not in corpus/")


def _score(golds: list[dict], preds: list) -> tuple[int, int, int, list[tuple[dict, object]]]:
    used, pairs = set(), []
    for g in golds:
        for j, p in enumerate(preds):
            a, b = _norm(p.text), _norm(g["text"])
            if j not in used and abs(p.value - g["value"]) < 0.005 and (a in b or b in a):
                used.add(j)
                pairs.append((g, p))
                break
    return len(pairs), len(preds), len(golds), pairs


def _f1(tp: int, n_pred: int, n_gold: int) -> float:
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


@pytest.fixture(scope="module")
def gold_results():
    out = []
    for path in GOLD:
        gold = json.loads(path.read_text(encoding="utf-8"))
        document = _paper(gold)
        meta = PaperMeta(date=gold["meta"].get("date"))
        out.append((path.name, gold, find_money(get_nlp()(document.text), document, meta)))
    return out


def test_money_f1_on_dev_gold(gold_results):
    tp = n_pred = n_gold = 0
    sav_tp = sav_pred = sav_gold = 0
    for _, gold, preds in gold_results:
        a, b, c, pairs = _score(gold["money"], preds)
        tp, n_pred, n_gold = tp + a, n_pred + b, n_gold + c
        sav_tp += sum(1 for g, p in pairs if g["savings"] and p.savings)
        sav_pred += sum(1 for _, p in pairs if p.savings)
        sav_gold += sum(1 for g, _ in pairs if g["savings"])
    assert _f1(tp, n_pred, n_gold) >= 0.95
    assert _f1(sav_tp, sav_pred, sav_gold) >= 0.90


@pytest.mark.parametrize("name", [p.name for p in GOLD], ids=[p.stem for p in GOLD])
def test_money_per_paper(gold_results, name):
    gold, preds = next((g, p) for n, g, p in gold_results if n == name)
    tp, n_pred, n_gold, _ = _score(gold["money"], preds)
    assert _f1(tp, n_pred, n_gold) >= 0.85, name


def test_us_minutes_have_no_pound_money():
    document = read_document(ROOT / "corpus" / "real" / "US_chicago_ssa21_commission_minutes_2018-01-29.pdf")
    assert find_money(get_nlp()(document.text), document, PaperMeta(date="2018-01-29")) == []


def test_kent_budget_monitoring_amounts_carry_the_item_year(gold_results):
    _, _, preds = next(r for r in gold_results if r[0].startswith("kent_cc_cabinet"))
    overspend = next(m for m in preds if m.text == "£23.3 million")
    assert overspend.fiscal_year == "2024-25" and not overspend.savings
    assert next(m for m in preds if m.text == "£80.3 million").savings


def test_savings_table_figures_in_strategic_alliance_report(gold_results):
    _, _, preds = next(r for r in gold_results if r[0].startswith("004_"))
    first = next(m for m in preds if m.text == "134,680")
    assert (first.value, first.savings, first.fiscal_year) == (134_680, True, "2011/12")
    assert sum(1 for m in preds if m.text == "0" and m.value == 0) == 2


def test_money_pages_follow_the_document():
    document = read_document(ROOT / "corpus" / "real" / "kent_cc_cabinet_2025-01-30_printed_minutes.pdf")
    found = find_money(get_nlp()(document.text), document, PaperMeta(date="2025-01-30"))
    assert len({m.page for m in found}) >= 3
    assert all(m.page == document.page_at(m.char_start) for m in found)
