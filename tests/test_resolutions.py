"""Resolutions: RESOLVED / AGREED parts, minute numbers, movers and seconders, on real papers and snippets."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract import evaluate as ev
from extract import resolutions as R
from extract.findings import PaperMeta
from ingest import read_document
from ingest.document import Document, Page

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold"
META = PaperMeta(doc_type="minutes")


def text_doc(text: str, fmt: str = "text") -> Document:
    return Document(id="t", path=f"snippet.{'pdf' if fmt == 'pdf' else 'txt'}", format=fmt, pages=(Page(1, text),))


def gold_for(name: str) -> tuple[Document, dict]:
    gold = json.loads((GOLD / name).read_text(encoding="utf-8"))
    path = next((ROOT / "corpus").rglob(gold["document"]))
    return read_document(path), gold


MINUTES_GOLD = [
    "002_47a36f0c17e328dd.json",
    "boughton_pc_agm_2013-05-03_table_layout.json",
    "kent_cc_cabinet_2025-01-30_printed_minutes.json",
    "kent_cc_council_2025-03-13_printed_minutes.json",
    "northwold_pc_minutes_2014-10-07.json",
    "stokeferry_pc_minutes_2020-12_meeting.json",
]


# --------------------------------------------------------------------------- real papers


@pytest.mark.parametrize("name", [pytest.param(n, id=n.split("_")[0] + n.split("_")[1][:6]) for n in MINUTES_GOLD])
def test_gold_minutes_score(name):
    document, gold = gold_for(name)
    found = R.find_resolutions(document, META)
    score = ev.score_resolutions(gold["resolutions"], found)
    assert score.counts.f1 >= 0.95, (name, score.counts)


@pytest.mark.parametrize("name", [pytest.param(n, id=n[:12]) for n in MINUTES_GOLD])
def test_gold_minutes_and_movers(name):
    """Beyond the scorer: each matched part carries the gold minute, mover and seconder."""
    document, gold = gold_for(name)
    found = [asdict(r) for r in R.find_resolutions(document, META)]
    pairs = ev.align(gold["resolutions"], found, ev.resolution_matches)
    assert len(pairs) == len(gold["resolutions"])
    for gi, pi in pairs:
        want, got = gold["resolutions"][gi], found[pi]
        assert (got["minute"], got["moved_by"], got["seconded_by"]) == (
            want["minute"],
            want["moved_by"],
            want["seconded_by"],
        ), want["text"][:60]


def test_papers_without_decisions_give_none():
    for name in ("000_b4d980f979710afc.txt", "001_7b54d2a5292e08df.txt", "004_f7d74ed9afe85064.txt"):
        assert R.find_resolutions(read_document(ROOT / "corpus" / "seed" / name), META) == []
    budget = ROOT / "corpus" / "real" / "kent_cc_budget_report_2025-26_mtfp_feb2025.pdf"
    assert R.find_resolutions(read_document(budget), META) == []


def test_offsets_point_at_the_part_text():
    document, _ = gold_for("kent_cc_cabinet_2025-01-30_printed_minutes.json")
    for res in R.find_resolutions(document, META):
        span = " ".join(document.text[res.char_start : res.char_end].split())
        assert res.text.split()[0] in span
        assert res.page == document.page_at(res.char_start)


# --------------------------------------------------------------------------- crafted snippets


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "12/21 Minutes\nRESOLVED: That the minutes be approved. (Cllr A Smith proposed, Cllr B Jones seconded, all were in favour).",
            [("12/21", None, "the minutes be approved.", "Cllr A Smith", "Cllr B Jones")],
            id="parish-parenthetical-vote",
        ),
        pytest.param(
            "5. Accounts\nIt was RESOLVED that the accounts be approved. Prop. GK, 2nd JH",
            [("5", None, "the accounts be approved.", "GK", "JH")],
            id="initials-prop-2nd",
        ),
        pytest.param(
            "7. Planning\nRESOLVED that: (1) the Council object to the application; (2) the Clerk write to the officer.",
            [
                ("7", "1", "the Council object to the application", None, None),
                ("7", "2", "the Clerk write to the officer.", None, None),
            ],
            id="inline-numbered-parts",
        ),
        pytest.param(
            "Minute 45/21 Grants\nRESOLVED - 1. That a grant of £200 be awarded.\n2. That the clerk notify the applicant.\nProposer: Cllr Brown Seconder: Cllr White",
            [
                ("45/21", "1", "a grant of £200 be awarded.", "Cllr Brown", "Cllr White"),
                ("45/21", "2", "the clerk notify the applicant.", "Cllr Brown", "Cllr White"),
            ],
            id="proposer-line-covers-parts-before",
        ),
        pytest.param(
            "8. Precept\nCllr Smith proposed and Cllr Jones seconded that the precept be set at £10,000. All in favour.",
            [("8", None, "the precept be set at £10,000.", "Cllr Smith", "Cllr Jones")],
            id="seconded-proposal-without-resolved",
        ),
        pytest.param(
            "12.\tFinance\tRESOLVED that the payments be approved.\tClerk\n"
            "13.\tHall\tIt was RESOLVED to buy chairs. Proposed Cllr Green, seconded Cllr Black.\tClerk",
            [
                ("12", None, "the payments be approved.", None, None),
                ("13", None, "to buy chairs.", "Cllr Green", "Cllr Black"),
            ],
            id="table-rows-with-action-column",
        ),
        pytest.param(
            "Item 5: Planning\nResolved: To support the application.\nItem 6: Highways\nThe clerk reported on potholes.",
            [("5", None, "To support the application.", None, None)],
            id="item-n-headings-one-line-paragraphs",
        ),
        pytest.param(
            "45. Minutes\n\nNoted.\n\n46. Planning\n\nRESOLVED that the application be refused for these reasons:\n\n"
            "1. Harm to the character of the area.\n2. Lack of parking.\n\n47. Any other business\n\nNone.",
            [
                ("46", "1", "Harm to the character of the area.", None, None),
                ("46", "2", "Lack of parking.", None, None),
            ],
            id="numbered-parts-are-not-minutes",
        ),
        pytest.param(
            "5. Minutes\nIt was proposed by Cllr Adams, seconded by Cllr Baker and RESOLVED that the minutes be signed.\n"
            "6. Finance\nProposed by Cllr Cole and seconded by Cllr Dean, it was RESOLVED to approve the payments.",
            [
                ("5", None, "the minutes be signed.", "Cllr Adams", "Cllr Baker"),
                ("6", None, "to approve the payments.", "Cllr Cole", "Cllr Dean"),
            ],
            id="mover-in-the-same-sentence",
        ),
        pytest.param(
            "45 MINUTES\nRESOLVED: That the minutes be approved.\n46 DECLARATIONS OF INTEREST\nThere were none.\n"
            "47 BUDGET MONITORING\nRESOLVED:\n(1) That the report be noted.\n(2) That officers report back.\n"
            "Reason for decision: to keep members informed.",
            [
                ("45", None, "the minutes be approved.", None, None),
                ("47", "1", "the report be noted.", None, None),
                ("47", "2", "officers report back.", None, None),
            ],
            id="bare-number-headings-and-reason",
        ),
        pytest.param(
            "21.44 ELECTION OF CHAIR\n\nIt was RESOLVED that Cllr Porter be elected Chair.\n\n"
            "Proposed by: Cllr Taylor      Seconded by: Cllr Gradwell",
            [("21.44", None, "Cllr Porter be elected Chair.", "Cllr Taylor", "Cllr Gradwell")],
            id="decimal-minute-and-proposer-line-after",
        ),
        pytest.param(
            "9. Footpaths\nAGREED: That the clerk report the damaged stile.",
            [("9", None, "the clerk report the damaged stile.", None, None)],
            id="agreed-caps",
        ),
        pytest.param(
            "14/10/6 Minutes of the last meeting held on 2nd September 2014 - LGA 1972, Schedule 12, para 41(2): Resolved 14/10/6.01 The minutes of the last meeting were adopted as a true statement. Cemetery: the Clerk read out an email from the contractor about the grass cutting and the hedges.",
            [("14/10/6.01", None, "The minutes of the last meeting were adopted as a true statement.", None, None)],
            id="label-after-resolved",
        ),
    ],
)
def test_snippets(text, expected):
    got = [(r.minute, r.part, r.text, r.moved_by, r.seconded_by) for r in R.find_resolutions(text_doc(text), META)]
    assert got == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("3. Hall\nIt was agreed that the clerk would write to the school.", id="narrative-agreement"),
        pytest.param("4. Staffing\nThe Council had resolved to seek legal advice.", id="narrative-resolved"),
        pytest.param(
            "6. Business\nThe Chairman proposed and the Vice-Chairman seconded that the meeting be extended to 10pm.",
            id="procedural-motion",
        ),
        pytest.param("The issues had now been resolved by the contractor.", id="resolved-as-fixed"),
        pytest.param("Agreed budget 2024/25\t£1.2m\nAgreed savings\t£300k", id="agreed-as-a-table-name"),
        pytest.param("Risk\tStatus\nFlooding\tResolved", id="resolved-as-a-status-cell"),
        pytest.param("The Council to pass a resolution excluding the press and public.", id="agenda-wording"),
    ],
)
def test_not_resolutions(text):
    assert R.find_resolutions(text_doc(text), META) == []


def test_amended_motion_keeps_original_mover():
    text = (
        "306.      Governance\n\n"
        "        1)    Mr Gough proposed, and Mr Jeffrey seconded the motion that the report be noted.\n\n"
        "        2)    Mr Holden proposed and Mr Lewis seconded the following amendment: add a review.\n\n"
        "        3)    RESOLVED that Council notes the report.\n"
    )
    (res,) = R.find_resolutions(text_doc(text, "pdf"), META)
    assert (res.minute, res.moved_by, res.seconded_by, res.text) == (
        "306",
        "Mr Gough",
        "Mr Jeffrey",
        "Council notes the report.",
    )


def test_table_with_a_resolution_column():
    text = (
        "Minute No\tItem\tResolution\tProposed\tSeconded\n"
        "23/45\tPlanning\tTo object to the application\tCllr A\tCllr B\n"
        "23/46\tHall\t\t\t\n"
        "23/47\tFinance\tThat the payments be approved\tCllr C\tCllr D"
    )
    got = [(r.minute, r.text, r.moved_by, r.seconded_by) for r in R.find_resolutions(text_doc(text), META)]
    assert got == [
        ("23/45", "To object to the application", "Cllr A", "Cllr B"),
        ("23/47", "the payments be approved", "Cllr C", "Cllr D"),
    ]


def test_left_aligned_pdf_blocks():
    text = (
        "45.  Budget\n\nThe report was presented.\n\nRESOLVED that:\n\n(a) the budget be approved;\n\n"
        "(b) the precept be set.\n\n46.  Hall\n\nRESOLVED that:\n\nthe hall be repainted.\n\nThe Clerk gave an update."
    )
    got = [(r.minute, r.part, r.text) for r in R.find_resolutions(text_doc(text, "pdf"), META)]
    assert got == [
        ("45", "a", "the budget be approved"),
        ("45", "b", "the precept be set."),
        ("46", None, "the hall be repainted."),
    ]


def test_paragraph_number_before_resolved_is_not_a_part_or_minute():
    text = "90.     Transfer of service\n\n    5.  RESOLVED that Cabinet agree to transfer the service\n        from 1 April 2025.\n"
    (res,) = R.find_resolutions(text_doc(text, "pdf"), META)
    assert (res.minute, res.part, res.text) == ("90", None, "Cabinet agree to transfer the service from 1 April 2025.")


# --------------------------------------------------------------------------- rules file


def test_rules_load_and_bad_rule_fails(tmp_path):
    assert R.load_rules().roles
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"kind": "cue", "role": "chair", "id": "x", "pattern": [{"LOWER": "x"}]}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="role"):
        R.load_rules(str(bad))
    bad.write_text('{"kind": "cue", "role": "mover", "id": "x", "pattern": [{"NOPE": "x"}]}\n', encoding="utf-8")
    with pytest.raises(Exception):  # noqa: B017 - spaCy's own pattern validation error
        R.load_rules(str(bad))


def test_cue_guard_covers_every_cue_word():
    """The regex guard in front of the tokenizer must let every cue word of the rule file through."""
    for raw in R.PATTERNS_PATH.read_text(encoding="utf-8").splitlines():
        rule = json.loads(raw) if raw.strip() else {}
        if rule.get("kind") != "cue":
            continue
        first = rule["pattern"][0]["LOWER"]
        for word in first.get("IN", [first] if isinstance(first, str) else []):
            assert R._CUE_GUARD.search(word), word


# --------------------------------------------------------------------------- properties

_WORDS = st.sampled_from(
    [
        "RESOLVED",
        "that",
        "(1)",
        "(2)",
        "a)",
        "Resolved",
        "12/20",
        "5.",
        "Cllr",
        "Smith",
        "proposed",
        "seconded",
        "Agreed",
        "\n",
        "\n\n",
        ":",
        "the",
        "Council",
        "by",
        "(",
        ")",
        "Moved",
        "2nd",
        "|",
        "\t",
        "    ",
        "unanimously",
        ".",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=400), st.lists(_WORDS, max_size=80).map(" ".join)), st.sampled_from(["text", "pdf"]))
def test_never_raises_and_offsets_inside(text, fmt):
    document = text_doc(text, fmt)
    for res in R.find_resolutions(document, META):
        assert 0 <= res.char_start <= res.char_end <= len(document.text)
        assert res.text
