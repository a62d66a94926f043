"""Storage: the SQLite catalog (source of truth) and the Whoosh index derived from it."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from index import catalog
from index.findings import KINDS, FindingFilters, FindingHit
from index.search import Filters, Hit, QuerySyntaxError, Results, parse_query
from index.writer import IndexBusy, create_index, needs_rebuild, open_index, open_writer, swap_in

__all__ = [
    "IndexBusy",
    "KINDS",
    "FindingFilters",
    "FindingHit",
    "Filters",
    "Hit",
    "QuerySyntaxError",
    "Results",
    "Store",
    "catalog",
    "parse_query",
]


class Store:
    """The catalog connection and the index, opened together; rebuilds a stale index from the catalog."""

    def __init__(self, catalog_path: Path, index_dir: Path) -> None:
        self.catalog_path = catalog_path
        self.index_dir = index_dir
        self.conn: sqlite3.Connection = catalog.connect(catalog_path)
        self._ix = None

    @property
    def ix(self):
        """The Whoosh index, rebuilt from the catalog when missing or of an older schema version."""
        if self._ix is None:
            if needs_rebuild(self.index_dir):
                self.reindex()
            else:
                self._ix = open_index(self.index_dir)
        return self._ix

    def reindex(self) -> int:
        """Rebuild the whole index from the catalog; returns the number of papers indexed.

        The new index is built beside the old one and swapped in when complete, so an
        interrupted rebuild leaves the old index (or none, which the next open rebuilds).
        """
        if self._ix is not None:
            self._ix.close()
            self._ix = None
        built = self.index_dir.with_name(self.index_dir.name + ".new")
        shutil.rmtree(built, ignore_errors=True)
        new = create_index(built)
        rows = catalog.papers(self.conn)
        with open_writer(new) as writer:
            for paper in rows:
                writer.add_paper(paper, catalog.pages(self.conn, paper.id), catalog.findings_of(self.conn, paper.id))
        new.close()
        swap_in(built, self.index_dir)
        with catalog.transaction(self.conn):
            catalog.mark_indexed(self.conn, [p.id for p in rows])
            catalog.clear_tombstones(self.conn, catalog.tombstones(self.conn))
        self._ix = open_index(self.index_dir)
        return len(rows)

    def search(
        self, text: str, filters: Filters | None = None, sort: str = "relevance", limit: int = 10, page: int = 1
    ) -> Results:
        """Search paper pages; see :func:`index.search.search`."""
        from index.search import search

        return search(self.ix, self.conn, text, filters=filters or Filters(), sort=sort, limit=limit, page=page)

    def findings(
        self, text: str | None = None, filters: FindingFilters | None = None, limit: int | None = None
    ) -> list[FindingHit]:
        """Stored findings matching a query and filters; see :func:`index.findings.find`."""
        from index.findings import find

        return find(self.ix, self.conn, text, filters=filters, limit=limit)

    def close(self) -> None:
        """Close the index and the catalog."""
        if self._ix is not None:
            self._ix.close()
            self._ix = None
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
