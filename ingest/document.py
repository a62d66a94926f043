"""The data that leaves a reader: a paper's pages and what the file says about itself."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

# Table cells are joined with a tab so that a row stays on one line and its
# cells stay separable. PDF layout text marks cells with runs of spaces instead.
CELL_SEP = "\t"
PAGE_SEP = "\n\n"


@dataclass(frozen=True)
class Page:
    """One page of text; ``number`` is 1-based as printed by the reader."""

    number: int
    text: str


@dataclass(frozen=True)
class FileMeta:
    """What the file itself states: PDF info dictionary or HTML ``<title>``/``<meta>``.

    Dates are ISO ``YYYY-MM-DD`` strings; every value is a plain Python value.
    """

    title: str | None = None
    author: str | None = None
    created: str | None = None
    modified: str | None = None


@dataclass(frozen=True)
class Document:
    """A paper as read from disk, before any extraction."""

    id: str  # sha256 of the file's bytes
    path: str
    format: str  # "pdf", "html" or "text"
    pages: tuple[Page, ...]
    file_meta: FileMeta = field(default_factory=FileMeta)
    size: int = 0

    @property
    def text(self) -> str:
        """All pages joined by a blank line; offsets in findings refer to this string."""
        return PAGE_SEP.join(p.text for p in self.pages)

    def page_starts(self) -> list[int]:
        """Offset in :attr:`text` where each page begins, in page order."""
        starts, pos = [], 0
        for page in self.pages:
            starts.append(pos)
            pos += len(page.text) + len(PAGE_SEP)
        return starts

    def page_at(self, offset: int) -> int:
        """The number of the page that holds character ``offset`` of :attr:`text`."""
        number = self.pages[0].number if self.pages else 1
        for start, page in zip(self.page_starts(), self.pages, strict=True):
            if start > offset:
                break
            number = page.number
        return number

    @property
    def word_count(self) -> int:
        """Whitespace-separated words over all pages."""
        return sum(len(p.text.split()) for p in self.pages)


class IngestError(Exception):
    """A file could not be read; ``reason`` is a short, specific, human sentence."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")

    def __reduce__(self):
        # Crosses process boundaries: rebuild from (path, reason), not from the message.
        return (IngestError, (self.path, self.reason))


def sha256_bytes(data: bytes) -> str:
    """Hex sha256 of ``data``: the identity of a paper."""
    return hashlib.sha256(data).hexdigest()
