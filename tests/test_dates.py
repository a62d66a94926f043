"""Dates: the pure normaliser, the not-dates list, and the extractor on the real papers with gold."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.dates import financial_year, find_dates, parse_date
from extract.findings import PaperMeta
from extract.nlp import get_nlp
from ingest import read_document
from ingest.document import Document, Page

ROOT = Path(__file__).resolve().parent.parent
GOLD = sorted((ROOT / "tests" / "gold").glob("*.json"))


def dates_in(text: str, date: str | None = "2025-01-30", fmt: str = "text"):
    document = Document(id="t", path="t.txt", format=fmt, pages=(Page(1, text),))
    return find_dates(get_nlp()(document.text), document, PaperMeta(date=date))


@pytest.mark.parametrize(
    ("text", "kwargs", "expected"),
    [
        pytest.param("1st April 2011", {}, ("2011-04-01", "2011-04-01"), id="ordinal-day"),
        pytest.param("1st April, 2011", {}, ("2011-04-01", "2011-04-01"), id="comma-before-year"),
        pytest.param("Tuesday 8 January 2019", {}, ("2019-01-08", "2019-01-08"), id="weekday"),
        pytest.param("January 29, 2018", {}, ("2018-01-29", "2018-01-29"), id="month-first"),
        pytest.param("May 2018", {}, ("2018-05-01", "2018-05-31"), id="month-year"),
        pytest.param("February 2024", {}, ("2024-02-01", "2024-02-29"), id="leap-february"),
        pytest.param(
            "Tuesday 28 November to Friday 1 December 2023", {}, ("2023-11-28", "2023-12-01"), id="range-two-months"
        ),
        pytest.param("5 to 9 September 2024", {}, ("2024-09-05", "2024-09-09"), id="range-days"),
        pytest.param("12th and 13th December", {"context_year": 2024}, ("2024-12-12", "2024-12-13"), id="and-days"),
        pytest.param("26 November to 27th January 2025", {}, ("2024-11-26", "2025-01-27"), id="range-over-new-year"),
        pytest.param("April 2016 to March 2017", {}, ("2016-04-01", "2017-03-31"), id="month-range"),
        pytest.param("Sept/Oct 2014", {}, ("2014-09-01", "2014-10-31"), id="month-pair"),
        pytest.param("10/5/13", {}, ("2013-05-10", "2013-05-10"), id="numeric-uk-yy"),
        pytest.param("10/04/2012", {}, ("2012-04-10", "2012-04-10"), id="numeric-uk"),
        pytest.param("8-4-11", {}, ("2011-04-08", "2011-04-08"), id="numeric-dashes"),
        pytest.param("2018/19", {}, ("2018-04-01", "2019-03-31"), id="fy-slash"),
        pytest.param("2024-25", {}, ("2024-04-01", "2025-03-31"), id="fy-dash"),
        pytest.param("2018/2019", {}, ("2018-04-01", "2019-03-31"), id="fy-four-digit-end"),
        pytest.param("12/13", {"context_year": 2013}, ("2012-04-01", "2013-03-31"), id="fy-two-digit"),
        pytest.param("2015-19", {}, ("2015-01-01", "2019-12-31"), id="calendar-run"),
        pytest.param("2025-28", {"financial": True}, ("2025-04-01", "2028-03-31"), id="financial-run"),
        pytest.param("2015-2020/21", {}, ("2015-04-01", "2021-03-31"), id="mixed-run"),
        pytest.param("2025-26 to 2034-35", {}, ("2025-04-01", "2035-03-31"), id="fy-to-fy"),
        pytest.param("1973 until 1993", {}, ("1973-01-01", "1993-12-31"), id="year-until-year"),
        pytest.param("2011", {}, ("2011-01-01", "2011-12-31"), id="bare-year"),
        pytest.param("1980’s", {}, ("1980-01-01", "1989-12-31"), id="decade"),
        pytest.param("Q2", {"fiscal_start": 2024}, ("2024-07-01", "2024-09-30"), id="bare-quarter-in-fy"),
        pytest.param("Q4", {"fiscal_start": 2016}, ("2017-01-01", "2017-03-31"), id="q4-is-jan-mar"),
        pytest.param("Quarter 3 2024-25", {}, ("2024-10-01", "2024-12-31"), id="quarter-of-fy"),
        pytest.param("Q1 2021", {}, ("2021-01-01", "2021-03-31"), id="calendar-quarter"),
        pytest.param("third quarter of 2024-25", {}, ("2024-10-01", "2024-12-31"), id="ordinal-quarter-of-fy"),
        pytest.param("first quarter of 2024", {}, ("2024-01-01", "2024-03-31"), id="ordinal-quarter-of-year"),
        pytest.param("1st-3rd March 2023", {}, ("2023-03-01", "2023-03-03"), id="ordinal-day-range"),
        pytest.param("04.03.19", {}, ("2019-03-04", "2019-03-04"), id="dotted-yy"),
        pytest.param("MONDAY 13TH MAY 2019", {}, ("2019-05-13", "2019-05-13"), id="upper-case"),
        pytest.param("November 2024-25", {}, ("2024-11-01", "2024-11-30"), id="month-of-fy"),
        pytest.param("February 2024-25", {}, ("2025-02-01", "2025-02-28"), id="month-of-fy-after-new-year"),
        pytest.param("summer 2024", {}, ("2024-06-01", "2024-08-31"), id="season"),
        pytest.param("early Spring 2018", {}, ("2018-03-01", "2018-05-31"), id="qualified-season"),
        pytest.param("winter 2024", {}, ("2024-12-01", "2025-02-28"), id="winter-spans-new-year"),
        pytest.param("Christmas", {"anchor": "2025-01-30"}, ("2024-12-25", "2024-12-25"), id="christmas-before"),
        pytest.param("Easter 2025", {}, ("2025-04-20", "2025-04-20"), id="easter"),
        pytest.param("December", {"anchor": "2025-01-30"}, ("2024-12-01", "2024-12-31"), id="month-nearest-past"),
        pytest.param("April", {"anchor": "2025-01-30"}, ("2025-04-01", "2025-04-30"), id="month-nearest-future"),
        pytest.param("mid-March", {"anchor": "2025-01-30"}, ("2025-03-01", "2025-03-31"), id="qualifier-whole-month"),
        pytest.param("April 25", {"anchor": "2025-01-30"}, ("2025-04-01", "2025-04-30"), id="two-digit-year"),
        pytest.param("March 12", {"anchor": "2025-01-30"}, ("2025-03-12", "2025-03-12"), id="month-day"),
        pytest.param("Nov-20", {}, ("2020-11-01", "2020-11-30"), id="month-dash-yy"),
        pytest.param("September (3rd)", {"anchor": "2014-10-07"}, ("2014-09-03", "2014-09-03"), id="bracketed-day"),
        pytest.param("2 nd September 2014", {}, ("2014-09-02", "2014-09-02"), id="spaced-ordinal"),
        pytest.param("1<sup>st</sup> March 2011", {}, ("2011-03-01", "2011-03-01"), id="markup"),
    ],
)
def test_parse_date(text, kwargs, expected):
    assert parse_date(text, **kwargs) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("31 February 2024", id="no-such-day"),
        pytest.param("14/13/2020", id="no-such-month"),
        pytest.param("2030/2050", id="two-targets"),
        pytest.param("December", id="yearless-without-context"),
        pytest.param("hello", id="not-a-date"),
        pytest.param("", id="empty"),
    ],
)
def test_parse_date_rejects(text):
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("2018/19", ("2018-04-01", "2019-03-31"), id="slash"),
        pytest.param("2024-25", ("2024-04-01", "2025-03-31"), id="dash"),
        pytest.param("1999/00", ("1999-04-01", "2000-03-31"), id="century"),
        pytest.param("2018/20", None, id="not-consecutive"),
    ],
)
def test_financial_year(text, expected):
    assert financial_year(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The meeting opened at 7.30pm and closed at 21:15.", id="times"),
        pytest.param("Residents aged 16-18 and people over 65 years.", id="ages"),
        pytest.param("The work took ten months and 14 days.", id="durations"),
        pytest.param("Minute 1/16 was noted.", id="minute-number"),
        pytest.param("Resolved 14/10/6.01 and items 14/10/3, 14/10/4, 14/10/5.", id="minute-series"),
        pytest.param("Decision 24/00108 and application 16/00501/OM.", id="references"),
        pytest.param("Vision 2040 and the Local Government Act 1972 and LGA 2000.", id="years-in-names"),
        pytest.param("The plan delivers 2,000 homes and 2000 homes.", id="counts"),
        pytest.param("May I thank Cllr April Jones.", id="may-verb-and-names"),
        pytest.param("June Smith attended the meeting.", id="first-name"),
        pytest.param("The Christmas lights and the autumn budget.", id="season-as-name"),
        pytest.param("Q1 To what extent do you agree?", id="question-number"),
        pytest.param("See paragraph 3.1.12 of the report.", id="paragraph-number"),
        pytest.param("See https://example.org/Consultation_2019-20.pdf for details.", id="inside-a-link"),
        pytest.param("Minute 24/25 and 25/25 and 26/25 were noted.", id="minutes-numbered-by-year"),
        pytest.param("This year and yesterday and next year.", id="relative"),
        pytest.param("Two residents spoke in relation to a 1940’s event.", id="decade-as-theme"),
        pytest.param("as part of a Norfolk 2020 review into policing", id="year-in-programme-name"),
        pytest.param("WRETTON PARISH COUNCIL MAY MEETING", id="capitals-may-heading"),
    ],
)
def test_not_dates(text):
    assert dates_in(text) == []


@pytest.mark.parametrize(
    ("text", "paper_date", "expected"),
    [
        pytest.param(
            "KPIs were reported in Quarters 1 & 2 but",
            "2025-03-04",
            [("Quarters 1 & 2", "2024-04-01", "2024-09-30")],
            id="quarter-pair",
        ),
        pytest.param(
            "Performance Report, Quarter 3, 2024/25 attached",
            "2025-03-04",
            [("Quarter 3, 2024/25", "2024-10-01", "2024-12-31")],
            id="quarter-comma-fy",
        ),
        pytest.param(
            "Anglian Water Business Mar19 Water 4.00",
            "2019-04-02",
            [("Mar19", "2019-03-01", "2019-03-31")],
            id="month-glued-yy",
        ),
        pytest.param(
            "Bank Balance @20.03.19 Statement no.22",
            "2019-04-02",
            [("20.03.19", "2019-03-20", "2019-03-20")],
            id="at-sign-numeric",
        ),
        pytest.param(
            "the budget for 2008/9 was set",
            "2009-01-19",
            [("2008/9", "2008-04-01", "2009-03-31")],
            id="fy-one-digit-end",
        ),
        pytest.param(
            "held on Wednesday 15thMay 2019 at",
            "2019-05-15",
            [("Wednesday 15thMay 2019", "2019-05-15", "2019-05-15")],
            id="ordinal-glued-month",
        ),
        pytest.param(
            "ground maintenance Mar/April 100870 543.68",
            "2016-06-02",
            [("Mar/April", "2016-03-01", "2016-04-30")],
            id="month-pair-before-cheque-no",
        ),
        pytest.param(
            "Clerk’s salary (April /May) £118.44",
            "2019-05-13",
            [("April /May", "2019-04-01", "2019-05-31")],
            id="month-pair-spaced-slash",
        ),
        pytest.param(
            "should be completed late April / early May.",
            "2019-04-02",
            [("April / early May", "2019-04-01", "2019-05-31")],
            id="qualified-month-pair",
        ),
        pytest.param(
            "Northwold Parish Council April Meeting",
            "2019-04-02",
            [("April", "2019-04-01", "2019-04-30")],
            id="month-meeting-title",
        ),
        pytest.param(
            "Mrs Smith - £15.44 - Hire of Hall - May\n\nNext",
            "2013-07-10",
            [("May", "2013-05-01", "2013-05-31")],
            id="may-closing-payment-line",
        ),
        pytest.param(
            "estimated figures for May had been inserted",
            "2016-06-02",
            [("May", "2016-05-01", "2016-05-31")],
            id="for-may",
        ),
        pytest.param(
            "Handyman, 10 hours for May 100869 129.44",
            "2016-06-02",
            [("May", "2016-05-01", "2016-05-31")],
            id="may-before-cheque-no",
        ),
    ],
)
def test_held_out_forms(text, paper_date, expected):
    assert [(d.text, d.start, d.end) for d in dates_in(text, date=paper_date)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "12) Meeting Dates\nAgreed – Feb 28th, June 13th, Sept 5th, Dec 12th, April 11th, at 7.15pm.",
            ["2022-02-28", "2022-06-13", "2022-09-05", "2022-12-12", "2023-04-11"],
            id="meeting-dates-run-forward",
        ),
        pytest.param(
            "Dates of future meetings: 10 January, 14 March and 9 May.",
            ["2022-01-10", "2022-03-14", "2022-05-09"],
            id="dates-of-future-meetings",
        ),
        pytest.param(
            "The next meeting of the liaison group would be on the 24 June.",
            ["2021-06-24"],
            id="one-next-meeting-is-not-a-list",
        ),
    ],
)
def test_future_meeting_lists_move_forward_from_the_paper_date(text, expected):
    assert [d.start for d in dates_in(text, date="2021-12-06")] == expected


def test_yearless_dates_take_the_nearest_year_to_their_anchor():
    text = (
        "In December Mr Love ran a competition. In February Mr Murphy will visit.\n\n"
        "During November 2017 a consultation began on 1 December."
    )
    got = [(d.text, d.start) for d in dates_in(text, date="2025-01-30")]
    assert got == [
        ("December", "2024-12-01"),
        ("February", "2025-02-01"),
        ("November 2017", "2017-11-01"),
        ("1 December", "2017-12-01"),
    ]


def test_bare_quarter_takes_the_financial_year_printed_before_it():
    text = "April 2016 to March 2017\t\tQ1\tQ2\tQ3\tQ4\tTotal"
    got = [(d.text, d.start, d.end) for d in dates_in(text)]
    assert got[1:] == [
        ("Q1", "2016-04-01", "2016-06-30"),
        ("Q2", "2016-07-01", "2016-09-30"),
        ("Q3", "2016-10-01", "2016-12-31"),
        ("Q4", "2017-01-01", "2017-03-31"),
    ]


def test_html_spaced_ordinal_reads_without_the_space():
    got = dates_in("Minutes of the meeting held on 2 nd September 2014 were adopted.", fmt="html")
    assert [(d.text, d.start) for d in got] == [("2nd September 2014", "2014-09-02")]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.integers(min_value=1900, max_value=2100))
def test_parse_date_never_raises_and_is_ordered(text, year):
    result = parse_date(text, context_year=year)
    assert result is None or result[0] <= result[1]


_PIECES = st.sampled_from(
    ["1", "12", "31st", " ", "  ", "\n", "\t", "/", "-", "to", "and", "May", "march", "December", "Q2", "2024", "25"]
    + ["2018/19", "2024-25", "Christmas", "summer", "in", "the", "Act", "Tuesday", ",", "(", ")", "£", "1980s"]
)


@settings(max_examples=100, deadline=None)
@given(st.lists(_PIECES, max_size=30).map(" ".join))
def test_find_dates_offsets_inside_text_and_ordered(text):
    for d in dates_in(text):
        assert 0 <= d.char_start < d.char_end <= len(text)
        assert d.start <= d.end


# --- the real papers -----------------------------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", text).split())


@pytest.fixture(scope="module")
def gold_results():
    out = []
    for path in GOLD:
        gold = json.loads(path.read_text(encoding="utf-8"))
        document = None
        for folder in ("seed", "real"):
            candidate = ROOT / "corpus" / folder / gold["document"]
            if candidate.exists():
                document = read_document(candidate)
        if document is None:
            continue
        meta = PaperMeta(date=gold["meta"].get("date"))
        out.append((path.name, gold, find_dates(get_nlp()(document.text), document, meta)))
    return out


def _match(golds: list[dict], preds: list) -> list[tuple[dict, object]]:
    used, pairs = set(), []
    for g in golds:
        for j, p in enumerate(preds):
            a, b = _norm(p.text), _norm(g["text"])
            if j not in used and (a in b or b in a):
                used.add(j)
                pairs.append((g, p))
                break
    return pairs


def test_dates_f1_and_normalisation_on_dev_gold(gold_results):
    tp = n_pred = n_gold = same = 0
    for _, gold, preds in gold_results:
        pairs = _match(gold["dates"], preds)
        tp, n_pred, n_gold = tp + len(pairs), n_pred + len(preds), n_gold + len(gold["dates"])
        same += sum(1 for g, p in pairs if (g["start"], g["end"]) == (p.start, p.end))
    precision, recall = tp / n_pred, tp / n_gold
    assert 2 * precision * recall / (precision + recall) >= 0.90
    assert same / tp >= 0.90


@pytest.mark.parametrize("name", [p.name for p in GOLD], ids=[p.stem for p in GOLD])
def test_dates_per_paper(gold_results, name):
    found = [(g, p) for n, g, p in gold_results if n == name]
    if not found:
        pytest.skip("paper not in corpus/")
    gold, preds = found[0]
    pairs = _match(gold["dates"], preds)
    precision = len(pairs) / len(preds) if preds else 1.0
    recall = len(pairs) / len(gold["dates"]) if gold["dates"] else 1.0
    assert min(precision, recall) >= 0.85, name


def test_minute_numbers_are_not_dates_in_parish_minutes(gold_results):
    _, _, preds = next(r for r in gold_results if r[0].startswith("northwold"))
    assert not [d for d in preds if re.fullmatch(r"14/10/\d+", d.text)]
    assert ("Sept/Oct 2014", "2014-09-01", "2014-10-31") in [(d.text, d.start, d.end) for d in preds]


def test_names_and_relative_phrases_skipped_in_peer_review(gold_results):
    _, _, preds = next(r for r in gold_results if r[0].startswith("001_"))
    assert "2040" not in {d.text for d in preds}  # Vision 2040 is the plan's name
    assert ("5 to 9 September 2024", "2024-09-05", "2024-09-09") in [(d.text, d.start, d.end) for d in preds]


# --- the rule files ------------------------------------------------------------------------------


def _rules_dir(tmp_path: Path, dates_line: str, lexicon_line: str = '{"name": "month", "entries": {"may": 5}}') -> Path:
    (tmp_path / "lexicon.jsonl").write_text(lexicon_line + "\n", encoding="utf-8")
    (tmp_path / "money.jsonl").write_text('{"label": "MONEY", "pattern": [{"ORTH": "£"}]}\n', encoding="utf-8")
    (tmp_path / "dates.jsonl").write_text("// a comment\n" + dates_line + "\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("dates_line", "message"),
    [
        pytest.param('{"label": "DATE", "pattern": [', "dates.jsonl:2: not valid JSON", id="bad-json"),
        pytest.param('{"label": "DATE"}', "dates.jsonl:2: 'pattern'", id="no-pattern"),
        pytest.param('{"label": "DATE", "pattern": [{"LOWER": {"IN": ["@nope"]}}]}', "unknown lexicon", id="macro"),
        pytest.param('{"label": "DATE", "pattern": [{"LOWR": "may"}]}', "dates.jsonl", id="spacy-schema"),
        pytest.param('{"label": "DATE", "pattern": [{"ORTH": "x"}], "colour": 1}', "unknown keys", id="extra-key"),
    ],
)
def test_bad_rule_fails_at_load_naming_file_and_line(tmp_path, dates_line, message):
    from extract.nlp import PatternError, build_nlp

    with pytest.raises(PatternError, match=re.escape(message)):
        build_nlp(_rules_dir(tmp_path, dates_line))


def test_good_rule_file_loads_with_macros(tmp_path):
    from extract.nlp import build_nlp

    nlp = build_nlp(_rules_dir(tmp_path, '{"label": "DATE", "id": "m", "pattern": [{"LOWER": {"IN": ["@month"]}}]}'))
    doc = nlp("in May and may")
    assert [s.text for s in doc.spans["dates"]] == ["May", "may"]


def test_undated_paper_takes_yearless_dates_from_the_last_full_date():
    got = [(d.text, d.start) for d in dates_in("The review met on 3 March 2019.\n\nIt met again on 5 June.", date=None)]
    assert got == [("3 March 2019", "2019-03-03"), ("5 June", "2019-06-05")]


def test_page_numbers_follow_the_document():
    document = read_document(ROOT / "corpus" / "real" / "kent_cc_cabinet_2025-01-30_printed_minutes.pdf")
    found = find_dates(get_nlp()(document.text), document, PaperMeta(date="2025-01-30"))
    assert len({d.page for d in found}) > 5
    assert all(d.page == document.page_at(d.char_start) for d in found)


# phrases whose later tokens cannot start a rule ("million pounds", "of the"), so a window cut short would show
_RULE_PHRASES = [
    "2 million pounds",
    "£ 40 million",
    "GBP 1,200 m",
    "10 pence",
    "Tuesday 28 November to Friday 1 December 2023",
    "Quarter 3, 2024/25",
    "Quarters 1 & 2",
    "the third quarter of 2024-25",
    "1st of the month",
    "April 2016 to March 2017",
    "late April / early May",
    "Christmas",
    "the",
    "and",
    "  ",
    "\n",
    "of the",
    "5",
]


def _spans_of_a_plain_matcher(text: str) -> dict[str, list[tuple[int, int, str, str]]]:
    """What SpanRulers (every token tried, first longest kept per facet) would write."""
    import spacy
    from spacy.matcher import Matcher

    from extract.nlp import FACETS, load_patterns

    nlp = get_nlp()
    doc = nlp.make_doc(text)
    out = {}
    for name, key in FACETS:
        matcher = Matcher(nlp.vocab)
        rows = load_patterns(name)
        for i, row in enumerate(rows):
            matcher.add(str(i), [row["pattern"]])
        spans = {
            spacy.tokens.Span(doc, s, e, label=rows[int(nlp.vocab.strings[m])]["label"]) for m, s, e in matcher(doc)
        }
        out[key] = [(s.start, s.end, s.label_, "") for s in spacy.util.filter_spans(sorted(spans))]
    return out


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_RULE_PHRASES), max_size=12))
def test_windowed_rule_matching_finds_what_every_token_matching_finds(words):
    text = " ".join(words)
    doc = get_nlp()(text)
    got = {key: [(s.start, s.end, s.label_, "") for s in doc.spans[key]] for key in ("money", "dates")}
    assert got == _spans_of_a_plain_matcher(text)
