"""Deterministic generator of a realistic council-papers corpus: multi-page PDFs (reportlab) and HTML pages.

Papers follow the structure of the papers in ``corpus/``: minutes with numbered items, attendance lists and
RESOLVED parts with proposer and seconder; reports with a Summary, a 'Recommendations' section, budget tables
in £000, savings, financial years and an action-plan table (Ref / Recommendation / Lead officer / Target date /
Status); agendas. Prose mixes templated council sentences with a word-level Markov chain trained on the seed
papers in ``corpus/seed`` so the vocabulary is that of real papers, and invented place names, people and
planning references make the vocabulary grow with the corpus as it does in a real archive.

Every paper is generated from its own ``random.Random(f"{seed}:{number}")``, so the output does not depend on
the number of processes used to build it.
"""

from __future__ import annotations

import html
import json
import os
import random
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from multiprocessing import Pool
from pathlib import Path

GENERATOR_VERSION = 1
ROOT = Path(__file__).resolve().parent.parent
SEED_DIR = ROOT / "corpus" / "seed"

# fmt: off
# name, type: the type decides which committees it has.
COUNCILS = [
    ("Kent County Council", "county"),
    ("Norfolk County Council", "county"),
    ("Derbyshire County Council", "county"),
    ("Surrey County Council", "county"),
    ("Lincolnshire County Council", "county"),
    ("Devon County Council", "county"),
    ("Hampshire County Council", "county"),
    ("Cumberland Council", "unitary"),
    ("Cornwall Council", "unitary"),
    ("Wiltshire Council", "unitary"),
    ("Derby City Council", "city"),
    ("Leeds City Council", "city"),
    ("Bristol City Council", "city"),
    ("Bolsover District Council", "district"),
    ("North East Derbyshire District Council", "district"),
    ("South Norfolk District Council", "district"),
    ("Maidstone Borough Council", "district"),
    ("Tunbridge Wells Borough Council", "district"),
    ("Ashford Borough Council", "district"),
    ("King's Lynn and West Norfolk Borough Council", "district"),
    ("Amber Valley Borough Council", "district"),
    ("Stoke Ferry Parish Council", "parish"),
    ("Northwold Parish Council", "parish"),
    ("Boughton Parish Council", "parish"),
    ("Horsley Parish Council", "parish"),
    ("Swaffham Town Council", "parish"),
    ("Downham Market Town Council", "parish"),
    ("Matlock Town Council", "parish"),
]
COMMITTEES = {
    "county": ["Cabinet", "County Council", "Scrutiny Committee", "Governance and Audit Committee",
               "Adult Social Care Cabinet Committee", "Environment and Transport Cabinet Committee",
               "Children's, Young People and Education Cabinet Committee", "Planning Applications Committee"],
    "unitary": ["Cabinet", "Full Council", "Overview and Scrutiny Committee", "Audit Committee",
                "Strategic Planning Committee", "Health and Wellbeing Board"],
    "city": ["Executive", "Full Council", "Scrutiny Board", "Licensing Committee", "Planning Committee",
             "Audit and Governance Committee"],
    "district": ["Cabinet", "Council", "Planning Committee", "Customer Services and Transformation Scrutiny Committee",
                 "Growth Scrutiny Committee", "Audit and Corporate Governance Scrutiny Committee",
                 "Strategic Alliance Joint Committee", "Licensing Committee"],
    "parish": ["Parish Council", "Finance Committee", "Planning Committee", "Annual Parish Meeting"],
}
VENUES = ["the Council Chamber, Sessions House, County Hall", "the Council Chamber, The Arc, Clowne",
          "Committee Room 2, Civic Centre", "the Village Hall", "the Jubilee Room, Town Hall",
          "Darent Room, Sessions House", "the Pavilion, Recreation Ground", "virtually online via Zoom",
          "the Guildhall", "the Assembly Rooms"]
FIRST = ["Sue", "Kit", "Stuart", "Andrew", "Gail", "Janet", "Trudy", "Donna", "Helen", "Martin", "Colin", "Stephen",
         "Ian", "Mandy", "Roger", "Paul", "Clair", "Mark", "Duncan", "Peter", "Rosemary", "Ben", "Dan", "Alan",
         "Shellina", "Rory", "Mike", "Neil", "Emma", "Karen", "Tom", "Jenny", "Graham", "Lesley", "Oliver", "Harriet",
         "Bryan", "Sarah", "David", "Richard", "Joanne", "Anne", "Simon", "Louise", "Hugh", "Gareth", "Priya", "Amir"]
SURNAMES = ["Lintern", "Hesketh-Harvey", "Collins", "Hayward", "Reeve", "Taylor", "Mann", "Stocking", "Richardson",
            "Storey", "Sampson", "Ward", "Lury", "Leamon", "Gough", "Oakford", "Chandler", "Sweetland", "Ridgers",
            "Thacker", "Edgell", "Brady", "Lehmann", "Sole", "Game", "Hood", "Baldock", "Dance", "Watts", "Cook",
            "Shipley", "Clifton", "Moesby", "Dooley", "Hollis", "Ashmore", "Whitehead", "Pemberton", "Okafor",
            "Patel", "Hussain", "Nowak", "Fitzgerald", "MacLeod", "Pritchard", "Llewellyn", "Carstairs", "Dunmore"]
ROLES = ["Chief Executive", "Section 151 Officer", "Monitoring Officer", "Director of Development",
         "Corporate Director of Finance", "Head of Housing", "Democratic Services Manager", "Parish Clerk",
         "Head of Planning", "Director of Adult Social Care", "Head of Environmental Health", "Head of Highways",
         "Strategic Director of Place", "Head of Internal Audit", "Assistant Director, Property", "Responsible Financial Officer"]
SYL_A = ["Ash", "Brad", "Chil", "Dun", "East", "Fair", "Grim", "Hal", "Kings", "Lang", "Mar", "Nor", "Over", "Pen",
         "Red", "Shep", "Thorn", "Up", "Wal", "West", "Whit", "Wood", "Clay", "Stan", "Hather", "Bram", "Elm", "Sand"]
SYL_B = ["bourne", "bury", "by", "cester", "combe", "den", "field", "ford", "gate", "ham", "hurst", "ley", "ling",
         "mere", "minster", "ton", "wick", "worth", "stead", "thorpe", "well", "hall", "brook", "dale"]
STREET = ["Road", "Lane", "Street", "Close", "Way", "Drive", "Avenue", "Green", "Meadows", "Crescent"]

# title, service, words used in its prose and in its budget table rows
TOPICS = [
    ("Revenue Budget Monitoring {fy}", "Finance", ["overspend", "underspend", "forecast", "variance", "reserves",
     "contingency", "inflation", "pay award"]),
    ("Draft Revenue Budget {fy} and Medium Term Financial Plan", "Finance", ["council tax", "precept",
     "settlement", "business rates", "savings", "reserves", "spending pressures"]),
    ("Capital Programme {fy} to {fy2}", "Finance", ["capital receipts", "borrowing", "slippage", "schemes",
     "prudential", "asset disposals"]),
    ("Adult Social Care Charging Policy", "Adult Social Care", ["care packages", "residential care",
     "domiciliary care", "assessment", "safeguarding", "carers"]),
    ("Home to School Transport", "Education", ["eligibility", "SEND", "routes", "contracts", "mileage", "escorts"]),
    ("Highways Asset Management Plan", "Highways", ["potholes", "resurfacing", "drainage", "street lighting",
     "winter gritting", "footways"]),
    ("Housing Revenue Account Business Plan", "Housing", ["tenants", "rents", "void properties", "repairs",
     "homelessness", "temporary accommodation", "allocations"]),
    ("Local Plan Review and Five Year Housing Land Supply", "Planning", ["allocations", "housing land supply",
     "inspector", "examination", "neighbourhood plan", "affordable homes"]),
    ("Waste and Recycling Contract", "Environment", ["kerbside collection", "garden waste", "fly-tipping",
     "recycling rates", "procurement", "landfill"]),
    ("Strategic Alliance Review", "Corporate", ["shared services", "joint committee", "staffing structures",
     "transformation", "efficiency", "senior management"]),
    ("Corporate Peer Challenge Action Plan", "Corporate", ["peer challenge", "governance", "culture",
     "member development", "scrutiny", "improvement"]),
    ("Leisure Centre Refurbishment", "Leisure", ["swimming pool", "gym", "memberships", "energy costs",
     "operator", "decarbonisation"]),
    ("Climate Emergency Action Plan", "Environment", ["carbon", "net zero", "retrofit", "solar panels",
     "electric vehicle charging", "biodiversity"]),
    ("Library Service Strategy", "Communities", ["opening hours", "volunteers", "mobile library",
     "digital inclusion", "community hubs"]),
    ("Treasury Management Strategy", "Finance", ["investments", "interest rates", "Public Works Loan Board",
     "counterparties", "minimum revenue provision"]),
    ("Budget Risk Register", "Finance", ["likelihood", "impact", "mitigation", "exposure", "demand",
     "market sustainability"]),
    ("Grant of Premises Licence", "Licensing", ["licensing objectives", "public nuisance", "representations",
     "conditions", "late night refreshment"]),
    ("Allotments and Open Spaces", "Parish", ["allotment holders", "playground", "grass cutting", "bus shelter",
     "noticeboard", "village green"]),
    ("Pay Policy Statement {fy}", "Human Resources", ["pay multiple", "senior officers", "grading",
     "living wage", "severance"]),
    ("Internal Audit Annual Report", "Audit", ["assurance", "audit opinion", "fraud", "control weaknesses",
     "follow-up", "counter fraud"]),
]
BUDGET_LINES = ["Adult Social Care", "Children's Services", "Education and Skills", "Highways and Transport",
                "Waste Management", "Public Health", "Housing", "Planning and Development", "Leisure and Culture",
                "Libraries", "Corporate Services", "Democratic Services", "Customer Services", "ICT",
                "Property and Facilities", "Environmental Health", "Car Parking", "Grounds Maintenance"]
STATUSES = ["Complete", "On track", "In progress", "Delayed", "Not started", "Ongoing"]
VOTES = ["carried unanimously", "all were in favour", "carried with {a} votes in favour and {b} against",
         "carried with {a} in favour, {b} against and {c} abstentions", "agreed by all members present"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# fmt: on

SENTENCES = [
    "The {role} introduced the report and explained that the forecast position for {fy} showed a pressure of {money}.",
    "Members noted that savings of {money} had been delivered against a target of {money2} in {fy}.",
    "The report set out proposals to reduce spending on {w} by {money} over the next three years.",
    "In response to a question from {cllr}, the {role} confirmed that {w} would be reviewed by {date}.",
    "{cllr} asked whether the {w} budget of {money} was sufficient given rising demand.",
    "It was noted that {pct}% of residents who responded to the consultation supported the proposals on {w}.",
    "The Council had received a grant of {money} from the Department for Levelling Up towards {w}.",
    "Officers reported that {n} households in {place} had been affected by changes to {w} since {date}.",
    "The {role} advised that the contract for {w} would expire on {date} and a procurement exercise would begin.",
    "{cllr} welcomed the progress on {w} and thanked officers in {place} for their work.",
    "A one-off contribution of {money} from reserves would be required to balance the {fy} budget.",
    "The net cost of the scheme at {street}, {place} was estimated at {money}, with {money2} funded by developer contributions.",
    "Members discussed the impact of {w} on residents of {place} and asked for a further report by {date}.",
    "The Committee was reminded that the annual precept for {fy} had been set at {money}.",
    "The {role} reported that the variance on {w} was {money} and was largely due to demand pressures.",
    "Planning application {ref} for land at {street}, {place} was considered; the officer recommendation was to approve.",
    "A member of the public spoke about {w} near {street}, {place}.",
    "The risk register identified {w} as a high risk with an estimated annual financial exposure of {money}.",
    "The efficiency programme was expected to generate recurring savings of {money} by {fy}.",
    "Income from {w} was {pct}% below the budgeted level of {money}.",
]
RESOLUTIONS = [
    "the {w} budget of {money} for {fy} be approved",
    "the report on {w} be noted",
    "the {role} be authorised to enter into a contract for {w} at a cost not exceeding {money}",
    "a further report on {w} be brought to the meeting on {date}",
    "savings of {money} in {fy} be approved as set out in Appendix {app}",
    "the precept for {fy} be set at {money}",
    "the Council tax requirement for {fy} of {money} be agreed",
    "the minutes of the meeting held on {date} be approved as a correct record and signed by the Chairman",
    "planning application {ref} be approved subject to the conditions set out in the report",
    "the Clerk write to {place} residents about {w}",
    "delegated authority be given to the {role}, in consultation with the Leader, to finalise {w}",
    "the capital scheme at {street}, {place} be added to the programme at a cost of {money}",
]
RECOMMENDATIONS = [
    "approve the revised budget for {w} of {money} in {fy}",
    "note the forecast overspend of {money} on {w}",
    "agree the savings proposals totalling {money} set out in Appendix {app}",
    "endorse the {w} strategy for consultation until {date}",
    "delegate authority to the {role} to award the contract for {w}",
    "approve the addition of {money} to the capital programme for {w} in {place}",
    "note the risks set out in section {n} and the mitigations proposed",
    "recommend to Council a council tax increase of {pct}% for {fy}",
]
ACTIONS = [
    "Review the {w} arrangements and report back to Members",
    "Develop a business case for {w} in {place}",
    "Deliver savings of {money} from {w} by {fy}",
    "Publish a revised {w} policy",
    "Commission an independent review of {w}",
    "Introduce quarterly monitoring of {w} spend",
    "Consult residents of {place} on {w}",
]


# --------------------------------------------------------------------------- the Markov chain


@lru_cache(maxsize=1)
def _chain() -> tuple[dict[tuple[str, str], list[str]], list[tuple[str, str]]]:
    """Order-2 word chain over the seed papers' sentences; starts are the opening word pairs."""
    text = ""
    if SEED_DIR.is_dir():
        text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEED_DIR.glob("*.txt")))
    text = re.sub(r"\*\*|\t|\.{3,}|[•●]", " ", text)
    sentences = [s.split() for s in re.split(r"(?<=[.!?])\s+|\n\s*\n", text) if len(s.split()) >= 8]
    if not sentences:  # a clone without corpus/seed still produces prose, just less varied
        sentences = [s.replace("{", "").replace("}", "").split() for s in SENTENCES]
    chain: dict[tuple[str, str], list[str]] = {}
    starts = []
    for words in sentences:
        words = words + ["<END>"]
        starts.append((words[0], words[1]))
        for a, b, c in zip(words, words[1:], words[2:], strict=False):
            chain.setdefault((a, b), []).append(c)
    return chain, starts


def markov_sentence(rng: random.Random, max_words: int = 45) -> str:
    """One sentence in the voice of the seed papers."""
    chain, starts = _chain()
    a, b = rng.choice(starts)
    words = [a, b]
    while len(words) < max_words:
        nxt = chain.get((a, b))
        if not nxt:
            break
        c = rng.choice(nxt)
        if c == "<END>":
            break
        words.append(c)
        a, b = b, c
    sentence = " ".join(words)
    return sentence if sentence[-1] in ".!?" else sentence.rstrip(",;:") + "."


# --------------------------------------------------------------------------- small random facts


class Facts:
    """Random council facts for one paper, all drawn from the paper's own RNG."""

    def __init__(self, rng: random.Random, council: str, kind: str, topic: tuple[str, str, list[str]]) -> None:
        self.rng = rng
        self.council, self.council_kind = council, kind
        self.topic = topic
        self.when = date(2013, 1, 1) + timedelta(days=rng.randrange(13 * 365))
        start = self.when.year if self.when.month >= 4 else self.when.year - 1
        self.fy_start = start
        self.members = [self.person() for _ in range(rng.randint(6, 14))]

    def person(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.surname()}"

    def surname(self) -> str:
        if self.rng.random() < 0.25:  # invented surnames grow the vocabulary with the corpus
            return self.place()
        return self.rng.choice(SURNAMES)

    def cllr(self) -> str:
        return f"Cllr {self.rng.choice(self.members)}"

    def place(self) -> str:
        return self.rng.choice(SYL_A) + self.rng.choice(SYL_B)

    def street(self) -> str:
        return f"{self.rng.randint(1, 140)} {self.place()} {self.rng.choice(STREET)}"

    def fy(self, offset: int = 0) -> str:
        y = self.fy_start + offset
        return f"{y}-{(y + 1) % 100:02d}" if self.rng.random() < 0.6 else f"{y}/{(y + 1) % 100:02d}"

    def money(self) -> str:
        r = self.rng.random()
        if self.council_kind == "parish":
            return f"£{self.rng.randint(50, 48000):,}"
        if r < 0.35:
            return f"£{self.rng.randint(2, 950) / 10:.1f}m"
        if r < 0.55:
            return f"£{self.rng.randint(1, 80)}.{self.rng.randint(0, 9)} million"
        if r < 0.9:
            return f"£{self.rng.randint(5, 990) * 1000:,}"
        return f"£{self.rng.randint(100, 9999):,}k"

    def date(self, days: int = 200) -> str:
        d = self.when + timedelta(days=self.rng.randint(-days, days))
        return self.long_date(d) if self.rng.random() < 0.8 else d.strftime("%d/%m/%Y")

    @staticmethod
    def long_date(d: date) -> str:
        return f"{d.day} {MONTHS[d.month - 1]} {d.year}"

    def ref(self) -> str:
        return f"{self.when.year % 100:02d}/{self.rng.randint(1, 2999):05d}/{self.rng.choice(['FUL', 'OUT', 'HOU', 'LBC', 'REM'])}"

    def fill(self, template: str) -> str:
        rng = self.rng
        words = self.topic[2]
        slots = {
            "role": rng.choice(ROLES),
            "fy": self.fy(rng.choice([0, 0, 1, -1])),
            "fy2": self.fy(10),
            "money": self.money(),
            "money2": self.money(),
            "w": rng.choice(words),
            "cllr": self.cllr(),
            "date": self.date(),
            "pct": str(rng.randint(2, 95)),
            "n": str(rng.randint(2, 400)),
            "place": self.place(),
            "street": self.street(),
            "ref": self.ref(),
            "app": rng.choice("ABCDEFG"),
            "a": str(rng.randint(5, 40)),
            "b": str(rng.randint(1, 12)),
            "c": str(rng.randint(1, 4)),
        }
        return template.format(**slots)

    def prose(self, sentences: int) -> str:
        out = []
        for _ in range(sentences):
            if self.rng.random() < 0.5:
                out.append(self.fill(self.rng.choice(SENTENCES)))
            else:
                out.append(markov_sentence(self.rng))
        return " ".join(out)


# --------------------------------------------------------------------------- papers as blocks

Block = tuple[str, object]  # ("h1"|"h2"|"p"|"table", text or rows)


@dataclass
class Paper:
    """A generated paper: its blocks and what it is."""

    number: int
    kind: str  # minutes | report | agenda
    council: str
    committee: str
    when: date
    title: str
    blocks: list[Block]

    @property
    def words(self) -> int:
        total = 0
        for kind, value in self.blocks:
            if kind == "table":
                total += sum(len(c.split()) for row in value for c in row)
            else:
                total += len(str(value).split())
        return total


def _minutes(f: Facts, committee: str, target_words: int) -> tuple[str, list[Block]]:
    rng = f.rng
    parish = f.council_kind == "parish"
    when = f.when
    blocks: list[Block] = [("h1", f.council.upper()), ("h1", committee.upper())]
    day = f"{WEEKDAYS[when.weekday()]}, {Facts.long_date(when)}"
    blocks.append(
        (
            "p",
            f"MINUTES of a meeting of the {committee} held at {rng.choice(VENUES)} on {day} at "
            f"{rng.choice(['10.00 am', '2.00 pm', '7.00 pm', '7.30 pm'])}.",
        )
    )
    chair, vice = f.members[0], f.members[1]
    others = ", ".join(f"Cllr {m}" for m in f.members[2:])
    blocks.append(("p", f"PRESENT: Cllr {chair} (Chairman), Cllr {vice} (Vice-Chairman), {others}"))
    officers = [f"{f.person()} ({rng.choice(ROLES)})" for _ in range(rng.randint(1, 3))]
    blocks.append(("p", "IN ATTENDANCE: " + " and ".join(officers)))
    number = rng.randint(1, 400)
    year = when.year % 100

    def label(n: int) -> str:
        return f"{n}/{year:02d}" if parish else f"{n}."

    standing = [
        ("Apologies for Absence", f"Apologies were received from {f.cllr()} and {f.cllr()}."),
        (
            "Declarations of Interest",
            f"{f.cllr()} declared an interest in item {number + 5} as a resident of {f.place()}.",
        ),
    ]
    for heading, body in standing:
        blocks += [("h2", f"{label(number)} {heading}"), ("p", body)]
        number += 1
    prev = Facts.long_date(when - timedelta(days=rng.choice([28, 35, 42, 56])))
    blocks += [
        ("h2", f"{label(number)} Minutes of the meeting held on {prev}"),
        (
            "p",
            f"RESOLVED: That the minutes of the meeting held on {prev} be approved as a correct record. "
            f"(Proposed by {f.cllr()}, seconded by {f.cllr()}; {f.fill(rng.choice(VOTES))}.)",
        ),
    ]
    number += 1
    while sum(len(str(v).split()) for _, v in blocks if isinstance(v, str)) < target_words:
        topic = rng.choice(TOPICS)
        item = Facts.__new__(Facts)
        item.__dict__.update(f.__dict__)
        item.topic = topic
        blocks.append(("h2", f"{label(number)} {item.fill(topic[0])}"))
        for _ in range(rng.randint(2, 5)):
            blocks.append(("p", item.prose(rng.randint(3, 7))))
        parts = [item.fill(rng.choice(RESOLUTIONS)) for _ in range(rng.randint(1, 3))]
        mover, seconder = item.cllr(), item.cllr()
        if len(parts) == 1:
            blocks.append(("p", f"RESOLVED that {parts[0]}."))
        else:
            blocks.append(("p", "RESOLVED that:"))
            blocks += [("p", f"({chr(97 + i)}) {p};") for i, p in enumerate(parts)]
        style = rng.random()
        if style < 0.5:
            blocks.append(("p", f"(Proposed by {mover}, seconded by {seconder}; {item.fill(rng.choice(VOTES))}.)"))
        else:
            blocks.append(("p", f"Moved by {mover}, seconded by {seconder}, and {item.fill(rng.choice(VOTES))}."))
        number += 1
    blocks.append(("p", f"The meeting closed at {rng.randint(8, 10)}.{rng.randint(10, 59)} pm."))
    blocks.append(("p", "Chairman .................................... Date ...................."))
    title = f"Minutes of the {committee} meeting, {Facts.long_date(when)}"
    return title, blocks


def _budget_table(f: Facts) -> list[list[str]]:
    rng = f.rng
    y0, y1 = f.fy(0), f.fy(1)
    rows = [["Service", f"{y0} Budget £000", f"{y1} Budget £000", "Change £000", "Savings £000"]]
    for line in rng.sample(BUDGET_LINES, rng.randint(5, 12)):
        base = rng.randint(200, 250000)
        new = int(base * rng.uniform(0.9, 1.12))
        rows.append([line, f"{base:,}", f"{new:,}", f"{new - base:,}", f"{rng.randint(0, base // 20):,}"])
    return rows


def _action_table(f: Facts) -> list[list[str]]:
    rng = f.rng
    rows = [["Ref", "Recommendation", "Lead officer", "Target date", "Status"]]
    for i in range(1, rng.randint(4, 10)):
        target = f.when + timedelta(days=rng.randint(30, 500))
        rows.append(
            [
                f"R{i}",
                f.fill(rng.choice(ACTIONS)),
                rng.choice(ROLES),
                f"{MONTHS[target.month - 1]} {target.year}",
                rng.choice(STATUSES),
            ]
        )
    return rows


def _report(f: Facts, committee: str, target_words: int) -> tuple[str, list[Block]]:
    rng = f.rng
    title = f.fill(f.topic[0])
    officer = f"{f.person()}, {rng.choice(ROLES)}"
    blocks: list[Block] = [
        ("h1", f.council.upper()),
        ("p", f"Report to: {committee}"),
        ("p", f"Date of meeting: {Facts.long_date(f.when)}"),
        ("p", f"Subject: {title}"),
        ("p", f"Report of: {officer}"),
        ("p", f"Classification: {rng.choice(['Unrestricted', 'Unrestricted', 'Exempt – Appendix B only'])}"),
        ("h2", "Summary"),
        ("p", f.prose(rng.randint(3, 6))),
        ("h2", "Recommendations"),
        ("p", f"The {committee} is asked to:"),
    ]
    recs = [f.fill(rng.choice(RECOMMENDATIONS)) for _ in range(rng.randint(2, 5))]
    blocks += [("p", f"({chr(97 + i)}) {r};") for i, r in enumerate(recs)]
    section = 1
    headings = [
        "Introduction",
        "Background",
        "Financial Implications",
        "Options Considered",
        "Consultation",
        "Legal Implications",
        "Equalities Implications",
        "Risk Management",
        "Conclusions",
    ]
    tables_done = 0
    while sum(len(str(v).split()) for _, v in blocks if isinstance(v, str)) < target_words:
        heading = headings[(section - 1) % len(headings)]
        blocks.append(("h2", f"{section}. {heading}"))
        for para in range(1, rng.randint(3, 7)):
            blocks.append(("p", f"{section}.{para} {f.prose(rng.randint(2, 6))}"))
        if heading == "Financial Implications" or (tables_done < 4 and rng.random() < 0.25):
            blocks.append(("p", f"Table {tables_done + 1}: budget by service, {f.fy(0)} and {f.fy(1)}"))
            blocks.append(("table", _budget_table(f)))
            tables_done += 1
        section += 1
    blocks.append(("h2", f"{section}. Action Plan"))
    blocks.append(("p", "The recommendations of the review and their progress are summarised below."))
    blocks.append(("table", _action_table(f)))
    blocks.append(("p", f"Contact officer: {officer}. Background documents: none."))
    return title, blocks


def _agenda(f: Facts, committee: str, target_words: int) -> tuple[str, list[Block]]:
    rng = f.rng
    when = f.when
    blocks: list[Block] = [
        ("h1", f.council.upper()),
        ("h1", f"AGENDA – {committee.upper()}"),
        (
            "p",
            f"Members of the {committee} are summoned to attend a meeting at {rng.choice(VENUES)} on "
            f"{WEEKDAYS[when.weekday()]}, {Facts.long_date(when)} at 7.00 pm.",
        ),
    ]
    n = 1
    while sum(len(str(v).split()) for _, v in blocks if isinstance(v, str)) < target_words:
        topic = rng.choice(TOPICS)
        blocks.append(("h2", f"{n}. {f.fill(topic[0])}"))
        blocks.append(("p", f.prose(rng.randint(1, 3))))
        n += 1
    blocks.append(("p", f"{f.person()}, {rng.choice(ROLES)}. Published {Facts.long_date(when - timedelta(days=7))}."))
    return f"Agenda – {committee}, {Facts.long_date(when)}", blocks


WORDS_PER_PAGE = 680  # calibrated: reportlab BodyText on A4 with 1.8 cm margins holds about 680 words


def make_paper(seed: int, number: int) -> tuple[Paper, str]:
    """The paper with this number, and its format (pdf or html)."""
    rng = random.Random(f"{seed}:{number}")
    council, kind = rng.choice(COUNCILS)
    committee = rng.choice(COMMITTEES[kind])
    fmt = "html" if rng.random() < 0.2 else "pdf"
    r = rng.random()
    if r < 0.45:
        doc_kind, pages = "minutes", rng.randint(3, 18)
    elif r < 0.85:
        doc_kind, pages = "report", rng.randint(6, 30)
    else:
        doc_kind, pages = "agenda", rng.randint(1, 4)
    if fmt == "html":
        pages = min(pages, 6)
    facts = Facts(rng, council, kind, rng.choice(TOPICS))
    target = pages * WORDS_PER_PAGE
    build = {"minutes": _minutes, "report": _report, "agenda": _agenda}[doc_kind]
    title, blocks = build(facts, committee, target)
    return Paper(number, doc_kind, council, committee, facts.when, title, blocks), fmt


# --------------------------------------------------------------------------- rendering


def render_pdf(paper: Paper, target: Path) -> int:
    """Render to an A4 PDF; returns the page count."""
    from reportlab import rl_config
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    rl_config.invariant = 1  # fixed dates and ids: the same paper renders to the same bytes
    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    small = body.clone("small", fontSize=7.5, leading=9)
    style_of = {"h1": styles["Title"], "h2": styles["Heading3"], "p": body}
    doc = SimpleDocTemplate(
        str(target),
        pagesize=A4,
        title=paper.title,
        author=paper.council,
        leftMargin=1.8 * cm,
        rightMargin=1.8 * cm,
        topMargin=1.8 * cm,
        bottomMargin=1.8 * cm,
    )
    width = A4[0] - 3.6 * cm
    story = []
    for kind, value in paper.blocks:
        if kind == "table":
            rows = [[Paragraph(html.escape(c), small) for c in row] for row in value]
            columns = len(rows[0])
            widths = [width * 0.28] + [width * 0.72 / (columns - 1)] * (columns - 1)
            table = Table(rows, colWidths=widths, repeatRows=1)
            table.setStyle(
                TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")])
            )
            story += [table, Spacer(1, 6)]
        else:
            story.append(Paragraph(html.escape(str(value)), style_of[kind]))

    def footer(canvas, doc_) -> None:
        canvas.setFont("Helvetica", 8)
        canvas.drawString(1.8 * cm, 20, paper.council)
        canvas.drawRightString(A4[0] - 1.8 * cm, 20, f"Page {doc_.page}")

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return doc.page


def render_html(paper: Paper, target: Path) -> None:
    """An HTML page with site chrome (navigation, header, footer, script) around the paper."""
    parts = []
    for kind, value in paper.blocks:
        if kind == "table":
            head = "".join(f"<th>{html.escape(c)}</th>" for c in value[0])
            body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in value[1:])
            parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        else:
            tag = {"h1": "h1", "h2": "h2", "p": "p"}[kind]
            parts.append(f"<{tag}>{html.escape(str(value))}</{tag}>")
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(paper.title)}</title>
<script>window.dataLayer = window.dataLayer || [];</script>
<style>body {{ font-family: sans-serif; }}</style></head>
<body>
<header class="site-header"><a href="/">{html.escape(paper.council)} home</a></header>
<nav class="menu"><ul><li><a href="/meetings">Meetings</a></li><li><a href="/papers">Papers</a></li></ul></nav>
<main><article>
{chr(10).join(parts)}
</article></main>
<footer class="site-footer">Cookie policy · Accessibility statement · Privacy notice</footer>
</body></html>
"""
    target.write_text(page, encoding="utf-8")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _build_one(args: tuple[int, int, str]) -> dict:
    seed, number, out = args
    paper, fmt = make_paper(seed, number)
    folder = Path(out) / _slug(paper.council)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{paper.when.isoformat()}_{_slug(paper.committee)}_{paper.kind}_{number:05d}.{fmt}"
    target = folder / name
    pages = render_pdf(paper, target) if fmt == "pdf" else (render_html(paper, target) or 1)
    return {
        "path": str(target.relative_to(out)),
        "format": fmt,
        "kind": paper.kind,
        "pages": pages,
        "words": paper.words,
    }


SIZES = {"small": 200, "large": 2000}


def default_folder(size: str, seed: int) -> Path:
    """Where a generated corpus is cached between runs: a temporary folder, never the checkout."""
    base = Path(os.environ.get("BENCH_TMP") or os.environ.get("TMPDIR") or "/tmp")
    return base / "minutebook-bench" / f"generated-{size}-seed{seed}-v{GENERATOR_VERSION}"


def generate(folder: Path, papers: int, seed: int = 1, processes: int | None = None, log=print) -> dict:
    """Write ``papers`` papers under ``folder`` (reused when a finished manifest with the same spec exists)."""
    manifest_path = folder / ".manifest.json"
    spec = {"papers": papers, "seed": seed, "version": GENERATOR_VERSION}
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("spec") == spec:
            log(f"reusing generated corpus at {folder} ({manifest['pages']} pages)")
            return manifest
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    processes = processes or os.cpu_count() or 1
    log(f"generating {papers} papers (seed {seed}) into {folder} with {processes} processes ...")
    jobs = [(seed, n, str(folder)) for n in range(papers)]
    files: list[dict] = []
    with Pool(processes) as pool:
        for i, item in enumerate(pool.imap(_build_one, jobs, chunksize=4), 1):
            files.append(item)
            if i % max(1, papers // 10) == 0:
                log(f"  {i}/{papers} papers, {sum(f['pages'] for f in files)} pages")
    manifest = {
        "spec": spec,
        "papers": len(files),
        "pdf_files": sum(f["format"] == "pdf" for f in files),
        "html_files": sum(f["format"] == "html" for f in files),
        "pages": sum(f["pages"] for f in files),
        "pdf_pages": sum(f["pages"] for f in files if f["format"] == "pdf"),
        "words": sum(f["words"] for f in files),
        "kinds": {k: sum(f["kind"] == k for f in files) for k in ("minutes", "report", "agenda")},
        "files": files,
    }
    manifest_path.write_text(json.dumps(manifest, indent=1))
    return manifest


def iter_text(paper: Paper) -> Iterator[str]:
    """The paper's text, block by block (for inspection)."""
    for kind, value in paper.blocks:
        yield "\n".join("\t".join(r) for r in value) if kind == "table" else str(value)


if __name__ == "__main__":  # python bench/generate.py N : print paper N as text
    import sys

    p, f_ = make_paper(1, int(sys.argv[1]) if len(sys.argv) > 1 else 0)
    print(f"[{p.kind} {f_} {p.council} / {p.committee} {p.when}] {p.title}\n")
    print("\n\n".join(iter_text(p)))
