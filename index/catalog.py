"""The SQLite catalog: papers, pages, findings and the status of every file seen. Source of truth."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from extract import Findings
from ingest import Document

CATALOG_VERSION = 2

_SCHEMA = """
CREATE TABLE IF NOT EXISTS papers (
    id          TEXT PRIMARY KEY,          -- sha256 of the file's bytes
    path        TEXT NOT NULL,
    format      TEXT NOT NULL,
    title       TEXT,
    councils    TEXT NOT NULL DEFAULT '[]', -- JSON list
    committee   TEXT,
    doc_type    TEXT,
    date        TEXT,                       -- ISO paper date
    size        INTEGER NOT NULL,
    page_count  INTEGER NOT NULL,
    word_count  INTEGER NOT NULL,
    file_meta   TEXT NOT NULL DEFAULT '{}',
    indexed     INTEGER NOT NULL DEFAULT 0, -- 1 once the Whoosh commit succeeded
    ingested_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS pages (
    paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
    number   INTEGER NOT NULL,
    text     TEXT NOT NULL,
    PRIMARY KEY (paper_id, number)
);
CREATE TABLE IF NOT EXISTS findings (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: index records name findings by id
    paper_id     TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,             -- money | date | recommendation | resolution
    page         INTEGER,
    char_start   INTEGER,
    char_end     INTEGER,
    text         TEXT NOT NULL,
    value        REAL,                      -- money: pounds
    savings      INTEGER,
    fiscal_year  TEXT,
    start        TEXT,                      -- dates: ISO span; recommendations: target date text lives in data
    end          TEXT,
    ref          TEXT,                      -- recommendation ref or resolution minute/part
    lead_officer TEXT,
    status       TEXT,
    data         TEXT NOT NULL              -- the full finding as JSON
);
CREATE INDEX IF NOT EXISTS findings_paper ON findings(paper_id);
CREATE INDEX IF NOT EXISTS findings_kind ON findings(kind);
CREATE TABLE IF NOT EXISTS files (
    path     TEXT PRIMARY KEY,              -- absolute path as given to ingest
    sha      TEXT,                          -- sha256 of the bytes last seen (NULL: unreadable)
    meta_key TEXT,                          -- what --meta and the sidecar said last time
    paper_id TEXT,                          -- the paper this path stands for (a failed changed file keeps its old one)
    status   TEXT NOT NULL,                 -- ingested | duplicate | failed
    reason   TEXT,
    size     INTEGER,
    seen_at  REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS files_paper ON files(paper_id);
-- papers deleted from the catalog whose index records may still exist; cleared once the index agrees
CREATE TABLE IF NOT EXISTS tombstones (paper_id TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

KIND_OF = {"money": "money", "dates": "date", "recommendations": "recommendation", "resolutions": "resolution"}


@dataclass(frozen=True)
class PaperRow:
    """A paper as the catalog holds it (no page text)."""

    id: str
    path: str
    format: str
    title: str | None
    councils: tuple[str, ...]
    committee: str | None
    doc_type: str | None
    date: str | None
    size: int
    page_count: int
    word_count: int
    indexed: bool
    ingested_at: float

    @property
    def year(self) -> int | None:
        """The paper's year, from its date."""
        return int(self.date[:4]) if self.date else None


@dataclass(frozen=True)
class FindingRow:
    """A stored finding with its paper's identity."""

    id: int
    paper_id: str
    kind: str
    page: int | None
    text: str
    data: dict
    ref: str | None = None  # recommendation ref, or resolution "minute/part"


@dataclass(frozen=True)
class FileRow:
    """The last thing that happened to a file path."""

    path: str
    sha: str | None
    meta_key: str | None
    paper_id: str | None
    status: str
    reason: str | None
    seen_at: float


class CatalogVersionError(RuntimeError):
    """The catalog was written by a version of minutebook with another table layout."""


def connect(path: Path) -> sqlite3.Connection:
    """Open (or create) the catalog; WAL so searches read while an ingest writes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=30.0, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    found = conn.execute("SELECT value FROM settings WHERE key = 'catalog_version'").fetchone()
    has_tables = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'papers'").fetchone()
    if (found and found[0] != str(CATALOG_VERSION)) or (has_tables and not found):
        conn.close()
        raise CatalogVersionError(
            f"the catalog at {path} was made by another version of minutebook (layout "
            f"{found[0] if found else 'unknown'}, this one reads {CATALOG_VERSION}): ingest into a new --home"
        )
    conn.executescript(_SCHEMA)
    conn.execute("INSERT OR IGNORE INTO settings VALUES ('catalog_version', ?)", (str(CATALOG_VERSION),))
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _paper_row(row: sqlite3.Row) -> PaperRow:
    return PaperRow(
        id=row["id"],
        path=row["path"],
        format=row["format"],
        title=row["title"],
        councils=tuple(json.loads(row["councils"])),
        committee=row["committee"],
        doc_type=row["doc_type"],
        date=row["date"],
        size=row["size"],
        page_count=row["page_count"],
        word_count=row["word_count"],
        indexed=bool(row["indexed"]),
        ingested_at=row["ingested_at"],
    )


def finding_records(findings: Findings) -> Iterator[tuple[str, dict]]:
    """(kind, plain dict) for every finding, in a stable order."""
    data = findings.to_dict()
    for key, kind in KIND_OF.items():
        for item in data[key]:
            yield kind, item


def store_paper(conn: sqlite3.Connection, document: Document, findings: Findings) -> None:
    """Insert or replace a paper, its pages and findings (inside the caller's transaction); not yet indexed."""
    meta = findings.meta
    conn.execute("DELETE FROM papers WHERE id = ?", (document.id,))
    conn.execute(
        "INSERT INTO papers (id, path, format, title, councils, committee, doc_type, date, size, page_count,"
        " word_count, file_meta, indexed, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,0,?)",
        (
            document.id,
            document.path,
            document.format,
            meta.title or document.file_meta.title,
            json.dumps(list(meta.councils)),
            meta.committee,
            meta.doc_type,
            meta.date,
            document.size,
            len(document.pages),
            document.word_count,
            json.dumps(asdict(document.file_meta)),
            time.time(),
        ),
    )
    conn.executemany(
        "INSERT INTO pages (paper_id, number, text) VALUES (?,?,?)",
        [(document.id, p.number, p.text) for p in document.pages],
    )
    rows = []
    for kind, item in finding_records(findings):
        ref = item.get("ref")
        if kind == "resolution":
            ref = "/".join(x for x in (item.get("minute"), item.get("part")) if x) or None
        rows.append(
            (
                document.id,
                kind,
                item.get("page"),
                item.get("char_start"),
                item.get("char_end"),
                item.get("text") or "",
                item.get("value"),
                None if kind != "money" else int(bool(item.get("savings"))),
                item.get("fiscal_year"),
                item.get("start") if kind == "date" else None,
                item.get("end") if kind == "date" else None,
                ref,
                item.get("lead_officer"),
                item.get("status"),
                json.dumps(item, ensure_ascii=False),
            )
        )
    conn.executemany(
        "INSERT INTO findings (paper_id, kind, page, char_start, char_end, text, value, savings, fiscal_year,"
        " start, end, ref, lead_officer, status, data) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        rows,
    )


def mark_indexed(conn: sqlite3.Connection, paper_ids: Iterable[str]) -> None:
    """Record that the Whoosh commit for these papers succeeded."""
    conn.executemany("UPDATE papers SET indexed = 1 WHERE id = ?", [(i,) for i in paper_ids])


def set_file(
    conn: sqlite3.Connection,
    path: str,
    status: str,
    *,
    sha: str | None,
    paper_id: str | None,
    reason: str | None = None,
    size: int | None = None,
    meta_key: str | None = None,
) -> None:
    """Record what happened to a file path (ingested, duplicate or failed)."""
    conn.execute(
        "INSERT INTO files (path, sha, meta_key, paper_id, status, reason, size, seen_at) VALUES (?,?,?,?,?,?,?,?)"
        " ON CONFLICT(path) DO UPDATE SET sha=excluded.sha, meta_key=excluded.meta_key, paper_id=excluded.paper_id,"
        " status=excluded.status, reason=excluded.reason, size=excluded.size, seen_at=excluded.seen_at",
        (path, sha, meta_key, paper_id, status, reason, size, time.time()),
    )


_FILE_COLUMNS = "path, sha, meta_key, paper_id, status, reason, seen_at"


def get_file(conn: sqlite3.Connection, path: str) -> FileRow | None:
    """The catalog's record of a path, if any."""
    row = conn.execute(f"SELECT {_FILE_COLUMNS} FROM files WHERE path = ?", (path,)).fetchone()
    return FileRow(**dict(row)) if row else None


def files(conn: sqlite3.Connection, status: str | None = None) -> list[FileRow]:
    """Every file record, optionally of one status, by path."""
    sql = f"SELECT {_FILE_COLUMNS} FROM files"
    args: tuple = ()
    if status:
        sql += " WHERE status = ?"
        args = (status,)
    return [FileRow(**dict(r)) for r in conn.execute(sql + " ORDER BY path", args)]


def forget_file(conn: sqlite3.Connection, path: str) -> str | None:
    """Drop a path; returns the paper id it stood for, for :func:`settle`."""
    row = get_file(conn, path)
    conn.execute("DELETE FROM files WHERE path = ?", (path,))
    return row.paper_id if row else None


def settle(conn: sqlite3.Connection, paper_ids: Iterable[str | None]) -> list[str]:
    """After file records changed: delete papers no path stands for any more, re-home the others.

    A paper whose own path moved on is taken over by a duplicate of it (which becomes the
    ingested copy). Deleted papers are tombstoned until their index records are gone.
    Returns the ids deleted.
    """
    deleted = []
    for paper_id in {p for p in paper_ids if p}:
        refs = conn.execute(
            "SELECT path, status FROM files WHERE paper_id = ? ORDER BY status != 'ingested', path", (paper_id,)
        ).fetchall()
        if not refs:
            conn.execute("DELETE FROM papers WHERE id = ?", (paper_id,))
            conn.execute("INSERT OR IGNORE INTO tombstones VALUES (?)", (paper_id,))
            deleted.append(paper_id)
            continue
        live = [r["path"] for r in refs if r["status"] in ("ingested", "duplicate")]
        if live and not any(r["status"] == "ingested" for r in refs):
            conn.execute("UPDATE files SET status = 'ingested', reason = NULL WHERE path = ?", (live[0],))
        ingested = [r["path"] for r in refs if r["status"] == "ingested"] or live[:1]
        if ingested:  # the paper's path is a file that still holds it
            conn.execute("UPDATE papers SET path = ? WHERE id = ? AND path != ?", (ingested[0], paper_id, ingested[0]))
    return deleted


def tombstones(conn: sqlite3.Connection) -> list[str]:
    """Papers deleted from the catalog whose index records may remain."""
    return [r[0] for r in conn.execute("SELECT paper_id FROM tombstones")]


def clear_tombstones(conn: sqlite3.Connection, paper_ids: Iterable[str]) -> None:
    """Forget tombstones once the index commit that deleted their records succeeded."""
    conn.executemany("DELETE FROM tombstones WHERE paper_id = ?", [(p,) for p in paper_ids])


def has_paper(conn: sqlite3.Connection, paper_id: str | None) -> bool:
    """True when a paper with this id is stored and indexed."""
    return conn.execute("SELECT 1 FROM papers WHERE id = ? AND indexed = 1", (paper_id,)).fetchone() is not None


def paper(conn: sqlite3.Connection, paper_id: str) -> PaperRow | None:
    """One paper by its full id."""
    row = conn.execute("SELECT * FROM papers WHERE id = ?", (paper_id,)).fetchone()
    return _paper_row(row) if row else None


def paper_by_prefix(conn: sqlite3.Connection, prefix: str) -> PaperRow | None:
    """One paper by a unique prefix of its id (hex digits, as ``search`` prints them)."""
    prefix = prefix.strip().lower()
    if not prefix or any(c not in "0123456789abcdef" for c in prefix):
        return None
    rows = conn.execute("SELECT * FROM papers WHERE id >= ? AND id < ? LIMIT 2", (prefix, prefix + "g")).fetchall()
    if len(rows) == 2:
        raise LookupError(f"paper id prefix {prefix!r} is ambiguous; give more characters")
    return _paper_row(rows[0]) if rows else None


def papers(conn: sqlite3.Connection, indexed_only: bool = False) -> list[PaperRow]:
    """All papers, by path."""
    sql = "SELECT * FROM papers" + (" WHERE indexed = 1" if indexed_only else "") + " ORDER BY path"
    return [_paper_row(r) for r in conn.execute(sql)]


def pages(conn: sqlite3.Connection, paper_id: str) -> list[tuple[int, str]]:
    """(number, text) of a paper's pages, in order."""
    return [
        (r["number"], r["text"])
        for r in conn.execute("SELECT number, text FROM pages WHERE paper_id = ? ORDER BY number", (paper_id,))
    ]


def page_text(conn: sqlite3.Connection, paper_id: str, number: int) -> str:
    """The text of one page ('' if missing)."""
    row = conn.execute("SELECT text FROM pages WHERE paper_id = ? AND number = ?", (paper_id, number)).fetchone()
    return row["text"] if row else ""


def findings_of(conn: sqlite3.Connection, paper_id: str | None = None) -> list[FindingRow]:
    """Stored findings, of one paper or all, in paper and document order."""
    sql = "SELECT id, paper_id, kind, page, text, data, ref FROM findings"
    args: tuple = ()
    if paper_id:
        sql += " WHERE paper_id = ?"
        args = (paper_id,)
    return [
        FindingRow(r["id"], r["paper_id"], r["kind"], r["page"], r["text"], json.loads(r["data"]), r["ref"])
        for r in conn.execute(sql + " ORDER BY paper_id, id", args)
    ]


def stats(conn: sqlite3.Connection) -> dict:
    """Counts for ``minutebook stats``, over papers whose ingest completed."""
    live = "FROM papers WHERE indexed = 1"

    def one(sql: str):
        return conn.execute(sql).fetchone()[0]

    def groups(sql: str) -> dict:
        return {(r[0] or "unknown"): r[1] for r in conn.execute(sql)}

    return {
        "papers": one(f"SELECT COUNT(*) {live}"),
        "pages": one(f"SELECT COALESCE(SUM(page_count), 0) {live}"),
        "words": one(f"SELECT COALESCE(SUM(word_count), 0) {live}"),
        "failed_files": one("SELECT COUNT(*) FROM files WHERE status = 'failed'"),
        "duplicate_files": one("SELECT COUNT(*) FROM files WHERE status = 'duplicate'"),
        "findings": groups(
            "SELECT kind, COUNT(*) FROM findings WHERE paper_id IN (SELECT id FROM papers WHERE indexed = 1)"
            " GROUP BY kind ORDER BY kind"
        ),
        "by_format": groups(f"SELECT format, COUNT(*) {live} GROUP BY format ORDER BY 2 DESC, 1"),
        "by_type": groups(f"SELECT doc_type, COUNT(*) {live} GROUP BY doc_type ORDER BY 2 DESC, 1"),
        "dates": conn.execute(f"SELECT MIN(date), MAX(date) {live} AND date IS NOT NULL").fetchone()[:],
    }
