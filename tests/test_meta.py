"""Paper metadata: snippets of typical UK council papers, the corpus papers against their gold meta, helpers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract import meta
from extract.evaluate import score_meta
from extract.findings import DOC_TYPES
from ingest import Document, FileMeta, IngestError, Page, read_document

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold"
CORPUS = ROOT / "corpus"


def paper(text: str, title: str | None = None) -> Document:
    return Document(id="x", path="x.txt", format="text", pages=(Page(1, text),), file_meta=FileMeta(title=title))


DISTRICT_PLANNING = """                         SOUTH KESTEVEN DISTRICT COUNCIL

Minutes of the meeting of the Planning Committee held on Thursday 12 March 2020 at 10.00am in the Council
Chamber, Council Offices, Grantham

PRESENT: Councillor A Smith (Chairman), Councillor B Jones

RESOLVED that the application be approved."""

CAPS_SCRUTINY = """NORTH SOMERSET COUNCIL

MINUTES OF A MEETING OF THE OVERVIEW AND SCRUTINY COMMITTEE HELD ON 5 JUNE 2019 AT 2.00 PM

Present: Councillors X, Y

Resolved: that the minutes be approved."""

PARISH_COUNCIL_BODY = """ASHWELL PARISH COUNCIL

Minutes of the meeting of the Council held at the Village Hall on 4th March 2021

Present: Cllrs A, B, C
Resolved to accept apologies."""

LONDON_CABINET = """LONDON BOROUGH OF CAMDEN

CABINET

MINUTES of the meeting held on Wednesday, 9th February, 2022

PRESENT: Councillor G Gould (Chair)
RESOLVED - That the budget be agreed."""

PARISH_AGENDA = """Great Snoring Parish Council

NOTICE OF MEETING

You are hereby summoned to attend a meeting of the Parish Council to be held on Tuesday 14 May 2024 at 7pm.

AGENDA
1. Apologies for absence
2. Minutes of the previous meeting"""

BUDGET_REPORT = """Agenda Item 7

Report to: Cabinet
Date: 12 February 2024
Report of: Director of Finance
Title: Revenue Budget and Council Tax 2024/25

1. Purpose of the report
1.1 This report sets out the proposed revenue budget of Wychavon District Council for 2024/25, for approval.

Wychavon District Council (WDC) will need savings of £2m. WDC will consult. WDC agreed."""

AUDIT_REPORT = """REPORT TO: AUDIT AND GOVERNANCE COMMITTEE
DATE: 27 JULY 2023
SUBJECT: Internal Audit Annual Report 2022/23

Lichfield District Council

1. Purpose
To present the annual report of the Head of Internal Audit for the year to 31 March 2023, with an opinion."""

US_MINUTES = """Springfield Township Board of Trustees
Regular Meeting Minutes
January 8, 2019

Present: Trustees A, B
Motion to approve $12,000 for road repairs carried."""

COMBINED_AUTHORITY = """West Midlands Combined Authority Board

Minutes of the meeting held on Friday 15 March 2024 at 11.00am

Present: Councillor I Ward (Chair)
Resolved: That the report be noted."""

CASE_STUDY = """Digital transformation: Wychavon District Council

Context

Wychavon District Council wanted to move services online. It worked with Worcestershire County Council.

What we did

The council set up a digital team.

Lessons learned

Start small."""

TOWN_MINUTES_TYPE = """Harpenden Town Council

Minutes of the Extraordinary Meeting held on Monday 10 January 2022 at 7.30pm

Present: Cllr A, Cllr B

It was RESOLVED to approve the accounts."""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            DISTRICT_PLANNING,
            {
                "councils": ("South Kesteven District Council",),
                "committee": "Planning Committee",
                "doc_type": "minutes",
                "date": "2020-03-12",
                "title": "Minutes of the Planning Committee meeting, 12 March 2020",
            },
            id="district-planning-minutes",
        ),
        pytest.param(
            CAPS_SCRUTINY,
            {
                "councils": ("North Somerset Council",),
                "committee": "Overview and Scrutiny Committee",
                "doc_type": "minutes",
                "date": "2019-06-05",
            },
            id="all-capitals-scrutiny-minutes",
        ),
        pytest.param(
            PARISH_COUNCIL_BODY,
            {
                "councils": ("Ashwell Parish Council",),
                "committee": "Parish Council",
                "date": "2021-03-04",
                "title": "Minutes of Ashwell Parish Council meeting, 4 March 2021",
            },
            id="parish-meeting-of-the-council",
        ),
        pytest.param(
            LONDON_CABINET,
            {"councils": ("London Borough of Camden",), "committee": "Cabinet", "date": "2022-02-09"},
            id="london-borough-cabinet",
        ),
        pytest.param(
            PARISH_AGENDA,
            {"councils": ("Great Snoring Parish Council",), "doc_type": "agenda", "date": "2024-05-14"},
            id="parish-agenda",
        ),
        pytest.param(
            BUDGET_REPORT,
            {
                "councils": ("Wychavon District Council",),
                "committee": "Cabinet",
                "doc_type": "report",
                "date": "2024-02-12",
                "title": "Revenue Budget and Council Tax 2024/25",
            },
            id="budget-report-cover-sheet",
        ),
        pytest.param(
            AUDIT_REPORT,
            {
                "councils": ("Lichfield District Council",),
                "committee": "Audit and Governance Committee",
                "doc_type": "report",
                "date": "2023-07-27",
                "title": "Internal Audit Annual Report 2022/23",
            },
            id="audit-committee-report",
        ),
        pytest.param(US_MINUTES, {"councils": (), "doc_type": "minutes", "date": "2019-01-08"}, id="us-minutes"),
        pytest.param(
            COMBINED_AUTHORITY,
            {"councils": ("West Midlands Combined Authority",), "committee": "Board", "date": "2024-03-15"},
            id="combined-authority-board",
        ),
        pytest.param(
            CASE_STUDY,
            {
                "councils": ("Wychavon District Council",),
                "committee": None,
                "doc_type": "case_study",
                "date": None,
                "title": "Digital transformation: Wychavon District Council",
            },
            id="case-study-partner-not-subject",
        ),
        pytest.param(
            "Case study\n\nFlood resilience: Calderdale Council\n\n" + CASE_STUDY.split("\n", 1)[1],
            {"title": "Flood resilience: Calderdale Council", "doc_type": "case_study"},
            id="genre-label-before-title",
        ),
        pytest.param(
            TOWN_MINUTES_TYPE,
            {
                "committee": "Town Council",
                "title": "Minutes of the Extraordinary Meeting of Harpenden Town Council, 10 January 2022",
            },
            id="town-council-named-meeting",
        ),
    ],
)
def test_snippets(text, expected):
    got = meta.infer_meta(paper(text))
    for key, value in expected.items():
        assert getattr(got, key) == value, key


def _gold_cases():
    cases = []
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        name = gold["document"]
        cases.append(pytest.param(name, gold["meta"], id=name))
        # The seed papers also exist rendered to PDF and HTML: the same meta must come out of every format.
        stem = Path(name).stem
        for rendered in sorted((CORPUS / "rendered").glob(f"{stem}.*")):
            cases.append(pytest.param(f"rendered/{rendered.name}", gold["meta"], id=f"rendered-{rendered.name}"))
    return cases


def _find(name: str) -> Path | None:
    if "/" in name:
        path = CORPUS / name
        return path if path.exists() else None
    hits = sorted(CORPUS.rglob(name))
    return hits[0] if hits else None


@pytest.mark.parametrize(("name", "gold"), _gold_cases())
def test_gold_meta(name, gold):
    path = _find(name)
    if path is None:
        pytest.skip(f"{name} not in corpus/")
    got = meta.infer_meta(read_document(path))
    fields = score_meta(gold, got)
    assert all(fields.values()), {k: (gold.get(k), getattr(got, k)) for k, ok in fields.items() if not ok}


@pytest.mark.parametrize(
    ("name", "doc_type"),
    [
        pytest.param("US_chicago_ssa21_commission_minutes_2018-01-29.pdf", "minutes", id="chicago"),
        pytest.param("kent_cc_budget_report_2025-26_mtfp_feb2025.pdf", "report", id="kent-budget"),
        pytest.param("kent_cc_budget_risk_register_2025-26.pdf", "report", id="kent-risk-register"),
    ],
)
def test_other_real_papers(name, doc_type):
    path = CORPUS / "real" / name
    if not path.exists():
        pytest.skip(f"{name} not in corpus/real")
    got = meta.infer_meta(read_document(path))
    assert got.doc_type == doc_type
    if name.startswith("US_"):
        assert got.councils == ()  # a US commission is no UK council
    else:
        assert got.councils == ("Kent County Council",)  # known only as KCC ... Kent in these papers


# --------------------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("STOKE-ON-TRENT CITY COUNCIL", "Stoke-on-Trent City Council", id="hyphenated"),
        pytest.param("CUSTOMER SERVICE AND TRANSFORMATION", "Customer Service and Transformation", id="small-words"),
        pytest.param("Review of The Strategic Alliance", "Review of The Strategic Alliance", id="mixed-case-kept"),
        pytest.param("KING'S LYNN", "King's Lynn", id="apostrophe"),
        pytest.param("MONDAY 13TH MAY (DRAFT)", "Monday 13th May (Draft)", id="ordinal-and-bracket"),
    ],
)
def test_recase(text, expected):
    assert meta.recase(text) == expected


@pytest.mark.parametrize(
    ("text", "iso", "granularity"),
    [
        pytest.param("Thursday, 30 January 2025.", "2025-01-30", "day", id="weekday-comma"),
        pytest.param("3 rd May 2013", "2013-05-03", "day", id="spaced-ordinal"),
        pytest.param("Feedback: 5 to 9 September 2024", "2024-09-05", "day", id="day-range-start"),
        pytest.param("from Tuesday 28 November to Friday 1 December 2023", "2023-11-28", "day", id="month-range"),
        pytest.param("28 December to 2 January 2024", "2023-12-28", "day", id="range-over-new-year"),
        pytest.param("Monday, January 29, 2018", "2018-01-29", "day", id="us-order"),
        pytest.param("March 2018", "2018-03-01", "month", id="month-only"),
        pytest.param("held 04/03/2021", "2021-03-04", "day", id="numeric-uk"),
    ],
)
def test_find_dates(text, iso, granularity):
    hit = meta.find_dates(text)[0]
    assert (hit.iso, hit.granularity) == (iso, granularity)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("31 February 2020", id="impossible-day"),
        pytest.param("minute 14/10/6.01", id="minute-number"),
        pytest.param("Vision 2040", id="year-in-name"),
    ],
)
def test_find_dates_rejects(text):
    assert meta.find_dates(text) == []


@pytest.mark.parametrize(
    ("line", "names"),
    [
        pytest.param("Should Kent County Council agree", ["Kent County Council"], id="sentence-before-name"),
        pytest.param(
            "Bolsover and North East Derbyshire District Councils",
            ["Bolsover District Council", "North East Derbyshire District Council"],
            id="plural-pair",
        ),
        pytest.param(
            "Borough Council of Kings Lynn & West Norfolk",
            ["Borough Council of Kings Lynn & West Norfolk"],
            id="council-of",
        ),
        pytest.param("Revenue Budget and Council Tax 2024/25", [], id="council-tax"),
        pytest.param("the County Council agreed", [], id="generic"),
        pytest.param("North East Derbyshire's Council meeting", [], id="possessive"),
        pytest.param("Brighton and Hove City Council", ["Brighton and Hove City Council"], id="and-in-name"),
    ],
)
def test_council_names(line, names):
    assert [n.name for _, n, _ in meta.names_in([line]) if n.key] == names


@pytest.mark.parametrize(
    ("text", "body"),
    [
        pytest.param("CABINET", "Cabinet", id="cabinet"),
        pytest.param("Report to: Planning Committee", "Planning Committee", id="report-to"),
        pytest.param("KENT COUNTY COUNCIL", None, id="named-authority"),
        pytest.param("Ordinary Meeting", None, id="meeting-kind"),
        pytest.param("Circulated to Cabinet", None, id="sentence"),
        pytest.param("Licensing Sub-Committee", "Licensing Sub-Committee", id="sub-committee"),
    ],
)
def test_body_name(text, body):
    assert meta.body_name(text) == body


def test_initials():
    assert meta.initials("North East Derbyshire District Council") == "NEDDC"
    assert meta.initials("Borough Council of King's Lynn and West Norfolk") == "BCKLWN"


@pytest.mark.parametrize(
    "line",
    [
        pytest.param('{"kind": "words", "label": "NOPE", "words": ["a"]}', id="unknown-label"),
        pytest.param('{"kind": "words", "label": "NAME_STOP", "words": ["Upper"]}', id="not-lower-case"),
        pytest.param('{"kind": "phrases", "label": "MINUTES", "phrases": []}', id="empty"),
        pytest.param('{"kind": "matcher", "label": "COUNCIL", "pattern": "council"}', id="pattern-not-list"),
        pytest.param("not json", id="not-json"),
    ],
)
def test_bad_rules_fail_at_load(line):
    with pytest.raises(ValueError):
        meta.parse_rules([line])


def test_bad_gazetteer_line_fails_at_load():
    with pytest.raises(ValueError):
        meta.parse_gazetteer(['{"place": "", "council": "X Council"}'])


def test_shipped_rules_load():
    assert meta.rules().matchers
    assert len(meta.gazetteer()) > 300
    assert meta.get_meta_nlp() is meta.get_meta_nlp()


@settings(max_examples=60, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("abcKENT COUNCIL\n\t.,:0123456789£$-–'Minutes of Cabinet held on May")),
        max_size=400,
    )
)
def test_never_raises(text):
    got = meta.infer_meta(paper(text))
    assert got.doc_type in DOC_TYPES
    assert got.date is None or len(got.date) == 10
    assert all(isinstance(c, str) and c for c in got.councils)


def test_unreadable_paper_is_not_meta_business():
    # Readers raise before meta runs; meta itself copes with an empty paper.
    got = meta.infer_meta(paper(""))
    assert got.councils == () and got.date is None
    assert IngestError  # the reader's error type stays the pipeline's concern


JOINT_PARISH = """Eastwick Parish Council April Meeting

Eastwick and Westwick Parish Council – Ordinary Meeting Tuesday 2nd April 2019, 7.30pm *DRAFT MINUTES*

PRESENT Cllr A, Cllr B

The accounts were accepted. Prop AB, 2nd CD, All agreed. The Clerk will discuss the release of Draft Minutes."""

EXTRAORDINARY = """ASHBY PARISH COUNCIL

Extraordinary Parish Council Meeting

12 April 2016 at 6.30 pm

Attendance: Cllr A, Cllr B

Resolved: (1) That the objection be sent."""

BODY_DRAFT_ONLY = """Minutes of Ashby Parish Council Meeting held on Wednesday 10 July 2013

Those Attending: Cllr A, Cllr B

9. Draft Minutes: Cllr A proposed that Draft Minutes should not be released, seconded by Cllr B. Carried"""

COVER_SHEET = """From: Jane Smith – Leader of the Council
Peter Jones – Chief Executive Officer
To: Cabinet – 4 March 2025
Decision No: n/a
: Quarterly Performance Report, Quarter 3, 2024/25
Classification: Unrestricted
Summary: The report informs Cabinet about performance. KCC is in touch with partners.
Contact details: jane.smith@kent.gov.uk"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            JOINT_PARISH,
            {
                "councils": ("Eastwick and Westwick Parish Council",),
                "title": "Draft Minutes of Eastwick and Westwick Parish Council Ordinary Meeting, 2 April 2019",
            },
            id="joint-parish-short-form-dropped",
        ),
        pytest.param(EXTRAORDINARY, {"councils": ("Ashby Parish Council",)}, id="meeting-kind-is-not-a-place"),
        pytest.param(
            BODY_DRAFT_ONLY,
            {"title": "Minutes of Ashby Parish Council meeting, 10 July 2013"},
            id="draft-minutes-in-the-body-is-not-the-paper-status",
        ),
        pytest.param(
            COVER_SHEET,
            {
                "councils": ("Kent County Council",),
                "committee": "Cabinet",
                "doc_type": "report",
                "date": "2025-03-04",
                "title": "Quarterly Performance Report, Quarter 3, 2024/25",
            },
            id="report-cover-sheet-from-to-and-domain",
        ),
    ],
)
def test_held_out_style_snippets(text, expected):
    got = meta.infer_meta(paper(text))
    for key, value in expected.items():
        assert getattr(got, key) == value, key


@pytest.mark.parametrize(
    ("text", "body"),
    [
        pytest.param("To: Cabinet – 4 March 2025", "Cabinet", id="to-with-date"),
        pytest.param("To: County Council – 9th January 2025", "County Council", id="to-county-council-with-date"),
        pytest.param("From: Jane Smith – Leader of the Council", None, id="from-a-person"),
    ],
)
def test_body_name_on_cover_fields(text, body):
    assert meta.body_name(text) == body


def test_abbreviation_names_the_principal_council_not_a_leaders_group():
    text = (
        "Report to County Council\n\nA meeting of Kent Council Leaders was held. KCC has long supported this. "
        "KCC will respond. KCC remains committed."
    )
    assert meta.body_councils(text) == ["Kent County Council"]


MODERNGOV_PAGE = """Agenda and minutes

Annual, Council - Tuesday 16 May 2017 2.00 pm

Venue: Committee Rooms, East Pallant House.

Contact: Democratic Services  Email: democracy@chichester.gov.uk

Items
No. Item

202.

Election of the Chairman of the Council

Minutes:

Mrs Shepherd invited nominations for election of the Chairman of the Council.

RESOLVED

That Mrs Hamilton be elected the Chairman of the Council."""

RUN_ON_CABINET = """Cabinet. Wednesday, 30 January 2019

1 Cabinet Wednesday, 30 January 2019 Attendees: Councillor Ann Archer, Councillor Ben Baker, Councillor Cath Cole, \
Councillor Dan Dale, Councillor Eve Evans, Councillor Fay Ford, Councillor Guy Green, Councillor Hal Hill Also in \
attendance: Councillors Ives, Jones and King No. Publication and Call in Arrangements Date Published 31 January 2019 \
Date when decisions may be implemented (unless called in) 5pm 7 February 2019 \
320 Minutes of Previous Meeting RESOLVED that the minutes of the meeting held on 21 November 2018 be confirmed."""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            MODERNGOV_PAGE,
            {
                "councils": ("Chichester District Council",),
                "committee": "Council",
                "doc_type": "minutes",
                "date": "2017-05-16",
            },
            id="agenda-and-minutes-web-page",
        ),
        pytest.param(
            RUN_ON_CABINET, {"committee": "Cabinet", "date": "2019-01-30"}, id="date-published-and-held-on-deep-inside"
        ),
        pytest.param(
            "Minutes of the Annual Meeting of Ashby Parish Council held on Wednesday 15thMay 2019, 7pm\n\nPresent: A, B",
            {"date": "2019-05-15"},
            id="ordinal-glued-to-month",
        ),
    ],
)
def test_web_page_snippets(text, expected):
    got = meta.infer_meta(paper(text))
    for key, value in expected.items():
        assert getattr(got, key) == value, key


def test_agenda_item_title_is_not_a_body():
    assert meta.body_name("Election of the Chairman of the Council") is None
