"""Open the Whoosh index and write to it through one context-managed writer."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index

from index.catalog import FindingRow, PaperRow
from index.schema import SCHEMA_VERSION, build_schema


def normalise_fiscal_year(text: str) -> str:
    """``2015-16``, ``2015/16`` and ``2015/2016`` all become ``2015/16``."""
    cleaned = text.strip().replace("-", "/").replace("–", "/")
    start, sep, end = cleaned.partition("/")
    if sep and start.isdigit() and end.isdigit() and len(start) == 4:
        return f"{start}/{end[-2:]}"
    return cleaned


_VERSION_FILE = "SCHEMA_VERSION"


def _remember_missing_columns() -> None:
    """Whoosh 2.7 looks a missing length column up on disk for every posting it writes.

    Its per-document reader caches the columns it finds but not the ones it does not,
    so each posting of an unscored field (ID, KEYWORD, NUMERIC) cost a stat() call:
    about a fifth of indexing time here. Caching the absence too changes nothing else.
    """
    from whoosh.codec.whoosh3 import W3PerDocReader

    if getattr(W3PerDocReader, "_minutebook_patched", False):
        return
    original = W3PerDocReader._cached_reader

    def cached_reader(self, fieldname, column):
        missing = self.__dict__.setdefault("_minutebook_missing", set())
        if fieldname in missing:
            return None
        reader = original(self, fieldname, column)
        if reader is None:
            missing.add(fieldname)
        return reader

    W3PerDocReader._cached_reader = cached_reader
    W3PerDocReader._minutebook_patched = True


_remember_missing_columns()
INDEX_NAME = "minutebook"


def _version(index_dir: Path) -> int | None:
    try:
        return int((index_dir / _VERSION_FILE).read_text().strip())
    except (OSError, ValueError):
        return None


class IndexBusy(RuntimeError):
    """Another process holds the index's write lock."""


def needs_rebuild(index_dir: Path) -> bool:
    """True when the index is missing or was built with another schema version.

    Any other trouble opening it is reported, never answered by wiping the index.
    """
    return _version(index_dir) != SCHEMA_VERSION or not whoosh_index.exists_in(str(index_dir), indexname=INDEX_NAME)


def create_index(index_dir: Path):
    """Create an empty index in ``index_dir`` (which must not hold one). See :func:`swap_in`."""
    index_dir.mkdir(parents=True)
    return whoosh_index.create_in(str(index_dir), build_schema(), indexname=INDEX_NAME)


def swap_in(built: Path, index_dir: Path) -> None:
    """Put a fully built index in place of the old one and stamp its schema version last."""
    old = index_dir.with_name(index_dir.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if index_dir.exists():
        index_dir.rename(old)
    built.rename(index_dir)
    (index_dir / _VERSION_FILE).write_text(f"{SCHEMA_VERSION}\n")
    shutil.rmtree(old, ignore_errors=True)


def open_index(index_dir: Path):
    """Open the index; callers check :func:`needs_rebuild` first and rebuild instead."""
    return whoosh_index.open_dir(str(index_dir), indexname=INDEX_NAME)


def _page_fields(paper: PaperRow) -> dict:
    fields = {
        "title": paper.title or "",
        "council": " ; ".join(paper.councils),
        "committee": paper.committee or "",
        "doc_type": paper.doc_type or "unknown",
    }
    return {k: v for k, v in fields.items() if v}


def _finding_content(row: FindingRow) -> str:
    data = row.data
    parts = [row.text]
    for key in (
        "desired_outcome",
        "target_date",
        "lead_officer",
        "resources",
        "service_response",
        "status",
        "moved_by",
        "seconded_by",
        "ref",
        "minute",
        "fiscal_year",
    ):
        if data.get(key):
            parts.append(str(data[key]))
    return "\n".join(parts)


class IndexWriter:
    """Adds and removes papers; used only inside :func:`open_writer`."""

    def __init__(self, writer) -> None:
        self._writer = writer

    def delete_paper(self, paper_id: str) -> None:
        """Remove every page and finding record of a paper."""
        self._writer.delete_by_term("paper_id", paper_id)

    def add_paper(self, paper: PaperRow, pages: list[tuple[int, str]], findings: list[FindingRow]) -> None:
        """(Re)index a paper: its old records go, its pages and findings come in."""
        self.delete_paper(paper.id)
        about = _page_fields(paper)
        for number, text in pages:
            self._writer.add_document(
                key=f"p:{paper.id}:{number}", rectype="page", paper_id=paper.id, page=number, content=text, **about
            )
        for row in findings:
            record = {
                "key": f"f:{row.id}",
                "rectype": "finding",
                "paper_id": paper.id,
                "finding_id": row.id,
                "finding_ref": row.id,
                "kind": row.kind,
                "content": _finding_content(row),
            }
            if row.page is not None:
                record["page"] = row.page
            data = row.data
            if row.kind == "money":
                record["savings"] = bool(data.get("savings"))
            if data.get("fiscal_year"):
                record["fiscal_year"] = normalise_fiscal_year(str(data["fiscal_year"]))
            if row.ref:
                record["ref"] = row.ref
            if data.get("lead_officer"):
                record["lead_officer"] = str(data["lead_officer"])
            self._writer.add_document(**record)


@contextmanager
def open_writer(ix) -> Iterator[IndexWriter]:
    """One writer: commits when the block succeeds, cancels and re-raises when it fails."""
    try:
        writer = ix.writer(limitmb=128, timeout=30.0, delay=0.25)
    except whoosh_index.LockError as exc:
        raise IndexBusy("another minutebook process is writing to the index; try again when it has finished") from exc
    try:
        yield IndexWriter(writer)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
