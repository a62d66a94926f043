"""The ``minutebook`` command: a thin click layer over pipeline, index and extract."""

from __future__ import annotations

import calendar
import json
import sys
from datetime import date
from pathlib import Path

import click

import pipeline
from config import Config
from index import KINDS, Filters, FindingFilters, IndexBusy, QuerySyntaxError, Store, catalog
from index import export as exporter
from index.findings import finding_facets
from pipeline import DOC_TYPES, IngestError


class _Group(click.Group):
    """Turns the library's expected failures into one-line errors."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (IndexBusy, catalog.CatalogVersionError) as exc:
            raise click.ClickException(str(exc)) from exc


class UsageProblem(click.ClickException):
    """A problem with what was asked (bad query, bad option value): exit status 2."""

    exit_code = 2


class PartialDate(click.ParamType):
    """YYYY, YYYY-MM or YYYY-MM-DD; ``end`` picks the last day of a year or month."""

    name = "DATE"

    def __init__(self, end: bool = False) -> None:
        self.end = end

    def convert(self, value, param, ctx):
        if isinstance(value, date):
            return value
        parts = str(value).split("-")
        try:
            numbers = [int(p) for p in parts]
            if len(numbers) == 1:
                return date(numbers[0], 12, 31) if self.end else date(numbers[0], 1, 1)
            if len(numbers) == 2:
                last = calendar.monthrange(numbers[0], numbers[1])[1]
                return date(numbers[0], numbers[1], last if self.end else 1)
            if len(numbers) == 3:
                return date(*numbers)
        except (ValueError, TypeError):
            pass
        self.fail(f"{value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD", param, ctx)


def _config(ctx: click.Context) -> Config:
    return ctx.find_object(Config)


def _open_store(config: Config, must_exist: bool = True) -> Store:
    if must_exist and not config.catalog_path.exists():
        raise click.ClickException(
            f"no catalog at {config.catalog_path}: run 'minutebook ingest PATH' first (or set --home)"
        )
    return Store(config.catalog_path, config.index_dir)


def _shown(path: str) -> str:
    """A stored absolute path, relative to the working directory when it lies below it."""
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return path


def _emit_json(data) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--home",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="MINUTEBOOK_HOME",
    help="Folder holding the catalog and index [env MINUTEBOOK_HOME; default ~/.minutebook].",
)
@click.version_option(package_name="minutebook")
@click.pass_context
def main(ctx: click.Context, home: Path | None) -> None:
    """minutebook: ingest, extract and search UK council committee papers."""
    try:
        ctx.obj = Config.from_env(home=home)
    except ValueError as exc:
        raise UsageProblem(str(exc)) from exc


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--workers", "-j", type=click.IntRange(min=1), help="Worker processes [default: all cores].")
@click.option("--prune", is_flag=True, help="Remove papers whose files under PATHS are gone.")
@click.option(
    "--meta",
    "meta_pairs",
    multiple=True,
    metavar="KEY=VALUE",
    help="Set metadata on every paper of this run: councils, committee, doc_type, date, title.",
)
@click.option("--force", is_flag=True, help="Read and extract every file again, even unchanged ones.")
@click.option("--retry-failed", is_flag=True, help="Try again files that failed before and have not changed.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.pass_context
def ingest(ctx, paths, workers, prune, meta_pairs, force, retry_failed, quiet):
    """Ingest papers (PDF, HTML, text) from files and folders, recursively.

    Unchanged files are skipped, changed files replace their old version.
    Exit status 1 when any file failed; 'minutebook failures' lists why.
    """
    config = _config(ctx)
    if workers:
        config = Config.from_env(home=config.home, workers=workers)
    try:
        overrides = pipeline.parse_meta(meta_pairs)
    except ValueError as exc:
        raise UsageProblem(str(exc)) from exc
    bar = None

    def on_total(total: int) -> None:
        nonlocal bar
        if not quiet and total and sys.stderr.isatty():
            bar = click.progressbar(length=total, label="Reading", file=sys.stderr, show_pos=True, show_eta=True)
            bar.__enter__()

    def progress(path: str) -> None:
        if bar is not None:
            bar.update(1)

    try:
        report = pipeline.ingest(
            config,
            paths,
            prune=prune,
            overrides=overrides,
            force=force,
            retry_failed=retry_failed,
            progress=progress,
            on_total=on_total,
        )
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    for path, reason in report.failed:
        click.echo(f"failed: {_shown(path)}: {reason}", err=True)
    for path, owner in report.duplicates:
        click.echo(f"duplicate: {_shown(path)} (same content as {_shown(owner)})", err=True)
    click.echo(f"{report.summary()}; {report.pages} pages read.")
    if report.interrupted:
        click.echo("Interrupted: finished papers are saved. Run the same command again to resume.", err=True)
        sys.exit(130)
    if report.failed:
        sys.exit(1)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def failures(ctx, as_json):
    """List every file whose last ingest failed, with the reason."""
    rows = pipeline.failures(_config(ctx))
    if as_json:
        _emit_json([{"path": r.path, "reason": r.reason} for r in rows])
        return
    if not rows:
        click.echo("No failures.")
        return
    for row in rows:
        click.echo(f"{_shown(row.path)}\n    {row.reason}")
    click.echo(f"{len(rows)} failed file(s).")


@main.command()
@click.argument("query")
@click.option("--council", multiple=True, help="Only papers of councils whose name contains this (repeatable).")
@click.option("--committee", multiple=True, help="Only papers of committees whose name contains this.")
@click.option("--type", "doc_types", multiple=True, type=click.Choice(DOC_TYPES), help="Only this document type.")
@click.option("--from", "date_from", type=PartialDate(), help="Papers dated on or after (YYYY[-MM[-DD]]).")
@click.option("--to", "date_to", type=PartialDate(end=True), help="Papers dated on or before (YYYY[-MM[-DD]]).")
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True)
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True, help="Hits per page.")
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (hits and facet counts).")
@click.pass_context
def search(ctx, query, council, committee, doc_types, date_from, date_to, sort, limit, page, as_json):
    """Full-text search of papers, with facet counts.

    QUERY uses Whoosh syntax: words (stemmed), "exact phrases", AND/OR/NOT,
    wildcards (budg*), fields (title:, council:, committee:, doc_type:).
    """
    filters = Filters(tuple(council), tuple(committee), tuple(doc_types), date_from, date_to)
    with _open_store(_config(ctx)) as store:
        try:
            results = store.search(query, filters=filters, sort=sort, limit=limit, page=page)
        except QuerySyntaxError as exc:
            raise UsageProblem(str(exc)) from exc
        except LookupError as exc:
            raise UsageProblem(str(exc)) from exc
    if as_json:
        _emit_json(
            {
                "query": results.query,
                "total": results.total,
                "page": results.page,
                "limit": results.limit,
                "hits": [hit.__dict__ for hit in results.hits],
                "facets": results.facets,
            }
        )
        return
    first = (results.page - 1) * results.limit + 1
    shown = f" (showing {first}-{first + len(results.hits) - 1})" if results.hits else ""
    click.echo(f"{results.total} paper(s) match {query!r}{shown}")
    for n, hit in enumerate(results.hits, first):
        label = " · ".join(x for x in (hit.doc_type, hit.date) if x)
        click.echo(f"\n{n}. {hit.title or Path(hit.path).name}  [{label}]")
        who = "; ".join(hit.councils)
        if hit.committee:
            who = f"{who} · {hit.committee}" if who else hit.committee
        if who:
            click.echo(f"   {who}")
        click.echo(f"   {_shown(hit.path)}  page {hit.page}  id {hit.paper_id[:12]}")
        click.echo(f"   {hit.snippet}")
    if results.total:
        click.echo("\nFacets:")
        for name, counts in results.facets.items():
            click.echo(f"  {name}: " + ", ".join(f"{k} ({v})" for k, v in list(counts.items())[:8]))


@main.command()
@click.argument("paper_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def show(ctx, paper_id, as_json):
    """Print a paper's metadata and its text, page by page (PAPER_ID may be a prefix)."""
    with _open_store(_config(ctx)) as store:
        try:
            paper = catalog.paper_by_prefix(store.conn, paper_id)
        except LookupError as exc:
            raise UsageProblem(str(exc)) from exc
        if paper is None:
            raise click.ClickException(f"no paper with id {paper_id!r}; 'minutebook search' shows ids")
        pages = catalog.pages(store.conn, paper.id)
    if as_json:
        _emit_json({**paper.__dict__, "pages": [{"number": n, "text": t} for n, t in pages]})
        return
    click.echo(f"id:        {paper.id}")
    click.echo(f"title:     {paper.title or ''}")
    click.echo(f"path:      {paper.path}")
    click.echo(f"councils:  {'; '.join(paper.councils)}")
    click.echo(f"committee: {paper.committee or ''}")
    click.echo(f"type:      {paper.doc_type or ''}")
    click.echo(f"date:      {paper.date or ''}")
    click.echo(f"pages:     {paper.page_count}   words: {paper.word_count}   format: {paper.format}")
    for number, text in pages:
        click.echo(f"\n--- page {number} ---\n{text}")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def stats(ctx, as_json):
    """Summarise the catalog: papers, pages, words, findings, failures."""
    with _open_store(_config(ctx)) as store:
        numbers = catalog.stats(store.conn)
    if as_json:
        _emit_json(numbers)
        return
    click.echo(f"papers:     {numbers['papers']}  ({', '.join(f'{k} {v}' for k, v in numbers['by_format'].items())})")
    click.echo(f"pages:      {numbers['pages']}")
    click.echo(f"words:      {numbers['words']:,}")
    click.echo(f"types:      {', '.join(f'{k} {v}' for k, v in numbers['by_type'].items())}")
    low, high = numbers["dates"]
    click.echo(f"dates:      {low or '-'} to {high or '-'}")
    click.echo(f"findings:   {', '.join(f'{k} {v}' for k, v in numbers['findings'].items()) or 'none'}")
    click.echo(f"failed:     {numbers['failed_files']}   duplicates: {numbers['duplicate_files']}")


@main.command()
@click.option("--repair", is_flag=True, help="Reindex what is missing and drop what is stale.")
@click.pass_context
def check(ctx, repair):
    """Verify that the index holds exactly the catalog's papers and findings (exit 1 if not)."""
    from index.check import check as run_check

    with _open_store(_config(ctx)) as store:
        report = run_check(store, repair=repair)
    click.echo(f"catalog: {report.papers} paper(s); index: {report.records} record(s)")
    for label, keys in (
        ("missing from index", report.missing),
        ("stale in index", report.stale),
        ("duplicated in index", report.duplicated),
        ("index commit incomplete", report.unmarked),
        ("papers no file stands for", report.orphaned),
    ):
        if keys:
            click.echo(f"{label}: {len(keys)}  e.g. {', '.join(keys[:3])}")
    if report.ok:
        click.echo("OK: catalog and index agree.")
        return
    if repair:
        click.echo(f"Repaired: reindexed {report.repaired_papers} paper(s), dropped {report.dropped_papers}.")
        return
    click.echo("Run 'minutebook check --repair' to fix.")
    sys.exit(1)


@main.command()
@click.pass_context
def reindex(ctx):
    """Rebuild the search index from the catalog."""
    with _open_store(_config(ctx)) as store:
        count = store.reindex()
    click.echo(f"Reindexed {count} paper(s).")


FINDING_COLUMNS = (
    "kind",
    "text",
    "value",
    "savings",
    "period",
    "fiscal_year",
    "start",
    "end",
    "ref",
    "minute",
    "part",
    "desired_outcome",
    "target_date",
    "lead_officer",
    "resources",
    "service_response",
    "status",
    "moved_by",
    "seconded_by",
    "page",
    "paper",
    "paper_date",
    "council",
    "committee",
    "path",
    "paper_id",
)
FINDING_TABLE = (
    "kind",
    "text",
    "value",
    "savings",
    "fiscal_year",
    "start",
    "end",
    "ref",
    "minute",
    "part",
    "paper",
    "page",
)
RECOMMENDATION_COLUMNS = (
    "ref",
    "text",
    "desired_outcome",
    "target_date",
    "lead_officer",
    "resources",
    "service_response",
    "status",
    "paper",
    "page",
    "paper_date",
    "council",
    "committee",
    "path",
)
RECOMMENDATION_TABLE = ("ref", "text", "target_date", "lead_officer", "status", "paper", "page")


def _paper_filter_options(command):
    for option in reversed(
        [
            click.option("--council", multiple=True, help="Only papers of councils whose name contains this."),
            click.option("--committee", multiple=True, help="Only papers of committees whose name contains this."),
            click.option(
                "--type", "doc_types", multiple=True, type=click.Choice(DOC_TYPES), help="Only this paper type."
            ),
            click.option("--from", "date_from", type=PartialDate(), help="Papers dated on or after (YYYY[-MM[-DD]])."),
            click.option("--to", "date_to", type=PartialDate(end=True), help="Papers dated on or before."),
            click.option("--format", "fmt", type=click.Choice(exporter.FORMATS), default="table", show_default=True),
            click.option(
                "--output",
                "-o",
                type=click.Path(dir_okay=False, path_type=Path),
                help="Write to this file (needed for xlsx).",
            ),
            click.option("--limit", type=click.IntRange(min=0), default=0, help="At most this many rows (0: all)."),
        ]
    ):
        command = option(command)
    return command


def _write_rows(rows: list[dict], fmt: str, output: Path | None, preferred, table_columns, sheet: str) -> None:
    if fmt == "table":
        columns = [c for c in table_columns if any(r.get(c) not in (None, "") for r in rows)] or ["text"]
    else:
        columns = exporter.columns_of(rows, preferred) or list(preferred)
    if fmt == "xlsx" and output is None:
        raise UsageProblem("--format xlsx needs --output FILE.xlsx")
    try:
        if fmt == "xlsx":
            exporter.write_xlsx(rows, columns, output, sheet=sheet)
        else:
            text = {"csv": exporter.to_csv, "json": exporter.to_json, "table": exporter.to_table}[fmt](rows, columns)
            if output is None:
                click.echo(text)
                return
            output.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from exc
    click.echo(f"Wrote {len(rows)} row(s) to {output}")


def _query_findings(ctx, query, filters: FindingFilters, limit: int):
    with _open_store(_config(ctx)) as store:
        try:
            return store.findings(query or None, filters=filters, limit=limit or None)
        except (QuerySyntaxError, LookupError) as exc:
            raise UsageProblem(str(exc)) from exc


@main.command()
@click.argument("query", required=False)
@click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS), help="Only this kind of finding.")
@click.option("--savings/--not-savings", default=None, help="Only amounts presented (or not) as savings.")
@click.option("--min-amount", type=float, help="Only amounts of at least this many pounds.")
@click.option("--max-amount", type=float, help="Only amounts of at most this many pounds.")
@click.option("--fiscal-year", "fiscal_years", multiple=True, help="Only amounts tied to this year (2015/16).")
@click.option("--ref", "refs", multiple=True, help="Only this recommendation ref or resolution minute/part.")
@click.option(
    "--lead-officer", "lead_officers", multiple=True, help="Only recommendations whose lead officer has these words."
)
@_paper_filter_options
@click.pass_context
def findings(
    ctx,
    query,
    kinds,
    savings,
    min_amount,
    max_amount,
    fiscal_years,
    refs,
    lead_officers,
    council,
    committee,
    doc_types,
    date_from,
    date_to,
    fmt,
    output,
    limit,
):
    """List extracted findings (money, dates, recommendations, resolutions) with filters; export them.

    QUERY (optional) searches the findings' text in Whoosh syntax.
    """
    paper = Filters(tuple(council), tuple(committee), tuple(doc_types), date_from, date_to)
    filters = FindingFilters(
        kinds=tuple(kinds),
        savings=savings,
        min_amount=min_amount,
        max_amount=max_amount,
        fiscal_years=tuple(fiscal_years),
        refs=tuple(refs),
        lead_officers=tuple(lead_officers),
        paper=paper,
    )
    hits = _query_findings(ctx, query, filters, 0)
    shown = hits[:limit] if limit else hits
    _write_rows([h.row() for h in shown], fmt, output, FINDING_COLUMNS, FINDING_TABLE, "findings")
    if fmt == "table" and output is None and hits:
        click.echo(f"\n{len(shown)} of {len(hits)} finding(s). Facets:")
        for name, counts in finding_facets(hits).items():
            click.echo(f"  {name}: " + ", ".join(f"{k} ({v})" for k, v in list(counts.items())[:6]))


@main.command()
@click.argument("query", required=False)
@_paper_filter_options
@click.pass_context
def recommendations(ctx, query, council, committee, doc_types, date_from, date_to, fmt, output, limit):
    """Export the recommendation table: ref, text, desired outcome, target date, lead officer, status, paper, page."""
    paper = Filters(tuple(council), tuple(committee), tuple(doc_types), date_from, date_to)
    hits = _query_findings(ctx, query, FindingFilters(kinds=("recommendation",), paper=paper), limit)
    rows = [h.row() for h in hits]
    _write_rows(rows, fmt, output, RECOMMENDATION_COLUMNS, RECOMMENDATION_TABLE, "recommendations")


@main.command("extract")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="json", show_default=True)
def extract_command(path, fmt):
    """Extract findings from one file without ingesting it: meta, money, dates, recommendations, resolutions."""
    try:
        findings = pipeline.extract_file(path)
    except IngestError as exc:
        raise click.ClickException(str(exc)) from exc
    data = findings.to_dict()
    if fmt == "json":
        _emit_json(data)
        return
    meta = data["meta"]
    click.echo(f"title:     {meta['title'] or ''}")
    click.echo(f"councils:  {'; '.join(meta['councils'])}")
    click.echo(f"committee: {meta['committee'] or ''}")
    click.echo(f"type:      {meta['doc_type'] or ''}    date: {meta['date'] or ''}")
    tables = {
        "money": ("text", "value", "savings", "period", "fiscal_year", "page"),
        "dates": ("text", "start", "end", "page"),
        "recommendations": ("ref", "text", "target_date", "lead_officer", "status", "page"),
        "resolutions": ("minute", "part", "text", "moved_by", "seconded_by", "page"),
    }
    for kind, columns in tables.items():
        click.echo(f"\n{kind} ({len(data[kind])})")
        if data[kind]:
            click.echo(exporter.to_table(data[kind], columns, width=50))


if __name__ == "__main__":
    main()
