"""The Whoosh schema. Changing it means bumping SCHEMA_VERSION, which triggers a rebuild from the catalog."""

from __future__ import annotations

from whoosh.analysis import StemmingAnalyzer
from whoosh.columns import NumericColumn
from whoosh.fields import BOOLEAN, COLUMN, ID, STORED, TEXT, Schema

SCHEMA_VERSION = 6

# English stemming for prose; stop words are kept out of the index but a
# phrase still matches across them.
_PROSE = StemmingAnalyzer()


def build_schema() -> Schema:
    """One index holds two kinds of record: a page of a paper, and a finding.

    Only what queries need is indexed: numbers that are merely shown (page, finding id)
    are stored, not indexed, because every indexed number costs a ladder of trie terms;
    filters on a paper's council, committee, type and date are answered from the catalog,
    so finding records carry none of them.
    """
    return Schema(
        key=ID(unique=True, stored=True),  # "p:<paper>:<page>" or "f:<finding id>"
        rectype=ID(stored=True),  # page | finding
        paper_id=ID(stored=True, sortable=True),
        page=STORED,
        content=TEXT(analyzer=_PROSE),  # page text, or a finding's text and columns
        # on page records only, for fields named in a query (title:, council:, committee:, doc_type:)
        title=TEXT(analyzer=_PROSE, field_boost=2.0),
        council=TEXT,
        committee=TEXT,
        doc_type=ID,
        # on finding records only
        finding_id=STORED,
        finding_ref=COLUMN(NumericColumn("q")),  # the same id as a column: fast to read for many hits
        kind=ID(stored=True),
        savings=BOOLEAN,
        fiscal_year=ID,
        ref=ID,
        lead_officer=TEXT,
    )
