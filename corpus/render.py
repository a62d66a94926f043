"""Render the seed papers to PDF (reportlab, with real tables) and to HTML pages with site chrome.

The rendered files exercise the PDF and HTML readers on text whose source is known.
Run with `make corpus`; output is committed so a user's clone needs no reportlab.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from ingest.text import clean_inline_markup  # noqa: E402

SEED = HERE / "seed"
OUT = HERE / "rendered"


def blocks(text: str) -> list[tuple[str, list[str]]]:
    """Split cleaned seed text into ("para", [line]) and ("table", [row, ...]) blocks."""
    out: list[tuple[str, list[str]]] = []
    for chunk in re.split(r"\n\s*\n", text):
        lines = [ln for ln in chunk.splitlines() if ln.strip()]
        if not lines:
            continue
        if all("\t" in ln for ln in lines):
            if out and out[-1][0] == "table":
                out[-1][1].extend(lines)
            else:
                out.append(("table", lines))
        else:
            out.extend(("para", [ln]) for ln in lines)
    return out


def render_pdf(title: str, text: str, target: Path) -> None:
    """A multi-page A4 PDF with paragraphs and gridded tables."""
    from reportlab import rl_config
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    rl_config.invariant = 1  # fixed dates and ids: the same text renders to the same bytes
    styles = getSampleStyleSheet()
    body, small = styles["BodyText"], styles["BodyText"].clone("small", fontSize=7, leading=8.5)
    has_wide_table = any(kind == "table" and max(r.count("\t") for r in rows) >= 4 for kind, rows in blocks(text))
    size = landscape(A4) if has_wide_table else A4
    doc = SimpleDocTemplate(
        str(target),
        pagesize=size,
        title=title,
        author="minutebook corpus",
        leftMargin=1.5 * cm,
        rightMargin=1.5 * cm,
        topMargin=1.5 * cm,
        bottomMargin=1.5 * cm,
    )
    story = []
    width = size[0] - 3 * cm
    for kind, lines in blocks(text):
        if kind == "para":
            story.append(Paragraph(html.escape(lines[0]), body))
            continue
        cells = [[Paragraph(html.escape(c), small) for c in row.split("\t")] for row in lines]
        columns = max(len(r) for r in cells)
        cells = [r + [""] * (columns - len(r)) for r in cells]
        table = Table(cells, colWidths=[width / columns] * columns, repeatRows=0)
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story += [table, Spacer(1, 6)]
    doc.build(story, onFirstPage=_page_number, onLaterPages=_page_number)


def _page_number(canvas, doc) -> None:
    canvas.setFont("Helvetica", 8)
    canvas.drawRightString(doc.pagesize[0] - 40, 20, f"Page {doc.page}")


def render_html(title: str, text: str, target: Path) -> None:
    """An HTML page with navigation, header, footer and a script around the paper."""
    parts = []
    for n, (kind, lines) in enumerate(blocks(text)):
        if n == 0 and kind == "para":
            parts.append(f"<h1>{html.escape(lines[0])}</h1>")
        elif kind == "para":
            parts.append(f"<p>{html.escape(lines[0])}</p>")
        else:
            rows = "".join(
                "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row.split("\t")) + "</tr>" for row in lines
            )
            parts.append(f"<table>{rows}</table>")
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<script>window.analytics = "site chrome that must not be indexed";</script>
<style>body {{ font-family: sans-serif; }}</style></head>
<body>
<header class="site-header"><a href="/">Council website home</a></header>
<nav class="menu"><ul><li><a href="/meetings">Meetings</a></li><li><a href="/papers">Papers</a></li></ul></nav>
<main><article>
{chr(10).join(parts)}
</article></main>
<footer class="site-footer">Cookie policy · Accessibility statement</footer>
</body></html>
"""
    target.write_text(page, encoding="utf-8")


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for source in sorted(SEED.glob("*.txt")):
        text = clean_inline_markup(source.read_text(encoding="utf-8"))
        title = next(ln for ln in text.splitlines() if ln.strip())
        render_pdf(title, text, OUT / f"{source.stem}.pdf")
        render_html(title, text, OUT / f"{source.stem}.html")
        print(f"rendered {source.name} -> {source.stem}.pdf, {source.stem}.html")


if __name__ == "__main__":
    main()
