"""Recommendations: tables, headed and introduced lists, "Recommendation N - ..." items, restatements, status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract import evaluate as ev
from extract import recommendations as R
from extract.findings import PaperMeta, Recommendation
from ingest import read_document
from ingest.document import Document, Page

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold"
META = PaperMeta(doc_type="report")


def text_doc(text: str, fmt: str = "text") -> Document:
    return Document(id="t", path=f"snippet.{'pdf' if fmt == 'pdf' else 'txt'}", format=fmt, pages=(Page(1, text),))


def gold_for(name: str) -> tuple[Document, dict]:
    gold = json.loads((GOLD / name).read_text(encoding="utf-8"))
    path = next((ROOT / "corpus").rglob(gold["document"]))
    return read_document(path), gold


ALL_GOLD = sorted(p.name for p in GOLD.glob("*.json"))


# --------------------------------------------------------------------------- real papers


def test_gold_overall_f1():
    total = ev.Counts()
    for name in ALL_GOLD:
        document, gold = gold_for(name)
        total = total + ev.score_recommendations(gold["recommendations"], R.find_recommendations(document, META)).counts
    assert total.f1 >= 0.90, total


@pytest.mark.parametrize(
    ("name", "min_f1"),
    [
        pytest.param("001_7b54d2a5292e08df.json", 1.0, id="peer-review-theme-lists"),
        pytest.param("004_f7d74ed9afe85064.json", 1.0, id="perform-table-and-restatements"),
        pytest.param("kent_cc_cabinet_2025-01-30_printed_minutes.json", 1.0, id="recommendations-in-minutes"),
        pytest.param("kent_cc_council_2025-03-13_printed_minutes.json", 1.0, id="quoted-motions-are-not-recs"),
        pytest.param("003_8f16a2afca2d7165.json", 0.9, id="letter-approaches"),
    ],
)
def test_gold_per_paper(name, min_f1):
    document, gold = gold_for(name)
    score = ev.score_recommendations(gold["recommendations"], R.find_recommendations(document, META))
    assert score.counts.f1 >= min_f1, (score.misses, score.false_positives)


def test_table_columns_are_filled():
    document, _ = gold_for("004_f7d74ed9afe85064.json")
    recs = {r.ref: r for r in R.find_recommendations(document, META)}
    row = recs["CS&TSc17/18 2.2"]
    assert row.target_date == "May 2018 onwards"
    assert row.lead_officer == "Joint Strategic Director – People"
    assert row.resources == "Officer time"
    assert row.desired_outcome.startswith("Further consideration of the emerging programme")
    assert row.service_response.startswith("A presentation is planned to Council on the 25th April 2018")


def test_status_from_following_sentence_and_parenthesis():
    document, _ = gold_for("004_f7d74ed9afe85064.json")
    (held,) = [r for r in R.find_recommendations(document, META) if r.ref is None]
    assert held.status == "on hold"
    letter, _ = gold_for("003_8f16a2afca2d7165.json")
    statuses = [r.status for r in R.find_recommendations(letter, META)]
    assert statuses.count("underway") == 1


def test_rendered_pdf_table_matches_text_table():
    pdf = read_document(ROOT / "corpus" / "rendered" / "004_f7d74ed9afe85064.pdf")
    _, gold = gold_for("004_f7d74ed9afe85064.json")
    found = R.find_recommendations(pdf, META)
    score = ev.score_recommendations(gold["recommendations"], found)
    assert score.counts.f1 >= 0.9, (score.misses, score.false_positives)
    by_ref = {r.ref: r for r in found}
    assert by_ref["CS&TSc17/18 2.5"].lead_officer == "Communications, Marketing and Design Manager"


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("real/kent_cc_budget_report_2025-26_mtfp_feb2025.pdf", id="budget-report"),
        pytest.param("real/kent_cc_budget_risk_register_2025-26.pdf", id="risk-register"),
        pytest.param("real/kent_cc_three_year_revenue_plan_appendix_d.pdf", id="revenue-plan"),
        pytest.param("real/stokeferry_pc_minutes_2020-12_meeting.html", id="parish-minutes"),
    ],
)
def test_papers_without_recommendations(path):
    assert R.find_recommendations(read_document(ROOT / "corpus" / path), META) == []


# --------------------------------------------------------------------------- crafted snippets


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Recommendations\n\n1. That Cabinet approves the revised policy.\n2. That Cabinet delegates authority to the Director.\n\n"
            "Background\n\nThe policy was last reviewed in 2019.",
            [
                ("1", "That Cabinet approves the revised policy."),
                ("2", "That Cabinet delegates authority to the Director."),
            ],
            id="headed-numbered-list",
        ),
        pytest.param(
            "The Committee is asked to:\n(a) note the progress made;\n(b) approve the action plan.",
            [("a", "note the progress made;"), ("b", "approve the action plan.")],
            id="is-asked-to-list",
        ),
        pytest.param(
            "RECOMMENDATION: The Cabinet is asked to note the report and agree the fees.",
            [(None, "The Cabinet is asked to note the report and agree the fees.")],
            id="inline-recommendation-heading",
        ),
        pytest.param(
            "Recommendation 3 - tackle your budget gap now\n\nThe council held structured meetings.",
            [("3", "tackle your budget gap now")],
            id="recommendation-n-dash",
        ),
        pytest.param(
            "Recommendations\n\nThat Cabinet:\n\n(a) approves the revised fees;\n(b) notes the responses.\n\n"
            "1. Introduction\n\nThis report sets out fees.",
            [("a", "approves the revised fees;"), ("b", "notes the responses.")],
            id="stem-then-lettered-items-until-section",
        ),
        pytest.param(
            "1. RECOMMENDATIONS\n\n1.1 The Committee is recommended to note the report.\n"
            "1.2 The Committee is recommended to agree the work programme.\n\n2. BACKGROUND\n\n2.1 It was agreed in 2020.",
            [
                ("1.1", "The Committee is recommended to note the report."),
                ("1.2", "The Committee is recommended to agree the work programme."),
            ],
            id="decimal-numbered-recommendations",
        ),
        pytest.param(
            "The original review suggested the Council ask for external support on this issue. You did just that.",
            [(None, "the Council ask for external support on this issue")],
            id="reviewed-report-suggestion",
        ),
        pytest.param(
            "Recommendation 2\n\nThat the Council adopts the revised charging policy.\n\nReasons\n\nCosts have risen.",
            [("2", "That the Council adopts the revised charging policy.")],
            id="recommendation-n-heading-then-text",
        ),
        pytest.param(
            "The Council had submitted evidence and made several recommendations, as follows:\n\n- Amending the definition of street works.\n- A study on the impact of street works.\n\nIt was hoped these would help.",
            [(None, "Amending the definition of street works."), (None, "A study on the impact of street works.")],
            id="recommendations-recorded-in-minutes",
        ),
        pytest.param(
            "Ref\tRecommendation\tStatus\n1\tReview the charging policy\tGreen\n2\tPublish the results annually\tCompleted",
            [("1", "Review the charging policy"), ("2", "Publish the results annually")],
            id="tab-table-with-status",
        ),
        pytest.param(
            "10. Budget\nThe Committee RESOLVED to recommend to Council that the budget be approved.",
            [(None, "to recommend to Council that the budget be approved.")],
            id="minute-resolving-to-recommend",
        ),
        pytest.param(
            "Summary: The report sets out progress.\nRecommendation(s): Cabinet is asked to NOTE the report\n"
            "and the actions being taken.\n1. Introduction\n1.1 Performance is reported quarterly.\n"
            "3. Recommendation(s)\nCabinet is asked to NOTE the report and the actions being taken.\n"
            "4. Contact details\nJane Smith, Chief Analyst",
            [(None, "Cabinet is asked to NOTE the report and the actions being taken.")],
            id="headings-without-blank-lines-and-next-section-number",
        ),
        pytest.param(
            "Decision:\n\nThe Cabinet agreed to the recommendations in the report:\n\n"
            "1.     Cabinet agreed to consult on the savings proposals.\n\n2.     Cabinet noted the budget gap.\n\n"
            "Minutes:\n\nThe Leader presented the report.",
            [("1", "Cabinet agreed to consult on the savings proposals."), ("2", "Cabinet noted the budget gap.")],
            id="agreed-the-recommendations-in-the-report",
        ),
    ],
)
def test_snippets(text, expected):
    got = [(r.ref, r.text) for r in R.find_recommendations(text_doc(text), META)]
    assert got == expected


def test_layout_table_without_ref_column():
    text = (
        "Recommendation                          Lead Officer            Target Date       Status\n"
        "Review the charging policy for car      Head of Parking         March 2025        Amber\n"
        "parks across the district\n"
        "Publish the annual report on the        Director of Finance     June 2025         Green\n"
        "website and in libraries\n\n"
        "The next section describes the background to these recommendations and more besides."
    )
    got = [
        (r.text, r.lead_officer, r.target_date, r.status) for r in R.find_recommendations(text_doc(text, "pdf"), META)
    ]
    assert got == [
        ("Review the charging policy for car parks across the district", "Head of Parking", "March 2025", "amber"),
        ("Publish the annual report on the website and in libraries", "Director of Finance", "June 2025", "green"),
    ]


def test_table_status_is_kept():
    text = (
        "Ref\tRecommendation\tStatus\n1\tReview the charging policy\tGreen\n2\tPublish the results annually\tCompleted"
    )
    assert [r.status for r in R.find_recommendations(text_doc(text), META)] == ["green", "completed"]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The council should consider whether to increase its fees and charges.", id="narrative-advice"),
        pytest.param(
            "Stakeholders impacted by the recommendations include:\n\n- All Members\n- All Officers",
            id="not-introduced",
        ),
        pytest.param(
            "Mr A proposed, and Mr B seconded the motion that\n\n“Council is asked to:\n\n(i) Note the report;\n(ii) Adopt the plan.”",
            id="quoted-motion",
        ),
        pytest.param(
            "The Department had recommended that all councils adopt the model.", id="narrative-past-recommendation"
        ),
        pytest.param("The Chief Executive suggested that committees could be involved.", id="person-suggestion"),
        pytest.param("The Council needed to:\n\n- Review the programme\n- Agree the foundations", id="needed-to-list"),
    ],
)
def test_not_recommendations(text):
    assert R.find_recommendations(text_doc(text), META) == []


def test_restatement_is_not_new():
    text = (
        "Recommendations:\n\n1) update your internal strategy and business planning approach\n\n"
        "Recommendation 1 - update your internal strategy\n\nMuch work has been done."
    )
    assert [r.ref for r in R.find_recommendations(text_doc(text), META)] == ["1"]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        pytest.param(
            ("3", "tackle your budget gap now; sharpen controls"),
            ("3", "tackle your budget gap now"),
            True,
            id="same-ref",
        ),
        pytest.param(
            (None, "Review the charging policy for parking"),
            (None, "Review the charging policy for parking."),
            True,
            id="same-text",
        ),
        pytest.param(("1", "Approve the plan"), ("2", "Publish the annual report"), False, id="different"),
    ],
)
def test_same_recommendation(a, b, same):
    assert R.same_recommendation(Recommendation(*a), Recommendation(*b)) is same


# --------------------------------------------------------------------------- rules file


def test_rules_load_and_bad_rule_fails(tmp_path):
    assert R.load_rules().columns["lead officer"] == "lead_officer"
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"kind": "column", "id": "x", "field": "colour", "phrases": ["x"]}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="field"):
        R.load_rules(str(bad))
    bad.write_text('{"kind": "intro", "id": "x", "pattern": []}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="pattern"):
        R.load_rules(str(bad))


# --------------------------------------------------------------------------- properties

_WORDS = st.sampled_from(
    [
        "Recommendations",
        "Recommendation",
        "1.",
        "2)",
        "(a)",
        "-",
        "•",
        ":",
        "\n",
        "\n\n",
        "\t",
        "is",
        "asked",
        "to",
        "Cabinet",
        "That",
        "the",
        "Council",
        "recommends",
        "as",
        "follows",
        "Ref",
        "Status",
        "Green",
        "    ",
        "RESOLVED",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=400), st.lists(_WORDS, max_size=80).map(" ".join)), st.sampled_from(["text", "pdf"]))
def test_never_raises_and_offsets_inside(text, fmt):
    document = text_doc(text, fmt)
    for rec in R.find_recommendations(document, META):
        assert 0 <= rec.char_start <= rec.char_end <= len(document.text)
        assert rec.text


def test_hard_wrapped_text_without_blank_lines():
    """Text taken from a PDF and saved without blank lines: the recommendation ends where the next heading starts."""
    filler = [f"{n}. Paragraph {n} explains the background to the proposal in a sentence." for n in range(1, 19)]
    text = "\n".join(
        [
            *filler,
            "Recommendation:",
            "The Cabinet is asked to consider the comments of the committee and",
            "confirm, amend or rescind the decision.",
            "Attached documents",
            "a) Decision Report",
            "b) Record of Decision",
        ]
    )
    got = [(r.ref, r.text) for r in R.find_recommendations(text_doc(text), META)]
    assert got == [
        (
            None,
            "The Cabinet is asked to consider the comments of the committee and confirm, amend or rescind the decision.",
        )
    ]
