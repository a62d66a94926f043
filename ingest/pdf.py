"""PDF papers with pypdf, page by page: layout text first, plain text where layout is empty."""

from __future__ import annotations

import logging
import re
from datetime import datetime
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PdfReadError, PdfStreamError

from ingest.document import Document, FileMeta, IngestError, Page, sha256_bytes
from ingest.quality import garbled_pages

logging.getLogger("pypdf").setLevel(logging.ERROR)  # malformed-but-readable files are common

_TRAILING = re.compile(r"[ \t]+$", re.M)
_BLANKS = re.compile(r"\n{3,}")
_PDF_DATE = re.compile(r"(?:D:)?(\d{4})(\d{2})?(\d{2})?")


def _plain(value) -> str | None:
    """A metadata value as a plain string: pypdf may hand back indirect objects."""
    try:
        if hasattr(value, "get_object"):
            value = value.get_object()
        text = str(value).strip() if value is not None else ""
    except Exception:  # a broken reference in the info dictionary is not worth failing over
        return None
    return text or None


def _pdf_date(value) -> str | None:
    text = _plain(value)
    match = _PDF_DATE.match(text or "")
    if not match:
        return None
    year, month, day = match.group(1), match.group(2) or "01", match.group(3) or "01"
    try:
        return datetime(int(year), int(month), int(day)).date().isoformat()
    except ValueError:
        return None


def _file_meta(reader: PdfReader) -> FileMeta:
    try:
        info = reader.metadata or {}
    except Exception:
        info = {}
    return FileMeta(
        title=_plain(info.get("/Title")),
        author=_plain(info.get("/Author")),
        created=_pdf_date(info.get("/CreationDate")),
        modified=_pdf_date(info.get("/ModDate")),
    )


def _tidy(text: str) -> str:
    return _BLANKS.sub("\n\n", _TRAILING.sub("", text.replace("\x00", ""))).strip("\n")


def _page_text(page) -> str:
    """Layout text keeps table rows on one line; some pages only read in plain mode."""
    for mode in ("layout", "plain"):
        try:
            text = _tidy(page.extract_text(extraction_mode=mode))
        except (RecursionError, MemoryError):
            raise
        except Exception:  # pypdf raises a zoo of errors on odd content streams
            text = ""
        if text.strip():
            return text
    return ""


def read(path: Path, data: bytes, max_pages: int | None = None) -> Document:
    """Read a PDF into a Document; raise IngestError with a specific reason."""
    if not data:
        raise IngestError(path, "empty file: 0 bytes")
    if b"%PDF-" not in data[:1024]:
        raise IngestError(path, "not really a PDF: no %PDF- header")
    try:
        reader = _open(path, data)
        pages = reader.pages
        count = len(pages)
        if max_pages is not None and count > max_pages:
            raise IngestError(path, f"too many pages: {count} (limit {max_pages})")
        texts = [_page_text(page) for page in pages]
        file_meta = _file_meta(reader)
    except IngestError:
        raise
    except RecursionError as exc:
        raise IngestError(path, "corrupt PDF: object tree too deeply nested or cyclic") from exc
    except (PdfReadError, PdfStreamError, ValueError, KeyError, TypeError, AttributeError) as exc:
        if _caused_by(exc, RecursionError):
            raise IngestError(path, "corrupt PDF: object tree too deeply nested or cyclic") from exc
        raise IngestError(path, f"truncated or corrupt PDF: {_short(exc)}") from exc
    if count == 0:
        raise IngestError(path, "truncated or corrupt PDF: no pages")
    if not any(t.strip() for t in texts):
        raise IngestError(path, "no text layer: probably a scanned image; run OCR first (e.g. ocrmypdf)")
    bad = garbled_pages(texts)
    judged = [i for i, verdict in enumerate(bad) if verdict is not None]
    if judged and sum(bad[i] for i in judged) * 2 > len(judged):
        raise IngestError(
            path,
            "unreadable text layer: garbled font encoding on "
            f"{sum(bad[i] for i in judged)} of {len(judged)} pages; run OCR first (e.g. ocrmypdf --force-ocr)",
        )
    return Document(
        id=sha256_bytes(data),
        path=str(path),
        format="pdf",
        pages=tuple(Page(i, t) for i, t in enumerate(texts, 1)),
        file_meta=file_meta,
        size=len(data),
    )


def _open(path: Path, data: bytes) -> PdfReader:
    import io

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except RecursionError:
        raise
    except Exception as exc:
        if _caused_by(exc, RecursionError):
            raise IngestError(path, "corrupt PDF: object tree too deeply nested or cyclic") from exc
        if b"%%EOF" not in data[-2048:]:
            raise IngestError(path, f"truncated PDF: file ends before the end-of-file marker ({_short(exc)})") from exc
        raise IngestError(path, f"corrupt PDF: {_short(exc)}") from exc
    if reader.is_encrypted:
        try:
            ok = reader.decrypt("")
        except Exception as exc:  # FileNotDecryptedError, unsupported algorithms, broken dictionaries
            raise IngestError(path, f"encrypted PDF: cannot decrypt ({_short(exc)})") from exc
        if not ok:
            raise IngestError(path, "encrypted PDF: a password is needed to open it")
    return reader


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    for _ in range(32):  # exception chains can loop
        if exc is None:
            return False
        if isinstance(exc, kind):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _short(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "..."
