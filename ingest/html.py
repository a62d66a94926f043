"""HTML papers: BeautifulSoup, site chrome dropped, tables kept as tab-separated rows."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

from bs4 import BeautifulSoup, Comment, UnicodeDammit

from ingest.document import Document, FileMeta, IngestError, Page, sha256_bytes
from ingest.text import BLOCK_TAGS, normalise_blank_lines, table_rows

_CHROME_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg", "template")
# Class or id words that mark navigation, sharing widgets and sidebars in CMS themes.
_CHROME_WORDS = re.compile(
    r"(?:^|[-_ ])(?:nav|navbar|menu|sidebar|widget|breadcrumbs?|cookie|share|sharedaddy|"
    r"skip-link|site-header|site-footer|masthead|comments?|respond|related)(?:$|[-_ ])",
    re.I,
)
_SPACES = re.compile(r"[ \t\u00a0]+")


def _decode(data: bytes, path: Path) -> str:
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IngestError(path, "not really HTML: binary data (NUL bytes)")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # replaced characters are counted below instead
        dammit = UnicodeDammit(data, ["utf-8", "windows-1252"], is_html=True)
    if dammit.unicode_markup is None:
        raise IngestError(path, "undecodable HTML: no character encoding fits the bytes")
    text = dammit.unicode_markup
    if text.count("\ufffd") > max(8, len(text) // 100):
        raise IngestError(path, f"undecodable HTML: too many invalid characters as {dammit.original_encoding}")
    return text


def _is_chrome(tag) -> bool:
    if tag.attrs is None:
        return False
    # "has-sidebar", "no-menu", "with-nav" describe a wrapper's layout, not the wrapper itself
    names = [*(tag.get("class") or []), tag.get("id") or ""]
    words = " ".join(n for n in names if not n.lower().startswith(("has-", "no-", "with-")))
    role = (tag.get("role") or "").lower()
    return role in {"navigation", "banner", "contentinfo", "search", "complementary"} or bool(
        _CHROME_WORDS.search(words)
    )


def _main_content(soup):
    """The element holding the paper: ``<main>``/``<article>``/entry content if present, else ``<body>``."""
    for selector in ("main", "article", ".entry-content", ".post-content", "#content", ".content"):
        found = soup.select_one(selector)
        if found is not None and len(found.get_text(strip=True)) > 200:
            return found
    return soup.body or soup


def _lines(node) -> list[str]:
    """Walk ``node`` and emit text lines: blocks break lines, tables become rows."""
    out: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        line = _SPACES.sub(" ", "".join(buf)).strip()
        if line:
            out.append(line)
        buf.clear()

    def walk(el) -> None:
        for child in el.children:
            if isinstance(child, Comment):
                continue
            name = getattr(child, "name", None)
            if name is None:
                buf.append(str(child))
            elif name == "table":
                flush()
                out.append("")
                out.extend(table_rows(child))
                out.append("")
            elif name == "br":
                flush()
            elif name in BLOCK_TAGS:
                flush()
                walk(child)
                flush()
                if name in {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol"}:
                    out.append("")
            else:
                walk(child)

    walk(node)
    flush()
    return out


def read(path: Path, data: bytes) -> Document:
    """Read an HTML paper into a one-page Document."""
    if not data.strip():
        raise IngestError(path, "empty file: no HTML")
    markup = _decode(data, path)
    if "\x00" in markup[:4096] or not re.search(r"<\s*(html|body|p|div|table|head|title)\b", markup[:65536], re.I):
        raise IngestError(path, "not really HTML: no HTML elements found")
    soup = BeautifulSoup(markup, "lxml")
    title_tag = soup.find("title")
    title = title_tag.get_text(" ", strip=True) if title_tag else None
    for tag in soup.find_all(_CHROME_TAGS):
        tag.decompose()
    body_chars = len((soup.body or soup).get_text(strip=True)) or 1
    for tag in soup.find_all(_is_chrome):
        if tag.decomposed or tag.name in {"body", "html", "main", "article"} or tag.find(["main", "article"]):
            continue
        if len(tag.get_text(strip=True)) > body_chars / 2:
            continue  # a "sidebar" holding most of the page is the page
        tag.decompose()
    content = _main_content(soup)
    h1 = content.find("h1") or soup.find("h1")
    if h1 is not None and h1.get_text(strip=True):
        title = h1.get_text(" ", strip=True)
    text = normalise_blank_lines("\n".join(_lines(content)))
    if not text:
        raise IngestError(path, "empty HTML: no text after removing navigation and scripts")
    published = soup.find("meta", attrs={"property": "article:published_time"})
    modified = soup.find("meta", attrs={"property": "article:modified_time"})
    return Document(
        id=sha256_bytes(data),
        path=str(path),
        format="html",
        pages=(Page(1, text),),
        file_meta=FileMeta(
            title=title or None,
            created=(published.get("content") or "")[:10] or None if published else None,
            modified=(modified.get("content") or "")[:10] or None if modified else None,
        ),
        size=len(data),
    )
