"""Turn a Document into findings with spaCy rules: meta, money, dates, recommendations, resolutions."""

from __future__ import annotations

from extract.findings import DOC_TYPES, DateMention, Findings, Money, PaperMeta, Recommendation, Resolution
from ingest import Document

__all__ = [
    "DOC_TYPES",
    "DateMention",
    "Findings",
    "Money",
    "PaperMeta",
    "Recommendation",
    "Resolution",
    "extract",
]


def extract(document: Document) -> Findings:
    """Extract everything from ``document``; never raises on odd text."""
    from extract import dates, meta, money, recommendations, resolutions
    from extract.nlp import get_nlp

    paper = meta.infer_meta(document)
    doc = get_nlp()(document.text)
    return Findings(
        meta=paper,
        money=tuple(money.find_money(doc, document, paper)),
        dates=tuple(dates.find_dates(doc, document, paper)),
        recommendations=tuple(recommendations.find_recommendations(document, paper)),
        resolutions=tuple(resolutions.find_resolutions(document, paper)),
    )
