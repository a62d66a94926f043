"""Do the catalog and the index agree? Report the differences and, if asked, repair them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from index import catalog
from index.writer import open_writer


@dataclass
class CheckReport:
    """Differences between the catalog (truth) and the index (derived)."""

    papers: int = 0
    records: int = 0
    missing: list[str] = field(default_factory=list)  # record keys the index lacks
    stale: list[str] = field(default_factory=list)  # record keys the catalog does not know
    duplicated: list[str] = field(default_factory=list)  # record keys present more than once
    unmarked: list[str] = field(default_factory=list)  # papers whose index commit never completed
    orphaned: list[str] = field(default_factory=list)  # papers no file stands for any more
    repaired_papers: int = 0
    dropped_papers: int = 0

    @property
    def ok(self) -> bool:
        """True when catalog and index agree."""
        return not (self.missing or self.stale or self.duplicated or self.unmarked or self.orphaned)


def expected_keys(conn) -> dict[str, str]:
    """Every index record key the catalog implies, mapped to its paper id."""
    keys = {}
    for paper_id, number in conn.execute("SELECT paper_id, number FROM pages"):
        keys[f"p:{paper_id}:{number}"] = paper_id
    for finding_id, paper_id in conn.execute("SELECT id, paper_id FROM findings"):
        keys[f"f:{finding_id}"] = paper_id
    return keys


def indexed_keys(ix) -> Counter:
    """(key, paper id) of every live record in the index, counted."""
    with ix.searcher() as searcher:
        return Counter((fields["key"], fields["paper_id"]) for fields in searcher.all_stored_fields())


def check(store, repair: bool = False) -> CheckReport:
    """Compare catalog and index; with ``repair`` reindex what differs and drop what is stale."""
    conn = store.conn
    want = expected_keys(conn)
    have = indexed_keys(store.ix)
    have_keys = {key for key, _ in have}
    papers = catalog.papers(conn)
    report = CheckReport(papers=len(papers), records=sum(have.values()))
    report.missing = sorted(set(want) - have_keys)
    # a record is stale when the catalog does not know its key, or knows it for another paper
    stale_pairs = sorted((key, paper_id) for key, paper_id in have if want.get(key) != paper_id)
    report.stale = [key for key, _ in stale_pairs]
    report.duplicated = sorted(key for (key, _), count in have.items() if count > 1)
    report.unmarked = [p.id for p in papers if not p.indexed]
    referenced = {row[0] for row in conn.execute("SELECT DISTINCT paper_id FROM files WHERE paper_id IS NOT NULL")}
    report.orphaned = [p.id for p in papers if p.id not in referenced]
    if not repair or report.ok:
        return report
    with catalog.transaction(conn):
        catalog.settle(conn, report.orphaned)  # deletes them and tombstones their records
    known = {p.id for p in catalog.papers(conn)}
    redo = {want[k] for k in report.missing} | {pid for k, pid in have if k in report.duplicated}
    redo |= set(report.unmarked) | {pid for _, pid in stale_pairs if pid in known}
    redo &= known
    drop = {pid for _, pid in stale_pairs if pid not in known} | set(catalog.tombstones(conn))
    with open_writer(store.ix) as writer:
        for paper_id in drop:
            writer.delete_paper(paper_id)
        for paper_id in redo:
            paper = catalog.paper(conn, paper_id)
            writer.add_paper(paper, catalog.pages(conn, paper_id), catalog.findings_of(conn, paper_id))
    with catalog.transaction(conn):
        catalog.mark_indexed(conn, redo)
        catalog.clear_tombstones(conn, drop)
    report.repaired_papers, report.dropped_papers = len(redo), len(drop)
    return report
