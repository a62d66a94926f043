"""Readers: real papers in, pages and metadata out; bad files give specific reasons."""

from __future__ import annotations

import pickle
import re

import pytest
from conftest import BROKEN, GARBLED, REAL, RENDERED, SCANNED, SEED

from ingest import CELL_SEP, IngestError, read_bytes, read_document
from ingest.quality import garbled_pages
from ingest.text import clean_inline_markup


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def test_pdf_reader_keeps_pages_and_plain_metadata():
    doc = read_document(REAL / "kent_cc_cabinet_2025-01-30_printed_minutes.pdf")
    assert doc.format == "pdf"
    assert [p.number for p in doc.pages] == list(range(1, 18))
    assert "MINUTES of a meeting of the Cabinet" in doc.pages[0].text
    assert doc.file_meta.title == "Minutes"
    assert doc.file_meta.modified == "2025-02-24"
    # pypdf hands back indirect objects in some info dictionaries; nothing of pypdf may leave the reader
    pickle.loads(pickle.dumps(doc))
    assert all(type(v) in (str, type(None)) for v in vars(doc.file_meta).values())


def test_pdf_layout_mode_keeps_table_rows_on_one_line():
    doc = read_document(RENDERED / "004_f7d74ed9afe85064.pdf")
    header = next(line for p in doc.pages for line in p.text.splitlines() if line.startswith("PERFORM Code"))
    assert re.search(r"Recommendation\s{2,}Desired Outcome\s{2,}Target Date\s{2,}Lead Officer", header)


@pytest.mark.parametrize("stem", ["000_b4d980f979710afc", "002_47a36f0c17e328dd", "003_8f16a2afca2d7165"])
def test_rendered_seed_pdf_reads_back_its_source(stem):
    source = clean_inline_markup((SEED / f"{stem}.txt").read_text(encoding="utf-8"))
    doc = read_document(RENDERED / f"{stem}.pdf")
    text = re.sub(r"Page \d+", " ", doc.text)  # the page-number stamp the renderer adds
    assert _words(text) == _words(source)


def test_rendered_seed_html_reads_back_its_source_without_site_chrome():
    stem = "004_f7d74ed9afe85064"
    source = clean_inline_markup((SEED / f"{stem}.txt").read_text(encoding="utf-8"))
    doc = read_document(RENDERED / f"{stem}.html")
    assert "analytics" not in doc.text and "Cookie policy" not in doc.text and "Meetings" not in doc.text
    assert _words(doc.text) == _words(source)
    rows = [line for line in doc.text.splitlines() if line.startswith("CS&TSc17/18 2.2")]
    assert len(rows) == 1 and rows[0].count(CELL_SEP) == 6


def test_html_reader_real_minutes():
    doc = read_document(REAL / "stokeferry_pc_minutes_2020-12_meeting.html")
    assert doc.format == "html" and len(doc.pages) == 1
    assert doc.file_meta.title == "Stoke Ferry Parish Council Meeting December"
    assert "RESOLVED: That the minutes of the Ordinary Meeting held on 11 November 2020 be approved" in doc.text


def test_html_tables_become_tab_separated_rows():
    doc = read_document(REAL / "boughton_pc_agm_2013-05-03_table_layout.html")
    assert "Date held:\t3rd May 2013\tVenue:\tAll Saints, Boughton" in doc.text  # 3<sup>rd</sup>


def test_text_reader_strips_inline_markup():
    doc = read_document(SEED / "002_47a36f0c17e328dd.txt")
    assert doc.format == "text"
    assert "1st March 2011" in doc.text and "<sup>" not in doc.text and "**" not in doc.text


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        pytest.param("1<sup>st</sup> April", "1st April", id="superscript"),
        pytest.param("**RESOLVED** that", "RESOLVED that", id="bold"),
        pytest.param("a &amp; b", "a & b", id="entity"),
        pytest.param("A\t<p>one</p><p>two</p>\tB", "A\tone two\tB", id="cell-paragraphs"),
        pytest.param("<table><tr><td>x</td><td>£1</td></tr></table>", "x\t£1", id="table"),
        pytest.param(
            "Jane <jane@kent.gov.uk>, see <https://x.gov.uk>",
            "Jane <jane@kent.gov.uk>, see <https://x.gov.uk>",
            id="email-and-url-kept",
        ),
        pytest.param("if cost<budget and spend>forecast", "if cost<budget and spend>forecast", id="comparisons-kept"),
    ],
)
def test_clean_inline_markup(markup, expected):
    assert clean_inline_markup(markup) == expected


def test_magic_bytes_win_over_extension(tmp_path):
    pdf_bytes = (RENDERED / "002_47a36f0c17e328dd.pdf").read_bytes()
    assert read_bytes(tmp_path / "paper.html", pdf_bytes).format == "pdf"
    html_bytes = (REAL / "northwold_pc_minutes_2014-10-07.html").read_bytes()
    assert read_bytes(tmp_path / "paper.txt", html_bytes).format == "html"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        pytest.param(SCANNED, "no text layer: probably a scanned image; run OCR first", id="scanned"),
        pytest.param(GARBLED, "unreadable text layer: garbled font encoding on 1 of 1 pages", id="garbled"),
        pytest.param(
            BROKEN / "encrypted_password.pdf", "encrypted PDF: a password is needed to open it", id="encrypted"
        ),
        pytest.param(
            BROKEN / "truncated.pdf", "truncated PDF: file ends before the end-of-file marker", id="truncated"
        ),
        pytest.param(BROKEN / "zero_bytes.pdf", "empty file: 0 bytes", id="empty"),
        pytest.param(BROKEN / "png_named.pdf", "not really a PDF: the file is a PNG image", id="png-as-pdf"),
        pytest.param(BROKEN / "zip_named.pdf", "not really a PDF: the file is a ZIP archive", id="zip-as-pdf"),
        pytest.param(BROKEN / "junk.html", "not really HTML: binary data (NUL bytes)", id="junk-html"),
        pytest.param(BROKEN / "binary_junk.txt", "undecodable text: binary data (NUL bytes)", id="junk-text"),
    ],
)
def test_bad_input_gets_a_specific_reason(path, reason):
    with pytest.raises(IngestError) as caught:
        read_document(path)
    assert caught.value.reason.startswith(reason)
    assert str(caught.value).startswith(str(path))


def test_encrypted_pdf_with_empty_password_just_opens():
    assert "STRATEGIC ALLIANCE" in read_document(BROKEN / "encrypted_empty_password.pdf").text


def test_html_without_charset_in_cp1252_and_with_bom():
    assert "£1,250 for the café – “resolved”" in read_document(BROKEN / "cp1252_no_charset.html").text
    doc = read_document(BROKEN / "utf8_bom.html")
    assert doc.file_meta.title == "Agenda" and "\ufeff" not in doc.text


def test_limits_and_missing_files(tmp_path):
    with pytest.raises(IngestError, match="too large: .* bytes"):
        read_document(REAL / "kent_cc_cabinet_2025-01-30_printed_minutes.pdf", max_bytes=1000)
    with pytest.raises(IngestError, match=r"too many pages: 17 \(limit 5\)"):
        read_document(REAL / "kent_cc_cabinet_2025-01-30_printed_minutes.pdf", max_pages=5)
    with pytest.raises(IngestError, match="file not found"):
        read_document(tmp_path / "gone.pdf")


def test_garbled_check_spares_numeric_budget_tables():
    budget = read_document(REAL / "kent_cc_three_year_revenue_plan_appendix_d.pdf")
    assert not any(garbled_pages([p.text for p in budget.pages]))
    table = "\n".join(f"Line {i}   £000   {i * 1234:,}   ({i * 56:,})   {i}.5%" for i in range(60))
    assert garbled_pages([table]) == [False]
    assert garbled_pages(["!%!! #$ +/54'30(4*'#34''4+/)0/4*#2%* " * 30]) == [True]
    assert garbled_pages(["Wkh Frxqflo djuhhg wr wkh exgjhw iru qhaw bhdu " * 10]) == [True]
    assert garbled_pages(["short"]) == [None]


def test_layout_wrapper_classes_are_not_site_chrome():
    body = b"<p>" + b"Minutes of the parish council meeting. " * 20 + b"</p>"
    page = b'<html><body><div id="page" class="site has-sidebar no-menu">' + body + b"</div>"
    page += b'<div class="sidebar">Latest news links</div></body></html>'
    doc = read_bytes("wrapped.html", page)
    assert doc.text.startswith("Minutes of the parish council meeting.") and "Latest news" not in doc.text
