"""Plain dataclasses that leave ``extract``: no spaCy object crosses this line.

Field names follow the gold annotation schema. ``char_start``/``char_end`` are
offsets into ``Document.text``; ``page`` is the page the finding starts on.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

DOC_TYPES = ("minutes", "report", "peer_review", "letter", "case_study", "agenda", "other")


@dataclass(frozen=True)
class PaperMeta:
    """Who, what and when a paper is: it feeds every facet."""

    councils: tuple[str, ...] = ()
    committee: str | None = None
    doc_type: str | None = None
    date: str | None = None  # ISO YYYY-MM-DD
    title: str | None = None


@dataclass(frozen=True)
class Money:
    """One mention of an amount of money; ``value`` in pounds, never negative."""

    text: str
    value: float
    savings: bool = False
    period: str | None = None  # "year" for per year / per annum / a year
    fiscal_year: str | None = None  # printed form, e.g. "2024-25" or "2011/12"
    char_start: int = 0
    char_end: int = 0
    page: int | None = None


@dataclass(frozen=True)
class DateMention:
    """One mention of a calendar date or period, normalised to an ISO span."""

    text: str
    start: str  # ISO YYYY-MM-DD
    end: str
    char_start: int = 0
    char_end: int = 0
    page: int | None = None


@dataclass(frozen=True)
class Recommendation:
    """A recommendation the paper makes or reviews, with its table columns where printed."""

    ref: str | None
    text: str
    desired_outcome: str | None = None
    target_date: str | None = None
    lead_officer: str | None = None
    resources: str | None = None
    service_response: str | None = None
    status: str | None = None
    char_start: int = 0
    char_end: int = 0
    page: int | None = None


@dataclass(frozen=True)
class Resolution:
    """One part of a RESOLVED decision."""

    minute: str | None
    part: str | None
    text: str
    moved_by: str | None = None
    seconded_by: str | None = None
    char_start: int = 0
    char_end: int = 0
    page: int | None = None


@dataclass(frozen=True)
class Findings:
    """Everything extracted from one paper."""

    meta: PaperMeta = field(default_factory=PaperMeta)
    money: tuple[Money, ...] = ()
    dates: tuple[DateMention, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    resolutions: tuple[Resolution, ...] = ()

    def to_dict(self) -> dict:
        """JSON-ready dict with the gold schema's keys: meta, money, dates, recommendations, resolutions."""
        data = asdict(self)
        data["meta"]["councils"] = list(self.meta.councils)
        for key in ("money", "dates", "recommendations", "resolutions"):
            data[key] = list(data[key])
        return data
