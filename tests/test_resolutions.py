"""Resolutions: RESOLVED / AGREED parts, minute numbers, movers and seconders, on real papers and snippets."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract import evaluate as ev
from extract import movers
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
        pytest.param(
            "5\\. Minutes\n\nProposed - Cllr Adams Seconded - Cllr Baker\n\n'That the minutes be approved'\n\nAll in favour",
            [("5", None, "the minutes be approved", "Cllr Adams", "Cllr Baker")],
            id="markdown-number-vote-line-then-quoted-motion",
        ),
        pytest.param(
            "6. Accounts\n\nThe clerk went through the figures.\n\nProposed – Cllr Cole Seconded – Cllr Dean\n\n"
            "That the accounts are approved.\n\nAll in favour",
            [("6", None, "the accounts are approved.", "Cllr Cole", "Cllr Dean")],
            id="motion-after-vote-line-not-narrative-before",
        ),
        pytest.param(
            "3. Minutes\nCllr Mrs Green proposed acceptance of the Minutes seconded by Cllr Hand. Unanimously Agreed",
            [("3", None, "acceptance of the Minutes", "Cllr Mrs Green", "Cllr Hand")],
            id="what-was-proposed-between-the-cues",
        ),
        pytest.param(
            "7. Signatory\nCllr Adams proposed Cllr Brown, seconded by Cllr Cole. "
            "It was agreed that Cllr Brown will be the third signatory.",
            [("7", None, "Cllr Brown will be the third signatory.", "Cllr Adams", "Cllr Cole")],
            id="nomination-then-agreed-sentence",
        ),
        pytest.param(
            "8. FINANCES: i. The auditor was appointed for the year end. ii. The accounts to April 2nd 2019 were "
            "accepted and payments approved. Prop AB, 2nd CD, All agreed. iii. It was agreed that the Clerk should "
            "seek three quotes.",
            [("8", None, "The accounts to April 2nd 2019 were accepted and payments approved.", "AB", "CD")],
            id="trailing-vote-in-run-on-sub-items",
        ),
        pytest.param(
            "10. Local Plan i. The Councillors agreed to sign the pledge, Prop. RS, 2nd CP, All agreed. "
            "The pledge states that no new sites be allocated.",
            [("10", None, "The Councillors agreed to sign the pledge", "RS", "CP")],
            id="vote-clause-after-a-comma",
        ),
        pytest.param(
            "(a) It was moved by the Mayor, seconded by the Deputy Mayor and\n\n"
            "    Resolved that the minutes of the meeting held on 25 February be approved.\n\n"
            "(b) It was moved by Councillor Ann Bell, seconded by Councillor Tom Reed and\n\n"
            "Resolved that the minutes of the Executive be received.",
            [
                (None, None, "the minutes of the meeting held on 25 February be approved.", "Mayor", "Deputy Mayor"),
                (None, None, "the minutes of the Executive be received.", "Councillor Ann Bell", "Councillor Tom Reed"),
            ],
            id="moved-and-seconded-on-the-line-above-each-resolved",
        ),
        pytest.param(
            "8) Reports\n 8.1 The bench is in a poor state\n 8.2 Resolved – that the council supports a 20mph limit.\n"
            "10) Notice Board\n Resolved – to defer the decision on the board.\n11) Planning\n"
            " 11.1 Agreed – to take no further action on Hillside",
            [
                ("8.1", None, "the council supports a 20mph limit.", None, None),
                ("8.1", None, "to defer the decision on the board.", None, None),
                ("11.1", None, "to take no further action on Hillside", None, None),
            ],
            id="decimal-items-with-dashed-markers-and-bracketed-headings",
        ),
        pytest.param(
            "1. Welcome\n\nThe chair welcomed all.\n\n2 Apologies.\n\nNone.\n\n3 Election of Chair.\n\n"
            "Cllr. Parker was elected Chairman (Proposer: Cllr. Bishop, seconder: Cllr. Reed).\n\n4 Sub Committees.\n\n"
            "The Council resolved that the membership should remain as agreed.",
            [
                ("3", None, "Cllr. Parker was elected Chairman", "Cllr. Bishop", "Cllr. Reed"),
                ("4", None, "the membership should remain as agreed.", None, None),
            ],
            id="bare-number-headings-with-a-full-stop",
        ),
        pytest.param(
            "7. Subscription\nProposal: Mrs Mitchell proposed and Mr Berry seconded payment of this subscription and "
            "the meeting unanimously agreed. The clerk will pay it.",
            [("7", None, "payment of this subscription", "Mrs Mitchell", "Mr Berry")],
            id="motion-after-proposed-and-seconded",
        ),
        pytest.param(
            "135. Minutes of 1st November 2012\n135.1 Councillor Allen proposed and Councillor Turnell seconded all in "
            "favour of being signed as a true and correct record.",
            [("135.1", None, "being signed as a true and correct record.", "Councillor Allen", "Councillor Turnell")],
            id="vote-running-into-the-motion",
        ),
        pytest.param(
            "4. Minutes\nProposal: Agreement to the content of the minutes was proposed by Mr Berry and seconded by "
            "Mrs Mitchell and was unanimously agreed by the meeting.",
            [("4", None, "Agreement to the content of the minutes", "Mr Berry", "Mrs Mitchell")],
            id="passive-proposal",
        ),
        pytest.param(
            "2.\n\nMinute of Previous Meeting\n\nThe Committee resolved:-\n\n(i)   to approve the minute as a correct "
            "record; and\n\n(ii)  to note the oral update on the investigation.",
            [
                ("2", "i", "to approve the minute as a correct record; and", None, None),
                ("2", "ii", "to note the oral update on the investigation.", None, None),
            ],
            id="committee-resolved-colon-dash",
        ),
        pytest.param(
            "Minutes of the previous meeting | Decision: The minutes were AGREED as a correct record. |\n"
            "Declaration of Interests | Decision: None |",
            [(None, None, "The minutes were AGREED as a correct record.", None, None)],
            id="agreed-mid-sentence-in-a-table-row",
        ),
        pytest.param(
            "Decision: Cllr Bell MOVED, Cllr Dacres SECONDED and it was RESOLVED to: 1. Note the outcome of the "
            "consultation on the housing plan and the comments received from residents 2. Agree the seven priority "
            "areas set out in the plan and their associated actions. 3. Agree that the delivery of the plan is reported "
            "annually to the Health and Wellbeing Board and to the Overview and Scrutiny Committee. |",
            [
                (
                    None,
                    "1",
                    "Note the outcome of the consultation on the housing plan and the comments received from residents",
                    "Cllr Bell",
                    "Cllr Dacres",
                ),
                (
                    None,
                    "2",
                    "Agree the seven priority areas set out in the plan and their associated actions.",
                    "Cllr Bell",
                    "Cllr Dacres",
                ),
                (
                    None,
                    "3",
                    "Agree that the delivery of the plan is reported annually to the Health and Wellbeing Board and to "
                    "the Overview and Scrutiny Committee.",
                    "Cllr Bell",
                    "Cllr Dacres",
                ),
            ],
            id="numbered-parts-run-into-one-paragraph",
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
        pytest.param(
            "6. Public forum\nCllr Adams proposed closing the meeting seconded by Cllr Baker.\n"
            "Cllr Baker proposed the meeting be re-opened for council business seconded by Cllr Cole. Agreed.",
            id="closing-and-reopening-the-meeting",
        ),
        pytest.param(
            "The meeting was adjourned for public comments. Proposed by Cllr Adams, seconded by Cllr Baker",
            id="adjourned-meeting",
        ),
        pytest.param(
            "6/16 Matters arising\n\nResolved: (For information only)\n\n1. Footpath: the sign had been repaired.\n"
            "2. Drain: Highways had been told.",
            id="resolved-for-information-only",
        ),
        pytest.param(
            "1.\n\nExempt Business\n\nThe Committee resolved:-\n\nto exclude the press and public from the meeting "
            "for item 10 so as to avoid disclosure of exempt information.",
            id="resolution-to-exclude-the-press-is-procedural",
        ),
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
    assert movers.load_rules().roles
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"kind": "cue", "role": "chair", "id": "x", "pattern": [{"LOWER": "x"}]}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="role"):
        movers.load_rules(str(bad))
    bad.write_text('{"kind": "cue", "role": "mover", "id": "x", "pattern": [{"NOPE": "x"}]}\n', encoding="utf-8")
    with pytest.raises(Exception):  # noqa: B017 - spaCy's own pattern validation error
        movers.load_rules(str(bad))


def test_cue_guard_covers_every_cue_word():
    """The regex guard in front of the tokenizer must let every cue word of the rule file through."""
    for raw in movers.PATTERNS_PATH.read_text(encoding="utf-8").splitlines():
        rule = json.loads(raw) if raw.strip() else {}
        if rule.get("kind") != "cue":
            continue
        first = rule["pattern"][0]["LOWER"]
        for word in first.get("IN", [first] if isinstance(first, str) else []):
            assert movers.CUE_GUARD.search(word), word


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


@pytest.mark.parametrize(
    ("text", "role"),
    [
        pytest.param("The accounts to April 2nd 2019 were accepted.", None, id="day-after-month"),
        pytest.param("Reconciliation 2nd April 2019", None, id="day-before-month"),
        pytest.param("Prop. GK, 2nd JR, all agreed", "seconder", id="seconder-initials"),
    ],
)
def test_second_in_a_date_is_not_a_seconder(text, role):
    roles = [c.role for c in movers.find_cues(text) if c.role == "seconder"]
    assert roles == ([role] if role else [])
