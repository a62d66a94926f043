"""Read a council paper (PDF, HTML or text) into a :class:`Document`."""

from __future__ import annotations

from pathlib import Path

from ingest import html, pdf, text
from ingest.document import CELL_SEP, Document, FileMeta, IngestError, Page, sha256_bytes

__all__ = ["CELL_SEP", "Document", "FileMeta", "IngestError", "Page", "read_document", "read_bytes", "sha256_bytes"]

PDF_SUFFIXES = {".pdf"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
SUPPORTED_SUFFIXES = PDF_SUFFIXES | HTML_SUFFIXES | TEXT_SUFFIXES


_OTHER_FORMATS = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/Excel .docx/.xlsx file)"),
    (b"\xd0\xcf\x11\xe0", "an old Word/Excel file (.doc/.xls)"),
    (b"\x1f\x8b", "a gzip archive"),
)


def identify_other(data: bytes) -> str | None:
    """Name a common non-paper format from its magic bytes, or None."""
    return next((name for magic, name in _OTHER_FORMATS if data.startswith(magic)), None)


def sniff(data: bytes, suffix: str) -> str:
    """Pick a format by magic bytes first, then by file extension."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or (
        head.startswith(b"<") and b"<body" in data[:8192].lower()
    ):
        return "html"
    if suffix in PDF_SUFFIXES:
        return "pdf"
    if suffix in HTML_SUFFIXES:
        return "html"
    return "text"


def read_bytes(path: str | Path, data: bytes, max_pages: int | None = None) -> Document:
    """Read already-loaded bytes; ``path`` names the file in errors and in the Document."""
    path = Path(path)
    if not data:
        raise IngestError(path, "empty file: 0 bytes")
    other = identify_other(data)
    if other:
        expected = {"pdf": "a PDF", "html": "HTML"}.get(sniff(b"", path.suffix.lower()), "a text paper")
        raise IngestError(path, f"not really {expected}: the file is {other}")
    kind = sniff(data, path.suffix.lower())
    if kind == "pdf":
        return pdf.read(path, data, max_pages=max_pages)
    if kind == "html":
        return html.read(path, data)
    return text.read(path, data)


def read_document(path: str | Path, max_bytes: int | None = None, max_pages: int | None = None) -> Document:
    """Read the file at ``path``; raise :class:`IngestError` with a specific reason on bad input."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise IngestError(path, f"too large: {size:,} bytes (limit {max_bytes:,})")
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise IngestError(path, "file not found: no such file, or it was moved or deleted during the run") from exc
    except PermissionError as exc:
        raise IngestError(path, "permission denied: cannot read the file") from exc
    except IsADirectoryError as exc:
        raise IngestError(path, "is a directory, not a paper") from exc
    except OSError as exc:
        raise IngestError(path, f"cannot read the file: {exc.strerror or exc}") from exc
    return read_bytes(path, data, max_pages=max_pages)
