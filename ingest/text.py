"""Plain-text and markdown papers (the seed form: text with inline HTML), and cleanup shared by readers."""

from __future__ import annotations

import html
import re
from pathlib import Path

from bs4 import BeautifulSoup, Comment, NavigableString

from ingest.document import CELL_SEP, Document, FileMeta, IngestError, Page, sha256_bytes

_BLOCK_TAG = re.compile(r"</?(?:p|div|ul|ol|li|br|tr|h[1-6])\b[^>]*>", re.I)
# Only HTML's own inline tags: "<jane@council.gov.uk>" and "cost<budget" are text.
_ANY_TAG = re.compile(
    r"</?(?:a|abbr|b|big|cite|code|em|font|i|img|input|mark|s|small|span|strike|strong|sub|sup|u)\b[^<>]*>", re.I
)
_TABLE = re.compile(r"<table\b.*?</table>", re.I | re.S)
_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)((?:(?!\n\s*\n).)+?)(?<=\S)\1", re.S)
_SPACES = re.compile(r"[ \u00a0]{2,}")


def decode_text(data: bytes, path: str | Path) -> str:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252.

    Raises IngestError when the bytes are not text at all (NUL bytes outside UTF-16).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise IngestError(path, f"undecodable text: invalid UTF-16 ({exc.reason})") from exc
    if b"\x00" in data[:4096]:
        raise IngestError(path, "undecodable text: binary data (NUL bytes), not a text paper")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    if text.count("\ufffd") > max(8, len(text) // 200):
        raise IngestError(path, "undecodable text: neither UTF-8 nor Windows-1252")
    return text


# Elements that start a new line of text; everything else is inline (sup, b, span, a ...).
BLOCK_TAGS = frozenset(
    {"p", "div", "section", "article", "main", "body", "address", "blockquote", "pre", "figcaption",
     "ul", "ol", "li", "dl", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "br", "table", "tr", "td", "th"}
)  # fmt: skip


def element_text(element) -> str:
    """Text of an element with inline markup joined as printed (``2<sup>nd</sup>`` reads ``2nd``)
    and block boundaries read as spaces."""
    parts: list[str] = []

    def walk(node) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, Comment):
                    parts.append(str(child))
            elif child.name in BLOCK_TAGS:
                parts.append(" ")
                walk(child)
                parts.append(" ")
            else:
                walk(child)

    walk(element)
    return " ".join("".join(parts).split())


def table_rows(table) -> list[str]:
    """Flatten a BeautifulSoup ``<table>`` into lines, one row a line, cells tab-separated."""
    rows = []
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue  # rows of a nested table are read through their own cell
        cells = [element_text(cell) for cell in tr.find_all(["td", "th"], recursive=False)]
        if any(cells):
            rows.append(CELL_SEP.join(cells))
    return rows


def clean_inline_markup(text: str) -> str:
    """Strip inline HTML and markdown emphasis, keeping one row of a table on one line.

    ``1<sup>st</sup>`` becomes ``1st``; block tags inside a line become spaces;
    ``<table>`` fragments become tab-separated rows; entities are unescaped.
    """
    text = _TABLE.sub(lambda m: "\n".join(table_rows(BeautifulSoup(m.group(0), "html.parser").table)), text)
    lines = []
    for line in text.splitlines():
        if "<" in line:
            line = _BLOCK_TAG.sub(" ", line)
            line = _ANY_TAG.sub("", line)
        if "&" in line:
            line = html.unescape(line)
        cells = [_SPACES.sub(" ", c).strip() for c in line.split(CELL_SEP)]
        lines.append(CELL_SEP.join(cells) if len(cells) > 1 else cells[0])
    return normalise_blank_lines(_EMPHASIS.sub(r"\2", "\n".join(lines)))


def normalise_blank_lines(text: str) -> str:
    """Collapse three or more newlines into one blank line and trim the ends."""
    return re.sub(r"\n\s*\n(\s*\n)+", "\n\n", text).strip()


def read(path: Path, data: bytes) -> Document:
    """Read a plain-text or markdown paper; form feeds split pages."""
    text = decode_text(data, path)
    if not text.strip():
        raise IngestError(path, "empty file: no text")
    chunks = text.split("\f")
    pages = tuple(Page(i, clean_inline_markup(chunk)) for i, chunk in enumerate(chunks, 1))
    first = next((ln.strip(" #*") for ln in pages[0].text.splitlines() if ln.strip(" #*")), None)
    return Document(
        id=sha256_bytes(data),
        path=str(path),
        format="text",
        pages=pages,
        file_meta=FileMeta(title=first[:300] if first else None),
        size=len(data),
    )
